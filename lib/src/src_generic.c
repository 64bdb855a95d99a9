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
		const char *want = rec_col_names[c];
		idx[c] = -1;
		for (i = 0; i < ctx->nmap; i++)
			if (ctx->map[i].col == c)
				want = ctx->map[i].name;
		for (i = 0; i < row.nf; i++)
			if (strcmp(row.f[i], want) == 0) {
				idx[c] = (int)i;
				break;
			}
		if (idx[c] < 0 && want != rec_col_names[c]) {
			warn_at(ctx->file, row.line,
				"--map %s=%s: no such column", rec_col_names[c],
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
		int64_t v;

		if (row.nf != ncols) {
			src_reject(ctx, &row, "expected %zu fields, got %zu",
				   ncols, row.nf);
			continue;
		}
		rec_clear(&r);
		r.source = "generic";
		r.talk_ms = MS_NONE;
		for (c = 0; c < RC_COUNT && !why; c++) {
			const char *s;
			size_t len;
			int64_t *ms = NULL, *tp = NULL;

			if (idx[c] < 0)
				continue;
			s = row.f[idx[c]];
			len = row.len[idx[c]];
			switch (c) {
			case RC_CALL_ID:
				r.call_id = s;
				break;
			case RC_SOURCE:
				if (len)
					r.source = s;
				break;
			case RC_CALLER:
				r.caller = s;
				break;
			case RC_CALLEE:
				r.callee = s;
				break;
			case RC_QUEUE:
				r.queue = s;
				break;
			case RC_AGENT:
				r.agent = s;
				break;
			case RC_CHANNEL:
				if (len)
					r.channel = s;
				break;
			case RC_START:
				tp = &r.start;
				break;
			case RC_ANSWER:
				tp = &r.answer;
				break;
			case RC_END:
				tp = &r.end;
				break;
			case RC_RING_S:
				ms = &r.ring_ms;
				break;
			case RC_WAIT_S:
				ms = &r.wait_ms;
				break;
			case RC_TALK_S:
				ms = &r.talk_ms;
				break;
			case RC_HOLD_S:
				ms = &r.hold_ms;
				break;
			case RC_WRAP_S:
				ms = &r.wrap_ms;
				break;
			case RC_OUTCOME:
				if ((r.outcome = parse_outcome(s)) == OC_NONE)
					why = "is not an outcome";
				break;
			case RC_ZONE:
				if (len)
					r.zone = s;
				break;
			case RC_QUEUED:
				if (len == 0)
					break;
				if (len == 1 && (*s == '0' || *s == '1'))
					r.queued = *s == '1';
				else
					why = "is not 1, 0 or empty";
				break;
			case RC_CAUSE:
			case RC_TRANSFERS:
				if (len == 0)
					break;
				if (num_parse_i64(s, len, &v) < 0 || v < 0 ||
				    v > 100000)
					why = "is not a count";
				else if (c == RC_CAUSE)
					r.cause = (int)v;
				else
					r.transfers = (int)v;
				break;
			}
			if (tp && len > 0)
				why = parse_time(ctx, s, len, tp);
			if (ms && len > 0 &&
			    num_parse_ms(s, len, ms, &why) == 0)
				why = NULL;
			if (why)
				src_reject(ctx, &row, "%s: \"%.40s\" %s",
					   rec_col_names[c], s, why);
		}
		if (why)
			continue;
		if (!r.call_id) {
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
