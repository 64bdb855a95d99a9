/*
 * src: the table of cdr-parse input formats and what they share
 * (see src.h). To add a format: write lib/src_<name>.c defining
 * `const struct src_format src_<name>` and add one line below.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src.h"
#include "tm.h"

extern const struct src_format src_asterisk_csv;
extern const struct src_format src_freeswitch_csv;
extern const struct src_format src_generic;

const struct src_format *const src_formats[] = {
	&src_asterisk_csv,
	&src_freeswitch_csv,
	&src_generic,
	NULL
};

const struct src_format *src_find(const char *name)
{
	size_t i;

	for (i = 0; src_formats[i]; i++)
		if (strcmp(src_formats[i]->name, name) == 0)
			return src_formats[i];
	return NULL;
}

void src_emit(struct src_ctx *ctx, const struct csvrow *row,
	const struct rec *r)
{
	const char *why = rec_check(r);

	if (why) {
		acct_reject(ctx->acct, ctx->file, row ? row->line : 0, row, "%s",
			why);
		return;
	}
	rec_out(ctx->out, r);
	acct_use(ctx->acct);
}

void src_reject(struct src_ctx *ctx, const struct csvrow *row,
	const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	acct_reject(ctx->acct, ctx->file, row ? row->line : 0, row, "%s", why);
}

const char *src_local_time(const struct src_ctx *ctx, const char *s,
	size_t len, int64_t *t)
{
	struct civil c;
	const char *end;

	if (memchr(s, '\0', len))
		return "contains a NUL byte";
	end = tm_parse_civil(s, len, &c);
	if (!end || end != s + len)
		return "is not a date and time";
	if (!ctx->have_tz)
		return "is local time and no --tz was given";
	switch (tz_local_to_utc(&c, t)) {
	case TZ_OK:
		return NULL;
	case TZ_AMBIGUOUS:
		return "is ambiguous (clocks went back)";
	case TZ_NONEXISTENT:
		return "does not exist (clocks went forward)";
	}
	return "is not a date and time";
}
