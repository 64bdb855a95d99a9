/*
 * rake: raking (iterative proportional fitting) of survey weights to
 * several population margins at once, and the residuals its variance
 * needs, as R's survey package does with rake() and svyrecvar().
 *
 * A margin is a column and a file of its categories with their
 * population counts (CSV: a header, then category,count). Each row
 * falls in one joint cell (one category of every margin). Raking
 * multiplies the weights of a cell by one factor g_c; like R's rake(),
 * every sweep post-stratifies to each margin in turn (factor
 * population / weighted sample count of the category), and the sweeps
 * stop when no joint cell's weighted count moved by epsilon or more
 * (epsilon < 1: that fraction of the sum of the initial weights).
 *
 * The variance of a raked estimate uses the residuals of its
 * linearised variable x, as svyrecvar does for a "raking" post-strata
 * list: ten times over, for each margin m in turn,
 *   x <- x - psw_m * ave(x / psw_m, category of m),
 * psw_m the weights right after margin m's post-stratification in the
 * last sweep and ave the plain mean over every row of the category.
 * With x = w0 (g_c u) on a domain's rows and 0 elsewhere, w0 the
 * initial weights and u the row's variables, x stays
 * w0 (g_c u - B_c) on every row of cell c: rake_resid returns B.
 *
 * Ownership: rake_margin_read and rake_cell allocate; rake_free frees.
 */
#ifndef TA_RAKE_H
#define TA_RAKE_H

#include <stddef.h>

#include "group.h"

struct rake_margin {
	char *col;  /* the column raked */
	char *path; /* the margin file */
	char **cat; /* categories, in file order */
	double *pop;
	size_t ncat;
	unsigned long long *n; /* rows of each category */
};

/*
 * Read a margin file: a header, then "category,count" rows (the first
 * two columns; counts positive, categories unique). what names a
 * category in messages ("stratum"). Errors exit 2 naming file and line.
 */
void rake_margin_read(struct rake_margin *m, const char *path,
		      const char *what);
/* The category of s[0..len), or -1. */
long rake_margin_find(const struct rake_margin *m, const char *s, size_t len);
void rake_margin_free(struct rake_margin *m);

struct rake {
	struct rake_margin *m;
	size_t nm;
	double epsilon; /* R's control$epsilon (default 1) */
	int maxit;	/* R's control$maxit (default 10) */
	/* joint cells seen */
	size_t ncell, cellcap;
	size_t *cat;		  /* ncell x nm categories */
	struct group_table cells; /* category numbers -> cell index */
	double *W;    /* initial weight of each cell (caller sums) */
	double *N;    /* rows of each cell */
	double *g;    /* raking factor of each cell */
	double *a;    /* nm x ncell: factor after margin m, last sweep */
	int sweeps;   /* sweeps done */
	double delta; /* largest change of a cell in the last sweep */
};

void rake_init(struct rake *r);
/* Add a margin (COL=FILE); returns -1 if COL is raked already. */
int rake_add_margin(struct rake *r, const char *col, const char *path);
/*
 * The cell of a row whose categories are cats[0..nm): counted in the
 * categories' and the cell's rows; W[cell] is left to the caller (0
 * for a new cell).
 */
size_t rake_cell(struct rake *r, const size_t *cats);
/*
 * The first margin category without a row: *margin and *cat set and 1
 * returned; else 0.
 */
int rake_empty_category(const struct rake *r, size_t *margin, size_t *cat);
/* Rake W to the margins: g and a; 0 if converged, -1 if not. */
int rake_fit(struct rake *r);
/*
 * B (ncell x v) of a domain from U (ncell x v), the plain sums of the
 * domain's variables u over the rows of each cell.
 */
void rake_resid(const struct rake *r, const double *U, size_t v, double *B);
void rake_free(struct rake *r);

#endif
