/*
 * asterisk-queue-log: Asterisk's pipe-delimited queue_log,
 *   epoch|callid|queue|agent|EVENT|data1|data2|data3|data4|data5
 * rebuilt into one record per queue contact by qlog (see qlog.h for the
 * event rules and the run account). Times are epoch seconds, UTC.
 *
 * The data fields read, by event (app_queue's own layout):
 *   ENTERQUEUE       url|callerid            -> caller
 *   CONNECT          holdtime|bridgedid|ringtime
 *   COMPLETECALLER, COMPLETEAGENT  holdtime|calltime|origpos
 *   ABANDON, EXITEMPTY, EXITWITHTIMEOUT  pos|origpos|waittime
 *   EXITWITHKEY      key|pos|origpos|waittime
 *   TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER  ...|holdtime|calltime|origpos
 *                    (the last three fields: ATTENDEDTRANSFER's method
 *                    part varies in width)
 *   RINGNOANSWER     ringtime in ms (checked, not part of the record)
 *   JOINEMPTY, JOINUNAVAIL  (no data read): the caller could not join
 * The file is read as lines, not CSV: a quote in a caller id is data.
 * Rows with fewer than 5 fields, a bad epoch or a bad number in a field
 * the record needs are rejected. Events that carry no call are skipped.
 */
#include <string.h>

#include "num.h"
#include "qlog.h"
#include "src.h"
#include "tm.h"

static const struct {
	const char *name;
	enum qlog_type type;
	int hold, talk; /* data field (1-5) of hold / talk, 0 none */
} events[] = {
    {"ENTERQUEUE", QE_ENTERQUEUE, 0, 0},
    {"JOINEMPTY", QE_JOINEMPTY, 0, 0},
    {"JOINUNAVAIL", QE_JOINEMPTY, 0, 0},
    {"RINGNOANSWER", QE_RINGNOANSWER, 0, 0},
    {"RINGCANCELED", QE_RINGNOANSWER, 0, 0},
    {"CONNECT", QE_CONNECT, 1, 0},
    {"COMPLETECALLER", QE_COMPLETE, 1, 2},
    {"COMPLETEAGENT", QE_COMPLETE, 1, 2},
    {"ABANDON", QE_ABANDON, 3, 0},
    {"AGENTDUMP", QE_AGENTDUMP, 0, 0},
    {"EXITEMPTY", QE_EXIT, 3, 0},
    {"EXITWITHTIMEOUT", QE_EXIT, 3, 0},
    {"EXITWITHKEY", QE_EXIT, 4, 0},
    {"TRANSFER", QE_TRANSFER, -1, -1},
    {"BLINDTRANSFER", QE_TRANSFER, -1, -1},
    {"ATTENDEDTRANSFER", QE_TRANSFER, -1, -1},
};

/* Field i of row as seconds, MS_NONE if absent or empty; -1 rejected. */
static int field_sec(struct src_ctx *ctx, const struct csvrow *row, size_t i,
		     const char *ev, const char *what, int64_t *ms)
{
	const char *why;

	*ms = MS_NONE;
	if (i >= row->nf || row->len[i] == 0)
		return 0;
	if (num_parse_ms(row->f[i], row->len[i], ms, &why) == 0)
		return 0;
	src_reject(ctx, row, "%s: %s: \"%s\" is not a number of seconds", ev,
		   what, row->f[i]);
	return -1;
}

static int run(struct src_ctx *ctx)
{
	struct qlog *q = qlog_new(ctx, "asterisk-queue-log");
	struct csvrow row;

	csvin_set_raw(ctx->in); /* a line format: '"' is data */
	while (src_next_row(ctx, &row)) {
		struct qlog_ev ev;
		int64_t ms, v;
		size_t i, last;
		int hold, talk;

		if (row.nf < 5) {
			src_reject(
			    ctx, &row,
			    "%zu fields, a queue_log line has at least 5",
			    row.nf);
			continue;
		}
		if (num_parse_ms(row.f[0], row.len[0], &ms,
				 &(const char *){0}) ||
		    ms < 0) {
			src_reject(ctx, &row, "time: \"%s\" is not an epoch",
				   row.f[0]);
			continue;
		}
		memset(&ev, 0, sizeof(ev));
		ev.t = ms;
		ev.callid = row.f[1];
		ev.queue = row.f[2];
		ev.agent = row.f[3];
		ev.hold_ms = ev.talk_ms = ev.ring_ms = MS_NONE;
		ev.cause = -1;
		hold = talk = 0;
		for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
			if (!strcmp(row.f[4], events[i].name)) {
				ev.type = events[i].type;
				hold = events[i].hold;
				talk = events[i].talk;
				break;
			}
		if (row.len[4] == 0) {
			src_reject(ctx, &row, "no event name");
			continue;
		}
		if (ev.type != QE_OTHER && qlog_none(ev.callid)) {
			src_reject(ctx, &row, "%s: no callid", row.f[4]);
			continue;
		}
		if (hold < 0) {
			/* transfers: holdtime|calltime|origpos are last */
			for (last = row.nf; last > 5 && row.len[last - 1] == 0;
			     last--)
				;
			hold = last >= 8 ? (int)last - 7 : 0;
			talk = last >= 8 ? (int)last - 6 : 0;
		}
		if (hold &&
		    field_sec(ctx, &row, 4 + (size_t)hold, row.f[4],
			      ev.type == QE_ABANDON || ev.type == QE_EXIT
				  ? "waittime"
				  : "holdtime",
			      &ev.hold_ms))
			continue;
		if (talk && field_sec(ctx, &row, 4 + (size_t)talk, row.f[4],
				      "calltime", &ev.talk_ms))
			continue;
		if (ev.type == QE_ENTERQUEUE && row.nf > 6)
			ev.caller = row.f[6];
		if (ev.type == QE_RINGNOANSWER && row.nf > 5 && row.len[5] &&
		    (num_parse_i64(row.f[5], row.len[5], &v) || v < 0)) {
			src_reject(ctx, &row,
				   "%s: ringtime: \"%s\" is not a number of ms",
				   row.f[4], row.f[5]);
			continue;
		}
		qlog_feed(q, &ev, &row);
	}
	qlog_finish(q);
	qlog_free(q);
	return 0;
}

const struct src_format src_asterisk_queue_log = {
    .name = "asterisk-queue-log",
    .summary = "Asterisk queue_log (pipe-delimited), one record per call",
    .delim = '|',
    .local_time = 0,
    .run = run,
};
