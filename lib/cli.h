/*
 * cli: the options every tool shares (SPEC 6), handled identically
 * everywhere: -h/--help, --version, -o/--output, --format, --delimiter,
 * --rejects, --strict, --max-errors, --max-reject-rate, -q/--quiet,
 * --precision, --manifest. A tool lists
 * CLI_LONGOPTS in its getopt_long table, CLI_SHORTOPTS in its short
 * string, numbers its own long-only options from CLI_OPT_END, and passes
 * every option it does not handle itself to cli_common(). Its --help text
 * ends with CLI_HELP.
 *
 * Outputs never overwrite inputs: once options are parsed, a tool
 * passes its input files to cli_inputs() (operands, rules, states...)
 * before it opens any output; an output (-o, --rejects, --manifest, or
 * one checked with cli_refuse_input) that is the same file as an input
 * (device and inode, as cp compares them) is a usage error, exit 2.
 */
#ifndef TA_CLI_H
#define TA_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <sys/types.h>

struct acct;

#ifndef TELAUDIT_VERSION
#define TELAUDIT_VERSION "0.1.0"
#endif

struct cli {
	const char *output;   /* -o FILE, NULL = stdout */
	int format;	      /* enum out_fmt, default OUT_CSV */
	char delim;	      /* input delimiter, default ',' */
	int delim_set;	      /* --delimiter was given */
	const char *rejects;  /* --rejects FILE */
	const char *manifest; /* --manifest FILE */
	int strict, quiet;
	unsigned long max_errors; /* --max-errors N (default 10; all) */
	double max_reject_rate;	  /* --max-reject-rate R, -1 = none */
	int precision;		  /* --precision N, -1 = the tool's default */
	const char *usage;	  /* the tool's --help text */
	struct cli_file {
		dev_t dev;
		ino_t ino;
	} * inputs;
	size_t ninputs, incap; /* files read, for cli_refuse_input */
};

enum {
	CLI_VERSION = 0x1000,
	CLI_FORMAT,
	CLI_DELIM,
	CLI_REJECTS,
	CLI_STRICT,
	CLI_PRECISION,
	CLI_MANIFEST,
	CLI_MAX_ERRORS,
	CLI_MAX_REJECT_RATE,
	CLI_OPT_END = 0x1100
};

#define CLI_SHORTOPTS "ho:q"
#define CLI_LONGOPTS                                                           \
	{"help", no_argument, 0, 'h'},                                         \
	    {"version", no_argument, 0, CLI_VERSION},                          \
	    {"output", required_argument, 0, 'o'},                             \
	    {"format", required_argument, 0, CLI_FORMAT},                      \
	    {"delimiter", required_argument, 0, CLI_DELIM},                    \
	    {"rejects", required_argument, 0, CLI_REJECTS},                    \
	    {"strict", no_argument, 0, CLI_STRICT},                            \
	    {"max-errors", required_argument, 0, CLI_MAX_ERRORS},              \
	    {"max-reject-rate", required_argument, 0, CLI_MAX_REJECT_RATE},    \
	    {"quiet", no_argument, 0, 'q'},                                    \
	    {"precision", required_argument, 0, CLI_PRECISION},                \
	{                                                                      \
		"manifest", required_argument, 0, CLI_MANIFEST                 \
	}

#define CLI_HELP                                                                       \
	"Common options:\n"                                                            \
	"  -o, --output FILE    write to FILE instead of stdout\n"                     \
	"      --format FMT     csv (default), tsv, table (aligned), md (markdown),\n" \
	"                       json (one array) or jsonl (one object a line)\n"       \
	"      --delimiter C    input field delimiter (default ,; \\t for tab)\n"      \
	"      --rejects FILE   write each rejected row to FILE as CSV\n"              \
	"                       (file,line,reason,record)\n"                           \
	"      --strict         exit 4 if any row was rejected\n"                      \
	"      --max-errors N   print the first N reject lines (default 10, or\n"      \
	"                       all), then one line counting the rest by reason\n"     \
	"      --max-reject-rate R  exit 4 if more than R of the rows read were\n"     \
	"                       rejected (0 to 1, or a percentage such as 5%)\n"       \
	"  -q, --quiet          do not print the run account nor reject lines\n"       \
	"      --precision N    decimals for rates and seconds\n"                      \
	"      --manifest FILE  write the run's provenance to FILE: inputs with\n"     \
	"                       SHA-256, command, files used, method lines\n"          \
	"  -h, --help           print this help and exit\n"                            \
	"      --version        print the version and exit\n"                          \
	"Definitions of every column and figure: man 7 telaudit\n"

void cli_init(struct cli *c, const char *usage);
/*
 * Handle one common option (or '?' from getopt: exits 2 with a hint).
 * Returns 1 if handled; 0 if opt is not a common option. Exits for
 * --help (0), --version (0) and bad values (2).
 */
int cli_common(struct cli *c, int opt, const char *arg);
/* Exit EXIT_USAGE with "tool: text" and "Try 'tool --help'". */
_Noreturn void cli_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* stdout or the -o file (exits EXIT_IO if it cannot be opened). */
FILE *cli_output(const struct cli *c);
/* Close what cli_output returned; exits EXIT_IO on a failed write. */
void cli_close_output(const struct cli *c, FILE *fp);
/* Free what cli_inputs kept. */
void cli_release(struct cli *c);
/* Parse a non-negative int option value or exit EXIT_USAGE. */
int cli_int(const char *opt, const char *arg, int lo, int hi);
/*
 * Record n input paths ("-" or NULL: stdin) and refuse (exit 2) -o,
 * --rejects and --manifest if one is one of them. Call before opening
 * any output.
 */
void cli_inputs(struct cli *c, int n, char *const *paths);
/* Exit 2 if the output path (named by opt in the message) is an input. */
void cli_refuse_input(const struct cli *c, const char *opt, const char *path);
/* acct_init, then the common options: strict, quiet, caps, --rejects. */
void cli_acct(const struct cli *c, struct acct *a);

/*
 * The run loop over a tool's operands (SPEC 6): none means stdin ("-").
 * fn(ctx, path) reads one and returns 0, or an exit status (EXIT_IO when
 * it could not be opened: csvin_open has then said why). Every operand
 * is read even after one fails, so that an unreadable file among good
 * ones is a warning, the others are processed and the account printed;
 * the first non-zero status is returned for the tool to exit with at
 * the end. EXIT_USAGE (a file that does not fit the options) stops the
 * loop at once.
 */
int cli_run_inputs(int argc, char **argv, int first,
		   int (*fn)(void *ctx, const char *path), void *ctx);

#endif
