/*
 * chunk: line-aligned pieces of a stream (see chunk.h).
 *
 * The bytes after the last cut are carried into the next piece. A cut
 * is placed only where the quotes seen so far are even in number, so
 * every piece starts outside quotes.
 */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "diag.h"
#include "xalloc.h"

struct chunker {
	FILE *fp;
	const char *name;
	size_t size;
	char *carry; /* bytes after the last cut */
	size_t ncarry, carrycap;
	int eof;
	long seq;
};

struct chunker *chunker_open(FILE *fp, const char *name, size_t size,
			     const char *pre, size_t npre)
{
	struct chunker *c = xcalloc(1, sizeof(*c));

	if (npre) {
		c->carry = xgrow(c->carry, &c->carrycap, npre, 1);
		memcpy(c->carry, pre, npre);
		c->ncarry = npre;
	}
	c->fp = fp;
	c->name = name;
	c->size = size < 16 ? 16 : size;
	return c;
}

void chunker_free(struct chunker *c)
{
	if (!c)
		return;
	free(c->carry);
	free(c);
}

/* The end of the last line of b[0..n) that ends outside quotes; 0 if none. */
static size_t last_cut(const char *b, size_t n)
{
	const char *p = b, *e = b + n, *quote, *nl;
	size_t cut = 0;
	int q = 0;

	for (;;) {
		quote = memchr(p, '"', (size_t)(e - p));
		/* every line break before the next quote ends a line */
		if (!q) {
			const char *lim = quote ? quote : e;
			nl = memrchr(p, '\n', (size_t)(lim - p));
			if (nl)
				cut = (size_t)(nl - b) + 1;
		}
		if (!quote)
			break;
		q ^= 1;
		p = quote + 1;
	}
	return cut;
}

/* Bytes in buf up to want (growing it), from fp; sets c->eof. */
static void read_to(struct chunker *c, struct chunk *ck, size_t want)
{
	if (ck->cap < want + 1) {
		ck->cap = want + 1;
		ck->buf = xrealloc(ck->buf, ck->cap);
	}
	while (ck->n < want && !c->eof) {
		size_t got = fread(ck->buf + ck->n, 1, want - ck->n, c->fp);
		if (got == 0) {
			if (ferror(c->fp))
				die(EXIT_IO, "%s: read error:", c->name);
			c->eof = 1;
		}
		ck->n += got;
	}
}

int chunker_next(struct chunker *c, struct chunk *ck)
{
	size_t want = c->size, cut;

	if (c->eof && c->ncarry == 0)
		return 0;
	if (ck->cap < c->ncarry + 1) {
		ck->cap = c->ncarry + 1;
		ck->buf = xrealloc(ck->buf, ck->cap);
	}
	memcpy(ck->buf, c->carry, c->ncarry);
	ck->n = c->ncarry;
	c->ncarry = 0;
	for (;;) {
		read_to(c, ck, want);
		if (c->eof && ck->n <= want) {
			cut = ck->n; /* the last piece */
			break;
		}
		if ((cut = last_cut(ck->buf, ck->n < want ? ck->n : want)) > 0)
			break;
		want *= 2; /* a line longer than the piece */
	}
	c->ncarry = ck->n - cut;
	if (c->ncarry) {
		c->carry = xgrow(c->carry, &c->carrycap, c->ncarry, 1);
		memcpy(c->carry, ck->buf + cut, c->ncarry);
	}
	ck->n = cut;
	ck->seq = c->seq++;
	return cut > 0;
}
