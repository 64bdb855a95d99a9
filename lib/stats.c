/*
 * stats: shared statistics over GSL (see stats.h).
 *
 * GSL's default error handler aborts the process (a t quantile that does
 * not converge for n_eff just above 1 killed survey-score half-way
 * through its output). The handler is turned off once, before main, in
 * every program that links this file; every GSL result is then checked
 * here: a figure that cannot be computed is NAN (an empty cell), counted,
 * and its reason kept for stats_report().
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "diag.h"
#include "stats.h"

static unsigned long nfailed;
static char why[160];

__attribute__((constructor)) static void stats_gsl_handler_off(void)
{
	gsl_set_error_handler_off();
}

/* Count a figure that could not be computed; keep the first reason. */
__attribute__((format(printf, 1, 2))) static double fail(const char *fmt, ...)
{
	va_list ap;

	if (nfailed++ == 0) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	return NAN;
}

double stats_z(double level)
{
	double z;

	if (!(level > 0 && level < 1))
		return fail("normal quantile: level %g is not in (0,1)", level);
	z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
	if (!isfinite(z))
		return fail("normal quantile for level %g failed", level);
	return z;
}

double stats_t(double level, double df)
{
	double t;

	if (!(level > 0 && level < 1) || !(df > 0) || !isfinite(df))
		return fail("t quantile: level %g, %g degrees of freedom",
			    level, df);
	t = gsl_cdf_tdist_Pinv(0.5 + level / 2, df);
	if (!isfinite(t))
		return fail(
		    "t quantile for %g degrees of freedom did not converge",
		    df);
	return t;
}

/* SPEC 3.3: Wilson score interval of k/n at normal quantile z. */
void stats_wilson(double k, double n, double z, double *lo, double *hi)
{
	double p = k / n, z2 = z * z;
	double den = 1 + z2 / n;
	double mid = (p + z2 / (2 * n)) / den;
	double half = z / den * sqrt(p * (1 - p) / n + z2 / (4 * n * n));

	*lo = mid - half;
	*hi = mid + half;
	if (!isfinite(*lo) || !isfinite(*hi)) {
		*lo = *hi = fail("Wilson interval of %g of %g failed", k, n);
		return;
	}
	if (*lo < 0)
		*lo = 0;
	if (*hi > 1)
		*hi = 1;
}

double stats_p_normal(double z)
{
	double p;

	if (!isfinite(z))
		return NAN;
	p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
	if (!isfinite(p))
		return fail("normal p-value of %g failed", z);
	return p;
}

unsigned long stats_failures(void)
{
	return nfailed;
}

void stats_report(void)
{
	if (nfailed)
		warnx("%lu figure%s left empty: %s%s", nfailed,
		      nfailed == 1 ? "" : "s", why,
		      nfailed > 1 ? " (the first)" : "");
}

double stats_p_t(double t, double df)
{
	double p;

	if (!isfinite(t))
		return NAN;
	if (!(df > 0) || !isfinite(df))
		return fail("t p-value: %g degrees of freedom", df);
	p = 2 * gsl_cdf_tdist_Q(fabs(t), df);
	if (!isfinite(p))
		return fail("t p-value of %g with %g degrees of freedom failed",
			    t, df);
	return p;
}
