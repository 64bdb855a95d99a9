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
 *
 * This file holds the options and the run loop; the work is in lib/:
 * svyspec (the roles and options), svyrun (rows into groups and strata),
 * svydesign (strata, clusters, fpc, raking), svyout (the score table),
 * svycmp (--compare), over survey (answers, cells, NPS and alpha
 * formulas), svy (design variances) and rake.
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
#include "manifest.h"
#include "num.h"
#include "out.h"
#include "span.h"
#include "stats.h"
#include "survey.h"
#include "svy.h"
#include "svycmp.h"
#include "svyrun.h"
#include "svyspec.h"
#include "where.h"

static struct cli cli;
static struct svy_spec opt; /* what to score */
static struct svy_run run;  /* the groups and their sums */

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
	O_RAKE_MAXIT,
	O_MAX_GROUPS
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
    "      --max-groups N       stop (exit 3) when there would be more than N\n"
    "                           groups (default 10000000)\n"
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
    "Exit status: 0 done, 2 usage or a wrong scale, 3 input/output or more\n"
    "groups than --max-groups, 4 the data did not hold: no row used, a\n"
    "reject or an unusable answer under --strict, or more rejects than\n"
    "--max-reject-rate.\n";

/* ------------------------------------------------------------ design */

static int read_file(void *ctx, const char *path)
{
	struct csvin *in = csvin_open(path, cli.delim);
	struct csvrow row;
	int st, have_header = 0;

	if (!in)
		return EXIT_IO;
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		if (st == CSVIN_BAD) {
			acct_reject(&run.acct, csvin_name(in), row.line, NULL,
				    "%s", csvin_error(in));
			continue;
		}
		if (!have_header) {
			svyrun_header(&run, &row, csvin_name(in));
			have_header = 1;
			continue;
		}
		svyrun_row(&run, &row, csvin_name(in));
	}
	csvin_free(in);
	return 0;
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
	    {"max-groups", required_argument, 0, O_MAX_GROUPS},
	    {0, 0, 0, 0}};
	struct svyout e;
	FILE *fp;
	int c, io, status = EXIT_DONE;

	diag_init(argv[0]);
	gsl_set_error_handler_off(); /* a bad quantile is NaN, not abort() */
	cli_init(&cli, usage);
	svyspec_init(&opt);
	while ((c = getopt_long(argc, argv, CLI_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		once(longopts, c);
		switch (c) {
		case O_NPS:
			svyspec_nps(&opt, optarg);
			break;
		case O_CSAT:
			svyspec_csat(&opt, optarg);
			break;
		case O_CES:
			svyspec_ces(&opt, optarg);
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
			svyspec_index(&opt, optarg);
			break;
		case O_ALPHA:
			svyspec_alpha(&opt, optarg);
			break;
		case O_BY:
			svyspec_by(&opt, optarg);
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
			svyspec_rake(&opt, optarg);
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
		case O_MAX_GROUPS:
			opt.max_groups = (unsigned long)cli_int(
			    "--max-groups", optarg, 1, 2000000000);
			break;
		default:
			if (!cli_common(&cli, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	opt.quiet = cli.quiet;
	svyspec_finish(&opt);

	svyrun_init(&run, &opt);
	cli_inputs(&cli, argc - optind, argv + optind);
	if (opt.popfile)
		cli_inputs(&cli, 1, (char *const *)&opt.popfile);
	cli_acct(&cli, &run.acct);

	manifest_command(argc, argv);
	/* an unreadable operand: the others are still scored, exit 3 */
	io = cli_run_inputs(argc, argv, optind, read_file, NULL);
	if (svyrun_check_scales(&run))
		die(EXIT_USAGE, "no figures: the scale of an item is wrong");
	svyrun_finish(&run);
	fp = cli_output(&cli);
	svyout_init(
	    &e, &run,
	    out_open(fp, cli.output ? cli.output : "stdout", cli.format),
	    cli.precision);
	svyout_comments(&opt, e.o);
	if (opt.compare)
		svycmp_header(&e);
	else
		svyout_header(&e);
	if (opt.total && opt.nby)
		out_total_col(e.o);
	if (opt.compare)
		svycmp_rows(&e);
	else
		svyout_rows(&e);
	out_close(e.o);
	svyout_release(&e);
	cli_close_output(&cli, fp);
	svyrun_print_missing(&run);
	if (!cli.quiet)
		stats_report();
	status = acct_finish(&run.acct);
	/* SPEC 6: under --strict any reject, or any unusable answer, is 4 */
	if (cli.strict && (run.acct.rejected || run.notes))
		status = EXIT_DATA;
	cli_release(&cli);
	svyrun_release(&run);
	svyspec_release(&opt);
	return io ? io : status;
}
