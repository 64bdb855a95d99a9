/*
 * csvpar: the records after the header of a CSV input read in parallel
 * (kpi-calc --jobs), over csvin and chunk.
 *
 * A regular file whose header is its first line and holds no quote is
 * read in byte ranges of about equal size, cut only after a line break
 * outside quotes (chunk_file_cuts), one thread a range. With spec, the
 * cuts are guessed (chunk_file_guess) and each range read in pieces of
 * whole lines whose quotes are counted as they come (lib/chunk): a range
 * that ends inside quotes undoes the run, which starts again from cuts
 * found by a scan of the file. Any other stream
 * is cut into pieces of whole lines (lib/chunk) that the threads take
 * in turn. A thread must not print: its rejects are kept (acct_defer)
 * and reported by the calling thread once all have ended, in input
 * order, with their line numbers in the whole input.
 */
#ifndef TA_CSVPAR_H
#define TA_CSVPAR_H

#include "acct.h"
#include "csvin.h"

struct csvpar {
	int jobs;   /* threads (> 1) */
	char delim; /* the input's field delimiter */
	/*
	 * Thread k reads the records of in (a range or a piece) into what
	 * it owns; rejects and the counts of used and skipped rows go to d.
	 */
	void (*rows)(void *ctx, int k, struct csvin *in, struct acct_defer *d);
	/*
	 * Optional, in the calling thread before any record is handed to
	 * a thread: a reader of the first records (of the whole file, or of
	 * each piece in turn while it returns 1), e.g. to fix the report
	 * zone from the first record.
	 */
	int (*peek)(void *ctx, struct csvin *in);
	/*
	 * Optional: lets the threads read a file's byte ranges before the
	 * cuts between them are known to be outside quotes, each checked by
	 * the reader of the range before it (no reading of the whole file
	 * first). spec(ctx, 0) before they start: 1 if they may (remember
	 * what an undo must restore), 0 if not; spec(ctx, 1) when a cut was
	 * inside a quoted field: drop all the threads read (their groups and
	 * whatever else they changed), the file is then read again from
	 * cuts found by reading it first.
	 */
	int (*spec)(void *ctx, int undo);
	void *ctx;
};

/*
 * Read the records after the header of in (opened on path, its header
 * read, on line hdr_line) in p->jobs threads and report their rejects to
 * acct. Returns 1, or 0 when in can be split neither way (read it
 * yourself). in stays the caller's.
 */
int csvpar_read(const struct csvpar *p, struct csvin *in, const char *path,
		long hdr_line, struct acct *acct);

#endif
