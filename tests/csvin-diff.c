/*
 * csvin-diff: differential test driver for lib/csvin.c. Every input is
 * read three times: as the tools read it (common lines split directly,
 * 64 bytes at a time or by the byte loops), with the byte loops alone
 * (csvin_set_bytewise), and with every line handed to libcsv
 * (csvin_set_reference). The record streams must agree: status, fields
 * byte for byte, start and end lines, error text; and the first two must
 * have split the same number of lines directly.
 *
 *   csvin-diff [-d DELIM] FILE...        compare each file
 *   csvin-diff [-d DELIM] [-w] -r SEED COUNT  compare COUNT seeded random
 *                                        inputs (-w: with long lines)
 *   csvin-diff [-d DELIM] -p FILE        print the records (fast reading):
 *                                        "line-end_line nf: [f1] [f2] ..."
 *   csvin-diff [-d DELIM] -c SIZE FILE...  read each file in pieces of
 *                                        about SIZE bytes (lib/chunk.c,
 *                                        csvin_open_mem) against whole
 *
 * Prints "N inputs, R records, F fast lines, B in blocks: agree" (F: lines
 * split directly, B of them 64 bytes at a time) and exits 0, or
 * describes the first difference and exits 1. Built by make into
 * $(BUILD)/testbin and run by tests/csvin.bats.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"
#include "csvin.h"
#include "diag.h"

static char delim = ',';
static int wide; /* -w: random lines over several 64-byte blocks */
static unsigned long long nrecords, nfast, nblock;

/* One record, copied out of the reader. */
struct rrec {
	int st;
	long line, end_line;
	size_t nf;
	char **f;
	size_t *len;
	char err[128];
};

static void rrec_free(struct rrec *r)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		free(r->f[i]);
	free(r->f);
	free(r->len);
	memset(r, 0, sizeof(*r));
}

static void rrec_take(struct rrec *r, struct csvin *in, int st,
		      const struct csvrow *row)
{
	size_t i;

	r->st = st;
	r->line = st == CSVIN_EOF ? 0 : row->line; /* unset at the end */
	r->end_line = st == CSVIN_EOF ? 0 : row->end_line;
	r->nf = st == CSVIN_ROW ? row->nf : 0;
	r->f = calloc(r->nf + 1, sizeof(*r->f));
	r->len = calloc(r->nf + 1, sizeof(*r->len));
	if (!r->f || !r->len)
		die(EXIT_IO, "out of memory");
	for (i = 0; i < r->nf; i++) {
		r->len[i] = row->len[i];
		if (row->f[i][row->len[i]] != '\0')
			die(EXIT_BREACH,
			    "field %zu of line %ld is not NUL-terminated",
			    i + 1, row->line);
		if (!(r->f[i] = malloc(row->len[i] + 1)))
			die(EXIT_IO, "out of memory");
		memcpy(r->f[i], row->f[i], row->len[i] + 1);
	}
	snprintf(r->err, sizeof(r->err), "%s",
		 st == CSVIN_BAD ? csvin_error(in) : "");
}

static void show(const char *s, size_t n)
{
	size_t i;

	putchar('[');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\' || c == ']')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar(']');
}

static void show_rec(const char *who, const struct rrec *r)
{
	size_t i;

	printf("  %s: status %d, lines %ld-%ld, %zu fields:", who, r->st,
	       r->line, r->end_line, r->nf);
	for (i = 0; i < r->nf; i++) {
		putchar(' ');
		show(r->f[i], r->len[i]);
	}
	if (r->st == CSVIN_BAD)
		printf(" error \"%s\"", r->err);
	putchar('\n');
}

static int same(const struct rrec *a, const struct rrec *b)
{
	size_t i;

	if (a->st != b->st || a->line != b->line ||
	    a->end_line != b->end_line || a->nf != b->nf ||
	    strcmp(a->err, b->err) != 0)
		return 0;
	for (i = 0; i < a->nf; i++)
		if (a->len[i] != b->len[i] ||
		    memcmp(a->f[i], b->f[i], a->len[i]) != 0)
			return 0;
	return 1;
}

/*
 * Compare three readers of the same bytes: as the tools read, with the
 * byte loops alone (bytes) and with libcsv alone (ref); 0 if they agree.
 */
static int compare_in(struct csvin *fast, struct csvin *bytes,
		      struct csvin *ref, const char *path)
{
	struct csvrow ra, rb, rc;
	long k = 0;
	int sa, sb, sc, bad = 0;

	csvin_set_bytewise(bytes);
	csvin_set_reference(ref);
	do {
		struct rrec a, b, c;
		sa = csvin_next(fast, &ra);
		rrec_take(&a, fast, sa, &ra);
		sb = csvin_next(bytes, &rb);
		rrec_take(&b, bytes, sb, &rb);
		sc = csvin_next(ref, &rc);
		rrec_take(&c, ref, sc, &rc);
		k++;
		if (!same(&a, &c)) {
			printf("%s: record %ld differs\n", path, k);
			show_rec("fast  ", &a);
			show_rec("libcsv", &c);
			bad = 1;
		} else if (!same(&a, &b)) {
			printf("%s: record %ld differs\n", path, k);
			show_rec("fast  ", &a);
			show_rec("bytes ", &b);
			bad = 1;
		}
		if (sa == CSVIN_ROW)
			nrecords++;
		rrec_free(&a);
		rrec_free(&b);
		rrec_free(&c);
	} while (!bad && (sa != CSVIN_EOF || sc != CSVIN_EOF));
	nfast += csvin_fast_lines(fast);
	nblock += csvin_block_lines(fast);
	if (!bad && csvin_fast_lines(bytes) != csvin_fast_lines(fast)) {
		printf("%s: %llu lines split directly, %llu by the byte loops "
		       "alone\n",
		       path, csvin_fast_lines(fast), csvin_fast_lines(bytes));
		bad = 1;
	}
	if (csvin_block_lines(bytes) != 0) {
		printf("%s: the byte loops' reading split blocks\n", path);
		bad = 1;
	}
	if (csvin_fast_lines(ref) != 0) {
		printf("%s: the reference reading split lines itself\n", path);
		bad = 1;
	}
	csvin_free(fast);
	csvin_free(bytes);
	csvin_free(ref);
	return bad;
}

static int compare(const char *path)
{
	struct csvin *fast = csvin_open(path, delim);
	struct csvin *bytes = csvin_open(path, delim);
	struct csvin *ref = csvin_open(path, delim);

	if (!fast || !bytes || !ref)
		exit(EXIT_IO);
	return compare_in(fast, bytes, ref, path);
}

/*
 * Compare reading path whole with reading it as kpi-calc --jobs reads a
 * pipe: the first record by one reader, the rest (what it read ahead,
 * then the unread bytes) in pieces of about size bytes, each through
 * csvin_open_mem numbered on from the last; 0 if the records agree.
 */
static int compare_chunked(const char *path, size_t size)
{
	struct csvin *whole = csvin_open(path, delim), *in = NULL;
	struct csvin *head = csvin_open(path, delim);
	FILE *fp = fopen(path, "rb");
	struct chunker *ch;
	struct chunk ck = {0};
	struct csvrow ra, rb;
	long k = 0, next_line = 1, pieces = 0;
	int sa, sb = CSVIN_EOF, bad = 0;
	const char *pre;
	size_t npre;

	if (!whole || !head || !fp)
		die(EXIT_IO, "%s:", path);
	/* the first record, then the rest in pieces */
	sa = csvin_next(whole, &ra);
	sb = csvin_next(head, &rb);
	{
		struct rrec a, b;
		rrec_take(&a, whole, sa, &ra);
		rrec_take(&b, head, sb, &rb);
		bad = !same(&a, &b);
		rrec_free(&a);
		rrec_free(&b);
	}
	pre = csvin_rest(head, &npre);
	if (fseeko(fp, (off_t)csvin_bytes(head), SEEK_SET) != 0)
		die(EXIT_IO, "%s:", path);
	next_line = csvin_line(head);
	ch = chunker_open(fp, path, size, pre, npre);
	csvin_free(head);
	while (!bad && (sa != CSVIN_EOF || sb != CSVIN_EOF)) {
		struct rrec a, b;
		sa = csvin_next(whole, &ra);
		rrec_take(&a, whole, sa, &ra);
		for (;;) {
			if (in && (sb = csvin_next(in, &rb)) != CSVIN_EOF)
				break;
			if (in) {
				next_line = csvin_line(in);
				csvin_free(in);
				in = NULL;
			}
			if (!chunker_next(ch, &ck)) {
				sb = CSVIN_EOF;
				break;
			}
			if (ck.seq != pieces++)
				die(EXIT_BREACH, "piece %ld out of order",
				    ck.seq);
			in = csvin_open_mem(ck.buf, ck.n, path, delim,
					    next_line);
		}
		rrec_take(&b, in, sb, &rb);
		k++;
		if (!same(&a, &b)) {
			printf("%s: record %ld differs read in pieces\n", path,
			       k);
			show_rec("whole ", &a);
			show_rec("pieces", &b);
			bad = 1;
		}
		if (sa == CSVIN_ROW)
			nrecords++;
		rrec_free(&a);
		rrec_free(&b);
	}
	nfast += (unsigned long long)pieces;
	csvin_free(in);
	csvin_free(whole);
	chunker_free(ch);
	free(ck.buf);
	fclose(fp);
	return bad;
}

static void print_records(const char *path)
{
	struct csvin *in = csvin_open(path, delim);
	struct csvrow row;
	int st;
	size_t i;

	if (!in)
		exit(EXIT_IO);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		printf("%ld-%ld ", row.line, row.end_line);
		if (st == CSVIN_BAD) {
			printf("bad: %s\n", csvin_error(in));
			continue;
		}
		printf("%zu:", row.nf);
		for (i = 0; i < row.nf; i++) {
			putchar(' ');
			show(row.f[i], row.len[i]);
		}
		putchar('\n');
	}
	printf("fast lines: %llu\n", csvin_fast_lines(in));
	printf("block lines: %llu\n", csvin_block_lines(in));
	csvin_free(in);
}

/* xorshift64*: the same inputs for the same seed on every machine. */
static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ull) >> 33) % n;
}

/* Write bit s at b[n] (a run of 5 to 40 bytes for "#"); the new n. */
static size_t put_bit(char *b, size_t n, size_t cap, const char *s)
{
	size_t sl = *s ? strlen(s) : 1;

	if (strcmp(s, "#") == 0) {
		static const char run[] = "xyz01,;";
		sl = 5 + rnd(36);
		if (n + sl + 48 > cap)
			sl = 0;
		for (size_t i = 0; i < sl; i++)
			b[n + i] = run[rnd(sizeof(run) - 1)];
		return n + sl;
	}
	memcpy(b + n, s, sl);
	return n + sl;
}

/*
 * A random input: mostly well-formed lines of quoted and unquoted fields
 * (so that the fast paths take many of them), with broken quoting, line
 * breaks in quotes, CR, NUL, tabs, UTF-8 and a BOM mixed in. With -w,
 * runs of 5 to 40 bytes too, so that fields, quotes and line ends fall
 * on every side of a 64-byte block's edges.
 */
static size_t random_input(char *b, size_t cap)
{
	static const char *const bits[] = {
	    "a",  "bc", " ",	"\t", "\xc3\xa9", "\"", "\"\"",
	    "\r", "\n", "\r\n", "1",  "x y",	  "\0", /* -w: */ "#"};
	const unsigned nbits = sizeof(bits) / sizeof(bits[0]) - !wide;
	size_t n = 0;
	unsigned lines = 1 + rnd(6), l;

	if (rnd(20) == 0) {
		memcpy(b, "\xEF\xBB\xBF", 3);
		n = 3;
	}
	for (l = 0; l < lines && n + 64 < cap; l++) {
		unsigned fields = 1 + rnd(5), f;
		if (rnd(8) == 0) { /* a line of random bits */
			unsigned k = rnd(12);
			while (k-- && n + 8 < cap) {
				const char *s = bits[rnd(nbits)];
				if (rnd(6) == 0)
					b[n++] = delim;
				n = put_bit(b, n, cap, s);
			}
		} else {
			for (f = 0; f < fields && n + 32 < cap; f++) {
				unsigned k = rnd(4), quoted = rnd(2);
				if (f)
					b[n++] = delim;
				if (quoted)
					b[n++] = '"';
				while (k-- && n + 8 < cap) {
					const char *s = bits[rnd(nbits)];
					if (!quoted &&
					    (*s == '"' || *s == '\n' ||
					     *s == '\r') &&
					    rnd(4))
						continue; /* keep most unquoted
							     fields valid */
					if (quoted && strcmp(s, "\"") == 0 &&
					    rnd(4))
						s = "\"\"";
					n = put_bit(b, n, cap, s);
				}
				if (quoted && rnd(30))
					b[n++] = '"';
			}
		}
		if (rnd(10))
			b[n++] = '\n';
		else if (rnd(2))
			b[n++] = '\r', b[n++] = '\n';
	}
	return n;
}

/* Random inputs read from memory (each reader splits its own copy). */
static int random_inputs(unsigned long long seed, long count)
{
	static char buf[4096], a[4097], b[4097], c[4097];
	long i;
	int bad = 0;

	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
	for (i = 0; i < count && !bad; i++) {
		size_t n = random_input(buf, sizeof(buf));
		memcpy(a, buf, n);
		memcpy(b, buf, n);
		memcpy(c, buf, n);
		if ((bad = compare_in(csvin_open_mem(a, n, "random", delim, 1),
				      csvin_open_mem(b, n, "random", delim, 1),
				      csvin_open_mem(c, n, "random", delim, 1),
				      "random"))) {
			printf("input %ld of seed %llu:\n  ", i, seed);
			show(buf, n);
			putchar('\n');
		}
	}
	if (!bad)
		printf("%ld inputs, %llu records, %llu fast lines, %llu in "
		       "blocks: agree\n",
		       count, nrecords, nfast, nblock);
	return bad;
}

int main(int argc, char **argv)
{
	int c, bad = 0, i;
	long nfiles = 0;

	diag_init("csvin-diff");
	while ((c = getopt(argc, argv, "d:wrpc:")) != -1) {
		switch (c) {
		case 'd':
			delim = optarg[0];
			break;
		case 'w':
			wide = 1;
			break;
		case 'c':
			for (i = optind; i < argc && !bad; i++)
				bad = compare_chunked(
				    argv[i], strtoul(optarg, NULL, 10));
			if (!bad)
				printf(
				    "%d inputs, %llu records, %llu pieces: agree\n",
				    argc - optind, nrecords, nfast);
			return bad;
		case 'r':
			if (argc - optind != 2)
				die(EXIT_USAGE,
				    "usage: csvin-diff -r SEED COUNT");
			return random_inputs(
			    strtoull(argv[optind], NULL, 10),
			    strtol(argv[optind + 1], NULL, 10));
		case 'p':
			for (i = optind; i < argc; i++)
				print_records(argv[i]);
			return 0;
		default:
			die(EXIT_USAGE,
			    "usage: csvin-diff [-d DELIM] [-w] [-r SEED COUNT | -p] FILE...");
		}
	}
	for (i = optind; i < argc && !bad; i++, nfiles++)
		bad = compare(argv[i]);
	if (!bad)
		printf("%ld inputs, %llu records, %llu fast lines, %llu in "
		       "blocks: agree\n",
		       nfiles, nrecords, nfast, nblock);
	return bad;
}
