/*
 * svycmp: survey-score --compare (SPEC 4): per --by group, each value
 * of the compared column against the reference value: the NPS of each
 * side with its se, nps_diff = nps_b - nps_a with se sqrt(se_a^2 +
 * se_b^2) (under a design, the linearisation se of the difference), z
 * and two-sided p; then the same for each CSAT share and mean and each
 * CES mean; with more than two values, Holm-adjusted p as well.
 */
#ifndef TA_SVYCMP_H
#define TA_SVYCMP_H

#include "svyout.h"

/* The header of the comparison table, then its rows. */
void svycmp_header(struct svyout *e);
void svycmp_rows(struct svyout *e);

#endif
