/*
 * svycmp: survey-score --compare (lib/svycmp.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "stats.h"
#include "svycmp.h"
#include "svydesign.h"
#include "xalloc.h"

/* One figure of a comparison: b - a with independent-samples se. */
struct cmpfig {
	double a, b, diff, se, z, p, holm;
};

/* The figures compared, in column order (NPS first, then each item). */
static size_t cmp_figures(const struct svy_spec *sp,
			  const struct survey_cell *ca,
			  const struct survey_cell *cb, struct cmpfig *f,
			  const struct svyout *e, const struct svyrun_group *ga,
			  const struct svyrun_group *gb)
{
	const struct survey_cell *c[2] = {ca, cb};
	size_t k = 0, (*slot)[2] =
			  xcalloc(2 + 2 * sp->ncsat + sp->nces, sizeof(*slot));
	int dsn = sp->design && e && e->sv && ga && gb;

	if (sp->nps >= 0) {
		struct svyout_nps nf[2];

		for (int s = 0; s < 2; s++)
			svyout_nps(sp, c[s], &nf[s]);
		f[k].a = nf[0].nps;
		f[k].b = nf[1].nps;
		slot[k][0] = 4 * (size_t)sp->nps + 3;
		slot[k][1] = 4 * (size_t)sp->nps;
		f[k++].se = sqrt(nf[0].se * nf[0].se + nf[1].se * nf[1].se);
	}
	for (size_t j = 0; j < sp->ncsat + sp->nces; j++) {
		int csat = j < sp->ncsat;
		size_t it =
		    csat ? sp->csat[j].item : sp->ces[j - sp->ncsat].item;
		double v[2][2], se2[2] = {0, 0}, sm2[2] = {0, 0};

		for (int s = 0; s < 2; s++) {
			const struct survey_hist *h = &c[s]->h[it];
			struct survey_sum ss;
			double p;

			survey_summary(h, &ss);
			p = survey_share(h, h->hi - sp->top_box + 1, h->hi,
					 NULL);
			v[s][0] = p;
			v[s][1] = ss.mean;
			se2[s] = p * (1 - p) / ss.n_eff;
			sm2[s] = ss.sd * ss.sd / ss.n_eff;
		}
		if (csat) {
			f[k].a = v[0][0];
			f[k].b = v[1][0];
			slot[k][0] = 4 * it + 2;
			slot[k][1] = 4 * it;
			f[k++].se = sqrt(se2[0] + se2[1]);
		}
		f[k].a = v[0][1];
		f[k].b = v[1][1];
		slot[k][0] = 4 * it + 1;
		slot[k][1] = 4 * it;
		f[k++].se = sqrt(sm2[0] + sm2[1]);
	}
	for (size_t i = 0; i < k; i++) {
		f[i].diff = f[i].b - f[i].a;
		if (dsn)
			f[i].se = svydesign_diff_se(
			    e->r, ga, gb, e->sv, slot[i][0], slot[i][1],
			    i == 0 && sp->nps >= 0 ? 100 : 1);
		f[i].z = f[i].se > 0 ? f[i].diff / f[i].se : NAN;
		f[i].p = !isfinite(f[i].z) ? NAN
			 : dsn		   ? stats_p_t(f[i].z, e->df)
					   : stats_p_normal(f[i].z);
		f[i].holm = NAN;
	}
	free(slot);
	return k;
}

/*
 * Holm's step-down adjustment of the m p-values p[0], p[stride], ...
 * into holm[...], as R's p.adjust(p, "holm") (a NaN counts in m and
 * stays NaN).
 */
static void holm(struct cmpfig *f, size_t m, size_t stride)
{
	size_t *o = xcalloc(m + 1, sizeof(size_t)), n = 0;
	double run_max = 0;

	for (size_t i = 0; i < m; i++)
		if (!isnan(f[i * stride].p))
			o[n++] = i;
	for (size_t i = 1; i < n; i++) /* insertion sort by p, stable */
		for (size_t j = i;
		     j > 0 && f[o[j] * stride].p < f[o[j - 1] * stride].p;
		     j--) {
			size_t t = o[j];

			o[j] = o[j - 1];
			o[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		double q = (double)(m - i) * f[o[i] * stride].p;

		if (q > run_max)
			run_max = q;
		f[o[i] * stride].holm = run_max < 1 ? run_max : 1;
	}
	free(o);
}

/* Column names of the figures of cmp_figures, in the same order. */
static const char *cmp_name(const struct svy_spec *sp, size_t k, char *buf,
			    size_t n)
{
	if (sp->nps >= 0 && k-- == 0)
		return "nps";
	for (size_t j = 0; j < sp->ncsat; j++) {
		if (k == 0)
			return sp->csat[j].prefix;
		if (k == 1) {
			snprintf(buf, n, "%s_mean", sp->csat[j].prefix);
			return buf;
		}
		k -= 2;
	}
	return sp->ces[k].prefix;
}

/*
 * --compare: each value of COL against the reference, per --by group:
 * the NPS columns of SPEC 4 (nps_diff = nps_b - nps_a, se sqrt(se_a^2 +
 * se_b^2), z, p), then the same for each CSAT share and mean and CES
 * mean; with more than one value compared, Holm-adjusted p as well.
 */
static void emit_compare(struct svyout *e, char *const *keys, const char *va,
			 const char *vb, const struct survey_cell *a,
			 const struct survey_cell *b, const struct cmpfig *f,
			 size_t nf, int with_holm,
			 const struct svyrun_group *ga,
			 const struct svyrun_group *gb)
{
	struct svyout_nps fa, fb;
	size_t k = 0;
	char nb[256];
	double q = e->z;

	svyout_nps(e->sp, a, &fa);
	svyout_nps(e->sp, b, &fb);
	if (e->sp->design) {
		size_t i = 4 * (size_t)e->sp->nps;

		q = e->sp->ci && e->df > 0 ? stats_t(e->sp->ci, e->df) : NAN;
		fa.se = fb.se = NAN;
		if (e->sp->nps >= 0 && ga && gb && !e->header) {
			e->dg = ga;
			fa.se = svyout_ratio_se(e, i + 3, i, 100);
			e->dg = gb;
			fb.se = svyout_ratio_se(e, i + 3, i, 100);
		}
	}
	for (size_t i = 0; i < e->sp->nby; i++)
		svyout_key(e, e->sp->by[i], keys ? keys[i] : NULL);
	svyout_str(e, "group_a", va);
	if (e->sp->nps >= 0) {
		svyout_u64(e, "n_a", fa.s.n);
		if (e->weighted)
			svyout_num(e, "n_eff_a", fa.s.n ? fa.s.n_eff : NAN,
				   e->ppoint);
		svyout_num(e, "nps_a", fa.nps, e->ppoint);
		svyout_num(e, "nps_se_a", fa.se, e->ppoint);
		svyout_str(e, "group_b", vb);
		svyout_u64(e, "n_b", fb.s.n);
		if (e->weighted)
			svyout_num(e, "n_eff_b", fb.s.n ? fb.s.n_eff : NAN,
				   e->ppoint);
		svyout_num(e, "nps_b", fb.nps, e->ppoint);
		svyout_num(e, "nps_se_b", fb.se, e->ppoint);
		svyout_num(e, "nps_diff", f[0].diff, e->ppoint);
		svyout_num(e, "nps_diff_se", f[0].se, e->ppoint);
		if (e->sp->ci) {
			svyout_num(e, "nps_diff_lo", f[0].diff - q * f[0].se,
				   e->ppoint);
			svyout_num(e, "nps_diff_hi", f[0].diff + q * f[0].se,
				   e->ppoint);
		}
		svyout_num(e, "z", f[0].z, e->prate);
		svyout_num(e, "p", f[0].p, e->prate);
		if (with_holm)
			svyout_num(e, "p_holm", f[0].holm, e->prate);
		k = 1;
	} else {
		svyout_u64(e, "n_a", a->n);
		svyout_str(e, "group_b", vb);
		svyout_u64(e, "n_b", b->n);
	}
	for (; k < nf; k++) {
		const char *p = cmp_name(e->sp, k, nb, sizeof(nb));

		svyout_num(e, svyout_name(e, p, "_a"), f[k].a, e->prate);
		svyout_num(e, svyout_name(e, p, "_b"), f[k].b, e->prate);
		svyout_num(e, svyout_name(e, p, "_diff"), f[k].diff, e->prate);
		svyout_num(e, svyout_name(e, p, "_diff_se"), f[k].se, e->prate);
		if (e->sp->ci) {
			svyout_num(e, svyout_name(e, p, "_diff_lo"),
				   f[k].diff - q * f[k].se, e->prate);
			svyout_num(e, svyout_name(e, p, "_diff_hi"),
				   f[k].diff + q * f[k].se, e->prate);
		}
		svyout_num(e, svyout_name(e, p, "_p"), f[k].p, e->prate);
		if (with_holm)
			svyout_num(e, svyout_name(e, p, "_p_holm"), f[k].holm,
				   e->prate);
	}
	if (!e->header)
		out_end_row(e->o);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The values of the --compare column, sorted, the reference first. */
static char **compare_values(const struct svy_run *r, size_t *nv)
{
	char **v = xcalloc(r->ng + 1, sizeof(char *));
	size_t n = 0, ri;

	for (size_t j = 0; j < r->ng; j++)
		v[n++] = r->g[j]->parts[r->sp->nby];
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0, k = 0; i < n; i++)
		if (!k || strcmp(v[i], v[k - 1]) != 0)
			v[k++] = v[i], *nv = k;
	if (!n)
		*nv = 0;
	n = *nv;
	if (!r->sp->reference) {
		const char *v0 = n ? v[0] : "", *v1 = n > 1 ? v[1] : "",
			   *v2 = n > 2 ? v[2] : "";

		if (n != 2)
			free(v); /* the strings are the groups' */
		if (n > 2)
			die(EXIT_USAGE,
			    "--compare %s: more than 2 values (\"%s\", \"%s\", "
			    "\"%s\"): name the reference with --reference",
			    r->sp->compare, v0, v1, v2);
		if (n == 1)
			die(EXIT_USAGE,
			    "--compare %s: only one value (\"%s\"), need 2",
			    r->sp->compare, v0);
		if (n != 2)
			v = xcalloc(1, sizeof(char *));
		return v;
	}
	for (ri = 0; ri < n; ri++)
		if (strcmp(v[ri], r->sp->reference) == 0)
			break;
	if ((n && ri == n) || n == 1)
		free(v);
	if (n && ri == n)
		die(EXIT_USAGE, "--reference %s: no row has it in %s",
		    r->sp->reference, r->sp->compare);
	if (n == 1)
		die(EXIT_USAGE,
		    "--compare %s: only the reference value (\"%s\"), need "
		    "another",
		    r->sp->compare, r->sp->reference);
	for (; ri > 0; ri--) { /* the reference first, the rest in order */
		char *t = v[ri];

		v[ri] = v[ri - 1];
		v[ri - 1] = t;
	}
	return v;
}

static size_t compare_nvalues(const struct svy_run *r)
{
	size_t nv = 0;

	free(compare_values(r, &nv));
	return nv;
}

/* One --by block (or the total): rows for each value against v[0]. */
static void compare_block(struct svyout *e, char *const *keys, char **v,
			  size_t nv, struct survey_cell *cells,
			  struct svyrun_group **gs, int total)
{
	size_t m = nv - 1, nf = 1 + 2 * e->sp->ncsat + e->sp->nces;
	struct cmpfig *f = xcalloc(m * nf + 1, sizeof(*f));
	size_t k = 0;

	for (size_t i = 0; i < m; i++)
		k = cmp_figures(e->sp, &cells[0], &cells[i + 1], f + i * nf, e,
				gs[0], gs[i + 1]);
	if (m > 1)
		for (size_t j = 0; j < k; j++)
			holm(f + j, m, nf);
	for (size_t i = 0; i < m; i++) {
		if (total)
			out_total_row(e->o);
		emit_compare(e, keys, v[0], v[i + 1], &cells[0], &cells[i + 1],
			     f + i * nf, k, m > 1, gs[0], gs[i + 1]);
	}
	free(f);
}

void svycmp_rows(struct svyout *e)
{
	size_t nv = 0, i = 0;
	char **v = compare_values(e->r, &nv);
	struct survey_cell *cells = xcalloc(nv + 1, sizeof(*cells));
	struct survey_cell *tot = xcalloc(nv + 1, sizeof(*tot));
	struct svyrun_group **gs = xcalloc(nv + 1, sizeof(*gs));
	char **tkeys = xcalloc(e->sp->nby + 1, sizeof(char *));

	if (e->sp->design) { /* the whole sample's df for t intervals and p */
		double n = 0;

		for (size_t h = 0; h < e->r->nst; h++)
			n += e->r->st[h].count;
		e->df = n - (double)e->r->nst;
	}
	for (size_t j = 0; j < nv; j++)
		svyrun_cell_init(e->r, &tot[j]);
	while (i < e->r->ng && nv > 1) {
		size_t j = i;

		for (size_t k = 0; k < nv; k++) {
			svyrun_cell_init(e->r, &cells[k]);
			gs[k] = NULL;
		}
		for (; j < e->r->ng; j++) {
			struct svyrun_group *g = e->r->g[j];
			size_t p, k;

			for (p = 0; p < e->sp->nby; p++)
				if (strcmp(g->parts[p], e->r->g[i]->parts[p]))
					break;
			if (p < e->sp->nby)
				break;
			for (k = 0; k < nv; k++)
				if (strcmp(g->parts[e->sp->nby], v[k]) == 0)
					break;
			svyrun_merge_group(e->r, &cells[k], g);
			gs[k] = g;
		}
		compare_block(e, e->r->g[i]->parts, v, nv, cells, gs, 0);
		for (size_t k = 0; k < nv; k++) {
			survey_cell_merge(&tot[k], &cells[k], 1);
			survey_cell_release(&cells[k]);
		}
		i = j;
	}
	if (e->sp->total && e->sp->nby && nv > 1) {
		for (size_t k = 0; k < e->sp->nby; k++)
			tkeys[k] = "";
		memset(gs, 0, (nv + 1) * sizeof(*gs));
		compare_block(e, tkeys, v, nv, tot, gs, 1);
	}
	for (size_t j = 0; j < nv; j++)
		survey_cell_release(&tot[j]);
	free(tot);
	free(gs);
	free(cells);
	free(tkeys);
	free(v);
}

void svycmp_header(struct svyout *e)
{
	const struct svy_spec *sp = e->sp;
	size_t nf = 1 + 2 * sp->ncsat + sp->nces;
	struct cmpfig *cf = xcalloc(nf, sizeof(*cf));
	struct survey_cell empty;

	svyrun_cell_init(e->r, &empty);
	e->header = 1;
	emit_compare(e, NULL, NULL, NULL, &empty, &empty, cf,
		     cmp_figures(sp, &empty, &empty, cf, NULL, NULL, NULL),
		     compare_nvalues(e->r) > 2, NULL, NULL);
	e->header = 0;
	free(cf);
	survey_cell_release(&empty);
}
