/*
 * complaint-kpi: complaint-handling KPIs (SPEC 5.1): how many complaints
 * came in and were closed, the backlog, replies and resolutions within
 * the limit (calendar days, working days or elapsed time), time to
 * resolve, ACMA's days to resolve 80 %, repeat, escalation and reopen
 * rates, and complaints per 10,000 / per million subscribers.
 *
 * Reads complaint records by header name (lib/complaint), adds each to
 * the group of its receipt (and counts its closing in the group of its
 * closing period), and prints one row per group in ascending key order.
 * Groups, keys, histograms and targets are the library's (lib/acc,
 * lib/target), shared with kpi-calc; --state-out / --merge go through
 * the same cacc_merge path, so a merged table equals a single run.
 *
 * Choices where SPEC is silent (also in the man page):
 * - one zone (--tz) places local input times and the periods and days;
 * - at most one period in --by (the backlog runs along it);
 * - `closed` and `open_at_end` follow the period of closing: closed is
 *   the number closed during the period, open_at_end the backlog at its
 *   end (received up to then, not closed by then), so that
 *   open_at_end = previous open_at_end + received - closed;
 * - rates over received complaints (SPEC); pending ones are in the
 *   denominator and never in the numerator;
 * - repeat_rate is exact under --merge only when the parts were split by
 *   customer (as kpi-calc's fcr by caller);
 * - an empty id is allowed (not checked for duplicates).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acc.h"
#include "acct.h"
#include "cli.h"
#include "complaint.h"
#include "csvin.h"
#include "date.h"
#include "diag.h"
#include "dims.h"
#include "fcr.h"
#include "kpitab.h"
#include "num.h"
#include "out.h"
#include "period.h"
#include "seen.h"
#include "stats.h"
#include "subs.h"
#include "target.h"
#include "tm.h"
#include "where.h"
#include "workcal.h"
#include "xalloc.h"

#define DEFAULT_KPIS                                                           \
	"received,closed,open_at_end,reply_within,reply_pending,reply_rate,"   \
	"resolve_within,resolve_pending,resolve_rate,ttr_mean,days_to_80pct,"  \
	"repeat_rate,escalation_rate,reopen_rate"

/* Parameters that fix the accumulators; they must agree in --merge. */
enum {
	PA_BY,
	PA_TZ,
	PA_REPLY,
	PA_RESOLVE,
	PA_WORKING,
	PA_WEEKEND,
	PA_HOLIDAYS,
	PA_REPEAT_W,
	PA_REPEAT_BY,
	PA_ASOF,
	PA_HIST,
	PA_COUNT
};
static const char *const pnames[PA_COUNT] = {
    "by",	    "tz",      "reply_limit", "resolve_limit",
    "working_days", "weekend", "holidays",    "repeat_window",
    "repeat_by",    "as_of",   "hist"};

static struct {
	struct cli cli;
	struct param param[PA_COUNT];
	struct kpilist kl; /* --kpis */
	struct ckpi *kpi;  /* kl's */
	size_t nkpi;
	const char *kpis_arg, *date_format, *holidays;
	struct kpitab_opts kt; /* the table's options, targets */
	const char *rename[CP_COUNT];
	struct dims dims; /* --by: one period at most */
	int want_hist;
	struct climit reply, resolve;
	struct workcal cal;
	int64_t repeat_ms, last; /* last: --as-of cut-off, TM_NONE */
	int repeat_cat;
	struct subs subs;   /* --subscribers */
	struct where where; /* --where */
} opt;

static struct acct acct;
static struct ctable table;

/* ---- KPIs and targets ---- */

/* target_kpi_fn for complaint KPIs: durations in days for the ttr ones. */
static int kpi_name(void *ctx, const char *name, char *canon, size_t canonlen,
		    double *unit_ms)
{
	struct ckpi k;

	(void)ctx;
	if (ckpi_parse(name, &k) < 0)
		return -1;
	snprintf(canon, canonlen, "%s", k.name);
	*unit_ms = k.kind == CKK_DAYS ? 86400000.0 : 0;
	return 0;
}

static void set_limit(int pa, const char *optname, const char *v, int explicit,
		      const char *origin)
{
	struct climit l;
	char b[64];

	if (climit_parse(v, &l) < 0)
		cli_usage_error(
		    "%s: \"%s\" is not a limit like 15d, 2wd or 48h", optname,
		    v);
	param_set(&opt.param[pa], climit_format(b, &l), explicit, origin);
}

static void set_repeat_window(const char *v, int explicit, const char *origin)
{
	int64_t ms;
	char b[64];

	if (dur_parse(v, &ms) < 0 || ms <= 0)
		cli_usage_error("--repeat-window: \"%s\" is not a duration", v);
	param_set(&opt.param[PA_REPEAT_W], fmt_ms(b, ms), explicit, origin);
}

/* Parameter lines of a targets file. */
static void file_limit(const char *o, const char *v, const char *where)
{
	set_limit(!strcmp(o, "--reply-limit") ? PA_REPLY : PA_RESOLVE, o, v, 0,
		  where);
}

static void file_repeat_window(const char *o, const char *v, const char *where)
{
	(void)o;
	set_repeat_window(v, 0, where);
}

static void file_working(const char *o, const char *v, const char *where)
{
	(void)o;
	(void)v;
	param_set(&opt.param[PA_WORKING], "1", 0, where);
}

static const struct kpitab_param file_params[] = {
    {"--reply-limit", 0, file_limit},
    {"--resolve-limit", 0, file_limit},
    {"--repeat-window", 0, file_repeat_window},
    {"--working-days", 1, file_working},
    {NULL, 0, NULL},
};

static int parse_kpi(const char *name, void *k)
{
	return ckpi_parse(name, k);
}

/* --kpis (alias all = the default list), ttr_pNN after ttr_mean. */
static void build_kpis(void)
{
	static const struct kpi_alias alias[] = {{"all", DEFAULT_KPIS},
						 {NULL, NULL}};
	static const struct kpi_pcts pcts[] = {{"ttr_mean", "ttr_p"},
					       {NULL, NULL}};
	size_t i;

	opt.kl = (struct kpilist)KPILIST_INIT(struct ckpi, parse_kpi);
	kpilist_build(&opt.kl, opt.kpis_arg ? opt.kpis_arg : "all", alias, pcts,
		      &opt.kt);
	if (!opt.kpis_arg && (opt.subs.n || opt.subs.all > 0))
		kpilist_push(&opt.kl, "per_10k");
	kpilist_targets(&opt.kl, opt.kt.target, opt.kt.ntarget);
	opt.kpi = opt.kl.v;
	opt.nkpi = opt.kl.n;
	for (i = 0; i < opt.nkpi; i++)
		if (opt.kpi[i].id == CK_TTR_P)
			opt.want_hist = 1;
}

/* ---- duplicate ids ---- */

static struct seen_ids ids; /* id -> the line first seen on */

/* ---- reading ---- */

struct reader {
	const char *name;
	struct csvin *in;
	struct cpmap map;
	size_t nf;
	struct group_key key, rkey;
	const struct cacc_params *cp;
	struct fcr *rep;
	struct group_key ckey; /* customer [+ category] */
};

static void read_row(struct reader *rd, const struct csvrow *row)
{
	struct complaint c;
	struct cacc *a;
	uint32_t gi;
	char err[512];
	int64_t close;
	size_t i;

	if (row->nf != rd->nf) {
		acct_reject(&acct, rd->name, row->line, row,
			    "%zu fields, the header has %zu", row->nf, rd->nf);
		return;
	}
	if (!where_row(&opt.where, &acct, rd->name, row))
		return;
	if (complaint_from_row(&rd->map, row, opt.date_format, opt.last, &c,
			       err, sizeof(err)) < 0) {
		acct_reject(&acct, rd->name, row->line, row, "%s", err);
		return;
	}
	if (dims_key(opt.dims.d, opt.dims.n, &rd->key, row, c.received, &i) <
	    0) {
		acct_reject(&acct, rd->name, row->line, row,
			    "a --by column contains a NUL byte");
		return;
	}
	if (c.idlen && seen_ids_add(&ids, c.id, c.idlen, row->line)) {
		acct_reject(&acct, rd->name, row->line, row,
			    "id: \"%.*s\" is a duplicate",
			    (int)(c.idlen > 40 ? 40 : c.idlen), c.id);
		return;
	}
	a = ctable_get(&table, rd->key.buf, rd->key.len, &gi);
	if (!cacc_add_fits(a, &c)) {
		acct_reject(&acct, rd->name, row->line, row,
			    "a millisecond sum of its group would not fit in "
			    "64 bits");
		return;
	}
	cacc_add(a, &c, rd->cp);
	close = c.closed != TM_NONE ? c.closed : c.resolved;
	if (close != TM_NONE) {
		if (opt.dims.period >= 0) {
			dims_key(opt.dims.d, opt.dims.n, &rd->key, row, close,
				 &i);
			a = ctable_get(&table, rd->key.buf, rd->key.len, NULL);
		}
		a->closed++;
	}
	if (c.customer && *c.customer) {
		group_key_reset(&rd->ckey);
		group_key_text(&rd->ckey, c.customer);
		if (opt.repeat_cat) {
			rd->ckey.buf[rd->ckey.len - 1] = '\x1f';
			group_key_text(&rd->ckey, c.category ? c.category : "");
		}
		/* fcr's "(start, start + W]" on negated times: [r - W, r) */
		fcr_add(rd->rep, rd->ckey.buf, -c.received, gi, 1);
	}
	if (table.latest == TM_NONE || c.latest > table.latest)
		table.latest = c.latest;
	if (table.keys.n > opt.kt.max_groups)
		kpitab_check_groups(&opt.kt, table.keys.n, rd->name, row->line);
	acct_use(&acct);
}

/* What every input file is read with (cli_run_inputs). */
struct inputs {
	const struct cacc_params *cp;
	struct fcr *rep;
};

/* A --by name that is a record column (--map): its field, or -1. */
static int record_col(void *ctx, const char *name)
{
	int c = cp_col_parse(name);

	return c >= 0 ? ((struct cpmap *)ctx)->idx[c] : -1;
}

/* One input file: 0, or EXIT_IO if it cannot be opened. */
static int read_file(void *ctx, const char *path)
{
	const struct inputs *inp = ctx;
	struct csvin *in = csvin_open(path, opt.cli.delim);
	struct reader rd;
	struct csvrow row;
	char err[256];
	int st;

	if (!in)
		return EXIT_IO;
	memset(&rd, 0, sizeof(rd));
	rd.name = csvin_name(in);
	rd.in = in;
	rd.cp = inp->cp;
	rd.rep = inp->rep;
	while ((st = csvin_next(in, &row)) == CSVIN_BAD)
		acct_reject(&acct, rd.name, row.line, NULL, "%s",
			    csvin_error(in));
	if (st == CSVIN_EOF)
		goto done;
	if (cpmap_init(&rd.map, &row, opt.rename, err, sizeof(err)) < 0)
		die_at(EXIT_USAGE, rd.name, row.line, "%s", err);
	rd.nf = row.nf;
	dims_bind(&opt.dims, &row, rd.name, record_col, &rd.map);
	if (where_bind(&opt.where, &row, err, sizeof(err)))
		die_at(EXIT_USAGE, rd.name, row.line, "%s", err);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		if (st == CSVIN_BAD) {
			acct_reject(&acct, rd.name, row.line, NULL, "%s",
				    csvin_error(in));
			continue;
		}
		read_row(&rd, &row);
	}
done:
	group_key_release(&rd.key);
	group_key_release(&rd.rkey);
	group_key_release(&rd.ckey);
	csvin_free(in);
	return 0;
}

static void repeat_result(void *ctx, uint32_t gi, int repeated)
{
	struct cacc *a = &((struct ctable *)ctx)->v[gi];

	a->rep_n++;
	a->rep_yes += (uint64_t)repeated;
}

/* ---- output ---- */

static void manifest_lines(kpitab_put_fn put, void *ctx)
{
	char b[1024], d[64];
	size_t i;

	kpitab_method_head(put, ctx, "complaint-kpi", &opt.kl);
	for (i = 0; i < PA_COUNT; i++) {
		if (i == PA_HIST)
			continue;
		snprintf(b, sizeof(b), "%s=%s", opt.param[i].name,
			 opt.param[i].value);
		put(ctx, b);
	}
	if (table.latest != TM_NONE) {
		snprintf(b, sizeof(b), "latest_time_in_data=%s",
			 tm_format_iso(d, table.latest));
		put(ctx, b);
	}
	put(ctx, "clock=starts at received; stops at replied (else resolved, "
		 "else closed) for replies, at resolved (else closed) for "
		 "resolutions; day limits count local dates after the "
		 "receipt date");
	put(ctx, "rates=within the limit / received; pending (limit not "
		 "passed at the cut-off) counted apart, never a success");
	kpitab_method_tail(put, ctx, &opt.kt);
}

/* kpitab_emit's values: a group's accumulator and its context. */
struct row {
	const struct cacc *a;
	const struct ckpi_ctx *x;
};

static void row_value(void *ctx, size_t i, struct kpi_val *v)
{
	const struct row *r = ctx;

	cacc_kpi(r->a, &opt.kpi[i], r->x, v);
}

static int emit_table(void)
{
	struct group_ent **v = group_table_sorted(&table.keys);
	struct group_table rest; /* key without the period -> running backlog */
	int64_t *run = NULL;
	size_t runcap = 0, nrest, i, j;
	struct group_key rk;
	struct cacc total;
	struct ckpi_ctx x;
	struct kpicol *col = xcalloc(opt.nkpi + 1, sizeof(*col));
	struct kpitab kt;
	struct row r = {NULL, &x};
	const char **labels;
	int breach = 0;

	for (i = 0; i < opt.nkpi; i++) {
		col[i].name = opt.kpi[i].name;
		col[i].count = opt.kpi[i].kind == CKK_COUNT;
		col[i].rate = opt.kpi[i].kind == CKK_RATE;
		col[i].prec = opt.kpi[i].kind == CKK_DAYS ? 2 : 4;
	}
	memset(&rk, 0, sizeof(rk));
	acc_table_init(&rest);
	kpitab_open(&kt, &opt.cli, &opt.kt, &opt.dims, col, opt.nkpi,
		    manifest_lines, OUT_STR, OUT_STR);
	labels = kt.labels;
	memset(&x, 0, sizeof(x));
	x.reply = &opt.reply;
	x.resolve = &opt.resolve;
	x.last = opt.last != TM_NONE ? opt.last : table.latest;
	cacc_init(&total);
	for (i = 0; i < table.keys.n; i++) {
		const struct cacc *a = &table.v[v[i]->idx];
		struct group_ent *g;
		kpitab_key_labels(&kt, &opt.dims, v[i]);
		/* the backlog runs along the period, per other components */
		group_key_reset(&rk);
		for (j = 0; j < opt.dims.n; j++)
			if (!opt.dims.is_period[j])
				group_key_text(&rk, labels[j]);
		nrest = rest.n;
		g = acc_table_get(&rest, rk.buf, rk.len);
		run = xgrow(run, &runcap, g->idx + 1, sizeof(*run));
		if (rest.n > nrest)
			run[g->idx] = 0;
		run[g->idx] += (int64_t)a->received - (int64_t)a->closed;
		x.open_at_end = run[g->idx];
		x.subscribers = subs_of(&opt.subs, opt.dims.period >= 0
						       ? labels[opt.dims.period]
						       : NULL);
		r.a = a;
		breach |= kpitab_emit(&kt, row_value, &r);
		if (opt.kt.total)
			cacc_merge(&total, a);
	}
	if (opt.kt.total) {
		for (j = 0; j < opt.dims.n; j++)
			labels[j] = j ? "" : "total";
		x.open_at_end = (int64_t)total.received - (int64_t)total.closed;
		x.subscribers = subs_of(&opt.subs, NULL);
		r.a = &total;
		breach |= kpitab_emit(&kt, row_value, &r);
	}
	cacc_release(&total);
	free(col);
	group_key_release(&rk);
	acc_table_release(&rest);
	free(run);
	kpitab_close(&kt, &opt.cli);
	free(v);
	return breach;
}

static const char usage[] =
    "Usage: complaint-kpi [OPTION]... [FILE]...\n"
    "       complaint-kpi --merge [OPTION]... STATE...\n"
    "Complaint-handling KPIs (SPEC 5.1) from complaint records with the\n"
    "columns id, received, replied, resolved, closed, customer, category,\n"
    "tier, channel, escalated, reopened (found by header name).\n"
    "\n"
    "  -k, --kpis LIST        KPIs to print, in order (default all: received,\n"
    "                         closed, open_at_end, reply_within, reply_pending,\n"
    "                         reply_rate, resolve_within, resolve_pending,\n"
    "                         resolve_rate, ttr_mean, days_to_80pct, repeat_rate,\n"
    "                         escalation_rate, reopen_rate; also reply_missed,\n"
    "                         resolve_missed, ttr_pNN, per_10k, per_million)\n"
    "      --percentiles LIST ttr percentiles after ttr_mean, e.g. 50,90\n"
    "  -b, --by LIST          group by the period of receipt (hour, day, week,\n"
    "                         month, quarter, year, span:FROM..TO; one at\n"
    "                         most) and/or columns (comma-separated;\n"
    "                         repeatable: appended)\n"
    "      --total            add a total row\n"
    "      --where EXPR       only rows that pass: COL=V, COL!=V, COL>N, COL~RE\n"
    "                         (< <= >= !~ too); comma = and; repeatable\n"
    "      --map NAME=COL     read record column NAME from input column COL\n"
    "                         (repeatable, or comma-separated)\n"
    "      --report-tz ZONE   zone of local input times, periods and days\n"
    "                         (default UTC; --tz is the same)\n"
    "      --date-format FMT  layout of the times, e.g. %d-%m-%y, %Y/%m/%d,\n"
    "                         %Y年%m月%d日 (default ISO 8601, YYYY/MM/DD, serials)\n"
    "      --reply-limit LIM  reply limit: 15d (calendar days, default), 2wd\n"
    "                         (working days), 48h (elapsed); none to drop it\n"
    "      --resolve-limit LIM  resolution limit (default 30d)\n"
    "      --working-days     day limits and days_to_80pct count working days\n"
    "      --holidays FILE    dates that are not working days (DATE,work: a\n"
    "                         weekend day that is)\n"
    "      --weekend LIST     weekend days (default sat,sun)\n"
    "      --repeat-window DUR  a complaint is a repeat when the customer\n"
    "                         complained in the DUR before it (default 30d)\n"
    "      --repeat-by KEY    customer (default) or customer,category\n"
    "      --as-of TIME       cut-off: a date (its end) or a time; later times\n"
    "                         are rejected (default: the latest time in the data)\n"
    "      --subscribers X    subscriber base: a number, or a CSV file of\n"
    "                         period,count (per_10k, per_million)\n"
    "      --ci LEVEL         Wilson interval columns for every rate (e.g. 0.95)\n"
    "      --target EXPR      add a <kpi>_ok column, e.g. 'reply_rate>=1'\n"
    "      --targets FILE     targets from FILE or a preset (miit-reply-15d,\n"
    "                         miit-appeal-30d, trai-billing-4w, trai-billing-6w,\n"
    "                         acma-urgent-2wd, eett-20d, ofcom-8w)\n"
    "      --fail-on-breach   exit 1 if a target is not met\n"
    "      --state-out FILE   write the group state to FILE instead of the table\n"
    "      --merge            the operands are state files to combine\n"
    "      --max-groups N     stop (exit 3) when there would be more than N\n"
    "                         groups (default 10000000)\n"
    "\n" CLI_HELP;

enum {
	OPT_MAP = CLI_OPT_END,
	OPT_TZ,
	OPT_DATEFMT,
	OPT_REPLY,
	OPT_RESOLVE,
	OPT_WORKING,
	OPT_HOLIDAYS,
	OPT_WEEKEND,
	OPT_REPEAT_W,
	OPT_REPEAT_BY,
	OPT_ASOF,
	OPT_SUBS,
	OPT_WHERE,
};

static const struct option longopts[] = {
    CLI_LONGOPTS,
    KPITAB_LONGOPTS,
    {"kpis", required_argument, 0, 'k'},
    {"by", required_argument, 0, 'b'},
    {"map", required_argument, 0, OPT_MAP},
    {"report-tz", required_argument, 0, OPT_TZ},
    {"tz", required_argument, 0, OPT_TZ},
    {"where", required_argument, 0, OPT_WHERE},
    {"date-format", required_argument, 0, OPT_DATEFMT},
    {"reply-limit", required_argument, 0, OPT_REPLY},
    {"resolve-limit", required_argument, 0, OPT_RESOLVE},
    {"working-days", no_argument, 0, OPT_WORKING},
    {"holidays", required_argument, 0, OPT_HOLIDAYS},
    {"weekend", required_argument, 0, OPT_WEEKEND},
    {"repeat-window", required_argument, 0, OPT_REPEAT_W},
    {"repeat-by", required_argument, 0, OPT_REPEAT_BY},
    {"as-of", required_argument, 0, OPT_ASOF},
    {"subscribers", required_argument, 0, OPT_SUBS},
    {0, 0, 0, 0},
};

static void add_map(const char *arg)
{
	char *list = xstrdup(arg), *tok, *sv;

	for (tok = strtok_r(list, ",", &sv); tok;
	     tok = strtok_r(NULL, ",", &sv)) {
		char *eq = strchr(tok, '=');
		int c;
		if (!eq || eq == tok || !eq[1])
			cli_usage_error("--map: \"%s\" is not NAME=COL", tok);
		*eq = '\0';
		if ((c = cp_col_parse(tok)) < 0)
			cli_usage_error(
			    "--map: \"%s\" is not a complaint record column",
			    tok);
		opt.rename[c] = target_keep(xstrdup(eq + 1));
	}
	free(list);
}

/* --as-of: a date means its end, a time that instant. */
static int64_t parse_asof(const char *v)
{
	char why[128];
	int64_t t;
	int has_time;

	if (date_read(NULL, v, strlen(v), &t, &has_time, why, sizeof(why)) < 0)
		cli_usage_error("--as-of: %s", why);
	if (!has_time)
		t = date_day_start(date_local_day(t) + 1) - 1;
	return t;
}

int main(int argc, char **argv)
{
	struct cacc_params cp;
	struct inputs in;
	struct fcr *rep = NULL;
	const char *asof = NULL, *subs = NULL;
	size_t i;
	int c, status, io = 0, breach = 0;
	char b[64];

	diag_init("complaint-kpi");
	cli_init(&opt.cli, usage);
	opt.last = TM_NONE;
	opt.subs.all = -1;
	ctable_init(&table);
	seen_ids_init(&ids);
	for (i = 0; i < PA_COUNT; i++)
		opt.param[i].name = pnames[i];
	kpitab_opts_init(&opt.kt, kpi_name, file_params);
	while ((c = getopt_long(argc, argv, CLI_SHORTOPTS "k:b:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'k':
			opt.kpis_arg = optarg;
			break;
		case 'b':
			/* repeatable: appended (one grammar, SPEC 6) */
			param_append(&opt.param[PA_BY], optarg, "--by");
			break;
		case OPT_MAP:
			add_map(optarg);
			break;
		case OPT_TZ:
			date_opt_report_tz(optarg);
			param_set(&opt.param[PA_TZ], optarg, 1, "--report-tz");
			break;
		case OPT_DATEFMT:
			opt.date_format = date_opt_format(optarg);
			break;
		case OPT_WHERE:
			where_add(&opt.where, optarg);
			break;
		case OPT_REPLY:
			if (!strcmp(optarg, "none"))
				param_set(&opt.param[PA_REPLY], "none", 1,
					  "--reply-limit");
			else
				set_limit(PA_REPLY, "--reply-limit", optarg, 1,
					  "--reply-limit");
			break;
		case OPT_RESOLVE:
			if (!strcmp(optarg, "none"))
				param_set(&opt.param[PA_RESOLVE], "none", 1,
					  "--resolve-limit");
			else
				set_limit(PA_RESOLVE, "--resolve-limit", optarg,
					  1, "--resolve-limit");
			break;
		case OPT_WORKING:
			param_set(&opt.param[PA_WORKING], "1", 1,
				  "--working-days");
			break;
		case OPT_HOLIDAYS:
			opt.holidays = optarg;
			break;
		case OPT_WEEKEND:
			param_set(&opt.param[PA_WEEKEND], optarg, 1,
				  "--weekend");
			break;
		case OPT_REPEAT_W:
			set_repeat_window(optarg, 1, "--repeat-window");
			break;
		case OPT_REPEAT_BY:
			if (strcmp(optarg, "customer") &&
			    strcmp(optarg, "customer,category"))
				cli_usage_error(
				    "--repeat-by: \"%s\" is not customer or customer,category",
				    optarg);
			param_set(&opt.param[PA_REPEAT_BY], optarg, 1,
				  "--repeat-by");
			break;
		case OPT_ASOF:
			asof = optarg;
			break;
		case OPT_SUBS:
			subs = optarg;
			break;
		default:
			if (!kpitab_option(&opt.kt, c, optarg) &&
			    !cli_common(&opt.cli, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	kpitab_read_targets(&opt.kt, &opt.cli);
	if (subs)
		subs_read(&opt.subs, subs);
	if (subs && opt.subs.all < 0) /* a file of subscribers */
		cli_inputs(&opt.cli, 1, (char *const *)&subs);
	if (opt.holidays)
		cli_inputs(&opt.cli, 1, (char *const *)&opt.holidays);
	build_kpis();
	kpitab_check_modes(&opt.kt, argc - optind);

	/* the zone first: --as-of and the holidays are local dates */
	if (!opt.kt.merge) {
		param_default(&opt.param[PA_TZ], "UTC");
		kpitab_zone(&opt.param[PA_TZ]);
		param_default(&opt.param[PA_WEEKEND], "sat,sun");
		if (workcal_weekend(&opt.cal, opt.param[PA_WEEKEND].value) < 0)
			cli_usage_error(
			    "--weekend: \"%s\" is not a list of mon..sun",
			    opt.param[PA_WEEKEND].value);
		if (opt.holidays) {
			char err[256];
			if (workcal_read(&opt.cal, opt.holidays, err,
					 sizeof(err)) < 0)
				die(EXIT_USAGE, "%s:%s", opt.holidays, err);
		}
		char *h = workcal_text(&opt.cal);
		param_set(&opt.param[PA_HOLIDAYS], h, 1, "--holidays");
		free(h);
		if (asof) {
			opt.last = parse_asof(asof);
			param_set(&opt.param[PA_ASOF],
				  tm_format_iso(b, opt.last), 1, "--as-of");
		} else {
			param_set(&opt.param[PA_ASOF], "latest", 1,
				  "the default");
		}
	}
	for (c = optind; opt.kt.merge && c < argc; c++) {
		state_merge_file(argv[c], &cacc_state_kind, &table, opt.param,
				 PA_COUNT);
		kpitab_check_groups(&opt.kt, table.keys.n, argv[c], 0);
	}
	param_default(&opt.param[PA_TZ], "UTC");
	param_default(&opt.param[PA_BY], "");
	param_default(&opt.param[PA_REPLY], "15d");
	param_default(&opt.param[PA_RESOLVE], "30d");
	param_default(&opt.param[PA_WORKING], "0");
	param_default(&opt.param[PA_WEEKEND], "sat,sun");
	param_default(&opt.param[PA_HOLIDAYS], "");
	param_default(&opt.param[PA_REPEAT_W], "2592000");
	param_default(&opt.param[PA_REPEAT_BY], "customer");
	param_default(&opt.param[PA_ASOF], "latest");
	if (opt.kt.merge) {
		kpitab_zone(&opt.param[PA_TZ]);
		if (asof) {
			opt.last = parse_asof(asof);
			param_from_state(&opt.param[PA_ASOF],
					 tm_format_iso(b, opt.last), "--as-of");
		} else if (strcmp(opt.param[PA_ASOF].value, "latest") &&
			   tm_parse_iso(opt.param[PA_ASOF].value,
					strlen(opt.param[PA_ASOF].value),
					&opt.last) < 0) {
			die(EXIT_USAGE, "state: as_of \"%s\" is not a time",
			    opt.param[PA_ASOF].value);
		}
	}
	dims_parse(&opt.dims, opt.param[PA_BY].value, 1);
	if (opt.kt.merge) /* every group key has the shape of --by */
		state_check_keys(&table.keys, opt.dims.is_period, opt.dims.n,
				 opt.param[PA_BY].value);
	/* limits: day limits count working days with --working-days */
	opt.reply.kind = opt.resolve.kind = CL_NONE;
	if (strcmp(opt.param[PA_REPLY].value, "none") &&
	    climit_parse(opt.param[PA_REPLY].value, &opt.reply) < 0)
		die(EXIT_USAGE, "state: reply_limit \"%s\" is not a limit",
		    opt.param[PA_REPLY].value);
	if (strcmp(opt.param[PA_RESOLVE].value, "none") &&
	    climit_parse(opt.param[PA_RESOLVE].value, &opt.resolve) < 0)
		die(EXIT_USAGE, "state: resolve_limit \"%s\" is not a limit",
		    opt.param[PA_RESOLVE].value);
	if (!strcmp(opt.param[PA_WORKING].value, "1")) {
		if (opt.reply.kind == CL_DAYS)
			opt.reply.kind = CL_WORKDAYS;
		if (opt.resolve.kind == CL_DAYS)
			opt.resolve.kind = CL_WORKDAYS;
	}
	dur_parse(opt.param[PA_REPEAT_W].value, &opt.repeat_ms);
	opt.repeat_cat =
	    !strcmp(opt.param[PA_REPEAT_BY].value, "customer,category");
	kpitab_hist(&opt.kt, &opt.want_hist, &opt.param[PA_HIST]);
	param_default(&opt.param[PA_HIST], "0");

	kpitab_inputs(
	    &opt.kt, &opt.cli, argc - optind, argv + optind, &acct,
	    "no row was used: the input holds no usable complaint record");
	if (!opt.kt.merge) {
		memset(&cp, 0, sizeof(cp));
		cp.reply = opt.reply;
		cp.resolve = opt.resolve;
		cp.cal = &opt.cal;
		cp.workdays = !strcmp(opt.param[PA_WORKING].value, "1");
		cp.hist = opt.want_hist;
		rep = fcr_new(opt.repeat_ms);
		in.cp = &cp;
		in.rep = rep;
		io = cli_run_inputs(argc, argv, optind, read_file, &in);
		fcr_finish(rep, repeat_result, &table);
		fcr_free(rep);
	}
	if (opt.kt.state_out) {
		state_save(opt.kt.state_out, &cacc_state_kind, opt.param,
			   PA_COUNT, &table);
	} else {
		breach = emit_table();
	}
	status = opt.kt.merge ? EXIT_DONE : acct_finish(&acct);
	ctable_release(&table);
	workcal_release(&opt.cal);
	seen_ids_release(&ids);
	dims_release(&opt.dims);
	kpilist_release(&opt.kl);
	subs_release(&opt.subs);
	for (i = 0; i < PA_COUNT; i++)
		param_release(&opt.param[i]);
	/* the breached targets are named even when the data did not hold
	 * (exit 4), as kpi-calc does */
	if (breach && opt.kt.fail_on_breach)
		target_breach_lines(opt.kt.target, opt.kt.ntarget);
	if (breach && opt.kt.fail_on_breach && status == EXIT_DONE)
		status = EXIT_BREACH;
	kpitab_opts_release(&opt.kt);
	where_release(&opt.where);
	cli_release(&opt.cli);
	return io ? io : status;
}
