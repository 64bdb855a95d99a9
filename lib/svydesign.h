/*
 * svydesign: the sample design of a survey-score run, as R's survey
 * package takes it (svydesign, rake; Lumley 2010): strata (--strata),
 * primary sampling units (--cluster), finite population corrections
 * (--fpc), and weights raked to population margins (--rake, lib/rake).
 *
 * Each respondent adds, to its group's sums of its stratum (lib/svy),
 * four variables per item (svydesign_vec); with --cluster the sums are
 * kept per group and PSU until the end. svydesign_finish turns them into
 * the strata sums that lib/svy's variances read, rakes the weights, and
 * makes the checks R's svydesign makes (a single PSU, a population
 * smaller than its sample).
 */
#ifndef TA_SVYDESIGN_H
#define TA_SVYDESIGN_H

#include <stddef.h>

#include "svyrun.h"

/*
 * The design fields of a row: its stratum *st (new ones are added), the
 * fpc (one value a stratum) and with --cluster the PSU number (kept in
 * r->t[r->v] for svydesign_row). -1 if the row is rejected.
 */
int svydesign_stratum(struct svy_run *r, const struct svyrun_cols *m,
		      const struct csvrow *row, const char *file, size_t *st);
/*
 * The sums of one respondent of weight w into t (r->v values): per
 * item i, 4i the weight of a valid answer, 4i+1 w (answer - middle of
 * the scale), 4i+2 w if in the top boxes, 4i+3 w (promoter - detractor)
 * for the NPS item. ax: the answers (NAN: missing).
 */
void svydesign_vec(const struct svy_run *r, const double *ax, double w,
		   double *t);
/* A respondent's sums into its group's (and the total's) design sums. */
void svydesign_row(struct svy_run *r, struct svyrun_group *g, size_t st,
		   const double *ax, double w);
/* --rake: the row's category of each margin; -1 if it is rejected. */
int svydesign_rake_cats(struct svy_run *r, const struct svyrun_cols *m,
			const struct csvrow *row, const char *file,
			size_t *cats);
/* --rake: keep the row until the weights are raked. */
void svydesign_rake_keep(struct svy_run *r, struct svyrun_group *g, size_t st,
			 const double *ax, double w, size_t cell);
/* After the input: strata sums, weights, raking, R's checks. */
void svydesign_finish(struct svy_run *r);
/* The strata for svy_var: sampled PSUs, fpc, weight factor (to free). */
struct svy_stratum *svydesign_strata(const struct svy_run *r);
/* "COL1, COL2 and COL3" of the raked margins (to free). */
char *svydesign_rake_names(const struct svy_spec *sp);
/*
 * Design se of (ratio in gb) - (ratio in ga), slots a / x, times scale:
 * the linearised variable is zb - za, whose PSU totals cross where a PSU
 * has respondents of both domains (with --cluster).
 */
double svydesign_diff_se(const struct svy_run *r, const struct svyrun_group *ga,
			 const struct svyrun_group *gb,
			 const struct svy_stratum *sv, size_t a, size_t x,
			 double scale);

#endif
