/*
 * diag: messages and exits (see diag.h). The only caller of exit().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const char *tool = "telaudit";

void diag_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	tool = slash ? slash + 1 : name;
}

const char *diag_tool(void)
{
	return tool;
}

/* Print "tool: [file:[line:] ]text[: strerror]\n" on stderr. */
static void vreport(const char *file, long line, const char *fmt,
	va_list ap)
{
	int e = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", tool);
	if (file) {
		if (line > 0)
			fprintf(stderr, "%s:%ld: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(e));
	fputc('\n', stderr);
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
}

void warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
}

_Noreturn void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

_Noreturn void die_at(int status, const char *file, long line,
	const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
	exit(status);
}

void diag_close_out(FILE *fp, const char *name)
{
	int bad = ferror(fp);

	if (fflush(fp) != 0)
		bad = 1;
	if (bad && errno == EPIPE)
		exit(EXIT_IO);
	if (fp != stdout && fp != stderr) {
		if (fclose(fp) != 0)
			bad = 1;
	}
	if (bad) {
		if (errno == EPIPE)
			exit(EXIT_IO);
		die(EXIT_IO, "%s: write error:", name);
	}
}

void diag_finish_stdout(void)
{
	diag_close_out(stdout, "stdout");
}
