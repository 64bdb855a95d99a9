/*
 * target: KPI targets (SPEC 3.3 --target, --targets, --fail-on-breach)
 * and the run parameters that fix a table (--by, limits, windows), which
 * a targets file may set and which must agree between the states of a
 * --merge. Shared by the KPI tools; each tool says what its KPI names
 * mean through a callback.
 *
 * A targets file has one target per line ("reply_rate>=1"), '#'
 * comments, and parameter lines written like the options they set
 * ("--reply-limit 15d"). A NAME that is not a file is looked up as a
 * preset in share/telaudit/targets/.
 */
#ifndef TA_TARGET_H
#define TA_TARGET_H

#include <stddef.h>

enum { TG_GE, TG_LE, TG_GT, TG_LT, TG_EQ, TG_NE };

struct target {
	char *kpi; /* the KPI's column name */
	int op;
	double value;
	char *text; /* as written, spaces removed */
	size_t col; /* for the caller: index of the KPI's value */
	unsigned long rows, breached, nodata; /* output rows judged */
};

/*
 * The tool's KPI names: 0 if name is a KPI (its column name written to
 * canon; *unit_ms 0 for a KPI compared as a plain number, else the
 * milliseconds of its unit for one whose value is a duration like 20s
 * or 15d), -1 if it is not.
 */
typedef int (*target_kpi_fn)(void *ctx, const char *name, char *canon,
			     size_t canonlen, double *unit_ms);

/* Parse "kpi>=0.8" (>=, <=, >, <, ==, =, !=); exits 2 naming origin. */
void target_parse(struct target *t, const char *expr, const char *origin,
		  target_kpi_fn kpi, void *ctx);
/* target_parse into the array *v of *n targets, grown by one. */
void target_add(struct target **v, size_t *n, const char *expr,
		const char *origin, target_kpi_fn kpi, void *ctx);
/* 1 if the unrounded value v meets t. */
int target_ok(const struct target *t, double v);
/*
 * Judge one output row: its unrounded value v of t's KPI, or empty (no
 * data: neither met nor breached). Counted in t; returns the _ok cell,
 * "yes", "no" or NULL (empty), and sets *breach when not met.
 */
const char *target_judge(struct target *t, int empty, double v, int *breach);
/*
 * SPEC 6, --fail-on-breach: one warning a breached target, "target
 * sl>=0.8 breached in 3 of 31 rows (2 with no data)".
 */
void target_breach_lines(const struct target *t, size_t n);
void target_release(struct target *t);

/*
 * Read a targets file or preset (and name it in the --manifest):
 * param(ctx, "--opt", value, where) for parameter lines, add(ctx, expr,
 * where) for targets; where is "path:line" and stays valid until exit.
 * Exits 2 if name is neither.
 */
void target_file_read(const char *name,
		      void (*param)(void *ctx, const char *opt,
				    const char *value, const char *where),
		      void (*add)(void *ctx, const char *expr,
				  const char *where),
		      void *ctx);

/* A run parameter: set by an option, a targets file, a state or default. */
struct param {
	const char *name; /* as in the state file, e.g. "reply_limit" */
	char *value;
	int explicit;	    /* given on the command line or by a state */
	const char *origin; /* "--reply-limit", "file:3", a state path */
};

/*
 * Set p. A value from the command line wins over a targets file's; two
 * different explicit values (or a state disagreeing) exit 2 naming both.
 */
void param_set(struct param *p, const char *value, int explicit,
	       const char *origin);
/*
 * A list option that may be repeated (--by): appended to the value the
 * command line gave, else set as param_set(p, list, 1, origin) would.
 */
void param_append(struct param *p, const char *list, const char *origin);
void param_default(struct param *p, const char *value);
/* A value read from a state file: must agree with what is set. */
void param_from_state(struct param *p, const char *value, const char *path);
void param_release(struct param *p);
/* A string kept until exit (origins). */
const char *target_keep(char *s);

#endif
