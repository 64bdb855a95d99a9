/*
 * csvin: pull reader of RFC 4180 CSV over libcsv (see csvin.h).
 *
 * The input is cut into physical lines ('\n'; a '\r' before it is
 * dropped) so that every record knows the line it started on. A line
 * read while no record is open is split in place when it keeps to the
 * common grammar: fields either unquoted without a quote character, or
 * quoted from the first byte to a closing quote followed by the
 * delimiter or the end of the line, with quotes inside doubled (the
 * fast paths: split_line without any quote, quoted_line otherwise). A
 * field is rewritten only when it holds a doubled quote. Every other
 * line (a quoted line break, a quote inside an unquoted field, bytes
 * after a closing quote) goes through libcsv, which is the reference:
 * tests/csvin-diff.c and fuzz/csvin.c check that both give the same
 * records.
 *
 * The common lines are found and split 64 bytes at a time (block_line):
 * bit masks of the delimiter, quote and line feed bytes (SSE2 compares
 * on x86-64, a byte loop elsewhere), the bytes inside quotes by a prefix
 * XOR of the quote mask carried from block to block, field ends = the
 * delimiters outside quotes. A line the masks leave (its line feed not
 * in the buffer yet, a CR ending the block before its line feed, or any
 * doubt about the grammar) goes to the byte loops, which take it or
 * hand it to libcsv as before; block_line takes only lines the byte
 * loops take, with the same fields.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "csvin.h"
#include "diag.h"
#include "manifest.h"
#include "xalloc.h"

/* CSVIN_SCALAR (make OPT='-O2 -DCSVIN_SCALAR'): the portable masks */
#if defined(__SSE2__) && !defined(CSVIN_SCALAR)
#include <emmintrin.h>
#define CSVIN_SSE2 1
#endif

/*
 * A fuzzing build (make fuzz-build) starts from small buffers: a 1 MiB
 * allocation per input cost ASan a page-faulting memset on every run (186
 * runs a second), and small buffers also take the refill and growth paths
 * on short inputs.
 */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define CSVIN_BUF 64u
#define CSVIN_BLK 64u
#else
#define CSVIN_BUF (1u << 20) /* initial read buffer */
#define CSVIN_BLK (1u << 20)
#endif

#define CSVIN_MAX_LINE (4u << 20) /* longer lines go to libcsv in pieces */

struct csvin {
	FILE *fp;
	const char *name;
	char delim;
	struct csv_parser p;
	char *buf;	      /* read buffer */
	size_t cap, beg, end; /* valid bytes are buf[beg..end) */
	int eof, started, done;
	int raw;       /* csvin_set_raw: quotes are data */
	int reference; /* csvin_set_reference: libcsv only */
	int blocks;    /* block_line may split lines (csvin_set_bytewise) */
	int borrowed;  /* buf belongs to the caller (csvin_open_mem) */
	unsigned long long fast;  /* lines split by the fast paths */
	unsigned long long block; /* of them by block_line */
	long line;		  /* physical line of the next byte */
	unsigned long long bytes;
	struct manifest_in *mi; /* --manifest: the stream's hash */
	long long left;		/* bytes still to read, -1: no limit */
	/* the record being built by libcsv: fields in one arena */
	char *arena;
	size_t acap, alen;
	size_t *off; /* field offsets into arena */
	size_t ocap;
	/* the row handed out */
	char **f;
	size_t *len;
	size_t fcap, nf;
	long rec_start; /* line the open libcsv record began on */
	/* the bytes fed to libcsv after the first line of the open record,
	 * to read them again if its quote never closes (see replay) */
	char *pend;
	size_t plen, pcap;
	int rec_done; /* libcsv finished a record */
	int toolong;  /* libcsv handed a field over the limit */
	const char *err;
	char errbuf[160];
	struct ahead *ah; /* csvin_set_ahead: the reading thread */
};

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int nl_term(unsigned char c)
{
	return c == '\n';
}

/* The delimiters block_line splits on (the byte loops take the others). */
static int block_delim(char delim)
{
	return delim != '"' && delim != '\n' && delim != '\r';
}

static void parser_init(struct csvin *in)
{
	if (csv_init(&in->p, CSV_STRICT_FINI) != 0)
		die(EXIT_IO, "out of memory");
	csv_set_delim(&in->p, (unsigned char)in->delim);
	csv_set_space_func(&in->p, no_space);
	csv_set_term_func(&in->p, nl_term);
	/* grow field buffers in large steps: libcsv's default of 128 bytes
	 * makes a long field cost quadratic copying */
	csv_set_blk_size(&in->p, CSVIN_BLK);
}

void pipe_widen(FILE *fp)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	int fd = fileno(fp);

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < PIPE_WIDE)
		(void)fcntl(fd, F_SETPIPE_SZ, PIPE_WIDE);
#else
	(void)fp;
#endif
}

static struct csvin *open_in(const char *path, char delim)
{
	struct csvin *in;
	FILE *fp;

	if (!path || strcmp(path, "-") == 0) {
		fp = stdin;
		path = "-";
		pipe_widen(fp);
	} else if (!(fp = fopen(path, "rb"))) {
		warnx("%s:", path);
		return NULL;
	}
	in = xcalloc(1, sizeof(*in));
	in->fp = fp;
	in->name = path;
	in->delim = delim;
	in->cap = CSVIN_BUF;
	in->buf = xmalloc(in->cap + 1);
	in->line = 1;
	in->left = -1;
	in->blocks = block_delim(delim);
	parser_init(in);
	return in;
}

/* Every whole stream read is hashed for --manifest as it is read. */
struct csvin *csvin_open(const char *path, char delim)
{
	struct csvin *in = open_in(path, delim);

	if (in)
		in->mi = manifest_input(in->name);
	return in;
}

void csvin_manifest_whole(struct csvin *in, const char *path)
{
	manifest_input_whole(in->mi, path);
}

struct csvin *csvin_open_range(const char *path, char delim, long long beg,
			       long long end, long first_line)
{
	struct csvin *in = open_in(path, delim);

	if (!in)
		return NULL;
	if (fseeko(in->fp, (off_t)beg, SEEK_SET) != 0) {
		warnx("%s:", path);
		csvin_free(in);
		return NULL;
	}
	in->started = beg > 0; /* a BOM only at the start of the file */
	in->line = first_line;
	in->left = end < 0 ? -1 : end - beg;
	return in;
}

struct csvin *csvin_open_mem(char *buf, size_t n, const char *name, char delim,
			     long first_line)
{
	struct csvin *in = xcalloc(1, sizeof(*in));

	in->name = name;
	in->delim = delim;
	in->buf = buf;
	in->cap = in->end = n;
	in->borrowed = in->eof = in->started = 1;
	in->bytes = n;
	in->line = first_line;
	in->left = -1;
	in->blocks = block_delim(delim);
	parser_init(in);
	return in;
}

FILE *csvin_file(const struct csvin *in)
{
	if (in->ah)
		return NULL;
	return in->left < 0 && in->p.pstate == 0 && in->rec_start == 0 ? in->fp
								       : NULL;
}

static long ahead_line(const struct csvin *in);
static const char *ahead_error(const struct csvin *in);
static unsigned long long ahead_bytes(const struct csvin *in);
static void ahead_stop(struct csvin *in);

long csvin_line(const struct csvin *in)
{
	if (in->ah)
		return ahead_line(in);
	return in->line;
}

const char *csvin_rest(const struct csvin *in, size_t *n)
{
	if (in->ah) { /* taken over by its thread */
		*n = 0;
		return "";
	}
	*n = in->end - in->beg;
	return in->buf + in->beg;
}

const char *csvin_name(const struct csvin *in)
{
	return in->name;
}

const char *csvin_error(const struct csvin *in)
{
	if (in->ah)
		return ahead_error(in);
	return in->err ? in->err : "malformed record";
}

unsigned long long csvin_bytes(const struct csvin *in)
{
	if (in->ah)
		return ahead_bytes(in);
	return in->bytes;
}

void csvin_free(struct csvin *in)
{
	if (!in)
		return;
	ahead_stop(in);
	csv_free(&in->p);
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	if (!in->borrowed)
		free(in->buf);
	free(in->arena);
	free(in->pend);
	free(in->off);
	free(in->f);
	free(in->len);
	free(in);
}

/* Room for n fields in the row handed out. */
static void row_reserve(struct csvin *in, size_t n)
{
	if (n <= in->fcap)
		return;
	size_t c = in->fcap;
	in->f = xgrow(in->f, &c, n, sizeof(*in->f));
	c = in->fcap;
	in->len = xgrow(in->len, &c, n, sizeof(*in->len));
	in->fcap = c;
}

/* libcsv: end of a field. */
static void cb_field(void *s, size_t n, void *data)
{
	struct csvin *in = data;

	if (in->rec_start == 0)
		in->rec_start = in->line;
	if (n > CSVIN_MAX_FIELD) {
		in->toolong = 1;
		return;
	}
	in->off = xgrow(in->off, &in->ocap, in->nf + 1, sizeof(*in->off));
	in->arena = xgrow(in->arena, &in->acap, in->alen + n + 1, 1);
	in->off[in->nf++] = in->alen;
	if (n)
		memcpy(in->arena + in->alen, s, n);
	in->alen += n;
	in->arena[in->alen++] = '\0';
}

/* libcsv: end of a record. */
static void cb_record(int c, void *data)
{
	struct csvin *in = data;

	(void)c;
	if (in->rec_start == 0)
		in->rec_start = in->line;
	in->rec_done = 1;
}

/* Hand out the record libcsv built. */
static void take_record(struct csvin *in, struct csvrow *row)
{
	size_t i;

	row_reserve(in, in->nf);
	for (i = 0; i < in->nf; i++) {
		in->f[i] = in->arena + in->off[i];
		in->len[i] = (i + 1 < in->nf ? in->off[i + 1] : in->alen) -
			     in->off[i] - 1;
	}
	row->nf = in->nf;
	row->f = in->f;
	row->len = in->len;
	row->line = in->rec_start;
	row->end_line = in->line;
	in->rec_done = 0;
	in->rec_start = 0;
	in->plen = 0;
}

/* Forget the record being built (after it was taken or abandoned). */
static void reset_record(struct csvin *in)
{
	in->nf = 0;
	in->alen = 0;
	in->rec_start = 0;
	in->rec_done = 0;
	in->plen = 0;
}

/* Read more input; 0 at end of file. Exits EXIT_IO on a read error. */
static int fill(struct csvin *in)
{
	size_t n;

	if (in->eof)
		return 0;
	if (in->beg > 0) {
		memmove(in->buf, in->buf + in->beg, in->end - in->beg);
		in->end -= in->beg;
		in->beg = 0;
	}
	if (in->end == in->cap) {
		if (in->cap >= CSVIN_MAX_LINE)
			return 1; /* caller feeds a partial line */
		in->cap *= 2;
		in->buf = xrealloc(in->buf, in->cap + 1);
	}
	n = in->cap - in->end;
	if (in->left >= 0 && (unsigned long long)in->left < n)
		n = (size_t)in->left;
	n = n ? fread(in->buf + in->end, 1, n, in->fp) : 0;
	if (in->left > 0)
		in->left -= (long long)n;
	if (n == 0) {
		if (ferror(in->fp))
			die(EXIT_IO, "%s: read error:", in->name);
		in->eof = 1;
		return 0;
	}
	in->bytes += n;
	if (in->mi)
		manifest_input_data(in->mi, in->buf + in->end, n);
	if (!in->started) {
		in->started = 1;
		if (n >= 3 && memcmp(in->buf + in->end, "\xEF\xBB\xBF", 3) == 0)
			in->beg += 3;
	}
	in->end += n;
	return 1;
}

void csvin_set_raw(struct csvin *in)
{
	in->raw = 1;
}

void csvin_set_reference(struct csvin *in)
{
	in->reference = 1;
}

void csvin_set_bytewise(struct csvin *in)
{
	in->blocks = 0;
}

unsigned long long csvin_fast_lines(const struct csvin *in)
{
	return in->fast;
}

unsigned long long csvin_block_lines(const struct csvin *in)
{
	return in->block;
}

/*
 * Split a quote-free line in place on the delimiter: a byte loop (fields
 * are short: a memchr call per field costs more), with the delimiter
 * written at s[n] as a sentinel (s[n] is the line break, or the byte
 * after the buffer, and gets the last field's NUL anyway).
 */
static void split_line(struct csvin *in, char *s, size_t n, struct csvrow *row)
{
	char *p = s, *e = s + n, *q;
	const char delim = in->delim;
	size_t k = 0;

	*e = delim;
	for (;;) {
		if (k == in->fcap)
			row_reserve(in, k + 16);
		for (q = p; *q != delim; q++)
			;
		in->f[k] = p;
		in->len[k++] = (size_t)(q - p);
		*q = '\0';
		if (q == e)
			break;
		p = q + 1;
	}
	row->nf = k;
	row->f = in->f;
	row->len = in->len;
	row->line = row->end_line = in->line;
}

/* Undo the doubled quotes of the *len bytes at f, in place; end with NUL. */
static void unquote(char *f, size_t *len)
{
	size_t r, w = 0;

	for (r = 0; r < *len; r++, w++) {
		f[w] = f[r];
		if (f[r] == '"')
			r++;
	}
	f[w] = '\0';
	*len = w;
}

/*
 * The k fields found in a line accepted by quoted_line: end each with a
 * NUL (at its closing quote or delimiter, or the line break) and undo
 * the doubled quotes of the fields set in esc, in place.
 */
static void end_fields(struct csvin *in, size_t k, unsigned long long esc,
		       struct csvrow *row)
{
	size_t i;

	for (i = 0; i < k; i++) {
		if (i < 64 && (esc >> i & 1))
			unquote(in->f[i], &in->len[i]);
		else
			in->f[i][in->len[i]] = '\0';
	}
	row->nf = k;
	row->f = in->f;
	row->len = in->len;
	row->line = row->end_line = in->line;
}

/*
 * Split a line holding a quote in place if it keeps to the common
 * grammar (see the top of the file); 0 if it does not, with the line
 * untouched for libcsv. The first pass only finds the fields, so that a
 * line handed to libcsv is unchanged; the second ends them with a NUL
 * and removes the doubling of quotes, in place.
 */
static int quoted_line(struct csvin *in, char *s, size_t n, struct csvrow *row)
{
	char *p = s, *e = s + n, *q;
	const char delim = in->delim;
	size_t k = 0;
	unsigned long long esc = 0; /* bit k: field k holds a doubled quote */

	/*
	 * Byte loops with a quote at s[n] as the sentinel (the line break,
	 * or the byte after the buffer: libcsv is given s[0..n) only).
	 */
	*e = '"';
	for (;;) {
		if (k == in->fcap)
			row_reserve(in, k + 16);
		if (*p == '"' && p < e) {
			int dq = 0;
			for (q = ++p;; q += 2) {
				while (*q != '"')
					q++;
				/* no closing quote: a line break in quotes */
				if (q == e)
					return 0;
				if (q + 1 == e || q[1] != '"')
					break;
				dq = 1;
			}
			if (dq) {
				if (k >= 64)
					return 0;
				esc |= 1ull << k;
			}
			in->f[k] = p;
			in->len[k++] = (size_t)(q - p);
			p = q + 1;
			if (p == e)
				break;
			if (*p != delim)
				return 0; /* bytes after the closing quote */
			p++;
		} else {
			for (q = p; *q != delim && *q != '"'; q++)
				;
			/* a quote in an unquoted field: libcsv */
			if (q < e && *q == '"')
				return 0;
			in->f[k] = p;
			in->len[k++] = (size_t)(q - p);
			if (q == e)
				break;
			p = q + 1;
		}
	}
	end_fields(in, k, esc, row);
	return 1;
}

/*
 * 64 bytes as bit masks: bit i is set where byte i is the delimiter (d),
 * a quote (q, none when quotes are data) or a line feed (l).
 */
struct blk {
	uint64_t d, q, l;
};

#if !defined(CSVIN_SSE2) || defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
static void blk_bytes(const char *p, char delim, int raw, struct blk *m)
{
	unsigned i;

	m->d = m->q = m->l = 0;
	for (i = 0; i < 64; i++) {
		m->d |= (uint64_t)(p[i] == delim) << i;
		m->q |= (uint64_t)(!raw && p[i] == '"') << i;
		m->l |= (uint64_t)(p[i] == '\n') << i;
	}
}
#endif

#ifdef CSVIN_SSE2
static inline uint64_t sse_eq(const __m128i *v, __m128i c)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[0], c)) |
	       (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[1], c))
		   << 16 |
	       (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[2], c))
		   << 32 |
	       (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[3], c))
		   << 48;
}

static inline void blk_masks(const char *p, char delim, int raw, struct blk *m)
{
	__m128i v[4];

	v[0] = _mm_loadu_si128((const __m128i *)(const void *)p);
	v[1] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
	v[2] = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
	v[3] = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
	m->d = sse_eq(v, _mm_set1_epi8(delim));
	m->q = raw ? 0 : sse_eq(v, _mm_set1_epi8('"'));
	m->l = sse_eq(v, _mm_set1_epi8('\n'));
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	{ /* the fuzzer checks the SSE2 masks against the byte loop's */
		struct blk b;
		blk_bytes(p, delim, raw, &b);
		if (b.d != m->d || b.q != m->q || b.l != m->l)
			abort();
	}
#endif
}
#else
#define blk_masks blk_bytes
#endif

/* Bit i of the result: the XOR of bits 0..i of x. */
static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

static inline unsigned ctz64(uint64_t x)
{
	return (unsigned)__builtin_ctzll(x);
}

/*
 * Undo block_line's NULs in the first k fields of the line at s: each
 * was written over the field's closing quote or its delimiter.
 */
static void block_undo(struct csvin *in, char *s, size_t k)
{
	size_t i, start = 0;

	for (i = 0; i < k; i++) {
		char *p = in->f[i] + in->len[i];
		int quoted = in->f[i] != s + start;

		*p = quoted ? '"' : in->delim;
		start = (size_t)(p - s) + (size_t)quoted + 1;
	}
}

/*
 * Field k of the line at s: bytes [a, e) without their quotes if quoted
 * (a quote at a opens it; no quote for raw lines), ended with a NUL at e
 * or over its closing quote.
 */
static inline void put_field(char **f, size_t *len, size_t k, char *s, size_t a,
			     size_t e)
{
	size_t qd = s[a] == '"';

	f[k] = s + a + qd;
	len[k] = e - a - 2 * qd;
	s[e - qd] = '\0';
}

/*
 * The line at buf[beg] found and split 64 bytes at a time if it keeps to
 * the common grammar: 1 with the row, beg past the line; 0 with the line
 * as it was, for the byte loops (and libcsv after them) to read it.
 *
 * Per block: iq = the bytes inside quotes (an opening quote included, a
 * closing one not); a quote opens a field only at its start or right
 * after a closing quote (a doubled quote: dq marks its second byte); a
 * closing quote is followed by the delimiter, a quote or the end of the
 * line; the line must not end inside quotes. Blocks are read from the
 * buffer while 64 bytes are left in it, else from a copy padded with
 * zeros (never past the bytes read). Each field is ended with a NUL as
 * it is found; a line left to the byte loops gets its bytes back.
 */
static int block_line(struct csvin *in, struct csvrow *row)
{
	char *s = in->buf + in->beg;
	const size_t avail = in->end - in->beg;
	const char delim = in->delim;
	const int raw = in->raw;
	size_t base = 0, start = 0, k = 0, n = 0, fcap = in->fcap;
	uint64_t inq = 0; /* all ones: the last block ended inside quotes */
	uint64_t cc = 0;  /* 1: it ended on a closing quote */
	uint64_t fs = 1;  /* 1: a field starts at this block's first byte */
	int dqopen = 0;	  /* the open field holds a doubled quote */
	unsigned long long esc = 0; /* bit k: field k holds a doubled quote */
	unsigned t = 0;
	char **f = in->f;
	size_t *len = in->len;
	char pad[64];

	for (;; base += 64) {
		const char *b = s + base;
		struct blk m;
		uint64_t lim = ~0ull, dout;

		if (base + 64 > avail) {
			if (base >= avail)
				goto undo; /* no line feed read yet */
			memset(pad, 0, sizeof(pad));
			memcpy(pad, b, avail - base);
			b = pad;
		}
		blk_masks(b, delim, raw, &m);
		if (m.l) {
			t = ctz64(m.l);
			n = t; /* the line's bytes in this block */
			if (t ? b[t - 1] == '\r'
			      : base && s[base - 1] == '\r') {
				if (!t)
					goto undo; /* its CR in the last block
						    */
				n--;
			}
			if (base + n == 0)
				return 0; /* a blank line */
			lim = (1ull << n) - 1;
			m.d &= lim;
			m.q &= lim;
		}
		if (k + 64 >= fcap) { /* room for this block's fields */
			row_reserve(in, k + 64 + 16);
			f = in->f;
			len = in->len;
			fcap = in->fcap;
		}
		dout = m.d;
		if (!(m.q | inq | cc)) {
			/* no quote: the fields ending here are unquoted */
			fs = dout >> 63;
			for (; dout; dout &= dout - 1) {
				size_t e = base + ctz64(dout);
				f[k] = s + start;
				len[k++] = e - start;
				s[e] = '\0';
				start = e + 1;
			}
		} else {
			uint64_t iq = prefix_xor(m.q) ^ inq;
			uint64_t open = m.q & iq, close = m.q & ~iq;
			uint64_t after = close << 1 | cc, dq;

			dout &= ~iq;
			/* a quote inside an unquoted field */
			if (open & ~(dout << 1 | fs) & ~after)
				goto undo;
			/* bytes after a closing quote */
			if (after & ~(m.d | m.q) & lim)
				goto undo;
			dq = open & after;
			inq = 0 - (iq >> 63);
			cc = close >> 63;
			fs = dout >> 63;
			if (!(dq | dqopen)) {
				for (; dout; dout &= dout - 1) {
					size_t e = base + ctz64(dout);
					put_field(f, len, k++, s, start, e);
					start = e + 1;
				}
			} else {
				for (; dout; dout &= dout - 1) {
					size_t e = base + ctz64(dout);
					uint64_t below =
					    dq & ((dout & (0 - dout)) - 1);

					if (below || dqopen) {
						if (k >= 64)
							goto undo;
						esc |= 1ull << k;
					}
					dq &= ~below;
					dqopen = 0;
					put_field(f, len, k++, s, start, e);
					start = e + 1;
				}
				dqopen |= dq != 0;
			}
		}
		if (m.l)
			break;
	}
	if (inq)
		goto undo; /* a line break inside quotes */
	if (dqopen) {
		if (k >= 64)
			goto undo;
		esc |= 1ull << k;
	}
	n += base;
	if (!raw && s[start] == '"') {
		put_field(f, len, k++, s, start, n);
	} else {
		f[k] = s + start;
		len[k++] = n - start;
		s[n] = '\0';
	}
	for (; esc; esc &= esc - 1)
		unquote(f[ctz64(esc)], &len[ctz64(esc)]);
	row->nf = k;
	row->f = f;
	row->len = len;
	row->line = row->end_line = in->line;
	in->beg += base + t + 1;
	return 1;
undo:
	block_undo(in, s, k);
	return 0;
}

static int bad(struct csvin *in, struct csvrow *row, long line, const char *why)
{
	in->err = why;
	row->nf = 0;
	row->f = in->f;
	row->len = in->len;
	row->line = row->end_line = line;
	return CSVIN_BAD;
}

/* Feed bytes to libcsv; 0, or -1 if a field grew too long. */
static int feed(struct csvin *in, const char *s, size_t n)
{
	/* the lines after the first of an open record are kept */
	if (n && in->rec_start && in->rec_start < in->line) {
		in->pend = xgrow(in->pend, &in->pcap, in->plen + n, 1);
		memcpy(in->pend + in->plen, s, n);
		in->plen += n;
	}
	if (csv_parse(&in->p, s, n, cb_field, cb_record, in) != n)
		die(EXIT_IO, "%s: %s", in->name,
		    csv_strerror(csv_error(&in->p)));
	if (in->p.pstate != 0 && in->rec_start == 0)
		in->rec_start = in->line;
	if (in->toolong || in->p.entry_pos > CSVIN_MAX_FIELD ||
	    in->alen > CSVIN_MAX_FIELD * 4)
		return -1;
	return 0;
}

/*
 * The open record began on line start and its quote never closed (end
 * of input), or its field grew too long over several lines: a stray
 * quote most likely. Only its first line is bad; the lines after it
 * are read again as lines of their own, so that the rows a stray quote
 * swallowed are still counted. The bytes kept in pend go back in front
 * of what is still unread, and libcsv starts afresh on line start + 1.
 * Every replay moves on by one line at least.
 */
static void replay(struct csvin *in, long start)
{
	size_t rest = in->end - in->beg;

	if (in->beg < in->plen) { /* not a borrowed buffer: room for it */
		if (in->cap < in->plen + rest) {
			in->cap = in->plen + rest;
			in->buf = xrealloc(in->buf, in->cap + 1);
		}
		memmove(in->buf + in->plen, in->buf + in->beg, rest);
		in->beg = in->plen;
		in->end = in->plen + rest;
	}
	in->beg -= in->plen;
	if (in->plen)
		memcpy(in->buf + in->beg, in->pend, in->plen);
	csv_free(&in->p);
	parser_init(in);
	reset_record(in);
	in->toolong = 0;
	in->line = start + 1;
}

static int next_row(struct csvin *in, struct csvrow *row)
{
	char *s, *nl;
	size_t n;
	int whole, partial = 0, fed;

	if (in->done)
		return CSVIN_EOF;
	reset_record(in);
	for (;;) {
		if (in->blocks && in->p.pstate == 0 && in->rec_start == 0 &&
		    (in->raw || !in->reference) && block_line(in, row)) {
			in->block++;
			in->fast++;
			in->line++;
			return CSVIN_ROW;
		}
		nl = memchr(in->buf + in->beg, '\n', in->end - in->beg);
		if (!nl && !in->eof) {
			size_t before = in->end - in->beg;
			if (fill(in) && (in->end - in->beg) > before)
				continue;
			if (!in->eof) {
				/* a line longer than the buffer: feed a piece
				 */
				s = in->buf + in->beg;
				n = in->end - in->beg;
				in->beg = in->end;
				if (feed(in, s, n) < 0) {
					partial = 1;
					goto toolong;
				}
				continue;
			}
		}
		s = in->buf + in->beg;
		if (nl) {
			n = (size_t)(nl - s);
			in->beg += n + 1;
			whole = 1;
		} else {
			n = in->end - in->beg;
			in->beg = in->end;
			whole = 0;
			if (n == 0)
				break; /* end of input (a record still open
					  is an unterminated quote) */
		}
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (in->p.pstate == 0 && in->rec_start == 0 &&
		    (in->raw || !in->reference)) {
			if (n == 0) {
				in->line++;
				if (!whole && in->eof)
					break;
				continue;
			}
			if (in->raw || !memchr(s, '"', n)) {
				split_line(in, s, n, row);
				in->fast++;
				in->line++;
				return CSVIN_ROW;
			}
			if (in->delim != '"' && quoted_line(in, s, n, row)) {
				in->fast++;
				in->line++;
				return CSVIN_ROW;
			}
		}
		/* both fed, so that a replay has the line break too */
		fed = feed(in, s, n);
		fed |= feed(in, "\n", 1);
		if (fed < 0)
			goto toolong;
		if (in->rec_done) {
			take_record(in, row);
			in->line++;
			return CSVIN_ROW;
		}
		in->line++;
		if (!whole && in->eof)
			break;
	}
	/* end of input */
	in->done = 1;
	if (in->p.pstate != 0 || in->rec_start != 0) {
		long start = in->rec_start ? in->rec_start : in->line;
		/* libcsv's own check needs CSV_STRICT, which real files fail */
		if ((in->p.pstate == 2 && in->p.quoted) ||
		    csv_fini(&in->p, cb_field, cb_record, in) != 0) {
			long last = in->line - 1;
			if (last <= start)
				return bad(in, row, start,
					   "unterminated quoted field at end "
					   "of input");
			/* no line numbers in the text: a piece of a stream
			 * (--jobs) is numbered later */
			snprintf(in->errbuf, sizeof(in->errbuf),
				 "unterminated quoted field: the %ld line%s "
				 "after it read again as rows",
				 last - start, last - start == 1 ? "" : "s");
			replay(in, start);
			in->done = 0;
			return bad(in, row, start, in->errbuf);
		}
		if (in->rec_done) {
			take_record(in, row);
			return CSVIN_ROW;
		}
	}
	return CSVIN_EOF;
toolong : {
	long start = in->rec_start ? in->rec_start : in->line;
	if (start < in->line) {
		/* a quoted field over lines: a stray quote? */
		snprintf(in->errbuf, sizeof(in->errbuf),
			 "quoted field longer than %u bytes: the %ld "
			 "line%s after it read again as rows",
			 CSVIN_MAX_FIELD, in->line - start,
			 in->line - start == 1 ? "" : "s");
		replay(in, start);
		return bad(in, row, start, in->errbuf);
	}
	snprintf(in->errbuf, sizeof(in->errbuf), "field longer than %u bytes",
		 CSVIN_MAX_FIELD);
	csv_free(&in->p);
	parser_init(in);
	reset_record(in);
	in->toolong = 0;
	/* skip the rest of this physical line */
	while (partial) {
		nl = memchr(in->buf + in->beg, '\n', in->end - in->beg);
		if (nl) {
			in->beg = (size_t)(nl - in->buf) + 1;
			break;
		}
		in->beg = in->end;
		if (!fill(in))
			break;
	}
	in->line++;
	return bad(in, row, start, in->errbuf);
}
}

/*
 * csvin_set_ahead: a thread runs next_row on the input and copies each
 * record, with its lines, status and error, into batches; csvin_next
 * hands them out in order. AH_BATCHES batches turn between the two: the
 * reader fills the free ones, the caller holds one at a time (its rows
 * stay valid until the next csvin_next, as without the thread).
 */
#define AH_BATCHES 4
#define AH_ROWS 1024
#define AH_BYTES (512u << 10)

struct ah_row {
	int st;
	long line, end_line, next_line; /* next_line: csvin_line after it */
	size_t f0, nf;			/* its fields: foff/flen[f0..f0+nf) */
	size_t err;			/* arena offset of csvin_error, or -1 */
};

struct ah_batch {
	struct ah_row row[AH_ROWS];
	size_t n;
	int last; /* the input ends after these rows */
	unsigned long long bytes;
	size_t *foff, *flen, nfield, fcap;
	char *arena;
	size_t alen, acap;
};

struct ahead {
	pthread_t th;
	int running;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	struct ah_batch b[AH_BATCHES];
	int nfull;   /* batches filled and not yet released */
	int rd, wr;  /* the caller's next batch, the reader's next */
	int stop;    /* csvin_free before the end: the reader quits */
	int holding; /* the caller holds b[rd] */
	size_t pos;  /* next row of b[rd] */
	int at_end;  /* the caller has seen the last row */
	long line;   /* csvin_line for the caller */
	const char *err;
	unsigned long long bytes;
	char **f;
	size_t *len, fcap;
};

static size_t ah_put(struct ah_batch *b, const char *s, size_t n)
{
	size_t at = b->alen;

	b->arena = xgrow(b->arena, &b->acap, b->alen + n + 1, 1);
	if (n)
		memcpy(b->arena + at, s, n);
	b->arena[at + n] = '\0';
	b->alen += n + 1;
	return at;
}

/* Copy one record (or the end of the input) into b. */
static void ah_take(struct ah_batch *b, struct csvin *in, int st,
		    const struct csvrow *row)
{
	struct ah_row *r = &b->row[b->n++];
	size_t i;

	r->st = st;
	r->next_line = in->line;
	r->err = (size_t)-1;
	r->nf = 0;
	r->f0 = b->nfield;
	if (st == CSVIN_EOF)
		return;
	r->line = row->line;
	r->end_line = row->end_line;
	if (st == CSVIN_BAD) {
		const char *e = in->err ? in->err : "malformed record";
		r->err = ah_put(b, e, strlen(e));
	}
	if (st != CSVIN_ROW)
		return;
	r->nf = row->nf;
	if (b->nfield + row->nf > b->fcap) {
		size_t c = b->fcap;
		b->foff =
		    xgrow(b->foff, &c, b->nfield + row->nf, sizeof(*b->foff));
		b->flen = xgrow(b->flen, &b->fcap, b->nfield + row->nf,
				sizeof(*b->flen));
	}
	for (i = 0; i < row->nf; i++) {
		b->foff[b->nfield + i] = ah_put(b, row->f[i], row->len[i]);
		b->flen[b->nfield + i] = row->len[i];
	}
	b->nfield += row->nf;
}

static void *ah_reader(void *arg)
{
	struct csvin *in = arg;
	struct ahead *ah = in->ah;
	struct csvrow row;
	int last = 0;

	while (!last) {
		struct ah_batch *b;

		pthread_mutex_lock(&ah->mu);
		while (ah->nfull == AH_BATCHES && !ah->stop)
			pthread_cond_wait(&ah->freed, &ah->mu);
		if (ah->stop) {
			pthread_mutex_unlock(&ah->mu);
			break;
		}
		b = &ah->b[ah->wr];
		pthread_mutex_unlock(&ah->mu);
		b->n = b->nfield = b->alen = 0;
		while (b->n < AH_ROWS && b->alen < AH_BYTES) {
			int st = next_row(in, &row);

			ah_take(b, in, st, &row);
			if (st == CSVIN_EOF) {
				last = 1;
				break;
			}
		}
		b->last = last;
		b->bytes = in->bytes;
		pthread_mutex_lock(&ah->mu);
		ah->wr = (ah->wr + 1) % AH_BATCHES;
		ah->nfull++;
		pthread_cond_signal(&ah->filled);
		pthread_mutex_unlock(&ah->mu);
	}
	return NULL;
}

void csvin_set_ahead(struct csvin *in)
{
	struct ahead *ah;

	if (in->ah || in->borrowed)
		return; /* a buffer in memory has nothing to wait for */
	ah = xcalloc(1, sizeof(*ah));
	pthread_mutex_init(&ah->mu, NULL);
	pthread_cond_init(&ah->filled, NULL);
	pthread_cond_init(&ah->freed, NULL);
	ah->line = in->line;
	in->ah = ah;
}

static int ahead_next(struct csvin *in, struct csvrow *row)
{
	struct ahead *ah = in->ah;
	struct ah_batch *b;
	struct ah_row *r;
	size_t i;

	if (ah->at_end)
		return CSVIN_EOF;
	if (!ah->running) {
		int e = pthread_create(&ah->th, NULL, ah_reader, in);

		if (e != 0)
			die(EXIT_IO, "%s: cannot start a reading thread: %s",
			    in->name, strerror(e));
		ah->running = 1;
	}
	if (ah->holding && ah->pos == ah->b[ah->rd].n) {
		pthread_mutex_lock(&ah->mu);
		ah->rd = (ah->rd + 1) % AH_BATCHES;
		ah->nfull--;
		ah->holding = 0;
		pthread_cond_signal(&ah->freed);
		pthread_mutex_unlock(&ah->mu);
	}
	if (!ah->holding) {
		pthread_mutex_lock(&ah->mu);
		while (ah->nfull == 0)
			pthread_cond_wait(&ah->filled, &ah->mu);
		pthread_mutex_unlock(&ah->mu);
		ah->holding = 1;
		ah->pos = 0;
	}
	b = &ah->b[ah->rd];
	r = &b->row[ah->pos++];
	ah->line = r->next_line;
	ah->bytes = b->bytes;
	if (r->st == CSVIN_EOF) {
		ah->at_end = 1;
		pthread_join(ah->th, NULL);
		ah->running = 0;
		return CSVIN_EOF;
	}
	row->line = r->line;
	row->end_line = r->end_line;
	if (r->st == CSVIN_BAD) {
		ah->err = b->arena + r->err;
		row->nf = 0;
		return CSVIN_BAD;
	}
	if (r->nf > ah->fcap) {
		size_t c = ah->fcap;
		ah->f = xgrow(ah->f, &c, r->nf, sizeof(*ah->f));
		ah->len = xgrow(ah->len, &ah->fcap, r->nf, sizeof(*ah->len));
	}
	for (i = 0; i < r->nf; i++) {
		ah->f[i] = b->arena + b->foff[r->f0 + i];
		ah->len[i] = b->flen[r->f0 + i];
	}
	row->nf = r->nf;
	row->f = ah->f;
	row->len = ah->len;
	return CSVIN_ROW;
}

int csvin_next(struct csvin *in, struct csvrow *row)
{
	if (in->ah)
		return ahead_next(in, row);
	return next_row(in, row);
}

static long ahead_line(const struct csvin *in)
{
	return in->ah->line;
}

static const char *ahead_error(const struct csvin *in)
{
	return in->ah->err ? in->ah->err : "malformed record";
}

static unsigned long long ahead_bytes(const struct csvin *in)
{
	return in->ah->bytes;
}

/* Stop the reader (csvin_free before the end) and free the batches. */
static void ahead_stop(struct csvin *in)
{
	struct ahead *ah = in->ah;
	int i;

	if (!ah)
		return;
	if (ah->running) {
		pthread_mutex_lock(&ah->mu);
		ah->stop = 1;
		pthread_cond_signal(&ah->freed);
		pthread_mutex_unlock(&ah->mu);
		pthread_join(ah->th, NULL);
	}
	for (i = 0; i < AH_BATCHES; i++) {
		free(ah->b[i].foff);
		free(ah->b[i].flen);
		free(ah->b[i].arena);
	}
	pthread_mutex_destroy(&ah->mu);
	pthread_cond_destroy(&ah->filled);
	pthread_cond_destroy(&ah->freed);
	free(ah->f);
	free(ah->len);
	free(ah);
	in->ah = NULL;
}
