/*
 * cli: the options every tool shares (see cli.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acct.h"
#include "cli.h"
#include "csvin.h"
#include "diag.h"
#include "manifest.h"
#include "out.h"
#include "xalloc.h"

void cli_init(struct cli *c, const char *usage)
{
	memset(c, 0, sizeof(*c));
	c->format = OUT_CSV;
	c->delim = ',';
	c->precision = -1;
	c->max_errors = 10;
	c->max_reject_rate = -1;
	c->usage = usage;
}

void cli_release(struct cli *c)
{
	free(c->inputs);
	c->inputs = NULL;
	c->ninputs = c->incap = 0;
}

/* --max-reject-rate: a fraction 0..1, or a percentage 0%..100%. */
static double rate_arg(const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end != arg && *end == '%' && !end[1])
		v /= 100, end++;
	if (errno || end == arg || *end || !(v >= 0 && v <= 1))
		cli_usage_error(
		    "--max-reject-rate: \"%s\" is not a rate from 0 to 1 (or 0%% to 100%%)",
		    arg);
	return v;
}

_Noreturn void cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", diag_tool());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n",
		diag_tool());
	exit(EXIT_USAGE);
}

int cli_int(const char *opt, const char *arg, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < lo || v > hi)
		cli_usage_error(
		    "%s: \"%s\" is not a whole number from %d to %d", opt, arg,
		    lo, hi);
	return (int)v;
}

int cli_common(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'h':
		fputs(c->usage, stdout);
		diag_finish_stdout();
		exit(EXIT_DONE);
	case CLI_VERSION:
		printf("%s (telaudit) %s\n", diag_tool(), TELAUDIT_VERSION);
		diag_finish_stdout();
		exit(EXIT_DONE);
	case 'o':
		c->output = arg;
		return 1;
	case CLI_FORMAT:
		c->format = out_fmt_parse(arg);
		if (c->format < 0)
			cli_usage_error(
			    "--format: \"%s\" is not one of " OUT_FORMATS, arg);
		return 1;
	case CLI_DELIM:
		if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
			c->delim = '\t';
		else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' &&
			 arg[0] != '\r')
			c->delim = arg[0];
		else
			cli_usage_error(
			    "--delimiter: \"%s\" is not a single character",
			    arg);
		c->delim_set = 1;
		return 1;
	case CLI_MANIFEST:
		manifest_set_path(arg);
		c->manifest = arg;
		return 1;
	case CLI_REJECTS:
		c->rejects = arg;
		return 1;
	case CLI_STRICT:
		c->strict = 1;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case CLI_MAX_ERRORS:
		if (strcmp(arg, "all") == 0)
			c->max_errors = (unsigned long)-1;
		else
			c->max_errors = (unsigned long)cli_int(
			    "--max-errors", arg, 0, 1000000000);
		return 1;
	case CLI_MAX_REJECT_RATE:
		c->max_reject_rate = rate_arg(arg);
		return 1;
	case CLI_PRECISION:
		c->precision = cli_int("--precision", arg, 0, 12);
		return 1;
	case '?':
		fprintf(stderr, "Try '%s --help' for more information.\n",
			diag_tool());
		exit(EXIT_USAGE);
	default:
		return 0;
	}
}

/*
 * Output that is not a terminal goes out in 1 MiB writes instead of
 * stdio's 4 KiB, and a pipe is widened to 1 MiB where the system lets it
 * (pipe_widen, in csvin.c): with 4 KiB writes, cdr-parse | kpi-calc spent about
 * a second of system time waking the reader 70,000 times per 280 MB. A terminal
 * keeps stdio's line buffering.
 */
#define BIG_BUF (1 << 20)

static void big_buffer(FILE *fp)
{
	static char *buf; /* one output a run; kept until exit */
	int fd = fileno(fp);

	if (buf || fd < 0 || isatty(fd))
		return;
	pipe_widen(fp);
	buf = xmalloc(BIG_BUF);
	setvbuf(fp, buf, _IOFBF, BIG_BUF);
}

FILE *cli_output(const struct cli *c)
{
	FILE *fp;

	if (!c->output || strcmp(c->output, "-") == 0)
		fp = stdout;
	else if (!(fp = fopen(c->output, "w")))
		die(EXIT_IO, "%s:", c->output);
	big_buffer(fp);
	return fp;
}

void cli_close_output(const struct cli *c, FILE *fp)
{
	diag_close_out(fp, fp == stdout ? "stdout" : c->output);
}

int cli_run_inputs(int argc, char **argv, int first,
		   int (*fn)(void *ctx, const char *path), void *ctx)
{
	int i, rc, status = 0;

	if (first >= argc)
		return fn(ctx, "-");
	for (i = first; i < argc; i++) {
		rc = fn(ctx, argv[i]);
		if (rc == EXIT_USAGE)
			return rc;
		if (rc && !status)
			status = rc;
	}
	return status;
}

/* Is path (stat'd into st) the same file as one of the inputs? */
static int is_input(const struct cli *c, const struct stat *st)
{
	size_t i;

	for (i = 0; i < c->ninputs; i++)
		if (c->inputs[i].dev == st->st_dev &&
		    c->inputs[i].ino == st->st_ino)
			return 1;
	return 0;
}

void cli_refuse_input(const struct cli *c, const char *opt, const char *path)
{
	struct stat st;

	if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    S_ISCHR(st.st_mode))
		return;
	if (is_input(c, &st))
		die(EXIT_USAGE,
		    "%s %s: is also an input; refusing to overwrite it", opt,
		    path);
}

void cli_inputs(struct cli *c, int n, char *const *paths)
{
	struct stat st;
	int i, r;

	for (i = 0; i < n || (n == 0 && i == 0); i++) {
		const char *p = n ? paths[i] : NULL;

		if (!p || strcmp(p, "-") == 0)
			r = fstat(STDIN_FILENO, &st);
		else
			r = stat(p, &st);
		/* unreadable inputs fail later; devices are never clobbered */
		if (r != 0 || S_ISCHR(st.st_mode))
			continue;
		c->inputs = xgrow(c->inputs, &c->incap, c->ninputs + 1,
				  sizeof(*c->inputs));
		c->inputs[c->ninputs].dev = st.st_dev;
		c->inputs[c->ninputs].ino = st.st_ino;
		c->ninputs++;
	}
	cli_refuse_input(c, "-o", c->output);
	cli_refuse_input(c, "--rejects", c->rejects);
	cli_refuse_input(c, "--manifest", c->manifest);
	/* output to stdout redirected onto an input file */
	if ((!c->output || strcmp(c->output, "-") == 0) &&
	    fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    is_input(c, &st))
		die(EXIT_USAGE,
		    "stdout: is also an input; refusing to overwrite it");
}

void cli_acct(const struct cli *c, struct acct *a)
{
	struct stat so, sr;

	acct_init(a);
	a->strict = c->strict;
	a->quiet = c->quiet;
	a->max_msgs = c->max_errors;
	a->max_rate = c->max_reject_rate;
	a->delim = c->delim;
	if (!c->rejects)
		return;
	if (c->output && strcmp(c->output, "-") != 0 &&
	    (strcmp(c->output, c->rejects) == 0 ||
	     (stat(c->output, &so) == 0 && stat(c->rejects, &sr) == 0 &&
	      so.st_dev == sr.st_dev && so.st_ino == sr.st_ino)))
		die(EXIT_USAGE, "--rejects %s: is also the -o file",
		    c->rejects);
	acct_open_rejects(a, c->rejects);
}
