/*
 * tm: instants, the wire format and zones (see tm.h).
 *
 * Civil<->days conversions are Howard Hinnant's algorithms (exact over
 * the proleptic Gregorian calendar). Zones come from the system tzdb
 * through TZ and localtime_r, with a small cache of offsets per
 * 15-minute slot (every tzdb transition since 1970 falls on one).
 * Converting local time to UTC tries each offset in force within a day
 * either side and counts the instants that really show that local time:
 * none is a gap (clocks went forward), two is a fold (clocks went back).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tm.h"

int64_t tm_days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void tm_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*y = (int)(yy + (mm <= 2));
	*m = mm;
	*d = dd;
}

int64_t tm_from_civil(const struct civil *c)
{
	int64_t days = tm_days_from_civil(c->year, c->mon, c->day);

	return ((days * 86400 + c->hour * 3600 + c->min * 60 + c->sec) * 1000) +
	       c->ms;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

void tm_to_civil(int64_t t, struct civil *c)
{
	int64_t secs = floordiv(t, 1000);
	int64_t days = floordiv(secs, 86400);
	int64_t rem = secs - days * 86400;

	c->ms = (int)(t - secs * 1000);
	tm_civil_from_days(days, &c->year, &c->mon, &c->day);
	c->hour = (int)(rem / 3600);
	c->min = (int)(rem / 60 % 60);
	c->sec = (int)(rem % 60);
}

int tm_civil_valid(const struct civil *c)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int leap, dim;

	if (c->year < 1 || c->year > 9999 || c->mon < 1 || c->mon > 12)
		return 0;
	leap = (c->year % 4 == 0 && c->year % 100 != 0) || c->year % 400 == 0;
	dim = mdays[c->mon - 1] + (c->mon == 2 && leap);
	return c->day >= 1 && c->day <= dim && c->hour >= 0 && c->hour < 24 &&
	       c->min >= 0 && c->min < 60 && c->sec >= 0 && c->sec < 60 &&
	       c->ms >= 0 && c->ms < 1000;
}

/* n digits at s as an int, or -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *tm_parse_civil(const char *s, size_t len, struct civil *c)
{
	const char *e = s + len;

	if (len < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return NULL;
	c->year = digits(s, 4);
	c->mon = digits(s + 5, 2);
	c->day = digits(s + 8, 2);
	c->hour = digits(s + 11, 2);
	c->min = digits(s + 14, 2);
	c->sec = digits(s + 17, 2);
	c->ms = 0;
	if (c->year < 0 || c->mon < 0 || c->day < 0 || c->hour < 0 ||
	    c->min < 0 || c->sec < 0)
		return NULL;
	s += 19;
	if (s < e && *s == '.') {
		int n = 0, scale = 100;
		for (s++; s < e && *s >= '0' && *s <= '9'; s++, n++) {
			c->ms += (*s - '0') * scale;
			scale /= 10;
		}
		if (n == 0 || n > 6)
			return NULL;
		if (n > 3) { /* sub-millisecond digits must be zero */
			const char *z = s - (n - 3);
			for (; z < s; z++)
				if (*z != '0')
					return NULL;
		}
	}
	if (!tm_civil_valid(c))
		return NULL;
	return s;
}

int tm_parse_iso(const char *s, size_t len, int64_t *t)
{
	struct civil c;
	const char *p = tm_parse_civil(s, len, &c);

	if (!p || s[10] != 'T' || p + 1 != s + len || *p != 'Z')
		return -1;
	*t = tm_from_civil(&c);
	return 0;
}

/* Two decimal digits of v (0-99) at b. */
static void put2(char *b, int v)
{
	b[0] = (char)('0' + v / 10);
	b[1] = (char)('0' + v % 10);
}

/* "00".."59" */
static const char two[] = "00010203040506070809101112131415161718192021222324"
			  "25262728293031323334353637383940414243444546474849"
			  "5051525354555657585960";

size_t tm_put_iso(char *buf, int64_t t)
{
	/* the hour last written, "YYYY-MM-DDTHH:" (records come in time
	 * order: the next instant is nearly always in the same hour) */
	static _Thread_local int64_t hour_ms = INT64_MIN;
	static _Thread_local char head[14];
	int64_t rem;
	size_t n = 20;
	int s, ms;

	if (hour_ms == INT64_MIN || t < hour_ms ||
	    (uint64_t)t - (uint64_t)hour_ms >= 3600000u) {
		int64_t secs = floordiv(t, 1000), days = floordiv(secs, 86400);
		int y, m, d, h = (int)(secs - days * 86400) / 3600;

		tm_civil_from_days(days, &y, &m, &d);
		if (y < 0 || y > 9999) { /* not the wire form: as printf */
			struct civil c;
			tm_to_civil(t, &c);
			return (size_t)snprintf(
			    buf, 32,
			    c.ms ? "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ"
				 : "%04d-%02d-%02dT%02d:%02d:%02dZ",
			    c.year, c.mon, c.day, c.hour, c.min, c.sec, c.ms);
		}
		put2(head, y / 100);
		put2(head + 2, y % 100);
		head[4] = '-';
		put2(head + 5, m);
		head[7] = '-';
		put2(head + 8, d);
		head[10] = 'T';
		put2(head + 11, h);
		head[13] = ':';
		hour_ms = days * 86400000 + (int64_t)h * 3600000;
	}
	rem = t - hour_ms;
	s = (int)(rem / 1000);
	ms = (int)(rem % 1000);
	memcpy(buf, head, 14);
	memcpy(buf + 14, two + 2 * (s / 60), 2);
	buf[16] = ':';
	memcpy(buf + 17, two + 2 * (s % 60), 2);
	if (ms) {
		buf[19] = '.';
		buf[20] = (char)('0' + ms / 100);
		put2(buf + 21, ms % 100);
		n = 24;
	}
	buf[n - 1] = 'Z';
	buf[n] = '\0';
	return n;
}

char *tm_format_iso(char *buf, int64_t t)
{
	tm_put_iso(buf, t);
	return buf;
}

static char zone[256] = "UTC";
static int zone_utc = 1;
static unsigned zone_serial; /* tz_set calls so far */

#define CACHE_SLOTS 4096
static struct {
	int64_t slot;
	int32_t off;
	int valid;
} cache[CACHE_SLOTS];

/*
 * A zone is a compiled TZif file (RFC 8536: it starts with "TZif"); the
 * other files under zoneinfo (zone.tab, tzdata.zi, leapseconds) are not
 * zones, and the C library would silently take them as UTC.
 */
static int is_tzif(const char *path)
{
	char magic[4];
	FILE *fp = fopen(path, "rb");
	int ok;

	if (!fp)
		return 0;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

int tz_set(const char *name)
{
	char path[512];
	struct stat st;
	const char *dir = getenv("TZDIR");

	if (!name || !*name || strlen(name) >= sizeof(zone) || name[0] == '/' ||
	    strstr(name, ".."))
		return -1;
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0 ||
	    strcmp(name, "Z") == 0) {
		zone_utc = 1;
	} else {
		snprintf(path, sizeof(path), "%s/%s",
			 dir ? dir : "/usr/share/zoneinfo", name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    !is_tzif(path))
			return -1;
		zone_utc = 0;
	}
	snprintf(zone, sizeof(zone), "%s", name);
	setenv("TZ", zone_utc ? "UTC0" : name, 1);
	tzset();
	memset(cache, 0, sizeof(cache));
	zone_serial++;
	return 0;
}

unsigned tz_serial(void)
{
	return zone_serial;
}

const char *tz_name(void)
{
	return zone;
}

int tz_is_utc(void)
{
	return zone_utc;
}

/* Offset at a whole second, straight from the C library. */
static int32_t offset_at(int64_t secs)
{
	time_t tt = (time_t)secs;
	struct tm tmv;

	if (!localtime_r(&tt, &tmv))
		return 0;
	return (int32_t)tmv.tm_gmtoff;
}

int32_t tz_offset(int64_t t)
{
	int64_t secs, slot;
	unsigned h;

	if (zone_utc)
		return 0;
	secs = floordiv(t, 1000);
	slot = floordiv(secs, 900);
	h = (unsigned)((uint64_t)slot % CACHE_SLOTS);
	if (!cache[h].valid || cache[h].slot != slot) {
		cache[h].slot = slot;
		cache[h].off = offset_at(slot * 900);
		cache[h].valid = 1;
	}
	return cache[h].off;
}

enum tz_status tz_local_to_utc(const struct civil *c, int64_t *t)
{
	int64_t local = tm_from_civil(c);
	int32_t offs[2];
	int64_t found[2];
	int nfound = 0, i;

	if (zone_utc) {
		*t = local;
		return TZ_OK;
	}
	offs[0] = tz_offset(local - 86400000LL);
	offs[1] = tz_offset(local + 86400000LL);
	for (i = 0; i < 2; i++) {
		int64_t cand;
		if (i == 1 && offs[1] == offs[0])
			break;
		cand = local - (int64_t)offs[i] * 1000;
		if (tz_offset(cand) == offs[i])
			found[nfound++] = cand;
	}
	if (nfound == 0)
		return TZ_NONEXISTENT;
	if (nfound == 2) {
		*t = found[0] < found[1] ? found[0] : found[1];
		return TZ_AMBIGUOUS;
	}
	*t = found[0];
	return TZ_OK;
}

void tz_utc_to_local(int64_t t, struct civil *c)
{
	tm_to_civil(t + (int64_t)tz_offset(t) * 1000, c);
}

int tz_hour_offset(int64_t hour, int32_t *off)
{
	/* tz_local_to_utc of a local time L reads tz_offset at L - 1 day,
	 * L + 1 day and L - offset: one offset over every 15-minute slot
	 * from hour - 1 day to hour + 1 hour + 1 day (tz_offset is constant
	 * within a slot) makes every answer in the hour TZ_OK with it */
	int64_t t, lo = hour - 86400000LL, hi = hour + 3600000LL + 86400000LL;
	int32_t o;

	if (zone_utc) {
		*off = 0;
		return 1;
	}
	o = tz_offset(lo);
	if (o <= -86400 || o >= 86400)
		return 0;
	for (t = lo; t < hi; t += 900000LL)
		if (tz_offset(t) != o)
			return 0;
	if (tz_offset(hi - 1) != o)
		return 0;
	*off = o;
	return 1;
}
