/*
 * cli: the options every tool shares (see cli.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "manifest.h"
#include "out.h"

void cli_init(struct cli *c, const char *usage)
{
	memset(c, 0, sizeof(*c));
	c->format = OUT_CSV;
	c->delim = ',';
	c->precision = -1;
	c->usage = usage;
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
		cli_usage_error("%s: \"%s\" is not a whole number from %d to %d",
			opt, arg, lo, hi);
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
			cli_usage_error("--format: \"%s\" is not one of " OUT_FORMATS, arg);
		return 1;
	case CLI_DELIM:
		if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
			c->delim = '\t';
		else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' &&
			 arg[0] != '\r')
			c->delim = arg[0];
		else
			cli_usage_error("--delimiter: \"%s\" is not a single character", arg);
		c->delim_set = 1;
		return 1;
	case CLI_MANIFEST:
		manifest_set_path(arg);
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

FILE *cli_output(const struct cli *c)
{
	FILE *fp;

	if (!c->output || strcmp(c->output, "-") == 0)
		return stdout;
	fp = fopen(c->output, "w");
	if (!fp)
		die(EXIT_IO, "%s:", c->output);
	return fp;
}

void cli_close_output(const struct cli *c, FILE *fp)
{
	diag_close_out(fp, fp == stdout ? "stdout" : c->output);
}

int cli_inputs(int argc, char **argv, int first,
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
