/*
 * dims: the --by dimensions of a KPI table (see dims.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "dims.h"
#include "xalloc.h"

void dims_parse(struct dims *ds, const char *by, int one_period)
{
	char *list = xstrdup(by), *tok, *sv;

	memset(ds, 0, sizeof(*ds));
	ds->period = -1;
	for (tok = strtok_r(list, ",", &sv); tok;
	     tok = strtok_r(NULL, ",", &sv)) {
		struct dim d;
		memset(&d, 0, sizeof(d));
		if (period_parse(tok, &d.p) == 0) {
			if (one_period && ds->period >= 0)
				cli_usage_error(
				    "--by: one period at most (\"%s\" and \"%s\")",
				    ds->d[ds->period].name, tok);
			d.is_period = 1;
			d.name = xstrdup(period_column(&d.p));
			if (ds->period < 0)
				ds->period = (int)ds->n;
		} else if (!strncmp(tok, "interval", 8)) {
			cli_usage_error(
			    "--by: \"%s\" is not an interval like interval:15m (whole minutes dividing a day)",
			    tok);
		} else {
			d.name = xstrdup(tok);
		}
		ds->d = xrealloc(ds->d, (ds->n + 1) * sizeof(d));
		ds->d[ds->n++] = d;
	}
	free(list);
	ds->is_period = xcalloc(ds->n + 1, sizeof(int));
	for (size_t i = 0; i < ds->n; i++)
		ds->is_period[i] = ds->d[i].is_period;
}

void dims_bind(struct dims *ds, const struct csvrow *hdr, const char *file,
	       int (*col)(void *ctx, const char *name), void *ctx)
{
	size_t i, j;

	for (i = 0; i < ds->n; i++) {
		struct dim *d = &ds->d[i];
		int c;
		if (d->is_period)
			continue;
		if (col && (c = col(ctx, d->name)) >= 0) {
			d->idx = c;
			continue;
		}
		for (j = 0; j < hdr->nf; j++)
			if (!strcmp(hdr->f[j], d->name))
				break;
		if (j == hdr->nf)
			die_at(EXIT_USAGE, file, hdr->line,
			       "no column \"%s\" for --by", d->name);
		d->idx = (int)j;
	}
}

int dims_key(struct dim *d, size_t n, struct group_key *k,
	     const struct csvrow *row, int64_t t, size_t *bad)
{
	size_t i;

	group_key_reset(k);
	for (i = 0; i < n; i++) {
		if (d[i].is_period) {
			int64_t order;
			const char *label;
			period_of(&d[i].p, t, &order, &label);
			group_key_period(k, order, label);
		} else {
			const char *v = row->f[d[i].idx];
			size_t len = row->len[d[i].idx];
			if (memchr(v, '\0', len)) {
				*bad = i;
				return -1;
			}
			group_key_text_n(k, v, len);
		}
	}
	return 0;
}

void dims_release(struct dims *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		free(ds->d[i].name);
	free(ds->d);
	free(ds->is_period);
	memset(ds, 0, sizeof(*ds));
}
