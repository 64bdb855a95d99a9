/*
 * rulesum: the summary of a classification (complaint-classify
 * --summary, SPEC 5): per period (or over all rows), the count and share
 * of each category (in byte order, "other" among them) and each tier
 * (in tier order, then "none"), and optionally a rate per `per`
 * subscribers.
 */
#ifndef TA_RULESUM_H
#define TA_RULESUM_H

#include "group.h"
#include "out.h"
#include "rules.h"

struct rulesum {
	const struct rules *rb;
	struct group_table periods; /* period label -> counts */
	int by;			    /* a period column (else one total) */
	long long subscribers, per; /* subscribers > 0: rate_per_<per> */
	int prec;		    /* decimals of shares and rates */
};
void rulesum_init(struct rulesum *s, const struct rules *rb);
/* Count one classified row in period ("" without periods). */
void rulesum_add(struct rulesum *s, const char *period,
		 const struct rules_res *res);
void rulesum_emit(struct rulesum *s, struct out *o);
void rulesum_release(struct rulesum *s);

#endif
