/*
 * hist: exact histograms (see hist.h).
 */
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "xalloc.h"

#define HIST_EMPTY INT64_MIN

static inline size_t hist_slot(int64_t v, size_t cap)
{
	uint64_t x = (uint64_t)v * 0x9E3779B97F4A7C15ull;
	return (size_t)(x >> 17) & (cap - 1);
}

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

static void hist_grow(struct hist *h)
{
	size_t ncap = h->cap ? h->cap * 2 : 64, i;
	int64_t *nv = xmalloc(ncap * sizeof(*nv));
	uint64_t *nc = xcalloc(ncap, sizeof(*nc));

	for (i = 0; i < ncap; i++)
		nv[i] = HIST_EMPTY;
	for (i = 0; i < h->cap; i++) {
		size_t s;
		if (h->val[i] == HIST_EMPTY)
			continue;
		s = hist_slot(h->val[i], ncap);
		while (nv[s] != HIST_EMPTY)
			s = (s + 1) & (ncap - 1);
		nv[s] = h->val[i];
		nc[s] = h->cnt[i];
	}
	free(h->val);
	free(h->cnt);
	h->val = nv;
	h->cnt = nc;
	h->cap = ncap;
}

void hist_add(struct hist *h, int64_t v, uint64_t c)
{
	size_t s;

	if ((h->n + 1) * 4 > h->cap * 3)
		hist_grow(h);
	s = hist_slot(v, h->cap);
	while (h->val[s] != HIST_EMPTY && h->val[s] != v)
		s = (s + 1) & (h->cap - 1);
	if (h->val[s] == HIST_EMPTY) {
		h->val[s] = v;
		h->n++;
	}
	h->cnt[s] += c;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	size_t i;

	for (i = 0; i < src->cap; i++)
		if (src->val[i] != HIST_EMPTY)
			hist_add(dst, src->val[i], src->cnt[i]);
}

static int vc_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct hist_vc *)a)->v,
		y = ((const struct hist_vc *)b)->v;
	return (x > y) - (x < y);
}

struct hist_vc *hist_sorted(const struct hist *h)
{
	struct hist_vc *e = xmalloc((h->n ? h->n : 1) * sizeof(*e));
	size_t i, k = 0;

	for (i = 0; i < h->cap; i++)
		if (h->val[i] != HIST_EMPTY) {
			e[k].v = h->val[i];
			e[k].c = h->cnt[i];
			k++;
		}
	qsort(e, k, sizeof(*e), vc_cmp);
	return e;
}

uint64_t hist_total(const struct hist *h)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < h->cap; i++)
		if (h->val[i] != HIST_EMPTY)
			n += h->cnt[i];
	return n;
}

uint64_t hist_count_le(const struct hist *h, int64_t v)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < h->cap; i++)
		if (h->val[i] != HIST_EMPTY && h->val[i] <= v)
			n += h->cnt[i];
	return n;
}

int hist_at_rank(const struct hist *h, uint64_t rank, int64_t *v)
{
	uint64_t cum = 0;
	struct hist_vc *e;
	size_t i;
	int rc = -1;

	if (rank < 1 || h->n == 0)
		return -1;
	e = hist_sorted(h);
	for (i = 0; i < h->n; i++) {
		cum += e[i].c;
		if (cum >= rank) {
			*v = e[i].v;
			rc = 0;
			break;
		}
	}
	free(e);
	return rc;
}

int hist_percentile(const struct hist *h, int64_t p_milli, int64_t *v)
{
	uint64_t n = hist_total(h), rank;

	if (n == 0)
		return -1;
	/* SPEC 3.1: rank ceil(p/100 * n), exact in integers */
	rank = ((unsigned __int128)n * (uint64_t)p_milli + 99999) / 100000;
	if (rank < 1)
		rank = 1;
	return hist_at_rank(h, rank, v);
}

void hist_release(struct hist *h)
{
	free(h->val);
	free(h->cnt);
	hist_init(h);
}
