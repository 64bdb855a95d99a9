/*
 * kpitab: the header and the row cells of a KPI table, shared by the
 * tools that print figures by group (kpi-calc, complaint-kpi): the key
 * labels, each KPI's value (a count as an integer, anything else with a
 * fixed number of decimals), the Wilson interval of each rate under
 * --ci (_lo and _hi columns), and a <kpi>_ok column per target.
 */
#ifndef TA_KPITAB_H
#define TA_KPITAB_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "acc.h"
#include "out.h"
#include "target.h"

/* A KPI column as the table sees it. */
struct kpicol {
	const char *name;
	int count; /* an integer count (else a decimal) */
	int rate;  /* a rate: --ci adds its interval */
	int prec;  /* decimals of a non-count (--precision wins when set) */
};

struct kpitab {
	struct out *o;
	const struct kpicol *col;
	size_t ncol;
	size_t ndim;
	double ci; /* 0: no intervals */
	struct target *target;
	size_t ntarget;
	int precision; /* --precision, < 0: each column's own */
};

/*
 * The header: dims[] names as key columns of kind dimkind, the KPI
 * columns (and intervals), the targets' _ok columns of kind okkind.
 */
void kpitab_header(const struct kpitab *t, const char *const *dims,
		   enum out_kind dimkind, enum out_kind okkind);
/*
 * One row: labels[ndim], then val[ncol] as cells, then the targets
 * judged (target_judge). Returns 1 if a target is breached.
 */
int kpitab_row(const struct kpitab *t, const char *const *labels,
	       const struct kpi_val *val);

/*
 * The options of every KPI-table tool, parsed once: --percentiles,
 * --total, --ci, --target, --targets, --fail-on-breach, --state-out,
 * --merge. KPITAB_LONGOPTS goes in the tool's getopt_long table.
 */
enum {
	KT_OPT_PCT = 0x1200,
	KT_OPT_TOTAL,
	KT_OPT_CI,
	KT_OPT_TARGET,
	KT_OPT_TARGETS,
	KT_OPT_FAIL,
	KT_OPT_STATE_OUT,
	KT_OPT_MERGE,
};
#define KPITAB_LONGOPTS                                                        \
	{"percentiles", required_argument, 0, KT_OPT_PCT},                     \
	    {"total", no_argument, 0, KT_OPT_TOTAL},                           \
	    {"ci", required_argument, 0, KT_OPT_CI},                           \
	    {"target", required_argument, 0, KT_OPT_TARGET},                   \
	    {"targets", required_argument, 0, KT_OPT_TARGETS},                 \
	    {"fail-on-breach", no_argument, 0, KT_OPT_FAIL},                   \
	    {"state-out", required_argument, 0, KT_OPT_STATE_OUT},             \
	{                                                                      \
		"merge", no_argument, 0, KT_OPT_MERGE                          \
	}

struct kpitab_opts {
	int64_t *pct; /* --percentiles, thousandths of a percent */
	size_t npct;
	int total, fail_on_breach, merge;
	double ci; /* 0: none */
	const char *state_out;
	const char **targets; /* --targets, read by kpitab_read_targets */
	size_t ntargets;
	/* the tool's --target (also a targets file's target lines) */
	void (*add_target)(void *ctx, const char *expr, const char *origin);
};
/* Take option c if it is one of these: 1, else 0. Exits 2 on a bad value. */
int kpitab_option(struct kpitab_opts *o, int c, const char *arg);
/*
 * After the options: read each --targets file or preset (param lines to
 * param, targets to add_target) and name it as an input (so no output
 * overwrites it).
 */
struct cli;
void kpitab_read_targets(struct kpitab_opts *o, struct cli *cli,
			 void (*param)(void *ctx, const char *opt,
				       const char *value, const char *where));
void kpitab_opts_release(struct kpitab_opts *o);

#endif
