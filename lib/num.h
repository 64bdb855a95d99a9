/*
 * num: parsing and printing of numbers, durations and seconds.
 * Every number a tool prints goes through fmt_fixed or fmt_ms, so output
 * never depends on the locale (always '.').
 *
 * Seconds are held as int64 milliseconds: SPEC 2 allows at most 3
 * fractional digits, so sums and comparisons are exact integers.
 */
#ifndef TA_NUM_H
#define TA_NUM_H

#include <stddef.h>
#include <stdint.h>

#define MS_NONE INT64_MIN /* "empty" for optional second fields */

/*
 * "12", "12.5", "0.125" -> milliseconds. Non-negative, at most 3
 * fractional digits. Returns 0, or -1 with *why set to a static reason.
 */
int num_parse_ms(const char *s, size_t len, int64_t *ms, const char **why);
/* Signed decimal integer in full (no junk, no overflow). */
int num_parse_i64(const char *s, size_t len, int64_t *v);
/* A finite decimal number ("-1.5e3" allowed); strtod in the C locale. */
int num_parse_double(const char *s, size_t len, double *v);
/*
 * SPEC 6 durations: "30s" "15m" "24h" "7d", bare number = seconds;
 * fractions allowed ("1.5h"). Result in milliseconds; -1 on error.
 */
int dur_parse(const char *s, int64_t *ms);

/* "%.*f" of v into buf (at least 64 bytes); returns buf. -0 prints 0. */
char *fmt_fixed(char *buf, double v, int prec);
/* Milliseconds as seconds with 0-3 decimals, trailing zeros dropped. */
char *fmt_ms(char *buf, int64_t ms);
/* Integer. */
char *fmt_i64(char *buf, int64_t v);
/* fmt_ms and fmt_i64 returning the length (buf >= 32 bytes). */
size_t num_put_ms(char *buf, int64_t ms);
size_t num_put_i64(char *buf, int64_t v);

#endif
