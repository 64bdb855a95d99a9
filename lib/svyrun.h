/*
 * svyrun: one survey-score run over its respondents (SPEC 4): each data
 * row is checked (fields, --where, weight, date, keys, design fields),
 * its answers classified (lib/survey) and added to its group's cell of
 * its stratum, or rejected with the reason (lib/acct). At the end the
 * scales are checked, the strata weighted (post-stratification, or the
 * design of lib/svydesign) and the groups sorted by key.
 *
 * A group is one value of the --by keys (and of --compare): one
 * survey_cell per stratum, and under a design its sums per stratum
 * (lib/svy). Without --by there is one group, with the empty key.
 * A row that would make more groups than --max-groups stops the run
 * (exit 3, naming the option) before the groups take the memory.
 *
 * Ownership: svyrun_init (after svyspec_finish), svyrun_header for each
 * file's header, svyrun_row for each data row, svyrun_check_scales and
 * svyrun_finish once, svyrun_release. The spec must outlive the run.
 */
#ifndef TA_SVYRUN_H
#define TA_SVYRUN_H

#include <stddef.h>

#include "acct.h"
#include "csvin.h"
#include "group.h"
#include "survey.h"
#include "svy.h"
#include "svyspec.h"

struct svyrun_stratum {
	char *name;
	double count; /* N_h of the population file */
	double w;     /* (N_h / N) / (n_h / n); under a design g_h */
	double fpc;   /* under a design: the --fpc value, NAN if none yet */
};

struct svyrun_group {
	char *key; /* parts joined by NUL */
	size_t keylen;
	char **parts;		   /* nby (+1 with --compare) */
	struct survey_cell *cells; /* one per stratum */
	size_t ncells, id;
	struct svy_acc *acc;	 /* design sums, one per stratum */
	struct svy_acc **accp;	 /* the same as pointers, for svy_var */
	unsigned long long npsu; /* PSUs with a respondent of the group */
};

/* --rake: a row kept until the weights are raked. */
struct svyrun_row {
	struct svyrun_group *g;
	size_t st, psu, cell;
	double w;
};

/* Where the columns are in the current file. */
struct svyrun_cols {
	size_t nf;
	long *item, *by, *rake;
	long date, weight, strat, cmp, dstrat, cluster, fpc;
};

struct svy_run {
	struct svy_spec *sp; /* the items' run totals are counted in it */
	struct svyrun_group **g;
	size_t ng, gcap;
	struct group_table tab; /* key -> struct svyrun_group * */
	struct svyrun_stratum *st;
	size_t nst;
	int *lo, *hi; /* item scales, for survey_cell_init */
	size_t nkeys;
	unsigned long long notes; /* unusable answers (acct_note) */
	struct acct acct;
	struct svyrun_cols m; /* the current file's columns */
	char *key;	      /* the current row's key */
	size_t keycap;
	double *ax; /* the current row's answers, then an alpha block */
	/* the design: 4 sums per item (see svydesign_row) */
	size_t v, lastst;
	double *t;
	struct svyrun_group *all; /* the whole sample as a domain */
	struct group_table psus;  /* stratum + cluster -> PSU number */
	struct group_table gpsu;  /* group + PSU -> row of gvec */
	size_t *psu_st, psucap;
	double *gvec; /* v sums per group and PSU */
	struct svyrun_group **gvec_g;
	size_t ngvec, gveccap, gvecgcap;
	/* --rake: the rows, kept until the weights are raked */
	struct svyrun_row *rrow;
	size_t nrrow, rrowcap;
	double *rax;   /* nitems answers a row */
	size_t *rcats; /* the current row's categories */
	size_t raxcap;
};

/*
 * Set up the run of spec s (which svyspec_finish has checked); reads
 * the --population file. The caller sets r->acct up (acct_init or
 * cli_acct) before the first row.
 */
void svyrun_init(struct svy_run *r, struct svy_spec *s);
/* A file's header: finds every column (exit 2 naming a missing one). */
void svyrun_header(struct svy_run *r, const struct csvrow *h, const char *file);
/* One data row of file: ends as used (acct_use), skipped or rejected. */
void svyrun_row(struct svy_run *r, const struct csvrow *row, const char *file);
/*
 * No silent loss: an item whose answers are mostly off its scale has the
 * wrong scale, not bad answers. Says so on stderr for every such item,
 * naming the range seen and the option that fixes it, and returns their
 * number; survey-score then exits 2 with no figure.
 */
int svyrun_check_scales(const struct svy_run *r);
/*
 * After the input (and the scale check): the strata weighted or the
 * design finished, the groups sorted.
 */
void svyrun_finish(struct svy_run *r);
void svyrun_release(struct svy_run *r);

/* A new, empty cell of the run's layout. */
void svyrun_cell_init(const struct svy_run *r, struct survey_cell *c);
/* Merge a group's strata into dst with the stratum weights. */
void svyrun_merge_group(const struct svy_run *r, struct survey_cell *dst,
			const struct svyrun_group *g);
/* Missing answers per item and alpha's listwise count, on stderr. */
void svyrun_print_missing(const struct svy_run *r);

/* For lib/svydesign: */
void svyrun_group_strata(struct svy_run *r, struct svyrun_group *g, size_t n);
void svyrun_cell_add_row(const struct svy_run *r, struct survey_cell *c,
			 double *ax, double w);
/* A field for a message: at most 40 bytes, control bytes as '?'. */
const char *svyrun_show(const struct csvrow *row, long i, char *buf);

#endif
