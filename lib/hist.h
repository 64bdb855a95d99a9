/*
 * hist: exact histograms, a count per distinct int64 value (the
 * percentiles of SPEC 3.1 are exact, and histograms merge exactly).
 * Memory grows with the distinct values, never with the count.
 */
#ifndef TA_HIST_H
#define TA_HIST_H

#include <stddef.h>
#include <stdint.h>

/*
 * Exact histogram: count per distinct value. One value is kept inline
 * (a group of one caller, a queue with one wait, allocates nothing);
 * from the second on, an open-addressing table of cap slots that starts
 * at 4 and doubles (values and counts in one block: cnt = val + cap).
 */
struct hist {
	union {
		struct {
			int64_t *val;
			uint64_t *cnt;
		} t; /* cap > 0 */
		struct {
			int64_t v;
			uint64_t c;
		} one; /* cap == 0: the value when n == 1 */
	} u;
	uint32_t cap, n; /* slots; distinct values */
};

void hist_init(struct hist *h);
void hist_add(struct hist *h, int64_t v, uint64_t c);
void hist_merge(struct hist *dst, const struct hist *src);
/*
 * Nearest-rank percentile (SPEC 3.1): the value at rank ceil(p/100 * n)
 * of the ascending list; p in thousandths of a percent (90 % = 90000).
 * Returns 0 and *v, or -1 if the histogram is empty.
 */
int hist_percentile(const struct hist *h, int64_t p_milli, int64_t *v);
/* Count of values; the value at rank (1-based) of the ascending list. */
uint64_t hist_total(const struct hist *h);
int hist_at_rank(const struct hist *h, uint64_t rank, int64_t *v);
/* Count of values <= v. */
uint64_t hist_count_le(const struct hist *h, int64_t v);
void hist_release(struct hist *h);
/*
 * f(ctx, value, count) for each distinct value, in no given order, while
 * f returns 0; returns the last value f returned (0 if none).
 */
int hist_each(const struct hist *h, int (*f)(void *ctx, int64_t v, uint64_t c),
	      void *ctx);

/* The entries in ascending value order: h->n of them (caller frees). */
struct hist_vc {
	int64_t v;
	uint64_t c;
};
struct hist_vc *hist_sorted(const struct hist *h);

#endif
