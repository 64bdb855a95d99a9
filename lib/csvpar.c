/*
 * csvpar: parallel reading of a CSV input's records (see csvpar.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chunk.h"
#include "csvpar.h"
#include "diag.h"
#include "xalloc.h"

/* ---- byte ranges of a regular file ---- */

/*
 * The byte offset after the header line, if the file can be split: a
 * regular file whose first line is the header and has no quote.
 */
static long long split_point(const char *path, long long *size)
{
	struct stat sb;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!strcmp(path, "-") || stat(path, &sb) || !S_ISREG(sb.st_mode))
		return -1;
	if (!(fp = fopen(path, "rb")))
		return -1;
	n = getline(&line, &cap, fp);
	fclose(fp);
	if (n <= 0 || line[n - 1] != '\n' || memchr(line, '"', (size_t)n)) {
		free(line);
		return -1;
	}
	free(line);
	*size = sb.st_size;
	return n;
}

/* Line breaks in the first n bytes of path (a reject's line number). */
static long lines_before(const char *path, long long n)
{
	FILE *fp = fopen(path, "rb");
	char buf[1 << 16];
	long lines = 0;

	if (!fp)
		die(EXIT_IO, "%s:", path);
	while (n > 0) {
		size_t k = fread(
		    buf, 1,
		    n < (long long)sizeof(buf) ? (size_t)n : sizeof(buf), fp);
		char *p = buf, *e = buf + k;
		if (k == 0)
			break;
		while ((p = memchr(p, '\n', (size_t)(e - p)))) {
			lines++;
			p++;
		}
		n -= (long long)k;
	}
	fclose(fp);
	return lines;
}

/* One thread: a range, or the pieces it takes. Cache-line aligned. */
struct thread {
	const struct csvpar *p;
	int k;
	const char *path, *name;
	long long beg, end;
	struct acct_defer d;
	struct pieces *pc;
	long lines; /* read_range_pieces: line breaks in the range */
	int clean;  /* ... it ended after a line break outside quotes */
	_Alignas(64) char pad[1];
};

static void *read_range(void *arg)
{
	struct thread *t = arg;
	struct csvin *in =
	    csvin_open_range(t->path, t->p->delim, t->beg, t->end, 1);

	if (!in)
		exit(EXIT_IO);
	t->d.seq = t->k;
	t->p->rows(t->p->ctx, t->k, in, &t->d);
	csvin_free(in);
	return NULL;
}

/* Threads running fn over the ranges before cut[0], cut[1]...: joined. */
static struct thread *run_ranges(const struct csvpar *p, const char *path,
				 const char *name, long long hdr_end,
				 const long long *cut, void *(*fn)(void *))
{
	int n = p->jobs, k;
	struct thread *t =
	    aligned_alloc(64, ((size_t)n * sizeof(*t) + 63) / 64 * 64);
	pthread_t *th = xcalloc((size_t)n, sizeof(*th));

	if (!t)
		die(EXIT_IO, "out of memory");
	memset(t, 0, (size_t)n * sizeof(*t));
	for (k = 0; k < n; k++) {
		t[k].p = p;
		t[k].k = k;
		t[k].path = path;
		t[k].name = name;
		t[k].beg = k ? t[k - 1].end : hdr_end;
		t[k].end = cut[k];
		if (pthread_create(&th[k], NULL, fn, &t[k]))
			die(EXIT_IO, "cannot start a thread:");
	}
	for (k = 0; k < n; k++)
		pthread_join(th[k], NULL);
	free(th);
	return t;
}

#define RANGE_PIECE (1u << 20)

/*
 * A range read in pieces of whole lines (lib/chunk), each split in
 * place: the quotes are counted in bytes just read, and the range's
 * last piece says whether the guessed cut after it was outside quotes.
 */
static void *read_range_pieces(void *arg)
{
	struct thread *t = arg;
	FILE *fp = fopen(t->path, "rb");
	struct chunker *ch;
	struct chunk ck;
	long line = 1;

	if (!fp || fseeko(fp, (off_t)t->beg, SEEK_SET) != 0)
		die(EXIT_IO, "%s:", t->path);
	ch = chunker_open(fp, t->name, RANGE_PIECE, NULL, 0);
	chunker_set_delim(ch, t->p->delim);
	chunker_set_limit(ch, t->end - t->beg);
	memset(&ck, 0, sizeof(ck));
	t->d.seq = t->k;
	while (chunker_next(ch, &ck)) {
		struct csvin *in =
		    csvin_open_mem(ck.buf, ck.n, t->name, t->p->delim, line);
		t->p->rows(t->p->ctx, t->k, in, &t->d);
		line = csvin_line(in);
		csvin_free(in);
	}
	t->lines = line - 1;
	t->clean = chunker_clean_end(ch);
	free(ck.buf);
	chunker_free(ch);
	fclose(fp);
	return NULL;
}

/*
 * The ranges read from guessed cuts; 1, or 0 (everything the threads
 * read undone) when a cut turned out to be inside quotes.
 */
static int read_ranges_guessed(const struct csvpar *p, const char *path,
			       long long hdr_end, long long size, long hdr_line,
			       struct acct *acct, const char *name)
{
	int n = p->jobs, k, ok = 1;
	long long *cut = xcalloc((size_t)n, sizeof(*cut));
	struct acct_defer *d = xcalloc((size_t)n, sizeof(*d));
	long *off = xcalloc((size_t)n, sizeof(*off));
	struct thread *t;

	chunk_file_guess(path, hdr_end, size, n, cut);
	t = run_ranges(p, path, name, hdr_end, cut, read_range_pieces);
	/* each cut is right if every range before it ended outside quotes */
	for (k = 0; k + 1 < n; k++)
		ok &= t[k].clean;
	if (ok) {
		off[0] = hdr_line;
		for (k = 0; k < n; k++) {
			d[k] = t[k].d;
			if (k)
				off[k] = off[k - 1] + t[k - 1].lines;
		}
		acct_defer_report(acct, name, d, (size_t)n, off);
	} else {
		for (k = 0; k < n; k++)
			acct_defer_free(&t[k].d);
		p->spec(p->ctx, 1);
	}
	free(off);
	free(d);
	free(cut);
	free(t);
	return ok;
}

static void read_ranges(const struct csvpar *p, const char *path,
			long long hdr_end, long long size, struct acct *acct,
			const char *name)
{
	int n = p->jobs, k;
	long long *cut = xcalloc((size_t)n, sizeof(*cut));
	struct acct_defer *d = xcalloc((size_t)n, sizeof(*d));
	long *off = xcalloc((size_t)n, sizeof(*off));
	struct thread *t;

	chunk_file_cuts(path, p->delim, hdr_end, size, n, cut);
	t = run_ranges(p, path, name, hdr_end, cut, read_range);
	for (k = 0; k < n; k++) {
		d[k] = t[k].d;
		off[k] = d[k].n ? lines_before(path, t[k].beg) : 0;
	}
	acct_defer_report(acct, name, d, (size_t)n, off);
	free(off);
	free(d);
	free(cut);
	free(t);
}

/* ---- pieces of a stream ---- */

#define PIECE_BYTES (4u << 20)

struct pieces {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct chunk *q; /* ring of pieces to read */
	size_t qcap, head, n;
	struct chunk *spare; /* buffers read, for the next pieces */
	size_t nspare, sparecap;
	long *lines; /* lines per piece, by piece number */
	size_t linecap;
	int done;
	const char *name;
};

static void *read_pieces_worker(void *arg)
{
	struct thread *t = arg;
	struct pieces *pc = t->pc;
	struct chunk ck;

	for (;;) {
		struct csvin *in;
		long nl;
		pthread_mutex_lock(&pc->mu);
		while (pc->n == 0 && !pc->done)
			pthread_cond_wait(&pc->can_get, &pc->mu);
		if (pc->n == 0) {
			pthread_mutex_unlock(&pc->mu);
			break;
		}
		ck = pc->q[pc->head];
		pc->head = (pc->head + 1) % pc->qcap;
		pc->n--;
		pthread_cond_signal(&pc->can_put);
		pthread_mutex_unlock(&pc->mu);

		in = csvin_open_mem(ck.buf, ck.n, pc->name, t->p->delim, 1);
		t->d.seq = ck.seq;
		t->p->rows(t->p->ctx, t->k, in, &t->d);
		nl = csvin_line(in) - 1;
		csvin_free(in);

		pthread_mutex_lock(&pc->mu);
		pc->lines = xgrow(pc->lines, &pc->linecap, (size_t)ck.seq + 1,
				  sizeof(*pc->lines));
		pc->lines[ck.seq] = nl;
		pc->spare = xgrow(pc->spare, &pc->sparecap, pc->nspare + 1,
				  sizeof(*pc->spare));
		pc->spare[pc->nspare++] = ck;
		pthread_mutex_unlock(&pc->mu);
	}
	return NULL;
}

static void read_pieces(const struct csvpar *p, struct csvin *in, FILE *fp,
			struct acct *acct)
{
	int n = p->jobs, k, peek = p->peek != NULL;
	struct thread *t =
	    aligned_alloc(64, ((size_t)n * sizeof(*t) + 63) / 64 * 64);
	pthread_t *th = xcalloc((size_t)n, sizeof(*th));
	struct acct_defer *d = xcalloc((size_t)n, sizeof(*d));
	struct pieces pc;
	struct chunker *ch;
	struct chunk ck;
	size_t i, npieces = 0;
	long first = csvin_line(in), *off;
	const char *pre, *piece;
	size_t npre;

	if (!t)
		die(EXIT_IO, "out of memory");
	memset(t, 0, (size_t)n * sizeof(*t));
	memset(&pc, 0, sizeof(pc));
	pthread_mutex_init(&pc.mu, NULL);
	pthread_cond_init(&pc.can_put, NULL);
	pthread_cond_init(&pc.can_get, NULL);
	pc.qcap = (size_t)n;
	pc.q = xcalloc(pc.qcap, sizeof(*pc.q));
	pc.name = csvin_name(in);
	pre = csvin_rest(in, &npre);
	piece = getenv("TELAUDIT_PIECE_BYTES");
	ch = chunker_open(fp, pc.name,
			  piece ? strtoul(piece, NULL, 10) : PIECE_BYTES, pre,
			  npre);
	chunker_set_delim(ch, p->delim);
	for (k = 0; k < n; k++) {
		t[k].p = p;
		t[k].k = k;
		t[k].pc = &pc;
		if (pthread_create(&th[k], NULL, read_pieces_worker, &t[k]))
			die(EXIT_IO, "cannot start a thread:");
	}
	for (;;) {
		memset(&ck, 0, sizeof(ck));
		pthread_mutex_lock(&pc.mu);
		if (pc.nspare)
			ck = pc.spare[--pc.nspare];
		pthread_mutex_unlock(&pc.mu);
		if (!chunker_next(ch, &ck)) {
			free(ck.buf);
			break;
		}
		npieces++;
		if (peek) {
			/* a copy: csvin_open_mem splits fields in place */
			char *copy = xmalloc(ck.n + 1);
			struct csvin *pin;
			memcpy(copy, ck.buf, ck.n);
			pin = csvin_open_mem(copy, ck.n, pc.name, p->delim, 1);
			peek = p->peek(p->ctx, pin);
			csvin_free(pin);
			free(copy);
		}
		pthread_mutex_lock(&pc.mu);
		while (pc.n == pc.qcap)
			pthread_cond_wait(&pc.can_put, &pc.mu);
		pc.q[(pc.head + pc.n) % pc.qcap] = ck;
		pc.n++;
		pthread_cond_signal(&pc.can_get);
		pthread_mutex_unlock(&pc.mu);
	}
	pthread_mutex_lock(&pc.mu);
	pc.done = 1;
	pthread_cond_broadcast(&pc.can_get);
	pthread_mutex_unlock(&pc.mu);
	for (k = 0; k < n; k++)
		pthread_join(th[k], NULL);
	/* the line before each piece, then the rejects in input order */
	off = xmalloc((npieces + 1) * sizeof(*off));
	off[0] = first - 1;
	for (i = 0; i < npieces; i++)
		off[i + 1] = off[i] + pc.lines[i];
	for (k = 0; k < n; k++)
		d[k] = t[k].d;
	acct_defer_report(acct, pc.name, d, (size_t)n, off);
	for (i = 0; i < pc.nspare; i++)
		free(pc.spare[i].buf);
	free(pc.spare);
	free(pc.q);
	free(pc.lines);
	free(off);
	chunker_free(ch);
	pthread_mutex_destroy(&pc.mu);
	pthread_cond_destroy(&pc.can_put);
	pthread_cond_destroy(&pc.can_get);
	free(d);
	free(th);
	free(t);
}

int csvpar_read(const struct csvpar *p, struct csvin *in, const char *path,
		long hdr_line, struct acct *acct)
{
	long long size = 0,
		  hdr_end = hdr_line == 1 ? split_point(path, &size) : -1;

	if (hdr_end > 0) {
		/* --manifest: the ranges are not hashed as they are read */
		csvin_manifest_whole(in, path);
		if (p->peek) {
			struct csvin *pin = csvin_open_range(
			    path, p->delim, hdr_end, -1, hdr_line + 1);
			if (pin) {
				p->peek(p->ctx, pin);
				csvin_free(pin);
			}
		}
		if (p->spec && p->spec(p->ctx, 0) &&
		    read_ranges_guessed(p, path, hdr_end, size, hdr_line, acct,
					csvin_name(in)))
			return 1;
		read_ranges(p, path, hdr_end, size, acct, csvin_name(in));
		return 1;
	}
	if (csvin_file(in)) {
		read_pieces(p, in, csvin_file(in), acct);
		return 1;
	}
	return 0;
}
