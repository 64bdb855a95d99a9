/*
 * svyspec: the roles and options of survey-score (lib/svyspec.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "num.h"
#include "survey.h"
#include "svyspec.h"
#include "xalloc.h"

void svyspec_init(struct svy_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->nps = -1;
	s->top_box = 2;
	s->def_lo = 1;
	s->def_hi = 5;
	s->max_groups = 10000000;
	rake_init(&s->rk);
}

/* Register a column as an item (once per column); returns its index. */
static size_t add_item(struct svy_spec *s, const char *col, int lo, int hi,
		       int explicit_scale, const char *role)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (strcmp(s->items[i].col, col) == 0)
			break;
	if (i == s->nitems) {
		s->items =
		    xgrow(s->items, &s->itemcap, i + 1, sizeof(*s->items));
		memset(&s->items[i], 0, sizeof(s->items[i]));
		s->items[i].col = xstrdup(col);
		s->items[i].role = role;
		s->items[i].seen_lo = INFINITY;
		s->items[i].seen_hi = -INFINITY;
		s->nitems++;
	}
	/* an item needs a scale unless alpha is its only role */
	if (strcmp(role, "--alpha") != 0)
		s->items[i].scaled = 1;
	if (explicit_scale) {
		struct svy_item *it = &s->items[i];

		if (it->explicit_scale && (it->lo != lo || it->hi != hi))
			cli_usage_error(
			    "column \"%s\" is given two scales, %d..%d and %d..%d",
			    col, it->lo, it->hi, lo, hi);
		it->lo = lo;
		it->hi = hi;
		it->explicit_scale = 1;
		it->scaled = 1;
	}
	return i;
}

/* "COL[:SCALE]": the part after the last ':' is a scale if it parses. */
static size_t item_spec(struct svy_spec *s, const char *optname,
			const char *spec)
{
	char *col = xstrdup(spec), *colon = strrchr(col, ':');
	int lo = 0, hi = 0, ex = 0;
	size_t i;

	if (colon && survey_parse_scale(colon + 1, &lo, &hi) == 0) {
		*colon = '\0';
		ex = 1;
	}
	if (!*col)
		cli_usage_error("%s: \"%s\" names no column", optname, spec);
	i = add_item(s, col, lo, hi, ex, optname);
	free(col);
	return i;
}

/*
 * "NAME=" at the head of a block option: the part before the first '='
 * is a name when the first comma-separated element holds `min_eq` '='
 * signs (alpha: COL has none, so one means a name; index: COL=W has
 * one, so two mean a name). *rest is set after the name.
 */
static char *block_name(const char *arg, int min_eq, const char **rest)
{
	const char *end = strchr(arg, ','), *eq = strchr(arg, '=');
	int neq = 0;

	if (!end)
		end = arg + strlen(arg);
	for (const char *p = arg; p < end; p++)
		neq += *p == '=';
	*rest = arg;
	if (neq < min_eq)
		return NULL;
	*rest = eq + 1;
	return xstrndup(arg, (size_t)(eq - arg));
}

/* A new block of --alpha or --index: named, or the one bare block. */
static struct svy_block *new_block(struct svy_block **v, size_t *n, size_t *cap,
				   const char *optname, const char *stem,
				   char *name)
{
	struct svy_block *b;

	if (name && !*name)
		cli_usage_error("%s: empty block name", optname);
	for (size_t i = 0; i < *n; i++) {
		if (!name && !(*v)[i].name)
			cli_usage_error(
			    "%s: given twice (name each block: %s NAME=...)",
			    optname, optname);
		if (name && (*v)[i].name && strcmp(name, (*v)[i].name) == 0)
			cli_usage_error("%s: name \"%s\" given twice", optname,
					name);
	}
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->name = name;
	b->prefix = name ? xasprintf("%s_%s", stem, name) : xstrdup(stem);
	return b;
}

static void block_add(struct svy_spec *s, struct svy_block *b,
		      const char *optname, size_t item, double w)
{
	for (size_t j = 0; j < b->n; j++)
		if (b->item[j] == item)
			cli_usage_error("%s: column \"%s\" given twice",
					optname, s->items[item].col);
	b->item = xgrow(b->item, &b->cap, b->n + 1, sizeof(*b->item));
	b->w = xrealloc(b->w, b->cap * sizeof(*b->w));
	b->item[b->n] = item;
	b->w[b->n++] = w;
}

void svyspec_index(struct svy_spec *s, const char *arg)
{
	const char *rest;
	char *name = block_name(arg, 2, &rest);
	struct svy_block *b =
	    new_block(&s->idx, &s->nidx, &s->idxcap, "--index", "index", name);
	char *copy = xstrdup(rest), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		char *eq = strrchr(it, '='), *colon, *spec;
		double w;

		if (!eq || eq == it)
			cli_usage_error("--index: \"%s\" is not COL=WEIGHT",
					it);
		*eq = '\0';
		colon = strchr(eq + 1, ':');
		if (colon)
			*colon = '\0';
		if (num_parse_double(eq + 1, strlen(eq + 1), &w) != 0 ||
		    !(w > 0))
			cli_usage_error(
			    "--index: weight \"%s\" of %s is not a positive number",
			    eq + 1, it);
		spec = xasprintf("%s%s%s", it, colon ? ":" : "",
				 colon ? colon + 1 : "");
		block_add(s, b, "--index", item_spec(s, "--index", spec), w);
		free(spec);
	}
	free(copy);
}

void svyspec_alpha(struct svy_spec *s, const char *arg)
{
	const char *rest;
	char *name = block_name(arg, 1, &rest);
	struct svy_block *b = new_block(&s->alpha, &s->nalpha, &s->alphacap,
					"--alpha", "alpha", name);
	char *copy = xstrdup(rest), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save))
		block_add(s, b, "--alpha", item_spec(s, "--alpha", it), 1);
	free(copy);
	if (b->n < 2)
		cli_usage_error("--alpha: needs at least 2 items%s%s",
				name ? " in " : "", name ? name : "");
}

/* --csat or --ces: COL[:SCALE],... */
static void add_scored(struct svy_spec *s, struct svy_scored **v, size_t *n,
		       const char *optname, const char *stem, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;
	size_t cap = 0;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		size_t i = item_spec(s, optname, it);

		for (size_t j = 0; j < *n; j++)
			if ((*v)[j].item == i)
				cli_usage_error("%s: column \"%s\" given twice",
						optname, s->items[i].col);
		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		(*v)[*n].item = i;
		(*v)[(*n)++].prefix = NULL;
	}
	free(copy);
	if (!*n)
		cli_usage_error("%s: no column", optname);
	/* one item keeps the plain names; several are told apart by column */
	for (size_t j = 0; j < *n; j++)
		(*v)[j].prefix =
		    *n == 1
			? xstrdup(stem)
			: xasprintf("%s_%s", stem, s->items[(*v)[j].item].col);
}

/* --rake COL=FILE: one margin. */
void svyspec_rake(struct svy_spec *s, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *col;

	if (!eq || eq == arg || !eq[1])
		cli_usage_error("--rake: \"%s\" is not COL=FILE", arg);
	col = xstrndup(arg, (size_t)(eq - arg));
	if (rake_add_margin(&s->rk, col, eq + 1) != 0)
		cli_usage_error("--rake: %s raked twice", col);
	free(col);
}

void svyspec_by(struct svy_spec *s, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		s->by = xgrow(s->by, &s->bycap, s->nby + 1, sizeof(*s->by));
		s->byp = xrealloc(s->byp, s->bycap * sizeof(*s->byp));
		s->isp = xrealloc(s->isp, s->bycap * sizeof(*s->isp));
		s->by[s->nby] = xstrdup(it);
		s->isp[s->nby++] = 0;
	}
	free(copy);
}

/* Checks that need every option: scales, periods, combinations. */
void svyspec_finish(struct svy_spec *s)
{
	if (s->nps < 0 && !s->ncsat && !s->nces && !s->nidx && !s->nalpha)
		cli_usage_error(
		    "nothing to score: give --nps, --csat, --ces, --index or --alpha");
	for (size_t i = 0; i < s->nitems; i++) {
		struct svy_item *it = &s->items[i];

		/* an explicit --scale covers alpha-only items too */
		if (s->scale_given)
			it->scaled = 1;
		if (!it->explicit_scale) {
			it->lo = s->def_lo;
			it->hi = s->def_hi;
		}
		it->missing_name = xasprintf("missing_%s", it->col);
	}
	for (size_t j = 0; j < s->ncsat; j++) {
		const struct svy_item *it = &s->items[s->csat[j].item];

		if (s->top_box > it->hi - it->lo)
			cli_usage_error(
			    "--top-box: %d boxes leave none unsatisfied on the scale %d..%d",
			    s->top_box, it->lo, it->hi);
	}
	for (size_t j = 0; j < s->nidx; j++) {
		struct svy_block *b = &s->idx[j];

		b->mean_name = xcalloc(b->n, sizeof(char *));
		for (size_t k = 0; k < b->n; k++)
			b->mean_name[k] =
			    b->name ? xasprintf("%s_mean_%s", b->prefix,
						s->items[b->item[k]].col)
				    : xasprintf("mean_%s",
						s->items[b->item[k]].col);
	}
	s->kalpha = xcalloc(s->nalpha + 1, sizeof(size_t));
	for (size_t j = 0; j < s->nalpha; j++)
		s->kalpha[j] = s->alpha[j].n;
	/* a span is never a column: a malformed one says what is wrong */
	for (size_t i = 0; i < s->nby; i++)
		if (!strncmp(s->by[i], "span:", 5)) {
			struct period sp;

			period_parse(s->by[i], &sp);
			if (!s->date)
				cli_usage_error("--by %s: needs --date COL",
						s->by[i]);
		}
	/* the --by periods of --date, and --compare's when it is one */
	s->byp = xrealloc(s->byp, (s->nby + 1) * sizeof(*s->byp));
	s->isp = xrealloc(s->isp, (s->nby + 1) * sizeof(*s->isp));
	s->isp[s->nby] = 0;
	for (size_t i = 0; s->date && i < s->nby + (s->compare != NULL); i++) {
		const char *name = i < s->nby ? s->by[i] : s->compare;
		if (period_parse(name, &s->byp[i]) == 0 &&
		    ((s->byp[i].unit >= P_DAY && s->byp[i].unit <= P_YEAR) ||
		     s->byp[i].unit == P_SPAN)) {
			s->isp[i] = 1;
			s->have_period = 1;
			if (i < s->nby && s->byp[i].unit == P_SPAN) {
				free(s->by[i]); /* the column is named span */
				s->by[i] = xstrdup("span");
			}
		}
	}
	if (s->date && !s->have_period)
		cli_usage_error(
		    "--date: no period (day, week, month, quarter, year) in --by");
	if (s->compare && s->nps < 0 && !s->ncsat && !s->nces)
		cli_usage_error("--compare: needs --nps, --csat or --ces");
	if (s->reference && !s->compare)
		cli_usage_error("--reference: needs --compare");
	if (s->window && !s->date)
		cli_usage_error("--date-window: needs --date COL");
	if (s->weight && s->strat)
		cli_usage_error(
		    "--weight and --post-stratify exclude each other");
	if (!s->strat != !s->popfile)
		cli_usage_error("--post-stratify and --population go together");
	s->design = s->dstrat || s->cluster || s->fpc || s->rk.nm;
	if (s->rk.nm && s->strat)
		cli_usage_error(
		    "--rake and --post-stratify exclude each other");
	if (s->rk.nm && s->compare)
		cli_usage_error("--compare with --rake is not supported yet");
	if (s->design && s->strat && !s->rk.nm)
		cli_usage_error(
		    "--post-stratify under a design (--strata, --cluster, --fpc) is not supported");
	if (s->design && s->compare && s->total)
		cli_usage_error(
		    "--total with --compare under a design (--strata, --cluster, --fpc) is not supported yet");
}

void svyspec_nps(struct svy_spec *s, const char *col)
{
	s->nps = (long)add_item(s, col, 0, 10, 1, "--nps");
}

void svyspec_csat(struct svy_spec *s, const char *arg)
{
	add_scored(s, &s->csat, &s->ncsat, "--csat", "csat", arg);
}

void svyspec_ces(struct svy_spec *s, const char *arg)
{
	add_scored(s, &s->ces, &s->nces, "--ces", "ces", arg);
}

static void free_blocks(struct svy_block *v, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		for (size_t k = 0; v[j].mean_name && k < v[j].n; k++)
			free(v[j].mean_name[k]);
		free(v[j].mean_name);
		free(v[j].name);
		free(v[j].prefix);
		free(v[j].item);
		free(v[j].w);
	}
	free(v);
}

void svyspec_release(struct svy_spec *s)
{
	rake_free(&s->rk);
	for (size_t i = 0; i < s->nitems; i++) {
		free(s->items[i].col);
		free(s->items[i].missing_name);
	}
	free(s->items);
	free_blocks(s->idx, s->nidx);
	free_blocks(s->alpha, s->nalpha);
	free(s->kalpha);
	for (size_t j = 0; j < s->ncsat; j++)
		free(s->csat[j].prefix);
	for (size_t j = 0; j < s->nces; j++)
		free(s->ces[j].prefix);
	free(s->csat);
	free(s->ces);
	for (size_t i = 0; i < s->nby; i++)
		free(s->by[i]);
	free(s->by);
	free(s->byp);
	free(s->isp);
	where_release(&s->where);
}
