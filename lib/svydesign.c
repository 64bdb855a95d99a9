/*
 * svydesign: the sample design of a survey-score run (lib/svydesign.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "num.h"
#include "svydesign.h"
#include "xalloc.h"

/* The number of key[0..len) in m, adding it as m->n if new (*added). */
static size_t smap_get(struct group_table *m, const char *key, size_t len,
		       int *added)
{
	return group_table_get(m, key, len, added)->idx;
}

/* The number of key in m, or (size_t)-1. */
static size_t svydesign_smap_find(const struct group_table *m, const char *key,
				  size_t len)
{
	const struct group_ent *e = group_table_find(m, key, len);

	return e ? e->idx : (size_t)-1;
}

/* A design field trimmed of blanks; NULL (row rejected) if empty. */
static const char *design_field(struct svy_run *r, const struct csvrow *row,
				long f, const char *opt_name, const char *file,
				size_t *len)
{
	const char *p = row->f[f];
	size_t n = row->len[f];

	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!n || memchr(p, '\0', n)) {
		acct_reject(&r->acct, file, row->line, row, "%s: empty",
			    opt_name);
		return NULL;
	}
	*len = n;
	return p;
}

/*
 * The design fields of a row: the stratum (new ones are added), the
 * fpc (one value per stratum) and, with --cluster, the PSU number
 * (r->t[r->v] holds it for design_row). Returns -1 if the row is
 * rejected.
 */
int svydesign_stratum(struct svy_run *r, const struct svyrun_cols *m,
		      const struct csvrow *row, const char *file, size_t *st)
{
	const char *name = "";
	size_t len = 0;
	struct svyrun_stratum *sp;
	double fpc = NAN;
	char sb[48];
	const char *cf = NULL;
	size_t cn = 0;

	if (m->dstrat >= 0 && !(name = design_field(r, row, m->dstrat,
						    r->sp->dstrat, file, &len)))
		return -1;
	if (m->cluster >= 0 &&
	    !(cf = design_field(r, row, m->cluster, r->sp->cluster, file, &cn)))
		return -1;
	if (m->fpc >= 0) {
		size_t n;
		const char *f =
		    design_field(r, row, m->fpc, r->sp->fpc, file, &n);

		if (!f)
			return -1;
		if (num_parse_double(f, n, &fpc) != 0 || !(fpc > 0) ||
		    !isfinite(fpc)) {
			acct_reject(&r->acct, file, row->line, row,
				    "%s: \"%s\" is not a positive number",
				    r->sp->fpc, svyrun_show(row, m->fpc, sb));
			return -1;
		}
	}
	/* the stratum: the last one again, else a search, else a new one */
	*st = r->lastst;
	if (!(*st < r->nst && strlen(r->st[*st].name) == len &&
	      memcmp(r->st[*st].name, name, len) == 0)) {
		for (*st = 0; *st < r->nst; (*st)++)
			if (strlen(r->st[*st].name) == len &&
			    memcmp(r->st[*st].name, name, len) == 0)
				break;
		if (*st == r->nst) {
			size_t cap = r->nst;

			r->st = xgrow(r->st, &cap, r->nst + 1, sizeof(*r->st));
			memset(&r->st[r->nst], 0, sizeof(*r->st));
			r->st[r->nst].name = xstrndup(name, len);
			r->st[r->nst].fpc = NAN;
			r->nst++;
			if (r->all)
				svyrun_group_strata(r, r->all, r->nst);
		}
		r->lastst = *st;
	}
	sp = &r->st[*st];
	if (m->fpc >= 0) {
		if (isnan(sp->fpc))
			sp->fpc = fpc;
		else if (sp->fpc != fpc)
			die_at(
			    EXIT_USAGE, file, row->line,
			    "%s: %.15g differs from %.15g given before for "
			    "stratum \"%s\"; the fpc is one number a stratum",
			    r->sp->fpc, fpc, sp->fpc, sp->name);
	}
	if (cf) {
		size_t id;
		char *k = xmalloc(sizeof(size_t) + cn);
		int added;

		memcpy(k, st, sizeof(size_t));
		memcpy(k + sizeof(size_t), cf, cn);
		id = smap_get(&r->psus, k, sizeof(size_t) + cn, &added);
		free(k);
		if (added) {
			r->psu_st = xgrow(r->psu_st, &r->psucap, id + 1,
					  sizeof(size_t));
			r->psu_st[id] = *st;
			sp->count++;
		}
		r->t[r->v] = (double)id;
	} else {
		sp->count++; /* each respondent is a PSU */
	}
	return 0;
}

/* The group's PSU sums for PSU id (a new row of zeros the first time). */
static double *gpsu_vec(struct svy_run *r, struct svyrun_group *g, size_t id)
{
	size_t key[2] = {g->id, id}, slot;
	int added;

	if (g == r->all)
		key[0] = (size_t)-1;
	slot = smap_get(&r->gpsu, (const char *)key, sizeof(key), &added);
	if (added) {
		size_t cap = r->gveccap;

		r->gvec =
		    xgrow(r->gvec, &cap, (slot + 1) * r->v, sizeof(double));
		memset(r->gvec + slot * r->v, 0,
		       (cap - r->gveccap) * sizeof(double));
		r->gveccap = cap;
		r->gvec_g = xgrow(r->gvec_g, &r->gvecgcap, slot + 1,
				  sizeof(*r->gvec_g));
		r->gvec_g[slot] = g;
		r->ngvec = slot + 1;
		g->npsu++;
	}
	return r->gvec + slot * r->v;
}

/*
 * The sums of one respondent of weight w: per item i, 4i the weight of
 * a valid answer, 4i+1 w (answer - middle of the scale), 4i+2 w if in
 * the top boxes, 4i+3 w (promoter - detractor) for the NPS item.
 */
void svydesign_vec(const struct svy_run *r, const double *ax, double w,
		   double *t)
{
	for (size_t i = 0; i < r->sp->nitems; i++) {
		const struct svy_item *it = &r->sp->items[i];
		double x = ax[i];

		if (isnan(x) || !it->scaled) {
			t[4 * i] = t[4 * i + 1] = t[4 * i + 2] = t[4 * i + 3] =
			    0;
			continue;
		}
		t[4 * i] = w;
		t[4 * i + 1] = w * (x - (it->lo + it->hi) / 2.0);
		t[4 * i + 2] = x > it->hi - r->sp->top_box ? w : 0;
		t[4 * i + 3] = (long)i != r->sp->nps ? 0
			       : x >= 9		     ? w
			       : x <= 6		     ? -w
						     : 0;
	}
}

void svydesign_row(struct svy_run *r, struct svyrun_group *g, size_t st,
		   const double *ax, double w)
{
	double *t = r->t;
	struct svyrun_group *dom[2] = {g, r->all != g ? r->all : NULL};

	svydesign_vec(r, ax, w, t);
	for (int d = 0; d < 2 && dom[d]; d++) {
		if (r->sp->cluster) {
			double *v = gpsu_vec(r, dom[d], (size_t)t[r->v]);

			for (size_t j = 0; j < r->v; j++)
				v[j] += t[j];
		} else {
			svy_acc_add(&dom[d]->acc[st], t);
			dom[d]->npsu++;
		}
	}
}

/* The strata for svy_var: sampled PSUs, fpc, weight factor. */
struct svy_stratum *svydesign_strata(const struct svy_run *r)
{
	struct svy_stratum *sv = xcalloc(r->nst + 1, sizeof(*sv));
	int popsize = 0;

	for (size_t h = 0; h < r->nst; h++)
		if (!isnan(r->st[h].fpc) && r->st[h].fpc > 1)
			popsize = 1;
	for (size_t h = 0; h < r->nst; h++) {
		const struct svyrun_stratum *sp = &r->st[h];
		double n = sp->count;

		sv[h].n = n;
		sv[h].g = sp->w;
		sv[h].f = 1;
		if (!isnan(sp->fpc)) {
			double N = popsize ? sp->fpc : n / sp->fpc;

			sv[h].f = (N - n) / N;
		}
	}
	return sv;
}

/* "COL1, COL2 and COL3" of the raked margins (to free). */
char *svydesign_rake_names(const struct svy_spec *sp)
{
	char *s = xstrdup("");

	for (size_t k = 0; k < sp->rk.nm; k++) {
		char *n = xasprintf("%s%s%s", s,
				    !k			? ""
				    : k + 1 < sp->rk.nm ? ", "
							: " and ",
				    sp->rk.m[k].col);
		free(s);
		s = n;
	}
	return s;
}

/*
 * --rake, after the input and the strata's weights: rake the weights
 * (design weight times the stratum's weight) to the margins; then put
 * every kept row into its group's cells and totals with its raked
 * weight, and into every domain's PSU sums the residuals of its
 * linearised variables (lib/rake.h), on every row of the sample, as
 * svyrecvar does for a raked design.
 */
static void rake_apply(struct svy_run *r)
{
	struct rake *rk = &r->sp->rk;
	size_t nc, v = r->v, ni = r->sp->nitems, nd = r->ng, mg, cat;
	struct svyrun_group **dom = xcalloc(r->ng + 2, sizeof(*dom));
	unsigned long long *npsu;
	double *U, *B, *u, *e, *ax;
	char *names = svydesign_rake_names(r->sp);

	if (rake_empty_category(rk, &mg, &cat))
		die(EXIT_USAGE,
		    "%s: category \"%s\" of %s has no respondent: rake to "
		    "categories of the sample",
		    rk->m[mg].col, rk->m[mg].cat[cat], rk->m[mg].path);
	nc = rk->ncell;
	for (size_t i = 0; i < r->nrrow; i++)
		rk->W[r->rrow[i].cell] += r->rrow[i].w * r->st[r->rrow[i].st].w;
	if (rake_fit(rk) != 0)
		die(EXIT_USAGE,
		    "--rake: raking to %s did not converge in %d sweeps (a "
		    "cell still moved by %.6g, epsilon %.6g): raise "
		    "--rake-maxit or --rake-epsilon",
		    names, rk->sweeps, rk->delta, rk->epsilon);
	for (size_t k = 1; k < rk->nm; k++) {
		double t0 = 0, tk = 0;

		for (size_t j = 0; j < rk->m[0].ncat; j++)
			t0 += rk->m[0].pop[j];
		for (size_t j = 0; j < rk->m[k].ncat; j++)
			tk += rk->m[k].pop[j];
		if (fabs(tk - t0) > 1e-9 * t0)
			warnx("--rake: the totals of %s (%.15g) and %s (%.15g) "
			      "differ: the raked weights sum to the last "
			      "margin's",
			      rk->m[0].col, t0, rk->m[k].col, tk);
	}
	if (!r->sp->quiet)
		warnx("raked to %s in %d sweeps", names, rk->sweeps);
	free(names);
	for (size_t i = 0; i < r->ng; i++)
		dom[i] = r->g[i];
	if (r->all)
		dom[nd++] = r->all;
	U = xcalloc(2 * nd * nc * v + 1, sizeof(double));
	B = U + nd * nc * v;
	u = xcalloc(4 * v + 2 * ni + 1, sizeof(double));
	e = u + v;
	ax = e + v;
	/* the raked rows into cells, totals and PSU counts; sums of u */
	for (size_t i = 0; i < r->nrrow; i++) {
		const struct svyrun_row *rw = &r->rrow[i];
		double w0 = rw->w * r->st[rw->st].w, wr = w0 * rk->g[rw->cell];
		struct svyrun_group *in[2] = {rw->g, r->all};

		memcpy(ax, r->rax + i * ni, ni * sizeof(double));
		svyrun_cell_add_row(r, &rw->g->cells[rw->st], ax, wr);
		svydesign_vec(r, ax, wr, r->t);
		svydesign_vec(r, ax, 1, u);
		for (int d = 0; d < 2 && in[d]; d++) {
			double *ud =
			    U + ((d ? r->ng : rw->g->id) * nc + rw->cell) * v;

			svy_acc_add_total(&in[d]->acc[rw->st], r->t);
			for (size_t j = 0; j < v; j++)
				ud[j] += u[j];
			if (r->sp->cluster)
				gpsu_vec(r, in[d], rw->psu);
			else
				in[d]->npsu++;
		}
	}
	for (size_t d = 0; d < nd; d++)
		rake_resid(rk, U + d * nc * v, v, B + d * nc * v);
	/* the residuals reach PSUs without a respondent of the domain */
	npsu = xcalloc(nd, sizeof(*npsu));
	for (size_t d = 0; d < nd; d++)
		npsu[d] = dom[d]->npsu;
	for (size_t i = 0; i < r->nrrow; i++) {
		const struct svyrun_row *rw = &r->rrow[i];
		double w0 = rw->w * r->st[rw->st].w, gc = rk->g[rw->cell];

		svydesign_vec(r, r->rax + i * ni, 1, u);
		for (size_t d = 0; d < nd; d++) {
			const double *bd = B + (d * nc + rw->cell) * v;
			int mine = dom[d] == rw->g || dom[d] == r->all;

			for (size_t j = 0; j < v; j++)
				e[j] = w0 * ((mine ? gc * u[j] : 0) - bd[j]);
			if (r->sp->cluster) {
				double *p = gpsu_vec(r, dom[d], rw->psu);

				for (size_t j = 0; j < v; j++)
					p[j] += e[j];
			} else
				svy_acc_add_resid(&dom[d]->acc[rw->st], e);
		}
	}
	for (size_t d = 0; d < nd; d++)
		dom[d]->npsu = npsu[d];
	for (size_t h = 0; h < r->nst; h++)
		r->st[h].w = 1; /* in the raked weights */
	free(npsu);
	free(U);
	free(u);
	free(dom);
}

/*
 * After the input: the PSU sums into the strata sums, the stratum
 * counts, fpc and weights, and the checks R's svydesign makes.
 */
void svydesign_finish(struct svy_run *r)
{
	int popsize = 0, fraction = 0;

	for (size_t i = 0; i < r->ng; i++)
		svyrun_group_strata(r, r->g[i], r->nst);
	if (r->all)
		svyrun_group_strata(r, r->all, r->nst);

	for (size_t h = 0; h < r->nst; h++) {
		if (isnan(r->st[h].fpc))
			continue;
		if (r->st[h].fpc > 1)
			popsize = 1;
		else
			fraction = 1;
	}
	if (popsize && fraction) {
		for (size_t h = 0; h < r->nst; h++)
			if (r->st[h].fpc < 1)
				die(EXIT_USAGE,
				    "%s: stratum \"%s\" has %.15g, a fraction, "
				    "others a population size (> 1): give one "
				    "kind",
				    r->sp->fpc, r->st[h].name, r->st[h].fpc);
	}
	for (size_t h = 0; h < r->nst; h++) {
		struct svyrun_stratum *sp = &r->st[h];
		double n = sp->count, N;

		sp->w = 1;
		if (isnan(sp->fpc))
			continue;
		N = popsize ? sp->fpc : n / sp->fpc;
		if (N < n)
			die(EXIT_USAGE,
			    "%s: stratum \"%s\": a population of %.15g is "
			    "smaller than the sample of %.0f %s",
			    r->sp->fpc, sp->name, N, n,
			    r->sp->cluster ? "PSUs" : "respondents");
		if (!r->sp->weight)
			sp->w = N / n; /* R: weights 1 / (n_h / N_h) */
	}
	if (r->sp->rk.nm)
		rake_apply(r);
	for (size_t i = 0; i < r->gpsu.n; i++) {
		size_t key[2], slot;
		struct svyrun_group *g;

		memcpy(key, r->gpsu.list[i]->key, sizeof(key));
		slot = r->gpsu.list[i]->idx;
		g = r->gvec_g[slot];
		svyrun_group_strata(r, g, r->nst);
		(r->sp->rk.nm ? svy_acc_add_resid : svy_acc_add)(
		    &g->acc[r->psu_st[key[1]]], r->gvec + slot * r->v);
	}
	if (r->sp->lonely == SVY_FAIL) {
		struct svy_stratum *sv = svydesign_strata(r);

		for (size_t h = 0; h < r->nst; h++) {
			const struct svyrun_stratum *sp = &r->st[h];

			if (sv[h].n != 1 || sv[h].f < 1e-7)
				continue; /* R: a stratum taken whole is no PSU
					   */
			free(sv);
			die(EXIT_USAGE,
			    "%s: stratum \"%s\" has a single PSU: "
			    "choose --lonely-psu remove, certainty, "
			    "average or adjust",
			    r->sp->dstrat ? r->sp->dstrat : "--strata",
			    sp->name);
		}
		free(sv);
	}
}

/*
 * --rake: the row's category of each margin; a category the margin
 * file lacks stops the run, an empty one rejects the row.
 */
int svydesign_rake_cats(struct svy_run *r, const struct svyrun_cols *m,
			const struct csvrow *row, const char *file,
			size_t *cats)
{
	char sb[48];

	for (size_t k = 0; k < r->sp->rk.nm; k++) {
		const struct rake_margin *mg = &r->sp->rk.m[k];
		size_t len;
		const char *f =
		    design_field(r, row, m->rake[k], mg->col, file, &len);
		long j;

		if (!f)
			return -1;
		j = rake_margin_find(mg, f, len);
		if (j < 0)
			die_at(
			    EXIT_USAGE, file, row->line,
			    "%s: category \"%s\" is not in the margin file %s",
			    mg->col, svyrun_show(row, m->rake[k], sb),
			    mg->path);
		cats[k] = (size_t)j;
	}
	return 0;
}

/* --rake: keep the row until the weights are raked (rake_apply). */
void svydesign_rake_keep(struct svy_run *r, struct svyrun_group *g, size_t st,
			 const double *ax, double w, size_t cell)
{
	struct svyrun_row *rw;
	size_t cap = r->raxcap;

	r->rrow = xgrow(r->rrow, &r->rrowcap, r->nrrow + 1, sizeof(*r->rrow));
	r->rax = xgrow(r->rax, &cap, (r->nrrow + 1) * r->sp->nitems + 1,
		       sizeof(double));
	r->raxcap = cap;
	rw = &r->rrow[r->nrrow];
	rw->g = g;
	rw->st = st;
	rw->psu = r->sp->cluster ? (size_t)r->t[r->v] : 0;
	rw->cell = cell;
	rw->w = w;
	memcpy(r->rax + r->nrrow * r->sp->nitems, ax,
	       r->sp->nitems * sizeof(double));
	r->nrrow++;
}

/* The gradient of sum(slot a) / sum(slot x) in g's domain into d. */
static void group_grad(const struct svy_run *r, const struct svyrun_group *g,
		       const struct svy_stratum *sv, size_t a, size_t x,
		       double *d)
{
	const struct svy_acc *const *acc =
	    (const struct svy_acc *const *)g->accp;
	double X = svy_total(acc, sv, r->nst, x);
	double A = svy_total(acc, sv, r->nst, a);

	memset(d, 0, r->v * sizeof(double));
	d[a] = 1 / X;
	d[x] = -A / X / X;
}

/*
 * Design se of (ratio in gb) - (ratio in ga), slots a / x, times scale:
 * the linearised variable is zb - za, whose PSU totals cross where a PSU
 * has respondents of both domains (with --cluster).
 */
double svydesign_diff_se(const struct svy_run *r, const struct svyrun_group *ga,
			 const struct svyrun_group *gb,
			 const struct svy_stratum *sv, size_t a, size_t x,
			 double scale)
{
	double *da = xcalloc(2 * r->v + 4 * r->nst + 1, sizeof(double));
	double *db = da + r->v, *ss = db + r->v, *sm = ss + r->nst;
	double *cr = sm + r->nst, *tmp = cr + r->nst, var;
	long lonely;

	group_grad(r, ga, sv, a, x, da);
	group_grad(r, gb, sv, a, x, db);
	for (size_t h = 0; h < r->nst; h++) {
		double qa, sa, qb, sb;

		svy_acc_sums(ga->accp[h], da, &qa, &sa);
		svy_acc_sums(gb->accp[h], db, &qb, &sb);
		ss[h] = qa + qb;
		sm[h] = sb - sa;
	}
	/* PSUs shared by both domains: sum_p za_p zb_p */
	for (size_t i = 0; r->sp->cluster && i < r->gpsu.n; i++) {
		size_t key[2], slot = r->gpsu.list[i]->idx, other;
		const double *vb, *va;
		double za = 0, zb = 0;

		if (r->gvec_g[slot] != gb)
			continue;
		memcpy(key, r->gpsu.list[i]->key, sizeof(key));
		key[0] = ga->id;
		other = svydesign_smap_find(&r->gpsu, (const char *)key,
					    sizeof(key));
		if (other == (size_t)-1)
			continue;
		vb = r->gvec + slot * r->v;
		va = r->gvec + other * r->v;
		for (size_t j = 0; j < r->v; j++) {
			za += da[j] * va[j];
			zb += db[j] * vb[j];
		}
		cr[r->psu_st[key[1]]] += za * zb;
	}
	for (size_t h = 0; h < r->nst; h++)
		ss[h] -= 2 * cr[h];
	(void)tmp;
	var = svy_var_sums(ss, sm, sv, r->nst, (enum svy_lonely)r->sp->lonely,
			   &lonely);
	free(da);
	return scale * sqrt(var);
}
