/*
 * acct: run accounting (SPEC 6). Every input row ends in exactly one of
 * used, rejected or skipped (skipped: a row that carries no record by
 * design, such as a queue_log QUEUESTART; never an error). acct_reject is
 * the one reject path: it prints "tool: file:line: reason" on stderr (the
 * first max_msgs lines; the rest are counted by reason and summed up in
 * one line at the end), appends (file, line, reason, record) to
 * --rejects, counts.
 *
 * The --rejects file is rectangular CSV, header file,line,reason,record:
 * record is the original row re-joined with the input delimiter (fields
 * quoted as the input would quote them), as one CSV-quoted cell; empty
 * when the reader could not make a row of it.
 */
#ifndef TA_ACCT_H
#define TA_ACCT_H

#include "csvin.h"
#include <stdio.h>

struct acct_reason;

struct acct {
	unsigned long long read, used, rejected, skipped;
	unsigned long long merged; /* used rows folded into another's record */
	FILE *rejects;		   /* --rejects FILE, or NULL */
	const char *rejects_name;
	char delim; /* input delimiter, for the record cell */
	int strict, quiet;
	unsigned long max_msgs; /* stderr reject lines (default 10; -1: all) */
	double max_rate;	/* --max-reject-rate, < 0: none */
	/* the line said when rows were read and none used (NULL: a generic
	 * one); a tool sets it to hint at the likely cause */
	const char *none_used;
	unsigned long long shown;   /* reject lines so far (shown or not) */
	struct acct_reason *hidden; /* reasons of the lines not shown */
	size_t nhidden, hcap;
	unsigned long long hidden_other; /* not shown, beyond those kept */
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
/*
 * Rejects kept by a reader thread (which must not print) and reported
 * by the main thread afterwards, in input order: each with the number
 * of the range or piece it was read in (seq) and its line in it.
 */
struct acct_rej;
struct acct_defer {
	struct acct_rej *v;
	size_t n, cap;
	long seq;			  /* range or piece being read */
	unsigned long long used, skipped; /* the thread's other rows */
};
void acct_defer(struct acct_defer *d, long line, const struct csvrow *row,
		const char *why);
/*
 * Report the rejects of the n lists d[] in (seq, line) order, each at
 * line + off[seq] of file, count every list's used and skipped rows,
 * and free the lists.
 */
void acct_defer_report(struct acct *a, const char *file, struct acct_defer *d,
		       size_t n, const long *off);
/* Free the list d unreported (what a thread read is undone). */
void acct_defer_free(struct acct_defer *d);
static inline void acct_use(struct acct *a)
{
	a->read++;
	a->used++;
}
static inline void acct_skip(struct acct *a)
{
	a->read++;
	a->skipped++;
}
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
 * Print the count of the reject lines not shown, by reason, and
 * "tool: N read, N used, N rejected[, N skipped]" (unless quiet), close
 * --rejects, and return the exit status: EXIT_DATA if rows were read and
 * none used, if strict and anything was rejected, or if more than
 * max_rate of the rows read were rejected (each with a line saying so,
 * even when quiet); else EXIT_DONE.
 */
int acct_finish(struct acct *a);
/* The exit status acct_finish would return, without printing. */
int acct_status(const struct acct *a);

#endif
