/*
 * survey-score: survey responses (CSV, one respondent a row, columns
 * found by header name) -> the scores of SPEC section 4 per group: NPS
 * with its SE, Wald and score intervals; CSAT top-box share with a
 * Wilson interval and the mean with a Student-t interval; CES; a
 * weighted index; Cronbach's alpha raw and standardised; or, with
 * --compare, the difference of NPS between two groups.
 *
 * Choices where SPEC is silent (all in the man page):
 * - One output row per group, groups in bytewise order of their keys
 *   (periods are written so that this is chronological).
 * - NPS is on 0..10; other items on --scale (default 1..5) unless their
 *   option gives COL:LO..HI. Answers must be points of the scale.
 * - An unusable answer is missing for its item only: the row is still
 *   used. A non-number or out-of-scale answer is also noted on stderr
 *   and in --rejects (acct_note), without counting the row as rejected.
 *   A row is rejected for a bad weight, a bad date (--by period) or a
 *   wrong number of fields.
 * - With weights, shares and means are weighted, standard errors use
 *   Kish's n_eff and t intervals n_eff - 1 degrees of freedom; alpha is
 *   unweighted.
 * - NPS score interval: Tango's (1998) score interval for p - d of one
 *   trinomial sample, which never leaves [-100, 100].
 * - Under a design (--strata, --cluster, --fpc) every NPS, share, mean
 *   and index has R survey's linearisation se, deff and t interval on
 *   PSUs - strata df (lib/svy.c); the sums are kept per group and
 *   stratum, and with clusters per group and PSU.
 * - Alpha items need no scale; any other item's answers must mostly be
 *   on its scale, or the run stops (exit 2) naming the range seen.
 */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "cli.h"
#include "csvin.h"
#include "date.h"
#include "diag.h"
#include "group.h"
#include "manifest.h"
#include "num.h"
#include "out.h"
#include "period.h"
#include "rake.h"
#include "span.h"
#include "stats.h"
#include "survey.h"
#include "svy.h"
#include "tm.h"
#include "utf8.h"
#include "where.h"
#include "xalloc.h"

/* A distinct item column and its scale. */
struct item {
	char *col;
	int lo, hi, explicit_scale;
	int scaled;	  /* 0: alpha only, any number is valid */
	const char *role; /* first option naming it, for messages */
	char *missing_name;
	unsigned long long missing, notnum, outscale, nonblank; /* run totals */
	double seen_lo, seen_hi; /* numbers seen, on the scale or not */
};

/* A set of items under one name: an alpha block or an index. */
struct block {
	char *name;   /* NULL: the bare form */
	char *prefix; /* output column prefix */
	size_t *item;
	double *w;	  /* index weights */
	char **mean_name; /* index: column of each item's mean */
	size_t n, cap;
};

/* A csat or ces item and its output column prefix. */
struct scored {
	size_t item;
	char *prefix;
};

struct stratum {
	char *name;
	double count; /* N_h of the population file */
	double w;     /* (N_h / N) / (n_h / n); under a design g_h */
	double fpc;   /* under a design: the --fpc value, NAN if none yet */
};

struct group {
	char *key; /* parts joined by NUL */
	size_t keylen;
	char **parts;		   /* nby (+1 with --compare) */
	struct survey_cell *cells; /* one per stratum */
	size_t ncells, id;
	struct svy_acc *acc;	 /* design sums, one per stratum */
	struct svy_acc **accp;	 /* the same as pointers, for svy_var */
	unsigned long long npsu; /* PSUs with a respondent of the group */
};

/* A byte-string -> number map (open addressing). */

static struct {
	struct cli cli;
	struct item *items;
	size_t nitems, itemcap;
	long nps; /* item index, -1 if not asked */
	struct scored *csat, *ces;
	size_t ncsat, nces;
	struct block *idx, *alpha; /* --index, --alpha blocks */
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
	double ci;	    /* 0: no intervals */
	struct where where; /* --where */
} opt = {.nps = -1, .top_box = 2, .def_lo = 1, .def_hi = 5};

/* The run: groups, strata and where the columns are in the current file. */
static struct {
	struct group **g;
	size_t ng, gcap;
	struct group_table tab; /* key -> struct group * */
	struct stratum *st;
	size_t nst;
	int *lo, *hi; /* item scales, for survey_cell_init */
	size_t nkeys;
	unsigned long long notes;
	struct acct acct;
	/* the design: 4 sums per item (see design_row) */
	size_t v, lastst;
	double *t;
	struct group *all;	 /* the whole sample as a domain */
	struct group_table psus; /* stratum + cluster -> PSU number */
	struct group_table gpsu; /* group + PSU -> row of gvec */
	size_t *psu_st, psucap;
	double *gvec; /* v sums per group and PSU */
	struct group **gvec_g;
	size_t ngvec, gveccap, gvecgcap;
	/* --rake: the rows, kept until the weights are raked */
	struct rrow {
		struct group *g;
		size_t st, psu, cell;
		double w;
	} * rrow;
	size_t nrrow, rrowcap;
	double *rax;   /* nitems answers a row */
	size_t *rcats; /* the current row's categories */
	size_t raxcap;
} run;

struct colmap {
	size_t nf;
	long *item, *by, *rake;
	long date, weight, strat, cmp, dstrat, cluster, fpc;
};

enum {
	O_NPS = CLI_OPT_END,
	O_CSAT,
	O_CES,
	O_SCALE,
	O_TOPBOX,
	O_INDEX,
	O_ALPHA,
	O_BY,
	O_DATE,
	O_TOTAL,
	O_CI,
	O_COMPARE,
	O_WINDOW,
	O_WEIGHT,
	O_STRAT,
	O_POP,
	O_DSTRAT,
	O_CLUSTER,
	O_FPC,
	O_LONELY,
	O_DATEFMT,
	O_TZ,
	O_WHERE,
	O_REFERENCE,
	O_RAKE,
	O_RAKE_EPS,
	O_RAKE_MAXIT
};

static const char usage[] =
    "Usage: survey-score ROLE... [OPTION]... [FILE]...\n"
    "Read survey responses (CSV with a header, one respondent a row; FILE, or\n"
    "stdin when none or -) and print the scores defined in telaudit(7).\n"
    "\n"
    "Item roles (a scale is LO..HI or K for 1..K):\n"
    "      --nps COL            NPS item, 0..10: promoters 9-10, detractors 0-6\n"
    "      --csat COL[:SCALE],...  CSAT items: top-box share and mean of each\n"
    "      --ces COL[:SCALE],...   customer effort items: mean of each\n"
    "      --index [NAME=]COL=W[:SCALE],...  weighted index of item means,\n"
    "                           0..100; repeat with a NAME for more indexes\n"
    "      --alpha [NAME=]COL[:SCALE],...  Cronbach's alpha of one block,\n"
    "                           raw and standardised; repeat with a NAME for\n"
    "                           more blocks (alpha needs no scale)\n"
    "      --scale SCALE        scale of items that give none (default 1..5)\n"
    "      --top-box N          CSAT boxes counted as satisfied (default 2)\n"
    "\n"
    "Groups and statistics:\n"
    "      --by COL,...         one row per value; day, week, month, quarter,\n"
    "                           year or span:FROM..TO group by the --date\n"
    "                           column\n"
    "      --date COL           date column: ISO 8601, YYYY/MM/DD, spreadsheet\n"
    "                           serial, DD-Mon-YY or as --date-format says\n"
    "      --date-format FMT    read --date as FMT (strptime-like: %Y %m %d ...)\n"
    "      --report-tz ZONE     periods in ZONE (IANA name; default UTC)\n"
    "      --where EXPR         only rows that pass: COL=V, COL!=V, COL>N, COL~RE\n"
    "                           (< <= >= !~ too); comma = and; repeatable\n"
    "      --total              add a total row after the groups (column total)\n"
    "      --ci LEVEL           confidence intervals at LEVEL (e.g. 0.95)\n"
    "      --compare COL        differences of NPS, CSAT and CES between the\n"
    "                           values of COL (or periods of --date, as in\n"
    "                           --by) and the reference value\n"
    "      --reference VALUE    the reference of --compare (needed with more\n"
    "                           than 2 values; p Holm-adjusted then)\n"
    "      --date-window FROM..TO  only rows whose --date is on a day FROM..TO\n"
    "                           (inclusive, in --report-tz); the others are\n"
    "                           skipped, so --compare tests only those periods\n"
    "      --weight COL         design weights (positive numbers)\n"
    "      --post-stratify COL  weight to population counts per value of COL\n"
    "      --population FILE    CSV of stratum,count for --post-stratify\n"
    "\n"
    "Design-based estimation (as R's survey package, svydesign + svymean):\n"
    "      --strata COL         strata of the sample design\n"
    "      --cluster COL        primary sampling units (within strata)\n"
    "      --fpc COL            population size (PSUs) of the stratum, or the\n"
    "                           sampling fraction (all values <= 1)\n"
    "      --lonely-psu RULE    a stratum of one PSU: fail (default), remove,\n"
    "                           certainty, average or adjust\n"
    "      --rake COL=FILE      rake the weights to the population counts of\n"
    "                           COL's categories in FILE (category,count);\n"
    "                           repeat for each margin, as R's rake()\n"
    "      --rake-epsilon E     raking stops when no cell's weight moves by E\n"
    "                           (E < 1: that share of the weights; default 1)\n"
    "      --rake-maxit N       sweeps before raking fails (default 10)\n"
    "  With any of them every figure has a linearisation standard error,\n"
    "  a design effect and a t interval on PSUs - strata degrees of freedom.\n"
    "\n" CLI_HELP "\n"
    "An option that takes a value takes one (--alpha and --index blocks,\n"
    "--by and --where lists aside): given twice it is an error. An item with\n"
    "more than half of its answers off its scale stops the run (exit 2)\n"
    "with the range seen.\n"
    "\n"
    "Exit status: 0 done, 2 usage or a wrong scale, 3 input/output, 4 the\n"
    "data did not hold: no row used, a reject or an unusable answer under\n"
    "--strict, or more rejects than --max-reject-rate.\n";

/* Register a column as an item (once per column); returns its index. */
static size_t add_item(const char *col, int lo, int hi, int explicit_scale,
		       const char *role)
{
	size_t i;

	for (i = 0; i < opt.nitems; i++)
		if (strcmp(opt.items[i].col, col) == 0)
			break;
	if (i == opt.nitems) {
		opt.items =
		    xgrow(opt.items, &opt.itemcap, i + 1, sizeof(*opt.items));
		memset(&opt.items[i], 0, sizeof(opt.items[i]));
		opt.items[i].col = xstrdup(col);
		opt.items[i].role = role;
		opt.items[i].seen_lo = INFINITY;
		opt.items[i].seen_hi = -INFINITY;
		opt.nitems++;
	}
	/* an item needs a scale unless alpha is its only role */
	if (strcmp(role, "--alpha") != 0)
		opt.items[i].scaled = 1;
	if (explicit_scale) {
		struct item *it = &opt.items[i];

		if (it->explicit_scale && (it->lo != lo || it->hi != hi))
			cli_usage_error(
			    "column \"%s\" is given two scales, %d..%d and %d..%d",
			    col, it->lo, it->hi, lo, hi);
		it->lo = lo;
		it->hi = hi;
		it->explicit_scale = 1;
		it->scaled = 1;
	}
	return i;
}

/* "COL[:SCALE]": the part after the last ':' is a scale if it parses. */
static size_t item_spec(const char *optname, const char *spec)
{
	char *s = xstrdup(spec), *colon = strrchr(s, ':');
	int lo = 0, hi = 0, ex = 0;
	size_t i;

	if (colon && survey_parse_scale(colon + 1, &lo, &hi) == 0) {
		*colon = '\0';
		ex = 1;
	}
	if (!*s)
		cli_usage_error("%s: \"%s\" names no column", optname, spec);
	i = add_item(s, lo, hi, ex, optname);
	free(s);
	return i;
}

/*
 * "NAME=" at the head of a block option: the part before the first '='
 * is a name when the first comma-separated element holds `min_eq` '='
 * signs (alpha: COL has none, so one means a name; index: COL=W has
 * one, so two mean a name). *rest is set after the name.
 */
static char *block_name(const char *arg, int min_eq, const char **rest)
{
	const char *end = strchr(arg, ','), *eq = strchr(arg, '=');
	int neq = 0;

	if (!end)
		end = arg + strlen(arg);
	for (const char *p = arg; p < end; p++)
		neq += *p == '=';
	*rest = arg;
	if (neq < min_eq)
		return NULL;
	*rest = eq + 1;
	return xstrndup(arg, (size_t)(eq - arg));
}

/* A new block of --alpha or --index: named, or the one bare block. */
static struct block *new_block(struct block **v, size_t *n, size_t *cap,
			       const char *optname, const char *stem,
			       char *name)
{
	struct block *b;

	if (name && !*name)
		cli_usage_error("%s: empty block name", optname);
	for (size_t i = 0; i < *n; i++) {
		if (!name && !(*v)[i].name)
			cli_usage_error(
			    "%s: given twice (name each block: %s NAME=...)",
			    optname, optname);
		if (name && (*v)[i].name && strcmp(name, (*v)[i].name) == 0)
			cli_usage_error("%s: name \"%s\" given twice", optname,
					name);
	}
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->name = name;
	b->prefix = name ? xasprintf("%s_%s", stem, name) : xstrdup(stem);
	return b;
}

static void block_add(struct block *b, const char *optname, size_t item,
		      double w)
{
	for (size_t j = 0; j < b->n; j++)
		if (b->item[j] == item)
			cli_usage_error("%s: column \"%s\" given twice",
					optname, opt.items[item].col);
	b->item = xgrow(b->item, &b->cap, b->n + 1, sizeof(*b->item));
	b->w = xrealloc(b->w, b->cap * sizeof(*b->w));
	b->item[b->n] = item;
	b->w[b->n++] = w;
}

static void add_index(const char *arg)
{
	const char *rest;
	char *name = block_name(arg, 2, &rest);
	struct block *b = new_block(&opt.idx, &opt.nidx, &opt.idxcap, "--index",
				    "index", name);
	char *copy = xstrdup(rest), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		char *eq = strrchr(it, '='), *colon, *spec;
		double w;

		if (!eq || eq == it)
			cli_usage_error("--index: \"%s\" is not COL=WEIGHT",
					it);
		*eq = '\0';
		colon = strchr(eq + 1, ':');
		if (colon)
			*colon = '\0';
		if (num_parse_double(eq + 1, strlen(eq + 1), &w) != 0 ||
		    !(w > 0))
			cli_usage_error(
			    "--index: weight \"%s\" of %s is not a positive number",
			    eq + 1, it);
		spec = xasprintf("%s%s%s", it, colon ? ":" : "",
				 colon ? colon + 1 : "");
		block_add(b, "--index", item_spec("--index", spec), w);
		free(spec);
	}
	free(copy);
}

static void add_alpha(const char *arg)
{
	const char *rest;
	char *name = block_name(arg, 1, &rest);
	struct block *b = new_block(&opt.alpha, &opt.nalpha, &opt.alphacap,
				    "--alpha", "alpha", name);
	char *copy = xstrdup(rest), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save))
		block_add(b, "--alpha", item_spec("--alpha", it), 1);
	free(copy);
	if (b->n < 2)
		cli_usage_error("--alpha: needs at least 2 items%s%s",
				name ? " in " : "", name ? name : "");
}

/* --csat or --ces: COL[:SCALE],... */
static void add_scored(struct scored **v, size_t *n, const char *optname,
		       const char *stem, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;
	size_t cap = 0;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		size_t i = item_spec(optname, it);

		for (size_t j = 0; j < *n; j++)
			if ((*v)[j].item == i)
				cli_usage_error("%s: column \"%s\" given twice",
						optname, opt.items[i].col);
		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		(*v)[*n].item = i;
		(*v)[(*n)++].prefix = NULL;
	}
	free(copy);
	if (!*n)
		cli_usage_error("%s: no column", optname);
	/* one item keeps the plain names; several are told apart by column */
	for (size_t j = 0; j < *n; j++)
		(*v)[j].prefix =
		    *n == 1
			? xstrdup(stem)
			: xasprintf("%s_%s", stem, opt.items[(*v)[j].item].col);
}

/* --rake COL=FILE: one margin. */
static void add_rake(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *col;

	if (!eq || eq == arg || !eq[1])
		cli_usage_error("--rake: \"%s\" is not COL=FILE", arg);
	col = xstrndup(arg, (size_t)(eq - arg));
	if (rake_add_margin(&opt.rk, col, eq + 1) != 0)
		cli_usage_error("--rake: %s raked twice", col);
	free(col);
}

static void add_by(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		opt.by =
		    xgrow(opt.by, &opt.bycap, opt.nby + 1, sizeof(*opt.by));
		opt.byp = xrealloc(opt.byp, opt.bycap * sizeof(*opt.byp));
		opt.isp = xrealloc(opt.isp, opt.bycap * sizeof(*opt.isp));
		opt.by[opt.nby] = xstrdup(it);
		opt.isp[opt.nby++] = 0;
	}
	free(copy);
}

/* Checks that need every option: scales, periods, combinations. */
static void finish_options(void)
{
	if (opt.nps < 0 && !opt.ncsat && !opt.nces && !opt.nidx && !opt.nalpha)
		cli_usage_error(
		    "nothing to score: give --nps, --csat, --ces, --index or --alpha");
	for (size_t i = 0; i < opt.nitems; i++) {
		struct item *it = &opt.items[i];

		/* an explicit --scale covers alpha-only items too */
		if (opt.scale_given)
			it->scaled = 1;
		if (!it->explicit_scale) {
			it->lo = opt.def_lo;
			it->hi = opt.def_hi;
		}
		it->missing_name = xasprintf("missing_%s", it->col);
	}
	for (size_t j = 0; j < opt.ncsat; j++) {
		const struct item *it = &opt.items[opt.csat[j].item];

		if (opt.top_box > it->hi - it->lo)
			cli_usage_error(
			    "--top-box: %d boxes leave none unsatisfied on the scale %d..%d",
			    opt.top_box, it->lo, it->hi);
	}
	for (size_t j = 0; j < opt.nidx; j++) {
		struct block *b = &opt.idx[j];

		b->mean_name = xcalloc(b->n, sizeof(char *));
		for (size_t k = 0; k < b->n; k++)
			b->mean_name[k] =
			    b->name ? xasprintf("%s_mean_%s", b->prefix,
						opt.items[b->item[k]].col)
				    : xasprintf("mean_%s",
						opt.items[b->item[k]].col);
	}
	opt.kalpha = xcalloc(opt.nalpha + 1, sizeof(size_t));
	for (size_t j = 0; j < opt.nalpha; j++)
		opt.kalpha[j] = opt.alpha[j].n;
	/* a span is never a column: a malformed one says what is wrong */
	for (size_t i = 0; i < opt.nby; i++)
		if (!strncmp(opt.by[i], "span:", 5)) {
			struct period sp;

			period_parse(opt.by[i], &sp);
			if (!opt.date)
				cli_usage_error("--by %s: needs --date COL",
						opt.by[i]);
		}
	/* the --by periods of --date, and --compare's when it is one */
	opt.byp = xrealloc(opt.byp, (opt.nby + 1) * sizeof(*opt.byp));
	opt.isp = xrealloc(opt.isp, (opt.nby + 1) * sizeof(*opt.isp));
	opt.isp[opt.nby] = 0;
	for (size_t i = 0; opt.date && i < opt.nby + (opt.compare != NULL);
	     i++) {
		const char *name = i < opt.nby ? opt.by[i] : opt.compare;
		if (period_parse(name, &opt.byp[i]) == 0 &&
		    ((opt.byp[i].unit >= P_DAY && opt.byp[i].unit <= P_YEAR) ||
		     opt.byp[i].unit == P_SPAN)) {
			opt.isp[i] = 1;
			opt.have_period = 1;
			if (i < opt.nby && opt.byp[i].unit == P_SPAN) {
				free(opt.by[i]); /* the column is named span */
				opt.by[i] = xstrdup("span");
			}
		}
	}
	if (opt.date && !opt.have_period)
		cli_usage_error(
		    "--date: no period (day, week, month, quarter, year) in --by");
	if (opt.compare && opt.nps < 0 && !opt.ncsat && !opt.nces)
		cli_usage_error("--compare: needs --nps, --csat or --ces");
	if (opt.reference && !opt.compare)
		cli_usage_error("--reference: needs --compare");
	if (opt.window && !opt.date)
		cli_usage_error("--date-window: needs --date COL");
	if (opt.weight && opt.strat)
		cli_usage_error(
		    "--weight and --post-stratify exclude each other");
	if (!opt.strat != !opt.popfile)
		cli_usage_error("--post-stratify and --population go together");
	opt.design = opt.dstrat || opt.cluster || opt.fpc || opt.rk.nm;
	if (opt.rk.nm && opt.strat)
		cli_usage_error(
		    "--rake and --post-stratify exclude each other");
	if (opt.rk.nm && opt.compare)
		cli_usage_error("--compare with --rake is not supported yet");
	if (opt.design && opt.strat && !opt.rk.nm)
		cli_usage_error(
		    "--post-stratify under a design (--strata, --cluster, --fpc) is not supported");
	if (opt.design && opt.compare && opt.total)
		cli_usage_error(
		    "--total with --compare under a design (--strata, --cluster, --fpc) is not supported yet");
}

/* The population file: a header, then stratum,count rows. */
static void read_population(const char *path)
{
	struct rake_margin pm;

	rake_margin_read(&pm, path, "stratum");
	run.st = xcalloc(pm.ncat, sizeof(*run.st));
	for (size_t i = 0; i < pm.ncat; i++) {
		run.st[i].name = xstrdup(pm.cat[i]);
		run.st[i].count = pm.pop[i];
	}
	run.nst = pm.ncat;
	rake_margin_free(&pm);
}

static long find_col(const struct csvrow *h, const char *file, const char *name)
{
	for (size_t i = 0; i < h->nf; i++)
		if (strcmp(h->f[i], name) == 0)
			return (long)i;
	die_at(EXIT_USAGE, file, h->line, "no column \"%s\"", name);
}

static void map_header(struct colmap *m, const struct csvrow *h,
		       const char *file)
{
	char err[256];

	m->nf = h->nf;
	m->item = xcalloc(opt.nitems + 1, sizeof(long));
	m->by = xcalloc(opt.nby + 1, sizeof(long));
	for (size_t i = 0; i < opt.nitems; i++)
		m->item[i] = find_col(h, file, opt.items[i].col);
	for (size_t i = 0; i < opt.nby; i++)
		m->by[i] = opt.isp[i] ? -1 : find_col(h, file, opt.by[i]);
	m->date = opt.date ? find_col(h, file, opt.date) : -1;
	m->weight = opt.weight ? find_col(h, file, opt.weight) : -1;
	m->strat = opt.strat ? find_col(h, file, opt.strat) : -1;
	m->cmp = opt.compare && !opt.isp[opt.nby]
		     ? find_col(h, file, opt.compare)
		     : -1;
	m->dstrat = opt.dstrat ? find_col(h, file, opt.dstrat) : -1;
	m->cluster = opt.cluster ? find_col(h, file, opt.cluster) : -1;
	m->fpc = opt.fpc ? find_col(h, file, opt.fpc) : -1;
	if (where_bind(&opt.where, h, err, sizeof(err)))
		die_at(EXIT_USAGE, file, h->line, "%s", err);
	m->rake = xcalloc(opt.rk.nm + 1, sizeof(long));
	for (size_t k = 0; k < opt.rk.nm; k++)
		m->rake[k] = find_col(h, file, opt.rk.m[k].col);
}

static void cells_init(struct survey_cell *c)
{
	survey_cell_init(c, opt.nitems, run.lo, run.hi, opt.nalpha, opt.kalpha);
}

/* Give g a cell (and, under a design, sums) for each of n strata. */
static void group_strata(struct group *g, size_t n)
{
	if (g->ncells >= n)
		return;
	g->cells = xrealloc(g->cells, n * sizeof(*g->cells));
	if (run.v) {
		g->acc = xrealloc(g->acc, n * sizeof(*g->acc));
		g->accp = xrealloc(g->accp, n * sizeof(*g->accp));
	}
	for (size_t s = g->ncells; s < n; s++) {
		cells_init(&g->cells[s]);
		if (run.v)
			svy_acc_init(&g->acc[s], run.v);
	}
	g->ncells = n;
	for (size_t s = 0; run.v && s < n; s++)
		g->accp[s] = &g->acc[s];
}

static void group_free(struct group *g)
{
	for (size_t s = 0; s < g->ncells; s++) {
		survey_cell_release(&g->cells[s]);
		if (g->acc)
			svy_acc_release(&g->acc[s]);
	}
	free(g->cells);
	free(g->acc);
	free(g->accp);
	free(g->parts);
	free(g->key);
	free(g);
}

static struct group *find_group(const char *key, size_t len)
{
	struct group_ent *e;
	struct group *g;
	int isnew;

	if (!run.tab.valsize)
		group_table_init(&run.tab, sizeof(struct group *));
	e = group_table_get(&run.tab, key, len, &isnew);
	if (!isnew)
		return *(struct group **)GROUP_VAL(e);
	g = xcalloc(1, sizeof(*g));
	g->key = xmalloc(len + 1);
	memcpy(g->key, key, len);
	g->key[len] = '\0';
	g->keylen = len;
	g->parts = xcalloc(run.nkeys + 1, sizeof(char *));
	for (size_t p = 0, off = 0; p < run.nkeys; p++) {
		g->parts[p] = g->key + off;
		off += strlen(g->key + off) + 1;
	}
	g->id = run.ng;
	group_strata(g, run.nst);
	*(struct group **)GROUP_VAL(e) = g;
	run.g = xgrow(run.g, &run.gcap, run.ng + 1, sizeof(*run.g));
	run.g[run.ng++] = g;
	return g;
}

/*
 * A field for a message: at most 40 bytes, control bytes (NUL, newline
 * of a quoted field) shown as '?' so the message stays one line.
 */
static const char *show(const struct csvrow *row, long i, char *buf)
{
	size_t n = row->len[i] < 40 ? row->len[i] : 40;

	for (size_t j = 0; j < n; j++)
		buf[j] =
		    (unsigned char)row->f[i][j] < 0x20 ? '?' : row->f[i][j];
	buf[n] = '\0';
	return buf;
}

static void add_keypart(char **key, size_t *len, size_t *cap, const char *s,
			size_t n)
{
	*key = xgrow(*key, cap, *len + n + 1, 1);
	memcpy(*key + *len, s, n);
	(*key)[*len + n] = '\0';
	*len += n + 1;
}

/*
 * A respondent's answers ax (NAN: missing; alpha block values after
 * the items) into the cell, with weight w.
 */
static void cell_add_row(struct survey_cell *c, double *ax, double w)
{
	survey_cell_add_resp(c, w);
	for (size_t i = 0; i < opt.nitems; i++) {
		if (isnan(ax[i]))
			survey_cell_add_missing(c, i);
		else if (opt.items[i].scaled)
			survey_cell_add_answer(c, i, (int)ax[i], w);
	}
	for (size_t b = 0; b < opt.nalpha; b++) {
		const struct block *bl = &opt.alpha[b];
		double *x = ax + opt.nitems;
		int complete = 1;

		for (size_t j = 0; j < bl->n; j++) {
			x[j] = ax[bl->item[j]];
			if (isnan(x[j]))
				complete = 0;
		}
		survey_cell_add_alpha(c, b, complete ? x : NULL);
	}
}

/* ------------------------------------------------------------ design */

/* The number of key[0..len) in m, adding it as m->n if new (*added). */
static size_t smap_get(struct group_table *m, const char *key, size_t len,
		       int *added)
{
	return group_table_get(m, key, len, added)->idx;
}

/* The number of key in m, or (size_t)-1. */
static size_t smap_find(const struct group_table *m, const char *key,
			size_t len)
{
	const struct group_ent *e = group_table_find(m, key, len);

	return e ? e->idx : (size_t)-1;
}

/* A design field trimmed of blanks; NULL (row rejected) if empty. */
static const char *design_field(const struct csvrow *row, long f,
				const char *opt_name, const char *file,
				size_t *len)
{
	const char *p = row->f[f];
	size_t n = row->len[f];

	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!n || memchr(p, '\0', n)) {
		acct_reject(&run.acct, file, row->line, row, "%s: empty",
			    opt_name);
		return NULL;
	}
	*len = n;
	return p;
}

/*
 * The design fields of a row: the stratum (new ones are added), the
 * fpc (one value per stratum) and, with --cluster, the PSU number
 * (run.t[run.v] holds it for design_row). Returns -1 if the row is
 * rejected.
 */
static int design_stratum(const struct colmap *m, const struct csvrow *row,
			  const char *file, size_t *st)
{
	const char *name = "";
	size_t len = 0;
	struct stratum *sp;
	double fpc = NAN;
	char sb[48];
	const char *cf = NULL;
	size_t cn = 0;

	if (m->dstrat >= 0 &&
	    !(name = design_field(row, m->dstrat, opt.dstrat, file, &len)))
		return -1;
	if (m->cluster >= 0 &&
	    !(cf = design_field(row, m->cluster, opt.cluster, file, &cn)))
		return -1;
	if (m->fpc >= 0) {
		size_t n;
		const char *f = design_field(row, m->fpc, opt.fpc, file, &n);

		if (!f)
			return -1;
		if (num_parse_double(f, n, &fpc) != 0 || !(fpc > 0) ||
		    !isfinite(fpc)) {
			acct_reject(&run.acct, file, row->line, row,
				    "%s: \"%s\" is not a positive number",
				    opt.fpc, show(row, m->fpc, sb));
			return -1;
		}
	}
	/* the stratum: the last one again, else a search, else a new one */
	*st = run.lastst;
	if (!(*st < run.nst && strlen(run.st[*st].name) == len &&
	      memcmp(run.st[*st].name, name, len) == 0)) {
		for (*st = 0; *st < run.nst; (*st)++)
			if (strlen(run.st[*st].name) == len &&
			    memcmp(run.st[*st].name, name, len) == 0)
				break;
		if (*st == run.nst) {
			size_t cap = run.nst;

			run.st =
			    xgrow(run.st, &cap, run.nst + 1, sizeof(*run.st));
			memset(&run.st[run.nst], 0, sizeof(*run.st));
			run.st[run.nst].name = xstrndup(name, len);
			run.st[run.nst].fpc = NAN;
			run.nst++;
			if (run.all)
				group_strata(run.all, run.nst);
		}
		run.lastst = *st;
	}
	sp = &run.st[*st];
	if (m->fpc >= 0) {
		if (isnan(sp->fpc))
			sp->fpc = fpc;
		else if (sp->fpc != fpc)
			die_at(
			    EXIT_USAGE, file, row->line,
			    "%s: %.15g differs from %.15g given before for "
			    "stratum \"%s\"; the fpc is one number a stratum",
			    opt.fpc, fpc, sp->fpc, sp->name);
	}
	if (cf) {
		size_t id;
		char *k = xmalloc(sizeof(size_t) + cn);
		int added;

		memcpy(k, st, sizeof(size_t));
		memcpy(k + sizeof(size_t), cf, cn);
		id = smap_get(&run.psus, k, sizeof(size_t) + cn, &added);
		free(k);
		if (added) {
			run.psu_st = xgrow(run.psu_st, &run.psucap, id + 1,
					   sizeof(size_t));
			run.psu_st[id] = *st;
			sp->count++;
		}
		run.t[run.v] = (double)id;
	} else {
		sp->count++; /* each respondent is a PSU */
	}
	return 0;
}

/* The group's PSU sums for PSU id (a new row of zeros the first time). */
static double *gpsu_vec(struct group *g, size_t id)
{
	size_t key[2] = {g->id, id}, slot;
	int added;

	if (g == run.all)
		key[0] = (size_t)-1;
	slot = smap_get(&run.gpsu, (const char *)key, sizeof(key), &added);
	if (added) {
		size_t cap = run.gveccap;

		run.gvec =
		    xgrow(run.gvec, &cap, (slot + 1) * run.v, sizeof(double));
		memset(run.gvec + slot * run.v, 0,
		       (cap - run.gveccap) * sizeof(double));
		run.gveccap = cap;
		run.gvec_g = xgrow(run.gvec_g, &run.gvecgcap, slot + 1,
				   sizeof(*run.gvec_g));
		run.gvec_g[slot] = g;
		run.ngvec = slot + 1;
		g->npsu++;
	}
	return run.gvec + slot * run.v;
}

/*
 * The sums of one respondent of weight w: per item i, 4i the weight of
 * a valid answer, 4i+1 w (answer - middle of the scale), 4i+2 w if in
 * the top boxes, 4i+3 w (promoter - detractor) for the NPS item.
 */
static void design_vec(const double *ax, double w, double *t)
{
	for (size_t i = 0; i < opt.nitems; i++) {
		const struct item *it = &opt.items[i];
		double x = ax[i];

		if (isnan(x) || !it->scaled) {
			t[4 * i] = t[4 * i + 1] = t[4 * i + 2] = t[4 * i + 3] =
			    0;
			continue;
		}
		t[4 * i] = w;
		t[4 * i + 1] = w * (x - (it->lo + it->hi) / 2.0);
		t[4 * i + 2] = x > it->hi - opt.top_box ? w : 0;
		t[4 * i + 3] = (long)i != opt.nps ? 0
			       : x >= 9		  ? w
			       : x <= 6		  ? -w
						  : 0;
	}
}

static void design_row(struct group *g, size_t st, const double *ax, double w)
{
	double *t = run.t;
	struct group *dom[2] = {g, run.all != g ? run.all : NULL};

	design_vec(ax, w, t);
	for (int d = 0; d < 2 && dom[d]; d++) {
		if (opt.cluster) {
			double *v = gpsu_vec(dom[d], (size_t)t[run.v]);

			for (size_t j = 0; j < run.v; j++)
				v[j] += t[j];
		} else {
			svy_acc_add(&dom[d]->acc[st], t);
			dom[d]->npsu++;
		}
	}
}

/* The strata for svy_var: sampled PSUs, fpc, weight factor. */
static struct svy_stratum *design_strata(void)
{
	struct svy_stratum *sv = xcalloc(run.nst + 1, sizeof(*sv));
	int popsize = 0;

	for (size_t h = 0; h < run.nst; h++)
		if (!isnan(run.st[h].fpc) && run.st[h].fpc > 1)
			popsize = 1;
	for (size_t h = 0; h < run.nst; h++) {
		const struct stratum *sp = &run.st[h];
		double n = sp->count;

		sv[h].n = n;
		sv[h].g = sp->w;
		sv[h].f = 1;
		if (!isnan(sp->fpc)) {
			double N = popsize ? sp->fpc : n / sp->fpc;

			sv[h].f = (N - n) / N;
		}
	}
	return sv;
}

/* "COL1, COL2 and COL3" of the raked margins (to free). */
static char *rake_names(void)
{
	char *s = xstrdup("");

	for (size_t k = 0; k < opt.rk.nm; k++) {
		char *n = xasprintf("%s%s%s", s,
				    !k			? ""
				    : k + 1 < opt.rk.nm ? ", "
							: " and ",
				    opt.rk.m[k].col);
		free(s);
		s = n;
	}
	return s;
}

/*
 * --rake, after the input and the strata's weights: rake the weights
 * (design weight times the stratum's weight) to the margins; then put
 * every kept row into its group's cells and totals with its raked
 * weight, and into every domain's PSU sums the residuals of its
 * linearised variables (lib/rake.h), on every row of the sample, as
 * svyrecvar does for a raked design.
 */
static void rake_apply(void)
{
	struct rake *rk = &opt.rk;
	size_t nc, v = run.v, ni = opt.nitems, nd = run.ng, mg, cat;
	struct group **dom = xcalloc(run.ng + 2, sizeof(*dom));
	unsigned long long *npsu;
	double *U, *B, *u, *e, *ax;
	char *names = rake_names();

	if (rake_empty_category(rk, &mg, &cat))
		die(EXIT_USAGE,
		    "%s: category \"%s\" of %s has no respondent: rake to "
		    "categories of the sample",
		    rk->m[mg].col, rk->m[mg].cat[cat], rk->m[mg].path);
	nc = rk->ncell;
	for (size_t i = 0; i < run.nrrow; i++)
		rk->W[run.rrow[i].cell] +=
		    run.rrow[i].w * run.st[run.rrow[i].st].w;
	if (rake_fit(rk) != 0)
		die(EXIT_USAGE,
		    "--rake: raking to %s did not converge in %d sweeps (a "
		    "cell still moved by %.6g, epsilon %.6g): raise "
		    "--rake-maxit or --rake-epsilon",
		    names, rk->sweeps, rk->delta, rk->epsilon);
	for (size_t k = 1; k < rk->nm; k++) {
		double t0 = 0, tk = 0;

		for (size_t j = 0; j < rk->m[0].ncat; j++)
			t0 += rk->m[0].pop[j];
		for (size_t j = 0; j < rk->m[k].ncat; j++)
			tk += rk->m[k].pop[j];
		if (fabs(tk - t0) > 1e-9 * t0)
			warnx("--rake: the totals of %s (%.15g) and %s (%.15g) "
			      "differ: the raked weights sum to the last "
			      "margin's",
			      rk->m[0].col, t0, rk->m[k].col, tk);
	}
	if (!opt.cli.quiet)
		warnx("raked to %s in %d sweeps", names, rk->sweeps);
	free(names);
	for (size_t i = 0; i < run.ng; i++)
		dom[i] = run.g[i];
	if (run.all)
		dom[nd++] = run.all;
	U = xcalloc(2 * nd * nc * v + 1, sizeof(double));
	B = U + nd * nc * v;
	u = xcalloc(4 * v + 2 * ni + 1, sizeof(double));
	e = u + v;
	ax = e + v;
	/* the raked rows into cells, totals and PSU counts; sums of u */
	for (size_t i = 0; i < run.nrrow; i++) {
		const struct rrow *r = &run.rrow[i];
		double w0 = r->w * run.st[r->st].w, wr = w0 * rk->g[r->cell];
		struct group *in[2] = {r->g, run.all};

		memcpy(ax, run.rax + i * ni, ni * sizeof(double));
		cell_add_row(&r->g->cells[r->st], ax, wr);
		design_vec(ax, wr, run.t);
		design_vec(ax, 1, u);
		for (int d = 0; d < 2 && in[d]; d++) {
			double *ud =
			    U + ((d ? run.ng : r->g->id) * nc + r->cell) * v;

			svy_acc_add_total(&in[d]->acc[r->st], run.t);
			for (size_t j = 0; j < v; j++)
				ud[j] += u[j];
			if (opt.cluster)
				gpsu_vec(in[d], r->psu);
			else
				in[d]->npsu++;
		}
	}
	for (size_t d = 0; d < nd; d++)
		rake_resid(rk, U + d * nc * v, v, B + d * nc * v);
	/* the residuals reach PSUs without a respondent of the domain */
	npsu = xcalloc(nd, sizeof(*npsu));
	for (size_t d = 0; d < nd; d++)
		npsu[d] = dom[d]->npsu;
	for (size_t i = 0; i < run.nrrow; i++) {
		const struct rrow *r = &run.rrow[i];
		double w0 = r->w * run.st[r->st].w, gc = rk->g[r->cell];

		design_vec(run.rax + i * ni, 1, u);
		for (size_t d = 0; d < nd; d++) {
			const double *bd = B + (d * nc + r->cell) * v;
			int mine = dom[d] == r->g || dom[d] == run.all;

			for (size_t j = 0; j < v; j++)
				e[j] = w0 * ((mine ? gc * u[j] : 0) - bd[j]);
			if (opt.cluster) {
				double *p = gpsu_vec(dom[d], r->psu);

				for (size_t j = 0; j < v; j++)
					p[j] += e[j];
			} else
				svy_acc_add_resid(&dom[d]->acc[r->st], e);
		}
	}
	for (size_t d = 0; d < nd; d++)
		dom[d]->npsu = npsu[d];
	for (size_t h = 0; h < run.nst; h++)
		run.st[h].w = 1; /* in the raked weights */
	free(npsu);
	free(U);
	free(u);
	free(dom);
}

/*
 * After the input: the PSU sums into the strata sums, the stratum
 * counts, fpc and weights, and the checks R's svydesign makes.
 */
static void design_finish(void)
{
	int popsize = 0, fraction = 0;

	for (size_t i = 0; i < run.ng; i++)
		group_strata(run.g[i], run.nst);
	if (run.all)
		group_strata(run.all, run.nst);

	for (size_t h = 0; h < run.nst; h++) {
		if (isnan(run.st[h].fpc))
			continue;
		if (run.st[h].fpc > 1)
			popsize = 1;
		else
			fraction = 1;
	}
	if (popsize && fraction) {
		for (size_t h = 0; h < run.nst; h++)
			if (run.st[h].fpc < 1)
				die(EXIT_USAGE,
				    "%s: stratum \"%s\" has %.15g, a fraction, "
				    "others a population size (> 1): give one "
				    "kind",
				    opt.fpc, run.st[h].name, run.st[h].fpc);
	}
	for (size_t h = 0; h < run.nst; h++) {
		struct stratum *sp = &run.st[h];
		double n = sp->count, N;

		sp->w = 1;
		if (isnan(sp->fpc))
			continue;
		N = popsize ? sp->fpc : n / sp->fpc;
		if (N < n)
			die(EXIT_USAGE,
			    "%s: stratum \"%s\": a population of %.15g is "
			    "smaller than the sample of %.0f %s",
			    opt.fpc, sp->name, N, n,
			    opt.cluster ? "PSUs" : "respondents");
		if (!opt.weight)
			sp->w = N / n; /* R: weights 1 / (n_h / N_h) */
	}
	if (opt.rk.nm)
		rake_apply();
	for (size_t i = 0; i < run.gpsu.n; i++) {
		size_t key[2], slot;
		struct group *g;

		memcpy(key, run.gpsu.list[i]->key, sizeof(key));
		slot = run.gpsu.list[i]->idx;
		g = run.gvec_g[slot];
		group_strata(g, run.nst);
		(opt.rk.nm ? svy_acc_add_resid : svy_acc_add)(
		    &g->acc[run.psu_st[key[1]]], run.gvec + slot * run.v);
	}
	if (opt.lonely == SVY_FAIL) {
		struct svy_stratum *sv = design_strata();

		for (size_t h = 0; h < run.nst; h++) {
			const struct stratum *sp = &run.st[h];

			if (sv[h].n != 1 || sv[h].f < 1e-7)
				continue; /* R: a stratum taken whole is no PSU
					   */
			free(sv);
			die(EXIT_USAGE,
			    "%s: stratum \"%s\" has a single PSU: "
			    "choose --lonely-psu remove, certainty, "
			    "average or adjust",
			    opt.dstrat ? opt.dstrat : "--strata", sp->name);
		}
		free(sv);
	}
}

/*
 * --rake: the row's category of each margin; a category the margin
 * file lacks stops the run, an empty one rejects the row.
 */
static int rake_cats(const struct colmap *m, const struct csvrow *row,
		     const char *file, size_t *cats)
{
	char sb[48];

	for (size_t k = 0; k < opt.rk.nm; k++) {
		const struct rake_margin *mg = &opt.rk.m[k];
		size_t len;
		const char *f =
		    design_field(row, m->rake[k], mg->col, file, &len);
		long j;

		if (!f)
			return -1;
		j = rake_margin_find(mg, f, len);
		if (j < 0)
			die_at(
			    EXIT_USAGE, file, row->line,
			    "%s: category \"%s\" is not in the margin file %s",
			    mg->col, show(row, m->rake[k], sb), mg->path);
		cats[k] = (size_t)j;
	}
	return 0;
}

/* --rake: keep the row until the weights are raked (rake_apply). */
static void rake_keep(struct group *g, size_t st, const double *ax, double w,
		      size_t cell)
{
	struct rrow *r;
	size_t cap = run.raxcap;

	run.rrow =
	    xgrow(run.rrow, &run.rrowcap, run.nrrow + 1, sizeof(*run.rrow));
	run.rax = xgrow(run.rax, &cap, (run.nrrow + 1) * opt.nitems + 1,
			sizeof(double));
	run.raxcap = cap;
	r = &run.rrow[run.nrrow];
	r->g = g;
	r->st = st;
	r->psu = opt.cluster ? (size_t)run.t[run.v] : 0;
	r->cell = cell;
	r->w = w;
	memcpy(run.rax + run.nrrow * opt.nitems, ax,
	       opt.nitems * sizeof(double));
	run.nrrow++;
}

/* One data row: ends as used (acct_use) or rejected. */
static void do_row(const struct colmap *m, const struct csvrow *row,
		   const char *file, char **key, size_t *keycap, double *ax)
{
	double w = 1;
	int64_t t = 0;
	char why[128];
	size_t klen = 0, st = 0, rake_row = 0;
	struct group *g;
	char sb[48];

	if (row->nf != m->nf) {
		acct_reject(&run.acct, file, row->line, row,
			    "%zu fields, the header has %zu", row->nf, m->nf);
		return;
	}
	if (!where_row(&opt.where, &run.acct, file, row))
		return;
	if (m->weight >= 0) {
		const char *f = row->f[m->weight];
		size_t n = row->len[m->weight];

		while (n && *f == ' ') {
			f++;
			n--;
		}
		while (n && f[n - 1] == ' ')
			n--;
		if (num_parse_double(f, n, &w) != 0 || !(w > 0)) {
			acct_reject(&run.acct, file, row->line, row,
				    "%s: \"%s\" is not a positive weight",
				    opt.weight, show(row, m->weight, sb));
			return;
		}
	}
	if (m->date >= 0 &&
	    date_read(opt.datefmt, row->f[m->date], row->len[m->date], &t, NULL,
		      why, sizeof(why)) != 0) {
		acct_reject(&run.acct, file, row->line, row, "%s: %s", opt.date,
			    why);
		return;
	}
	if (opt.window) { /* outside the days of --date-window: skipped */
		int64_t day = date_local_day(t);

		if (day < opt.win_from || day >= opt.win_from + opt.win_days) {
			acct_skip(&run.acct);
			return;
		}
	}
	for (size_t i = 0; i < opt.nby + (opt.compare != NULL); i++) {
		long f = i < opt.nby ? m->by[i] : m->cmp;
		const char *name = i < opt.nby ? opt.by[i] : opt.compare;
		if (f < 0) {
			int64_t order;
			const char *pk;

			period_of(&opt.byp[i], t, &order, &pk);
			add_keypart(key, &klen, keycap, pk, strlen(pk));
			continue;
		}
		if (memchr(row->f[f], '\0', row->len[f]) ||
		    utf8_invalid(row->f[f], row->len[f]) != (size_t)-1) {
			acct_reject(&run.acct, file, row->line, row,
				    "%s: not valid UTF-8 text", name);
			return;
		}
		add_keypart(key, &klen, keycap, row->f[f], row->len[f]);
	}
	if (opt.rk.nm && rake_cats(m, row, file, run.rcats) != 0)
		return;
	if (opt.design) {
		if (design_stratum(m, row, file, &st) != 0)
			return;
	} else if (m->strat >= 0) {
		/* the whole value: a NUL byte matched by prefix before */
		const char *v = row->f[m->strat];
		size_t vn = row->len[m->strat];

		for (st = 0; st < run.nst; st++)
			if (strlen(run.st[st].name) == vn &&
			    memcmp(run.st[st].name, v, vn) == 0)
				break;
		/*
		 * A stratum the population does not give cannot be weighted:
		 * the row is rejected with the reason (counted, in --rejects;
		 * --strict or --max-reject-rate make it exit 4), the others
		 * are used. It stopped the whole run before.
		 */
		if (st == run.nst) {
			acct_reject(&run.acct, file, row->line, row,
				    memchr(v, '\0', vn)
					? "%s: stratum \"%s\" holds a NUL byte"
					: "%s: stratum \"%s\" is not in %s",
				    opt.strat, show(row, m->strat, sb),
				    opt.popfile);
			return;
		}
	}
	if (run.nkeys == 0)
		add_keypart(key, &klen, keycap, "", 0);
	if (opt.rk.nm)
		rake_row = rake_cell(&opt.rk, run.rcats);
	g = find_group(*key, klen);
	group_strata(g, run.nst);
	for (size_t i = 0; i < opt.nitems; i++) {
		struct item *it = &opt.items[i];
		long f = m->item[i];
		double x;

		ax[i] = NAN;
		switch (survey_answer_num(row->f[f], row->len[f], &x)) {
		case SURVEY_VALID:
			it->nonblank++;
			if (x < it->seen_lo)
				it->seen_lo = x;
			if (x > it->seen_hi)
				it->seen_hi = x;
			if (!it->scaled) {
				ax[i] = x;
				continue;
			}
			if (survey_on_scale(x, it->lo, it->hi)) {
				ax[i] = x;
				continue;
			}
			it->outscale++;
			run.notes++;
			acct_note(
			    &run.acct, file, row->line, row,
			    "%s: %s is not on the scale %d..%d, counted as missing",
			    it->col, show(row, f, sb), it->lo, it->hi);
			break;
		case SURVEY_NOTNUM:
			it->nonblank++;
			it->notnum++;
			run.notes++;
			acct_note(
			    &run.acct, file, row->line, row,
			    "%s: \"%s\" is not a number, counted as missing",
			    it->col, show(row, f, sb));
			break;
		default:
			break;
		}
		it->missing++;
	}
	if (opt.rk.nm)
		rake_keep(g, st, ax, w, rake_row);
	else {
		cell_add_row(&g->cells[st], ax, w);
		if (run.v) /* a design, or the index's interval */
			design_row(g, st, ax, w);
	}
	acct_use(&run.acct);
}

static int read_file(void *ctx, const char *path)
{
	struct csvin *in = csvin_open(path, opt.cli.delim);
	struct csvrow row;
	struct colmap m = {0};
	char *key = NULL;
	size_t keycap = 0;
	double *ax;
	int st, have_header = 0;

	if (!in)
		return EXIT_IO;
	/* one value per item, then room for the largest alpha block */
	ax = xcalloc(opt.nitems + opt.nitems + 1, sizeof(double));
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		if (st == CSVIN_BAD) {
			acct_reject(&run.acct, csvin_name(in), row.line, NULL,
				    "%s", csvin_error(in));
			continue;
		}
		if (!have_header) {
			map_header(&m, &row, csvin_name(in));
			have_header = 1;
			continue;
		}
		do_row(&m, &row, csvin_name(in), &key, &keycap, ax);
	}
	free(key);
	free(ax);
	free(m.item);
	free(m.by);
	free(m.rake);
	csvin_free(in);
	return 0;
}

/* Post-stratification weights (N_h / N) / (n_h / n) from the counts. */
static void stratum_weights(void)
{
	double N = 0, n = 0;

	if (!opt.strat) {
		run.st[0].w = 1;
		return;
	}
	for (size_t s = 0; s < run.nst; s++) {
		double nh = 0;

		for (size_t i = 0; i < run.ng; i++)
			nh += (double)run.g[i]->cells[s].n;
		run.st[s].w = nh; /* n_h for now */
		N += run.st[s].count;
		n += nh;
	}
	for (size_t s = 0; s < run.nst; s++) {
		double nh = run.st[s].w;

		if (nh == 0 && n > 0 && !opt.cli.quiet)
			warnx("%s: stratum \"%s\" has no respondents",
			      opt.popfile, run.st[s].name);
		run.st[s].w = nh > 0 ? (run.st[s].count / N) / (nh / n) : 0;
	}
}

/* Merge a group's strata into dst with the stratum weights. */
static void merge_group(struct survey_cell *dst, const struct group *g)
{
	for (size_t s = 0; s < g->ncells && s < run.nst; s++)
		survey_cell_merge(dst, &g->cells[s], run.st[s].w);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = *(struct group *const *)a;
	const struct group *y = *(struct group *const *)b;

	for (size_t p = 0; p < run.nkeys; p++) {
		int c = strcmp(x->parts[p], y->parts[p]);

		if (c)
			return c;
	}
	return 0;
}

/*
 * Output: one function writes both the header (e->header set: columns
 * are declared) and the rows (cells are written), so they cannot
 * disagree.
 */
struct emit {
	struct out *o;
	int header, weighted, prate, ppoint;
	double z;
	char *name; /* column name scratch (header only) */
	size_t namecap;
	/* under a design: the strata, the domain of the row, its df */
	struct svy_stratum *sv;
	const struct group *dg;
	double df;
	double *d; /* run.v gradient scratch */
};

/* Column name prefix + suffix ("csat" "_lo"); only built for the header. */
static const char *nm(struct emit *e, const char *pre, const char *suf)
{
	size_t a, b;

	if (!e->header)
		return "";
	a = strlen(pre);
	b = strlen(suf);
	e->name = xgrow(e->name, &e->namecap, a + b + 1, 1);
	memcpy(e->name, pre, a);
	memcpy(e->name + a, suf, b + 1);
	return e->name;
}

static void put_str(struct emit *e, const char *name, const char *v)
{
	if (e->header)
		out_col(e->o, name, OUT_STR);
	else
		out_cell(e->o, v ? v : "", (size_t)-1);
}

/* A --by column: a group key (the formats for people show "" as (none)). */
static void put_key(struct emit *e, const char *name, const char *v)
{
	if (e->header)
		out_col(e->o, name, OUT_KEY);
	else
		out_cell(e->o, v ? v : "", (size_t)-1);
}

static void put_num(struct emit *e, const char *name, double v, int prec)
{
	char buf[64];

	if (e->header)
		out_col(e->o, name, OUT_NUM);
	else
		out_cell(e->o, isfinite(v) ? fmt_fixed(buf, v, prec) : "",
			 (size_t)-1);
}

static void put_u64(struct emit *e, const char *name, unsigned long long v)
{
	char buf[64];

	if (e->header)
		out_col(e->o, name, OUT_NUM);
	else
		out_cell(e->o, fmt_i64(buf, (int64_t)v), (size_t)-1);
}

/* Interval of a weighted mean: mean +- t(n_eff - 1) sd / sqrt(n_eff). */
static void mean_ci(const struct emit *e, const struct survey_sum *s,
		    double *lo, double *hi)
{
	double t, half;

	*lo = *hi = NAN;
	if (!isfinite(s->sd) || s->n_eff <= 1)
		return;
	t = stats_t(opt.ci, s->n_eff - 1);
	half = t * s->sd / sqrt(s->n_eff);
	*lo = s->mean - half;
	*hi = s->mean + half;
}

struct nps_fig {
	struct survey_sum s;
	unsigned long long kp, kd;
	double p, d, nps, se;
};

static void nps_figures(const struct survey_cell *c, struct nps_fig *f)
{
	const struct survey_hist *h = &c->h[opt.nps];

	survey_summary(h, &f->s);
	f->p = survey_share(h, 9, 10, &f->kp);
	f->d = survey_share(h, 0, 6, &f->kd);
	f->nps = 100 * (f->p - f->d);
	f->se = f->s.n ? survey_nps_se(f->p, f->d, f->s.n_eff) : NAN;
}

/*
 * Design variance of a ratio sum(slot a) / sum(slot x) in the row's
 * domain (its gradient added to e->d times k; e->d is cleared by the
 * caller), or, with k = 0, of the gradient already in e->d.
 */
static void ratio_grad(struct emit *e, size_t a, size_t x, double k)
{
	size_t nst = e->dg->ncells < run.nst ? e->dg->ncells : run.nst;
	const struct svy_acc *const *acc =
	    (const struct svy_acc *const *)e->dg->accp;
	double X = svy_total(acc, e->sv, nst, x);
	double A = svy_total(acc, e->sv, nst, a);

	if (!(X > 0)) {
		e->d[x] = NAN;
		return;
	}
	e->d[a] += k / X;
	e->d[x] -= k * A / X / X;
}

static double grad_se(struct emit *e)
{
	size_t nst = e->dg->ncells < run.nst ? e->dg->ncells : run.nst;
	long lonely;
	double v = NAN;
	int ok = 1;

	for (size_t i = 0; i < run.v; i++)
		if (isnan(e->d[i]))
			ok = 0;
	if (ok && e->dg->accp)
		v = svy_var((const struct svy_acc *const *)e->dg->accp, e->sv,
			    nst, e->d, run.v, (enum svy_lonely)opt.lonely,
			    &lonely);
	memset(e->d, 0, run.v * sizeof(double));
	return sqrt(v);
}

/* se of sum(a) / sum(x), times scale. */
static double ratio_se(struct emit *e, size_t a, size_t x, double scale)
{
	if (e->header || !e->dg)
		return NAN;
	ratio_grad(e, a, x, 1);
	return scale * grad_se(e);
}

/*
 * R's design effect (svymean deff = TRUE): the design variance over
 * that of a simple random sample of n from a population of W = sum w
 * without replacement, s2 (W - n) / (W n), s2 = the weighted variance
 * of the variable (sum w (y - m)^2 / sum w) times n / (n - 1). Empty
 * when W <= n (R gives NA or Inf).
 */
static double deff(double se, double s2, double n, double W)
{
	double vsrs;

	if (!(n > 1) || !(W > n))
		return NAN;
	vsrs = s2 * n / (n - 1) * (W - n) / (W * n);
	return vsrs > 0 ? se * se / vsrs : NAN;
}

/* Columns of one design figure: se, deff, and the t interval. */
static void put_design(struct emit *e, const char *pre, double est, double se,
		       double s2, const struct survey_sum *s, int prec)
{
	double t = e->df > 0 && opt.ci ? stats_t(opt.ci, e->df) : NAN;

	put_num(e, nm(e, pre, "_se"), se, prec);
	if (s)
		put_num(e, nm(e, pre, "_deff"),
			deff(se, s2, (double)s->n, s->sw), e->prate);
	if (opt.ci) {
		put_num(e, nm(e, pre, "_lo"), est - t * se, prec);
		put_num(e, nm(e, pre, "_hi"), est + t * se, prec);
	}
}

/* Weighted variance of a histogram about m: sum w (v - m)^2 / sum w. */
static double hist_var(const struct survey_hist *h, double m)
{
	double sw = 0, ss = 0;

	for (int j = 0; j <= h->hi - h->lo; j++) {
		double dx = h->lo + j - m;

		sw += h->sw[j];
		ss += h->sw[j] * dx * dx;
	}
	return sw > 0 ? ss / sw : NAN;
}

static void emit_nps(struct emit *e, const struct survey_cell *c)
{
	struct nps_fig f;
	double lo, hi;

	nps_figures(c, &f);
	put_u64(e, "nps_n", f.s.n);
	if (e->weighted)
		put_num(e, "nps_n_eff", f.s.n ? f.s.n_eff : NAN, e->ppoint);
	put_u64(e, "promoters", f.kp);
	put_u64(e, "passives", f.s.n - f.kp - f.kd);
	put_u64(e, "detractors", f.kd);
	put_num(e, "promoter_share", f.p, e->prate);
	put_num(e, "detractor_share", f.d, e->prate);
	put_num(e, "nps", f.nps, e->ppoint);
	if (opt.design) {
		size_t i = 4 * (size_t)opt.nps;

		put_design(e, "nps", f.nps, ratio_se(e, i + 3, i, 100),
			   1e4 * (f.p + f.d - (f.p - f.d) * (f.p - f.d)), &f.s,
			   e->ppoint);
		return;
	}
	put_num(e, "nps_se", f.se, e->ppoint);
	if (!opt.ci)
		return;
	put_num(e, "nps_lo", f.nps - e->z * f.se, e->ppoint);
	put_num(e, "nps_hi", f.nps + e->z * f.se, e->ppoint);
	lo = hi = NAN;
	if (f.s.n)
		survey_nps_score_ci(f.p, f.d, f.s.n_eff, e->z, &lo, &hi);
	put_num(e, "nps_score_lo", 100 * lo, e->ppoint);
	put_num(e, "nps_score_hi", 100 * hi, e->ppoint);
}

static void emit_csat(struct emit *e, const struct survey_cell *c,
		      const struct scored *sc)
{
	const struct survey_hist *h = &c->h[sc->item];
	const char *p = sc->prefix;
	struct survey_sum s;
	unsigned long long k;
	double share, lo = NAN, hi = NAN;

	survey_summary(h, &s);
	share = survey_share(h, h->hi - opt.top_box + 1, h->hi, &k);
	put_u64(e, nm(e, p, "_n"), s.n);
	if (e->weighted)
		put_num(e, nm(e, p, "_n_eff"), s.n ? s.n_eff : NAN, e->ppoint);
	put_u64(e, nm(e, p, "_top"), k);
	put_num(e, nm(e, p, ""), share, e->prate);
	if (opt.design) {
		size_t i = 4 * sc->item;
		char *mp = xasprintf("%s_mean", p);

		put_design(e, p, share, ratio_se(e, i + 2, i, 1),
			   share * (1 - share), &s, e->prate);
		put_num(e, nm(e, p, "_mean"), s.mean, e->prate);
		put_num(e, nm(e, p, "_sd"), s.sd, e->prate);
		put_design(e, mp, s.mean, ratio_se(e, i + 1, i, 1),
			   hist_var(h, s.mean), &s, e->prate);
		free(mp);
		return;
	}
	if (opt.ci) {
		if (s.n)
			stats_wilson(share * s.n_eff, s.n_eff, e->z, &lo, &hi);
		put_num(e, nm(e, p, "_lo"), lo, e->prate);
		put_num(e, nm(e, p, "_hi"), hi, e->prate);
	}
	put_num(e, nm(e, p, "_mean"), s.mean, e->prate);
	put_num(e, nm(e, p, "_sd"), s.sd, e->prate);
	if (opt.ci) {
		mean_ci(e, &s, &lo, &hi);
		put_num(e, nm(e, p, "_mean_lo"), lo, e->prate);
		put_num(e, nm(e, p, "_mean_hi"), hi, e->prate);
	}
}

static void emit_ces(struct emit *e, const struct survey_cell *c,
		     const struct scored *sc)
{
	const char *p = sc->prefix;
	struct survey_sum s;
	double lo, hi;

	survey_summary(&c->h[sc->item], &s);
	put_u64(e, nm(e, p, "_n"), s.n);
	if (e->weighted)
		put_num(e, nm(e, p, "_n_eff"), s.n ? s.n_eff : NAN, e->ppoint);
	put_num(e, nm(e, p, ""), s.mean, e->prate);
	put_num(e, nm(e, p, "_sd"), s.sd, e->prate);
	if (opt.design) {
		size_t i = 4 * sc->item;

		put_design(e, p, s.mean, ratio_se(e, i + 1, i, 1),
			   hist_var(&c->h[sc->item], s.mean), &s, e->prate);
		return;
	}
	if (opt.ci) {
		mean_ci(e, &s, &lo, &hi);
		put_num(e, nm(e, p, "_lo"), lo, e->prate);
		put_num(e, nm(e, p, "_hi"), hi, e->prate);
	}
}

/* SPEC 4: sum w_i (mean_i - min_i) / (max_i - min_i) 100, sum w_i = 1. */
static void emit_index(struct emit *e, const struct survey_cell *c,
		       const struct block *b)
{
	double wsum = 0, idx = 0;

	for (size_t j = 0; j < b->n; j++)
		wsum += b->w[j];
	for (size_t j = 0; j < b->n; j++) {
		const struct item *it = &opt.items[b->item[j]];
		struct survey_sum s;

		survey_summary(&c->h[b->item[j]], &s);
		put_num(e, b->mean_name[j], s.mean, e->prate);
		idx += b->w[j] / wsum * (s.mean - it->lo) / (it->hi - it->lo) *
		       100;
		if (run.v && !e->header && e->dg)
			ratio_grad(e, 4 * b->item[j] + 1, 4 * b->item[j],
				   100 * b->w[j] / wsum / (it->hi - it->lo));
	}
	put_num(e, b->prefix, idx, e->ppoint);
	if (!opt.design && run.v)
		e->df = (double)c->n - 1; /* each respondent a PSU */
	if (run.v)
		put_design(e, b->prefix, idx,
			   e->header || !e->dg ? NAN : grad_se(e), 0, NULL,
			   e->ppoint);
}

static void emit_alpha(struct emit *e, const struct survey_cell *c, size_t bi)
{
	const struct survey_alpha *a = &c->alpha[bi];
	const char *p = opt.alpha[bi].prefix;
	double raw, std;

	survey_alpha(a, &raw, &std);
	put_u64(e, nm(e, p, "_n"), a->n);
	put_u64(e, nm(e, p, "_excluded"), a->excluded);
	put_num(e, nm(e, p, "_raw"), raw, e->prate);
	put_num(e, nm(e, p, "_std"), std, e->prate);
}

/* A score row: keys (NULL in the header), then every asked score. */
static void emit_row(struct emit *e, char *const *keys,
		     const struct survey_cell *c)
{
	for (size_t i = 0; i < opt.nby; i++)
		put_key(e, opt.by[i], keys ? keys[i] : NULL);
	put_u64(e, "n", c->n);
	if (e->weighted)
		put_num(e, "n_eff", c->sw2 > 0 ? c->sw * c->sw / c->sw2 : NAN,
			e->ppoint);
	if (opt.design) {
		unsigned long long nst = 0;

		for (size_t h = 0; !e->header && e->dg && h < e->dg->ncells;
		     h++)
			nst += e->dg == run.all ? 1 : e->dg->cells[h].n > 0;
		if (e->dg == run.all && e->dg)
			nst = run.nst;
		e->df = e->dg ? (double)e->dg->npsu - (double)nst : NAN;
		put_u64(e, "psu", e->dg ? e->dg->npsu : 0);
		put_u64(e, "strata", nst);
		put_num(e, "df", e->df, 0);
	}
	if (opt.nps >= 0)
		emit_nps(e, c);
	for (size_t j = 0; j < opt.ncsat; j++)
		emit_csat(e, c, &opt.csat[j]);
	for (size_t j = 0; j < opt.nces; j++)
		emit_ces(e, c, &opt.ces[j]);
	for (size_t j = 0; j < opt.nidx; j++)
		emit_index(e, c, &opt.idx[j]);
	for (size_t j = 0; j < opt.nalpha; j++)
		emit_alpha(e, c, j);
	for (size_t i = 0; i < opt.nitems; i++)
		put_u64(e, opt.items[i].missing_name, c->h[i].missing);
	if (!e->header)
		out_end_row(e->o);
}

/* The gradient of sum(slot a) / sum(slot x) in g's domain into d. */
static void group_grad(const struct group *g, const struct svy_stratum *sv,
		       size_t a, size_t x, double *d)
{
	const struct svy_acc *const *acc =
	    (const struct svy_acc *const *)g->accp;
	double X = svy_total(acc, sv, run.nst, x);
	double A = svy_total(acc, sv, run.nst, a);

	memset(d, 0, run.v * sizeof(double));
	d[a] = 1 / X;
	d[x] = -A / X / X;
}

/*
 * Design se of (ratio in gb) - (ratio in ga), slots a / x, times scale:
 * the linearised variable is zb - za, whose PSU totals cross where a PSU
 * has respondents of both domains (with --cluster).
 */
static double design_diff_se(const struct group *ga, const struct group *gb,
			     const struct svy_stratum *sv, size_t a, size_t x,
			     double scale)
{
	double *da = xcalloc(2 * run.v + 4 * run.nst + 1, sizeof(double));
	double *db = da + run.v, *ss = db + run.v, *sm = ss + run.nst;
	double *cr = sm + run.nst, *tmp = cr + run.nst, var;
	long lonely;

	group_grad(ga, sv, a, x, da);
	group_grad(gb, sv, a, x, db);
	for (size_t h = 0; h < run.nst; h++) {
		double qa, sa, qb, sb;

		svy_acc_sums(ga->accp[h], da, &qa, &sa);
		svy_acc_sums(gb->accp[h], db, &qb, &sb);
		ss[h] = qa + qb;
		sm[h] = sb - sa;
	}
	/* PSUs shared by both domains: sum_p za_p zb_p */
	for (size_t i = 0; opt.cluster && i < run.gpsu.n; i++) {
		size_t key[2], slot = run.gpsu.list[i]->idx, other;
		const double *vb, *va;
		double za = 0, zb = 0;

		if (run.gvec_g[slot] != gb)
			continue;
		memcpy(key, run.gpsu.list[i]->key, sizeof(key));
		key[0] = ga->id;
		other = smap_find(&run.gpsu, (const char *)key, sizeof(key));
		if (other == (size_t)-1)
			continue;
		vb = run.gvec + slot * run.v;
		va = run.gvec + other * run.v;
		for (size_t j = 0; j < run.v; j++) {
			za += da[j] * va[j];
			zb += db[j] * vb[j];
		}
		cr[run.psu_st[key[1]]] += za * zb;
	}
	for (size_t h = 0; h < run.nst; h++)
		ss[h] -= 2 * cr[h];
	(void)tmp;
	var = svy_var_sums(ss, sm, sv, run.nst, (enum svy_lonely)opt.lonely,
			   &lonely);
	free(da);
	return scale * sqrt(var);
}

/* One figure of a comparison: b - a with independent-samples se. */
struct cmpfig {
	double a, b, diff, se, z, p, holm;
};

/* The figures compared, in column order (NPS first, then each item). */
static size_t cmp_figures(const struct survey_cell *ca,
			  const struct survey_cell *cb, struct cmpfig *f,
			  const struct emit *e, const struct group *ga,
			  const struct group *gb)
{
	const struct survey_cell *c[2] = {ca, cb};
	size_t k = 0, (*slot)[2] =
			  xcalloc(2 + 2 * opt.ncsat + opt.nces, sizeof(*slot));
	int dsn = opt.design && e && e->sv && ga && gb;

	if (opt.nps >= 0) {
		struct nps_fig nf[2];

		for (int s = 0; s < 2; s++)
			nps_figures(c[s], &nf[s]);
		f[k].a = nf[0].nps;
		f[k].b = nf[1].nps;
		slot[k][0] = 4 * (size_t)opt.nps + 3;
		slot[k][1] = 4 * (size_t)opt.nps;
		f[k++].se = sqrt(nf[0].se * nf[0].se + nf[1].se * nf[1].se);
	}
	for (size_t j = 0; j < opt.ncsat + opt.nces; j++) {
		int csat = j < opt.ncsat;
		size_t it =
		    csat ? opt.csat[j].item : opt.ces[j - opt.ncsat].item;
		double v[2][2], se2[2] = {0, 0}, sm2[2] = {0, 0};

		for (int s = 0; s < 2; s++) {
			const struct survey_hist *h = &c[s]->h[it];
			struct survey_sum ss;
			double p;

			survey_summary(h, &ss);
			p = survey_share(h, h->hi - opt.top_box + 1, h->hi,
					 NULL);
			v[s][0] = p;
			v[s][1] = ss.mean;
			se2[s] = p * (1 - p) / ss.n_eff;
			sm2[s] = ss.sd * ss.sd / ss.n_eff;
		}
		if (csat) {
			f[k].a = v[0][0];
			f[k].b = v[1][0];
			slot[k][0] = 4 * it + 2;
			slot[k][1] = 4 * it;
			f[k++].se = sqrt(se2[0] + se2[1]);
		}
		f[k].a = v[0][1];
		f[k].b = v[1][1];
		slot[k][0] = 4 * it + 1;
		slot[k][1] = 4 * it;
		f[k++].se = sqrt(sm2[0] + sm2[1]);
	}
	for (size_t i = 0; i < k; i++) {
		f[i].diff = f[i].b - f[i].a;
		if (dsn)
			f[i].se = design_diff_se(
			    ga, gb, e->sv, slot[i][0], slot[i][1],
			    i == 0 && opt.nps >= 0 ? 100 : 1);
		f[i].z = f[i].se > 0 ? f[i].diff / f[i].se : NAN;
		f[i].p = !isfinite(f[i].z) ? NAN
			 : dsn		   ? stats_p_t(f[i].z, e->df)
					   : stats_p_normal(f[i].z);
		f[i].holm = NAN;
	}
	free(slot);
	return k;
}

/*
 * Holm's step-down adjustment of the m p-values p[0], p[stride], ...
 * into holm[...], as R's p.adjust(p, "holm") (a NaN counts in m and
 * stays NaN).
 */
static void holm(struct cmpfig *f, size_t m, size_t stride)
{
	size_t *o = xcalloc(m + 1, sizeof(size_t)), n = 0;
	double run_max = 0;

	for (size_t i = 0; i < m; i++)
		if (!isnan(f[i * stride].p))
			o[n++] = i;
	for (size_t i = 1; i < n; i++) /* insertion sort by p, stable */
		for (size_t j = i;
		     j > 0 && f[o[j] * stride].p < f[o[j - 1] * stride].p;
		     j--) {
			size_t t = o[j];

			o[j] = o[j - 1];
			o[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		double q = (double)(m - i) * f[o[i] * stride].p;

		if (q > run_max)
			run_max = q;
		f[o[i] * stride].holm = run_max < 1 ? run_max : 1;
	}
	free(o);
}

/* Column names of the figures of cmp_figures, in the same order. */
static const char *cmp_name(size_t k, char *buf, size_t n)
{
	if (opt.nps >= 0 && k-- == 0)
		return "nps";
	for (size_t j = 0; j < opt.ncsat; j++) {
		if (k == 0)
			return opt.csat[j].prefix;
		if (k == 1) {
			snprintf(buf, n, "%s_mean", opt.csat[j].prefix);
			return buf;
		}
		k -= 2;
	}
	return opt.ces[k].prefix;
}

/*
 * --compare: each value of COL against the reference, per --by group:
 * the NPS columns of SPEC 4 (nps_diff = nps_b - nps_a, se sqrt(se_a^2 +
 * se_b^2), z, p), then the same for each CSAT share and mean and CES
 * mean; with more than one value compared, Holm-adjusted p as well.
 */
static void emit_compare(struct emit *e, char *const *keys, const char *va,
			 const char *vb, const struct survey_cell *a,
			 const struct survey_cell *b, const struct cmpfig *f,
			 size_t nf, int with_holm, const struct group *ga,
			 const struct group *gb)
{
	struct nps_fig fa, fb;
	size_t k = 0;
	char nb[256];
	double q = e->z;

	nps_figures(a, &fa);
	nps_figures(b, &fb);
	if (opt.design) {
		size_t i = 4 * (size_t)opt.nps;

		q = opt.ci && e->df > 0 ? stats_t(opt.ci, e->df) : NAN;
		fa.se = fb.se = NAN;
		if (opt.nps >= 0 && ga && gb && !e->header) {
			e->dg = ga;
			fa.se = ratio_se(e, i + 3, i, 100);
			e->dg = gb;
			fb.se = ratio_se(e, i + 3, i, 100);
		}
	}
	for (size_t i = 0; i < opt.nby; i++)
		put_key(e, opt.by[i], keys ? keys[i] : NULL);
	put_str(e, "group_a", va);
	if (opt.nps >= 0) {
		put_u64(e, "n_a", fa.s.n);
		if (e->weighted)
			put_num(e, "n_eff_a", fa.s.n ? fa.s.n_eff : NAN,
				e->ppoint);
		put_num(e, "nps_a", fa.nps, e->ppoint);
		put_num(e, "nps_se_a", fa.se, e->ppoint);
		put_str(e, "group_b", vb);
		put_u64(e, "n_b", fb.s.n);
		if (e->weighted)
			put_num(e, "n_eff_b", fb.s.n ? fb.s.n_eff : NAN,
				e->ppoint);
		put_num(e, "nps_b", fb.nps, e->ppoint);
		put_num(e, "nps_se_b", fb.se, e->ppoint);
		put_num(e, "nps_diff", f[0].diff, e->ppoint);
		put_num(e, "nps_diff_se", f[0].se, e->ppoint);
		if (opt.ci) {
			put_num(e, "nps_diff_lo", f[0].diff - q * f[0].se,
				e->ppoint);
			put_num(e, "nps_diff_hi", f[0].diff + q * f[0].se,
				e->ppoint);
		}
		put_num(e, "z", f[0].z, e->prate);
		put_num(e, "p", f[0].p, e->prate);
		if (with_holm)
			put_num(e, "p_holm", f[0].holm, e->prate);
		k = 1;
	} else {
		put_u64(e, "n_a", a->n);
		put_str(e, "group_b", vb);
		put_u64(e, "n_b", b->n);
	}
	for (; k < nf; k++) {
		const char *p = cmp_name(k, nb, sizeof(nb));

		put_num(e, nm(e, p, "_a"), f[k].a, e->prate);
		put_num(e, nm(e, p, "_b"), f[k].b, e->prate);
		put_num(e, nm(e, p, "_diff"), f[k].diff, e->prate);
		put_num(e, nm(e, p, "_diff_se"), f[k].se, e->prate);
		if (opt.ci) {
			put_num(e, nm(e, p, "_diff_lo"),
				f[k].diff - q * f[k].se, e->prate);
			put_num(e, nm(e, p, "_diff_hi"),
				f[k].diff + q * f[k].se, e->prate);
		}
		put_num(e, nm(e, p, "_p"), f[k].p, e->prate);
		if (with_holm)
			put_num(e, nm(e, p, "_p_holm"), f[k].holm, e->prate);
	}
	if (!e->header)
		out_end_row(e->o);
}

static void cell_new(struct survey_cell *c)
{
	cells_init(c);
}

static void emit_scores(struct emit *e)
{
	struct survey_cell c, tot;
	char **tkeys = xcalloc(opt.nby + 1, sizeof(char *));

	cell_new(&tot);
	for (size_t i = 0; i < run.ng; i++) {
		cell_new(&c);
		merge_group(&c, run.g[i]);
		e->dg = run.g[i];
		emit_row(e, run.g[i]->parts, &c);
		survey_cell_merge(&tot, &c, 1);
		survey_cell_release(&c);
	}
	if (opt.total && opt.nby) {
		for (size_t i = 0; i < opt.nby; i++)
			tkeys[i] = "";
		out_total_row(e->o);
		e->dg = run.all;
		emit_row(e, tkeys, &tot);
	}
	survey_cell_release(&tot);
	free(tkeys);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The values of the --compare column, sorted, the reference first. */
static char **compare_values(size_t *nv)
{
	char **v = xcalloc(run.ng + 1, sizeof(char *));
	size_t n = 0, r;

	for (size_t j = 0; j < run.ng; j++)
		v[n++] = run.g[j]->parts[opt.nby];
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0, k = 0; i < n; i++)
		if (!k || strcmp(v[i], v[k - 1]) != 0)
			v[k++] = v[i], *nv = k;
	if (!n)
		*nv = 0;
	n = *nv;
	if (!opt.reference) {
		const char *v0 = n ? v[0] : "", *v1 = n > 1 ? v[1] : "",
			   *v2 = n > 2 ? v[2] : "";

		if (n != 2)
			free(v); /* the strings are the groups' */
		if (n > 2)
			die(EXIT_USAGE,
			    "--compare %s: more than 2 values (\"%s\", \"%s\", "
			    "\"%s\"): name the reference with --reference",
			    opt.compare, v0, v1, v2);
		if (n == 1)
			die(EXIT_USAGE,
			    "--compare %s: only one value (\"%s\"), need 2",
			    opt.compare, v0);
		if (n != 2)
			v = xcalloc(1, sizeof(char *));
		return v;
	}
	for (r = 0; r < n; r++)
		if (strcmp(v[r], opt.reference) == 0)
			break;
	if ((n && r == n) || n == 1)
		free(v);
	if (n && r == n)
		die(EXIT_USAGE, "--reference %s: no row has it in %s",
		    opt.reference, opt.compare);
	if (n == 1)
		die(EXIT_USAGE,
		    "--compare %s: only the reference value (\"%s\"), need "
		    "another",
		    opt.compare, opt.reference);
	for (; r > 0; r--) { /* the reference first, the rest in order */
		char *t = v[r];

		v[r] = v[r - 1];
		v[r - 1] = t;
	}
	return v;
}

static size_t compare_nvalues(void)
{
	size_t nv = 0;

	free(compare_values(&nv));
	return nv;
}

/* One --by block (or the total): rows for each value against v[0]. */
static void compare_block(struct emit *e, char *const *keys, char **v,
			  size_t nv, struct survey_cell *cells,
			  struct group **gs, int total)
{
	size_t m = nv - 1, nf = 1 + 2 * opt.ncsat + opt.nces;
	struct cmpfig *f = xcalloc(m * nf + 1, sizeof(*f));
	size_t k = 0;

	for (size_t i = 0; i < m; i++)
		k = cmp_figures(&cells[0], &cells[i + 1], f + i * nf, e, gs[0],
				gs[i + 1]);
	if (m > 1)
		for (size_t j = 0; j < k; j++)
			holm(f + j, m, nf);
	for (size_t i = 0; i < m; i++) {
		if (total)
			out_total_row(e->o);
		emit_compare(e, keys, v[0], v[i + 1], &cells[0], &cells[i + 1],
			     f + i * nf, k, m > 1, gs[0], gs[i + 1]);
	}
	free(f);
}

static void emit_comparisons(struct emit *e)
{
	size_t nv = 0, i = 0;
	char **v = compare_values(&nv);
	struct survey_cell *cells = xcalloc(nv + 1, sizeof(*cells));
	struct survey_cell *tot = xcalloc(nv + 1, sizeof(*tot));
	struct group **gs = xcalloc(nv + 1, sizeof(*gs));
	char **tkeys = xcalloc(opt.nby + 1, sizeof(char *));

	if (opt.design) { /* the whole sample's df for t intervals and p */
		double n = 0;

		for (size_t h = 0; h < run.nst; h++)
			n += run.st[h].count;
		e->df = n - (double)run.nst;
	}
	for (size_t j = 0; j < nv; j++)
		cell_new(&tot[j]);
	while (i < run.ng && nv > 1) {
		size_t j = i;

		for (size_t k = 0; k < nv; k++) {
			cell_new(&cells[k]);
			gs[k] = NULL;
		}
		for (; j < run.ng; j++) {
			struct group *g = run.g[j];
			size_t p, k;

			for (p = 0; p < opt.nby; p++)
				if (strcmp(g->parts[p], run.g[i]->parts[p]))
					break;
			if (p < opt.nby)
				break;
			for (k = 0; k < nv; k++)
				if (strcmp(g->parts[opt.nby], v[k]) == 0)
					break;
			merge_group(&cells[k], g);
			gs[k] = g;
		}
		compare_block(e, run.g[i]->parts, v, nv, cells, gs, 0);
		for (size_t k = 0; k < nv; k++) {
			survey_cell_merge(&tot[k], &cells[k], 1);
			survey_cell_release(&cells[k]);
		}
		i = j;
	}
	if (opt.total && opt.nby && nv > 1) {
		for (size_t k = 0; k < opt.nby; k++)
			tkeys[k] = "";
		memset(gs, 0, (nv + 1) * sizeof(*gs));
		compare_block(e, tkeys, v, nv, tot, gs, 1);
	}
	for (size_t j = 0; j < nv; j++)
		survey_cell_release(&tot[j]);
	free(tot);
	free(gs);
	free(cells);
	free(tkeys);
	free(v);
}

/*
 * No silent loss: an item whose answers are mostly off its scale has the
 * wrong scale, not bad answers. Say so for every such item, naming the
 * range seen and the option that fixes it, and exit 2 with no figure.
 */
static void check_scales(void)
{
	int bad = 0;

	for (size_t i = 0; i < opt.nitems; i++) {
		const struct item *it = &opt.items[i];
		char fix[160];
		double lo, hi;

		if (!it->scaled || it->outscale * 2 <= it->nonblank)
			continue;
		bad = 1;
		lo = floor(it->seen_lo) < it->lo ? floor(it->seen_lo) : it->lo;
		hi = ceil(it->seen_hi) > it->hi ? ceil(it->seen_hi) : it->hi;
		if ((long)i == opt.nps)
			snprintf(fix, sizeof(fix),
				 "the NPS item must be on 0..10");
		else if (it->explicit_scale || lo < -1e6 || hi > 1e6 ||
			 hi - lo >= SURVEY_MAX_POINTS)
			snprintf(fix, sizeof(fix),
				 "give its scale as %s %s:LO..HI", it->role,
				 it->col);
		else
			snprintf(
			    fix, sizeof(fix),
			    "give its scale as %s %s:%.0f..%.0f%s%.0f..%.0f",
			    it->role, it->col, lo, hi,
			    opt.scale_given ? "" : " or --scale ", lo, hi);
		if (opt.scale_given && !it->explicit_scale &&
		    (long)i != opt.nps)
			snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
				 " (--scale says %d..%d)", it->lo, it->hi);
		warnx(
		    "%s: %llu of %llu answers are off the scale %d..%d (seen %.15g..%.15g): %s",
		    it->col, it->outscale, it->nonblank, it->lo, it->hi,
		    it->seen_lo, it->seen_hi, fix);
	}
	if (bad)
		die(EXIT_USAGE, "no figures: the scale of an item is wrong");
}

/* Missing answers per item and alpha's listwise count, on stderr. */
static void print_missing(void)
{
	unsigned long long excl = 0;

	if (opt.cli.quiet)
		return;
	fprintf(stderr, "%s: missing answers:", diag_tool());
	for (size_t i = 0; i < opt.nitems; i++) {
		const struct item *it = &opt.items[i];

		fprintf(stderr, "%s %s %llu", i ? "," : "", it->col,
			it->missing);
		if (it->notnum || it->outscale)
			fprintf(stderr,
				" (%llu not a number, %llu off the scale)",
				it->notnum, it->outscale);
	}
	fputc('\n', stderr);
	for (size_t b = 0; b < opt.nalpha; b++) {
		excl = 0;
		for (size_t i = 0; i < run.ng; i++)
			for (size_t s = 0; s < run.g[i]->ncells; s++)
				excl += run.g[i]->cells[s].alpha[b].excluded;
		fprintf(
		    stderr,
		    "%s: alpha%s%s: %llu respondents left out for a missing item (listwise)\n",
		    diag_tool(), opt.alpha[b].name ? " " : "",
		    opt.alpha[b].name ? opt.alpha[b].name : "", excl);
	}
}

static void comments(struct out *o)
{
	if (opt.compare)
		out_comment(
		    o,
		    "nps_diff = nps_b - nps_a, nps_diff_se = sqrt(nps_se_a^2 + nps_se_b^2), p two-sided normal");
	else if (opt.nps >= 0 && opt.ci)
		out_comment(
		    o,
		    "nps_lo/nps_hi: Wald interval nps +- z se (telaudit(7)); nps_score_lo/nps_score_hi: Tango score interval");
	if (opt.nalpha)
		out_comment(
		    o,
		    "alpha_raw: Cronbach's alpha of the raw items (telaudit(7)); alpha_std: standardised alpha (mean inter-item correlation)");
	if (opt.weight || opt.strat)
		out_comment(o, "weighted by %s %s; n_eff = (sum w)^2 / sum w^2",
			    opt.weight ? "column" : "post-stratification on",
			    opt.weight ? opt.weight : opt.strat);
	if (opt.rk.nm) {
		char *names = rake_names();

		out_comment(
		    o,
		    "raked to the margins of %s in %d sweeps (R rake(), epsilon %.6g, maxit %d)",
		    names, opt.rk.sweeps, opt.rk.epsilon, opt.rk.maxit);
		free(names);
	}
}

static void free_blocks(struct block *v, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		for (size_t k = 0; v[j].mean_name && k < v[j].n; k++)
			free(v[j].mean_name[k]);
		free(v[j].mean_name);
		free(v[j].name);
		free(v[j].prefix);
		free(v[j].item);
		free(v[j].w);
	}
	free(v);
}

static void release_all(void)
{
	cli_release(&opt.cli);
	for (size_t i = 0; i < run.ng; i++)
		group_free(run.g[i]);
	if (run.all && (!run.ng || run.all != run.g[0]))
		group_free(run.all);
	group_table_release(&run.psus, NULL);
	group_table_release(&run.gpsu, NULL);
	free(run.psu_st);
	free(run.gvec);
	free(run.gvec_g);
	free(run.t);
	free(run.rrow);
	free(run.rax);
	free(run.rcats);
	rake_free(&opt.rk);
	free(run.g);
	group_table_release(&run.tab, NULL);
	for (size_t s = 0; s < run.nst; s++)
		free(run.st[s].name);
	free(run.st);
	free(run.lo);
	free(run.hi);
	for (size_t i = 0; i < opt.nitems; i++) {
		free(opt.items[i].col);
		free(opt.items[i].missing_name);
	}
	free(opt.items);
	free_blocks(opt.idx, opt.nidx);
	free_blocks(opt.alpha, opt.nalpha);
	free(opt.kalpha);
	for (size_t j = 0; j < opt.ncsat; j++)
		free(opt.csat[j].prefix);
	for (size_t j = 0; j < opt.nces; j++)
		free(opt.ces[j].prefix);
	free(opt.csat);
	free(opt.ces);
	for (size_t i = 0; i < opt.nby; i++)
		free(opt.by[i]);
	free(opt.by);
	free(opt.byp);
	free(opt.isp);
	where_release(&opt.where);
}

/*
 * Every option that takes a value takes one, except the block options
 * --alpha, --index and --rake, which may be repeated, and
 * --by and --where, whose lists are appended as in every tool: a
 * second one is a usage error with the same message for all.
 */
static void once(const struct option *lo, int c)
{
	static int seen[64];
	static size_t nseen;

	/* repeatable, or appended as in every tool (lib/period, where) */
	if (c == O_ALPHA || c == O_INDEX || c == O_BY || c == O_WHERE ||
	    c == O_RAKE)
		return;
	for (; lo->name; lo++)
		if (lo->val == c)
			break;
	if (!lo->name || lo->has_arg != required_argument)
		return;
	for (size_t i = 0; i < nseen; i++)
		if (seen[i] == c)
			cli_usage_error("--%s: given twice", lo->name);
	if (nseen < sizeof(seen) / sizeof(seen[0]))
		seen[nseen++] = c;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_LONGOPTS,
	    {"nps", required_argument, 0, O_NPS},
	    {"csat", required_argument, 0, O_CSAT},
	    {"ces", required_argument, 0, O_CES},
	    {"scale", required_argument, 0, O_SCALE},
	    {"top-box", required_argument, 0, O_TOPBOX},
	    {"index", required_argument, 0, O_INDEX},
	    {"alpha", required_argument, 0, O_ALPHA},
	    {"by", required_argument, 0, O_BY},
	    {"date", required_argument, 0, O_DATE},
	    {"date-format", required_argument, 0, O_DATEFMT},
	    {"report-tz", required_argument, 0, O_TZ},
	    {"where", required_argument, 0, O_WHERE},
	    {"total", no_argument, 0, O_TOTAL},
	    {"ci", required_argument, 0, O_CI},
	    {"compare", required_argument, 0, O_COMPARE},
	    {"date-window", required_argument, 0, O_WINDOW},
	    {"weight", required_argument, 0, O_WEIGHT},
	    {"post-stratify", required_argument, 0, O_STRAT},
	    {"population", required_argument, 0, O_POP},
	    {"strata", required_argument, 0, O_DSTRAT},
	    {"cluster", required_argument, 0, O_CLUSTER},
	    {"fpc", required_argument, 0, O_FPC},
	    {"lonely-psu", required_argument, 0, O_LONELY},
	    {"reference", required_argument, 0, O_REFERENCE},
	    {"rake", required_argument, 0, O_RAKE},
	    {"rake-epsilon", required_argument, 0, O_RAKE_EPS},
	    {"rake-maxit", required_argument, 0, O_RAKE_MAXIT},
	    {0, 0, 0, 0}};
	struct emit e = {0};
	FILE *fp;
	int c, io, status = EXIT_DONE;

	diag_init(argv[0]);
	gsl_set_error_handler_off(); /* a bad quantile is NaN, not abort() */
	cli_init(&opt.cli, usage);
	rake_init(&opt.rk);
	while ((c = getopt_long(argc, argv, CLI_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		once(longopts, c);
		switch (c) {
		case O_NPS:
			opt.nps = (long)add_item(optarg, 0, 10, 1, "--nps");
			break;
		case O_CSAT:
			add_scored(&opt.csat, &opt.ncsat, "--csat", "csat",
				   optarg);
			break;
		case O_CES:
			add_scored(&opt.ces, &opt.nces, "--ces", "ces", optarg);
			break;
		case O_SCALE:
			if (survey_parse_scale(optarg, &opt.def_lo,
					       &opt.def_hi))
				cli_usage_error(
				    "--scale: \"%s\" is not LO..HI or K",
				    optarg);
			opt.scale_given = 1;
			break;
		case O_TOPBOX:
			opt.top_box = cli_int("--top-box", optarg, 1, 1000);
			break;
		case O_INDEX:
			add_index(optarg);
			break;
		case O_ALPHA:
			add_alpha(optarg);
			break;
		case O_BY:
			add_by(optarg);
			break;
		case O_DATE:
			opt.date = optarg;
			break;
		case O_DATEFMT:
			opt.datefmt = date_opt_format(optarg);
			break;
		case O_TZ:
			date_opt_report_tz(optarg);
			break;
		case O_WHERE:
			where_add(&opt.where, optarg);
			break;
		case O_TOTAL:
			opt.total = 1;
			break;
		case O_CI:
			if (num_parse_double(optarg, strlen(optarg), &opt.ci) ||
			    !(opt.ci > 0 && opt.ci < 1))
				cli_usage_error(
				    "--ci: \"%s\" is not a level between 0 and 1",
				    optarg);
			break;
		case O_COMPARE:
			opt.compare = optarg;
			break;
		case O_WINDOW: {
			char why[128];

			if (span_parse(optarg, &opt.win_from, &opt.win_days,
				       why, sizeof why))
				cli_usage_error("--date-window: \"%s\": %s",
						optarg, why);
			opt.window = 1;
			break;
		}
		case O_WEIGHT:
			opt.weight = optarg;
			break;
		case O_STRAT:
			opt.strat = optarg;
			break;
		case O_POP:
			opt.popfile = optarg;
			break;
		case O_REFERENCE:
			opt.reference = optarg;
			break;
		case O_DSTRAT:
			opt.dstrat = optarg;
			break;
		case O_CLUSTER:
			opt.cluster = optarg;
			break;
		case O_FPC:
			opt.fpc = optarg;
			break;
		case O_LONELY:
			opt.lonely = svy_lonely_parse(optarg);
			if (opt.lonely < 0)
				cli_usage_error(
				    "--lonely-psu: \"%s\" is not fail, remove, certainty, average or adjust",
				    optarg);
			break;
		case O_RAKE:
			add_rake(optarg);
			break;
		case O_RAKE_EPS:
			if (num_parse_double(optarg, strlen(optarg),
					     &opt.rk.epsilon) ||
			    !(opt.rk.epsilon > 0) || !isfinite(opt.rk.epsilon))
				cli_usage_error(
				    "--rake-epsilon: \"%s\" is not a positive number",
				    optarg);
			break;
		case O_RAKE_MAXIT:
			opt.rk.maxit =
			    cli_int("--rake-maxit", optarg, 1, 100000);
			break;
		default:
			if (!cli_common(&opt.cli, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	finish_options();

	run.nkeys = opt.nby + (opt.compare != NULL);
	run.lo = xcalloc(opt.nitems + 1, sizeof(int));
	run.hi = xcalloc(opt.nitems + 1, sizeof(int));
	for (size_t i = 0; i < opt.nitems; i++) {
		run.lo[i] = opt.items[i].lo;
		run.hi[i] = opt.items[i].hi;
	}
	if (opt.design) {
		run.v = 4 * opt.nitems;
		run.t = xcalloc(run.v + 1, sizeof(double));
		run.rcats = xcalloc(opt.rk.nm + 1, sizeof(size_t));
		if (opt.nby && opt.total) {
			run.all = xcalloc(1, sizeof(*run.all));
			run.all->id = (size_t)-1;
		}
	} else if (opt.popfile) {
		read_population(opt.popfile);
	} else {
		run.st = xcalloc(1, sizeof(*run.st));
		run.st[0].name = xstrdup("");
		run.st[0].fpc = NAN;
		run.nst = 1;
		if (opt.nidx && !opt.compare) {
			/* the index's interval: weights only, as
			 * svydesign(ids = ~1, weights = ~w) */
			run.v = 4 * opt.nitems;
			run.t = xcalloc(run.v + 1, sizeof(double));
			if (opt.nby && opt.total) {
				run.all = xcalloc(1, sizeof(*run.all));
				run.all->id = (size_t)-1;
				group_strata(run.all, 1);
			}
		}
	}
	cli_inputs(&opt.cli, argc - optind, argv + optind);
	if (opt.popfile)
		cli_inputs(&opt.cli, 1, (char *const *)&opt.popfile);
	cli_acct(&opt.cli, &run.acct);
	if (run.nkeys == 0)
		find_group("", 1); /* the one row exists even with no data */

	manifest_command(argc, argv);
	/* an unreadable operand: the others are still scored, exit 3 */
	io = cli_run_inputs(argc, argv, optind, read_file, NULL);
	check_scales();

	if (opt.design)
		design_finish();
	else
		stratum_weights();
	if (run.ng)
		qsort(run.g, run.ng, sizeof(*run.g), cmp_group);
	fp = cli_output(&opt.cli);
	e.o = out_open(fp, opt.cli.output ? opt.cli.output : "stdout",
		       opt.cli.format);
	e.weighted = opt.weight || opt.strat || opt.rk.nm;
	e.prate = opt.cli.precision >= 0 ? opt.cli.precision : 4;
	e.ppoint = opt.cli.precision >= 0 ? opt.cli.precision : 2;
	e.z = opt.ci ? stats_z(opt.ci) : 0;
	if (run.v) {
		if (!opt.design) /* each respondent a PSU */
			run.st[0].count = (double)run.acct.used;
		e.sv = design_strata();
		e.d = xcalloc(run.v + 1, sizeof(double));
	}
	comments(e.o);
	{
		struct survey_cell empty;

		cell_new(&empty);
		e.header = 1;
		if (opt.compare) {
			size_t nf = 1 + 2 * opt.ncsat + opt.nces;
			struct cmpfig *cf = xcalloc(nf, sizeof(*cf));

			emit_compare(
			    &e, NULL, NULL, NULL, &empty, &empty, cf,
			    cmp_figures(&empty, &empty, cf, NULL, NULL, NULL),
			    compare_nvalues() > 2, NULL, NULL);
			free(cf);
		} else
			emit_row(&e, NULL, &empty);
		e.header = 0;
		if (opt.total && opt.nby)
			out_total_col(e.o);
		survey_cell_release(&empty);
	}
	if (opt.compare)
		emit_comparisons(&e);
	else
		emit_scores(&e);
	out_close(e.o);
	free(e.name);
	free(e.sv);
	free(e.d);
	cli_close_output(&opt.cli, fp);
	print_missing();
	if (!opt.cli.quiet)
		stats_report();
	status = acct_finish(&run.acct);
	/* SPEC 6: under --strict any reject, or any unusable answer, is 4 */
	if (opt.cli.strict && (run.acct.rejected || run.notes))
		status = EXIT_DATA;
	release_all();
	return io ? io : status;
}
