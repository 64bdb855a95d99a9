/*
 * stats: the statistics the tools share; the only user of GSL. GSL's
 * abort-on-error handler is off in every program linking this; a figure
 * that cannot be computed comes back as NAN (an empty cell) and is
 * counted, with its reason, for stats_report().
 */
#ifndef TA_STATS_H
#define TA_STATS_H

#include <stdint.h>

/* Two-sided normal quantile for confidence LEVEL in (0,1): 0.95 -> 1.96. */
double stats_z(double level);
/* Student-t two-sided quantile for LEVEL with df degrees of freedom. */
double stats_t(double level, double df);
/* SPEC 3.3 Wilson score interval for k successes of n; n > 0. */
void stats_wilson(double k, double n, double z, double *lo, double *hi);

/* Two-sided p-value of a standard normal statistic z: 2 (1 - Phi(|z|)). */
double stats_p_normal(double z);

/* Two-sided p-value of a Student-t statistic with df degrees of freedom. */
double stats_p_t(double t, double df);

/* Figures left empty so far (NAN from a failed computation). */
unsigned long stats_failures(void);
/* "tool: N figures left empty: reason" on stderr, if any. */
void stats_report(void);

#endif
