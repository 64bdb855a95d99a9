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
 */
#include <getopt.h>
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
#include "num.h"
#include "out.h"
#include "period.h"
#include "stats.h"
#include "survey.h"
#include "tm.h"
#include "utf8.h"
#include "where.h"
#include "xalloc.h"

/* A distinct item column and its scale. */
struct item {
	char *col;
	int lo, hi, explicit_scale;
	char *missing_name, *mean_name;
	unsigned long long missing, notnum, outscale;   /* run totals */
};

struct stratum {
	char *name;
	double count;              /* N_h of the population file */
	double w;                  /* (N_h / N) / (n_h / n) */
};

struct group {
	char *key;                 /* parts joined by NUL (the table's key) */
	size_t keylen;
	char **parts;              /* nby (+1 with --compare) */
	struct survey_cell *cells; /* one per stratum */
};

static struct {
	struct cli cli;
	struct item *items;
	size_t nitems, itemcap;
	long nps, csat, ces;       /* item index, -1 if not asked */
	size_t *idx;               /* --index items */
	double *idxw;
	size_t nidx, idxcap;
	size_t *alpha;             /* --alpha items */
	size_t nalpha, alphacap;
	char **by;
	struct period *byp;        /* per --by name */
	int *isp;                  /* 1: byp[i] is a period of --date */
	size_t nby, bycap;
	const char *date, *datefmt, *compare, *weight, *strat, *popfile;
	int total, top_box, def_lo, def_hi, have_period;
	double ci;                 /* 0: no intervals */
	struct where where;        /* --where */
} opt = {.nps = -1, .csat = -1, .ces = -1, .top_box = 2, .def_lo = 1,
	.def_hi = 5};

/* The run: groups, strata and where the columns are in the current file. */
static struct {
	struct group **g;
	size_t ng, gcap;
	struct group_table tab;    /* key -> struct group */
	struct stratum *st;
	size_t nst;
	int *lo, *hi;              /* item scales, for survey_cell_init */
	size_t nkeys;
	struct acct acct;
} run;

struct colmap {
	size_t nf;
	long *item, *by;
	long date, weight, strat, cmp;
};

enum {
	O_NPS = CLI_OPT_END, O_CSAT, O_CES, O_SCALE, O_TOPBOX, O_INDEX,
	O_ALPHA, O_BY, O_DATE, O_TOTAL, O_CI, O_COMPARE, O_WEIGHT, O_STRAT,
	O_POP, O_DATEFMT, O_TZ, O_WHERE
};

static const char usage[] =
"Usage: survey-score ROLE... [OPTION]... [FILE]...\n"
"Read survey responses (CSV with a header, one respondent a row; FILE, or\n"
"stdin when none or -) and print the scores of telaudit SPEC section 4.\n"
"\n"
"Item roles (a scale is LO..HI or K for 1..K):\n"
"      --nps COL            NPS item, 0..10: promoters 9-10, detractors 0-6\n"
"      --csat COL[:SCALE]   CSAT item: top-box share and mean\n"
"      --ces COL[:SCALE]    customer effort item: mean\n"
"      --index COL=W[:SCALE],...  weighted index of item means, 0..100\n"
"      --alpha COL[:SCALE],...    Cronbach's alpha, raw and standardised\n"
"      --scale SCALE        scale of items that give none (default 1..5)\n"
"      --top-box N          CSAT boxes counted as satisfied (default 2)\n"
"\n"
"Groups and statistics:\n"
"      --by COL,...         one row per value; day, week, month, quarter\n"
"                           or year group by the --date column\n"
"      --date COL           date column: ISO 8601, YYYY/MM/DD, spreadsheet\n"
"                           serial, DD-Mon-YY or as --date-format says\n"
"      --date-format FMT    read --date as FMT (strptime-like: %Y %m %d ...)\n"
"      --report-tz ZONE     periods in ZONE (IANA name; default UTC)\n"
"      --where EXPR         only rows that pass: COL=V, COL!=V, COL>N, COL~RE\n"
"                           (< <= >= !~ too); comma = and; repeatable\n"
"      --total              add a total row after the groups\n"
"      --ci LEVEL           confidence intervals at LEVEL (e.g. 0.95)\n"
"      --compare COL        NPS difference between the 2 values of COL\n"
"      --weight COL         design weights (positive numbers)\n"
"      --post-stratify COL  weight to population counts per value of COL\n"
"      --population FILE    CSV of stratum,count for --post-stratify\n"
"\n"
CLI_HELP
"\n"
"Exit status: 0 done, 1 rejects under --strict, 2 usage, 3 input/output.\n";

/* Register a column as an item (once per column); returns its index. */
static size_t add_item(const char *col, int lo, int hi, int explicit_scale)
{
	size_t i;

	for (i = 0; i < opt.nitems; i++)
		if (strcmp(opt.items[i].col, col) == 0)
			break;
	if (i == opt.nitems) {
		opt.items = xgrow(opt.items, &opt.itemcap, i + 1,
			sizeof(*opt.items));
		memset(&opt.items[i], 0, sizeof(opt.items[i]));
		opt.items[i].col = xstrdup(col);
		opt.nitems++;
	}
	if (explicit_scale) {
		struct item *it = &opt.items[i];

		if (it->explicit_scale && (it->lo != lo || it->hi != hi))
			cli_usage_error("column \"%s\" is given two scales, %d..%d and %d..%d", col, it->lo, it->hi, lo, hi);
		it->lo = lo;
		it->hi = hi;
		it->explicit_scale = 1;
	}
	return i;
}

/* "COL[:SCALE]": the part after the last ':' is a scale if it parses. */
static size_t item_spec(const char *optname, const char *spec)
{
	char *s = xstrdup(spec), *colon = strrchr(s, ':');
	int lo, hi, ex = 0;
	size_t i;

	if (colon && survey_parse_scale(colon + 1, &lo, &hi) == 0) {
		*colon = '\0';
		ex = 1;
	}
	if (!*s)
		cli_usage_error("%s: \"%s\" names no column", optname, spec);
	i = add_item(s, lo, hi, ex);
	free(s);
	return i;
}

static void add_index(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		char *eq = strrchr(it, '='), *colon, *spec;
		double w;

		if (!eq || eq == it)
			cli_usage_error("--index: \"%s\" is not COL=WEIGHT", it);
		*eq = '\0';
		colon = strchr(eq + 1, ':');
		if (colon)
			*colon = '\0';
		if (num_parse_double(eq + 1, strlen(eq + 1), &w) != 0 ||
		    !(w > 0))
			cli_usage_error("--index: weight \"%s\" of %s is not a positive number", eq + 1, it);
		spec = xasprintf("%s%s%s", it, colon ? ":" : "",
			colon ? colon + 1 : "");
		opt.idx = xgrow(opt.idx, &opt.idxcap, opt.nidx + 1,
			sizeof(*opt.idx));
		opt.idxw = xrealloc(opt.idxw, opt.idxcap * sizeof(*opt.idxw));
		opt.idx[opt.nidx] = item_spec("--index", spec);
		for (size_t j = 0; j < opt.nidx; j++)
			if (opt.idx[j] == opt.idx[opt.nidx])
				cli_usage_error("--index: column \"%s\" given twice", opt.items[opt.idx[j]].col);
		opt.idxw[opt.nidx++] = w;
		free(spec);
	}
	free(copy);
}

static void add_alpha(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		opt.alpha = xgrow(opt.alpha, &opt.alphacap, opt.nalpha + 1,
			sizeof(*opt.alpha));
		opt.alpha[opt.nalpha] = item_spec("--alpha", it);
		for (size_t j = 0; j < opt.nalpha; j++)
			if (opt.alpha[j] == opt.alpha[opt.nalpha])
				cli_usage_error("--alpha: column \"%s\" given twice", opt.items[opt.alpha[j]].col);
		opt.nalpha++;
	}
	free(copy);
}

static void add_by(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *it;

	for (it = strtok_r(copy, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		opt.by = xgrow(opt.by, &opt.bycap, opt.nby + 1,
			sizeof(*opt.by));
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
	if (opt.nps < 0 && opt.csat < 0 && opt.ces < 0 && !opt.nidx &&
	    !opt.nalpha)
		cli_usage_error("nothing to score: give --nps, --csat, --ces, --index or --alpha");
	for (size_t i = 0; i < opt.nitems; i++) {
		struct item *it = &opt.items[i];

		if (!it->explicit_scale) {
			it->lo = opt.def_lo;
			it->hi = opt.def_hi;
		}
		it->missing_name = xasprintf("missing_%s", it->col);
		it->mean_name = xasprintf("mean_%s", it->col);
	}
	if (opt.csat >= 0 && opt.top_box > opt.items[opt.csat].hi -
	    opt.items[opt.csat].lo)
		cli_usage_error("--top-box: %d boxes leave none unsatisfied on the scale %d..%d", opt.top_box, opt.items[opt.csat].lo, opt.items[opt.csat].hi);
	if (opt.nalpha == 1)
		cli_usage_error("--alpha: needs at least 2 items");
	for (size_t i = 0; opt.date && i < opt.nby; i++)
		if (period_parse(opt.by[i], &opt.byp[i]) == 0 &&
		    opt.byp[i].unit >= P_DAY && opt.byp[i].unit <= P_YEAR) {
			opt.isp[i] = 1;
			opt.have_period = 1;
		}
	if (opt.date && !opt.have_period)
		cli_usage_error("--date: no period (day, week, month, quarter, year) in --by");
	if (opt.compare && opt.nps < 0)
		cli_usage_error("--compare: needs --nps");
	if (opt.weight && opt.strat)
		cli_usage_error("--weight and --post-stratify exclude each other");
	if (!opt.strat != !opt.popfile)
		cli_usage_error("--post-stratify and --population go together");
}

/* The population file: a header, then stratum,count rows. */
static void read_population(const char *path)
{
	struct csvin *in = csvin_open(path, ',');
	struct csvrow row;
	size_t cap = 0;
	int st, header = 1;

	if (!in)
		die(EXIT_IO, "%s: cannot read the population file", path);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		double n;

		if (st == CSVIN_BAD)
			die_at(EXIT_USAGE, path, row.line, "%s",
				csvin_error(in));
		if (header) {
			header = 0;
			continue;
		}
		if (row.nf < 2)
			die_at(EXIT_USAGE, path, row.line, "need stratum,count");
		if (num_parse_double(row.f[1], row.len[1], &n) != 0 ||
		    !(n > 0))
			die_at(EXIT_USAGE, path, row.line, "count \"%.40s\" is not a positive number", row.f[1]);
		for (size_t i = 0; i < run.nst; i++)
			if (strcmp(run.st[i].name, row.f[0]) == 0)
				die_at(EXIT_USAGE, path, row.line, "stratum \"%.40s\" given twice", row.f[0]);
		run.st = xgrow(run.st, &cap, run.nst + 1, sizeof(*run.st));
		run.st[run.nst].name = xstrdup(row.f[0]);
		run.st[run.nst].count = n;
		run.st[run.nst].w = 0;
		run.nst++;
	}
	csvin_free(in);
	if (!run.nst)
		die(EXIT_USAGE, "%s: no strata", path);
}

static long find_col(const struct csvrow *h, const char *file,
	const char *name)
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
	m->cmp = opt.compare ? find_col(h, file, opt.compare) : -1;
	if (where_bind(&opt.where, h, err, sizeof(err)))
		die_at(EXIT_USAGE, file, h->line, "%s", err);
}

static void cells_init(struct survey_cell *c)
{
	size_t kalpha = opt.nalpha;

	survey_cell_init(c, opt.nitems, run.lo, run.hi, kalpha);
}

static struct group *find_group(const char *key, size_t len)
{
	struct group_ent *e;
	struct group *g;
	int isnew;

	if (!run.tab.valsize)
		group_table_init(&run.tab, sizeof(struct group));
	e = group_table_get(&run.tab, key, len, &isnew);
	g = GROUP_VAL(e);
	if (!isnew)
		return g;
	g->key = e->key;
	g->keylen = len;
	g->parts = xcalloc(run.nkeys + 1, sizeof(char *));
	for (size_t p = 0, off = 0; p < run.nkeys; p++) {
		g->parts[p] = g->key + off;
		off += strlen(g->key + off) + 1;
	}
	g->cells = xcalloc(run.nst, sizeof(*g->cells));
	for (size_t s = 0; s < run.nst; s++)
		cells_init(&g->cells[s]);
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
		buf[j] = (unsigned char)row->f[i][j] < 0x20 ? '?' : row->f[i][j];
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

/* One data row: ends as used (acct_use) or rejected. */
static void do_row(const struct colmap *m, const struct csvrow *row,
	const char *file, char **key, size_t *keycap, double *ax)
{
	double w = 1;
	int64_t t = 0;
	char why[128];
	size_t klen = 0, st = 0;
	struct survey_cell *c;
	int complete = 1;
	char sb[48];

	if (row->nf != m->nf) {
		acct_reject(&run.acct, file, row->line, row, "%zu fields, the header has %zu", row->nf, m->nf);
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
			acct_reject(&run.acct, file, row->line, row, "%s: \"%s\" is not a positive weight", opt.weight, show(row, m->weight, sb));
			return;
		}
	}
	if (m->date >= 0 && date_read(opt.datefmt, row->f[m->date],
	    row->len[m->date], &t, NULL, why, sizeof(why)) != 0) {
		acct_reject(&run.acct, file, row->line, row, "%s: %s", opt.date, why);
		return;
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
			acct_reject(&run.acct, file, row->line, row, "%s: not valid UTF-8 text", name);
			return;
		}
		add_keypart(key, &klen, keycap, row->f[f], row->len[f]);
	}
	if (m->strat >= 0) {
		for (st = 0; st < run.nst; st++)
			if (strcmp(run.st[st].name, row->f[m->strat]) == 0)
				break;
		if (st == run.nst)
			die_at(EXIT_USAGE, file, row->line, "%s: stratum \"%s\" is not in %s", opt.strat, show(row, m->strat, sb), opt.popfile);
	}
	if (run.nkeys == 0)
		add_keypart(key, &klen, keycap, "", 0);
	c = &find_group(*key, klen)->cells[st];
	survey_cell_add_resp(c, w);
	for (size_t i = 0; i < opt.nitems; i++) {
		struct item *it = &opt.items[i];
		long f = m->item[i];
		int v;

		switch (survey_answer(row->f[f], row->len[f], it->lo, it->hi,
			&v)) {
		case SURVEY_VALID:
			survey_cell_add_answer(c, i, v, w);
			continue;
		case SURVEY_NOTNUM:
			it->notnum++;
			acct_note(&run.acct, file, row->line, row, "%s: \"%s\" is not a number, counted as missing", it->col, show(row, f, sb));
			break;
		case SURVEY_OUTSCALE:
			it->outscale++;
			acct_note(&run.acct, file, row->line, row, "%s: %s is not on the scale %d..%d, counted as missing", it->col, show(row, f, sb), it->lo, it->hi);
			break;
		default:
			break;
		}
		it->missing++;
		survey_cell_add_missing(c, i);
	}
	for (size_t j = 0; j < opt.nalpha; j++) {
		long f = m->item[opt.alpha[j]];
		const struct item *it = &opt.items[opt.alpha[j]];
		int v;

		if (survey_answer(row->f[f], row->len[f], it->lo, it->hi, &v) !=
		    SURVEY_VALID)
			complete = 0;
		else
			ax[j] = v;
	}
	if (opt.nalpha)
		survey_cell_add_alpha(c, complete ? ax : NULL);
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
	ax = xcalloc(opt.nalpha + 1, sizeof(double));
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
		run.st[s].w = nh;          /* n_h for now */
		N += run.st[s].count;
		n += nh;
	}
	for (size_t s = 0; s < run.nst; s++) {
		double nh = run.st[s].w;

		if (nh == 0 && n > 0 && !opt.cli.quiet)
			warnx("%s: stratum \"%s\" has no respondents", opt.popfile, run.st[s].name);
		run.st[s].w = nh > 0 ? (run.st[s].count / N) / (nh / n) : 0;
	}
}

/* Merge a group's strata into dst with the stratum weights. */
static void merge_group(struct survey_cell *dst, const struct group *g)
{
	for (size_t s = 0; s < run.nst; s++)
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
};

static void put_str(struct emit *e, const char *name, const char *v)
{
	if (e->header)
		out_col(e->o, name, OUT_STR);
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

static void emit_csat(struct emit *e, const struct survey_cell *c)
{
	const struct survey_hist *h = &c->h[opt.csat];
	struct survey_sum s;
	unsigned long long k;
	double share, lo = NAN, hi = NAN;

	survey_summary(h, &s);
	share = survey_share(h, h->hi - opt.top_box + 1, h->hi, &k);
	put_u64(e, "csat_n", s.n);
	if (e->weighted)
		put_num(e, "csat_n_eff", s.n ? s.n_eff : NAN, e->ppoint);
	put_u64(e, "csat_top", k);
	put_num(e, "csat", share, e->prate);
	if (opt.ci) {
		if (s.n)
			stats_wilson(share * s.n_eff, s.n_eff, e->z, &lo, &hi);
		put_num(e, "csat_lo", lo, e->prate);
		put_num(e, "csat_hi", hi, e->prate);
	}
	put_num(e, "csat_mean", s.mean, e->prate);
	put_num(e, "csat_sd", s.sd, e->prate);
	if (opt.ci) {
		mean_ci(e, &s, &lo, &hi);
		put_num(e, "csat_mean_lo", lo, e->prate);
		put_num(e, "csat_mean_hi", hi, e->prate);
	}
}

static void emit_ces(struct emit *e, const struct survey_cell *c)
{
	struct survey_sum s;
	double lo, hi;

	survey_summary(&c->h[opt.ces], &s);
	put_u64(e, "ces_n", s.n);
	if (e->weighted)
		put_num(e, "ces_n_eff", s.n ? s.n_eff : NAN, e->ppoint);
	put_num(e, "ces", s.mean, e->prate);
	put_num(e, "ces_sd", s.sd, e->prate);
	if (opt.ci) {
		mean_ci(e, &s, &lo, &hi);
		put_num(e, "ces_lo", lo, e->prate);
		put_num(e, "ces_hi", hi, e->prate);
	}
}

/* SPEC 4: sum w_i (mean_i - min_i) / (max_i - min_i) 100, sum w_i = 1. */
static void emit_index(struct emit *e, const struct survey_cell *c)
{
	double wsum = 0, idx = 0;

	for (size_t j = 0; j < opt.nidx; j++)
		wsum += opt.idxw[j];
	for (size_t j = 0; j < opt.nidx; j++) {
		const struct item *it = &opt.items[opt.idx[j]];
		struct survey_sum s;

		survey_summary(&c->h[opt.idx[j]], &s);
		put_num(e, it->mean_name, s.mean, e->prate);
		idx += opt.idxw[j] / wsum * (s.mean - it->lo) /
			(it->hi - it->lo) * 100;
	}
	put_num(e, "index", idx, e->ppoint);
}

static void emit_alpha(struct emit *e, const struct survey_cell *c)
{
	double raw, std;

	survey_alpha(&c->alpha, &raw, &std);
	put_u64(e, "alpha_n", c->alpha.n);
	put_u64(e, "alpha_excluded", c->alpha.excluded);
	put_num(e, "alpha_raw", raw, e->prate);
	put_num(e, "alpha_std", std, e->prate);
}

/* A score row: keys (NULL in the header), then every asked score. */
static void emit_row(struct emit *e, char *const *keys,
	const struct survey_cell *c)
{
	for (size_t i = 0; i < opt.nby; i++)
		put_str(e, opt.by[i], keys ? keys[i] : NULL);
	put_u64(e, "n", c->n);
	if (e->weighted)
		put_num(e, "n_eff", c->sw2 > 0 ? c->sw * c->sw / c->sw2 : NAN,
			e->ppoint);
	if (opt.nps >= 0)
		emit_nps(e, c);
	if (opt.csat >= 0)
		emit_csat(e, c);
	if (opt.ces >= 0)
		emit_ces(e, c);
	if (opt.nidx)
		emit_index(e, c);
	if (opt.nalpha)
		emit_alpha(e, c);
	for (size_t i = 0; i < opt.nitems; i++)
		put_u64(e, opt.items[i].missing_name, c->h[i].missing);
	if (!e->header)
		out_end_row(e->o);
}

/* --compare: NPS of b minus NPS of a, se sqrt(se_a^2 + se_b^2). */
static void emit_compare(struct emit *e, char *const *keys,
	const char *va, const char *vb, const struct survey_cell *a,
	const struct survey_cell *b)
{
	struct nps_fig fa, fb;
	double diff, se, zs;

	nps_figures(a, &fa);
	nps_figures(b, &fb);
	diff = fb.nps - fa.nps;
	se = sqrt(fa.se * fa.se + fb.se * fb.se);
	zs = se > 0 ? diff / se : NAN;
	for (size_t i = 0; i < opt.nby; i++)
		put_str(e, opt.by[i], keys ? keys[i] : NULL);
	put_str(e, "group_a", va);
	put_u64(e, "n_a", fa.s.n);
	if (e->weighted)
		put_num(e, "n_eff_a", fa.s.n ? fa.s.n_eff : NAN, e->ppoint);
	put_num(e, "nps_a", fa.nps, e->ppoint);
	put_num(e, "nps_se_a", fa.se, e->ppoint);
	put_str(e, "group_b", vb);
	put_u64(e, "n_b", fb.s.n);
	if (e->weighted)
		put_num(e, "n_eff_b", fb.s.n ? fb.s.n_eff : NAN, e->ppoint);
	put_num(e, "nps_b", fb.nps, e->ppoint);
	put_num(e, "nps_se_b", fb.se, e->ppoint);
	put_num(e, "nps_diff", diff, e->ppoint);
	put_num(e, "nps_diff_se", se, e->ppoint);
	if (opt.ci) {
		put_num(e, "nps_diff_lo", diff - e->z * se, e->ppoint);
		put_num(e, "nps_diff_hi", diff + e->z * se, e->ppoint);
	}
	put_num(e, "z", zs, e->prate);
	put_num(e, "p", isfinite(zs) ? stats_p_normal(zs) : NAN, e->prate);
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
		emit_row(e, run.g[i]->parts, &c);
		survey_cell_merge(&tot, &c, 1);
		survey_cell_release(&c);
	}
	if (opt.total && opt.nby) {
		tkeys[0] = "total";
		for (size_t i = 1; i < opt.nby; i++)
			tkeys[i] = "";
		emit_row(e, tkeys, &tot);
	}
	survey_cell_release(&tot);
	free(tkeys);
}

static void emit_comparisons(struct emit *e)
{
	const char *va = NULL, *vb = NULL;
	struct survey_cell a, b, ta, tb;
	char **tkeys = xcalloc(opt.nby + 1, sizeof(char *));
	size_t i = 0;

	for (size_t j = 0; j < run.ng; j++) {
		const char *v = run.g[j]->parts[opt.nby];

		if (!va || strcmp(v, va) == 0)
			va = v;
		else if (!vb || strcmp(v, vb) == 0)
			vb = v;
		else
			die(EXIT_USAGE, "--compare %s: more than 2 values (\"%s\", \"%s\", \"%s\")", opt.compare, va, vb, v);
	}
	if (va && !vb)
		die(EXIT_USAGE, "--compare %s: only one value (\"%s\"), need 2", opt.compare, va);
	if (vb && strcmp(va, vb) > 0) {
		const char *t = va;

		va = vb;
		vb = t;
	}
	cell_new(&ta);
	cell_new(&tb);
	while (i < run.ng) {
		size_t j = i;

		cell_new(&a);
		cell_new(&b);
		for (; j < run.ng; j++) {
			struct group *g = run.g[j];
			size_t p;

			for (p = 0; p < opt.nby; p++)
				if (strcmp(g->parts[p], run.g[i]->parts[p]))
					break;
			if (p < opt.nby)
				break;
			merge_group(strcmp(g->parts[opt.nby], va) == 0 ? &a : &b,
				g);
		}
		emit_compare(e, run.g[i]->parts, va, vb, &a, &b);
		survey_cell_merge(&ta, &a, 1);
		survey_cell_merge(&tb, &b, 1);
		survey_cell_release(&a);
		survey_cell_release(&b);
		i = j;
	}
	if (opt.total && opt.nby && va) {
		tkeys[0] = "total";
		for (size_t k = 1; k < opt.nby; k++)
			tkeys[k] = "";
		emit_compare(e, tkeys, va, vb, &ta, &tb);
	}
	survey_cell_release(&ta);
	survey_cell_release(&tb);
	free(tkeys);
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
			fprintf(stderr, " (%llu not a number, %llu off the scale)", it->notnum, it->outscale);
	}
	fputc('\n', stderr);
	if (!opt.nalpha)
		return;
	for (size_t i = 0; i < run.ng; i++)
		for (size_t s = 0; s < run.nst; s++)
			excl += run.g[i]->cells[s].alpha.excluded;
	fprintf(stderr, "%s: alpha: %llu respondents left out for a missing item (listwise)\n", diag_tool(), excl);
}

static void comments(struct out *o)
{
	if (opt.compare)
		out_comment(o, "nps_diff = nps_b - nps_a, nps_diff_se = sqrt(nps_se_a^2 + nps_se_b^2), p two-sided normal");
	else if (opt.nps >= 0 && opt.ci)
		out_comment(o, "nps_lo/nps_hi: Wald interval nps +- z se (SPEC 4); nps_score_lo/nps_score_hi: Tango score interval");
	if (opt.nalpha)
		out_comment(o, "alpha_raw: Cronbach's alpha of the raw items (SPEC 4); alpha_std: standardised alpha (mean inter-item correlation)");
	if (opt.weight || opt.strat)
		out_comment(o, "weighted by %s %s; n_eff = (sum w)^2 / sum w^2", opt.weight ? "column" : "post-stratification on", opt.weight ? opt.weight : opt.strat);
}

static void release_all(void)
{
	for (size_t i = 0; i < run.ng; i++) {
		struct group *g = run.g[i];

		for (size_t s = 0; s < run.nst; s++)
			survey_cell_release(&g->cells[s]);
		free(g->cells);
		free(g->parts);
	}
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
		free(opt.items[i].mean_name);
	}
	free(opt.items);
	free(opt.idx);
	free(opt.idxw);
	free(opt.alpha);
	for (size_t i = 0; i < opt.nby; i++)
		free(opt.by[i]);
	free(opt.by);
	free(opt.byp);
	free(opt.isp);
	where_release(&opt.where);
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
		{"where", required_argument, 0, O_WHERE},
		{"report-tz", required_argument, 0, O_TZ},
		{"total", no_argument, 0, O_TOTAL},
		{"ci", required_argument, 0, O_CI},
		{"compare", required_argument, 0, O_COMPARE},
		{"weight", required_argument, 0, O_WEIGHT},
		{"post-stratify", required_argument, 0, O_STRAT},
		{"population", required_argument, 0, O_POP},
		{0, 0, 0, 0}
	};
	struct emit e = {0};
	FILE *fp;
	int c, io, status = EXIT_DONE;

	diag_init(argv[0]);
	cli_init(&opt.cli, usage);
	while ((c = getopt_long(argc, argv, CLI_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		switch (c) {
		case O_NPS:
			if (opt.nps >= 0)
				cli_usage_error("--nps: given twice");
			opt.nps = (long)add_item(optarg, 0, 10, 1);
			break;
		case O_CSAT:
			if (opt.csat >= 0)
				cli_usage_error("--csat: given twice");
			opt.csat = (long)item_spec("--csat", optarg);
			break;
		case O_CES:
			if (opt.ces >= 0)
				cli_usage_error("--ces: given twice");
			opt.ces = (long)item_spec("--ces", optarg);
			break;
		case O_SCALE:
			if (survey_parse_scale(optarg, &opt.def_lo, &opt.def_hi))
				cli_usage_error("--scale: \"%s\" is not LO..HI or K", optarg);
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
		case O_WHERE:
			where_add(&opt.where, optarg);
			break;
		case O_DATEFMT:
			opt.datefmt = date_opt_format(optarg);
			break;
		case O_TZ:
			date_opt_report_tz(optarg);
			break;
		case O_TOTAL:
			opt.total = 1;
			break;
		case O_CI:
			if (num_parse_double(optarg, strlen(optarg), &opt.ci) ||
			    !(opt.ci > 0 && opt.ci < 1))
				cli_usage_error("--ci: \"%s\" is not a level between 0 and 1", optarg);
			break;
		case O_COMPARE:
			opt.compare = optarg;
			break;
		case O_WEIGHT:
			opt.weight = optarg;
			break;
		case O_STRAT:
			opt.strat = optarg;
			break;
		case O_POP:
			opt.popfile = optarg;
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
	if (opt.popfile) {
		read_population(opt.popfile);
	} else {
		run.st = xcalloc(1, sizeof(*run.st));
		run.st[0].name = xstrdup("");
		run.nst = 1;
	}
	acct_init(&run.acct);
	run.acct.strict = opt.cli.strict;
	run.acct.quiet = opt.cli.quiet;
	if (opt.cli.rejects)
		acct_open_rejects(&run.acct, opt.cli.rejects);
	if (run.nkeys == 0)
		find_group("", 1);     /* the one row exists even with no data */

	/* an unreadable operand: the others are still scored, exit 3 */
	io = cli_inputs(argc, argv, optind, read_file, NULL);

	stratum_weights();
	if (run.ng)
		qsort(run.g, run.ng, sizeof(*run.g), cmp_group);
	fp = cli_output(&opt.cli);
	e.o = out_open(fp, opt.cli.output ? opt.cli.output : "stdout",
		opt.cli.format);
	e.weighted = opt.weight || opt.strat;
	e.prate = opt.cli.precision >= 0 ? opt.cli.precision : 4;
	e.ppoint = opt.cli.precision >= 0 ? opt.cli.precision : 2;
	e.z = opt.ci ? stats_z(opt.ci) : 0;
	comments(e.o);
	{
		struct survey_cell empty;

		cell_new(&empty);
		e.header = 1;
		if (opt.compare)
			emit_compare(&e, NULL, NULL, NULL, &empty, &empty);
		else
			emit_row(&e, NULL, &empty);
		e.header = 0;
		survey_cell_release(&empty);
	}
	if (opt.compare)
		emit_comparisons(&e);
	else
		emit_scores(&e);
	out_close(e.o);
	cli_close_output(&opt.cli, fp);
	print_missing();
	status = acct_finish(&run.acct);
	release_all();
	return io ? io : status;
}
