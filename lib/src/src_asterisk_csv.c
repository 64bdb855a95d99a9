/*
 * asterisk-csv: Asterisk cdr_csv Master.csv, 18 standard columns
 * (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp,
 * lastdata, start, answer, end, duration, billsec, disposition,
 * amaflags, uniqueid, userfield) or 21 (+ peeraccount, linkedid,
 * sequence). No header. Times are the server's local time: --tz.
 *
 * One record per contact (SPEC 2). Asterisk writes a row per pairing of
 * two channels: ring attempts, forked Dials, Local channel halves, the
 * dialplan after a Dial. Rows of one linkedid (21 columns; else one
 * uniqueid) are one call. Each row is checked on its own when read (a
 * bad row is rejected with its line and does not spoil its call); the
 * call's rows are kept until the input has moved on well past the call
 * (a row starting more than KEEP after the call's latest end) or the
 * input ends, then merged into one record. Records come in the order of
 * their calls' first rows; memory holds the calls in flight. A written
 * call's key stays for TOMB as a tombstone: a row of it coming later
 * starts a new record and is counted for a warning (never merged
 * silently into nothing, never dropped).
 *
 * The merge (see man/cdr-parse.1 for the reasons):
 * - queued = 1 when any row ran Queue; queue = first item of the first
 *   Queue row's lastdata.
 * - A person answered a row when it is ANSWERED with an answer time and
 *   a destination channel, and it is not a voicemail row (lastapp
 *   VoiceMail, or FreePBX's vmu/vmb/vms/vmi<ext> destination). A row
 *   ANSWERED without a destination channel was answered by the PBX
 *   itself (FreePBX answers the caller before Queue()).
 * - answered: some person answered. answer = the earliest answer among
 *   those rows whose answer came after their start (a real answer, not
 *   the PBX's answer carried into a later row), else the earliest answer
 *   with wait_s empty. agent = the person who answered last.
 *   talk_s = the length of the union of [end - billsec, end] of those rows
 *   (Local channel halves carry the same conversation twice).
 * - else a voicemail row: timeout. Else queued: abandoned. Else the
 *   disposition of the last row that tried a destination (BUSY busy,
 *   NO ANSWER noanswer, FAILED/CONGESTION failed); with no such row, a
 *   call the PBX answered (IVR, announcement) is answered with no agent.
 * - wait_s (queued only): answer - first Queue start when the answer is
 *   real; abandoned/timeout: last Queue end - first Queue start.
 * - transfers, cause, ring_s empty: cdr_csv records none of them.
 */
#include <stdlib.h>
#include <string.h>

#include "astcall.h"
#include "tm.h"
#include "xalloc.h"

enum {
	A_ACCOUNT,
	A_SRC,
	A_DST,
	A_DCONTEXT,
	A_CLID,
	A_CHANNEL,
	A_DSTCHANNEL,
	A_LASTAPP,
	A_LASTDATA,
	A_START,
	A_ANSWER,
	A_END,
	A_DURATION,
	A_BILLSEC,
	A_DISPOSITION,
	A_AMAFLAGS,
	A_UNIQUEID,
	A_USERFIELD,
	A_PEERACCOUNT,
	A_LINKEDID,
	A_SEQUENCE
};

/*
 * Read row into lg, checking it as a record of its own (so that a bad
 * row is rejected with its own line). -1 if rejected.
 */
static int read_leg(struct src_ctx *ctx, const struct csvrow *row,
		    struct ast_row *lg, const void *arg)
{
	static const char *const tnames[] = {"start", "answer", "end"};
	const char *disp = row->f[A_DISPOSITION], *why;
	int64_t t[3];
	struct rec r;
	char qbuf[128], abuf[128], *heap[2];
	const char *queue, *agent;

	if (row->nf != 18 && row->nf != 21) {
		src_reject(ctx, row, "expected 18 or 21 fields, got %zu",
			   row->nf);
		return -1;
	}
	if (src_start_answer_end(ctx, row, A_START, tnames, t) < 0 ||
	    src_seconds(ctx, row, A_BILLSEC, "billsec", &lg->billsec) < 0)
		return -1;
	if (ast_disposition(ctx, row, disp, &lg->disp) < 0)
		return -1;
	lg->start = t[0];
	lg->answer = t[1];
	lg->end = t[2];
	lg->key = row->nf == 21 && row->len[A_LINKEDID] ? row->f[A_LINKEDID]
							: row->f[A_UNIQUEID];

	/* the fields this row gives a record, checked as one; a row of
	 * printable ASCII only has texts that pass (src_check_values) */
	rec_clear(&r);
	r.start = t[0];
	r.end = t[2];
	r.answer = t[1];
	r.outcome = t[1] != TM_NONE ? OC_ANSWERED : OC_NOANSWER;
	if (ctx->plain) {
		why = src_check_values(ctx, &r);
	} else {
		queue = ast_substr(qbuf, sizeof(qbuf), row->f[A_LASTDATA],
				   ast_ieq(row->f[A_LASTAPP], "queue")
				       ? strcspn(row->f[A_LASTDATA], ",")
				       : 0,
				   &heap[0]);
		agent = ast_substr(
		    abuf, sizeof(abuf), row->f[A_DSTCHANNEL],
		    ast_peer_len(row->f[A_DSTCHANNEL], row->len[A_DSTCHANNEL]),
		    &heap[1]);
		r.call_id = row->f[A_UNIQUEID];
		r.caller = row->f[A_SRC];
		r.callee = row->f[A_DST];
		r.queue = queue;
		r.agent = agent;
		why = src_check(ctx, &r);
		free(heap[0]);
		free(heap[1]);
	}
	if (why) {
		src_reject(ctx, row, "%s", why);
		return -1;
	}
	return 0;
}

static const struct ast_layout layout = {
    .source = "asterisk-csv",
    .col = {[AF_SRC] = A_SRC,
	    [AF_DST] = A_DST,
	    [AF_DSTCHANNEL] = A_DSTCHANNEL,
	    [AF_LASTAPP] = A_LASTAPP,
	    [AF_LASTDATA] = A_LASTDATA,
	    [AF_UNIQUEID] = A_UNIQUEID,
	    [AF_TRUNK] = -1},
};

static int run(struct src_ctx *ctx)
{
	ast_calls_run(ctx, &layout, read_leg, NULL);
	return 0;
}

const struct src_format src_asterisk_csv = {
    .name = "asterisk-csv",
    .summary = "Asterisk cdr_csv Master.csv (18 or 21 columns, local time)",
    .delim = ',',
    .local_time = 1,
    .run = run,
};
