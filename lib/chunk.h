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
 * Read fp (borrowed) in pieces of about size bytes, after the npre bytes
 * at pre (copied: what another reader read ahead, see csvin_rest); name
 * is for messages.
 */
struct chunker *chunker_open(FILE *fp, const char *name, size_t size,
			     const char *pre, size_t npre);
/* The next piece into *ck (its buffer reused if it has one); 0 at end. */
int chunker_next(struct chunker *c, struct chunk *ck);
void chunker_free(struct chunker *c);

#endif
