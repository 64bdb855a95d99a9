/*
 * rulesum: the summary of a classification (see rulesum.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "rulesum.h"
#include "xalloc.h"

struct pstat {
	const char *key; /* the table's key */
	unsigned long long total;
	unsigned long long *cat;		 /* ncats + 1 (last: other) */
	unsigned long long tier[TIER_COUNT + 1]; /* last: none */
};

void rulesum_init(struct rulesum *s, const struct rules *rb)
{
	memset(s, 0, sizeof(*s));
	s->rb = rb;
	group_table_init(&s->periods, sizeof(struct pstat));
}

static struct pstat *period_get(struct rulesum *s, const char *key)
{
	struct group_ent *e;
	struct pstat *p;
	int isnew;

	e = group_table_get(&s->periods, key, strlen(key), &isnew);
	p = GROUP_VAL(e);
	if (isnew) {
		p->key = e->key;
		p->cat = xcalloc(rules_ncats(s->rb) + 1, sizeof *p->cat);
	}
	return p;
}

void rulesum_add(struct rulesum *s, const char *period,
		 const struct rules_res *res)
{
	struct pstat *p = period_get(s, period);

	p->total++;
	p->cat[res->cat < 0 ? rules_ncats(s->rb) : (size_t)res->cat]++;
	p->tier[res->tier < 0 ? TIER_COUNT : res->tier]++;
}

static const struct rules *sorting; /* for cmp_cat */

static int cmp_cat(const void *a, const void *b)
{
	return strcmp(rules_cat(sorting, *(const int *)a),
		      rules_cat(sorting, *(const int *)b));
}

static void sum_row(const struct rulesum *s, struct out *o,
		    const struct pstat *p, const char *dim, const char *key,
		    unsigned long long n)
{
	char b[64];

	if (s->by)
		out_cell(o, p->key, (size_t)-1);
	out_cell(o, dim, (size_t)-1);
	out_cell(o, key, (size_t)-1);
	out_cell(o, fmt_i64(b, (int64_t)n), (size_t)-1);
	if (p->total == 0)
		b[0] = '\0';
	else
		fmt_fixed(b, (double)n / (double)p->total, s->prec);
	out_cell(o, b, (size_t)-1);
	if (s->subscribers > 0) {
		fmt_fixed(b,
			  (double)n * (double)s->per / (double)s->subscribers,
			  s->prec);
		out_cell(o, b, (size_t)-1);
	}
	out_end_row(o);
}

void rulesum_emit(struct rulesum *s, struct out *o)
{
	size_t nc = rules_ncats(s->rb), i, k;
	int *ord = xcalloc(nc + 1, sizeof *ord);
	char name[64];
	struct pstat *p;
	struct group_ent **per;

	for (i = 0; i < nc; i++)
		ord[i] = (int)i;
	ord[nc] = -1;
	sorting = s->rb;
	qsort(ord, nc + 1, sizeof *ord, cmp_cat);
	if (s->periods.n == 0 && !s->by)
		period_get(s, "");
	if (s->by)
		out_col(o, "period", OUT_KEY);
	out_col(o, "dimension", OUT_STR);
	out_col(o, "key", OUT_KEY);
	out_col(o, "count", OUT_NUM);
	out_col(o, "share", OUT_NUM);
	if (s->subscribers > 0) {
		snprintf(name, sizeof name, "rate_per_%lld", s->per);
		out_col(o, name, OUT_NUM);
	}
	per = group_table_sorted(&s->periods);
	for (k = 0; k < s->periods.n; k++) {
		p = GROUP_VAL(per[k]);
		sum_row(s, o, p, "total", "all", p->total);
		for (i = 0; i <= nc; i++)
			sum_row(s, o, p, "category", rules_cat(s->rb, ord[i]),
				p->cat[ord[i] < 0 ? nc : (size_t)ord[i]]);
		for (i = 0; i < TIER_COUNT; i++)
			sum_row(s, o, p, "tier", rules_tier_name((int)i),
				p->tier[i]);
		sum_row(s, o, p, "tier", rules_tier_name(TIER_NONE),
			p->tier[TIER_COUNT]);
	}
	free(per);
	free(ord);
}

static void period_fin(void *p)
{
	free(((struct pstat *)p)->cat);
}

void rulesum_release(struct rulesum *s)
{
	group_table_release(&s->periods, period_fin);
}
