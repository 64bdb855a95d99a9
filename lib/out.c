/*
 * out: one writer per output format behind one interface (see out.h).
 * csv quotes a cell only when it holds the delimiter, a quote, CR or LF;
 * tsv escapes tab, newline, CR and backslash; table pads columns to their
 * widest cell (counted in UTF-8 characters), numbers right-aligned; json
 * writes one object per line with keys in column order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out.h"
#include "xalloc.h"

struct out {
	FILE *fp;
	const char *name;
	enum out_fmt fmt;
	size_t ncols, ccap;
	char **names;
	enum out_kind *kinds;
	size_t cur;          /* cells written in the current row */
	int header_done;
	/* table: everything is kept until out_close */
	char **cells;        /* row-major, ncols per row; NULL = empty */
	size_t ncells, cellcap;
	char **comments;
	size_t ncomments, comcap;
};

int out_fmt_parse(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return OUT_CSV;
	if (strcmp(s, "tsv") == 0)
		return OUT_TSV;
	if (strcmp(s, "table") == 0)
		return OUT_TABLE;
	if (strcmp(s, "json") == 0)
		return OUT_JSON;
	return -1;
}

struct out *out_open(FILE *fp, const char *name, enum out_fmt fmt)
{
	struct out *o = xcalloc(1, sizeof(*o));

	o->fp = fp;
	o->name = name;
	o->fmt = fmt;
	return o;
}

void out_col(struct out *o, const char *name, enum out_kind kind)
{
	size_t c = o->ccap;

	o->names = xgrow(o->names, &c, o->ncols + 1, sizeof(*o->names));
	c = o->ccap;
	o->kinds = xgrow(o->kinds, &c, o->ncols + 1, sizeof(*o->kinds));
	o->ccap = c;
	o->names[o->ncols] = xstrdup(name);
	o->kinds[o->ncols] = kind;
	o->ncols++;
}

size_t out_ncols(const struct out *o)
{
	return o->ncols;
}

void out_comment(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (o->fmt != OUT_TABLE)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die(EXIT_IO, "out of memory");
	va_end(ap);
	o->comments = xgrow(o->comments, &o->comcap, o->ncomments + 1,
		sizeof(*o->comments));
	o->comments[o->ncomments++] = s;
}

static void put_csv(struct out *o, const char *s, size_t n, char sep)
{
	size_t i;

	if (n == 0)
		return;
	if (!memchr(s, '"', n) && !memchr(s, sep, n) && !memchr(s, '\n', n) &&
	    !memchr(s, '\r', n)) {
		fwrite(s, 1, n, o->fp);
		return;
	}
	putc('"', o->fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', o->fp);
		putc(s[i], o->fp);
	}
	putc('"', o->fp);
}

static void put_tsv(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", o->fp); break;
		case '\n': fputs("\\n", o->fp); break;
		case '\r': fputs("\\r", o->fp); break;
		case '\\': fputs("\\\\", o->fp); break;
		default: putc(s[i], o->fp);
		}
	}
}

static void put_json_str(struct out *o, const char *s, size_t n)
{
	size_t i;

	putc('"', o->fp);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			putc('\\', o->fp);
			putc(c, o->fp);
		} else if (c == '\n') {
			fputs("\\n", o->fp);
		} else if (c == '\t') {
			fputs("\\t", o->fp);
		} else if (c == '\r') {
			fputs("\\r", o->fp);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(o->fp, "\\u%04x", c);
		} else {
			putc(c, o->fp);
		}
	}
	putc('"', o->fp);
}

/* The header line of the streaming formats, before the first row. */
static void stream_header(struct out *o)
{
	size_t i;

	o->header_done = 1;
	if (o->fmt == OUT_JSON || o->fmt == OUT_TABLE)
		return;
	for (i = 0; i < o->ncols; i++) {
		if (i)
			putc(o->fmt == OUT_TSV ? '\t' : ',', o->fp);
		if (o->fmt == OUT_TSV)
			put_tsv(o, o->names[i], strlen(o->names[i]));
		else
			put_csv(o, o->names[i], strlen(o->names[i]), ',');
	}
	putc('\n', o->fp);
}

void out_cell(struct out *o, const char *s, size_t len)
{
	size_t i = o->cur;

	if (!s)
		s = "", len = 0;
	if (len == (size_t)-1)
		len = strlen(s);
	if (i >= o->ncols)
		die(EXIT_IO, "internal error: more cells than columns");
	if (!o->header_done && o->fmt != OUT_TABLE)
		stream_header(o);
	switch (o->fmt) {
	case OUT_CSV:
		if (i)
			putc(',', o->fp);
		put_csv(o, s, len, ',');
		break;
	case OUT_TSV:
		if (i)
			putc('\t', o->fp);
		put_tsv(o, s, len);
		break;
	case OUT_JSON:
		putc(i ? ',' : '{', o->fp);
		put_json_str(o, o->names[i], strlen(o->names[i]));
		putc(':', o->fp);
		if (len == 0)
			fputs("null", o->fp);
		else if (o->kinds[i] == OUT_NUM)
			fwrite(s, 1, len, o->fp);
		else
			put_json_str(o, s, len);
		break;
	case OUT_TABLE:
		o->cells = xgrow(o->cells, &o->cellcap, o->ncells + 1,
			sizeof(*o->cells));
		o->cells[o->ncells++] = len ? xstrndup(s, len) : NULL;
		break;
	}
	o->cur++;
}

void out_end_row(struct out *o)
{
	while (o->cur < o->ncols)
		out_cell(o, NULL, 0);
	if (o->fmt == OUT_JSON)
		fputs("}\n", o->fp);
	else if (o->fmt != OUT_TABLE)
		putc('\n', o->fp);
	o->cur = 0;
}

void out_row(struct out *o, const char *const *cells)
{
	size_t i;

	for (i = 0; i < o->ncols; i++)
		out_cell(o, cells[i], (size_t)-1);
	out_end_row(o);
}

/* Display width: UTF-8 characters, tabs and newlines shown as one. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* A table cell on one line: control characters become spaces. */
static void put_table_cell(struct out *o, const char *s)
{
	for (; s && *s; s++)
		putc((unsigned char)*s < 0x20 ? ' ' : *s, o->fp);
}

static void table_flush(struct out *o)
{
	size_t nrows = o->ncols ? o->ncells / o->ncols : 0;
	size_t *w = xcalloc(o->ncols + 1, sizeof(*w));
	size_t i, r, k;

	for (i = 0; i < o->ncomments; i++)
		fprintf(o->fp, "# %s\n", o->comments[i]);
	for (i = 0; i < o->ncols; i++)
		w[i] = width(o->names[i]);
	for (r = 0; r < nrows; r++)
		for (i = 0; i < o->ncols; i++) {
			size_t x = width(o->cells[r * o->ncols + i]);
			if (x > w[i])
				w[i] = x;
		}
	for (r = 0; r <= nrows; r++) {
		for (i = 0; i < o->ncols; i++) {
			const char *s = r == 0 ? o->names[i]
					       : o->cells[(r - 1) * o->ncols + i];
			size_t pad = w[i] - width(s);
			int last = i + 1 == o->ncols;
			if (i)
				fputs("  ", o->fp);
			if (o->kinds[i] == OUT_NUM)
				for (k = 0; k < pad; k++)
					putc(' ', o->fp);
			put_table_cell(o, s);
			if (o->kinds[i] != OUT_NUM && !last)
				for (k = 0; k < pad; k++)
					putc(' ', o->fp);
		}
		putc('\n', o->fp);
	}
	free(w);
}

void out_close(struct out *o)
{
	size_t i;

	if (!o)
		return;
	if (o->cur)
		out_end_row(o);
	if (o->fmt == OUT_TABLE)
		table_flush(o);
	else if (!o->header_done && o->ncols)
		stream_header(o);
	for (i = 0; i < o->ncols; i++)
		free(o->names[i]);
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	for (i = 0; i < o->ncomments; i++)
		free(o->comments[i]);
	free(o->names);
	free(o->kinds);
	free(o->cells);
	free(o->comments);
	free(o);
}

int out_raw_ok(const struct out *o)
{
	return o->fmt == OUT_CSV && o->cur == 0;
}

void out_raw_row(struct out *o, const char *line, size_t n)
{
	if (!o->header_done)
		stream_header(o);
	fwrite(line, 1, n, o->fp);
}
