/*
 * span: the period span:FROM..TO (see period.h), in local day numbers
 * (days since 1970-01-01 on the report zone's clock), for the tools that
 * group whole dates as well as for period.c.
 */
#ifndef TA_SPAN_H
#define TA_SPAN_H

#include <stddef.h>
#include <stdint.h>

/* "FROM..TO" (after "span:"), dates YYYY-MM-DD, FROM <= TO: the first
 * day in *from and the length in days in *ndays; 0, or -1 with the
 * reason in why (naming the date that is wrong). */
int span_parse(const char *s, int64_t *from, int64_t *ndays, char *why,
	       size_t n);
/* The span holding local day `day`: its first day (returned) and its
 * label "YYYY-MM-DD..YYYY-MM-DD" in buf. */
int64_t span_of_day(int64_t from, int64_t ndays, int64_t day, char *buf,
		    size_t n);

#endif
