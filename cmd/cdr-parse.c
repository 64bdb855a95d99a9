/*
 * cdr-parse: vendor CDRs and queue logs -> the call record of SPEC
 * section 2, one CSV row per call (or leg), in the input's order.
 *
 * Every input row ends as exactly one of: a record (used), a reject
 * ("cdr-parse: FILE:LINE: reason", also in --rejects), or skipped (rows
 * that carry no call by design, e.g. queue_log QUEUESTART). Formats that
 * write local time need --tz; without it cdr-parse refuses to start
 * rather than reject every row. Several input files are read in turn
 * with one header in the output.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "cli.h"
#include "csvin.h"
#include "date.h"
#include "diag.h"
#include "manifest.h"
#include "out.h"
#include "rec.h"
#include "span.h"
#include "src/src.h"
#include "src/src_detect.h"
#include "tm.h"
#include "where.h"
#include "xalloc.h"

/* the data window when --date-window is not given: no CDR before the
 * 1990s, and 1970 (an epoch 0) is a missing time, not a call */
#define DEFAULT_WINDOW "1990-01-01..2099-12-31"

static struct {
	const char *format;
	const char *tz;
	int list;
	int open_calls;
	int dedupe;
	struct src_map *map;
	size_t nmap, mapcap;
	const char **pilots, **vm; /* cucm: --hunt-pilot, --voicemail */
	size_t npilots, pcap, nvm, vcap;
	const char *window;
	const char *report_tz; /* the zone of --date-window's days */
	struct where where;
	int jobs; /* --jobs: 2 or more reads on a thread of its own */
} opt = {.open_calls = 1, .window = DEFAULT_WINDOW, .jobs = 1};

enum {
	O_TZ = CLI_OPT_END,
	O_LIST,
	O_MAP,
	O_OPEN_CALLS,
	O_PILOT,
	O_VM,
	O_DEDUPE,
	O_WINDOW,
	O_REPORT_TZ,
	O_WHERE
};

static const char usage[] =
    "Usage: cdr-parse -f FORMAT [OPTION]... [FILE]...\n"
    "Read vendor CDRs or queue logs (FILE, or stdin when none or -) and write\n"
    "one normalised call record per call (see telaudit(7)) as CSV.\n"
    "\n"
    "  -f, --format-in FORMAT  input format (see --list-formats); auto guesses\n"
    "                          it from the first FILE's first line\n"
    "      --tz ZONE           IANA zone of local times in the input\n"
    "                          (e.g. Asia/Shanghai; UTC if the source logs UTC)\n"
    "      --list-formats      list the input formats and exit\n"
    "      --map COL=NAME,...  generic: take record column COL from input\n"
    "                          column NAME (repeatable)\n"
    "      --open-calls MODE   queue logs: calls still open at end of input\n"
    "                          are emitted (emit, the default) or rejected\n"
    "      --hunt-pilot DN     cucm: DN is a hunt pilot, a queue (repeatable;\n"
    "                          pilots are also learned from the input)\n"
    "      --voicemail DN      cucm: DN is a voicemail pilot: a call it takes\n"
    "                          was not answered by a person (repeatable)\n"
    "      --dedupe            write only the first record of each call_id; the\n"
    "                          others are skipped, naming the first's line\n"
    "      --date-window FROM..TO  reject a call whose start is not on a day\n"
    "                          FROM..TO (inclusive; default\n"
    "                          " DEFAULT_WINDOW ")\n"
    "      --report-tz ZONE    the zone of --date-window's days (default UTC)\n"
    "      --where EXPR        write only records that pass: COL=V, COL!=V,\n"
    "                          COL>N, COL~RE (< <= >= !~ too) on the record's\n"
    "                          columns; comma = and; repeatable; the rows of a\n"
    "                          record left out are counted as skipped\n"
    "  -j, --jobs N            threads: with 2 or more the input is read and\n"
    "                          split into fields on a thread of its own while\n"
    "                          records are built and written (same output,\n"
    "                          not faster yet: see the man page; default 1)\n"
    "\n" CLI_HELP "\n"
    "Exit status: 0 done, 2 usage, 3 input/output, 4 the data did not hold\n"
    "(no row used, a reject under --strict, or --max-reject-rate exceeded).\n";

static void add_map(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *item;

	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int c;

		if (!eq || eq == item || !eq[1])
			cli_usage_error("--map: \"%s\" is not COL=NAME", item);
		*eq = '\0';
		if ((c = rec_col_find(item)) < 0)
			cli_usage_error(
			    "--map: \"%s\" is not a call record column", item);
		opt.map =
		    xgrow(opt.map, &opt.mapcap, opt.nmap + 1, sizeof(*opt.map));
		opt.map[opt.nmap].col = c;
		opt.map[opt.nmap].name = xstrdup(eq + 1);
		opt.nmap++;
	}
	free(copy);
}

/* A directory number for --hunt-pilot / --voicemail. */
static void add_dn(const char *name, const char *dn, const char ***v, size_t *n,
		   size_t *cap)
{
	if (!*dn)
		cli_usage_error("%s: the directory number is empty", name);
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = dn;
}

/*
 * The instants of --date-window's days FROM (the first) and FROM + ndays
 * (the day after TO), at local midnight in --report-tz (UTC without it).
 */
static void window_instants(int64_t from, int64_t ndays, int64_t *lo,
			    int64_t *hi)
{
	struct civil c;
	int64_t *t[2] = {lo, hi}, day[2] = {from, from + ndays};
	int i;

	if (opt.report_tz)
		date_opt_report_tz(opt.report_tz);
	for (i = 0; i < 2; i++) {
		memset(&c, 0, sizeof c);
		tm_civil_from_days(day[i], &c.year, &c.mon, &c.day);
		/* a midnight that a DST change skips or repeats: its first
		 * instant either way */
		tz_local_to_utc(&c, t[i]);
	}
	if (opt.report_tz)
		tz_set("UTC");
}

/* -f auto: the format of the first operand, or exit 2 when unsure. */
static const struct src_format *detect_format(const char *path, int quiet)
{
	static char buf[SRC_DETECT_BYTES];
	char why[256];
	const struct src_format *f;
	FILE *fp;
	size_t n;

	if (!path || strcmp(path, "-") == 0)
		cli_usage_error(
		    "-f auto needs a FILE operand (stdin cannot be read twice)");
	if (!(fp = fopen(path, "rb")))
		die(EXIT_IO, "%s:", path);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (!(f = src_detect(buf, n, why, sizeof(why))))
		die(EXIT_USAGE,
		    "%s: cannot tell the input format: %s; name it with -f",
		    path, why);
	if (!quiet)
		warnx("%s: input format %s: %s", path, f->name, why);
	return f;
}

/* The reader of every operand. */
struct input {
	struct src_ctx *ctx;
	const struct src_format *fmt;
	char delim;
};

/* One operand through the format's reader (cli_run_inputs). */
static int read_input(void *arg, const char *path)
{
	struct input *in = arg;
	int status;

	in->ctx->in = csvin_open(path, in->delim);
	if (!in->ctx->in)
		return EXIT_IO;
	in->ctx->file = csvin_name(in->ctx->in);
	if (opt.jobs > 1)
		csvin_set_ahead(in->ctx->in);
	status = in->fmt->run(in->ctx);
	csvin_free(in->ctx->in);
	return status;
}

static void list_formats(FILE *fp)
{
	size_t i;

	for (i = 0; src_formats[i]; i++)
		fprintf(fp, "%-20s %s\n", src_formats[i]->name,
			src_formats[i]->summary);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_LONGOPTS,
	    {"format-in", required_argument, 0, 'f'},
	    {"tz", required_argument, 0, O_TZ},
	    {"list-formats", no_argument, 0, O_LIST},
	    {"map", required_argument, 0, O_MAP},
	    {"open-calls", required_argument, 0, O_OPEN_CALLS},
	    {"hunt-pilot", required_argument, 0, O_PILOT},
	    {"voicemail", required_argument, 0, O_VM},
	    {"dedupe", no_argument, 0, O_DEDUPE},
	    {"date-window", required_argument, 0, O_WINDOW},
	    {"report-tz", required_argument, 0, O_REPORT_TZ},
	    {"where", required_argument, 0, O_WHERE},
	    {"jobs", required_argument, 0, 'j'},
	    {0, 0, 0, 0},
	};
	const struct src_format *fmt;
	struct cli cli;
	struct acct acct;
	char none_used[96];
	struct src_ctx ctx;
	struct input input;
	struct seen_ids ids;
	struct seen_hashes same;
	struct out *out;
	FILE *fp;
	int64_t wfrom, wdays;
	char why[128];
	int c, status = 0;

	diag_init("cdr-parse");
	memset(&ctx, 0, sizeof(ctx));
	cli_init(&cli, usage);
	while ((c = getopt_long(argc, argv, CLI_SHORTOPTS "f:j:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'f':
			opt.format = optarg;
			break;
		case 'j':
			opt.jobs = cli_int("--jobs", optarg, 1, 64);
			break;
		case O_TZ:
			opt.tz = optarg;
			break;
		case O_LIST:
			opt.list = 1;
			break;
		case O_DEDUPE:
			opt.dedupe = 1;
			break;
		case O_WINDOW:
			opt.window = optarg;
			break;
		case O_REPORT_TZ:
			opt.report_tz = optarg;
			break;
		case O_WHERE:
			where_add(&opt.where, optarg);
			break;
		case O_MAP:
			add_map(optarg);
			break;
		case O_OPEN_CALLS:
			if (strcmp(optarg, "emit") == 0)
				opt.open_calls = 1;
			else if (strcmp(optarg, "reject") == 0)
				opt.open_calls = 0;
			else
				cli_usage_error(
				    "--open-calls: \"%s\" is not emit or reject",
				    optarg);
			break;
		case O_PILOT:
			add_dn("--hunt-pilot", optarg, &opt.pilots,
			       &opt.npilots, &opt.pcap);
			break;
		case O_VM:
			add_dn("--voicemail", optarg, &opt.vm, &opt.nvm,
			       &opt.vcap);
			break;
		default:
			if (!cli_common(&cli, c, optarg))
				cli_usage_error("unhandled option");
		}
	}
	if (opt.list) {
		list_formats(stdout);
		diag_finish_stdout();
		return EXIT_DONE;
	}
	manifest_command(argc, argv);
	if (!opt.format)
		cli_usage_error(
		    "no input format given (-f FORMAT; see --list-formats)");
	if (strcmp(opt.format, "auto") == 0)
		fmt = detect_format(optind < argc ? argv[optind] : NULL,
				    cli.quiet);
	else if (!(fmt = src_find(opt.format)))
		cli_usage_error(
		    "-f: \"%s\" is not a format (see --list-formats)",
		    opt.format);
	if (span_parse(opt.window, &wfrom, &wdays, why, sizeof why))
		cli_usage_error("--date-window: \"%s\": %s", opt.window, why);
	window_instants(wfrom, wdays, &ctx.win_from, &ctx.win_to);
	if (opt.where.n && src_where_bind(&opt.where, why, sizeof why))
		cli_usage_error("%s", why);
	if (opt.tz && tz_set(opt.tz) < 0)
		cli_usage_error(
		    "--tz: \"%s\" is not a time zone in the tz database",
		    opt.tz);
	if (fmt->local_time && !opt.tz)
		cli_usage_error(
		    "%s writes local time: give its zone with --tz ZONE (--tz UTC if the source logs UTC)",
		    fmt->name);
	if (opt.nmap && strcmp(fmt->name, "generic") != 0)
		cli_usage_error("--map is only for -f generic");
	if ((opt.npilots || opt.nvm) && strncmp(fmt->name, "cucm", 4) != 0)
		cli_usage_error(
		    "--hunt-pilot and --voicemail are only for -f cucm and cucm-cmr");

	cli_inputs(&cli, argc - optind, argv + optind);
	cli_acct(&cli, &acct);
	snprintf(none_used, sizeof(none_used),
		 "no row was used: is this %s input?", fmt->name);
	acct.none_used = none_used;
	fp = cli_output(&cli);
	out = out_open(fp, cli.output ? cli.output : "stdout", cli.format);
	rec_out_header(out);

	ctx.acct = &acct;
	ctx.out = out;
	ctx.have_tz = opt.tz != NULL;
	ctx.zone = opt.tz ? opt.tz : "UTC";
	ctx.map = opt.map;
	ctx.nmap = opt.nmap;
	ctx.open_calls = opt.open_calls;
	ctx.hunt_pilots = opt.pilots;
	ctx.nhunt_pilots = opt.npilots;
	ctx.voicemail = opt.vm;
	ctx.nvoicemail = opt.nvm;
	seen_ids_init(&ids);
	seen_hashes_init(&same);
	if (opt.dedupe)
		ctx.dedupe = &ids;
	else
		ctx.same = &same;
	ctx.several = argc - optind > 1;
	ctx.win_label = opt.window;
	ctx.where = opt.where.n ? &opt.where : NULL;
	input.ctx = &ctx;
	input.fmt = fmt;
	input.delim = cli.delim_set ? cli.delim : fmt->delim;
	status = cli_run_inputs(argc, argv, optind, read_input, &input);
	out_close(out);
	cli_close_output(&cli, fp);
	if (ctx.identical && !cli.quiet)
		warnx(
		    "%lu record(s) identical to an earlier one: rows repeated in the input? (--dedupe keeps the first of each call_id)",
		    ctx.identical);
	seen_ids_release(&ids);
	seen_hashes_release(&same);
	src_where_release(&ctx);
	where_release(&opt.where);
	c = acct_finish(&acct);
	for (size_t k = 0; k < opt.nmap; k++)
		free((char *)opt.map[k].name);
	free(opt.map);
	cli_release(&cli);
	return status ? status : c;
}
