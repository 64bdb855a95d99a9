/*
 * acct: run accounting and the single reject path (see acct.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "diag.h"
#include "manifest.h"
#include "xalloc.h"

/* Distinct reasons counted for the closing line; the rest are "other". */
#define ACCT_REASONS 64
/* Reasons named in the closing line, most frequent first. */
#define ACCT_REASONS_SHOWN 8

struct acct_reason {
	char *key;
	unsigned long long n;
};

void acct_init(struct acct *a)
{
	memset(a, 0, sizeof(*a));
	a->delim = ',';
	a->max_msgs = 10;
	a->max_rate = -1;
}

void acct_open_rejects(struct acct *a, const char *path)
{
	a->rejects = fopen(path, "w");
	if (!a->rejects)
		die(EXIT_IO, "%s:", path);
	a->rejects_name = path;
	fputs("file,line,reason,record\n", a->rejects);
}

/* Does s[0..n) need quoting as a CSV cell with delimiter d? */
static int needs_quotes(const char *s, size_t n, char d)
{
	return memchr(s, '"', n) || memchr(s, d, n) || memchr(s, '\n', n) ||
	       memchr(s, '\r', n);
}

/* One CSV cell to fp: as is, or quoted (always if force) with doubled
 * quotes. */
static void put_cell(FILE *fp, const char *s, size_t n, char d, int force)
{
	size_t i;

	if (!force && !needs_quotes(s, n, d)) {
		fwrite(s, 1, n, fp);
		return;
	}
	putc('"', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	putc('"', fp);
}

/* The row as one CSV cell: its fields re-joined in the input's dialect. */
static void put_record(FILE *fp, const struct csvrow *row, char d)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *ms;

	if (!row || row->nf == 0)
		return;
	ms = open_memstream(&buf, &len);
	if (!ms)
		die(EXIT_IO, "out of memory");
	for (i = 0; i < row->nf; i++) {
		if (i)
			putc(d, ms);
		put_cell(ms, row->f[i], row->len[i], d, 0);
	}
	if (fclose(ms) != 0)
		die(EXIT_IO, "out of memory");
	/* always quoted, so the cell never looks like more columns */
	put_cell(fp, buf, len, ',', 1);
	free(buf);
}

/*
 * The reason of a message, for counting: each quoted value becomes "...",
 * each number standing alone becomes N (so `wait_s: "12,5" is not a
 * number` and `wait_s: "x" is not a number` count as one reason).
 */
static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static char *reason_key(const char *why)
{
	size_t n = strlen(why), i = 0, k = 0, j;
	char *s = xmalloc(n + 6);
	const char *q;

	while (i < n) {
		if (why[i] == '"' && (q = strchr(why + i + 1, '"'))) {
			memcpy(s + k, "\"...\"", 5);
			k += 5;
			i = (size_t)(q - why) + 1;
			continue;
		}
		if (isdigit((unsigned char)why[i]) &&
		    (i == 0 || !word_char(why[i - 1]))) {
			for (j = i; j < n && (isdigit((unsigned char)why[j]) ||
					      why[j] == '.');
			     j++)
				;
			if (!word_char(why[j])) {
				s[k++] = 'N';
				i = j;
				continue;
			}
		}
		s[k++] = why[i++];
	}
	s[k] = '\0';
	return s;
}

/* Count one reject line that is not shown, under its reason. */
static void hide(struct acct *a, const char *why)
{
	char *key = reason_key(why);
	size_t i;

	for (i = 0; i < a->nhidden; i++)
		if (strcmp(a->hidden[i].key, key) == 0)
			break;
	if (i < a->nhidden) {
		a->hidden[i].n++;
	} else if (a->nhidden < ACCT_REASONS) {
		a->hidden = xgrow(a->hidden, &a->hcap, a->nhidden + 1,
				  sizeof(*a->hidden));
		a->hidden[a->nhidden].key = key;
		a->hidden[a->nhidden].n = 1;
		a->nhidden++;
		return;
	} else {
		a->hidden_other++;
	}
	free(key);
}

/* Report one row: the stderr line and the --rejects row. */
static void report(struct acct *a, const char *file, long line,
		   const struct csvrow *row, const char *why)
{
	if (!a->quiet) {
		if (a->shown < a->max_msgs)
			warn_at(file, line, "%s", why);
		else
			hide(a, why);
	}
	a->shown++;
	if (a->rejects) {
		char lb[32];
		put_cell(a->rejects, file, strlen(file), ',', 0);
		snprintf(lb, sizeof(lb), ",%ld,", line);
		fputs(lb, a->rejects);
		put_cell(a->rejects, why, strlen(why), ',', 0);
		putc(',', a->rejects);
		put_record(a->rejects, row, a->delim);
		putc('\n', a->rejects);
	}
}

void acct_reject(struct acct *a, const char *file, long line,
		 const struct csvrow *row, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	a->read++;
	a->rejected++;
	report(a, file, line, row, why);
}

/*
 * Like acct_reject, but the row is not counted: it is still used (one
 * answer of it was unusable). Same stderr line, same --rejects row.
 */
void acct_note(struct acct *a, const char *file, long line,
	       const struct csvrow *row, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	report(a, file, line, row, why);
}

/* ---- deferred rejects (reader threads) ---- */

struct acct_rej {
	long seq, line;
	char *why;
	struct csvrow row;
};

void acct_defer(struct acct_defer *d, long line, const struct csvrow *row,
		const char *why)
{
	struct acct_rej *r;
	size_t i;

	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	r = &d->v[d->n++];
	memset(r, 0, sizeof(*r));
	r->seq = d->seq;
	r->line = line;
	r->why = xstrdup(why);
	if (row && row->nf) {
		r->row.nf = row->nf;
		r->row.f = xmalloc(row->nf * sizeof(*r->row.f));
		r->row.len = xmalloc(row->nf * sizeof(*r->row.len));
		for (i = 0; i < row->nf; i++) {
			r->row.f[i] = xmalloc(row->len[i] + 1);
			memcpy(r->row.f[i], row->f[i], row->len[i] + 1);
			r->row.len[i] = row->len[i];
		}
	}
}

static int rej_order(const void *x, const void *y)
{
	const struct acct_rej *p = x, *q = y;

	if (p->seq != q->seq)
		return p->seq < q->seq ? -1 : 1;
	return (p->line > q->line) - (p->line < q->line);
}

/* What one kept reject owns. */
static void rej_free(struct acct_rej *r)
{
	size_t j;

	for (j = 0; j < r->row.nf; j++)
		free(r->row.f[j]);
	free(r->row.f);
	free(r->row.len);
	free(r->why);
}

void acct_defer_free(struct acct_defer *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		rej_free(&d->v[i]);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void acct_defer_report(struct acct *a, const char *file, struct acct_defer *d,
		       size_t n, const long *off)
{
	struct acct_rej *all = NULL;
	size_t nall = 0, cap = 0, i;

	for (i = 0; i < n; i++) {
		all = xgrow(all, &cap, nall + d[i].n + 1, sizeof(*all));
		if (d[i].n)
			memcpy(all + nall, d[i].v, d[i].n * sizeof(*all));
		nall += d[i].n;
		free(d[i].v);
		a->read += d[i].used + d[i].skipped;
		a->used += d[i].used;
		a->skipped += d[i].skipped;
		memset(&d[i], 0, sizeof(d[i]));
	}
	qsort(all, nall, sizeof(*all), rej_order);
	for (i = 0; i < nall; i++) {
		struct acct_rej *r = &all[i];
		long line = r->line + off[r->seq];
		r->row.line = r->row.end_line = line;
		acct_reject(a, file, line, r->row.nf ? &r->row : NULL, "%s",
			    r->why);
		rej_free(r);
	}
	free(all);
}

static int by_count(const void *x, const void *y)
{
	const struct acct_reason *p = x, *q = y;

	if (p->n != q->n)
		return p->n < q->n ? 1 : -1;
	return strcmp(p->key, q->key);
}

/* "tool: N more reject lines not shown: N reason; N reason; N other" */
static void print_hidden(struct acct *a)
{
	unsigned long long total = a->hidden_other, other = a->hidden_other;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *ms;

	for (i = 0; i < a->nhidden; i++)
		total += a->hidden[i].n;
	if (!total)
		return;
	qsort(a->hidden, a->nhidden, sizeof(*a->hidden), by_count);
	ms = open_memstream(&buf, &len);
	if (!ms)
		die(EXIT_IO, "out of memory");
	for (i = 0; i < a->nhidden; i++) {
		if (i >= ACCT_REASONS_SHOWN) {
			other += a->hidden[i].n;
			continue;
		}
		fprintf(ms, "%s%llu %s", i ? "; " : "", a->hidden[i].n,
			a->hidden[i].key);
	}
	if (other)
		fprintf(ms, "; %llu other", other);
	if (fclose(ms) != 0)
		die(EXIT_IO, "out of memory");
	warnx("%llu more reject line%s not shown (--max-errors): %s", total,
	      total == 1 ? "" : "s", buf);
	free(buf);
}

int acct_status(const struct acct *a)
{
	if (a->read > 0 && a->used == 0)
		return EXIT_DATA;
	if (a->strict && a->rejected)
		return EXIT_DATA;
	if (a->max_rate >= 0 && a->rejected > a->max_rate * (double)a->read)
		return EXIT_DATA;
	return EXIT_DONE;
}

int acct_finish(struct acct *a)
{
	size_t i;

	print_hidden(a);
	if (!a->quiet) {
		fprintf(stderr, "%s: %llu read, %llu used, %llu rejected",
			diag_tool(), a->read, a->used, a->rejected);
		if (a->skipped)
			fprintf(stderr, ", %llu skipped", a->skipped);
		if (a->merged)
			fprintf(
			    stderr,
			    " (%llu rows merged into the record of their call)",
			    a->merged);
		fputc('\n', stderr);
	}
	/* why the data did not hold: always said, even under -q */
	if (a->read > 0 && a->used == 0 && a->none_used)
		warnx("%s", a->none_used);
	else if (a->read > 0 && a->used == 0)
		warnx("no row was used of the %llu read", a->read);
	else if (a->strict && a->rejected)
		warnx("%llu row%s rejected under --strict", a->rejected,
		      a->rejected == 1 ? "" : "s");
	else if (a->max_rate >= 0 &&
		 a->rejected > a->max_rate * (double)a->read)
		warnx(
		    "%llu of %llu rows rejected (%.2f%%), more than --max-reject-rate %g allows",
		    a->rejected, a->read,
		    100.0 * (double)a->rejected / (double)a->read, a->max_rate);
	if (a->rejects) {
		diag_close_out(a->rejects, a->rejects_name);
		a->rejects = NULL;
	}
	for (i = 0; i < a->nhidden; i++)
		free(a->hidden[i].key);
	free(a->hidden);
	a->hidden = NULL;
	a->nhidden = a->hcap = 0;
	manifest_write(a->read, a->used, a->rejected, a->skipped);
	return acct_status(a);
}
