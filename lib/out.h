/*
 * out: table output behind one interface, one writer per format
 * (SPEC section 6): csv (RFC 4180, quoted when needed), tsv (tabs and
 * newlines in values escaped as \t \n \\), table (aligned text for people,
 * buffered until out_close), json (one object per line; OUT_NUM columns
 * bare, empty cells null).
 *
 * Usage: out_open, out_col for each column, then out_row / out_cell +
 * out_end_row, then out_close. A NULL or "" cell is empty.
 */
#ifndef TA_OUT_H
#define TA_OUT_H

#include <stdio.h>
#include <stddef.h>

enum out_fmt { OUT_CSV, OUT_TSV, OUT_TABLE, OUT_JSON };
enum out_kind { OUT_STR = 0, OUT_NUM = 1 };

struct out;

/* Parse a --format value; returns -1 if unknown. */
int out_fmt_parse(const char *s);
/* fp is borrowed (not closed by out_close); name is for error messages. */
struct out *out_open(FILE *fp, const char *name, enum out_fmt fmt);
void out_col(struct out *o, const char *name, enum out_kind kind);
/* A "# text" line: printed before the header in table format only. */
void out_comment(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* One cell of the current row, in column order; len (size_t)-1 = strlen. */
void out_cell(struct out *o, const char *s, size_t len);
void out_end_row(struct out *o);
/*
 * A row already written as csv (cells quoted when needed, joined by
 * commas, ending in a line break): for writers that format a whole row
 * in one buffer (rec_out). Only when out_raw_ok: csv, no cell pending.
 */
int out_raw_ok(const struct out *o);
void out_raw_row(struct out *o, const char *line, size_t n);
/* A whole row of ncols NUL-terminated cells (NULL = empty). */
void out_row(struct out *o, const char *const *cells);
size_t out_ncols(const struct out *o);
/* Flush (table: print everything) and free; does not close fp. */
void out_close(struct out *o);

#endif
