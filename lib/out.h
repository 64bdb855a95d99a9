/*
 * out: table output behind one interface, one writer per format
 * (SPEC section 6): csv (RFC 4180, quoted when needed), tsv (tabs and
 * newlines in values escaped as \t \n \\), table (aligned text for people,
 * by display width, buffered until out_close), md (a GitHub-style markdown
 * table), json (one array of objects), jsonl (one object per line). In
 * json and jsonl OUT_NUM cells are bare numbers, OUT_BOOL cells true or
 * false, empty cells null.
 *
 * Usage: out_open, out_col for each column (out_total_col once if a total
 * row may follow), then out_row / out_cell + out_end_row (out_total_row
 * before the total row's cells), then out_close. A NULL or "" cell is
 * empty.
 */
#ifndef TA_OUT_H
#define TA_OUT_H

#include <stddef.h>
#include <stdio.h>

enum out_fmt { OUT_CSV, OUT_TSV, OUT_TABLE, OUT_JSON, OUT_JSONL, OUT_MD };
/*
 * OUT_KEY: a group key (text); the formats for people show an empty key
 * as "(none)". OUT_BOOL: "yes"/"no" in text formats, true/false in json.
 */
enum out_kind { OUT_STR = 0, OUT_NUM = 1, OUT_BOOL = 2, OUT_KEY = 3 };

/* The formats, comma-separated, for messages and --help. */
#define OUT_FORMATS "csv, tsv, table, md, json, jsonl"

struct out;

/* Parse a --format value; returns -1 if unknown. */
int out_fmt_parse(const char *s);
/* fp is borrowed (not closed by out_close); name is for error messages. */
struct out *out_open(FILE *fp, const char *name, enum out_fmt fmt);
void out_col(struct out *o, const char *name, enum out_kind kind);
/*
 * A total row may follow: csv, tsv, json and jsonl get a last column
 * "total" (OUT_BOOL: yes on the total row, no on the others); table and md
 * write "total" in the first key column of that row instead.
 */
void out_total_col(struct out *o);
/* The row whose cells come next is the total row (after out_total_col). */
void out_total_row(struct out *o);
/*
 * A method line: "# text" before the header in table, a list item in md;
 * in every format it also goes to the --manifest file.
 */
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
/* A whole row of the tool's cells (NULL = empty). */
void out_row(struct out *o, const char *const *cells);
/* Columns the tool fills (the total marker column not counted). */
size_t out_ncols(const struct out *o);
/* Display width of a UTF-8 string in terminal columns (wcwidth). */
size_t out_width(const char *s);
/* Flush (table: print everything) and free; does not close fp. */
void out_close(struct out *o);

#endif
