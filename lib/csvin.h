/*
 * csvin: a pull reader of RFC 4180 CSV over libcsv.
 *
 * csvin_next() hands out one record at a time with the physical line it
 * started on (1-based), so every message can say file:line. A leading
 * UTF-8 BOM is skipped; CRLF and LF both end records; quoted fields may
 * span lines; fields are kept byte for byte (no trimming), NUL-terminated
 * copies whose length is also given (a field may contain NUL bytes: the
 * caller checks). Blank lines are skipped.
 *
 * A quote that never closes (end of input, or a quoted field over
 * several lines growing past CSVIN_MAX_FIELD) is a stray quote: the
 * line it opened on is one CSVIN_BAD record, and reading resumes on the
 * next line, so the lines it swallowed are read again as records.
 *
 * Ownership: the row and its fields belong to the reader and stay valid
 * until the next csvin_next() or csvin_free().
 */
#ifndef TA_CSVIN_H
#define TA_CSVIN_H

#include <stddef.h>
#include <stdio.h>

struct csvrow {
	size_t nf;     /* number of fields */
	char **f;      /* f[i] NUL-terminated */
	size_t *len;   /* len[i] bytes, not counting the NUL */
	long line;     /* physical line the record started on */
	long end_line; /* physical line it ended on */
};

struct csvin;

enum csvin_status {
	CSVIN_EOF = 0,
	CSVIN_ROW = 1,
	CSVIN_BAD = -1, /* a malformed record: csvin_error() says why; go on */
};

/*
 * Open path ("-" or NULL = stdin). On failure prints
 * "tool: path: strerror" and returns NULL (caller exits EXIT_IO).
 */
/*
 * Widen a pipe to 1 MiB (PIPE_WIDE) where the system lets it, so that a
 * reader and writer on two cores wake each other once a MiB, not once per
 * 64 KiB; anything but a pipe is left alone. csvin does it for stdin,
 * cli_output for the output.
 */
#define PIPE_WIDE (1 << 20)
void pipe_widen(FILE *fp);
struct csvin *csvin_open(const char *path, char delim);
/*
 * Open bytes [beg, end) of the regular file path as an input of its own
 * (end < 0: to the end of the file), its first line numbered first_line.
 * beg must be the start of a line; for parallel readers of one file that
 * has no line break inside a quoted field. NULL as csvin_open.
 */
struct csvin *csvin_open_range(const char *path, char delim, long long beg,
			       long long end, long first_line);
/*
 * Read the n bytes at buf (borrowed, not copied: fields are split in
 * place, and buf must have room for n + 1 bytes), its first line
 * numbered first_line; no BOM is looked for. name is for messages.
 */
struct csvin *csvin_open_mem(char *buf, size_t n, const char *name, char delim,
			     long first_line);
/* The physical line of the next byte (after the end: lines + first). */
long csvin_line(const struct csvin *in);
/*
 * The bytes read from the input and not handed out yet: *n bytes at the
 * pointer returned, valid until the next call on in. With them and what
 * is still unread, another reader can take over the input after a record
 * (kpi-calc --jobs reads the header, then the rest in pieces).
 */
const char *csvin_rest(const struct csvin *in, size_t *n);
/*
 * The stream read (csvin_open) for another reader to take over after a
 * record, with csvin_rest; NULL for csvin_open_mem, csvin_open_range or
 * while a record is open.
 */
FILE *csvin_file(const struct csvin *in);
/*
 * --manifest: hash the whole file path in a pass of its own instead of
 * what this reader reads (when the rest is read in parallel ranges).
 */
void csvin_manifest_whole(struct csvin *in, const char *path);
/* The name used in messages: the path, or "-" for stdin. */
const char *csvin_name(const struct csvin *in);
int csvin_next(struct csvin *in, struct csvrow *row);
/*
 * Read lines, not CSV: from now on every physical line is one record
 * split on the delimiter, and a '"' is an ordinary byte (for line formats
 * such as Asterisk's queue_log, where a quote in a caller id must not
 * swallow the lines after it). Call before the first csvin_next.
 */
void csvin_set_raw(struct csvin *in);
/*
 * Read and split the input on a thread of its own, a few thousand
 * records ahead of the caller, who gets the same records, lines and
 * errors in the same order (cdr-parse --jobs). Call before the first
 * csvin_next; no effect on csvin_open_mem. csvin_rest and csvin_file
 * then have nothing to hand over.
 */
void csvin_set_ahead(struct csvin *in);
/*
 * Testing: hand every line to libcsv, the reference parser, instead of
 * splitting the common lines directly (call before the first csvin_next).
 */
void csvin_set_reference(struct csvin *in);
/*
 * Testing: split the common lines with the byte loops alone, not 64
 * bytes at a time (both must take the same lines, with the same fields).
 */
void csvin_set_bytewise(struct csvin *in);
/* Lines the direct splitting took so far (for tests). */
unsigned long long csvin_fast_lines(const struct csvin *in);
/* Of them, the lines split 64 bytes at a time (for tests). */
unsigned long long csvin_block_lines(const struct csvin *in);
/* Reason of the last CSVIN_BAD (row->line says where). */
const char *csvin_error(const struct csvin *in);
/* Bytes read so far (for throughput figures). */
unsigned long long csvin_bytes(const struct csvin *in);
void csvin_free(struct csvin *in);

/* Largest field accepted; a longer one is a CSVIN_BAD record. */
#define CSVIN_MAX_FIELD (8u << 20)

#endif
