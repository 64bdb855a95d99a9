/*
 * span: runs of as many local days as FROM..TO, laid end to end from
 * FROM in both directions (see span.h).
 */
#include <stdio.h>
#include <string.h>

#include "span.h"
#include "tm.h"

/* "YYYY-MM-DD" at s, a real date: its day number, the end in *end */
static int parse_day(const char *s, const char **end, int64_t *days)
{
	int y, m, d, n = 0, y2, m2, d2;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = tm_days_from_civil(y, m, d);
	tm_civil_from_days(*days, &y2, &m2, &d2);
	if (m2 != m || d2 != d) /* 2026-02-30 */
		return -1;
	*end = s + n;
	return 0;
}

int span_parse(const char *s, int64_t *from, int64_t *ndays, char *why,
	       size_t n)
{
	const char *dots = strstr(s, ".."), *e;
	int64_t to;

	if (!dots) {
		snprintf(why, n, "expected FROM..TO (YYYY-MM-DD..YYYY-MM-DD)");
		return -1;
	}
	if (parse_day(s, &e, from) || e != dots) {
		snprintf(why, n, "%.*s is not a date (YYYY-MM-DD)",
			 (int)(dots - s > 40 ? 40 : dots - s), s);
		return -1;
	}
	if (parse_day(dots + 2, &e, &to) || *e) {
		snprintf(why, n, "%.40s is not a date (YYYY-MM-DD)", dots + 2);
		return -1;
	}
	if (to < *from) {
		snprintf(why, n, "%.10s is before %.10s", dots + 2, s);
		return -1;
	}
	*ndays = to - *from + 1;
	return 0;
}

int64_t span_of_day(int64_t from, int64_t ndays, int64_t day, char *buf,
		    size_t n)
{
	int64_t k = (day - from) / ndays, lo;
	int y, m, d, y2, m2, d2;

	if ((day - from) % ndays != 0 && day < from)
		k--; /* floor */
	lo = from + k * ndays;
	tm_civil_from_days(lo, &y, &m, &d);
	tm_civil_from_days(lo + ndays - 1, &y2, &m2, &d2);
	snprintf(buf, n, "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, y2, m2, d2);
	return lo;
}
