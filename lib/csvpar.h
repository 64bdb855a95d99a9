/*
 * csvpar: the records after the header of a CSV input read in parallel
 * (kpi-calc --jobs), over csvin and chunk.
 *
 * A regular file whose header is its first line and holds no quote is
 * read in byte ranges of about equal size, cut only after a line break
 * outside quotes (chunk_file_cuts), one thread a range; any other stream
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
