/*
 * acct: run accounting and the single reject path (see acct.h).
 * The --rejects file is CSV: file,line,reason, then the row's original
 * fields, one CSV cell each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "manifest.h"
#include "diag.h"

void acct_init(struct acct *a)
{
	memset(a, 0, sizeof(*a));
}

void acct_open_rejects(struct acct *a, const char *path)
{
	a->rejects = fopen(path, "w");
	if (!a->rejects)
		die(EXIT_IO, "%s:", path);
	a->rejects_name = path;
	fputs("file,line,reason,fields\n", a->rejects);
}

static void put_cell(FILE *fp, const char *s, size_t n)
{
	size_t i;

	if (!memchr(s, '"', n) && !memchr(s, ',', n) && !memchr(s, '\n', n) &&
	    !memchr(s, '\r', n)) {
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

/* Report one row: the stderr line and the --rejects row. */
static void report(struct acct *a, const char *file, long line,
	const struct csvrow *row, const char *why)
{
	size_t i;

	if (!a->max_msgs || a->shown < a->max_msgs)
		warn_at(file, line, "%s", why);
	else if (a->shown == a->max_msgs)
		warn_at(file, 0, "more rejects not shown");
	a->shown++;
	if (a->rejects) {
		char lb[32];
		put_cell(a->rejects, file, strlen(file));
		snprintf(lb, sizeof(lb), ",%ld,", line);
		fputs(lb, a->rejects);
		put_cell(a->rejects, why, strlen(why));
		for (i = 0; row && i < row->nf; i++) {
			putc(',', a->rejects);
			put_cell(a->rejects, row->f[i], row->len[i]);
		}
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

int acct_finish(struct acct *a)
{
	if (!a->quiet) {
		fprintf(stderr, "%s: %llu read, %llu used, %llu rejected",
			diag_tool(), a->read, a->used, a->rejected);
		if (a->skipped)
			fprintf(stderr, ", %llu skipped", a->skipped);
		if (a->merged)
			fprintf(stderr, " (%llu rows merged into the record of their call)", a->merged);
		fputc('\n', stderr);
	}
	if (a->rejects) {
		diag_close_out(a->rejects, a->rejects_name);
		a->rejects = NULL;
	}
	manifest_write(a->read, a->used, a->rejected, a->skipped);
	return a->strict && a->rejected ? EXIT_BREACH : EXIT_DONE;
}
