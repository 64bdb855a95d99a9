/*
 * chunk: a stream cut into pieces of whole lines for parallel readers
 * (kpi-calc --jobs on a pipe). A piece ends after a line break outside
 * quotes, counting quote characters from the start of the stream: exact
 * for CSV whose quoted fields are well formed (a quote inside an
 * unquoted field can move a cut into a quoted field). Pieces come in
 * stream order, numbered from 0.
 *
 * Ownership: a piece's buffer belongs to the caller once handed out
 * (free it, or give it back with chunk_recycle); it has one byte more
 * than its length, for csvin_open_mem.
 */
#ifndef TA_CHUNK_H
#define TA_CHUNK_H

#include <stddef.h>
#include <stdio.h>

struct chunk {
	char *buf;
	size_t n, cap;
	long seq;
};

struct chunker;

/*
 * Where a CSV stream's lines end outside quotes, as csvin (libcsv)
 * reads it: a quote opens a quoted field only at the start of a field;
 * inside, "" is a quote, and a closing quote followed by anything but
 * the delimiter or a line break leaves the field open (libcsv without
 * CSV_STRICT). A quote inside an unquoted field is data. Initialise
 * with {delim, 0, 0} at the start of a line outside quotes.
 */
struct csvscan {
	char delim;
	int quoted;   /* inside a quoted field */
	size_t nextq; /* the next quote at or after the position (a cache) */
};
/*
 * From offset *pos of b[0..n) in state *st: the offset just after the
 * first line break outside quotes at an offset >= want, with *pos moved
 * there; 0 if there is none before n (*pos = n). b must start at the
 * start of a line; a later call continues from *pos with the same st.
 */
size_t csvscan_break(struct csvscan *st, const char *b, size_t n, size_t *pos,
		     size_t want);

/*
 * kpi-calc --jobs on a file: the n - 1 cuts of bytes [beg, size) of
 * path (beg a line start outside quotes) into n ranges of about equal
 * size, each cut after a line break outside quotes (csvscan_break): a
 * quoted line break is never cut, and a quote left open to the end
 * leaves the rest to one range. cut[k] = size for the cuts not found
 * and for k = n - 1. The file is mapped, scanned once, unmapped.
 */
void chunk_file_cuts(const char *path, char delim, long long beg,
		     long long size, int n, long long *cut);

/*
 * The same cuts as chunk_file_cuts would place when no line break near
 * them is inside quotes, without reading the file up to them: each after
 * the first line break at or after the share's end (a guess that the
 * reader of the range before checks: chunker_clean_end).
 */
void chunk_file_guess(const char *path, long long beg, long long size, int n,
		      long long *cut);

/*
 * Read fp (borrowed) in pieces of about size bytes, after the npre bytes
 * at pre (copied: what another reader read ahead, see csvin_rest); name
 * is for messages.
 */
struct chunker *chunker_open(FILE *fp, const char *name, size_t size,
			     const char *pre, size_t npre);
/* The input's field delimiter (default ','), for csvscan_break. */
void chunker_set_delim(struct chunker *c, char delim);
/* Read no more than n bytes of fp (a byte range of a file). */
void chunker_set_limit(struct chunker *c, long long n);
/*
 * After the last piece: did the input end after a line break outside
 * quotes (or hold nothing)? Reading from the start of a line outside
 * quotes, as csvscan_break counts them.
 */
int chunker_clean_end(const struct chunker *c);
/* The next piece into *ck (its buffer reused if it has one); 0 at end. */
int chunker_next(struct chunker *c, struct chunk *ck);
void chunker_free(struct chunker *c);

#endif
