/*
 * acc: the KPI accumulator of kpi-calc (SPEC 3.1, 3.2, 3.3).
 *
 * One struct acc per group holds only integer counts, integer millisecond
 * sums and exact histograms (a count per distinct millisecond value), so
 * that adding records, merging groups (--total) and merging states from
 * parallel runs (--merge) all give exactly the same figures. Rates are
 * computed from two integer counts only when a KPI is asked for.
 *
 * struct acc_table maps group keys to accumulators and hands them out in
 * ascending key order. A key is a byte string of components built by the
 * caller (see acc_key_*): a period is 8 bytes of its order key followed by
 * its label, a column value is its text; every component ends with NUL,
 * so memcmp order is component-wise order.
 *
 * The state format (acc_state_write / acc_state_read) is line-oriented
 * text: "telaudit-kpi-state 1", "param NAME VALUE" lines, then per group
 * "g KEY" followed by "c ..." counters and "w"/"r" histogram lines.
 */
#ifndef TA_ACC_H
#define TA_ACC_H

#include "rec.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exact histogram: count per distinct value (open addressing). */
struct hist {
	int64_t *val;
	uint64_t *cnt;
	size_t cap, n;
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
 * State-file pieces for any accumulator: bytes outside '!'..'~' and '\\'
 * written as \xHH, and back (0 or -1); a histogram as one line
 * "TAG v:c v:c ..." (nothing if empty), and back from after the tag.
 */
void state_put_escaped(FILE *fp, const char *s, size_t n);
int state_unescape(const char *s, char **out, size_t *outlen);
void hist_write(FILE *fp, char tag, const struct hist *h);
int hist_read(const char *s, struct hist *h);

/* Parameters fixed while records are added. */
struct acc_params {
	int64_t sl_ms;	  /* T, --sl-threshold */
	int64_t short_ms; /* S, --short-abandon (0: none) */
	int hist;	  /* keep wait/ring histograms (percentiles) */
};

/*
 * The counters and sums of one group, as X-macro lists so that merging
 * and the state file cannot miss one. SPEC 3.1 counts queued records
 * only (rec_is_queued), SPEC 3.2 every record.
 */
#define ACC_COUNTERS(X)                                                        \
	X(offered)         /* queued records */                                \
	X(answered)        /* queued, answered */                              \
	X(abandoned)                                                           \
	X(short_abandoned) /* abandoned, wait_s < S */                         \
	X(timeout)                                                             \
	X(wait_known)      /* queued with a known wait_s */                    \
	X(ans_wait_n)      /* answered with a known wait_s */                  \
	X(ans_within)      /* answered, wait_s <= T */                         \
	X(abn_within)      /* abandoned, wait_s <= T */                        \
	X(abn_after)       /* abandoned, wait_s > T */                         \
	X(trans_n)         /* answered with a known transfers */              \
	X(transferred)     /* answered, transfers > 0 */                       \
	X(fcr_considered)                                                      \
	X(fcr_repeated)                                                        \
	X(attempts)        /* every record (SPEC 3.2) */                       \
	X(net_answered)    /* every answered record */                         \
	X(ner)             /* answered, busy, noanswer, rejected */            \
	X(cause_n)         /* answered with a known cause */                   \
	X(dropped)         /* ... and cause not 16 or 31 */                    \
	X(ring_n)          /* records with a known ring_s */
#define ACC_SUMS(X)                                                            \
	X(sum_wait)     /* ms, queued answered with known wait */              \
	X(sum_handle)   /* ms, talk + hold + wrap over queued answered */      \
	X(sum_talk)     /* ms, over queued answered */                         \
	X(net_sum_talk) /* ms, over every answered record */                   \
	X(sum_ring)     /* ms, known ring_s */

struct acc {
#define ACC_U64(n) uint64_t n;
#define ACC_I64(n) int64_t n;
	ACC_COUNTERS(ACC_U64)
	ACC_SUMS(ACC_I64)
#undef ACC_U64
#undef ACC_I64
	int64_t max_wait; /* ms over queued, MS_NONE if none */
	struct hist wait; /* queued answered, known wait_s */
	struct hist ring; /* known ring_s */
};

void acc_init(struct acc *a);
void acc_add(struct acc *a, const struct rec *r, const struct acc_params *p);
/*
 * Would acc_add keep every millisecond sum of a within 64 bits? (1 or
 * 0: the caller rejects the record.) acc_merge exits EXIT_DATA, naming
 * the sum, when two groups' sums do not fit.
 */
int acc_add_fits(const struct acc *a, const struct rec *r);
/*
 * Do a's counters hold together as acc_add makes them (answered <=
 * offered, within T <= known waits, histogram totals = counts...)? A
 * state whose group does not is refused.
 */
int acc_consistent(const struct acc *a);
void acc_merge(struct acc *dst, const struct acc *src);
void acc_release(struct acc *a);

/* --sl-formula variants (SPEC 3.1). */
enum sl_formula {
	SL_EXCLUDE_SHORT,
	SL_OFFERED,
	SL_ANSWERED,
	SL_ABANDON_WITHIN,
	SL_ABANDON_AFTER,
	SL_COUNT
};
extern const char *const sl_formula_names[SL_COUNT];
/* The formula in words, for the manifest. */
extern const char *const sl_formula_text[SL_COUNT];
int sl_formula_parse(const char *s); /* -1 if unknown */

/* KPIs. */
enum kpi_id {
	K_OFFERED,
	K_ANSWERED,
	K_ABANDONED,
	K_SHORT_ABANDONED,
	K_TIMEOUT,
	K_ANSWER_RATE,
	K_ABANDON_RATE,
	K_SL,
	K_ASA,
	K_WAIT_N,
	K_WAIT_P,
	K_MAX_WAIT,
	K_AHT,
	K_ATT,
	K_TRANSFER_RATE,
	K_FCR,
	K_ATTEMPTS,
	K_ASR,
	K_NER,
	K_ACD,
	K_PDD_MEAN,
	K_PDD_P,
	K_DROP_RATE,
	K_COUNT
};
enum kpi_kind { KPI_COUNT, KPI_RATE, KPI_SECS };

struct kpi {
	enum kpi_id id;
	enum kpi_kind kind;
	int64_t p_milli; /* K_WAIT_P, K_PDD_P: percentile */
	char name[96];	 /* column name, e.g. "wait_p90" */
};

/* One KPI by column name ("sl", "wait_p90", "pdd_p99.5"); 0 or -1. */
int kpi_parse(const char *name, struct kpi *k);
/* "90", "99.5" -> thousandths of a percent in (0, 100000]; 0 or -1. */
int kpi_parse_percent(const char *s, int64_t *p_milli);

struct kpi_val {
	int empty;	   /* denominator 0 / nothing known */
	int unknown;	   /* empty because its inputs are unknown (not 0) */
	int64_t i;	   /* KPI_COUNT; KPI_SECS percentiles, max (ms) */
	double v;	   /* the value (rates; seconds for KPI_SECS) */
	uint64_t num, den; /* KPI_RATE: successes and trials (Wilson) */
};

void acc_kpi(const struct acc *a, const struct kpi *k, enum sl_formula f,
	     struct kpi_val *out);

/* Group keys. */
struct acc_key {
	char *buf;
	size_t len, cap;
};
void acc_key_reset(struct acc_key *k);
/* A period component: order key, then its label. */
void acc_key_period(struct acc_key *k, int64_t order, const char *label);
/* A column value component (cut at the first NUL byte). */
void acc_key_text(struct acc_key *k, const char *s);
/* The same with its length known (s has no NUL byte in it). */
void acc_key_text_n(struct acc_key *k, const char *s, size_t n);
void acc_key_release(struct acc_key *k);
/*
 * The label of component i of a key of ncomp components whose kinds are
 * given by is_period[]; returns a pointer into key (NUL-terminated).
 */
const char *acc_key_label(const char *key, size_t len, const int *is_period,
			  size_t i);
/* Is key made of n components of those kinds (a state's key)? */
int acc_key_valid(const char *key, size_t len, const int *is_period,
		  size_t n);

struct acc_group {
	char *key;
	size_t keylen;
	uint64_t hash;
	uint32_t idx; /* creation order: t->list[idx] */
	struct acc acc;
};

struct acc_table {
	struct acc_group **slot; /* open addressing */
	size_t cap, n;
	struct acc_group **list; /* by creation order */
	size_t list_cap;
	struct acc_group *last; /* cache of the last lookup */
};

void acc_table_init(struct acc_table *t);
/* The accumulator of key, created empty if new. */
struct acc_group *acc_table_get(struct acc_table *t, const char *key,
				size_t len);
/* The groups sorted by key (caller frees the array, not the groups). */
struct acc_group **acc_table_sorted(const struct acc_table *t);
void acc_table_release(struct acc_table *t);

/*
 * State files. A state carries "param" lines (name, value; the caller
 * decides which must agree between states) and the groups.
 */
struct acc_param {
	char *name, *value;
};
struct acc_state {
	struct acc_param *param;
	size_t nparam;
};
int acc_state_write(FILE *fp, const struct acc_param *param, size_t nparam,
		    const struct acc_table *t);
/*
 * Read a state file into t (groups merged into existing ones); params of
 * the file are returned in st (caller releases). Returns 0, or -1 with a
 * reason in err (line number included).
 */
int acc_state_read(FILE *fp, struct acc_state *st, struct acc_table *t,
		   char *err, size_t errlen);
void acc_state_release(struct acc_state *st);

#endif
