/*
 * diag: messages and exits (see diag.h). The only caller of exit().
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "utf8.h"

static const char *tool = "telaudit";

void diag_init(const char *name)
{
	const char *slash = strrchr(name, '/');
	int fd;

	tool = slash ? slash + 1 : name;
	/* open() returns the lowest free number: the closed one */
	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			exit(EXIT_IO);
	}
}

const char *diag_tool(void)
{
	return tool;
}

void diag_escape(FILE *fp, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k;
	unsigned cp;

	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			putc(s[i++], fp);
			continue;
		}
		k = s[i] < 0x80 ? 0 : utf8_seq(str + i, n - i, &cp);
		if (k && cp > 0x9F) {
			fwrite(s + i, 1, k, fp);
			i += k;
			continue;
		}
		if (!k)
			k = 1; /* invalid byte, or a control below */
		for (; k > 0; k--, i++) {
			if (s[i] == '\n')
				fputs("\\n", fp);
			else if (s[i] == '\r')
				fputs("\\r", fp);
			else if (s[i] == '\t')
				fputs("\\t", fp);
			else
				fprintf(fp, "\\x%02X", s[i]);
		}
	}
}

/*
 * Print "tool: [file:[line:] ]text[: strerror]\n" on stderr, escaped,
 * in one write so that lines from threads do not interleave.
 */
static void vreport(const char *file, long line, const char *fmt, va_list ap)
{
	int e = errno;
	size_t n = strlen(fmt), len = 0;
	char *text = NULL, *buf = NULL;
	FILE *ms;
	int tn;

	tn = vasprintf(&text, fmt, ap);
	ms = open_memstream(&buf, &len);
	if (tn < 0 || !ms) {
		fprintf(stderr, "%s: %s\n", tool, fmt);
		goto free_text;
	}
	fprintf(ms, "%s: ", tool);
	if (file) {
		diag_escape(ms, file, strlen(file));
		if (line > 0)
			fprintf(ms, ":%ld", line);
		fputs(": ", ms);
	}
	diag_escape(ms, text, (size_t)tn);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(ms, " %s", strerror(e));
	putc('\n', ms);
	if (fclose(ms) == 0)
		fwrite(buf, 1, len, stderr);
	free(buf);
free_text:
	if (tn >= 0)
		free(text);
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

_Noreturn void die_at(int status, const char *file, long line, const char *fmt,
		      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
	exit(status);
}

_Noreturn void diag_broken_pipe(void)
{
	sigset_t set;

	/*
	 * The reader went away (| head): no message, and the status of a
	 * tool killed by SIGPIPE (128 + 13 in the shell), as if SIGPIPE had
	 * not been ignored by whoever started us.
	 */
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGPIPE);
	_exit(EXIT_IO);
}

void diag_close_out(FILE *fp, const char *name)
{
	int bad = ferror(fp);

	if (fflush(fp) != 0)
		bad = 1;
	if (bad && errno == EPIPE)
		diag_broken_pipe();
	if (fp != stdout && fp != stderr) {
		if (fclose(fp) != 0)
			bad = 1;
	}
	if (bad) {
		if (errno == EPIPE)
			diag_broken_pipe();
		die(EXIT_IO, "%s: write error:", name);
	}
}

void diag_finish_stdout(void)
{
	diag_close_out(stdout, "stdout");
}
