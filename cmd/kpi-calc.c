/*
 * kpi-calc: KPI tables from call records (SPEC 3.1, 3.2, 3.3).
 *
 * Reads call records (SPEC 2) by header name, adds each to the
 * accumulator of its group (lib/acc.h), and prints one row per group in
 * ascending key order, then an optional total. --state-out writes the
 * accumulators instead, --merge reads them back: both go through the
 * same acc_merge/acc_kpi path, so a merged table equals a single run.
 *
 * Choices where SPEC is silent (also in the man page):
 * - a row whose field count differs from the header is rejected;
 * - wait_s empty: the record counts as offered/answered/abandoned but is
 *   never "within T", not in asa or wait percentiles (their denominator
 *   is the answered calls with a known wait_s), not short;
 * - fcr is computed only when asked for (--kpis), as it keeps every
 *   record that has a caller until the end of the input;
 * - target comparisons use the unrounded value; an empty KPI gives an
 *   empty <kpi>_ok and is no breach;
 * - hour and interval labels carry the UTC offset of their start, so
 *   the hour repeated when clocks go back is two distinct groups.
 */
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acc.h"
#include "acct.h"
#include "cli.h"
#include "csvin.h"
#include "csvpar.h"
#include "date.h"
#include "diag.h"
#include "dims.h"
#include "fcr.h"
#include "kpitab.h"
#include "manifest.h"
#include "num.h"
#include "out.h"
#include "period.h"
#include "rec.h"
#include "reczone.h"
#include "seen.h"
#include "stats.h"
#include "target.h"
#include "tm.h"
#include "where.h"
#include "xalloc.h"

#define DEFAULT_KPIS                                                           \
	"offered,answered,abandoned,short_abandoned,timeout,"                  \
	"answer_rate,abandon_rate,sl,asa,wait_n,max_wait,aht,att,transfer_rate"
#define NETWORK_KPIS "attempts,asr,ner,acd,pdd_mean,drop_rate"

/* Parameters that fix the accumulators; they must agree in --merge. */
enum { PA_BY, PA_TZ, PA_SL, PA_SHORT, PA_FCRW, PA_FCR, PA_HIST, PA_COUNT };

static struct {
	struct cli cli;
	struct kpilist kl; /* --kpis */
	struct kpi *kpi;   /* kl's */
	size_t nkpi;
	enum sl_formula formula;
	int formula_set;
	struct param param[PA_COUNT];
	int64_t sl_ms, short_ms, fcr_ms;
	struct dims dims;      /* --by */
	struct kpitab_opts kt; /* the table's options, targets */
	const char *kpis_arg;
	int want_fcr, want_hist;
	int jobs;	     /* --jobs: threads per regular input file */
	struct where where;  /* --where */
	struct reczone zone; /* the report zone, maybe from the records */
	int dedupe;	     /* --dedupe: skip a call_id already used */
} opt;

static struct seen_ids dedupe_ids;

static struct acct acct;
static struct group_table table;

/* ---- parameters ---- */

static void param_dur(int i, const char *optname, const char *arg, int explicit,
		      const char *origin)
{
	int64_t ms;
	char b[64];

	if (dur_parse(arg, &ms) < 0 || ms < 0)
		die(EXIT_USAGE, "%s: \"%s\" is not a duration", optname, arg);
	param_set(&opt.param[i], fmt_ms(b, ms), explicit, origin);
}

static void set_formula(const char *arg, const char *origin)
{
	int f = sl_formula_parse(arg);

	if (f < 0)
		die(EXIT_USAGE,
		    "--sl-formula: \"%s\" is not one of exclude-short, offered, answered, abandon-within, abandon-after",
		    arg);
	if (opt.formula_set && (int)opt.formula != f)
		die(EXIT_USAGE, "%s sets --sl-formula %s, but it is already %s",
		    origin, arg, sl_formula_names[opt.formula]);
	opt.formula = (enum sl_formula)f;
	opt.formula_set = 1;
}

/* ---- targets ---- */

/* target_kpi_fn for call KPIs: durations for the seconds ones. */
static int kpi_name(void *ctx, const char *name, char *canon, size_t canonlen,
		    double *unit_ms)
{
	struct kpi k;

	(void)ctx;
	if (kpi_parse(name, &k) < 0)
		return -1;
	snprintf(canon, canonlen, "%s", k.name);
	*unit_ms = k.kind == KPI_SECS ? 1000 : 0;
	return 0;
}

/* Parameter lines of a targets file ("--sl-threshold 15s"). */
static void file_dur(const char *o, const char *v, const char *where)
{
	param_dur(!strcmp(o, "--sl-threshold")	  ? PA_SL
		  : !strcmp(o, "--short-abandon") ? PA_SHORT
						  : PA_FCRW,
		  o, v, 0, where);
}

static void file_formula(const char *o, const char *v, const char *where)
{
	(void)o;
	set_formula(v, where);
}

static const struct kpitab_param file_params[] = {
    {"--sl-threshold", 0, file_dur},
    {"--short-abandon", 0, file_dur},
    {"--fcr-window", 0, file_dur},
    {"--sl-formula", 0, file_formula},
    {NULL, 0, NULL},
};

/* ---- KPI list ---- */

static int parse_kpi(const char *name, void *k)
{
	return kpi_parse(name, k);
}

/* --kpis with the aliases cc, network, all; --percentiles after asa. */
static void build_kpis(void)
{
	static const struct kpi_alias alias[] = {
	    {"cc", DEFAULT_KPIS},
	    {"network", NETWORK_KPIS},
	    {"all", DEFAULT_KPIS ",fcr," NETWORK_KPIS},
	    {NULL, NULL},
	};
	static const struct kpi_pcts pcts[] = {
	    {"asa", "wait_p"},
	    {"pdd_mean", "pdd_p"},
	    {NULL, NULL},
	};
	size_t i;

	opt.kl = (struct kpilist)KPILIST_INIT(struct kpi, parse_kpi);
	if (!kpilist_build(&opt.kl, opt.kpis_arg ? opt.kpis_arg : "cc", alias,
			   pcts, &opt.kt))
		kpilist_pcts(&opt.kl, "wait_p", &opt.kt);
	if (opt.kl.n == 0)
		cli_usage_error("--kpis: no KPI given");
	/* a target on a KPI not listed adds its column */
	kpilist_targets(&opt.kl, opt.kt.target, opt.kt.ntarget);
	opt.kpi = opt.kl.v;
	opt.nkpi = opt.kl.n;
	for (i = 0; i < opt.nkpi; i++) {
		if (opt.kpi[i].id == K_FCR)
			opt.want_fcr = 1;
		if (opt.kpi[i].id == K_WAIT_P || opt.kpi[i].id == K_PDD_P)
			opt.want_hist = 1;
	}
}

/* ---- reading records ---- */

static void fcr_result(void *ctx, uint32_t gi, int repeated)
{
	struct group_ent *g = ((struct group_table *)ctx)->list[gi];

	acc_cell_fcr(acc_cell_of(g), repeated);
}

/*
 * One reader of records: a whole file, or (--jobs, lib/csvpar) a range
 * or pieces of it in a thread of its own, with its own group table and
 * period caches; a thread's rejects are deferred (acct_defer).
 */
struct reader {
	const char *name;
	struct csvin *in;
	const struct recmap *map;
	size_t nf;
	struct dim *dim;
	struct group_table *table;
	struct group_key key;
	struct dims_cache *cache; /* the groups of recent rows */
	const struct acc_params *ap;
	struct fcr *fcr;
	struct acct_defer *defer; /* a thread's rejects (NULL: report) */
	unsigned long long used, skipped;
};

static void reject(struct reader *rd, long line, const struct csvrow *row,
		   const char *why)
{
	if (rd->defer)
		acct_defer(rd->defer, line, row, why);
	else
		acct_reject(&acct, rd->name, line, row, "%s", why);
}

/* The records after the header: each used or rejected. */
static void read_rows(struct reader *rd)
{
	struct csvrow row;
	struct rec r;
	struct group_key key = rd->key; /* locals: no false sharing */
	unsigned long long used = 0, skipped = 0;
	char err[512];
	size_t i;
	int st, w;

	while ((st = csvin_next(rd->in, &row)) != CSVIN_EOF) {
		struct group_ent *g;
		if (st == CSVIN_BAD) {
			reject(rd, row.line, NULL, csvin_error(rd->in));
			continue;
		}
		if (row.nf != rd->nf) {
			snprintf(err, sizeof(err),
				 "%zu fields, the header has %zu", row.nf,
				 rd->nf);
			reject(rd, row.line, &row, err);
			continue;
		}
		/* --where: before the record is even built */
		if (opt.where.n &&
		    (w = where_match(&opt.where, &row, err, sizeof(err))) < 1) {
			if (w < 0)
				reject(rd, row.line, &row, err);
			else
				skipped++;
			continue;
		}
		if (rec_from_row(rd->map, &row, &r, err, sizeof(err)) < 0 ||
		    reczone_seen(&opt.zone, r.zone, err, sizeof(err)) < 0) {
			reject(rd, row.line, &row, err);
			continue;
		}
		if (opt.dedupe) { /* one thread only: acct directly */
			const char *id = r.call_id ? r.call_id : "";
			long first =
			    seen_ids_add(&dedupe_ids, id, strlen(id), row.line);
			if (first) {
				acct_note(
				    &acct, rd->name, row.line, &row,
				    "call_id \"%.60s\" already used (first on line %ld): skipped (--dedupe)",
				    id, first);
				acct_skip(&acct);
				continue;
			}
		}
		g = dims_cached(rd->dim, opt.dims.n, rd->cache, &row, r.start);
		if (!g) { /* not a recent row's group: its key */
			if (dims_key(rd->dim, opt.dims.n, &key, &row, r.start,
				     &i) < 0) {
				snprintf(err, sizeof(err),
					 "%s: contains a NUL byte",
					 rd->dim[i].name);
				reject(rd, row.line, &row, err);
				continue;
			}
			g = acc_table_get(rd->table, key.buf, key.len);
			if (rd->table->n > opt.kt.max_groups)
				kpitab_check_groups(&opt.kt, rd->table->n,
						    rd->name,
						    rd->defer ? 0 : row.line);
			dims_cache_put(rd->dim, opt.dims.n, rd->cache, &row, g);
		}
		if (acc_cell_add(acc_cell_of(g), &r, rd->ap) < 0) {
			snprintf(err, sizeof(err),
				 "a millisecond sum of its group would not "
				 "fit in 64 bits");
			reject(rd, row.line, &row, err);
			continue;
		}
		if (rd->fcr && r.caller && *r.caller)
			fcr_add(rd->fcr, r.caller, r.start, g->idx,
				r.outcome == OC_ANSWERED && rec_is_queued(&r));
		used++;
	}
	rd->used += used;
	rd->skipped += skipped;
	rd->key = key;
}

/* A group two threads both hold: src's figures into dst's, src freed. */
static void merge_cell(void *ctx, void *dst, void *src)
{
	struct acc tmp;

	(void)ctx;
	acc_cell_merge(dst, acc_cell_view(src, &tmp));
	acc_release(&tmp);
	acc_cell_release(src);
}

/*
 * Move a thread's groups into the table: a group the table lacks moves
 * as it is (no copy: memory holds each group once, and a group once per
 * thread that saw it only until here), the others merge.
 */
static void merge_table(struct group_table *t)
{
	group_table_absorb(&table, t, merge_cell, NULL);
	kpitab_check_groups(&opt.kt, table.n, "the threads' groups", 0);
}

/* --jobs (lib/csvpar): a reader per thread, copied from proto. */
struct par {
	struct reader *w;
	const struct reader *proto;
	struct group_table *tab; /* w[k]'s */
	int n;
	int had_mixed; /* par_spec: the zone was mixed before the threads */
};

static void par_rows(void *ctx, int k, struct csvin *in, struct acct_defer *d)
{
	struct reader *rd = &((struct par *)ctx)->w[k];

	rd->in = in;
	rd->defer = d;
	rd->used = rd->skipped = 0;
	read_rows(rd);
	d->used += rd->used;
	d->skipped += rd->skipped;
}

/* The report zone from the first good record, before any period. */
static int par_peek(void *ctx, struct csvin *in)
{
	const struct reader *proto = ((struct par *)ctx)->proto;

	reczone_peek(&opt.zone, in, 0, proto->map, proto->nf);
	return !opt.zone.fixed;
}

/*
 * Threads may read ranges of a file from guessed cuts (lib/csvpar) if
 * what they change outside their own groups can be undone: the report
 * zone is fixed already, and only its "mixed" mark may be set.
 */
static int par_spec(void *ctx, int undo)
{
	struct par *par = ctx;
	int k;

	if (!undo) {
		if (!opt.zone.fixed && !opt.zone.given)
			return 0;
		par->had_mixed = opt.zone.mixed != NULL;
		return 1;
	}
	for (k = 0; k < par->n; k++) {
		acc_table_release(&par->tab[k]);
		acc_table_init(&par->tab[k]);
		dims_cache_release(par->w[k].cache); /* it held those groups */
	}
	if (!par->had_mixed) {
		free(opt.zone.mixed);
		opt.zone.mixed = NULL;
	}
	return 0;
}

/* Read the records after the header of in in threads: 1, or 0 if not. */
static int read_parallel(struct reader *proto, const char *path, long hdr_line)
{
	int n = opt.jobs, k, done;
	struct group_table *tab = xcalloc((size_t)n, sizeof(*tab));
	struct par par = {xcalloc((size_t)n, sizeof(*par.w)), proto, tab, n, 0};
	struct csvpar p = {n,	     opt.cli.delim,
			   par_rows, opt.zone.fixed ? NULL : par_peek,
			   par_spec, &par};

	for (k = 0; k < n; k++) {
		par.w[k] = *proto;
		memset(&par.w[k].key, 0, sizeof(par.w[k].key));
		par.w[k].dim =
		    xmalloc((opt.dims.n + 1) * sizeof(*par.w[k].dim));
		if (opt.dims.n) /* dim is NULL without --by */
			memcpy(par.w[k].dim, proto->dim,
			       opt.dims.n * sizeof(*par.w[k].dim));
		acc_table_init(&tab[k]);
		par.w[k].table = &tab[k];
		par.w[k].cache = xcalloc(1, sizeof(*par.w[k].cache));
	}
	done = csvpar_read(&p, proto->in, path, hdr_line, &acct);
	for (k = 0; k < n; k++) {
		merge_table(&tab[k]);
		free(par.w[k].dim);
		group_key_release(&par.w[k].key);
		dims_cache_release(par.w[k].cache);
		free(par.w[k].cache);
	}
	free(tab);
	free(par.w);
	return done;
}

/*
 * The record columns kpi-calc reads (SPEC 3): those of acc_add (every
 * KPI's inputs whatever --kpis asks, so that a figure and the rejects do
 * not depend on the other KPIs asked, and a --state-out is whole), the
 * caller (fcr), the zone (periods), the call_id for --dedupe. The others
 * (source, answer, end, callee, agent, channel) are not read; --by and
 * --where read their columns from the row.
 */
static unsigned record_columns(void)
{
	static const int cols[] = {
	    RC_START,	  RC_CALLER, RC_QUEUE,	RC_RING_S,  RC_WAIT_S,
	    RC_TALK_S,	  RC_HOLD_S, RC_WRAP_S, RC_OUTCOME, RC_CAUSE,
	    RC_TRANSFERS, RC_QUEUED, RC_ZONE};
	unsigned need = opt.dedupe ? 1u << RC_CALL_ID : 0;
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		need |= 1u << cols[i];
	return need;
}

/* What every input file is read with (cli_run_inputs). */
struct inputs {
	const struct acc_params *ap;
	struct fcr *fcr;
};

/* One input file: 0, or EXIT_IO if it cannot be opened. */
static int read_file(void *ctx, const char *path)
{
	const struct acc_params *ap = ((struct inputs *)ctx)->ap;
	struct fcr *fcr = ((struct inputs *)ctx)->fcr;
	struct csvin *in = csvin_open(path, opt.cli.delim);
	struct reader rd;
	struct csvrow row;
	struct recmap map;
	int st;
	char err[256];

	if (!in)
		return EXIT_IO;
	memset(&rd, 0, sizeof(rd));
	rd.name = csvin_name(in);
	rd.in = in;
	rd.map = &map;
	rd.dim = opt.dims.d;
	rd.table = &table;
	rd.ap = ap;
	rd.fcr = fcr;
	rd.cache = xcalloc(1, sizeof(*rd.cache));
	while ((st = csvin_next(in, &row)) == CSVIN_BAD)
		acct_reject(&acct, rd.name, row.line, NULL, "%s",
			    csvin_error(in));
	if (st == CSVIN_EOF)
		goto done;
	recmap_init(&map, &row);
	recmap_only(&map, record_columns());
	rd.nf = row.nf;
	if (map.idx[RC_START] < 0)
		die_at(EXIT_USAGE, rd.name, row.line,
		       "missing required column \"start\"");
	if (map.idx[RC_OUTCOME] < 0)
		die_at(EXIT_USAGE, rd.name, row.line,
		       "missing required column \"outcome\"");
	dims_bind(&opt.dims, &row, rd.name, NULL, NULL);
	if (where_bind(&opt.where, &row, err, sizeof(err)))
		die_at(EXIT_USAGE, rd.name, row.line, "%s", err);
	if (opt.dedupe && map.idx[RC_CALL_ID] < 0)
		die_at(EXIT_USAGE, rd.name, row.line,
		       "no column \"call_id\" for --dedupe");
	if (opt.jobs > 1 && !fcr && !opt.dedupe &&
	    read_parallel(&rd, path, row.line)) {
		;
	} else {
		read_rows(&rd);
		acct.read += rd.used + rd.skipped;
		acct.used += rd.used;
		acct.skipped += rd.skipped;
	}
	group_key_release(&rd.key);
	dims_cache_release(rd.cache);
done:
	free(rd.cache);
	csvin_free(in);
	return 0;
}

/*
 * Say what the figures cannot show: several zones grouped by period in
 * one, or no queued record at all under contact-centre KPIs.
 */
static void data_warnings(void)
{
	size_t i;
	int cc = 0;
	uint64_t offered = 0, attempts = 0;

	reczone_warn(&opt.zone, opt.dims.period >= 0, opt.cli.quiet);
	for (i = 0; i < opt.nkpi; i++)
		if (opt.kpi[i].id < K_ATTEMPTS)
			cc = 1;
	for (i = 0; i < table.n; i++) {
		struct acc tmp;
		const struct acc *a =
		    acc_cell_view(acc_cell_of(table.list[i]), &tmp);
		offered += a->offered;
		attempts += a->attempts;
		acc_release(&tmp);
	}
	if (cc && attempts && !offered && !opt.cli.quiet)
		warnx(
		    "none of the %llu records was offered to a queue (queued 1, or a queue): the contact-centre KPIs are empty; --kpis network gives the network KPIs",
		    (unsigned long long)attempts);
}

/* ---- output ---- */

static void manifest_lines(kpitab_put_fn put, void *ctx)
{
	char b[1024];

	kpitab_method_head(put, ctx, "kpi-calc", &opt.kl);
	snprintf(b, sizeof(b), "by=%s", opt.param[PA_BY].value);
	put(ctx, b);
	snprintf(b, sizeof(b), "report_tz=%s", opt.param[PA_TZ].value);
	put(ctx, b);
	snprintf(b, sizeof(b), "sl_threshold=%ss (within T: wait_s <= T)",
		 opt.param[PA_SL].value);
	put(ctx, b);
	snprintf(b, sizeof(b), "sl_formula=%s: sl = %s",
		 sl_formula_names[opt.formula], sl_formula_text[opt.formula]);
	put(ctx, b);
	snprintf(b, sizeof(b),
		 "short_abandon=%ss (short: abandoned with wait_s < S)",
		 opt.param[PA_SHORT].value);
	put(ctx, b);
	snprintf(
	    b, sizeof(b),
	    "fcr_window=%ss (repeated: same caller starts again in (start, start + W])",
	    opt.param[PA_FCRW].value);
	put(ctx, b);
	kpitab_method_tail(put, ctx, &opt.kt);
}

/* kpitab_emit's values of a group's accumulator. */
static void acc_value(void *a, size_t i, struct kpi_val *v)
{
	acc_kpi(a, &opt.kpi[i], opt.formula, v);
}

static int emit_table(void)
{
	struct group_ent **v = group_table_sorted(&table);
	struct kpicol *col = xcalloc(opt.nkpi + 1, sizeof(*col));
	struct kpitab kt;
	struct acc total;
	size_t i, j;
	int breach = 0;

	/* the total first: sums that do not fit stop the run (exit 4)
	 * before a row is written */
	acc_init(&total);
	for (i = 0; opt.kt.total && i < table.n; i++) {
		struct acc tmp;
		acc_merge(&total, acc_cell_view(acc_cell_of(v[i]), &tmp));
		acc_release(&tmp);
	}
	for (i = 0; i < opt.nkpi; i++) {
		col[i].name = opt.kpi[i].name;
		col[i].count = opt.kpi[i].kind == KPI_COUNT;
		col[i].rate = opt.kpi[i].kind == KPI_RATE;
		col[i].prec = col[i].rate ? 4 : 1;
	}
	kpitab_open(&kt, &opt.cli, &opt.kt, &opt.dims, col, opt.nkpi,
		    manifest_lines, OUT_KEY, OUT_BOOL);
	if (opt.kt.total)
		out_total_col(kt.o);
	for (i = 0; i < table.n; i++) {
		struct acc tmp;
		kpitab_key_labels(&kt, &opt.dims, v[i]);
		breach |=
		    kpitab_emit(&kt, acc_value,
				(void *)acc_cell_view(acc_cell_of(v[i]), &tmp));
		acc_release(&tmp);
	}
	if (opt.kt.total) {
		for (j = 0; j < opt.dims.n; j++)
			kt.labels[j] = "";
		out_total_row(kt.o);
		breach |= kpitab_emit(&kt, acc_value, &total);
	}
	kpitab_close(&kt, &opt.cli);
	acc_release(&total);
	free(col);
	free(v);
	return breach;
}

static const char usage[] =
    "Usage: kpi-calc [OPTION]... [FILE]...\n"
    "       kpi-calc --merge [OPTION]... STATE...\n"
    "Compute contact-centre and network KPIs (telaudit(7)) from call records.\n"
    "\n"
    "  -k, --kpis LIST        KPIs to print, in order (default cc; aliases cc,\n"
    "                         network, all; wait_pNN and pdd_pNN percentiles)\n"
    "  -T, --sl-threshold DUR service-level threshold T (default 20s)\n"
    "      --sl-formula NAME  exclude-short (default), offered, answered,\n"
    "                         abandon-within or abandon-after\n"
    "      --short-abandon DUR  abandons with wait_s < DUR are short (default 0)\n"
    "      --percentiles LIST nearest-rank wait percentiles, e.g. 50,90\n"
    "      --fcr-window DUR   FCR repeat window W (default 24h)\n"
    "  -b, --by LIST          group by hour, day, week, month, quarter, year,\n"
    "                         interval:Nm, span:FROM..TO (runs of those\n"
    "                         days), hour-of-day, weekday and/or any\n"
    "                         input column\n"
    "                         (comma-separated; repeatable: appended)\n"
    "      --report-tz ZONE   zone of the periods (default: the records' zone)\n"
    "      --where EXPR       only records that pass: COL=V, COL!=V, COL>N,\n"
    "                         COL~RE (< <= >= !~ too); comma = and; repeatable\n"
    "      --total            add a total row (marked by a last column total)\n"
    "      --ci LEVEL         Wilson interval columns for every rate (e.g. 0.95)\n"
    "      --target EXPR      add a <kpi>_ok column, e.g. 'sl>=0.8' (repeatable)\n"
    "      --targets FILE     targets from FILE or a preset (miit-15s, etsi-20s)\n"
    "      --fail-on-breach   exit 1 if a target is not met\n"
    "      --state-out FILE   write the group state to FILE instead of the table\n"
    "      --merge            the operands are state files to combine\n"
    "  -j, --jobs N           read input in N threads: files by byte\n"
    "                         range, pipes in pieces of lines (default 1)\n"
    "      --dedupe           use only the first record of each call_id; the\n"
    "                         others are skipped, naming the first's line\n"
    "      --max-groups N     stop (exit 3) when there would be more than N\n"
    "                         groups (default 10000000, ~180 bytes each)\n"
    "\n" CLI_HELP;

enum {
	OPT_SL_FORMULA = CLI_OPT_END,
	OPT_SHORT,
	OPT_FCRW,
	OPT_TZ,
	OPT_JOBS,
	OPT_WHERE,
	OPT_DEDUPE,
};

static const struct option longopts[] = {
    CLI_LONGOPTS,
    KPITAB_LONGOPTS,
    {"kpis", required_argument, 0, 'k'},
    {"sl-threshold", required_argument, 0, 'T'},
    {"sl-formula", required_argument, 0, OPT_SL_FORMULA},
    {"short-abandon", required_argument, 0, OPT_SHORT},
    {"fcr-window", required_argument, 0, OPT_FCRW},
    {"by", required_argument, 0, 'b'},
    {"report-tz", required_argument, 0, OPT_TZ},
    {"where", required_argument, 0, OPT_WHERE},
    {"jobs", required_argument, 0, 'j'},
    {"dedupe", no_argument, 0, OPT_DEDUPE},
    {0, 0, 0, 0},
};

int main(int argc, char **argv)
{
	static const char *const pnames[PA_COUNT] = {
	    "by",	  "report_tz", "sl_threshold", "short_abandon",
	    "fcr_window", "fcr",       "hist",
	};
	struct acc_params ap;
	struct fcr *fcr = NULL;
	size_t i;
	int c, status, breach = 0, io = 0;
	struct inputs in;

	diag_init("kpi-calc");
	acc_table_init(&table);
	seen_ids_init(&dedupe_ids);
	cli_init(&opt.cli, usage);
	kpitab_opts_init(&opt.kt, kpi_name, file_params);
	reczone_init(&opt.zone, &opt.param[PA_TZ]);
	for (i = 0; i < PA_COUNT; i++)
		opt.param[i].name = pnames[i];
	while ((c = getopt_long(argc, argv, CLI_SHORTOPTS "k:T:b:j:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'k':
			opt.kpis_arg = optarg;
			break;
		case 'T':
			param_dur(PA_SL, "--sl-threshold", optarg, 1,
				  "--sl-threshold");
			break;
		case OPT_SL_FORMULA:
			set_formula(optarg, "--sl-formula");
			break;
		case OPT_SHORT:
			param_dur(PA_SHORT, "--short-abandon", optarg, 1,
				  "--short-abandon");
			break;
		case OPT_FCRW:
			param_dur(PA_FCRW, "--fcr-window", optarg, 1,
				  "--fcr-window");
			break;
		case 'b':
			/* repeatable: appended (one grammar, SPEC 6) */
			param_append(&opt.param[PA_BY], optarg, "--by");
			break;
		case OPT_WHERE:
			where_add(&opt.where, optarg);
			break;
		case OPT_TZ:
			param_set(&opt.param[PA_TZ], optarg, 1, "--report-tz");
			break;
		case 'j':
			opt.jobs = cli_int("--jobs", optarg, 1, 64);
			break;
		case OPT_DEDUPE:
			opt.dedupe = 1;
			break;
		default:
			if (!kpitab_option(&opt.kt, c, optarg) &&
			    !cli_common(&opt.cli, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	manifest_command(argc, argv);
	kpitab_read_targets(&opt.kt, &opt.cli);
	build_kpis();
	kpitab_check_modes(&opt.kt, argc - optind);
	if (opt.kt.merge) {
		for (c = optind; c < argc; c++) {
			state_merge_file(argv[c], &acc_state_kind, &table,
					 opt.param, PA_COUNT);
			kpitab_check_groups(&opt.kt, table.n, argv[c], 0);
		}
		if (opt.want_fcr && !(opt.param[PA_FCR].value &&
				      !strcmp(opt.param[PA_FCR].value, "1")))
			die(EXIT_USAGE,
			    "fcr: the states were written without fcr (add fcr to --kpis of the parts)");
	}
	param_default(&opt.param[PA_BY], "");
	param_default(&opt.param[PA_SL], "20");
	param_default(&opt.param[PA_SHORT], "0");
	param_default(&opt.param[PA_FCRW], "86400");
	if (kpitab_zone(&opt.param[PA_TZ]))
		reczone_given(&opt.zone);
	dims_parse(&opt.dims, opt.param[PA_BY].value, 0);
	if (opt.kt.merge) /* every group key has the shape of --by */
		state_check_keys(&table, opt.dims.is_period, opt.dims.n,
				 opt.param[PA_BY].value);
	dur_parse(opt.param[PA_SL].value, &opt.sl_ms);
	dur_parse(opt.param[PA_SHORT].value, &opt.short_ms);
	dur_parse(opt.param[PA_FCRW].value, &opt.fcr_ms);
	if (opt.kt.state_out)
		param_set(&opt.param[PA_FCR], opt.want_fcr ? "1" : "0", 0,
			  "--kpis");
	kpitab_hist(&opt.kt, &opt.want_hist, &opt.param[PA_HIST]);

	kpitab_inputs(&opt.kt, &opt.cli, argc - optind, argv + optind, &acct,
		      "no row was used: the input holds no usable call record");
	if (!opt.kt.merge) {
		ap.sl_ms = opt.sl_ms;
		ap.short_ms = opt.short_ms;
		ap.hist = opt.want_hist;
		if (opt.want_fcr)
			fcr = fcr_new(opt.fcr_ms);
		in.ap = &ap;
		in.fcr = fcr;
		io = cli_run_inputs(argc, argv, optind, read_file, &in);
		if (fcr) {
			fcr_finish(fcr, fcr_result, &table);
			fcr_free(fcr);
		}
		data_warnings();
	}
	param_default(&opt.param[PA_TZ], "UTC");
	/* every group is counted: its index goes before they are sorted */
	group_table_unindex(&table);
	if (opt.kt.state_out) {
		state_save(opt.kt.state_out, &acc_state_kind, opt.param,
			   PA_COUNT, &table);
	} else {
		breach = emit_table();
	}
	if (opt.kt.state_out)
		manifest_lines(kpitab_put_method, NULL);
	if (opt.kt.merge)
		manifest_write(ULLONG_MAX, 0, 0, 0);
	if (!opt.cli.quiet)
		stats_report();
	status = opt.kt.merge ? EXIT_DONE : acct_finish(&acct);
	if (breach && opt.kt.fail_on_breach)
		target_breach_lines(opt.kt.target, opt.kt.ntarget);
	/* the groups are not freed one by one: the process ends */
	seen_ids_release(&dedupe_ids);
	dims_release(&opt.dims);
	reczone_release(&opt.zone);
	kpilist_release(&opt.kl);
	kpitab_opts_release(&opt.kt);
	for (i = 0; i < PA_COUNT; i++)
		param_release(&opt.param[i]);
	where_release(&opt.where);
	cli_release(&opt.cli);
	if (breach && opt.kt.fail_on_breach && status == EXIT_DONE)
		status = EXIT_BREACH;
	/* an unreadable operand among good ones: exit 3 at the end */
	return io ? io : status;
}
