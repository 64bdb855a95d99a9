/*
 * kpitab: the cells of a KPI table (see kpitab.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "cli.h"
#include "date.h"
#include "diag.h"
#include "kpitab.h"
#include "manifest.h"
#include "num.h"
#include "state.h"
#include "stats.h"
#include "tm.h"
#include "xalloc.h"

void kpitab_header(const struct kpitab *t, const char *const *dims,
		   enum out_kind dimkind, enum out_kind okkind)
{
	char name[128];
	size_t i;

	for (i = 0; i < t->ndim; i++)
		out_col(t->o, dims[i], dimkind);
	for (i = 0; i < t->ncol; i++) {
		out_col(t->o, t->col[i].name, OUT_NUM);
		if (t->ci > 0 && t->col[i].rate) {
			snprintf(name, sizeof(name), "%s_lo", t->col[i].name);
			out_col(t->o, name, OUT_NUM);
			snprintf(name, sizeof(name), "%s_hi", t->col[i].name);
			out_col(t->o, name, OUT_NUM);
		}
	}
	for (i = 0; i < t->ntarget; i++) {
		snprintf(name, sizeof(name), "%s_ok", t->target[i].kpi);
		out_col(t->o, name, okkind);
	}
}

int kpitab_row(const struct kpitab *t, const char *const *labels,
	       const struct kpi_val *val)
{
	int rprec = t->precision >= 0 ? t->precision : 4;
	double z = t->ci > 0 ? stats_z(t->ci) : 0;
	struct out *o = t->o;
	char b[128];
	size_t i;
	int breach = 0;

	for (i = 0; i < t->ndim; i++)
		out_cell(o, labels[i], (size_t)-1);
	for (i = 0; i < t->ncol; i++) {
		const struct kpi_val *v = &val[i];
		const struct kpicol *c = &t->col[i];
		if (v->empty)
			out_cell(o, NULL, 0);
		else if (c->count)
			out_cell(o, fmt_i64(b, v->i), (size_t)-1);
		else
			out_cell(o,
				 fmt_fixed(b, v->v,
					   t->precision >= 0 ? t->precision
							     : c->prec),
				 (size_t)-1);
		if (t->ci > 0 && c->rate) {
			double lo, hi;
			if (v->empty) {
				out_cell(o, NULL, 0);
				out_cell(o, NULL, 0);
				continue;
			}
			stats_wilson((double)v->num, (double)v->den, z, &lo,
				     &hi);
			out_cell(o, fmt_fixed(b, lo, rprec), (size_t)-1);
			out_cell(o, fmt_fixed(b, hi, rprec), (size_t)-1);
		}
	}
	for (i = 0; i < t->ntarget; i++) {
		struct target *g = &t->target[i];
		const struct kpi_val *v = &val[g->col];
		/* no data: neither met nor breached */
		out_cell(o, target_judge(g, v->empty, v->v, &breach),
			 (size_t)-1);
	}
	out_end_row(o);
	return breach;
}

void kpitab_open(struct kpitab *t, struct cli *cli, const struct kpitab_opts *o,
		 const struct dims *ds, const struct kpicol *col, size_t ncol,
		 void (*lines)(kpitab_put_fn put, void *ctx),
		 enum out_kind dimkind, enum out_kind okkind)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->fp = cli_output(cli);
	t->o = out_open(t->fp, t->fp == stdout ? "stdout" : cli->output,
			(enum out_fmt)cli->format);
	t->col = col;
	t->ncol = ncol;
	t->ndim = ds->n;
	t->ci = o->ci;
	t->target = o->target;
	t->ntarget = o->ntarget;
	t->precision = cli->precision;
	t->labels = xcalloc(ds->n + 1, sizeof(*t->labels));
	if (lines)
		lines(kpitab_put_comment, t->o);
	for (i = 0; i < ds->n; i++)
		t->labels[i] = ds->d[i].name;
	kpitab_header(t, t->labels, dimkind, okkind);
}

void kpitab_key_labels(struct kpitab *t, const struct dims *ds,
		       const struct group_ent *g)
{
	for (size_t j = 0; j < ds->n; j++)
		t->labels[j] =
		    group_key_label(g->key, g->keylen, ds->is_period, j);
}

int kpitab_emit(const struct kpitab *t,
		void (*value)(void *ctx, size_t i, struct kpi_val *v),
		void *ctx)
{
	struct kpi_val *val = xcalloc(t->ncol + 1, sizeof(*val));
	size_t i;
	int breach;

	for (i = 0; i < t->ncol; i++)
		value(ctx, i, &val[i]);
	breach = kpitab_row(t, t->labels, val);
	free(val);
	return breach;
}

void kpitab_close(struct kpitab *t, struct cli *cli)
{
	out_close(t->o);
	cli_close_output(cli, t->fp);
	free(t->labels);
	t->labels = NULL;
}

/* ---- options ---- */

static void parse_pcts(struct kpitab_opts *o, const char *arg)
{
	char *list = xstrdup(arg), *tok, *sv;

	for (tok = strtok_r(list, ",", &sv); tok;
	     tok = strtok_r(NULL, ",", &sv)) {
		int64_t p;
		if (kpi_parse_percent(tok, &p) < 0)
			cli_usage_error(
			    "--percentiles: \"%s\" is not a percentile in (0, 100]",
			    tok);
		o->pct = xrealloc(o->pct, (o->npct + 1) * sizeof(*o->pct));
		o->pct[o->npct++] = p;
	}
	free(list);
}

void kpitab_opts_init(struct kpitab_opts *o, target_kpi_fn kpi_name,
		      const struct kpitab_param *params)
{
	memset(o, 0, sizeof(*o));
	o->max_groups = 10000000;
	o->kpi_name = kpi_name;
	o->params = params;
}

int kpitab_option(struct kpitab_opts *o, int c, const char *arg)
{
	double v;

	switch (c) {
	case KT_OPT_PCT:
		parse_pcts(o, arg);
		return 1;
	case KT_OPT_TOTAL:
		o->total = 1;
		return 1;
	case KT_OPT_CI:
		if (num_parse_double(arg, strlen(arg), &v) < 0 ||
		    !(v > 0 && v < 1))
			cli_usage_error("--ci: \"%s\" is not a level in (0, 1)",
					arg);
		o->ci = v;
		return 1;
	case KT_OPT_TARGET:
		target_add(&o->target, &o->ntarget, arg, "--target",
			   o->kpi_name, NULL);
		return 1;
	case KT_OPT_TARGETS:
		o->targets = xrealloc(o->targets,
				      (o->ntargets + 1) * sizeof(*o->targets));
		o->targets[o->ntargets++] = arg;
		return 1;
	case KT_OPT_FAIL:
		o->fail_on_breach = 1;
		return 1;
	case KT_OPT_STATE_OUT:
		o->state_out = arg;
		return 1;
	case KT_OPT_MERGE:
		o->merge = 1;
		return 1;
	case KT_OPT_MAX_GROUPS:
		o->max_groups =
		    (unsigned long)cli_int("--max-groups", arg, 1, 2000000000);
		return 1;
	}
	return 0;
}

/* A parameter line of a targets file, by the tool's table. */
static void file_param(void *ctx, const char *opt, const char *v,
		       const char *where)
{
	const struct kpitab_param *p = ((struct kpitab_opts *)ctx)->params;

	for (; p && p->opt; p++)
		if (!strcmp(p->opt, opt))
			break;
	if (p && !p->opt)
		p = NULL;
	if (!*v && !(p && p->flag))
		die(EXIT_USAGE, "%s: %s needs a value", where, opt);
	if (!p)
		die(EXIT_USAGE, "%s: %s cannot be set in a targets file", where,
		    opt);
	p->set(opt, v, where);
}

static void file_target(void *ctx, const char *expr, const char *where)
{
	struct kpitab_opts *o = ctx;

	target_add(&o->target, &o->ntarget, expr, where, o->kpi_name, NULL);
}

void kpitab_read_targets(struct kpitab_opts *o, struct cli *cli)
{
	size_t i;

	for (i = 0; i < o->ntargets; i++) {
		target_file_read(o->targets[i], file_param, file_target, o);
		cli_inputs(cli, 1, (char *const *)&o->targets[i]);
	}
}

void kpitab_check_modes(const struct kpitab_opts *o, int nops)
{
	if (o->merge && o->state_out)
		cli_usage_error("--merge and --state-out cannot be combined");
	if (o->merge && nops < 1)
		cli_usage_error("--merge needs at least one state file");
}

void kpitab_check_groups(const struct kpitab_opts *o, size_t n,
			 const char *name, long line)
{
	if (n > o->max_groups)
		group_limit_die(o->max_groups, name, line);
}

int kpitab_zone(const struct param *tz)
{
	if (!tz->value)
		return 0;
	if (tz_set(tz->value) < 0) {
		if (!strcmp(tz->origin, "--report-tz"))
			date_opt_report_tz(tz->value); /* exits 2 */
		die(EXIT_USAGE,
		    "%s: zone \"%s\" is not a time zone in the tz database",
		    tz->origin, tz->value);
	}
	return 1;
}

void kpitab_hist(const struct kpitab_opts *o, int *want, struct param *hist)
{
	if (o->state_out) {
		*want = 1;
		param_set(hist, "1", 0, "--state-out");
	}
	if (o->merge && *want && !(hist->value && !strcmp(hist->value, "1")))
		die(EXIT_USAGE, "percentiles: the states have no histograms");
}

void kpitab_inputs(const struct kpitab_opts *o, struct cli *cli, int n,
		   char *const *ops, struct acct *acct, const char *none_used)
{
	cli_inputs(cli, n, ops);
	cli_refuse_input(cli, "--state-out", o->state_out);
	if (o->state_out)
		state_hash_inputs();
	if (o->merge)
		cli->rejects = NULL;
	cli_acct(cli, acct);
	acct->none_used = none_used;
}

void kpitab_opts_release(struct kpitab_opts *o)
{
	size_t i;

	for (i = 0; i < o->ntarget; i++)
		target_release(&o->target[i]);
	free(o->target);
	free(o->pct);
	free(o->targets);
	o->target = NULL;
	o->ntarget = 0;
	o->pct = NULL;
	o->targets = NULL;
}

/* ---- the KPI list ---- */

const char *kpilist_name(const struct kpilist *l, size_t i)
{
	return (const char *)l->v + i * l->size + l->name_off;
}

void kpilist_push(struct kpilist *l, const char *name)
{
	char *k = xmalloc(l->size);
	size_t i;

	if (l->parse(name, k) < 0) {
		free(k);
		cli_usage_error("--kpis: \"%s\" is not a KPI", name);
	}
	for (i = 0; i < l->n; i++)
		if (!strcmp(kpilist_name(l, i), k + l->name_off))
			break;
	if (i == l->n) {
		l->v = xrealloc(l->v, (l->n + 1) * l->size);
		memcpy((char *)l->v + l->n++ * l->size, k, l->size);
	}
	free(k);
}

void kpilist_pcts(struct kpilist *l, const char *prefix,
		  const struct kpitab_opts *o)
{
	size_t i;
	char b[64], name[96];

	for (i = 0; i < o->npct; i++) {
		snprintf(name, sizeof(name), "%s%s", prefix,
			 fmt_ms(b, o->pct[i]));
		kpilist_push(l, name);
	}
}

int kpilist_build(struct kpilist *l, const char *arg,
		  const struct kpi_alias *alias, const struct kpi_pcts *pct,
		  const struct kpitab_opts *o)
{
	char *list = xstrdup(arg), *tok, *sv;
	int anchored = 0;

	for (tok = strtok_r(list, ",", &sv); tok;
	     tok = strtok_r(NULL, ",", &sv)) {
		const struct kpi_alias *a = alias;
		char *sub, *s2, *t2;
		while (a && a->name && strcmp(a->name, tok))
			a++;
		sub = xstrdup(a && a->name ? a->list : tok);
		for (t2 = strtok_r(sub, ",", &s2); t2;
		     t2 = strtok_r(NULL, ",", &s2)) {
			const struct kpi_pcts *p = pct;
			kpilist_push(l, t2);
			while (p && p->after && strcmp(p->after, t2))
				p++;
			if (p && p->after) {
				kpilist_pcts(l, p->prefix, o);
				anchored = 1;
			}
		}
		free(sub);
	}
	free(list);
	return anchored;
}

void kpilist_targets(struct kpilist *l, struct target *t, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < l->n; j++)
			if (!strcmp(kpilist_name(l, j), t[i].kpi))
				break;
		if (j == l->n)
			kpilist_push(l, t[i].kpi);
		t[i].col = j;
	}
}

void kpilist_release(struct kpilist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- method lines ---- */

void kpitab_put_comment(void *ctx, const char *line)
{
	out_comment(ctx, "%s", line);
}

void kpitab_put_method(void *ctx, const char *line)
{
	(void)ctx;
	manifest_method(line);
}

void kpitab_method_head(kpitab_put_fn put, void *ctx, const char *tool,
			const struct kpilist *l)
{
	char b[1024];
	size_t i, n;

	snprintf(b, sizeof(b), "%s %s", tool, TELAUDIT_VERSION);
	put(ctx, b);
	n = (size_t)snprintf(b, sizeof(b), "kpis=");
	for (i = 0; i < l->n && n < sizeof(b); i++)
		n += (size_t)snprintf(b + n, sizeof(b) - n, "%s%s",
				      i ? "," : "", kpilist_name(l, i));
	put(ctx, b);
}

void kpitab_method_tail(kpitab_put_fn put, void *ctx,
			const struct kpitab_opts *o)
{
	char b[1024], d[64];
	size_t i;

	put(ctx, "percentile=nearest rank: value at rank ceil(p/100 * n) of "
		 "the ascending values");
	if (o->ci > 0) {
		snprintf(b, sizeof(b), "ci=%s wilson score interval",
			 fmt_fixed(d, o->ci, 4));
		put(ctx, b);
	}
	for (i = 0; i < o->ntarget; i++) {
		snprintf(b, sizeof(b), "target=%s", o->target[i].text);
		put(ctx, b);
	}
}
