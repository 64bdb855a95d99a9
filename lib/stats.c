/*
 * stats: shared statistics over GSL (see stats.h).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"

double stats_z(double level)
{
	return gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
}

double stats_t(double level, double df)
{
	return gsl_cdf_tdist_Pinv(0.5 + level / 2, df);
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
	if (*lo < 0)
		*lo = 0;
	if (*hi > 1)
		*hi = 1;
}

double stats_p_normal(double z)
{
	return 2 * gsl_cdf_ugaussian_Q(fabs(z));
}

double stats_p_t(double t, double df)
{
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}
