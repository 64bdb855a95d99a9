/*
 * out: one writer per output format behind one interface (see out.h).
 * csv quotes a cell only when it holds the delimiter, a quote, CR or LF;
 * tsv escapes tab, newline, CR and backslash; table pads columns to their
 * widest cell in display columns (wcwidth of the C library under a UTF-8
 * LC_CTYPE used for nothing else), numbers right-aligned; md escapes | and
 * backslash; json writes one array, jsonl one object per line, keys in
 * column order.
 */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "diag.h"
#include "manifest.h"
#include "out.h"
#include "xalloc.h"

struct out {
	FILE *fp;
	const char *name;
	enum out_fmt fmt;
	size_t ncols, ccap; /* the tool's columns */
	char **names;
	enum out_kind *kinds;
	long first_key; /* first OUT_KEY column, -1 if none */
	int total_col;	/* out_total_col was called */
	int row_total;	/* the current row is the total row */
	size_t cur;	/* cells written in the current row */
	size_t rows;	/* rows ended */
	int header_done;
	/* table: everything is kept until out_close */
	char **cells; /* row-major, ncols per row; NULL = empty */
	size_t ncells, cellcap;
	unsigned char *totals; /* per row: 1 = the total row */
	size_t totcap;
	char **comments;
	size_t ncomments, comcap;
};

static const char *const fmt_names[] = {"csv",	"tsv",	 "table",
					"json", "jsonl", "md"};

int out_fmt_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (strcmp(s, fmt_names[i]) == 0)
			return (int)i;
	return -1;
}

struct out *out_open(FILE *fp, const char *name, enum out_fmt fmt)
{
	struct out *o = xcalloc(1, sizeof(*o));

	o->fp = fp;
	o->name = name;
	o->fmt = fmt;
	o->first_key = -1;
	return o;
}

static int machine_fmt(const struct out *o)
{
	return o->fmt != OUT_TABLE && o->fmt != OUT_MD;
}

static void add_col(struct out *o, const char *name, enum out_kind kind)
{
	size_t c = o->ccap;

	o->names = xgrow(o->names, &c, o->ncols + 2, sizeof(*o->names));
	c = o->ccap;
	o->kinds = xgrow(o->kinds, &c, o->ncols + 2, sizeof(*o->kinds));
	o->ccap = c;
	o->names[o->ncols] = xstrdup(name);
	o->kinds[o->ncols] = kind;
	if (kind == OUT_KEY && o->first_key < 0)
		o->first_key = (long)o->ncols;
	o->ncols++;
}

void out_col(struct out *o, const char *name, enum out_kind kind)
{
	if (o->total_col)
		die(EXIT_IO, "internal error: a column after the total column");
	add_col(o, name, kind);
}

/* The marker column is kept past ncols so that the tool's count holds. */
void out_total_col(struct out *o)
{
	if (o->total_col)
		return;
	add_col(o, "total", OUT_BOOL);
	o->ncols--;
	o->total_col = 1;
}

void out_total_row(struct out *o)
{
	o->row_total = 1;
}

size_t out_ncols(const struct out *o)
{
	return o->ncols;
}

/* Columns written by the machine formats: the tool's plus the marker. */
static size_t all_cols(const struct out *o)
{
	return o->ncols + (o->total_col && machine_fmt(o));
}

void out_comment(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die(EXIT_IO, "out of memory");
	va_end(ap);
	manifest_method(s);
	if (machine_fmt(o)) {
		free(s);
		return;
	}
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
		case '\t':
			fputs("\\t", o->fp);
			break;
		case '\n':
			fputs("\\n", o->fp);
			break;
		case '\r':
			fputs("\\r", o->fp);
			break;
		case '\\':
			fputs("\\\\", o->fp);
			break;
		default:
			putc(s[i], o->fp);
		}
	}
}

/* A markdown cell: | and \ escaped, control characters as spaces. */
static void put_md(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '|' || c == '\\')
			putc('\\', o->fp);
		putc(c < 0x20 || c == 0x7f ? ' ' : c, o->fp);
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

/* RFC 8259 number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int json_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

static void put_json_value(struct out *o, enum out_kind kind, const char *s,
			   size_t n)
{
	if (n == 0)
		fputs("null", o->fp);
	else if (kind == OUT_NUM && json_number(s, n))
		fwrite(s, 1, n, o->fp);
	else if (kind == OUT_BOOL && n == 3 && memcmp(s, "yes", 3) == 0)
		fputs("true", o->fp);
	else if (kind == OUT_BOOL && n == 2 && memcmp(s, "no", 2) == 0)
		fputs("false", o->fp);
	else
		put_json_str(o, s, n);
}

/* What the formats for people show for a cell of column i. */
static const char *shown(const struct out *o, size_t i, const char *s,
			 int total)
{
	if (s && *s)
		return s;
	if (o->kinds[i] != OUT_KEY)
		return "";
	if (total)
		return (long)i == o->first_key ? "total" : "";
	return "(none)";
}

static void md_line(struct out *o, const char *const *cells, int sep)
{
	size_t i;

	fputs("|", o->fp);
	for (i = 0; i < o->ncols; i++) {
		putc(' ', o->fp);
		if (sep)
			fputs(o->kinds[i] == OUT_NUM ? "---:" : "---", o->fp);
		else
			put_md(o, cells[i], strlen(cells[i]));
		fputs(" |", o->fp);
	}
	putc('\n', o->fp);
}

/* The header of the streaming formats, before the first row. */
static void stream_header(struct out *o)
{
	size_t i, n = all_cols(o);

	o->header_done = 1;
	switch (o->fmt) {
	case OUT_JSON:
	case OUT_JSONL:
	case OUT_TABLE:
		return;
	case OUT_MD:
		for (i = 0; i < o->ncomments; i++) {
			fputs("- ", o->fp);
			put_md(o, o->comments[i], strlen(o->comments[i]));
			putc('\n', o->fp);
		}
		if (o->ncomments)
			putc('\n', o->fp);
		md_line(o, (const char *const *)o->names, 0);
		md_line(o, NULL, 1);
		return;
	default:
		break;
	}
	for (i = 0; i < n; i++) {
		if (i)
			putc(o->fmt == OUT_TSV ? '\t' : ',', o->fp);
		if (o->fmt == OUT_TSV)
			put_tsv(o, o->names[i], strlen(o->names[i]));
		else
			put_csv(o, o->names[i], strlen(o->names[i]), ',');
	}
	putc('\n', o->fp);
}

static void cell_raw(struct out *o, size_t i, const char *s, size_t len)
{
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
	case OUT_JSONL:
		if (i == 0 && o->fmt == OUT_JSON)
			fputs(o->rows ? ",\n" : "[\n", o->fp);
		putc(i ? ',' : '{', o->fp);
		put_json_str(o, o->names[i], strlen(o->names[i]));
		putc(':', o->fp);
		put_json_value(o, o->kinds[i], s, len);
		break;
	case OUT_MD:
		fputs(i ? " | " : "| ", o->fp);
		if (len == 0) { /* cells are not NUL-terminated: len counts */
			s = shown(o, i, NULL, o->row_total);
			len = strlen(s);
		}
		put_md(o, s, len);
		break;
	case OUT_TABLE:
		o->cells = xgrow(o->cells, &o->cellcap, o->ncells + 1,
				 sizeof(*o->cells));
		o->cells[o->ncells++] = len ? xstrndup(s, len) : NULL;
		break;
	}
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
	if (!o->header_done)
		stream_header(o);
	cell_raw(o, i, s, len);
	o->cur++;
}

/*
 * After each row: a write that met a closed pipe ends the run now, so a
 * tool does not read the rest of its input for nobody (SIGPIPE ignored).
 */
static void check_pipe(const struct out *o)
{
	if (ferror(o->fp) && errno == EPIPE)
		diag_broken_pipe();
}

void out_end_row(struct out *o)
{
	while (o->cur < o->ncols)
		out_cell(o, NULL, 0);
	if (o->total_col && machine_fmt(o))
		cell_raw(o, o->ncols, o->row_total ? "yes" : "no",
			 o->row_total ? 3 : 2);
	switch (o->fmt) {
	case OUT_JSON:
		putc('}', o->fp);
		break;
	case OUT_JSONL:
		fputs("}\n", o->fp);
		break;
	case OUT_MD:
		fputs(" |\n", o->fp);
		break;
	case OUT_TABLE:
		o->totals = xgrow(o->totals, &o->totcap, o->rows + 1, 1);
		o->totals[o->rows] = (unsigned char)o->row_total;
		break;
	default:
		putc('\n', o->fp);
	}
	o->cur = 0;
	o->row_total = 0;
	o->rows++;
	check_pipe(o);
}

void out_row(struct out *o, const char *const *cells)
{
	size_t i;

	for (i = 0; i < o->ncols; i++)
		out_cell(o, cells[i], (size_t)-1);
	out_end_row(o);
}

/*
 * Display width by wcwidth(3) under a UTF-8 LC_CTYPE of this thread only
 * (numbers never see it). A control character is shown as a space (1); an
 * invalid byte counts 1; without a UTF-8 locale, characters are counted.
 */
size_t out_width(const char *s)
{
	static locale_t u8;
	static int tried;
	locale_t old;
	mbstate_t st;
	size_t w = 0, n, len;
	wchar_t wc;

	if (!s)
		return 0;
	if (!tried) {
		tried = 1;
		u8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (!u8)
			u8 = newlocale(LC_CTYPE_MASK, "en_US.UTF-8",
				       (locale_t)0);
	}
	len = strlen(s);
	if (!u8) {
		for (; *s; s++)
			w += ((unsigned char)*s & 0xC0) != 0x80;
		return w;
	}
	old = uselocale(u8);
	memset(&st, 0, sizeof(st));
	while (len) {
		int cw;
		n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			w++, s++, len--;
			continue;
		}
		cw = wcwidth(wc);
		w += cw < 0 ? 1 : (size_t)cw;
		s += n, len -= n;
	}
	uselocale(old);
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
		w[i] = out_width(o->names[i]);
	for (r = 0; r < nrows; r++)
		for (i = 0; i < o->ncols; i++) {
			size_t x = out_width(shown(
			    o, i, o->cells[r * o->ncols + i], o->totals[r]));
			if (x > w[i])
				w[i] = x;
		}
	for (r = 0; r <= nrows; r++) {
		for (i = 0; i < o->ncols; i++) {
			const char *s =
			    r == 0
				? o->names[i]
				: shown(o, i, o->cells[(r - 1) * o->ncols + i],
					o->totals[r - 1]);
			size_t pad = w[i] - out_width(s);
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
	if (!o->header_done && (o->ncols || o->fmt == OUT_JSON))
		stream_header(o);
	if (o->fmt == OUT_TABLE)
		table_flush(o);
	else if (o->fmt == OUT_JSON)
		fputs(o->rows ? "\n]\n" : "[]\n", o->fp);
	for (i = 0; i < o->ncols + o->total_col; i++)
		free(o->names[i]);
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	for (i = 0; i < o->ncomments; i++)
		free(o->comments[i]);
	free(o->names);
	free(o->kinds);
	free(o->cells);
	free(o->totals);
	free(o->comments);
	free(o);
}

int out_raw_ok(const struct out *o)
{
	return o->fmt == OUT_CSV && o->cur == 0 && !o->total_col &&
	       !o->row_total;
}

void out_raw_row(struct out *o, const char *line, size_t n)
{
	if (!o->header_done)
		stream_header(o);
	fwrite(line, 1, n, o->fp);
	o->rows++;
	check_pipe(o);
}
