/*
 * period: reporting periods of kpi-calc --by (SPEC 3.3) in the active
 * zone (tz_set, --report-tz): hour, day, week (ISO 8601), month,
 * quarter, year, interval:Nm (N whole minutes dividing a day) and
 * span:FROM..TO (runs of the same number of local days as FROM..TO,
 * inclusive, laid end to end from FROM: the span before 2026-03-01..
 * 2026-03-15 is 2026-02-14..2026-02-28; label FROM..TO, column span).
 *
 * Periods are civil: a local day on a DST change is 23 or 25 hours long.
 * Each period has an order key (chronological) and a label:
 *   day 2026-03-29, week 2026-W13, month 2026-03, quarter 2026-Q1,
 *   year 2026; hour and interval the local start with its UTC offset,
 *   2026-03-29T03:00+02:00 ("Z" when the zone is UTC), so that the hour
 *   repeated when clocks go back is two distinct periods.
 * The profiles hour-of-day (column hour_of_day, labels 00..23) and
 * weekday (labels 1..7, ISO: 1 is Monday) gather every local hour or
 * weekday of the data into one group each.
 */
#ifndef TA_PERIOD_H
#define TA_PERIOD_H

#include <stdint.h>

enum period_unit {
	P_HOUR,
	P_DAY,
	P_WEEK,
	P_MONTH,
	P_QUARTER,
	P_YEAR,
	P_INTERVAL,
	P_SPAN,	       /* span:FROM..TO */
	P_HOUR_OF_DAY, /* profile: local hour 00..23 */
	P_WEEKDAY      /* profile: ISO weekday 1 (Monday) .. 7 */
};

struct period {
	enum period_unit unit;
	int minutes;		      /* P_INTERVAL length; P_HOUR 60 */
	int64_t span_from, span_days; /* P_SPAN: first local day, length */
	/* cache: instants in [lo, hi) have this order and label */
	int64_t lo, hi, order;
	char label[48];
};

/*
 * "day", "interval:15m" ...; 0, or -1 if not a period name. A malformed
 * span: or interval: (a bad date, a length not dividing a day) is a
 * usage error (exit 2) that says what is wrong, never a column name.
 */
int period_parse(const char *s, struct period *p);
/* The output column name: "day", "interval", ... */
const char *period_column(const struct period *p);
/* The period of instant t; *label points into p until the next call. */
void period_of(struct period *p, int64_t t, int64_t *order, const char **label);

#endif
