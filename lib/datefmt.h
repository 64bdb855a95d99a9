/*
 * datefmt: reading the dates and times of exported records (SPEC 6
 * --date-format): ISO 8601 and YYYY/MM/DD with an optional time and zone,
 * spreadsheet serials, or a strptime-like layout.
 *
 * Layout directives: %Y (4 digits), %y (2 digits: 00-68 are 20xx, 69-99
 * 19xx), %m, %d, %H, %I, %M, %S (1 or 2 digits), %b / %B (English month
 * name, any case), %p (AM/PM), %f (fraction of a second, up to 3 digits),
 * %z (Z, +HH, +HHMM or +HH:MM), %T (%H:%M:%S), %% (a percent sign); a
 * space matches one or more spaces; any other byte (also UTF-8, as in
 * "%Y年%m月%d日") matches itself.
 *
 * A time without a zone is local time in the active zone (tz_set); a date
 * without a time is its local midnight. Kept apart from lib/period so the
 * engine's one date parser can take it over.
 */
#ifndef TA_DATEFMT_H
#define TA_DATEFMT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse s[0..len) into the instant *t (ms since the epoch). fmt NULL: the
 * built-in layouts. Returns 0, or -1 with *why a static reason. *date_only
 * (may be NULL) says the value had no time of day.
 */
int datefmt_parse(const char *fmt, const char *s, size_t len, int64_t *t,
		  int *date_only, const char **why);
/* The local calendar day (days since 1970-01-01) of instant t. */
int64_t datefmt_local_day(int64_t t);
/* The instant local midnight starts day d (the earlier on a DST fold). */
int64_t datefmt_day_start(int64_t d);

#endif
