/*
 * subs: a subscriber base for complaint rates (see subs.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "diag.h"
#include "num.h"
#include "subs.h"
#include "xalloc.h"

void subs_read(struct subs *s, const char *arg)
{
	struct csvin *in;
	struct csvrow row;
	double v;
	int st;

	s->all = -1;
	if (num_parse_double(arg, strlen(arg), &v) == 0) {
		if (!(v > 0))
			cli_usage_error(
			    "--subscribers: \"%s\" is not a positive count",
			    arg);
		s->all = v;
		return;
	}
	if (!(in = csvin_open(arg, ',')))
		exit(EXIT_USAGE);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		if (st == CSVIN_BAD)
			die_at(EXIT_USAGE, arg, row.line, "%s",
			       csvin_error(in));
		if (row.nf != 2)
			die_at(EXIT_USAGE, arg, row.line,
			       "expected period,count");
		if (num_parse_double(row.f[1], row.len[1], &v) < 0 ||
		    !(v > 0)) {
			if (row.line == 1)
				continue; /* a header */
			die_at(EXIT_USAGE, arg, row.line,
			       "\"%s\" is not a positive count", row.f[1]);
		}
		for (size_t i = 0; i < s->n; i++)
			if (!strcmp(s->v[i].period, row.f[0]))
				die_at(EXIT_USAGE, arg, row.line,
				       "period \"%s\" given twice", row.f[0]);
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		s->v[s->n].period = xstrdup(row.f[0]);
		s->v[s->n++].n = v;
	}
	csvin_free(in);
}

double subs_of(const struct subs *s, const char *period)
{
	size_t i;

	if (s->all > 0)
		return s->all;
	if (!period)
		return -1;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].period, period))
			return s->v[i].n;
	return -1;
}

void subs_release(struct subs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].period);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
