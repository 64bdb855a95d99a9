/*
 * rake: iterative proportional fitting and its residuals (see rake.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "diag.h"
#include "num.h"
#include "rake.h"
#include "xalloc.h"

void rake_margin_read(struct rake_margin *m, const char *path, const char *what)
{
	struct csvin *in = csvin_open(path, ',');
	struct csvrow row;
	size_t cap = 0;
	int st, header = 1;

	memset(m, 0, sizeof(*m));
	if (!in)
		die(EXIT_IO, "%s: cannot read the population file", path);
	m->path = xstrdup(path);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		double n;

		if (st == CSVIN_BAD)
			die_at(EXIT_USAGE, path, row.line, "%s",
			       csvin_error(in));
		if (header) {
			header = 0;
			continue;
		}
		if (row.nf < 2)
			die_at(EXIT_USAGE, path, row.line, "need %s,count",
			       what);
		if (num_parse_double(row.f[1], row.len[1], &n) != 0 ||
		    !(n > 0) || !isfinite(n))
			die_at(EXIT_USAGE, path, row.line,
			       "count \"%.40s\" is not a positive number",
			       row.f[1]);
		if (rake_margin_find(m, row.f[0], row.len[0]) >= 0)
			die_at(EXIT_USAGE, path, row.line,
			       "%s \"%.40s\" given twice", what, row.f[0]);
		if (m->ncat == cap) {
			size_t c = cap;

			m->cat =
			    xgrow(m->cat, &c, m->ncat + 1, sizeof(*m->cat));
			m->pop =
			    xgrow(m->pop, &cap, m->ncat + 1, sizeof(*m->pop));
		}
		m->cat[m->ncat] = xstrndup(row.f[0], row.len[0]);
		m->pop[m->ncat] = n;
		m->ncat++;
	}
	csvin_free(in);
	if (!m->ncat)
		die(EXIT_USAGE, "%s: no %s", path,
		    strcmp(what, "stratum") == 0 ? "strata" : "categories");
	m->n = xcalloc(m->ncat, sizeof(*m->n));
}

long rake_margin_find(const struct rake_margin *m, const char *s, size_t len)
{
	for (size_t i = 0; i < m->ncat; i++)
		if (strlen(m->cat[i]) == len && memcmp(m->cat[i], s, len) == 0)
			return (long)i;
	return -1;
}

void rake_margin_free(struct rake_margin *m)
{
	for (size_t i = 0; i < m->ncat; i++)
		free(m->cat[i]);
	free(m->cat);
	free(m->pop);
	free(m->n);
	free(m->col);
	free(m->path);
	memset(m, 0, sizeof(*m));
}

void rake_init(struct rake *r)
{
	memset(r, 0, sizeof(*r));
	group_table_init(&r->cells, sizeof(size_t));
	r->epsilon = 1;
	r->maxit = 10;
}

int rake_add_margin(struct rake *r, const char *col, const char *path)
{
	for (size_t k = 0; k < r->nm; k++)
		if (strcmp(r->m[k].col, col) == 0)
			return -1;
	r->m = xrealloc(r->m, (r->nm + 1) * sizeof(*r->m));
	rake_margin_read(&r->m[r->nm], path, "category");
	r->m[r->nm].col = xstrdup(col);
	r->nm++;
	return 0;
}

size_t rake_cell(struct rake *r, const size_t *cats)
{
	size_t nm = r->nm, c;
	struct group_ent *e;
	int isnew;

	for (size_t k = 0; k < nm; k++)
		r->m[k].n[cats[k]]++;
	/* a cell's key is its category numbers' bytes; its value its index */
	e = group_table_get(&r->cells, (const char *)cats, nm * sizeof(size_t),
			    &isnew);
	if (!isnew) {
		c = *(size_t *)GROUP_VAL(e);
		r->N[c]++;
		return c;
	}
	c = r->ncell++;
	if (r->ncell > r->cellcap) {
		size_t cap = r->cellcap ? 2 * r->cellcap : 16;

		r->cat = xrealloc(r->cat, cap * nm * sizeof(size_t));
		r->W = xrealloc(r->W, cap * sizeof(double));
		r->N = xrealloc(r->N, cap * sizeof(double));
		r->cellcap = cap;
	}
	memcpy(r->cat + c * nm, cats, nm * sizeof(size_t));
	r->W[c] = 0;
	r->N[c] = 1;
	*(size_t *)GROUP_VAL(e) = c;
	return c;
}

int rake_empty_category(const struct rake *r, size_t *margin, size_t *cat)
{
	for (size_t k = 0; k < r->nm; k++)
		for (size_t j = 0; j < r->m[k].ncat; j++)
			if (!r->m[k].n[j]) {
				*margin = k;
				*cat = j;
				return 1;
			}
	return 0;
}

int rake_fit(struct rake *r)
{
	size_t nm = r->nm, nc = r->ncell, maxcat = 0;
	double *old = xcalloc(nc + 1, sizeof(double)), *tot, eps = r->epsilon;
	int converged = 0;

	for (size_t k = 0; k < nm; k++)
		if (r->m[k].ncat > maxcat)
			maxcat = r->m[k].ncat;
	tot = xcalloc(maxcat + 1, sizeof(double));
	free(r->g);
	free(r->a);
	r->g = xcalloc(nc + 1, sizeof(double));
	r->a = xcalloc(nm * nc + 1, sizeof(double));
	if (eps < 1) { /* R: a fraction of the sum of the sampling weights */
		double s = 0;

		for (size_t c = 0; c < nc; c++)
			s += r->W[c];
		eps *= s;
	}
	for (size_t c = 0; c < nc; c++) {
		r->g[c] = 1;
		old[c] = r->W[c];
	}
	r->sweeps = 0;
	r->delta = NAN;
	while (r->sweeps < r->maxit) {
		double delta = 0;

		for (size_t k = 0; k < nm; k++) {
			memset(tot, 0, r->m[k].ncat * sizeof(double));
			for (size_t c = 0; c < nc; c++)
				tot[r->cat[c * nm + k]] += r->W[c] * r->g[c];
			for (size_t c = 0; c < nc; c++) {
				size_t j = r->cat[c * nm + k];

				r->g[c] *= r->m[k].pop[j] / tot[j];
				r->a[k * nc + c] = r->g[c];
			}
		}
		r->sweeps++;
		for (size_t c = 0; c < nc; c++) {
			double now = r->W[c] * r->g[c], d = fabs(now - old[c]);

			if (d > delta)
				delta = d;
			old[c] = now;
		}
		r->delta = delta;
		if (delta < eps) {
			converged = 1;
			break;
		}
	}
	free(old);
	free(tot);
	return converged ? 0 : -1;
}

void rake_resid(const struct rake *r, const double *U, size_t v, double *B)
{
	size_t nm = r->nm, nc = r->ncell, maxcat = 0;
	double *avg, *cnt;

	for (size_t k = 0; k < nm; k++)
		if (r->m[k].ncat > maxcat)
			maxcat = r->m[k].ncat;
	avg = xcalloc(maxcat * v + 1, sizeof(double));
	cnt = xcalloc(maxcat + 1, sizeof(double));
	memset(B, 0, nc * v * sizeof(double));
	for (int it = 0; it < 10; it++) { /* svyrecvar: 1:10 */
		for (size_t k = 0; k < nm; k++) {
			const double *a = r->a + k * nc;

			memset(avg, 0, r->m[k].ncat * v * sizeof(double));
			memset(cnt, 0, r->m[k].ncat * sizeof(double));
			for (size_t c = 0; c < nc; c++) {
				size_t j = r->cat[c * nm + k];
				double *av = avg + j * v;

				cnt[j] += r->N[c];
				for (size_t i = 0; i < v; i++)
					av[i] += (r->g[c] * U[c * v + i] -
						  B[c * v + i] * r->N[c]) /
						 a[c];
			}
			for (size_t c = 0; c < nc; c++) {
				size_t j = r->cat[c * nm + k];

				for (size_t i = 0; i < v; i++)
					B[c * v + i] +=
					    a[c] * avg[j * v + i] / cnt[j];
			}
		}
	}
	free(avg);
	free(cnt);
}

void rake_free(struct rake *r)
{
	for (size_t k = 0; k < r->nm; k++)
		rake_margin_free(&r->m[k]);
	free(r->m);
	free(r->cat);
	group_table_release(&r->cells, NULL);
	free(r->W);
	free(r->N);
	free(r->g);
	free(r->a);
	memset(r, 0, sizeof(*r));
}
