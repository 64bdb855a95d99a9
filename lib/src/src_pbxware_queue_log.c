/*
 * pbxware-queue-log: Bicom PBXware's queue_log table exported as CSV,
 *   uid,date_time,callid,queue_name,type,event,param1,param2,param3,
 *   entpos,expos,htime,ttime,time
 * rebuilt into one record per contact by qlog (see qlog.h). Columns are
 * found by header name (the header is required: the export has one).
 * date_time is epoch seconds (UTC) and is what we read; `time` is the
 * same instant in the PBX's local zone and is ignored.
 *
 * PBXware moves app_queue's data fields into columns: the caller number
 * is param1, hold / wait time is htime and talk time ttime (seconds),
 * except RINGNOANSWER, whose htime is the ring time in milliseconds
 * (checked, not part of the record). `type` is the agent; NONE, NULL
 * and empty mean none.
 *
 * Its OUT* events are agents' outbound calls, one record each: OUTDIAL
 * starts it (param1 the number dialled; caller = the agent), OUTANSWER
 * ends it answered (htime ring seconds, ttime talk seconds, param2 the
 * way it ended: TRANSFER means an OUTTRANSFER follows and ends it),
 * OUTCANCEL cancelled, OUTBUSY busy, OUTNOANSWER noanswer,
 * OUTCHANUNAVAIL and OUTCONGESTION failed. Their queue is empty.
 */
#include <string.h>

#include "num.h"
#include "qlog.h"
#include "src.h"
#include "tm.h"

enum {
	C_TIME,
	C_CALLID,
	C_QUEUE,
	C_AGENT,
	C_EVENT,
	C_P1,
	C_P2,
	C_HTIME,
	C_TTIME,
	NCOL
};
static const char *const colname[NCOL] = {
    "date_time", "callid", "queue_name", "type",  "event",
    "param1",	 "param2", "htime",	 "ttime",
};

static const struct {
	const char *name;
	enum qlog_type type;
	int hold, talk; /* htime / ttime are seconds held / talked */
	enum outcome oc;
} events[] = {
    {"ENTERQUEUE", QE_ENTERQUEUE, 0, 0, OC_NONE},
    {"RINGNOANSWER", QE_RINGNOANSWER, 0, 0, OC_NONE},
    {"RINGCANCELED", QE_RINGNOANSWER, 0, 0, OC_NONE},
    {"CONNECT", QE_CONNECT, 1, 0, OC_NONE},
    {"COMPLETECALLER", QE_COMPLETE, 1, 1, OC_NONE},
    {"COMPLETEAGENT", QE_COMPLETE, 1, 1, OC_NONE},
    {"ABANDON", QE_ABANDON, 1, 0, OC_NONE},
    {"AGENTDUMP", QE_AGENTDUMP, 0, 0, OC_NONE},
    {"EXITEMPTY", QE_EXIT, 1, 0, OC_NONE},
    {"EXITWITHTIMEOUT", QE_EXIT, 1, 0, OC_NONE},
    {"EXITWITHKEY", QE_EXIT, 1, 0, OC_NONE},
    {"TRANSFER", QE_TRANSFER, 1, 1, OC_NONE},
    {"BLINDTRANSFER", QE_TRANSFER, 1, 1, OC_NONE},
    {"ATTENDEDTRANSFER", QE_TRANSFER, 1, 1, OC_NONE},
    {"OUTDIAL", QE_OUTDIAL, 0, 0, OC_NONE},
    {"OUTANSWER", QE_OUTANSWER, 0, 1, OC_ANSWERED},
    {"OUTCANCEL", QE_OUTEND, 0, 0, OC_CANCELLED},
    {"OUTBUSY", QE_OUTEND, 0, 0, OC_BUSY},
    {"OUTNOANSWER", QE_OUTEND, 0, 0, OC_NOANSWER},
    {"OUTCHANUNAVAIL", QE_OUTEND, 0, 0, OC_FAILED},
    {"OUTCONGESTION", QE_OUTEND, 0, 0, OC_FAILED},
    {"OUTTRANSFER", QE_OUTTRANSFER, 0, 0, OC_NONE},
};

static int field_sec(struct src_ctx *ctx, const struct csvrow *row, int i,
		     const char *ev, const char *what, int64_t *ms)
{
	const char *why;

	*ms = MS_NONE;
	if (row->len[i] == 0)
		return 0;
	if (num_parse_ms(row->f[i], row->len[i], ms, &why) == 0)
		return 0;
	src_reject(ctx, row, "%s: %s: \"%s\" is not a number of seconds", ev,
		   what, row->f[i]);
	return -1;
}

static int run(struct src_ctx *ctx)
{
	struct qlog *q = qlog_new(ctx, "pbxware-queue-log");
	struct csvrow row;
	int col[NCOL], st, have_header = 0, maxcol = 0;
	size_t i;

	while (src_next_row(ctx, &row)) {
		struct qlog_ev ev;
		int64_t v;
		const char *evn;
		int k;

		if (!have_header) {
			for (k = 0; k < NCOL; k++) {
				col[k] = -1;
				for (i = 0; i < row.nf; i++)
					if (!strcmp(row.f[i], colname[k]))
						col[k] = (int)i;
				if (col[k] < 0) {
					src_reject(ctx, &row,
						   "header: no column \"%s\"",
						   colname[k]);
					break;
				}
				if (col[k] > maxcol)
					maxcol = col[k];
			}
			if (k < NCOL)
				goto out;
			have_header = 1; /* not a data row: not counted */
			continue;
		}
		if ((int)row.nf <= maxcol) {
			src_reject(ctx, &row, "%zu fields, the header has %d",
				   row.nf, maxcol + 1);
			continue;
		}
		if (num_parse_i64(row.f[col[C_TIME]], row.len[col[C_TIME]],
				  &v) ||
		    v < 0 || v > INT64_MAX / 1000) {
			src_reject(ctx, &row,
				   "date_time: \"%s\" is not an epoch",
				   row.f[col[C_TIME]]);
			continue;
		}
		memset(&ev, 0, sizeof(ev));
		ev.t = v * 1000;
		ev.callid = row.f[col[C_CALLID]];
		ev.queue = row.f[col[C_QUEUE]];
		ev.agent = row.f[col[C_AGENT]];
		ev.hold_ms = ev.talk_ms = ev.ring_ms = MS_NONE;
		ev.cause = -1;
		evn = row.f[col[C_EVENT]];
		if (!*evn) {
			src_reject(ctx, &row, "no event name");
			continue;
		}
		for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
			if (!strcmp(evn, events[i].name))
				break;
		if (i == sizeof(events) / sizeof(events[0])) {
			qlog_feed(q, &ev, &row); /* QE_OTHER: skipped */
			continue;
		}
		ev.type = events[i].type;
		ev.outcome = events[i].oc;
		if (qlog_none(ev.callid)) {
			src_reject(ctx, &row, "%s: no callid", evn);
			continue;
		}
		if (events[i].hold &&
		    field_sec(ctx, &row, col[C_HTIME], evn,
			      ev.type == QE_ABANDON || ev.type == QE_EXIT
				  ? "waittime"
				  : "holdtime",
			      &ev.hold_ms))
			continue;
		if (events[i].talk && field_sec(ctx, &row, col[C_TTIME], evn,
						"talk time", &ev.talk_ms))
			continue;
		if ((ev.type == QE_OUTANSWER || ev.type == QE_OUTEND) &&
		    field_sec(ctx, &row, col[C_HTIME], evn, "ring time",
			      &ev.ring_ms))
			continue;
		if (ev.type == QE_RINGNOANSWER && row.len[col[C_HTIME]] &&
		    (num_parse_i64(row.f[col[C_HTIME]], row.len[col[C_HTIME]],
				   &v) ||
		     v < 0)) {
			src_reject(ctx, &row,
				   "%s: htime: \"%s\" is not a number of ms",
				   evn, row.f[col[C_HTIME]]);
			continue;
		}
		if (ev.type == QE_ENTERQUEUE)
			ev.caller = row.f[col[C_P1]];
		if (ev.type == QE_OUTDIAL)
			ev.callee = row.f[col[C_P1]];
		if (ev.type == QE_OUTANSWER)
			ev.xfer_pending = !strcmp(row.f[col[C_P2]], "TRANSFER");
		qlog_feed(q, &ev, &row);
	}
out:
	/* a missing header rejects its row; the rest are read and rejected */
	if (!have_header)
		while ((st = csvin_next(ctx->in, &row)) != CSVIN_EOF)
			src_reject(ctx, &row, "no usable header");
	qlog_finish(q);
	qlog_free(q);
	return 0;
}

const struct src_format src_pbxware_queue_log = {
    .name = "pbxware-queue-log",
    .summary = "PBXware queue_log table export (CSV), one record per call",
    .delim = ',',
    .local_time = 0,
    .run = run,
};
