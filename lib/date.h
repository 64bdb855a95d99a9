/*
 * date: the one reader of dates and times written by people and
 * spreadsheets (SPEC 6 --date-format), for every tool that reads a date
 * column. Reporting periods of the instants it gives are in period.h.
 *
 * Without a format it reads, after trimming spaces:
 *   ISO 8601      2024-03-01, 2024-03-01T09:30[:15[.250]][Z|+08:00|+0800]
 *                 (a space may stand for the T)
 *   slashes       2024/03/01 and 2024/3/1, with the same optional time
 *   serials       45352, 45352.75: spreadsheet day numbers (1900 date
 *                 system, 61 = 1900-03-01), a fraction is the time of day
 *   month names   01-Mar-24, 1-mar-2024 (English abbreviations; YY as %y)
 *   CJK           2024年3月1日
 * With a format (strptime-like, see date_format_check) it reads that form
 * only, and the whole field must match.
 *
 * A value with a UTC offset is an instant. One without is a local time in
 * the active zone (tz_set, the tools' --report-tz): a date alone is
 * placed at local noon, so that its period is the day it names; a local
 * time that a DST change makes ambiguous or skips is refused.
 */
#ifndef TA_DATE_H
#define TA_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "tm.h"

struct date {
	struct civil c; /* the fields as written (time 0 if none) */
	int has_time;	/* a time of day was given */
	int has_zone;	/* a UTC offset was given: off_s */
	int32_t off_s;
};

/*
 * Check a --date-format: every conversion is one of
 *   %Y year (4 digits)   %y year 00-68 -> 20YY, 69-99 -> 19YY
 *   %m month 1-12        %b %h %B month name (English, any case)
 *   %d %e day 1-31       %j (not supported)
 *   %H hour 0-23         %I hour 1-12 with %p (AM/PM)
 *   %M minute            %S second, with an optional .fraction
 *   %f fraction of a second (digits; kept to the millisecond)
 *   %z Z, +HH, +HHMM or +HH:MM            %s seconds since 1970 (UTC)
 *   %a %A weekday name (read, not checked)
 *   %F = %Y-%m-%d  %D = %m/%d/%y  %T = %H:%M:%S  %R = %H:%M  %% a %
 * a space matches any run of spaces (or none), any other byte itself
 * (UTF-8 included: %Y年%m月%d日), and the format gives a whole date (year,
 * month and day, or %s). 0, or -1 with the reason in err.
 */
int date_format_check(const char *fmt, char *err, size_t errlen);

/* Read s[0..len) with fmt (NULL: the built-in forms). 0 or -1. */
int date_parse(const char *fmt, const char *s, size_t len, struct date *d);

/*
 * The instant of d (see above). TZ_OK, or TZ_AMBIGUOUS / TZ_NONEXISTENT
 * for a local time the active zone repeats or skips.
 */
enum tz_status date_instant(const struct date *d, int64_t *t);

/*
 * date_parse and date_instant with a message: 0, or -1 with why set to
 * '"VALUE" is not a date' (or says which DST change is in the way).
 */
int date_read(const char *fmt, const char *s, size_t len, int64_t *t,
	      int *has_time, char *why, size_t whylen);

/* The local calendar day (days since 1970-01-01) of instant t. */
int64_t date_local_day(int64_t t);
/*
 * The instant local day d starts (the earlier on a DST fold; a midnight
 * that DST skips: the first instant of the day).
 */
int64_t date_day_start(int64_t d);

/*
 * The options of every tool that reads dates: --date-format FMT (checked,
 * returned) and --report-tz ZONE (made the active zone); a bad value
 * exits 2 through cli_usage_error, with the same message in every tool.
 */
const char *date_opt_format(const char *arg);
void date_opt_report_tz(const char *arg);

#endif
