/*
 * diag: the one place that prints diagnostics and decides exit codes
 * (SPEC section 6). Messages are "tool: text" or "tool: file:line: text",
 * lowercase, no final period. A format ending in ':' appends strerror(errno).
 * Only this module calls exit(). Every message is one line whatever it
 * quotes: control bytes, C1 controls and invalid UTF-8 are written
 * escaped (\n, \t, \r, \xHH), so a crafted field can neither forge a
 * line of its own nor send terminal escapes.
 */
#ifndef TA_DIAG_H
#define TA_DIAG_H

#include <stdio.h>

enum {
	EXIT_DONE = 0,	 /* done */
	EXIT_BREACH = 1, /* done, but a target breached (--fail-on-breach) */
	EXIT_USAGE = 2,	 /* usage or configuration error */
	EXIT_IO = 3,	 /* input/output or system error */
	EXIT_DATA = 4,	 /* the data did not hold: rows read and none used,
			    a reject under --strict, or --max-reject-rate */
};

/*
 * Set the tool name used as the message prefix (call first in main).
 * Also reopens a closed descriptor 0, 1 or 2 on /dev/null, so that no
 * file the tool opens can take its number and receive messages.
 */
void diag_init(const char *tool);
const char *diag_tool(void);

void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tool: file:line: text"; line 0 omits the line part. */
void warn_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
_Noreturn void die_at(int status, const char *file, long line, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));

/*
 * Flush and close an output stream; a failed write is EXIT_IO, a broken
 * pipe (EPIPE) is diag_broken_pipe. name is for messages.
 */
void diag_close_out(FILE *fp, const char *name);
/*
 * A write met EPIPE (the reader is gone, SIGPIPE ignored): end at once
 * without a message, killed by SIGPIPE as with SIGPIPE's default action
 * (status 141 in the shell); EXIT_IO if the signal cannot be delivered.
 */
_Noreturn void diag_broken_pipe(void);

/*
 * Append s[0..n) to fp escaped for a one-line message: printable UTF-8
 * as is; \n, \r, \t; other control bytes, C1 controls (U+0080..U+009F)
 * and bytes that are not valid UTF-8 as \xHH.
 */
void diag_escape(FILE *fp, const char *s, size_t n);

/* Shorthand used by the tools at the end of main: closes stdout. */
void diag_finish_stdout(void);

#endif
