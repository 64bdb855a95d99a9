/*
 * kpitab: the cells of a KPI table (see kpitab.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kpitab.h"
#include "num.h"
#include "stats.h"
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
		o->add_target(NULL, arg, "--target");
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
	}
	return 0;
}

void kpitab_read_targets(struct kpitab_opts *o, struct cli *cli,
			 void (*param)(void *ctx, const char *opt,
				       const char *value, const char *where))
{
	size_t i;

	for (i = 0; i < o->ntargets; i++) {
		target_file_read(o->targets[i], param, o->add_target, NULL);
		cli_inputs(cli, 1, (char *const *)&o->targets[i]);
	}
}

void kpitab_opts_release(struct kpitab_opts *o)
{
	free(o->pct);
	free(o->targets);
	o->pct = NULL;
	o->targets = NULL;
}
