/*
 * svy: design-based (Taylor linearisation) variance of ratio estimates
 * under a stratified, clustered, weighted single-stage design, as R's
 * survey package computes it (svydesign + svymean / svyby; Lumley 2010,
 * section 2.2 and appendix C).
 *
 * Every figure survey-score prints under a design is a smooth function
 * of weighted totals t = sum w_i x_i over a domain (a --by group): a
 * mean is Y / X, a share T / X. Its variance is that of the linearised
 * variable d't, d the gradient at the estimate:
 *   V = sum_h c_h d' S_h d,  S_h = sum_p t_p t_p' - t_h t_h' / n_h
 * with t_p the domain's totals in PSU p of stratum h (zero for PSUs
 * outside the domain), t_h their sum over the stratum, n_h the PSUs of
 * the stratum in the whole sample, c_h = f_h n_h / (n_h - 1) and
 * f_h = 1 - n_h / N_h the finite population correction (1 without one).
 *
 * An accumulator keeps, per (domain, stratum), sum_p t_p and the upper
 * triangle of sum_p t_p t_p', so memory grows with domains x strata
 * (and, with clusters, the caller's PSU totals), never with rows.
 *
 * Ownership: svy_acc_init allocates, svy_acc_release frees.
 */
#ifndef TA_SVY_H
#define TA_SVY_H

#include <stddef.h>

/* What a stratum with a single PSU contributes (R's survey.lonely.psu). */
enum svy_lonely {
	SVY_FAIL,      /* an error (R's default) */
	SVY_REMOVE,    /* nothing */
	SVY_CERTAINTY, /* nothing: the PSU was taken with certainty */
	SVY_AVERAGE,   /* the average of the other strata's contributions */
	SVY_ADJUST,    /* its total centred at the overall estimate */
};

/* Parse "fail", "remove", ...; -1 if unknown. */
int svy_lonely_parse(const char *s);

/* Sums of one domain in one stratum. */
struct svy_acc {
	size_t v;    /* variables */
	double *sum; /* v */
	double *sxx; /* v * v, upper triangle used */
	double *tot; /* v: the estimate's totals; sum unless raked */
};

void svy_acc_init(struct svy_acc *a, size_t v);
void svy_acc_release(struct svy_acc *a);
/* One PSU's totals t (v values). */
void svy_acc_add(struct svy_acc *a, const double *t);
/*
 * A calibrated (raked) design keeps them apart: the totals t of the
 * estimate, and the PSU totals e of the residuals of the linearised
 * variables, which give the variance.
 */
void svy_acc_add_total(struct svy_acc *a, const double *t);
void svy_acc_add_resid(struct svy_acc *a, const double *e);

/* One stratum of the whole sample. */
struct svy_stratum {
	double n; /* PSUs sampled */
	double f; /* 1 - n / N; 1 without a population size */
	double g; /* factor of every weight of the stratum, applied
		     to its sums here (weights known at the end) */
};

/* Total of variable i over the strata: sum_h g_h sum_p t_p[i]. */
double svy_total(const struct svy_acc *const *acc, const struct svy_stratum *st,
		 size_t nst, size_t i);

/*
 * Variance of d't for a domain: acc[h] for h < nst (NULL where the
 * domain has no PSU in stratum h),
 * st[h] the strata. Returns NaN if undefined; *lonely_stratum is set
 * to a stratum with one PSU when rule is SVY_FAIL (and NaN returned),
 * else -1.
 */
double svy_var(const struct svy_acc *const *acc, const struct svy_stratum *st,
	       size_t nst, const double *d, size_t v, enum svy_lonely rule,
	       long *lonely_stratum);

/*
 * The same from per-stratum sums of the linearised variable over the
 * domain's PSUs: ss[h] = sum_p z_p^2, s[h] = sum_p z_p (before the
 * stratum's weight factor g_h). For a difference of two domains a and b,
 * z_p = zb_p - za_p: ss = ss_b + ss_a - 2 sum_p za_p zb_p.
 */
double svy_var_sums(const double *ss, const double *s,
		    const struct svy_stratum *st, size_t nst,
		    enum svy_lonely rule, long *lonely_stratum);
/* sum_p (d't_p)^2 and sum_p d't_p of one accumulator (0 if NULL). */
void svy_acc_sums(const struct svy_acc *a, const double *d, double *ss,
		  double *s);

#endif
