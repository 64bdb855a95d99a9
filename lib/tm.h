/*
 * tm: instants and time zones. An instant is int64 milliseconds since
 * 1970-01-01T00:00:00Z. The wire form (SPEC 2) is
 * YYYY-MM-DDTHH:MM:SS[.fff]Z, always UTC.
 *
 * Zones are IANA names from the system tzdb (/usr/share/zoneinfo). One
 * zone is active per process (tz_set); converting a local time that a DST
 * change makes ambiguous or non-existent is reported, never guessed.
 */
#ifndef TA_TM_H
#define TA_TM_H

#include <stddef.h>
#include <stdint.h>

#define TM_NONE INT64_MIN /* "empty" for optional instants */

struct civil {
	int year, mon, day; /* mon 1-12, day 1-31 */
	int hour, min, sec, ms;
};

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tm_days_from_civil(int y, int m, int d);
void tm_civil_from_days(int64_t days, int *y, int *m, int *d);
/* Civil fields read as UTC -> instant, and instant -> UTC civil fields. */
int64_t tm_from_civil(const struct civil *c);
void tm_to_civil(int64_t t, struct civil *c);
/* 1 if the fields name a real date and time (leap years, 0-23 h ...). */
int tm_civil_valid(const struct civil *c);

/*
 * Parse "YYYY-MM-DD HH:MM:SS[.fff]" or with 'T'; returns a pointer past
 * what was read, NULL if malformed. Does not read a zone suffix.
 */
const char *tm_parse_civil(const char *s, size_t len, struct civil *c);
/* The wire form: exactly "YYYY-MM-DDTHH:MM:SS[.fff]Z". 0 or -1. */
int tm_parse_iso(const char *s, size_t len, int64_t *t);
/* Write the wire form into buf (>= 32 bytes); ".fff" only if ms != 0. */
char *tm_format_iso(char *buf, int64_t t);
/* The same, returning the length (digits by hand: no printf per call). */
size_t tm_put_iso(char *buf, int64_t t);

/* Make NAME the process zone. 0, or -1 if tzdb has no such zone. */
int tz_set(const char *name);
const char *tz_name(void); /* "UTC" until tz_set */
int tz_is_utc(void);
/* UTC offset in seconds of the active zone at instant t. */
int32_t tz_offset(int64_t t);

enum tz_status { TZ_OK = 0, TZ_AMBIGUOUS = 1, TZ_NONEXISTENT = 2 };
/*
 * Local civil time in the active zone -> instant. TZ_AMBIGUOUS (the
 * hour repeated when clocks go back; *t is the earlier instant) and
 * TZ_NONEXISTENT (skipped when clocks go forward) are for the caller to
 * reject.
 */
enum tz_status tz_local_to_utc(const struct civil *c, int64_t *t);
/*
 * The hour of local times starting at hour (local civil time read as
 * UTC, a multiple of an hour): 1 if tz_local_to_utc gives every one of
 * them TZ_OK with the same offset, *off seconds east of UTC (instant =
 * local - off); else 0. Slow (a lookup per 15 minutes over two days):
 * for callers that keep the answer per hour.
 */
int tz_hour_offset(int64_t hour, int32_t *off);
/* A number that changes whenever tz_set changes the zone. */
unsigned tz_serial(void);
/* Instant -> local civil time in the active zone. */
void tz_utc_to_local(int64_t t, struct civil *c);

#endif
