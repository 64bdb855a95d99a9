/*
 * svyspec: what survey-score is asked to score (man survey-score(1)):
 * the items and their scales, the scored roles (NPS, CSAT, CES, weighted
 * indexes, alpha blocks), the --by keys and periods, the weight and the
 * design columns. The role options are parsed here, each as the man page
 * writes it; a bad one is a usage error (exit 2, lib/cli).
 *
 * An item is a distinct column: --csat q and --alpha q,r share item q.
 * Items are numbered in the order first named; scales default to
 * --scale (1..5), NPS is on 0..10.
 *
 * Ownership: svyspec_init, then the svyspec_* adders, svyspec_finish
 * once every option is read; svyspec_release frees everything.
 */
#ifndef TA_SVYSPEC_H
#define TA_SVYSPEC_H

#include <stddef.h>
#include <stdint.h>

#include "period.h"
#include "rake.h"
#include "where.h"

/* A distinct item column and its scale. */
struct svy_item {
	char *col;
	int lo, hi, explicit_scale;
	int scaled;	  /* 0: alpha only, any number is valid */
	const char *role; /* first option naming it, for messages */
	char *missing_name;
	unsigned long long missing, notnum, outscale, nonblank; /* run totals */
	double seen_lo, seen_hi; /* numbers seen, on the scale or not */
};

/* A set of items under one name: an alpha block or an index. */
struct svy_block {
	char *name;   /* NULL: the bare form */
	char *prefix; /* output column prefix */
	size_t *item;
	double *w;	  /* index weights */
	char **mean_name; /* index: column of each item's mean */
	size_t n, cap;
};

/* A csat or ces item and its output column prefix. */
struct svy_scored {
	size_t item;
	char *prefix;
};

struct svy_spec {
	struct svy_item *items;
	size_t nitems, itemcap;
	long nps; /* item index, -1 if not asked */
	struct svy_scored *csat, *ces;
	size_t ncsat, nces;
	struct svy_block *idx, *alpha; /* --index, --alpha blocks */
	size_t nidx, idxcap, nalpha, alphacap;
	size_t *kalpha; /* items per alpha block */
	int scale_given;
	char **by;
	struct period *byp; /* per --by name */
	int *isp;	    /* 1: byp[i] is a period of --date */
	size_t nby, bycap;
	const char *date, *datefmt, *compare, *weight, *strat, *popfile;
	int window;		    /* --date-window: */
	int64_t win_from, win_days; /* its first local day, its length */
	const char *dstrat, *cluster, *fpc; /* the design */
	const char *reference;		    /* --compare's reference value */
	int design, lonely;
	struct rake rk; /* --rake margins */
	int total, top_box, def_lo, def_hi, have_period;
	double ci;		  /* 0: no intervals */
	struct where where;	  /* --where */
	int quiet;		  /* -q: no notes on stderr */
	unsigned long max_groups; /* --max-groups (default 10,000,000) */
};

void svyspec_init(struct svy_spec *s);
/* --nps COL (0..10). */
void svyspec_nps(struct svy_spec *s, const char *col);
/* --csat, --ces: COL[:SCALE],... */
void svyspec_csat(struct svy_spec *s, const char *arg);
void svyspec_ces(struct svy_spec *s, const char *arg);
/* --index [NAME=]COL=W[:SCALE],...; --alpha [NAME=]COL[:SCALE],... */
void svyspec_index(struct svy_spec *s, const char *arg);
void svyspec_alpha(struct svy_spec *s, const char *arg);
/* --rake COL=FILE: one margin. */
void svyspec_rake(struct svy_spec *s, const char *arg);
/* --by COL,...: appended. */
void svyspec_by(struct svy_spec *s, const char *arg);
/* Checks that need every option: scales, periods, combinations. */
void svyspec_finish(struct svy_spec *s);
void svyspec_release(struct svy_spec *s);

#endif
