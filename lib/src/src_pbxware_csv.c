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
 * One record per contact, by asterisk-csv's merge (lib/astcall.c): the
 * rows of one linkedid (else uniqueid, else AcctId) are one call. A row
 * has no answer time: answer = end - billsec when ANSWERED, which for a
 * queue ring row forked from the caller's answered channel is its start
 * (billsec = duration). A callback agent's ring (Queue row on a
 * Local/EXT@callback-agent channel) is answered at its end, when the
 * agent picks up, and adds no talk time: the conversation is the row
 * after it. A call that was not queued takes queue from the trunk.
 */
#include <stdlib.h>
#include <string.h>

#include "astcall.h"
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
	P_LASTDATA,
	P_UNIQUEID,
	P_LINKEDID,
	NCOL
};
static const char *const colname[NCOL] = {
    "AcctId",	"src",	    "dst",	   "dstchannel", "calldate",
    "duration", "billsec",  "disposition", "trunk",	 "lastapp",
    "lastdata", "uniqueid", "linkedid",
};
static const int required[NCOL] = {1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0};

static const char *opt(const struct csvrow *row, const int *col, int k)
{
	if (col[k] < 0 || qlog_none(row->f[col[k]]))
		return NULL;
	return row->f[col[k]];
}

struct cols {
	int col[NCOL]; /* the header's column of each name, or -1 */
	int max;       /* the largest of them */
};

static int read_row(struct src_ctx *ctx, const struct csvrow *row,
		    struct ast_row *ar, const void *arg)
{
	const int *col = ((const struct cols *)arg)->col;
	int64_t dur, bill;
	const char *why, *disp;
	struct rec r;

	if ((int)row->nf <= ((const struct cols *)arg)->max) {
		src_reject(ctx, row, "%zu fields, the header has more",
			   row->nf);
		return -1;
	}
	disp = row->f[col[P_DISPOSITION]];

	if (src_local_time(ctx, row->f[col[P_CALLDATE]],
			   row->len[col[P_CALLDATE]], &ar->start) ||
	    num_parse_ms(row->f[col[P_DURATION]], row->len[col[P_DURATION]],
			 &dur, &why) ||
	    num_parse_ms(row->f[col[P_BILLSEC]], row->len[col[P_BILLSEC]],
			 &bill, &why)) {
		/* the first bad one of the three, named */
		if ((why =
			 src_local_time(ctx, row->f[col[P_CALLDATE]],
					row->len[col[P_CALLDATE]], &ar->start)))
			src_reject(ctx, row, "calldate: \"%.40s\" %s",
				   row->f[col[P_CALLDATE]], why);
		else if (num_parse_ms(row->f[col[P_DURATION]],
				      row->len[col[P_DURATION]], &dur, &why))
			src_reject(ctx, row, "duration: \"%.40s\" %s",
				   row->f[col[P_DURATION]], why);
		else
			src_reject(ctx, row, "billsec: \"%.40s\" %s",
				   row->f[col[P_BILLSEC]], why);
		return -1;
	}
	if (bill > dur) {
		src_reject(ctx, row, "billsec %s is more than duration %s",
			   row->f[col[P_BILLSEC]], row->f[col[P_DURATION]]);
		return -1;
	}
	ar->end = ar->start + dur;
	ar->billsec = bill;
	ar->answer = TM_NONE;
	if (ast_disposition(ctx, row, disp, &ar->disp) < 0)
		return -1;
	if (ar->disp == OC_ANSWERED) {
		const char *dc = opt(row, col, P_DSTCHANNEL),
			   *app = opt(row, col, P_LASTAPP);

		ar->answer = ar->end - bill;
		/* a callback agent's ring: answered when the agent picked
		 * up, at its end; the conversation is the row after it */
		if (app && !strcmp(app, "Queue") && dc &&
		    strstr(dc, "@callback-agent-")) {
			ar->answer = ar->end;
			ar->billsec = 0;
		}
	}
	ar->key = opt(row, col, P_LINKEDID);
	if (!ar->key)
		ar->key = opt(row, col, P_UNIQUEID);
	if (!ar->key)
		ar->key = row->f[col[P_ID]];

	/* the fields this row gives a record, checked as one */
	rec_clear(&r);
	r.call_id = row->f[col[P_ID]];
	r.start = ar->start;
	r.end = ar->end;
	r.answer = ar->answer;
	r.caller = opt(row, col, P_SRC);
	r.callee = opt(row, col, P_DST);
	r.queue = opt(row, col, P_TRUNK);
	r.outcome = ar->disp == OC_ANSWERED ? OC_ANSWERED : OC_NOANSWER;
	if ((why = src_check(ctx, &r))) {
		src_reject(ctx, row, "%s", why);
		return -1;
	}
	return 0;
}

static int run(struct src_ctx *ctx)
{
	struct ast_layout lay = {.source = "pbxware-csv", .nulls = 1};
	struct csvrow row;
	struct cols cs;
	int *col = cs.col, k, st;

	if (!src_read_header(ctx, &row, colname, NCOL, col))
		return 0;
	cs.max = 0;
	for (k = 0; k < NCOL; k++) {
		if (col[k] > cs.max)
			cs.max = col[k];
		if (col[k] < 0 && required[k]) {
			src_reject(
			    ctx, &row,
			    "header: no column \"%s\" (is this a PBXware CDR export?)",
			    colname[k]);
			while ((st = csvin_next(ctx->in, &row)) != CSVIN_EOF)
				src_reject(ctx, &row, "no usable header");
			return 0;
		}
	}
	lay.col[AF_SRC] = col[P_SRC];
	lay.col[AF_DST] = col[P_DST];
	lay.col[AF_DSTCHANNEL] = col[P_DSTCHANNEL];
	lay.col[AF_LASTAPP] = col[P_LASTAPP];
	lay.col[AF_LASTDATA] = col[P_LASTDATA];
	lay.col[AF_UNIQUEID] = col[P_UNIQUEID];
	lay.col[AF_TRUNK] = col[P_TRUNK];
	ast_calls_run(ctx, &lay, read_row, &cs);
	return 0;
}

const struct src_format src_pbxware_csv = {
    .name = "pbxware-csv",
    .summary = "PBXware CDR export (CSV with header, local time, NULL)",
    .delim = ',',
    .local_time = 1,
    .run = run,
};
