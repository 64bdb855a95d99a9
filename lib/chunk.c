/*
 * chunk: line-aligned pieces of a stream (see chunk.h).
 *
 * The bytes after the last cut are carried into the next piece. A cut
 * is placed only after a line break outside quotes (csvscan_break), so
 * every piece starts outside quotes.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
	char delim;
	long long left; /* chunker_set_limit: bytes still to read, -1 none */
	int clean;	/* the last piece ended after a cut */
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
	c->delim = ',';
	c->left = -1;
	c->clean = 1;
	return c;
}

void chunker_set_limit(struct chunker *c, long long n)
{
	c->left = n;
}

int chunker_clean_end(const struct chunker *c)
{
	return c->clean;
}

void chunker_set_delim(struct chunker *c, char delim)
{
	c->delim = delim;
}

void chunker_free(struct chunker *c)
{
	if (!c)
		return;
	free(c->carry);
	free(c);
}

size_t csvscan_break(struct csvscan *st, const char *b, size_t n, size_t *pos,
		     size_t want)
{
	size_t p = *pos;

	while (p < n) {
		const char *q, *nl;
		size_t at;

		if (st->quoted) {
			q = memchr(b + p, '"', n - p);
			if (!q)
				break;
			at = (size_t)(q - b);
			if (at + 1 < n && b[at + 1] == '"') {
				p = at + 2; /* "" is a quote */
				continue;
			}
			p = at + 1;
			/* the field ends at a delimiter or a line end (csvin
			 * drops a CR before LF); else it goes on, quoted */
			if (p == n || b[p] == st->delim || b[p] == '\n' ||
			    (b[p] == '\r' && p + 1 < n && b[p + 1] == '\n'))
				st->quoted = 0;
			continue;
		}
		if (st->nextq < p || (st->nextq < n && b[st->nextq] != '"')) {
			q = memchr(b + p, '"', n - p);
			st->nextq = q ? (size_t)(q - b) : n;
		}
		/* line breaks before the next quote are outside quotes */
		at = want > p ? want : p;
		if (at < st->nextq &&
		    (nl = memchr(b + at, '\n', st->nextq - at))) {
			*pos = (size_t)(nl - b) + 1;
			return *pos;
		}
		if (st->nextq >= n)
			break;
		at = st->nextq;
		/* a quote opens a field only at its start */
		if (at == 0 || b[at - 1] == st->delim || b[at - 1] == '\n')
			st->quoted = 1;
		p = at + 1;
	}
	*pos = n;
	return 0;
}

void chunk_file_guess(const char *path, long long beg, long long size, int n,
		      long long *cut)
{
	char buf[1 << 16];
	long long len = size - beg, from = 0, at;
	FILE *fp;
	int k;

	for (k = 0; k < n; k++)
		cut[k] = size;
	if (len == 0)
		return;
	if (!(fp = fopen(path, "rb")))
		die(EXIT_IO, "%s:", path);
	for (k = 0; k < n - 1; k++) {
		long long want = len * (k + 1) / n;
		const char *nl = NULL;
		size_t got = 0;
		/* the first line break at an offset >= want - 1, from the last
		 * cut on (as chunk_file_cuts) */
		at = want ? want - 1 : 0;
		if (at < from)
			at = from;
		while (at < len) {
			if (fseeko(fp, (off_t)(beg + at), SEEK_SET) != 0 ||
			    !(got = fread(buf, 1, sizeof(buf), fp)))
				break;
			if ((nl = memchr(buf, '\n', got)))
				break;
			at += (long long)got;
		}
		if (!nl)
			break;
		from = at + (nl - buf) + 1;
		cut[k] = beg + from;
	}
	fclose(fp);
}

void chunk_file_cuts(const char *path, char delim, long long beg,
		     long long size, int n, long long *cut)
{
	struct csvscan st = {delim, 0, 0};
	size_t pos = 0, len = (size_t)(size - beg), c;
	int fd, k;
	long long off = beg / sysconf(_SC_PAGESIZE) * sysconf(_SC_PAGESIZE);
	char *map;

	for (k = 0; k < n; k++)
		cut[k] = size;
	if (len == 0)
		return;
	if ((fd = open(path, O_RDONLY)) < 0)
		die(EXIT_IO, "%s:", path);
	map = mmap(NULL, (size_t)(size - off), PROT_READ, MAP_PRIVATE, fd,
		   (off_t)off);
	close(fd);
	if (map == MAP_FAILED)
		die(EXIT_IO, "%s:", path);
	for (k = 0; k < n - 1; k++) {
		size_t want = (size_t)((long long)len * (k + 1) / n);
		c = csvscan_break(&st, map + (beg - off), len, &pos,
				  want ? want - 1 : 0);
		if (!c)
			break;
		cut[k] = beg + (long long)c;
	}
	munmap(map, (size_t)(size - off));
}

/* The end of the last line of b[0..n) that ends outside quotes; 0 if none. */
static size_t last_cut(const char *b, size_t n, char delim)
{
	struct csvscan st = {delim, 0, 0};
	size_t pos = 0, cut = 0, c;
	const char *nl;

	if (!memchr(b, '"', n)) /* every line break is outside quotes */
		return (nl = memrchr(b, '\n', n)) ? (size_t)(nl - b) + 1 : 0;
	while ((c = csvscan_break(&st, b, n, &pos, pos)))
		cut = c;
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
		size_t ask = want - ck->n, got;
		if (c->left >= 0 && (unsigned long long)c->left < ask)
			ask = (size_t)c->left;
		got = ask ? fread(ck->buf + ck->n, 1, ask, c->fp) : 0;
		if (c->left > 0)
			c->left -= (long long)got;
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
	if (c->ncarry) /* none yet: carry is NULL */
		memcpy(ck->buf, c->carry, c->ncarry);
	ck->n = c->ncarry;
	c->ncarry = 0;
	for (;;) {
		read_to(c, ck, want);
		if (c->eof && ck->n <= want) {
			cut = ck->n; /* the last piece */
			c->clean =
			    cut == 0 || last_cut(ck->buf, cut, c->delim) == cut;
			break;
		}
		if ((cut = last_cut(ck->buf, ck->n < want ? ck->n : want,
				    c->delim)) > 0)
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
