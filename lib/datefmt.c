/*
 * datefmt: dates and times of exported records (see datefmt.h).
 */
#include <string.h>
#include <strings.h>

#include "datefmt.h"
#include "tm.h"

struct dparts {
	struct civil c;
	int have_time, have_zone, pm, am, h12;
	int32_t off; /* seconds east of UTC, with have_zone */
};

/* n1..n2 digits at *p; the value, or -1. */
static int num(const char **p, const char *e, int n1, int n2)
{
	int v = 0, k = 0;

	while (*p < e && k < n2 && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k >= n1 ? v : -1;
}

static const char *const months[12] = {
    "january", "february", "march",	"april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

/* English month name (full or first three letters). */
static int month_name(const char **p, const char *e)
{
	int i;

	for (i = 0; i < 12; i++) {
		size_t n = strlen(months[i]);
		if ((size_t)(e - *p) >= n && !strncasecmp(*p, months[i], n)) {
			*p += n;
			return i + 1;
		}
	}
	for (i = 0; i < 12; i++)
		if (e - *p >= 3 && !strncasecmp(*p, months[i], 3)) {
			*p += 3;
			return i + 1;
		}
	return -1;
}

static int frac(const char **p, const char *e, struct dparts *d)
{
	int scale = 100, k = 0;

	d->c.ms = 0;
	while (*p < e && **p >= '0' && **p <= '9') {
		if (k < 3)
			d->c.ms += (**p - '0') * scale;
		else if (**p != '0')
			return -1;
		scale /= 10;
		(*p)++;
		k++;
	}
	return k ? 0 : -1;
}

static int zone(const char **p, const char *e, struct dparts *d)
{
	int sign, h, m = 0;

	if (*p < e && **p == 'Z') {
		(*p)++;
		d->have_zone = 1;
		d->off = 0;
		return 0;
	}
	if (*p >= e || (**p != '+' && **p != '-'))
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if ((h = num(p, e, 2, 2)) < 0 || h > 18)
		return -1;
	if (*p < e && **p == ':')
		(*p)++;
	if (*p < e && **p >= '0' && **p <= '9' && (m = num(p, e, 2, 2)) < 0)
		return -1;
	if (m > 59)
		return -1;
	d->have_zone = 1;
	d->off = sign * (h * 3600 + m * 60);
	return 0;
}

static int by_layout(const char *f, const char *s, const char *e,
		     struct dparts *d)
{
	const char *p = s;
	int v;

	for (; *f; f++) {
		if (*f == ' ') {
			if (p >= e || *p != ' ')
				return -1;
			while (p < e && *p == ' ')
				p++;
			continue;
		}
		if (*f != '%') {
			if (p >= e || *p != *f)
				return -1;
			p++;
			continue;
		}
		switch (*++f) {
		case 'Y':
			v = num(&p, e, 4, 4);
			d->c.year = v;
			break;
		case 'y':
			v = num(&p, e, 2, 2);
			d->c.year = v < 0 ? -1 : v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			v = d->c.mon = num(&p, e, 1, 2);
			break;
		case 'd':
			v = d->c.day = num(&p, e, 1, 2);
			break;
		case 'H':
			v = d->c.hour = num(&p, e, 1, 2);
			d->have_time = 1;
			break;
		case 'I':
			v = d->c.hour = num(&p, e, 1, 2);
			d->have_time = d->h12 = 1;
			if (v == 0 || v > 12)
				return -1;
			break;
		case 'M':
			v = d->c.min = num(&p, e, 1, 2);
			break;
		case 'S':
			v = d->c.sec = num(&p, e, 1, 2);
			break;
		case 'T':
			v = d->c.hour = num(&p, e, 1, 2);
			if (v < 0 || p >= e || *p++ != ':' ||
			    (d->c.min = num(&p, e, 1, 2)) < 0 || p >= e ||
			    *p++ != ':' || (d->c.sec = num(&p, e, 1, 2)) < 0)
				return -1;
			d->have_time = 1;
			break;
		case 'b':
		case 'B':
			v = d->c.mon = month_name(&p, e);
			break;
		case 'p':
			if (e - p < 2)
				return -1;
			if (!strncasecmp(p, "AM", 2))
				d->am = 1;
			else if (!strncasecmp(p, "PM", 2))
				d->pm = 1;
			else
				return -1;
			p += 2;
			v = 0;
			break;
		case 'f':
			v = frac(&p, e, d);
			break;
		case 'z':
			v = zone(&p, e, d);
			break;
		case '%':
			v = p < e && *p == '%' ? (p++, 0) : -1;
			break;
		default:
			return -1;
		}
		if (v < 0)
			return -1;
	}
	if (p != e)
		return -1;
	if (d->h12 && d->c.hour == 12)
		d->c.hour = 0;
	if (d->pm)
		d->c.hour += 12;
	return 0;
}

/* YYYY-MM-DD or YYYY/MM/DD, then optionally [T ]HH:MM[:SS[.fff]][zone]. */
static int builtin(const char *s, const char *e, struct dparts *d)
{
	const char *p = s;
	char sep;

	if ((d->c.year = num(&p, e, 4, 4)) < 0 || p >= e ||
	    (*p != '-' && *p != '/'))
		return -1;
	sep = *p++;
	if ((d->c.mon = num(&p, e, 1, 2)) < 0 || p >= e || *p++ != sep ||
	    (d->c.day = num(&p, e, 1, 2)) < 0)
		return -1;
	if (p == e)
		return 0;
	if (*p != 'T' && *p != ' ')
		return -1;
	p++;
	if ((d->c.hour = num(&p, e, 1, 2)) < 0 || p >= e || *p++ != ':' ||
	    (d->c.min = num(&p, e, 2, 2)) < 0)
		return -1;
	d->have_time = 1;
	if (p < e && *p == ':') {
		p++;
		if ((d->c.sec = num(&p, e, 2, 2)) < 0)
			return -1;
		if (p < e && *p == '.') {
			p++;
			if (frac(&p, e, d))
				return -1;
		}
	}
	if (p < e && zone(&p, e, d))
		return -1;
	return p == e ? 0 : -1;
}

/* A spreadsheet serial: days since 1899-12-30, with a fraction of a day. */
static int serial(const char *s, const char *e, int64_t *t)
{
	const char *p = s;
	int64_t days = 0, fr = 0, scale = 1;
	int k = 0;

	while (p < e && *p >= '0' && *p <= '9' && k < 7) {
		days = days * 10 + (*p++ - '0');
		k++;
	}
	if (!k || days < 1 || days > 2958465)
		return -1;
	if (p < e && *p == '.') {
		for (p++; p < e && *p >= '0' && *p <= '9' && scale < 1000000000;
		     p++) {
			fr = fr * 10 + (*p - '0');
			scale *= 10;
		}
	}
	if (p != e)
		return -1;
	*t =
	    (days - 25569) * 86400000LL + (fr * 86400000LL + scale / 2) / scale;
	return 0;
}

int datefmt_parse(const char *fmt, const char *s, size_t len, int64_t *t,
		  int *date_only, const char **why)
{
	struct dparts d;
	const char *e = s + len;
	int64_t local;

	memset(&d, 0, sizeof(d));
	*why = "is not a date";
	if (fmt ? by_layout(fmt, s, e, &d) : builtin(s, e, &d)) {
		if (fmt || memchr(s, '-', len) || memchr(s, '/', len) ||
		    serial(s, e, t) < 0)
			return -1;
		/* a serial is local time */
		struct civil c;
		tm_to_civil(*t, &c);
		if (tz_local_to_utc(&c, t) != TZ_OK) {
			*why = "is not a local time of the zone (DST change)";
			return -1;
		}
		if (date_only)
			*date_only = c.hour == 0 && c.min == 0 && c.sec == 0 &&
				     c.ms == 0;
		return 0;
	}
	if (d.c.mon == 0 && d.c.day == 0 && d.c.year == 0)
		return -1;
	if (!tm_civil_valid(&d.c))
		return -1;
	if (date_only)
		*date_only = !d.have_time;
	if (d.have_zone) {
		*t = tm_from_civil(&d.c) - (int64_t)d.off * 1000;
		return 0;
	}
	if (tz_local_to_utc(&d.c, &local) != TZ_OK) {
		*why = "is not a local time of the zone (DST change)";
		return -1;
	}
	*t = local;
	return 0;
}

int64_t datefmt_local_day(int64_t t)
{
	struct civil c;

	tz_utc_to_local(t, &c);
	return tm_days_from_civil(c.year, c.mon, c.day);
}

int64_t datefmt_day_start(int64_t d)
{
	struct civil c;
	int64_t t;

	memset(&c, 0, sizeof(c));
	tm_civil_from_days(d, &c.year, &c.mon, &c.day);
	/* a midnight skipped by DST: the day starts at the first instant */
	if (tz_local_to_utc(&c, &t) == TZ_NONEXISTENT) {
		c.hour = 1;
		tz_local_to_utc(&c, &t);
	}
	return t;
}
