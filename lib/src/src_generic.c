/*
 * generic: any CSV with a header row, mapped onto the call record with
 * --map COL=NAME,... (COL a record column of SPEC 2, NAME an input header
 * name). A record column without a mapping is taken from an input column
 * of the same name, so a call-record file passes through unchanged.
 *
 * Values: times are the wire form (...Z, UTC), epoch seconds (digits,
 * optional fraction), or local "YYYY-MM-DD HH:MM:SS" placed with --tz.
 * Seconds as SPEC 2. outcome is a SPEC 2 name or an Asterisk-style
 * disposition (ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION; any case).
 * Without an outcome column: answered when answer is present, else from
 * the cause (17 busy, 18/19 noanswer, 21 rejected, other failed), and
 * cancelled when there is no cause or a normal one (16, 31). talk_s defaults to
 * end - answer. call_id defaults to the input line number.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "num.h"
#include "src.h"
#include "tm.h"

/* Parse one time value; NULL or a static reason. */
static const char *parse_time(const struct src_ctx *ctx, const char *s,
			      size_t len, int64_t *t)
{
	size_t i;
	int64_t ms;
	const char *why;

	if (len > 0 && s[len - 1] == 'Z')
		return tm_parse_iso(s, len, t) == 0 ? NULL
						    : "is not a UTC time";
	for (i = 0; i < len && (isdigit((unsigned char)s[i]) || s[i] == '.');
	     i++)
		;
	if (i == len && len > 0) {
		if (num_parse_ms(s, len, &ms, &why) < 0)
			return "is not a time";
		*t = ms;
		return NULL;
	}
	return src_local_time(ctx, s, len, t);
}

static enum outcome parse_outcome(const char *s)
{
	enum outcome o = outcome_parse(s);

	if (o != OC_NONE)
		return o;
	if (strcasecmp(s, "answered") == 0)
		return OC_ANSWERED;
	if (strcasecmp(s, "no answer") == 0 || strcasecmp(s, "noanswer") == 0)
		return OC_NOANSWER;
	if (strcasecmp(s, "busy") == 0)
		return OC_BUSY;
	if (strcasecmp(s, "failed") == 0 || strcasecmp(s, "congestion") == 0)
		return OC_FAILED;
	if (strcasecmp(s, "abandoned") == 0)
		return OC_ABANDONED;
	return OC_NONE;
}

static int run(struct src_ctx *ctx)
{
	struct csvrow row;
	int idx[RC_COUNT];
	char idbuf[32];
	int st, c;
	size_t i;

	st = csvin_next(ctx->in, &row);
	while (st == CSVIN_BAD) {
		src_reject(ctx, &row, "%s", csvin_error(ctx->in));
		st = csvin_next(ctx->in, &row);
	}
	if (st == CSVIN_EOF)
		return 0;
	/* the header */
	for (c = 0; c < RC_COUNT; c++) {
		const char *want = rec_cols[c].name;
		idx[c] = -1;
		for (i = 0; i < ctx->nmap; i++)
			if (ctx->map[i].col == c)
				want = ctx->map[i].name;
		for (i = 0; i < row.nf; i++)
			if (strcmp(row.f[i], want) == 0) {
				idx[c] = (int)i;
				break;
			}
		if (idx[c] < 0 && want != rec_cols[c].name) {
			warn_at(ctx->file, row.line,
				"--map %s=%s: no such column", rec_cols[c].name,
				want);
			return EXIT_USAGE;
		}
	}
	if (idx[RC_START] < 0 || idx[RC_END] < 0) {
		warn_at(ctx->file, row.line, "no %s column (use --map %s=NAME)",
			idx[RC_START] < 0 ? "start" : "end",
			idx[RC_START] < 0 ? "start" : "end");
		return EXIT_USAGE;
	}
	size_t ncols = row.nf;
	while (src_next_row(ctx, &row)) {
		struct rec r;
		const char *why = NULL;

		if (row.nf != ncols) {
			src_reject(ctx, &row, "expected %zu fields, got %zu",
				   ncols, row.nf);
			continue;
		}
		rec_clear(&r);
		r.source = "generic";
		r.talk_ms = MS_NONE;
		/* the record's own column table, wider for times and outcomes
		 */
		for (c = 0; c < RC_COUNT && !why; c++) {
			const char *s;
			size_t len;

			if (idx[c] < 0)
				continue;
			s = row.f[idx[c]];
			len = row.len[idx[c]];
			if (rec_cols[c].type == RT_TIME)
				why = len ? parse_time(ctx, s, len,
						       rec_field(&r, c))
					  : NULL;
			else if (c == RC_OUTCOME)
				why = (r.outcome = parse_outcome(s)) == OC_NONE
					  ? "is not an outcome"
					  : NULL;
			else
				why = rec_set(&r, c, s, len);
			if (why)
				src_reject(ctx, &row, "%s: \"%.40s\" %s",
					   rec_cols[c].name, s, why);
		}
		if (why)
			continue;
		if (idx[RC_CALL_ID] < 0) {
			snprintf(idbuf, sizeof(idbuf), "%ld", row.line);
			r.call_id = idbuf;
		}
		if (r.outcome == OC_NONE) {
			if (r.answer != TM_NONE)
				r.outcome = OC_ANSWERED;
			else
				r.outcome =
				    outcome_from_cause(r.cause, OC_CANCELLED);
		}
		if (r.talk_ms == MS_NONE)
			r.talk_ms = r.answer != TM_NONE && r.end >= r.answer
					? r.end - r.answer
					: 0;
		src_emit(ctx, &row, &r);
	}
	return 0;
}

const struct src_format src_generic = {
    .name = "generic",
    .summary = "any CSV with a header, columns named by --map COL=NAME",
    .delim = ',',
    .local_time = 0,
    .run = run,
};
