/*
 * date: dates and times as people and spreadsheets write them (see
 * date.h). One small strptime-like engine reads both --date-format and
 * the built-in forms, so that every tool reads a date the same way.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "date.h"

#define DAY_MS 86400000LL

static const char *const month_names[12] = {
    "january", "february", "march",	"april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};
static const char *const day_names[7] = {
    "monday", "tuesday",  "wednesday", "thursday",
    "friday", "saturday", "sunday",
};

/* What has been read so far. */
struct rd {
	int y, mon, d, hour, hour12, min, sec, ms, pm;
	int have_y, have_mon, have_d, have_hour12, have_time;
	int has_zone, has_epoch;
	int32_t off;
	int64_t epoch_ms;
};

/* Between lo and hi decimal digits; 0, or -1 if fewer than lo. */
static int digits(const char **p, const char *end, int lo, int hi, int *v)
{
	int n = 0, x = 0;

	while (*p < end && n < hi && isdigit((unsigned char)**p)) {
		x = x * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*v = x;
	return n >= lo ? 0 : -1;
}

/*
 * An English name from names[] (any case): the whole name, or its first
 * three letters. Returns its index, or -1.
 */
static int name(const char **p, const char *end, const char *const *names,
		int n)
{
	int i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if ((size_t)(end - *p) >= len &&
		    !strncasecmp(*p, names[i], len)) {
			*p += len;
			return i;
		}
	}
	for (i = 0; i < n; i++)
		if (end - *p >= 3 && !strncasecmp(*p, names[i], 3)) {
			*p += 3;
			return i;
		}
	return -1;
}

/* Z, +HH, +HHMM or +HH:MM (also with -). */
static int zone(const char **p, const char *end, struct rd *r)
{
	int h, m = 0, sign;

	if (*p < end && (**p == 'Z' || **p == 'z')) {
		(*p)++;
		r->has_zone = 1;
		r->off = 0;
		return 0;
	}
	if (*p >= end || (**p != '+' && **p != '-'))
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, end, 2, 2, &h))
		return -1;
	if (*p < end && **p == ':')
		(*p)++;
	if (*p < end && isdigit((unsigned char)**p) && digits(p, end, 2, 2, &m))
		return -1;
	if (h > 23 || m > 59)
		return -1;
	r->has_zone = 1;
	r->off = sign * (h * 3600 + m * 60);
	return 0;
}

/* The digits of a fraction of a second (kept to the millisecond). */
static int fraction(const char **p, const char *end, struct rd *r)
{
	int f = 0, n = 0, k = 0;

	while (*p < end && isdigit((unsigned char)**p)) {
		if (n < 3) {
			f = f * 10 + (**p - '0');
			n++;
		}
		(*p)++;
		k++;
	}
	while (n++ < 3)
		f *= 10;
	r->ms = f;
	return k ? 0 : -1;
}

/*
 * Seconds with an optional fraction, unless the format reads the
 * fraction itself (%S.%f: own_frac).
 */
static int seconds(const char **p, const char *end, struct rd *r, int own_frac)
{
	if (digits(p, end, 1, 2, &r->sec))
		return -1;
	r->ms = 0;
	if (!own_frac && *p + 1 < end && (**p == '.' || **p == ',') &&
	    isdigit((unsigned char)(*p)[1])) {
		(*p)++;
		return fraction(p, end, r);
	}
	return 0;
}

/* Seconds since 1970 (UTC), with an optional sign. */
static int epoch(const char **p, const char *end, struct rd *r)
{
	int neg = 0, n = 0;
	int64_t v = 0;

	if (*p < end && (**p == '-' || **p == '+'))
		neg = *(*p)++ == '-';
	while (*p < end && isdigit((unsigned char)**p) && n < 12) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (!n)
		return -1;
	r->epoch_ms = (neg ? -v : v) * 1000;
	r->has_epoch = 1;
	return 0;
}

/*
 * Read s against fmt; on success *p is past what was read. A format
 * that is not valid fails here too (date_format_check reports why).
 */
static int run(const char *fmt, const char **p, const char *end, struct rd *r)
{
	int v;

	for (; *fmt; fmt++) {
		if (*fmt == ' ') {
			while (*p < end && (**p == ' ' || **p == '\t'))
				(*p)++;
			continue;
		}
		if (*fmt != '%') {
			if (*p >= end || **p != *fmt)
				return -1;
			(*p)++;
			continue;
		}
		switch (*++fmt) {
		case 'Y':
			if (digits(p, end, 4, 4, &r->y))
				return -1;
			r->have_y = 1;
			break;
		case 'y':
			if (digits(p, end, 2, 2, &v))
				return -1;
			r->y = v < 69 ? 2000 + v : 1900 + v;
			r->have_y = 1;
			break;
		case 'm':
			if (digits(p, end, 1, 2, &r->mon))
				return -1;
			r->have_mon = 1;
			break;
		case 'b':
		case 'h':
		case 'B':
			if ((v = name(p, end, month_names, 12)) < 0)
				return -1;
			r->mon = v + 1;
			r->have_mon = 1;
			break;
		case 'e':
			while (*p < end && **p == ' ')
				(*p)++;
			/* fall through */
		case 'd':
			if (digits(p, end, 1, 2, &r->d))
				return -1;
			r->have_d = 1;
			break;
		case 'a':
		case 'A':
			if (name(p, end, day_names, 7) < 0)
				return -1;
			break;
		case 'H':
			if (digits(p, end, 1, 2, &r->hour))
				return -1;
			r->have_time = 1;
			break;
		case 'I':
			if (digits(p, end, 1, 2, &r->hour12))
				return -1;
			r->have_hour12 = r->have_time = 1;
			break;
		case 'p':
			if (end - *p >= 2 && !strncasecmp(*p, "am", 2))
				r->pm = 0;
			else if (end - *p >= 2 && !strncasecmp(*p, "pm", 2))
				r->pm = 1;
			else
				return -1;
			*p += 2;
			break;
		case 'M':
			if (digits(p, end, 1, 2, &r->min))
				return -1;
			r->have_time = 1;
			break;
		case 'S':
			if (seconds(p, end, r,
				    (fmt[1] == '.' || fmt[1] == ',') &&
					fmt[2] == '%' && fmt[3] == 'f'))
				return -1;
			r->have_time = 1;
			break;
		case 'f':
			if (fraction(p, end, r))
				return -1;
			break;
		case 'z':
			if (zone(p, end, r))
				return -1;
			break;
		case 's':
			if (epoch(p, end, r))
				return -1;
			break;
		case 'F':
			if (run("%Y-%m-%d", p, end, r))
				return -1;
			break;
		case 'D':
			if (run("%m/%d/%y", p, end, r))
				return -1;
			break;
		case 'T':
			if (run("%H:%M:%S", p, end, r))
				return -1;
			break;
		case 'R':
			if (run("%H:%M", p, end, r))
				return -1;
			break;
		case '%':
			if (*p >= end || **p != '%')
				return -1;
			(*p)++;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

int date_format_check(const char *fmt, char *err, size_t errlen)
{
	static const char ok[] = "YymbhBedaAHIpMSfzsFDTR%";
	int y = 0, m = 0, d = 0, s = 0, i12 = 0, pm = 0;
	const char *f;

	for (f = fmt; *f; f++) {
		if (*f != '%')
			continue;
		if (!f[1] || !strchr(ok, f[1])) {
			if (f[1])
				snprintf(
				    err, errlen,
				    "\"%s\": %%%c is not a conversion it knows",
				    fmt, f[1]);
			else
				snprintf(err, errlen,
					 "\"%s\": ends in a lone %%", fmt);
			return -1;
		}
		f++;
		y |= *f == 'Y' || *f == 'y' || *f == 'F' || *f == 'D';
		m |= strchr("mbhBFD", *f) != NULL;
		d |= strchr("deFD", *f) != NULL;
		s |= *f == 's';
		i12 |= *f == 'I';
		pm |= *f == 'p';
	}
	if (!s && !(y && m && d)) {
		snprintf(
		    err, errlen,
		    "\"%s\": gives no whole date (year, month and day, or %%s)",
		    fmt);
		return -1;
	}
	if (i12 != pm) {
		snprintf(err, errlen, "\"%s\": %%I and %%p go together", fmt);
		return -1;
	}
	return 0;
}

/* After a built-in date: nothing, or [T ]HH:MM[:SS[.fff]] and a zone. */
static int opt_time(const char **p, const char *end, struct rd *r)
{
	if (*p == end)
		return 0;
	if (**p != 'T' && **p != ' ')
		return -1;
	(*p)++;
	if (digits(p, end, 2, 2, &r->hour) || *p >= end || **p != ':')
		return -1;
	(*p)++;
	if (digits(p, end, 2, 2, &r->min))
		return -1;
	if (*p < end && **p == ':') {
		(*p)++;
		if (seconds(p, end, r, 0))
			return -1;
	}
	r->have_time = 1;
	if (*p < end && **p == ' ')
		(*p)++;
	if (*p < end && zone(p, end, r))
		return -1;
	return 0;
}

/* Spreadsheet serial, 1900 system: 61 = 1900-03-01, 25569 = 1970-01-01. */
static int serial(const char *s, const char *end, struct rd *r)
{
	int64_t day = 0, num = 0, den = 1, ms;
	int n = 0, k = 0;

	while (s < end && isdigit((unsigned char)*s) && n < 8) {
		day = day * 10 + (*s++ - '0');
		n++;
	}
	if (!n)
		return -1;
	if (s < end && *s == '.') {
		s++;
		while (s < end && isdigit((unsigned char)*s)) {
			if (k < 9) {
				num = num * 10 + (*s - '0');
				den *= 10;
				k++;
			}
			s++;
		}
	}
	if (s != end || day < 61 || day >= 2958466)
		return -1;
	ms = (num * DAY_MS + den / 2) / den;
	if (ms >= DAY_MS) {
		ms -= DAY_MS;
		day++;
	}
	r->has_epoch = 0;
	tm_civil_from_days(day - 25569, &r->y, &r->mon, &r->d);
	r->have_y = r->have_mon = r->have_d = 1;
	r->hour = (int)(ms / 3600000);
	r->min = (int)(ms / 60000 % 60);
	r->sec = (int)(ms / 1000 % 60);
	r->ms = (int)(ms % 1000);
	r->have_time = k > 0;
	return 0;
}

static int finish(struct rd *r, struct date *d)
{
	memset(d, 0, sizeof(*d));
	if (r->has_epoch) {
		tm_to_civil(r->epoch_ms, &d->c);
		d->has_time = d->has_zone = 1;
		return tm_civil_valid(&d->c) ? 0 : -1; /* years 1..9999 */
	}
	if (r->have_hour12) {
		if (r->hour12 < 1 || r->hour12 > 12)
			return -1;
		r->hour = r->hour12 % 12 + (r->pm ? 12 : 0);
	}
	d->c.year = r->y;
	d->c.mon = r->mon;
	d->c.day = r->d;
	d->c.hour = r->hour;
	d->c.min = r->min;
	d->c.sec = r->sec;
	d->c.ms = r->ms;
	d->has_time = r->have_time;
	d->has_zone = r->has_zone;
	d->off_s = r->off;
	return r->y >= 1 && tm_civil_valid(&d->c) ? 0 : -1;
}

int date_parse(const char *fmt, const char *s, size_t len, struct date *d)
{
	static const char *const builtin[] = {
	    "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%d-%b-%y", "%d-%b-%Y",
	};
	const char *end = s + len, *p;
	struct rd r;
	size_t i;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (s == end || memchr(s, '\0', (size_t)(end - s)))
		return -1;
	if (fmt) {
		memset(&r, 0, sizeof(r));
		p = s;
		if (run(fmt, &p, end, &r) || p != end)
			return -1;
		return finish(&r, d);
	}
	for (i = 0; i < sizeof(builtin) / sizeof(*builtin); i++) {
		memset(&r, 0, sizeof(r));
		p = s;
		/* the numeric forms may carry a time; the named ones not */
		if (!run(builtin[i], &p, end, &r) &&
		    (i < 3 ? !opt_time(&p, end, &r) : 1) && p == end)
			return finish(&r, d);
	}
	memset(&r, 0, sizeof(r));
	if (!serial(s, end, &r))
		return finish(&r, d);
	return -1;
}

enum tz_status date_instant(const struct date *d, int64_t *t)
{
	struct civil c = d->c;

	if (d->has_zone) {
		*t = tm_from_civil(&c) - (int64_t)d->off_s * 1000;
		return TZ_OK;
	}
	if (!d->has_time) {
		c.hour = 12;
		c.min = c.sec = c.ms = 0;
	}
	return tz_local_to_utc(&c, t);
}

int date_read(const char *fmt, const char *s, size_t len, int64_t *t,
	      int *has_time, char *why, size_t whylen)
{
	struct date d;
	int n = len > 40 ? 40 : (int)len, i;
	char shown[41];

	/* the value as shown in a message: one line, at most 40 bytes */
	for (i = 0; i < n; i++)
		shown[i] = (unsigned char)s[i] < ' ' ? '?' : s[i];
	shown[n] = '\0';
	if (date_parse(fmt, s, len, &d)) {
		snprintf(why, whylen, "\"%s\" is not a date", shown);
		return -1;
	}
	switch (date_instant(&d, t)) {
	case TZ_AMBIGUOUS:
		snprintf(why, whylen,
			 "\"%s\" is ambiguous in %s (clocks go back)", shown,
			 tz_name());
		return -1;
	case TZ_NONEXISTENT:
		snprintf(why, whylen,
			 "\"%s\" does not exist in %s (clocks go forward)",
			 shown, tz_name());
		return -1;
	default:
		break;
	}
	if (has_time)
		*has_time = d.has_time;
	return 0;
}

const char *date_opt_format(const char *arg)
{
	char err[256];

	if (date_format_check(arg, err, sizeof(err)))
		cli_usage_error("--date-format: %s", err);
	return arg;
}

void date_opt_report_tz(const char *arg)
{
	if (tz_set(arg) < 0)
		cli_usage_error(
		    "--report-tz: \"%s\" is not a time zone in the tz database",
		    arg);
}

int64_t date_local_day(int64_t t)
{
	struct civil c;

	tz_utc_to_local(t, &c);
	return tm_days_from_civil(c.year, c.mon, c.day);
}

int64_t date_day_start(int64_t d)
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
