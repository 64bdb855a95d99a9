/*
 * svyout: the score table of a survey-score run (lib/svyout.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "stats.h"
#include "svydesign.h"
#include "svyout.h"
#include "xalloc.h"

/* Column name prefix + suffix ("csat" "_lo"); only built for the header. */
const char *svyout_name(struct svyout *e, const char *pre, const char *suf)
{
	size_t a, b;

	if (!e->header)
		return "";
	a = strlen(pre);
	b = strlen(suf);
	e->name = xgrow(e->name, &e->namecap, a + b + 1, 1);
	memcpy(e->name, pre, a);
	memcpy(e->name + a, suf, b + 1);
	return e->name;
}

void svyout_str(struct svyout *e, const char *name, const char *v)
{
	if (e->header)
		out_col(e->o, name, OUT_STR);
	else
		out_cell(e->o, v ? v : "", (size_t)-1);
}

/* A --by column: a group key (the formats for people show "" as (none)). */
void svyout_key(struct svyout *e, const char *name, const char *v)
{
	if (e->header)
		out_col(e->o, name, OUT_KEY);
	else
		out_cell(e->o, v ? v : "", (size_t)-1);
}

void svyout_num(struct svyout *e, const char *name, double v, int prec)
{
	char buf[64];

	if (e->header)
		out_col(e->o, name, OUT_NUM);
	else
		out_cell(e->o, isfinite(v) ? fmt_fixed(buf, v, prec) : "",
			 (size_t)-1);
}

void svyout_u64(struct svyout *e, const char *name, unsigned long long v)
{
	char buf[64];

	if (e->header)
		out_col(e->o, name, OUT_NUM);
	else
		out_cell(e->o, fmt_i64(buf, (int64_t)v), (size_t)-1);
}

/* Interval of a weighted mean: mean +- t(n_eff - 1) sd / sqrt(n_eff). */
static void mean_ci(const struct svyout *e, const struct survey_sum *s,
		    double *lo, double *hi)
{
	double t, half;

	*lo = *hi = NAN;
	if (!isfinite(s->sd) || s->n_eff <= 1)
		return;
	t = stats_t(e->sp->ci, s->n_eff - 1);
	half = t * s->sd / sqrt(s->n_eff);
	*lo = s->mean - half;
	*hi = s->mean + half;
}

void svyout_nps(const struct svy_spec *sp, const struct survey_cell *c,
		struct svyout_nps *f)
{
	const struct survey_hist *h = &c->h[sp->nps];

	survey_summary(h, &f->s);
	f->p = survey_share(h, 9, 10, &f->kp);
	f->d = survey_share(h, 0, 6, &f->kd);
	f->nps = 100 * (f->p - f->d);
	f->se = f->s.n ? survey_nps_se(f->p, f->d, f->s.n_eff) : NAN;
}

/*
 * Design variance of a ratio sum(slot a) / sum(slot x) in the row's
 * domain (its gradient added to e->d times k; e->d is cleared by the
 * caller), or, with k = 0, of the gradient already in e->d.
 */
static void ratio_grad(struct svyout *e, size_t a, size_t x, double k)
{
	size_t nst = e->dg->ncells < e->r->nst ? e->dg->ncells : e->r->nst;
	const struct svy_acc *const *acc =
	    (const struct svy_acc *const *)e->dg->accp;
	double X = svy_total(acc, e->sv, nst, x);
	double A = svy_total(acc, e->sv, nst, a);

	if (!(X > 0)) {
		e->d[x] = NAN;
		return;
	}
	e->d[a] += k / X;
	e->d[x] -= k * A / X / X;
}

static double grad_se(struct svyout *e)
{
	size_t nst = e->dg->ncells < e->r->nst ? e->dg->ncells : e->r->nst;
	long lonely;
	double v = NAN;
	int ok = 1;

	for (size_t i = 0; i < e->r->v; i++)
		if (isnan(e->d[i]))
			ok = 0;
	if (ok && e->dg->accp)
		v = svy_var((const struct svy_acc *const *)e->dg->accp, e->sv,
			    nst, e->d, e->r->v, (enum svy_lonely)e->sp->lonely,
			    &lonely);
	memset(e->d, 0, e->r->v * sizeof(double));
	return sqrt(v);
}

/* se of sum(a) / sum(x), times scale. */
double svyout_ratio_se(struct svyout *e, size_t a, size_t x, double scale)
{
	if (e->header || !e->dg)
		return NAN;
	ratio_grad(e, a, x, 1);
	return scale * grad_se(e);
}

/*
 * R's design effect (svymean deff = TRUE): the design variance over
 * that of a simple random sample of n from a population of W = sum w
 * without replacement, s2 (W - n) / (W n), s2 = the weighted variance
 * of the variable (sum w (y - m)^2 / sum w) times n / (n - 1). Empty
 * when W <= n (R gives NA or Inf).
 */
static double deff(double se, double s2, double n, double W)
{
	double vsrs;

	if (!(n > 1) || !(W > n))
		return NAN;
	vsrs = s2 * n / (n - 1) * (W - n) / (W * n);
	return vsrs > 0 ? se * se / vsrs : NAN;
}

/* Columns of one design figure: se, deff, and the t interval. */
static void put_design(struct svyout *e, const char *pre, double est, double se,
		       double s2, const struct survey_sum *s, int prec)
{
	double t = e->df > 0 && e->sp->ci ? stats_t(e->sp->ci, e->df) : NAN;

	svyout_num(e, svyout_name(e, pre, "_se"), se, prec);
	if (s)
		svyout_num(e, svyout_name(e, pre, "_deff"),
			   deff(se, s2, (double)s->n, s->sw), e->prate);
	if (e->sp->ci) {
		svyout_num(e, svyout_name(e, pre, "_lo"), est - t * se, prec);
		svyout_num(e, svyout_name(e, pre, "_hi"), est + t * se, prec);
	}
}

/* Weighted variance of a histogram about m: sum w (v - m)^2 / sum w. */
static double hist_var(const struct survey_hist *h, double m)
{
	double sw = 0, ss = 0;

	for (int j = 0; j <= h->hi - h->lo; j++) {
		double dx = h->lo + j - m;

		sw += h->sw[j];
		ss += h->sw[j] * dx * dx;
	}
	return sw > 0 ? ss / sw : NAN;
}

static void emit_nps(struct svyout *e, const struct survey_cell *c)
{
	struct svyout_nps f;
	double lo, hi;

	svyout_nps(e->sp, c, &f);
	svyout_u64(e, "nps_n", f.s.n);
	if (e->weighted)
		svyout_num(e, "nps_n_eff", f.s.n ? f.s.n_eff : NAN, e->ppoint);
	svyout_u64(e, "promoters", f.kp);
	svyout_u64(e, "passives", f.s.n - f.kp - f.kd);
	svyout_u64(e, "detractors", f.kd);
	svyout_num(e, "promoter_share", f.p, e->prate);
	svyout_num(e, "detractor_share", f.d, e->prate);
	svyout_num(e, "nps", f.nps, e->ppoint);
	if (e->sp->design) {
		size_t i = 4 * (size_t)e->sp->nps;

		put_design(e, "nps", f.nps, svyout_ratio_se(e, i + 3, i, 100),
			   1e4 * (f.p + f.d - (f.p - f.d) * (f.p - f.d)), &f.s,
			   e->ppoint);
		return;
	}
	svyout_num(e, "nps_se", f.se, e->ppoint);
	if (!e->sp->ci)
		return;
	svyout_num(e, "nps_lo", f.nps - e->z * f.se, e->ppoint);
	svyout_num(e, "nps_hi", f.nps + e->z * f.se, e->ppoint);
	lo = hi = NAN;
	if (f.s.n)
		survey_nps_score_ci(f.p, f.d, f.s.n_eff, e->z, &lo, &hi);
	svyout_num(e, "nps_score_lo", 100 * lo, e->ppoint);
	svyout_num(e, "nps_score_hi", 100 * hi, e->ppoint);
}

static void emit_csat(struct svyout *e, const struct survey_cell *c,
		      const struct svy_scored *sc)
{
	const struct survey_hist *h = &c->h[sc->item];
	const char *p = sc->prefix;
	struct survey_sum s;
	unsigned long long k;
	double share, lo = NAN, hi = NAN;

	survey_summary(h, &s);
	share = survey_share(h, h->hi - e->sp->top_box + 1, h->hi, &k);
	svyout_u64(e, svyout_name(e, p, "_n"), s.n);
	if (e->weighted)
		svyout_num(e, svyout_name(e, p, "_n_eff"), s.n ? s.n_eff : NAN,
			   e->ppoint);
	svyout_u64(e, svyout_name(e, p, "_top"), k);
	svyout_num(e, svyout_name(e, p, ""), share, e->prate);
	if (e->sp->design) {
		size_t i = 4 * sc->item;
		char *mp = xasprintf("%s_mean", p);

		put_design(e, p, share, svyout_ratio_se(e, i + 2, i, 1),
			   share * (1 - share), &s, e->prate);
		svyout_num(e, svyout_name(e, p, "_mean"), s.mean, e->prate);
		svyout_num(e, svyout_name(e, p, "_sd"), s.sd, e->prate);
		put_design(e, mp, s.mean, svyout_ratio_se(e, i + 1, i, 1),
			   hist_var(h, s.mean), &s, e->prate);
		free(mp);
		return;
	}
	if (e->sp->ci) {
		if (s.n)
			stats_wilson(share * s.n_eff, s.n_eff, e->z, &lo, &hi);
		svyout_num(e, svyout_name(e, p, "_lo"), lo, e->prate);
		svyout_num(e, svyout_name(e, p, "_hi"), hi, e->prate);
	}
	svyout_num(e, svyout_name(e, p, "_mean"), s.mean, e->prate);
	svyout_num(e, svyout_name(e, p, "_sd"), s.sd, e->prate);
	if (e->sp->ci) {
		mean_ci(e, &s, &lo, &hi);
		svyout_num(e, svyout_name(e, p, "_mean_lo"), lo, e->prate);
		svyout_num(e, svyout_name(e, p, "_mean_hi"), hi, e->prate);
	}
}

static void emit_ces(struct svyout *e, const struct survey_cell *c,
		     const struct svy_scored *sc)
{
	const char *p = sc->prefix;
	struct survey_sum s;
	double lo, hi;

	survey_summary(&c->h[sc->item], &s);
	svyout_u64(e, svyout_name(e, p, "_n"), s.n);
	if (e->weighted)
		svyout_num(e, svyout_name(e, p, "_n_eff"), s.n ? s.n_eff : NAN,
			   e->ppoint);
	svyout_num(e, svyout_name(e, p, ""), s.mean, e->prate);
	svyout_num(e, svyout_name(e, p, "_sd"), s.sd, e->prate);
	if (e->sp->design) {
		size_t i = 4 * sc->item;

		put_design(e, p, s.mean, svyout_ratio_se(e, i + 1, i, 1),
			   hist_var(&c->h[sc->item], s.mean), &s, e->prate);
		return;
	}
	if (e->sp->ci) {
		mean_ci(e, &s, &lo, &hi);
		svyout_num(e, svyout_name(e, p, "_lo"), lo, e->prate);
		svyout_num(e, svyout_name(e, p, "_hi"), hi, e->prate);
	}
}

/* SPEC 4: sum w_i (mean_i - min_i) / (max_i - min_i) 100, sum w_i = 1. */
static void emit_index(struct svyout *e, const struct survey_cell *c,
		       const struct svy_block *b)
{
	double wsum = 0, idx = 0;

	for (size_t j = 0; j < b->n; j++)
		wsum += b->w[j];
	for (size_t j = 0; j < b->n; j++) {
		const struct svy_item *it = &e->sp->items[b->item[j]];
		struct survey_sum s;

		survey_summary(&c->h[b->item[j]], &s);
		svyout_num(e, b->mean_name[j], s.mean, e->prate);
		idx += b->w[j] / wsum * (s.mean - it->lo) / (it->hi - it->lo) *
		       100;
		if (e->r->v && !e->header && e->dg)
			ratio_grad(e, 4 * b->item[j] + 1, 4 * b->item[j],
				   100 * b->w[j] / wsum / (it->hi - it->lo));
	}
	svyout_num(e, b->prefix, idx, e->ppoint);
	if (!e->sp->design && e->r->v)
		e->df = (double)c->n - 1; /* each respondent a PSU */
	if (e->r->v)
		put_design(e, b->prefix, idx,
			   e->header || !e->dg ? NAN : grad_se(e), 0, NULL,
			   e->ppoint);
}

static void emit_alpha(struct svyout *e, const struct survey_cell *c, size_t bi)
{
	const struct survey_alpha *a = &c->alpha[bi];
	const char *p = e->sp->alpha[bi].prefix;
	double raw, std;

	survey_alpha(a, &raw, &std);
	svyout_u64(e, svyout_name(e, p, "_n"), a->n);
	svyout_u64(e, svyout_name(e, p, "_excluded"), a->excluded);
	svyout_num(e, svyout_name(e, p, "_raw"), raw, e->prate);
	svyout_num(e, svyout_name(e, p, "_std"), std, e->prate);
}

/* A score row: keys (NULL in the header), then every asked score. */
static void emit_row(struct svyout *e, char *const *keys,
		     const struct survey_cell *c)
{
	for (size_t i = 0; i < e->sp->nby; i++)
		svyout_key(e, e->sp->by[i], keys ? keys[i] : NULL);
	svyout_u64(e, "n", c->n);
	if (e->weighted)
		svyout_num(e, "n_eff",
			   c->sw2 > 0 ? c->sw * c->sw / c->sw2 : NAN,
			   e->ppoint);
	if (e->sp->design) {
		unsigned long long nst = 0;

		for (size_t h = 0; !e->header && e->dg && h < e->dg->ncells;
		     h++)
			nst += e->dg == e->r->all ? 1 : e->dg->cells[h].n > 0;
		if (e->dg == e->r->all && e->dg)
			nst = e->r->nst;
		e->df = e->dg ? (double)e->dg->npsu - (double)nst : NAN;
		svyout_u64(e, "psu", e->dg ? e->dg->npsu : 0);
		svyout_u64(e, "strata", nst);
		svyout_num(e, "df", e->df, 0);
	}
	if (e->sp->nps >= 0)
		emit_nps(e, c);
	for (size_t j = 0; j < e->sp->ncsat; j++)
		emit_csat(e, c, &e->sp->csat[j]);
	for (size_t j = 0; j < e->sp->nces; j++)
		emit_ces(e, c, &e->sp->ces[j]);
	for (size_t j = 0; j < e->sp->nidx; j++)
		emit_index(e, c, &e->sp->idx[j]);
	for (size_t j = 0; j < e->sp->nalpha; j++)
		emit_alpha(e, c, j);
	for (size_t i = 0; i < e->sp->nitems; i++)
		svyout_u64(e, e->sp->items[i].missing_name, c->h[i].missing);
	if (!e->header)
		out_end_row(e->o);
}

void svyout_rows(struct svyout *e)
{
	struct survey_cell c, tot;
	char **tkeys = xcalloc(e->sp->nby + 1, sizeof(char *));

	svyrun_cell_init(e->r, &tot);
	for (size_t i = 0; i < e->r->ng; i++) {
		svyrun_cell_init(e->r, &c);
		svyrun_merge_group(e->r, &c, e->r->g[i]);
		e->dg = e->r->g[i];
		emit_row(e, e->r->g[i]->parts, &c);
		survey_cell_merge(&tot, &c, 1);
		survey_cell_release(&c);
	}
	if (e->sp->total && e->sp->nby) {
		for (size_t i = 0; i < e->sp->nby; i++)
			tkeys[i] = "";
		out_total_row(e->o);
		e->dg = e->r->all;
		emit_row(e, tkeys, &tot);
	}
	survey_cell_release(&tot);
	free(tkeys);
}

void svyout_comments(const struct svy_spec *sp, struct out *o)
{
	if (sp->compare)
		out_comment(
		    o,
		    "nps_diff = nps_b - nps_a, nps_diff_se = sqrt(nps_se_a^2 + nps_se_b^2), p two-sided normal");
	else if (sp->nps >= 0 && sp->ci)
		out_comment(
		    o,
		    "nps_lo/nps_hi: Wald interval nps +- z se (telaudit(7)); nps_score_lo/nps_score_hi: Tango score interval");
	if (sp->nalpha)
		out_comment(
		    o,
		    "alpha_raw: Cronbach's alpha of the raw items (telaudit(7)); alpha_std: standardised alpha (mean inter-item correlation)");
	if (sp->weight || sp->strat)
		out_comment(o, "weighted by %s %s; n_eff = (sum w)^2 / sum w^2",
			    sp->weight ? "column" : "post-stratification on",
			    sp->weight ? sp->weight : sp->strat);
	if (sp->rk.nm) {
		char *names = svydesign_rake_names(sp);

		out_comment(
		    o,
		    "raked to the margins of %s in %d sweeps (R rake(), epsilon %.6g, maxit %d)",
		    names, sp->rk.sweeps, sp->rk.epsilon, sp->rk.maxit);
		free(names);
	}
}

void svyout_header(struct svyout *e)
{
	struct survey_cell empty;

	svyrun_cell_init(e->r, &empty);
	e->header = 1;
	emit_row(e, NULL, &empty);
	e->header = 0;
	survey_cell_release(&empty);
}

void svyout_init(struct svyout *e, struct svy_run *r, struct out *o,
		 int precision)
{
	const struct svy_spec *sp = r->sp;

	memset(e, 0, sizeof(*e));
	e->o = o;
	e->sp = sp;
	e->r = r;
	e->weighted = sp->weight || sp->strat || sp->rk.nm;
	e->prate = precision >= 0 ? precision : 4;
	e->ppoint = precision >= 0 ? precision : 2;
	e->z = sp->ci ? stats_z(sp->ci) : 0;
	if (r->v) {
		if (!sp->design) /* each respondent a PSU */
			r->st[0].count = (double)r->acct.used;
		e->sv = svydesign_strata(r);
		e->d = xcalloc(r->v + 1, sizeof(double));
	}
}

void svyout_release(struct svyout *e)
{
	free(e->name);
	free(e->sv);
	free(e->d);
}
