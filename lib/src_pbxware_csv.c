/*
 * pbxware-csv: Bicom PBXware's CDR table exported as CSV, with a header
 * (AcctId, tenant, clid, src, dst, dcontext, channel, dstchannel,
 * lastapp, lastdata, calldate, duration, billsec, billamount,
 * disposition, amaflags, accountcode, uniqueid, userfield, linkedid,
 * sequence, agiuniqueid, trunk, did, sipcallid, inboundsipcallid).
 * Columns are found by header name; calldate, duration, billsec,
 * disposition and AcctId are required.
 *
 * Quirks of the real export: the literal NULL stands for empty; the
 * clid is broken RFC 4180 (""Name" <1115>"), which the CSV reader takes
 * in its stride (clid is not used); calldate is the PBX's local time
 * (--tz, e.g. America/New_York: uniqueid 1543540774 = 01:19:34Z is
 * calldate 20:19:34) and there is no answer or end time, only duration
 * and billsec.
 *
 * One record per row (one leg), as asterisk-csv does:
 * - call_id = AcctId (uniqueid repeats over the legs of one call);
 * - start = calldate, end = start + duration; answered when disposition
 *   is ANSWERED, answer = end - billsec, talk_s = billsec;
 * - NO ANSWER -> noanswer, BUSY -> busy, FAILED/CONGESTION -> failed;
 * - queue = trunk (the route) when set; agent = the peer of dstchannel
 *   ("PJSIP/1113-0000002a" -> "PJSIP/1113") when answered; cause empty.
 * - queued = 1 for rows whose lastapp is Queue, 0 for the others (empty
 *   when the export has no lastapp column).
 */
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "qlog.h"
#include "src.h"
#include "tm.h"
#include "xalloc.h"

enum {
	P_ID,
	P_SRC,
	P_DST,
	P_DSTCHANNEL,
	P_CALLDATE,
	P_DURATION,
	P_BILLSEC,
	P_DISPOSITION,
	P_TRUNK,
	P_LASTAPP,
	NCOL
};
static const char *const colname[NCOL] = {
    "AcctId",	"src",	   "dst",	  "dstchannel", "calldate",
    "duration", "billsec", "disposition", "trunk", "lastapp",
};
static const int required[NCOL] = {1, 0, 0, 0, 1, 1, 1, 1, 0, 0};

/* "PJSIP/1113-0000002a" -> length of "PJSIP/1113". */
static size_t peer_len(const char *s, size_t n)
{
	const char *dash = strrchr(s, '-');

	return dash && dash > s ? (size_t)(dash - s) : n;
}

static const char *opt(const struct csvrow *row, const int *col, int k)
{
	if (col[k] < 0 || qlog_none(row->f[col[k]]))
		return NULL;
	return row->f[col[k]];
}

static int run(struct src_ctx *ctx)
{
	struct csvrow row;
	int col[NCOL], k, st, maxcol = 0;
	char *agent = NULL;

	if (!src_read_header(ctx, &row, colname, NCOL, col))
		return 0;
	for (k = 0; k < NCOL; k++) {
		if (col[k] < 0 && required[k]) {
			src_reject(
			    ctx, &row,
			    "header: no column \"%s\" (is this a PBXware CDR export?)",
			    colname[k]);
			while ((st = csvin_next(ctx->in, &row)) != CSVIN_EOF)
				src_reject(ctx, &row, "no usable header");
			return 0;
		}
		if (col[k] > maxcol)
			maxcol = col[k];
	}
	while (src_next_row(ctx, &row)) {
		struct rec r;
		int64_t dur, bill;
		const char *why, *disp;

		if ((int)row.nf <= maxcol) {
			src_reject(ctx, &row, "%zu fields, the header has more",
				   row.nf);
			continue;
		}
		rec_clear(&r);
		if ((why =
			 src_local_time(ctx, row.f[col[P_CALLDATE]],
					row.len[col[P_CALLDATE]], &r.start))) {
			src_reject(ctx, &row, "calldate: \"%.40s\" %s",
				   row.f[col[P_CALLDATE]], why);
			continue;
		}
		if (num_parse_ms(row.f[col[P_DURATION]],
				 row.len[col[P_DURATION]], &dur, &why)) {
			src_reject(ctx, &row, "duration: \"%.40s\" %s",
				   row.f[col[P_DURATION]], why);
			continue;
		}
		if (num_parse_ms(row.f[col[P_BILLSEC]], row.len[col[P_BILLSEC]],
				 &bill, &why)) {
			src_reject(ctx, &row, "billsec: \"%.40s\" %s",
				   row.f[col[P_BILLSEC]], why);
			continue;
		}
		if (bill > dur) {
			src_reject(
			    ctx, &row, "billsec %s is more than duration %s",
			    row.f[col[P_BILLSEC]], row.f[col[P_DURATION]]);
			continue;
		}
		r.call_id = row.f[col[P_ID]];
		r.source = "pbxware-csv";
		r.end = r.start + dur;
		r.caller = opt(&row, col, P_SRC);
		r.callee = opt(&row, col, P_DST);
		r.queue = opt(&row, col, P_TRUNK);
		if (col[P_LASTAPP] >= 0)
			r.queued = !strcmp(row.f[col[P_LASTAPP]], "Queue");
		disp = row.f[col[P_DISPOSITION]];
		free(agent);
		agent = NULL;
		if (!strcmp(disp, "ANSWERED")) {
			const char *dc = opt(&row, col, P_DSTCHANNEL);

			r.outcome = OC_ANSWERED;
			r.answer = r.end - bill;
			r.talk_ms = bill;
			if (dc)
				agent = xstrndup(dc, peer_len(dc, strlen(dc)));
			r.agent = agent;
		} else if (!strcmp(disp, "NO ANSWER")) {
			r.outcome = OC_NOANSWER;
		} else if (!strcmp(disp, "BUSY")) {
			r.outcome = OC_BUSY;
		} else if (!strcmp(disp, "FAILED") ||
			   !strcmp(disp, "CONGESTION")) {
			r.outcome = OC_FAILED;
		} else {
			src_reject(ctx, &row,
				   "disposition: \"%.40s\" is not known", disp);
			continue;
		}
		src_emit(ctx, &row, &r);
	}
	free(agent);
	return 0;
}

const struct src_format src_pbxware_csv = {
    .name = "pbxware-csv",
    .summary = "PBXware CDR export (CSV with header, local time, NULL)",
    .delim = ',',
    .local_time = 1,
    .run = run,
};
