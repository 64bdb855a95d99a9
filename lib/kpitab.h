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
#include "dims.h"
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
	int precision;	     /* --precision, < 0: each column's own */
	FILE *fp;	     /* kpitab_open's output */
	const char **labels; /* ndim key labels of the row (kpitab_emit) */
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
 * Open a table on -o (or stdout) in --format with the options o: the
 * method lines (lines(put, ctx) as "# " comments; NULL for none), then
 * the header of the --by dimensions ds and the columns col.
 */
struct cli;
struct kpitab_opts;
typedef void (*kpitab_put_fn)(void *ctx, const char *line);
void kpitab_open(struct kpitab *t, struct cli *cli, const struct kpitab_opts *o,
		 const struct dims *ds, const struct kpicol *col, size_t ncol,
		 void (*lines)(kpitab_put_fn put, void *ctx),
		 enum out_kind dimkind, enum out_kind okkind);
/* t->labels from the key of group g. */
void kpitab_key_labels(struct kpitab *t, const struct dims *ds,
		       const struct group_ent *g);
/*
 * A row of t->labels and the values value(ctx, i, &v) of each column i;
 * returns 1 if a target is breached.
 */
int kpitab_emit(const struct kpitab *t,
		void (*value)(void *ctx, size_t i, struct kpi_val *v),
		void *ctx);
void kpitab_close(struct kpitab *t, struct cli *cli);

/*
 * The options of every KPI-table tool, parsed once: --percentiles,
 * --total, --ci, --target, --targets, --fail-on-breach, --state-out,
 * --merge, --max-groups. KPITAB_LONGOPTS goes in the tool's
 * getopt_long table.
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
	KT_OPT_MAX_GROUPS,
};
#define KPITAB_LONGOPTS                                                        \
	{"percentiles", required_argument, 0, KT_OPT_PCT},                     \
	    {"total", no_argument, 0, KT_OPT_TOTAL},                           \
	    {"ci", required_argument, 0, KT_OPT_CI},                           \
	    {"target", required_argument, 0, KT_OPT_TARGET},                   \
	    {"targets", required_argument, 0, KT_OPT_TARGETS},                 \
	    {"fail-on-breach", no_argument, 0, KT_OPT_FAIL},                   \
	    {"state-out", required_argument, 0, KT_OPT_STATE_OUT},             \
	    {"merge", no_argument, 0, KT_OPT_MERGE},                           \
	{                                                                      \
		"max-groups", required_argument, 0, KT_OPT_MAX_GROUPS          \
	}

/*
 * A parameter a targets file may set ("--sl-threshold 15s"): set(opt,
 * value, where) with where "path:line". A flag takes no value; any
 * other needs one.
 */
struct kpitab_param {
	const char *opt;
	int flag;
	void (*set)(const char *opt, const char *value, const char *where);
};

struct kpitab_opts {
	int64_t *pct; /* --percentiles, thousandths of a percent */
	size_t npct;
	int total, fail_on_breach, merge;
	double ci; /* 0: none */
	const char *state_out;
	unsigned long max_groups; /* --max-groups (default 10,000,000) */
	const char **targets;	  /* --targets, read by kpitab_read_targets */
	size_t ntargets;
	/* --target and a targets file's target lines, with the tool's
	 * KPI names */
	struct target *target;
	size_t ntarget;
	target_kpi_fn kpi_name;
	const struct kpitab_param *params; /* ends with a NULL opt */
};
/* Defaults; the tool's KPI names and targets-file parameters. */
void kpitab_opts_init(struct kpitab_opts *o, target_kpi_fn kpi_name,
		      const struct kpitab_param *params);
/* Take option c if it is one of these: 1, else 0. Exits 2 on a bad value. */
int kpitab_option(struct kpitab_opts *o, int c, const char *arg);
/*
 * After the options: read each --targets file or preset (param lines
 * through o->params, targets to o->target) and name it as an input (so
 * no output overwrites it).
 */
void kpitab_read_targets(struct kpitab_opts *o, struct cli *cli);
/*
 * --merge with --state-out, or --merge without a state (nops operands
 * after the options): exit 2.
 */
void kpitab_check_modes(const struct kpitab_opts *o, int nops);
/*
 * --max-groups: exit 3 naming the option when a table holds more than
 * o->max_groups groups (n), before the groups take the machine's
 * memory; line 0 when it is not known (a thread's range, a state file).
 */
void kpitab_check_groups(const struct kpitab_opts *o, size_t n,
			 const char *name, long line);
/*
 * The report zone of tz (from --report-tz or a state), made the zone of
 * the periods: 1, or 0 when none is set. Exits 2 naming where it came
 * from when it is not a zone of the tz database.
 */
struct param;
int kpitab_zone(const struct param *tz);
/*
 * Histograms: a --state-out keeps them (so that any percentile can be
 * asked of the merge: *want set, parameter hist 1); a --merge that
 * wants them of states without them exits 2.
 */
void kpitab_hist(const struct kpitab_opts *o, int *want, struct param *hist);
/*
 * The operands and the run account: the n operands are named as inputs
 * (no output may overwrite one) and hashed for a --state-out; a --merge
 * reads states, so it writes no rejects file. none_used is the account's
 * message when no row was used.
 */
struct acct;
void kpitab_inputs(const struct kpitab_opts *o, struct cli *cli, int n,
		   char *const *ops, struct acct *acct, const char *none_used);
void kpitab_opts_release(struct kpitab_opts *o);

/*
 * The --kpis list of a tool: n KPI structs of size bytes at v, each
 * with its column name (a char array) at name_off, parsed by parse (0,
 * or -1 if not a KPI).
 */
struct kpilist {
	void *v;
	size_t n, size, name_off;
	int (*parse)(const char *name, void *k);
};
/* An alias of --kpis ("cc": a list), and a percentile series that
 * follows a KPI ("ttr_pNN" after "ttr_mean"). Arrays end with NULL. */
struct kpi_alias {
	const char *name, *list;
};
struct kpi_pcts {
	const char *after, *prefix;
};
#define KPILIST_INIT(type, parse)                                              \
	{                                                                      \
		NULL, 0, sizeof(type), offsetof(type, name), parse             \
	}
const char *kpilist_name(const struct kpilist *l, size_t i);
/* Add one KPI by name unless listed already; exits 2 if not a KPI. */
void kpilist_push(struct kpilist *l, const char *name);
/* prefix + each --percentiles value ("wait_p90"), pushed. */
void kpilist_pcts(struct kpilist *l, const char *prefix,
		  const struct kpitab_opts *o);
/*
 * The comma-separated list arg, aliases expanded, each series of pct
 * after its KPI. Returns 1 if one of pct's KPIs was listed, else 0.
 */
int kpilist_build(struct kpilist *l, const char *arg,
		  const struct kpi_alias *alias, const struct kpi_pcts *pct,
		  const struct kpitab_opts *o);
/* A target on a KPI not listed adds its column; each target's col. */
void kpilist_targets(struct kpilist *l, struct target *t, size_t n);
void kpilist_release(struct kpilist *l);

/*
 * The method lines of a KPI table, through put (kpitab_put_comment on a
 * struct out, kpitab_put_method for the manifest): the tool and its
 * version and "kpis=..." first; the percentile rule, the --ci level
 * and the targets last.
 */
void kpitab_put_comment(void *ctx, const char *line);
void kpitab_put_method(void *ctx, const char *line);
void kpitab_method_head(kpitab_put_fn put, void *ctx, const char *tool,
			const struct kpilist *l);
void kpitab_method_tail(kpitab_put_fn put, void *ctx,
			const struct kpitab_opts *o);

#endif
