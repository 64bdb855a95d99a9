/*
 * workcal: a working-day calendar for complaint-handling limits: weekend
 * days (ISO weekdays, default Saturday and Sunday), public holidays, and
 * make-up working days on a weekend (China's 调休). Days are counted as
 * days since 1970-01-01 (tm_days_from_civil).
 *
 * The holidays file has one date (YYYY-MM-DD) per line, '#' comments and
 * blank lines allowed; "DATE,work" (or "DATE work") marks a weekend day
 * that is a working day. Anything after the date and an optional
 * ",name" is an error.
 */
#ifndef TA_WORKCAL_H
#define TA_WORKCAL_H

#include <stddef.h>
#include <stdint.h>

struct workcal {
	unsigned weekend;    /* bit d set: ISO weekday d (1..7) is a weekend */
	int64_t *hol, *work; /* sorted, unique: holidays on weekdays, and
				working weekend days */
	size_t nhol, nwork;
};

void workcal_init(struct workcal *w);
/* "sat,sun", "fri,sat", "sun", "" (none). 0, or -1 if not weekday names. */
int workcal_weekend(struct workcal *w, const char *list);
/* Read a holidays file; 0, or -1 with "LINE: reason" in err. */
int workcal_read(struct workcal *w, const char *path, char *err, size_t errlen);
/* ISO weekday 1..7 of day d. */
int workcal_weekday(int64_t d);
int workcal_is_working(const struct workcal *w, int64_t d);
/* The n-th working day after day d (n >= 1); d itself for n = 0. */
int64_t workcal_nth_after(const struct workcal *w, int64_t d, int64_t n);
/* Working days in (d0, d1]; 0 if d1 <= d0. */
int64_t workcal_count(const struct workcal *w, int64_t d0, int64_t d1);
/*
 * The holidays and working weekend days as text, for a state parameter:
 * "2026-01-01 2026-02-14w" (w: a working day), "" for none; free it.
 */
char *workcal_text(const struct workcal *w);
void workcal_release(struct workcal *w);

#endif
