/*
 * asterisk-csv: Asterisk cdr_csv Master.csv, 18 standard columns
 * (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp,
 * lastdata, start, answer, end, duration, billsec, disposition,
 * amaflags, uniqueid, userfield) or 21 (+ peeraccount, linkedid,
 * sequence). No header. Times are the server's local time: --tz.
 *
 * One record per CDR row (one leg). Choices where SPEC is silent:
 * - call_id is uniqueid; with 21 columns "uniqueid#sequence", because
 *   the legs of one forked Dial share a uniqueid.
 * - answered when the answer time is present and the disposition is
 *   ANSWERED: neither alone decides. Real files carry NO ANSWER and BUSY
 *   rows whose answer equals start and billsec equals duration (the
 *   caller's channel was answered by the PBX before Dial, not by the
 *   called party); their answer time is dropped.
 * - unanswered: lastapp Queue -> abandoned; else BUSY -> busy,
 *   NO ANSWER -> noanswer, FAILED/CONGESTION -> failed, ANSWERED with no
 *   answer time -> noanswer.
 * - cause is left empty: cdr_csv does not record the hangup cause.
 * - queue = first item of lastdata when lastapp is Queue; wait_s =
 *   answer - start (answered) or end - start (abandoned) for queue calls.
 * - agent = the peer of dstchannel ("SIP/301-00000004" -> "SIP/301") when
 *   answered; talk_s = billsec.
 */
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "src.h"
#include "tm.h"
#include "xalloc.h"

enum { A_ACCOUNT, A_SRC, A_DST, A_DCONTEXT, A_CLID, A_CHANNEL, A_DSTCHANNEL,
	A_LASTAPP, A_LASTDATA, A_START, A_ANSWER, A_END, A_DURATION,
	A_BILLSEC, A_DISPOSITION, A_AMAFLAGS, A_UNIQUEID, A_USERFIELD,
	A_PEERACCOUNT, A_LINKEDID, A_SEQUENCE };

/* "SIP/301-00000004" -> "SIP/301": drop the channel's unique suffix. */
static size_t peer_len(const char *s, size_t n)
{
	const char *dash = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '-')
			dash = s + i;
	return dash && dash > s ? (size_t)(dash - s) : n;
}

static int run(struct src_ctx *ctx)
{
	struct csvrow row;
	char *id = NULL, *queue = NULL, *agent = NULL;
	static const char *const tnames[] = {"start", "answer", "end"};
	int st;

	while ((st = csvin_next(ctx->in, &row)) != CSVIN_EOF) {
		struct rec r;
		int64_t t[3], billsec;
		const char *disp;
		int queued, answered;

		if (st == CSVIN_BAD) {
			src_reject(ctx, &row, "%s", csvin_error(ctx->in));
			continue;
		}
		if (row.nf != 18 && row.nf != 21) {
			src_reject(ctx, &row, "expected 18 or 21 fields, got %zu",
				row.nf);
			continue;
		}
		rec_clear(&r);
		if (src_start_answer_end(ctx, &row, A_START, tnames, t) < 0 ||
		    src_seconds(ctx, &row, A_BILLSEC, "billsec", &billsec) < 0)
			continue;
		disp = row.f[A_DISPOSITION];
		queued = strcmp(row.f[A_LASTAPP], "Queue") == 0;
		answered = t[1] != TM_NONE && strcmp(disp, "ANSWERED") == 0;
		free(id);
		free(queue);
		free(agent);
		id = row.nf == 21 ? xasprintf("%s#%s", row.f[A_UNIQUEID],
					  row.f[A_SEQUENCE])
				  : xstrdup(row.f[A_UNIQUEID]);
		queue = xstrndup(row.f[A_LASTDATA],
			queued ? strcspn(row.f[A_LASTDATA], ",") : 0);
		agent = xstrndup(row.f[A_DSTCHANNEL],
			answered ? peer_len(row.f[A_DSTCHANNEL],
					   row.len[A_DSTCHANNEL])
				 : 0);
		r.call_id = id;
		r.source = "asterisk-csv";
		r.start = t[0];
		r.end = t[2];
		r.caller = row.f[A_SRC];
		r.callee = row.f[A_DST];
		r.queue = queue;
		r.agent = agent;
		r.queued = queued;
		if (answered) {
			r.answer = t[1];
			r.outcome = OC_ANSWERED;
			r.talk_ms = billsec;
		} else if (queued) {
			r.outcome = OC_ABANDONED;
		} else if (strcmp(disp, "BUSY") == 0) {
			r.outcome = OC_BUSY;
		} else if (strcmp(disp, "NO ANSWER") == 0 ||
			   strcmp(disp, "ANSWERED") == 0) {
			r.outcome = OC_NOANSWER;
		} else if (strcmp(disp, "FAILED") == 0 ||
			   strcmp(disp, "CONGESTION") == 0) {
			r.outcome = OC_FAILED;
		} else {
			src_reject(ctx, &row, "disposition: \"%.40s\" is not known",
				disp);
			continue;
		}
		if (queued && r.end >= r.start)
			r.wait_ms = (answered ? r.answer : r.end) - r.start;
		src_emit(ctx, &row, &r);
	}
	free(id);
	free(queue);
	free(agent);
	return 0;
}

const struct src_format src_asterisk_csv = {
	.name = "asterisk-csv",
	.summary = "Asterisk cdr_csv Master.csv (18 or 21 columns, local time)",
	.delim = ',',
	.local_time = 1,
	.run = run,
};
