/*
 * complaint: the complaint record of SPEC 5.1 and the accumulator of
 * complaint-kpi (handling timeliness, repeats, escalations, reopenings),
 * its group table and state file kind.
 *
 * Times of a complaint: received (the clock starts), replied (first
 * substantive reply), resolved, closed. Where one is empty the next
 * stands in, as the man page states: the reply is `replied`, else the
 * resolution; the resolution is `resolved`, else `closed`; the complaint
 * leaves the backlog at `closed`, else at `resolved`.
 *
 * A limit (--reply-limit, --resolve-limit) is elapsed time (48h), or
 * calendar days (15d: met when the reply's local date is at most 15 days
 * after the receipt date), or working days (2wd: met when the reply's
 * date is at most the 2nd working day after the receipt date; the
 * receipt date never counts, whatever day it is). A complaint with no
 * reply yet has a deadline key (instant or day); at the cut-off it is a
 * miss if the deadline has passed, else pending.
 *
 * Like lib/acc, the accumulator holds integer counts, integer
 * millisecond sums and exact histograms only, so a --merge of states
 * gives exactly the single run's figures.
 */
#ifndef TA_COMPLAINT_H
#define TA_COMPLAINT_H

#include <stdint.h>
#include <stdio.h>

#include "acc.h"
#include "csvin.h"
#include "workcal.h"

enum cp_col {
	CP_ID,
	CP_RECEIVED,
	CP_REPLIED,
	CP_RESOLVED,
	CP_CLOSED,
	CP_CUSTOMER,
	CP_CATEGORY,
	CP_TIER,
	CP_CHANNEL,
	CP_ESCALATED,
	CP_REOPENED,
	CP_COUNT
};
extern const char *const cp_col_names[CP_COUNT];
/* The record column named s, or -1. */
int cp_col_parse(const char *s);

/* Record column -> field index (-1 absent), found by header name. */
struct cpmap {
	int idx[CP_COUNT];
};
/*
 * rename[c], if not NULL, is the header name to read column c from
 * (--map). 0, or -1 with the reason in err.
 */
int cpmap_init(struct cpmap *m, const struct csvrow *hdr,
	       const char *const rename[CP_COUNT], char *err, size_t errlen);

struct complaint {
	const char *id, *customer, *category;
	size_t idlen;
	int64_t received, replied, resolved, closed; /* TM_NONE: empty */
	int64_t reopened;			     /* -1: unknown */
	int escalated;	/* -1: no column, 0 no, 1 yes */
	int64_t latest; /* the latest of its times */
};

/*
 * Fill c from row (text points into row). fmt: --date-format or NULL.
 * A time after last (TM_NONE: no cut-off) is an error. 0, or -1 with a
 * message like 'replied: before received' in err.
 */
int complaint_from_row(const struct cpmap *m, const struct csvrow *row,
		       const char *fmt, int64_t last, struct complaint *c,
		       char *err, size_t errlen);

/* Limits. */
enum climit_kind { CL_NONE, CL_ELAPSED, CL_DAYS, CL_WORKDAYS };
struct climit {
	enum climit_kind kind;
	int64_t v; /* ms (elapsed) or days */
};
/* "15d", "2wd", "48h", "90m", "30s", "30" (seconds). 0 or -1. */
int climit_parse(const char *s, struct climit *l);
/* Canonical text of l ("15d", "2wd", "172800s"). buf >= 64 bytes. */
char *climit_format(char *buf, const struct climit *l);

struct cacc_params {
	struct climit reply, resolve;
	const struct workcal *cal;
	int workdays; /* days_to_80pct counts working days */
	int hist;     /* keep the ttr histogram (percentiles) */
};

struct cacc {
	uint64_t received, closed;
	uint64_t reply_within, reply_late;     /* late: replied after the
						  limit, or closed unreplied */
	uint64_t resolve_within, resolve_late; /* likewise */
	uint64_t ttr_n;
	int64_t ttr_sum; /* ms */
	uint64_t rep_n, rep_yes, esc_n, esc_yes, reo_n, reo_yes;
	struct hist reply_open, resolve_open; /* deadline keys, no reply /
						 resolution yet */
	struct hist ttr;		      /* ms */
	struct hist days;		      /* days to resolve */
};

void cacc_init(struct cacc *a);
/* One complaint, in the group of its receipt. */
void cacc_add(struct cacc *a, const struct complaint *c,
	      const struct cacc_params *p);
/*
 * Would cacc_add keep ttr_sum within 64 bits (else the caller rejects
 * the complaint)? cacc_merge exits EXIT_DATA when two groups' sums do
 * not fit.
 */
int cacc_add_fits(const struct cacc *a, const struct complaint *c);
void cacc_merge(struct cacc *dst, const struct cacc *src);
void cacc_release(struct cacc *a);

/* KPIs. */
enum ckpi_id {
	CK_RECEIVED,
	CK_CLOSED,
	CK_OPEN_AT_END,
	CK_REPLY_WITHIN,
	CK_REPLY_PENDING,
	CK_REPLY_MISSED,
	CK_REPLY_RATE,
	CK_RESOLVE_WITHIN,
	CK_RESOLVE_PENDING,
	CK_RESOLVE_MISSED,
	CK_RESOLVE_RATE,
	CK_TTR_MEAN,
	CK_TTR_P,
	CK_DAYS_80,
	CK_REPEAT_RATE,
	CK_ESCALATION_RATE,
	CK_REOPEN_RATE,
	CK_PER_10K,
	CK_PER_MILLION,
	CK_COUNT
};
enum ckind { CKK_COUNT, CKK_RATE, CKK_DAYS, CKK_PER };

struct ckpi {
	enum ckpi_id id;
	enum ckind kind;
	int64_t p_milli; /* CK_TTR_P */
	char name[96];
};
int ckpi_parse(const char *name, struct ckpi *k);

/* What a KPI needs besides the group's accumulator. */
struct ckpi_ctx {
	const struct climit *reply, *resolve;
	int64_t last;	     /* the cut-off: last instant of the data */
	int64_t open_at_end; /* backlog of the group (computed by the caller) */
	double subscribers;  /* < 0: unknown */
};
void cacc_kpi(const struct cacc *a, const struct ckpi *k,
	      const struct ckpi_ctx *x, struct kpi_val *out);

/* Groups: an acc_table maps keys to indexes into v[]. */
struct ctable {
	struct group_table keys;
	struct cacc *v;
	size_t cap;
	int64_t latest; /* latest time of any complaint, TM_NONE */
};
void ctable_init(struct ctable *t);
struct cacc *ctable_get(struct ctable *t, const char *key, size_t len,
			uint32_t *idx);
void ctable_release(struct ctable *t);

/*
 * The state file of complaint-kpi (lib/state): per group the 13 counters
 * and ttr_sum, histograms a (reply deadlines open), b (resolution
 * deadlines open), t (ttr), d (days to resolve); "latest MS" before the
 * groups.
 */
extern const struct state_kind cacc_state_kind;
/* Do a's counters hold together as cacc_add makes them? */
int cacc_consistent(const struct cacc *a);

#endif
