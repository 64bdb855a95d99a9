/*
 * svyout: the score table of a survey-score run (SPEC 4, telaudit(7)):
 * one row a group, in key order, and with --total a total row: n, the
 * NPS with its se and Wald and score intervals, each CSAT's top-box
 * share (Wilson interval) and mean (t interval), each CES mean, the
 * weighted indexes, Cronbach's alpha; under a design (lib/svydesign)
 * the linearisation se, deff and t interval on PSUs - strata df.
 *
 * One function writes both the header (e->header set: columns are
 * declared) and the rows (cells are written), so they cannot disagree.
 * lib/svycmp writes --compare's table with the same column writers.
 *
 * Ownership: svyout_init after svyrun_finish; svyout_release frees.
 */
#ifndef TA_SVYOUT_H
#define TA_SVYOUT_H

#include <stddef.h>

#include "out.h"
#include "svyrun.h"

struct svyout {
	struct out *o;
	const struct svy_spec *sp;
	struct svy_run *r;
	int header, weighted, prate, ppoint;
	double z;
	char *name; /* column name scratch (header only) */
	size_t namecap;
	/* under a design: the strata, the domain of the row, its df */
	struct svy_stratum *sv;
	const struct svyrun_group *dg;
	double df;
	double *d; /* r->v gradient scratch */
};

/*
 * Set up the table of run r on o; precision < 0: 4 decimals for rates,
 * 2 for points.
 */
void svyout_init(struct svyout *e, struct svy_run *r, struct out *o,
		 int precision);
void svyout_release(struct svyout *e);
/* The comment lines that say how the figures are made. */
void svyout_comments(const struct svy_spec *sp, struct out *o);
/* The header of the score table, then its rows. */
void svyout_header(struct svyout *e);
void svyout_rows(struct svyout *e);

/* The NPS figures of a cell. */
struct svyout_nps {
	struct survey_sum s;
	unsigned long long kp, kd;
	double p, d, nps, se;
};
void svyout_nps(const struct svy_spec *sp, const struct survey_cell *c,
		struct svyout_nps *f);

/* Column writers (a column in the header, a cell in a row). */
/* Column name prefix + suffix ("csat" "_lo"); only built for the header. */
const char *svyout_name(struct svyout *e, const char *pre, const char *suf);
void svyout_str(struct svyout *e, const char *name, const char *v);
/* A --by column: a group key (the formats for people show "" as (none)). */
void svyout_key(struct svyout *e, const char *name, const char *v);
void svyout_num(struct svyout *e, const char *name, double v, int prec);
void svyout_u64(struct svyout *e, const char *name, unsigned long long v);
/* Design se of sum(slot a) / sum(slot x) in e->dg's domain, times scale. */
double svyout_ratio_se(struct svyout *e, size_t a, size_t x, double scale);

#endif
