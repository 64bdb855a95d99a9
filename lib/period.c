/*
 * period: civil reporting periods in the report zone (see period.h).
 * Conversions go through tz_utc_to_local / tz_local_to_utc; a cache of
 * the last period's instant range (kept only where the UTC offset is
 * constant) makes time-ordered input cost one comparison per record.
 * Each reader thread has its own struct period; misses are serialised.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "period.h"
#include "span.h"
#include "tm.h"

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL

static const char *const unit_names[] = {
    "hour", "day",	"week", "month",       "quarter",
    "year", "interval", "span", "hour_of_day", "weekday",
};

/* span:FROM..TO; a malformed one is a usage error naming what is wrong */
static int parse_span(const char *s, struct period *p)
{
	char why[128];

	if (span_parse(s, &p->span_from, &p->span_days, why, sizeof why))
		cli_usage_error("--by: \"span:%.60s\": %s", s, why);
	p->unit = P_SPAN;
	p->minutes = 60;
	return 0;
}

int period_parse(const char *s, struct period *p)
{
	int i;

	memset(p, 0, sizeof(*p));
	for (i = P_HOUR; i <= P_YEAR; i++)
		if (!strcmp(s, unit_names[i])) {
			p->unit = (enum period_unit)i;
			p->minutes = 60;
			return 0;
		}
	if (!strcmp(s, "hour-of-day") || !strcmp(s, "weekday")) {
		p->unit = s[0] == 'h' ? P_HOUR_OF_DAY : P_WEEKDAY;
		p->minutes = 60;
		return 0;
	}
	if (!strncmp(s, "span:", 5))
		return parse_span(s + 5, p);
	if (!strncmp(s, "interval:", 9)) {
		const char *v = s + 9;
		char *end;
		long n = -1;

		if (*v >= '0' && *v <= '9')
			n = strtol(v, &end, 10);
		if (n >= 0 && !strcmp(end, "h"))
			n *= 60;
		else if (n >= 0 && strcmp(end, "m") && *end)
			n = -1;
		if (n <= 0 || n > 1440 || 1440 % n)
			cli_usage_error(
			    "--by: \"%.60s\": expected interval:Nm, N whole "
			    "minutes dividing a day (or interval:Nh)",
			    s);
		p->unit = P_INTERVAL;
		p->minutes = (int)n;
		return 0;
	}
	return -1;
}

const char *period_column(const struct period *p)
{
	return unit_names[p->unit];
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void fmt_offset(char *buf, size_t n, int64_t at)
{
	int32_t off;

	if (tz_is_utc()) {
		snprintf(buf, n, "Z");
		return;
	}
	off = tz_offset(at);
	snprintf(buf, n, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 3600,
		 abs(off) / 60 % 60);
}

/* Cache [lo, hi) if the offset is the same at both ends, else nothing. */
static void cache(struct period *p, int64_t lo, int64_t hi, int32_t off)
{
	if (lo < hi && tz_offset(lo) == off && tz_offset(hi - 1) == off) {
		p->lo = lo;
		p->hi = hi;
	} else {
		p->lo = p->hi = 0;
	}
}

/* Hours and intervals: the local start, placed by the zone. */
static void clock_period(struct period *p, int64_t t, int32_t off)
{
	int64_t L = t + (int64_t)off * 1000, len = p->minutes * MIN_MS;
	int64_t ld = floordiv(L, DAY_MS) * DAY_MS;
	int64_t fl = ld + floordiv(L - ld, len) * len, start, cand;
	struct civil c;
	char offs[16];

	tm_to_civil(fl, &c);
	start = t - (L - fl);
	/* an interval spanning a DST change: its start has another offset;
	 * an ambiguous start (the repeated hour) keeps the record's own */
	if (tz_local_to_utc(&c, &cand) == TZ_OK)
		start = cand;
	fmt_offset(offs, sizeof(offs), start);
	snprintf(p->label, sizeof(p->label), "%04d-%02d-%02dT%02d:%02d%s",
		 c.year, c.mon, c.day, c.hour, c.min, offs);
	p->order = start;
	cache(p, start, t + (fl + len - L), off);
	if (!(p->lo <= t && t < p->hi))
		p->lo = p->hi = 0;
}

/* tm's zone cache is shared: readers in threads take turns on a miss */
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

void period_of(struct period *p, int64_t t, int64_t *order, const char **label)
{
	int32_t off;
	int64_t L, days, lo_local, hi_local;
	int y, m, d;

	if (p->lo < p->hi && t >= p->lo && t < p->hi)
		goto done;
	pthread_mutex_lock(&tz_lock);
	off = tz_offset(t);
	if (p->unit == P_HOUR || p->unit == P_INTERVAL) {
		clock_period(p, t, off);
		goto unlock;
	}
	L = t + (int64_t)off * 1000;
	days = floordiv(L, DAY_MS);
	tm_civil_from_days(days, &y, &m, &d);
	switch (p->unit) {
	case P_HOUR_OF_DAY: {
		int64_t h = floordiv(L, HOUR_MS) * HOUR_MS;
		p->order = (h - days * DAY_MS) / HOUR_MS;
		snprintf(p->label, sizeof(p->label), "%02d", (int)p->order);
		cache(p, t - (L - h), t - (L - h) + HOUR_MS, off);
		goto unlock;
	}
	case P_WEEKDAY:
		/* 1970-01-01 (day 0) was a Thursday, ISO 4 */
		p->order = floordiv(days + 3, 7) * -7 + days + 3 + 1;
		snprintf(p->label, sizeof(p->label), "%d", (int)p->order);
		lo_local = days;
		hi_local = days + 1;
		break;
	case P_SPAN:
		p->order = span_of_day(p->span_from, p->span_days, days,
				       p->label, sizeof(p->label));
		lo_local = p->order;
		hi_local = p->order + p->span_days;
		break;
	case P_DAY:
		p->order = days;
		snprintf(p->label, sizeof(p->label), "%04d-%02d-%02d", y, m, d);
		lo_local = days;
		hi_local = days + 1;
		break;
	case P_WEEK: {
		/* ISO 8601: weeks start on Monday (1970-01-01 was a
		 * Thursday); the week's year is its Thursday's */
		int64_t wd = days + 3 - floordiv(days + 3, 7) * 7;
		int64_t mon = days - wd, thu, y1;
		int iy, im, id;
		thu = mon + 3;
		tm_civil_from_days(thu, &iy, &im, &id);
		y1 = tm_days_from_civil(iy, 1, 1);
		p->order = mon;
		snprintf(p->label, sizeof(p->label), "%04d-W%02d", iy,
			 (int)((thu - y1) / 7 + 1));
		lo_local = mon;
		hi_local = mon + 7;
		break;
	}
	case P_MONTH:
		p->order = (int64_t)y * 12 + m - 1;
		snprintf(p->label, sizeof(p->label), "%04d-%02d", y, m);
		lo_local = tm_days_from_civil(y, m, 1);
		hi_local = m == 12 ? tm_days_from_civil(y + 1, 1, 1)
				   : tm_days_from_civil(y, m + 1, 1);
		break;
	case P_QUARTER: {
		int q = (m - 1) / 3;
		p->order = (int64_t)y * 4 + q;
		snprintf(p->label, sizeof(p->label), "%04d-Q%d", y, q + 1);
		lo_local = tm_days_from_civil(y, q * 3 + 1, 1);
		hi_local = q == 3 ? tm_days_from_civil(y + 1, 1, 1)
				  : tm_days_from_civil(y, q * 3 + 4, 1);
		break;
	}
	default:
		p->order = y;
		snprintf(p->label, sizeof(p->label), "%04d", y);
		lo_local = tm_days_from_civil(y, 1, 1);
		hi_local = tm_days_from_civil(y + 1, 1, 1);
		break;
	}
	/* the whole period if the offset is constant over it, else the
	 * local hour around t */
	cache(p, t - (L - lo_local * DAY_MS), t + (hi_local * DAY_MS - L), off);
	if (p->lo == p->hi) {
		int64_t h = floordiv(L, HOUR_MS) * HOUR_MS;
		cache(p, t - (L - h), t - (L - h) + HOUR_MS, off);
	}
unlock:
	pthread_mutex_unlock(&tz_lock);
done:
	*order = p->order;
	*label = p->label;
}
