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

int span_parse(const char *s, int64_t *from, int64_t *ndays)
{
	int64_t to;
	const char *e;

	if (parse_day(s, &e, from) || strncmp(e, "..", 2) ||
	    parse_day(e + 2, &e, &to) || *e || to < *from)
		return -1;
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
