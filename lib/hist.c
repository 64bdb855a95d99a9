/*
 * hist: exact histograms (see hist.h).
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
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

/*
 * The slots of h: *v and *c, and how many (the inline value is one slot,
 * present when n == 1). Empty slots hold HIST_EMPTY.
 */
static size_t slots(const struct hist *h, const int64_t **v, const uint64_t **c)
{
	if (h->cap) {
		*v = h->u.t.val;
		*c = h->u.t.cnt;
		return h->cap;
	}
	*v = &h->u.one.v;
	*c = &h->u.one.c;
	return h->n;
}

static void hist_grow(struct hist *h)
{
	size_t ncap = h->cap ? (size_t)h->cap * 2 : 4, i, k;
	int64_t *nv;
	uint64_t *nc;
	const int64_t *ov;
	const uint64_t *oc;

	if (ncap > UINT32_MAX)
		die(EXIT_IO, "a histogram of more than %u distinct values",
		    (unsigned)(UINT32_MAX / 2));
	nv = xmalloc(ncap * (sizeof(*nv) + sizeof(*nc)));
	nc = (uint64_t *)(nv + ncap);
	for (i = 0; i < ncap; i++) {
		nv[i] = HIST_EMPTY;
		nc[i] = 0;
	}
	k = slots(h, &ov, &oc);
	for (i = 0; i < k; i++) {
		size_t s;
		if (ov[i] == HIST_EMPTY)
			continue;
		s = hist_slot(ov[i], ncap);
		while (nv[s] != HIST_EMPTY)
			s = (s + 1) & (ncap - 1);
		nv[s] = ov[i];
		nc[s] = oc[i];
	}
	if (h->cap)
		free(h->u.t.val);
	h->u.t.val = nv;
	h->u.t.cnt = nc;
	h->cap = (uint32_t)ncap;
}

void hist_add(struct hist *h, int64_t v, uint64_t c)
{
	size_t s;

	if (!h->cap) {
		if (h->n == 0) {
			h->u.one.v = v;
			h->u.one.c = c;
			h->n = 1;
			return;
		}
		if (h->u.one.v == v) {
			h->u.one.c += c;
			return;
		}
	}
	if (((size_t)h->n + 1) * 4 > (size_t)h->cap * 3)
		hist_grow(h);
	s = hist_slot(v, h->cap);
	while (h->u.t.val[s] != HIST_EMPTY && h->u.t.val[s] != v)
		s = (s + 1) & (h->cap - 1);
	if (h->u.t.val[s] == HIST_EMPTY) {
		h->u.t.val[s] = v;
		h->n++;
	}
	h->u.t.cnt[s] += c;
}

int hist_each(const struct hist *h, int (*f)(void *ctx, int64_t v, uint64_t c),
	      void *ctx)
{
	const int64_t *v;
	const uint64_t *c;
	size_t i, k = slots(h, &v, &c);
	int rc = 0;

	for (i = 0; i < k && !rc; i++)
		if (v[i] != HIST_EMPTY)
			rc = f(ctx, v[i], c[i]);
	return rc;
}

static int merge_one(void *dst, int64_t v, uint64_t c)
{
	hist_add(dst, v, c);
	return 0;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	hist_each(src, merge_one, dst);
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
	const int64_t *v;
	const uint64_t *c;
	size_t i, k = 0, ns = slots(h, &v, &c);

	for (i = 0; i < ns; i++)
		if (v[i] != HIST_EMPTY) {
			e[k].v = v[i];
			e[k].c = c[i];
			k++;
		}
	qsort(e, k, sizeof(*e), vc_cmp);
	return e;
}

uint64_t hist_total(const struct hist *h)
{
	const int64_t *v;
	const uint64_t *c;
	uint64_t n = 0;
	size_t i, ns = slots(h, &v, &c);

	for (i = 0; i < ns; i++)
		if (v[i] != HIST_EMPTY)
			n += c[i];
	return n;
}

uint64_t hist_count_le(const struct hist *h, int64_t v)
{
	const int64_t *val;
	const uint64_t *c;
	uint64_t n = 0;
	size_t i, ns = slots(h, &val, &c);

	for (i = 0; i < ns; i++)
		if (val[i] != HIST_EMPTY && val[i] <= v)
			n += c[i];
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
	if (h->cap)
		free(h->u.t.val);
	hist_init(h);
}
