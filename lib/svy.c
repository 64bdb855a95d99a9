/*
 * svy: design-based variance by linearisation (see svy.h). The sums are
 * plain doubles; callers centre their variables (an item's answers less
 * the middle of its scale) so that the squares stay near the variance.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svy.h"
#include "xalloc.h"

static const char *const lonely_names[] = {"fail",    "remove", "certainty",
					   "average", "adjust", NULL};

int svy_lonely_parse(const char *s)
{
	for (int i = 0; lonely_names[i]; i++)
		if (strcmp(s, lonely_names[i]) == 0)
			return i;
	return -1;
}

void svy_acc_init(struct svy_acc *a, size_t v)
{
	a->v = v;
	a->sum = xcalloc(v + 1, sizeof(double));
	a->sxx = xcalloc(v * v + 1, sizeof(double));
	a->tot = xcalloc(v + 1, sizeof(double));
}

void svy_acc_release(struct svy_acc *a)
{
	free(a->sum);
	free(a->sxx);
	free(a->tot);
	memset(a, 0, sizeof(*a));
}

void svy_acc_add(struct svy_acc *a, const double *t)
{
	svy_acc_add_total(a, t);
	svy_acc_add_resid(a, t);
}

void svy_acc_add_total(struct svy_acc *a, const double *t)
{
	for (size_t i = 0; i < a->v; i++)
		a->tot[i] += t[i];
}

void svy_acc_add_resid(struct svy_acc *a, const double *t)
{
	size_t v = a->v;

	for (size_t i = 0; i < v; i++) {
		double ti = t[i], *row = a->sxx + i * v;

		if (ti == 0)
			continue;
		a->sum[i] += ti;
		for (size_t j = i; j < v; j++)
			row[j] += ti * t[j];
	}
}

double svy_total(const struct svy_acc *const *acc, const struct svy_stratum *st,
		 size_t nst, size_t i)
{
	double t = 0;

	for (size_t h = 0; h < nst; h++)
		if (acc[h] && acc[h]->v > i)
			t += st[h].g * acc[h]->tot[i];
	return t;
}

/* d' M d for the upper triangle of M. */
static double quad(const double *m, const double *d, size_t v)
{
	double q = 0;

	for (size_t i = 0; i < v; i++) {
		double r = 0;

		if (d[i] == 0)
			continue;
		for (size_t j = i + 1; j < v; j++)
			r += m[i * v + j] * d[j];
		q += d[i] * (m[i * v + i] * d[i] + 2 * r);
	}
	return q;
}

/* sum_p (d't_p)^2 and sum_p d't_p of one accumulator. */
void svy_acc_sums(const struct svy_acc *a, const double *d, double *ss,
		  double *s)
{
	*ss = *s = 0;
	if (!a || !a->v)
		return;
	*ss = quad(a->sxx, d, a->v);
	for (size_t i = 0; i < a->v; i++)
		*s += d[i] * a->sum[i];
}

double svy_var_sums(const double *ss, const double *s,
		    const struct svy_stratum *st, size_t nst,
		    enum svy_lonely rule, long *lonely_stratum)
{
	double var = 0;
	size_t nok = 0, nlonely = 0;

	*lonely_stratum = -1;
	for (size_t h = 0; h < nst; h++) {
		double n = st[h].n, g = st[h].g, q, t, c;

		if (n < 1)
			continue; /* no PSU: not a stratum of the sample */
		q = g * g * ss[h];
		t = g * s[h];
		if (st[h].f < 1e-7) {
			nok++; /* every PSU taken: no variance */
			continue;
		}
		if (n < 2) {
			nlonely++;
			switch (rule) {
			case SVY_FAIL:
				*lonely_stratum = (long)h;
				return NAN;
			case SVY_ADJUST:
				/* not centred: the PSU's total about 0 */
				var += st[h].f * q;
				nok++;
				break;
			case SVY_AVERAGE:
				break;
			default:
				nok++; /* centred on itself: 0 */
				break;
			}
			continue;
		}
		c = st[h].f * n / (n - 1);
		var += c * (q - t * t / n);
		nok++;
	}
	if (rule == SVY_AVERAGE && nlonely) {
		if (!nok)
			return NAN;
		var *= (double)(nok + nlonely) / (double)nok;
	}
	return var < 0 ? 0 : var;
}

double svy_var(const struct svy_acc *const *acc, const struct svy_stratum *st,
	       size_t nst, const double *d, size_t v, enum svy_lonely rule,
	       long *lonely_stratum)
{
	double *ss = xcalloc(2 * nst + 1, sizeof(double)), *s = ss + nst, r;

	for (size_t h = 0; h < nst; h++)
		if (acc && acc[h] && acc[h]->v == v)
			svy_acc_sums(acc[h], d, &ss[h], &s[h]);
	r = svy_var_sums(ss, s, st, nst, rule, lonely_stratum);
	free(ss);
	return r;
}
