/*
 * survey: survey answers and the scores of SPEC section 4 (NPS, CSAT,
 * CES, weighted index, Cronbach's alpha), as used by survey-score.
 *
 * An answer is classified before it is counted: a missing-value word
 * (blank, NULL, NA, N/A, "don't know", "dont know"), a number outside
 * the item's scale or not one of its points, or text that is no number
 * at all. Only valid answers reach the accumulators; the rest are
 * counted as missing per item, never turned into numbers.
 *
 * Accumulators keep, per item, a histogram of the valid answers: the
 * count, the sum of weights and the sum of squared weights per scale
 * point. Every estimate (shares, means, variances, Kish n_eff) follows
 * from it, weighted or not, and a post-stratified run keeps one
 * accumulator per stratum that is scaled by the stratum weight when
 * merged (survey_cell_merge). Alpha sums are kept unweighted.
 *
 * Ownership: survey_cell_init allocates, survey_cell_release frees.
 */
#ifndef TA_SURVEY_H
#define TA_SURVEY_H

#include <stddef.h>

/* Widest scale accepted: hi - lo < SURVEY_MAX_POINTS. */
#define SURVEY_MAX_POINTS 1001
/*
 * The largest weight a row may carry, and its inverse the smallest: sums
 * of squared weights over any input stay finite and nonzero (a weight of
 * 1e200 made n_eff inf / inf, printed empty, with a Wilson interval "of
 * -nan of -nan"; one of 1e-200 squares to 0).
 */
#define SURVEY_MAX_WEIGHT 1e100

enum survey_ans {
	SURVEY_VALID = 0,
	SURVEY_MISSING,	 /* a missing-value word or blank */
	SURVEY_NOTNUM,	 /* text that is not a number */
	SURVEY_OUTSCALE, /* a number that is not a point of the scale */
};

/* 1 if s (trimmed, any case) is a missing-value word or blank. */
int survey_missing_word(const char *s, size_t len);
/* Classify one answer; *v is set for SURVEY_VALID. */
enum survey_ans survey_answer(const char *s, size_t len, int lo, int hi,
			      int *v);
/*
 * Classify an answer of an item without a scale (alpha only): any finite
 * number is valid (*x set); never SURVEY_OUTSCALE.
 */
enum survey_ans survey_answer_num(const char *s, size_t len, double *x);
/* 1 if x is a point of the scale lo..hi (a whole number in range). */
int survey_on_scale(double x, int lo, int hi);
/* Parse a scale "LO..HI" or "K" (meaning 1..K). 0, or -1 if bad. */
int survey_parse_scale(const char *s, int *lo, int *hi);

/* Valid answers of one item on the scale lo..hi. */
struct survey_hist {
	int lo, hi;
	double *cnt, *sw, *sw2; /* per point, hi - lo + 1 each */
	unsigned long long missing;
};

/* Complete cases of the alpha items (unweighted). */
struct survey_alpha {
	size_t k;
	unsigned long long n, excluded;
	double *sum; /* k */
	double *sxy; /* k * k, sums of products */
};

/* Everything one group (or one stratum of one group) accumulates. */
struct survey_cell {
	unsigned long long n; /* respondents */
	double sw, sw2;	      /* their weights */
	size_t nitems;
	struct survey_hist *h; /* nitems */
	size_t nalpha;
	struct survey_alpha *alpha; /* one per alpha block */
};

/*
 * lo[i], hi[i]: scale of item i; kalpha[b]: number of items of alpha
 * block b, nalpha blocks.
 */
void survey_cell_init(struct survey_cell *c, size_t nitems, const int *lo,
		      const int *hi, size_t nalpha, const size_t *kalpha);
void survey_cell_release(struct survey_cell *c);
/* A respondent of weight w. */
void survey_cell_add_resp(struct survey_cell *c, double w);
void survey_cell_add_answer(struct survey_cell *c, size_t item, int v,
			    double w);
void survey_cell_add_missing(struct survey_cell *c, size_t item);
/*
 * x: the k answers of alpha block b of a complete case, or NULL if one
 * is missing.
 */
void survey_cell_add_alpha(struct survey_cell *c, size_t b, const double *x);
/*
 * dst += src with src's weights multiplied by w (post-stratification;
 * w = 1 otherwise). Both have the same layout.
 */
void survey_cell_merge(struct survey_cell *dst, const struct survey_cell *src,
		       double w);

/* Summary of one item's valid answers. */
struct survey_sum {
	unsigned long long n;  /* valid answers */
	double sw, sw2, n_eff; /* Kish n_eff = sw^2 / sw2 */
	double mean, sd;       /* weighted mean; sd with n_eff - 1 */
};
void survey_summary(const struct survey_hist *h, struct survey_sum *s);
/* Weighted share of valid answers in lo..hi (inclusive); counts in *k. */
double survey_share(const struct survey_hist *h, int lo, int hi,
		    unsigned long long *k);

/*
 * NPS (SPEC 4) from the promoter and detractor shares p, d and the
 * effective size n: 100 (p - d) and se 100 sqrt((p + d - (p - d)^2) / n).
 */
double survey_nps_se(double p, double d, double n);
/*
 * Score interval for p - d of one trinomial sample (Tango 1998):
 * every delta the score test at level z does not reject, with the
 * variance taken at the maximum-likelihood shares constrained to
 * p - d = delta. It always lies within [-1, 1]. p, d shares, n > 0.
 */
void survey_nps_score_ci(double p, double d, double n, double z, double *lo,
			 double *hi);

/*
 * Cronbach's alpha of a complete-case accumulator: raw (SPEC 4,
 * k/(k-1) (1 - sum var_i / var_total), sample variances) and
 * standardised (k r / (1 + (k-1) r), r the mean inter-item
 * correlation). Each is NaN when undefined (n < 2, zero variance).
 */
void survey_alpha(const struct survey_alpha *a, double *raw, double *std);

#endif
