/*
 * acct: run accounting (SPEC 6). Every input row ends in exactly one of
 * used, rejected or skipped (skipped: a row that carries no record by
 * design, such as a queue_log QUEUESTART; never an error). acct_reject is
 * the one reject path: it prints "tool: file:line: reason" on stderr,
 * appends (file, line, reason, original fields...) to --rejects, counts.
 */
#ifndef TA_ACCT_H
#define TA_ACCT_H

#include <stdio.h>
#include "csvin.h"

struct acct {
	unsigned long long read, used, rejected, skipped;
	unsigned long long merged; /* used rows folded into another's record */
	FILE *rejects;          /* --rejects FILE, or NULL */
	const char *rejects_name;
	int strict, quiet;
	unsigned long max_msgs; /* stderr lines before "more rejects" (0=all) */
	unsigned long shown;
};

void acct_init(struct acct *a);
/* Open --rejects FILE (exits EXIT_IO on failure). */
void acct_open_rejects(struct acct *a, const char *path);
/* row may be NULL (no fields to copy). Counts the row as read+rejected. */
void acct_reject(struct acct *a, const char *file, long line,
	const struct csvrow *row, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * A note on a row that is still used (e.g. one answer unusable and
 * counted as missing): printed and written to --rejects exactly like a
 * reject, but the row is not counted (the caller still ends it with
 * acct_use).
 */
void acct_note(struct acct *a, const char *file, long line,
	const struct csvrow *row, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static inline void acct_use(struct acct *a) { a->read++; a->used++; }
static inline void acct_skip(struct acct *a) { a->read++; a->skipped++; }
/*
 * A row used as part of another row's record (one record per contact,
 * SPEC 2): counted as used and as merged, so records = used - merged.
 */
static inline void acct_merged(struct acct *a)
{
	a->read++;
	a->used++;
	a->merged++;
}
/*
 * Print "tool: N read, N used, N rejected[, N skipped]" (unless quiet),
 * close --rejects, and return the exit status: EXIT_BREACH if strict and
 * anything was rejected, else EXIT_DONE.
 */
int acct_finish(struct acct *a);

#endif
