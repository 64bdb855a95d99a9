/*
 * acc: the KPI accumulator of kpi-calc (SPEC 3.1, 3.2, 3.3).
 *
 * One struct acc per group holds only integer counts, integer millisecond
 * sums and exact histograms (a count per distinct millisecond value), so
 * that adding records, merging groups (--total) and merging states from
 * parallel runs (--merge) all give exactly the same figures. Rates are
 * computed from two integer counts only when a KPI is asked for.
 *
 * The groups are a group_table (group.h) of compact struct acc_cell
 * values, each moving to a struct acc when its figures outgrow it.
 *
 * Its state file (acc_state_kind, lib/state) holds per group "c" with
 * the counters, the sums and max_wait, and "w"/"r" histogram lines.
 */
#ifndef TA_ACC_H
#define TA_ACC_H

#include "group.h"
#include "hist.h"
#include "rec.h"
#include "state.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
	X(offered)  /* queued records */                                       \
	X(answered) /* queued, answered */                                     \
	X(abandoned)                                                           \
	X(short_abandoned) /* abandoned, wait_s < S */                         \
	X(timeout)                                                             \
	X(wait_known)  /* queued with a known wait_s */                        \
	X(ans_wait_n)  /* answered with a known wait_s */                      \
	X(ans_within)  /* answered, wait_s <= T */                             \
	X(abn_within)  /* abandoned, wait_s <= T */                            \
	X(abn_after)   /* abandoned, wait_s > T */                             \
	X(trans_n)     /* answered with a known transfers */                   \
	X(transferred) /* answered, transfers > 0 */                           \
	X(fcr_considered)                                                      \
	X(fcr_repeated)                                                        \
	X(attempts)	/* every record (SPEC 3.2) */                          \
	X(net_answered) /* every answered record */                            \
	X(ner)		/* answered, busy, noanswer, rejected */               \
	X(cause_n)	/* answered with a known cause */                      \
	X(dropped)	/* ... and cause not 16 or 31 */                       \
	X(ring_n)	/* records with a known ring_s */
#define ACC_SUMS(X)                                                            \
	X(sum_wait)	/* ms, queued answered with known wait */              \
	X(sum_handle)	/* ms, talk + hold + wrap over queued answered */      \
	X(sum_talk)	/* ms, over queued answered */                         \
	X(net_sum_talk) /* ms, over every answered record */                   \
	X(sum_ring)	/* ms, known ring_s */

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

/*
 * The value of a group in kpi-calc's table. Most groups of --by caller
 * hold a call or two, so a group starts compact: counters of 8 bits,
 * sums and max_wait of 32 bits, and up to two values of each histogram
 * inline (72 bytes). The first time a figure would not fit, the group
 * moves to a full struct acc of its own (big): every count and sum stays
 * exact. A zeroed cell is an empty group.
 */
#define ACC_ONE(n) +1
#define ACC_NC (0 ACC_COUNTERS(ACC_ONE))
#define ACC_NS (0 ACC_SUMS(ACC_ONE))
#define ACC_INLINE 2 /* histogram values inline */
struct acc_cell {
	union {
		struct acc *big;	   /* is_big */
		int32_t hv[2][ACC_INLINE]; /* wait (0), ring (1) values */
	} u;
	int32_t sum[ACC_NS];
	int32_t max_wait; /* max_wait + 1; 0: none */
	uint8_t cnt[ACC_NC];
	uint8_t hc[2][ACC_INLINE]; /* the histogram values' counts */
	uint8_t hn[2];		   /* how many values inline */
	uint8_t is_big;
};

/*
 * acc_add_fits then acc_add on the group: 0, or -1 (nothing added) when
 * a millisecond sum would not fit in 64 bits (the caller rejects).
 */
int acc_cell_add(struct acc_cell *c, const struct rec *r,
		 const struct acc_params *p);
/* A repeat count result (FCR): considered, and repeated if so. */
void acc_cell_fcr(struct acc_cell *c, int repeated);
/* acc_merge into the group (exits EXIT_DATA as it does). */
void acc_cell_merge(struct acc_cell *c, const struct acc *s);
/*
 * The group's figures, to read: its struct acc when big, else tmp filled
 * from the cell. Release tmp with acc_release after use (always).
 */
const struct acc *acc_cell_view(const struct acc_cell *c, struct acc *tmp);
void acc_cell_release(struct acc_cell *c);

/*
 * The groups of kpi-calc: a group_table (group.h) whose values are
 * struct acc_cell, entries taken from blocks (group_table_arena), keys
 * built with struct group_key.
 */
void acc_table_init(struct group_table *t);
/* The group of key, created empty if new. */
struct group_ent *acc_table_get(struct group_table *t, const char *key,
				size_t len);
void acc_table_release(struct group_table *t);
static inline struct acc_cell *acc_cell_of(const struct group_ent *g)
{
	return (struct acc_cell *)GROUP_VAL(g);
}

/* The state file of kpi-calc (lib/state: --state-out, --merge). */
extern const struct state_kind acc_state_kind;

#endif
