/*
 * survey: answers, accumulators and the scores of SPEC section 4 (see
 * survey.h). No GSL here: quantiles come from stats.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "survey.h"
#include "xalloc.h"

/* Words that mean "no answer" (compared trimmed, ignoring ASCII case). */
static const char *const missing_words[] = {
    "null",	 "na",
    "n/a",	 "don't know",
    "dont know", "don\xe2\x80\x99t know", /* with a typographic apostrophe */
    NULL};

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

int survey_missing_word(const char *s, size_t len)
{
	trim(&s, &len);
	if (len == 0)
		return 1;
	for (size_t i = 0; missing_words[i]; i++)
		if (strlen(missing_words[i]) == len &&
		    strncasecmp(s, missing_words[i], len) == 0)
			return 1;
	return 0;
}

int survey_on_scale(double x, int lo, int hi)
{
	return x == floor(x) && x >= lo && x <= hi;
}

enum survey_ans survey_answer(const char *s, size_t len, int lo, int hi, int *v)
{
	double x;
	enum survey_ans a = survey_answer_num(s, len, &x);

	if (a != SURVEY_VALID)
		return a;
	if (!survey_on_scale(x, lo, hi))
		return SURVEY_OUTSCALE;
	*v = (int)x;
	return SURVEY_VALID;
}

enum survey_ans survey_answer_num(const char *s, size_t len, double *x)
{
	if (survey_missing_word(s, len))
		return SURVEY_MISSING;
	trim(&s, &len);
	if (memchr(s, '\0', len) || num_parse_double(s, len, x) != 0 ||
	    !isfinite(*x))
		return SURVEY_NOTNUM;
	return SURVEY_VALID;
}

/* A decimal int in [-1000000, 1000000] at *p; advances *p. */
static int scale_int(const char **p, int *v)
{
	const char *s = *p;
	int neg = 0;
	long x = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		x = x * 10 + (*s++ - '0');
		if (x > 1000000)
			return -1;
	}
	*v = neg ? (int)-x : (int)x;
	*p = s;
	return 0;
}

int survey_parse_scale(const char *s, int *lo, int *hi)
{
	const char *p = s;
	int a, b;

	if (scale_int(&p, &a) != 0)
		return -1;
	if (*p == '\0') {
		b = a;
		a = 1;
	} else {
		if (p[0] != '.' || p[1] != '.')
			return -1;
		p += 2;
		if (scale_int(&p, &b) != 0 || *p != '\0')
			return -1;
	}
	if (b <= a || b - a >= SURVEY_MAX_POINTS)
		return -1;
	*lo = a;
	*hi = b;
	return 0;
}

void survey_cell_init(struct survey_cell *c, size_t nitems, const int *lo,
		      const int *hi, size_t nalpha, const size_t *kalpha)
{
	memset(c, 0, sizeof *c);
	c->nitems = nitems;
	c->h = nitems ? xcalloc(nitems, sizeof *c->h) : NULL;
	for (size_t i = 0; i < nitems; i++) {
		size_t np = (size_t)(hi[i] - lo[i] + 1);

		c->h[i].lo = lo[i];
		c->h[i].hi = hi[i];
		c->h[i].cnt = xcalloc(np, sizeof(double));
		c->h[i].sw = xcalloc(np, sizeof(double));
		c->h[i].sw2 = xcalloc(np, sizeof(double));
	}
	c->nalpha = nalpha;
	c->alpha = nalpha ? xcalloc(nalpha, sizeof *c->alpha) : NULL;
	for (size_t b = 0; b < nalpha; b++) {
		c->alpha[b].k = kalpha[b];
		c->alpha[b].sum = xcalloc(kalpha[b], sizeof(double));
		c->alpha[b].sxy =
		    xcalloc(kalpha[b] * kalpha[b], sizeof(double));
	}
}

void survey_cell_release(struct survey_cell *c)
{
	for (size_t i = 0; i < c->nitems; i++) {
		free(c->h[i].cnt);
		free(c->h[i].sw);
		free(c->h[i].sw2);
	}
	free(c->h);
	for (size_t b = 0; b < c->nalpha; b++) {
		free(c->alpha[b].sum);
		free(c->alpha[b].sxy);
	}
	free(c->alpha);
	memset(c, 0, sizeof *c);
}

void survey_cell_add_resp(struct survey_cell *c, double w)
{
	c->n++;
	c->sw += w;
	c->sw2 += w * w;
}

void survey_cell_add_answer(struct survey_cell *c, size_t item, int v, double w)
{
	struct survey_hist *h = &c->h[item];
	size_t j = (size_t)(v - h->lo);

	h->cnt[j] += 1;
	h->sw[j] += w;
	h->sw2[j] += w * w;
}

void survey_cell_add_missing(struct survey_cell *c, size_t item)
{
	c->h[item].missing++;
}

void survey_cell_add_alpha(struct survey_cell *c, size_t b, const double *x)
{
	struct survey_alpha *a = &c->alpha[b];

	if (!x) {
		a->excluded++;
		return;
	}
	a->n++;
	for (size_t i = 0; i < a->k; i++) {
		a->sum[i] += x[i];
		for (size_t j = 0; j < a->k; j++)
			a->sxy[i * a->k + j] += x[i] * x[j];
	}
}

void survey_cell_merge(struct survey_cell *dst, const struct survey_cell *src,
		       double w)
{
	dst->n += src->n;
	dst->sw += w * src->sw;
	dst->sw2 += w * w * src->sw2;
	for (size_t i = 0; i < dst->nitems; i++) {
		struct survey_hist *d = &dst->h[i];
		const struct survey_hist *s = &src->h[i];

		for (int v = 0; v <= d->hi - d->lo; v++) {
			d->cnt[v] += s->cnt[v];
			d->sw[v] += w * s->sw[v];
			d->sw2[v] += w * w * s->sw2[v];
		}
		d->missing += s->missing;
	}
	for (size_t b = 0; b < dst->nalpha; b++) {
		struct survey_alpha *d = &dst->alpha[b];
		const struct survey_alpha *s = &src->alpha[b];

		d->n += s->n;
		d->excluded += s->excluded;
		for (size_t i = 0; i < d->k; i++) {
			d->sum[i] += s->sum[i];
			for (size_t j = 0; j < d->k; j++)
				d->sxy[i * d->k + j] += s->sxy[i * d->k + j];
		}
	}
}

/*
 * Weighted mean and the reliability-weights variance
 * sum w (x - m)^2 / sum w * n_eff / (n_eff - 1): the sample variance
 * when every weight is 1.
 */
void survey_summary(const struct survey_hist *h, struct survey_sum *s)
{
	double n = 0, swx = 0, ss = 0;

	memset(s, 0, sizeof *s);
	for (int j = 0; j <= h->hi - h->lo; j++) {
		n += h->cnt[j];
		s->sw += h->sw[j];
		s->sw2 += h->sw2[j];
		swx += h->sw[j] * (h->lo + j);
	}
	s->n = (unsigned long long)n;
	s->mean = s->sd = NAN;
	if (s->n == 0 || s->sw <= 0)
		return;
	s->n_eff = s->sw * s->sw / s->sw2;
	s->mean = swx / s->sw;
	/* a weighted mean lies within the scale, but its rounding need not:
	 * answers of 10 weighted 1.844736280968114 and 1 give
	 * 10.000000000000002 (a fuzz finding, fuzz/corpus/survey) */
	if (s->mean > h->hi)
		s->mean = h->hi;
	if (s->mean < h->lo)
		s->mean = h->lo;
	for (int j = 0; j <= h->hi - h->lo; j++) {
		double dx = h->lo + j - s->mean;

		ss += h->sw[j] * dx * dx;
	}
	if (s->n >= 2 && s->n_eff > 1)
		s->sd = sqrt(ss / s->sw * s->n_eff / (s->n_eff - 1));
}

double survey_share(const struct survey_hist *h, int lo, int hi,
		    unsigned long long *k)
{
	double tot = 0, in = 0, cnt = 0;

	for (int j = 0; j <= h->hi - h->lo; j++) {
		int v = h->lo + j;

		tot += h->sw[j];
		if (v >= lo && v <= hi) {
			in += h->sw[j];
			cnt += h->cnt[j];
		}
	}
	if (k)
		*k = (unsigned long long)cnt;
	return tot > 0 ? in / tot : NAN;
}

double survey_nps_se(double p, double d, double n)
{
	double v = p + d - (p - d) * (p - d);

	if (n <= 0)
		return NAN;
	if (v < 0)
		v = 0;
	return 100 * sqrt(v / n);
}

/*
 * Variance p1 + p3 - delta^2 at the trinomial shares that maximise the
 * likelihood p log p1 + q log p2 + d log p3 under p1 - p3 = delta
 * (p1 = t + delta, p2 = 1 - 2t - delta, p3 = t). The score in t is
 * decreasing, so bisection finds its root or the boundary it runs to.
 */
static double constrained_var(double p, double q, double d, double delta)
{
	double tlo = delta < 0 ? -delta : 0, thi = (1 - delta) / 2, t;

	if (thi < tlo)
		thi = tlo;
	for (int i = 0; i < 200 && thi - tlo > 1e-16; i++) {
		double m = (tlo + thi) / 2, g = 0;

		if (p > 0)
			g += p / (m + delta);
		if (q > 0)
			g -= 2 * q / (1 - 2 * m - delta);
		if (d > 0)
			g += d / m;
		if (g > 0)
			tlo = m;
		else
			thi = m;
	}
	t = (tlo + thi) / 2;
	return 2 * t + delta - delta * delta;
}

/* Score statistic minus its critical value: <= 0 inside the interval. */
static double score_f(double p, double q, double d, double n, double z,
		      double delta)
{
	double e = p - d - delta;

	return e * e - z * z * constrained_var(p, q, d, delta) / n;
}

void survey_nps_score_ci(double p, double d, double n, double z, double *lo,
			 double *hi)
{
	double q = 1 - p - d, est = p - d, a, b;

	if (q < 1e-12)
		q = 0; /* no passives, not a rounding residue of p + d */
	a = -1;
	b = est;
	if (score_f(p, q, d, n, z, a) <= 0)
		b = a;
	for (int i = 0; i < 200 && b - a > 1e-13; i++) {
		double m = (a + b) / 2;

		if (score_f(p, q, d, n, z, m) > 0)
			a = m;
		else
			b = m;
	}
	*lo = (a + b) / 2;
	a = est;
	b = 1;
	if (score_f(p, q, d, n, z, b) <= 0)
		a = b;
	for (int i = 0; i < 200 && b - a > 1e-13; i++) {
		double m = (a + b) / 2;

		if (score_f(p, q, d, n, z, m) > 0)
			b = m;
		else
			a = m;
	}
	*hi = (a + b) / 2;
}

void survey_alpha(const struct survey_alpha *a, double *raw, double *std)
{
	size_t k = a->k;
	double n = (double)a->n, sv = 0, tot = 0, rsum = 0;
	int bad = 0;

	*raw = *std = NAN;
	if (k < 2 || a->n < 2)
		return;
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++) {
			double c =
			    (a->sxy[i * k + j] - a->sum[i] * a->sum[j] / n) /
			    (n - 1);

			tot += c;
			if (i == j) {
				sv += c;
				if (!(c > 0))
					bad = 1;
			}
		}
	if (tot > 0)
		*raw = (double)k / (k - 1) * (1 - sv / tot);
	if (bad)
		return;
	for (size_t i = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++) {
			double cij =
			    a->sxy[i * k + j] - a->sum[i] * a->sum[j] / n;
			double cii =
			    a->sxy[i * k + i] - a->sum[i] * a->sum[i] / n;
			double cjj =
			    a->sxy[j * k + j] - a->sum[j] * a->sum[j] / n;

			rsum += cij / sqrt(cii * cjj);
		}
	rsum /= (double)(k * (k - 1) / 2);
	*std = k * rsum / (1 + (k - 1) * rsum);
}
