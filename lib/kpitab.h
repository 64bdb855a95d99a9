/*
 * kpitab: the header and the row cells of a KPI table, shared by the
 * tools that print figures by group (kpi-calc, complaint-kpi): the key
 * labels, each KPI's value (a count as an integer, anything else with a
 * fixed number of decimals), the Wilson interval of each rate under
 * --ci (_lo and _hi columns), and a <kpi>_ok column per target.
 */
#ifndef TA_KPITAB_H
#define TA_KPITAB_H

#include <stddef.h>

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

#endif
