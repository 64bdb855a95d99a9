/*
 * kpitab: the cells of a KPI table (see kpitab.h).
 */
#include <stdio.h>

#include "kpitab.h"
#include "num.h"
#include "stats.h"

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
