/*
 * callcenter-1999: the Technion "Anonymous Bank" call-centre month files
 * (Israel, 1999): tab-separated with a header,
 *   vru+line call_id customer_id priority type date vru_entry vru_exit
 *   vru_time q_start q_exit q_time outcome ser_start ser_exit ser_time
 *   server
 * date is YYMMDD, the times H:MM:SS local time (--tz Asia/Jerusalem),
 * and 0:00:00 means "did not happen". Columns are found by header name.
 *
 * One record per row. Choices where SPEC is silent:
 * - call_id = "vru+line/call_id" (call_id alone repeats across lines);
 *   caller = customer_id (0 = unknown -> empty); callee = vru+line;
 *   queue = type; agent = server when AGENT (NO_SERVER -> empty).
 * - A stage (VRU, queue, service) happened when its time field is not 0
 *   or either of its clock times is not 0:00:00: a queue that starts at
 *   midnight exactly is written 0:00:00 too.
 * - Times earlier than vru_entry by more than 12 hours belong to the
 *   next day (calls crossing midnight).
 * - start = the earliest and end = the latest time that happened (the
 *   VRU and queue clocks disagree by up to a minute in a few rows).
 * - AGENT -> answered, answer = ser_start, talk_s = ser_time; an AGENT
 *   row without service times is answered at the queue exit (or VRU
 *   exit) with talk_s 0. HANG in the queue -> abandoned, HANG in the
 *   VRU (never queued) -> cancelled, PHANTOM -> failed.
 * - queued = 1 when the caller asked for an agent: the queue happened,
 *   or the outcome is AGENT (served at once). VRU-only calls and PHANTOM
 *   calls (virtual calls, to be ignored per the data's documentation)
 *   are queued 0.
 * - wait_s = q_time if the call queued, 0 for AGENT served at once,
 *   empty for calls that never queued.
 */
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "src.h"
#include "tm.h"
#include "xalloc.h"

enum {
	B_LINE,
	B_ID,
	B_CUST,
	B_TYPE,
	B_DATE,
	B_VIN,
	B_VOUT,
	B_QIN,
	B_QOUT,
	B_QTIME,
	B_OUTCOME,
	B_SIN,
	B_SOUT,
	B_STIME,
	B_SERVER,
	NCOL
};
static const char *const colname[NCOL] = {
    "vru+line",	 "call_id",   "customer_id", "type",	 "date",
    "vru_entry", "vru_exit",  "q_start",     "q_exit",	 "q_time",
    "outcome",	 "ser_start", "ser_exit",    "ser_time", "server",
};

/* "H:MM:SS" -> seconds of the day; -1 if malformed. */
static long hms(const char *s)
{
	long h = 0, m, sec;
	int n = 0;

	while (*s >= '0' && *s <= '9' && n < 2)
		h = h * 10 + (*s++ - '0'), n++;
	if (!n || *s++ != ':' || !(s[0] >= '0' && s[0] <= '5') ||
	    !(s[1] >= '0' && s[1] <= '9') || s[2] != ':' ||
	    !(s[3] >= '0' && s[3] <= '5') || !(s[4] >= '0' && s[4] <= '9') ||
	    s[5])
		return -1;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	sec = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23)
		return -1;
	return h * 3600 + m * 60 + sec;
}

static int run(struct src_ctx *ctx)
{
	static const int tcol[6] = {B_VIN,  B_VOUT, B_QIN,
				    B_QOUT, B_SIN,  B_SOUT};
	struct csvrow row;
	int col[NCOL], k, st, maxcol = 0;
	char *id = NULL;

	if (!src_read_header(ctx, &row, colname, NCOL, col))
		return 0;
	for (k = 0; k < NCOL; k++) {
		if (col[k] < 0) {
			src_reject(ctx, &row, "header: no column \"%s\"",
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
		struct civil c;
		long sec[6];
		int64_t t[6], day, qtime, stime, v;
		int happened[3], y, mo, d, bad = 0;
		const char *oc, *srv, *cust;

		if ((int)row.nf <= maxcol) {
			src_reject(ctx, &row, "%zu fields, the header has %d",
				   row.nf, maxcol + 1);
			continue;
		}
		if (row.len[col[B_DATE]] != 6 ||
		    num_parse_i64(row.f[col[B_DATE]], 6, &v) || v < 0) {
			src_reject(ctx, &row, "date: \"%.40s\" is not YYMMDD",
				   row.f[col[B_DATE]]);
			continue;
		}
		y = (int)(v / 10000);
		y += y >= 70 ? 1900 : 2000;
		mo = (int)(v / 100 % 100);
		d = (int)(v % 100);
		memset(&c, 0, sizeof(c));
		c.year = y, c.mon = mo, c.day = d;
		if (!tm_civil_valid(&c)) {
			src_reject(ctx, &row, "date: \"%s\" is not a date",
				   row.f[col[B_DATE]]);
			continue;
		}
		day = tm_days_from_civil(y, mo, d);
		for (k = 0; k < 6; k++)
			if ((sec[k] = hms(row.f[col[tcol[k]]])) < 0) {
				src_reject(
				    ctx, &row, "%s: \"%.40s\" is not H:MM:SS",
				    colname[tcol[k]], row.f[col[tcol[k]]]);
				bad = 1;
				break;
			}
		if (bad)
			continue;
		if (num_parse_i64(row.f[col[B_QTIME]], row.len[col[B_QTIME]],
				  &qtime) ||
		    qtime < 0 ||
		    num_parse_i64(row.f[col[B_STIME]], row.len[col[B_STIME]],
				  &stime) ||
		    stime < 0) {
			src_reject(
			    ctx, &row,
			    "q_time/ser_time: \"%.20s\"/\"%.20s\" are not seconds",
			    row.f[col[B_QTIME]], row.f[col[B_STIME]]);
			continue;
		}
		happened[0] = 1;
		happened[1] = qtime > 0 || sec[2] || sec[3];
		happened[2] = stime > 0 || sec[4] || sec[5];
		for (k = 0; k < 6 && !bad; k++) {
			long s = sec[k];
			int64_t dd = day;
			enum tz_status zs;

			t[k] = TM_NONE;
			if (!happened[k / 2])
				continue;
			if (s < sec[0] - 12 * 3600)
				dd++; /* crossed midnight */
			tm_civil_from_days(dd, &c.year, &c.mon, &c.day);
			c.hour = (int)(s / 3600);
			c.min = (int)(s / 60 % 60);
			c.sec = (int)(s % 60);
			c.ms = 0;
			if (!ctx->have_tz) {
				src_reject(
				    ctx, &row,
				    "%s: is local time and no --tz was given",
				    colname[tcol[k]]);
				bad = 1;
			} else if ((zs = tz_local_to_utc(&c, &t[k])) != TZ_OK) {
				src_reject(
				    ctx, &row, "%s: \"%s\" %s",
				    colname[tcol[k]], row.f[col[tcol[k]]],
				    zs == TZ_AMBIGUOUS
					? "is ambiguous (clocks went back)"
					: "does not exist (clocks went forward)");
				bad = 1;
			}
		}
		if (bad)
			continue;
		rec_clear(&r);
		r.start = r.end = t[0];
		for (k = 1; k < 6; k++) {
			if (t[k] == TM_NONE)
				continue;
			if (t[k] < r.start)
				r.start = t[k];
			if (t[k] > r.end)
				r.end = t[k];
		}
		free(id);
		id = xasprintf("%s/%s", row.f[col[B_LINE]], row.f[col[B_ID]]);
		r.call_id = id;
		r.source = "callcenter-1999";
		cust = row.f[col[B_CUST]];
		r.caller = strcmp(cust, "0") ? cust : NULL;
		r.callee = row.f[col[B_LINE]];
		r.queue = row.f[col[B_TYPE]];
		oc = row.f[col[B_OUTCOME]];
		/*
		 * Queued: the caller asked for an agent, i.e. entered the
		 * queue or was served at once (AGENT with no queue time,
		 * measured wait 0). PHANTOM calls are virtual calls the
		 * bank's documentation says to ignore: never queued.
		 */
		r.queued = strcmp(oc, "PHANTOM") &&
			   (happened[1] || !strcmp(oc, "AGENT"));
		r.wait_ms =
		    r.queued ? (happened[1] ? qtime * 1000 : 0) : MS_NONE;
		srv = row.f[col[B_SERVER]];
		if (!strcmp(oc, "AGENT")) {
			r.outcome = OC_ANSWERED;
			r.answer = happened[2]	 ? t[4]
				   : happened[1] ? t[3]
						 : t[1];
			r.talk_ms = happened[2] ? stime * 1000 : 0;
			r.agent = strcmp(srv, "NO_SERVER") ? srv : NULL;
		} else if (!strcmp(oc, "HANG")) {
			/* hung up in the queue, or in the VRU before any */
			r.outcome = r.queued ? OC_ABANDONED : OC_CANCELLED;
		} else if (!strcmp(oc, "PHANTOM")) {
			r.outcome = OC_FAILED;
		} else {
			src_reject(
			    ctx, &row,
			    "outcome: \"%.40s\" is not AGENT, HANG or PHANTOM",
			    oc);
			continue;
		}
		src_emit(ctx, &row, &r);
	}
	free(id);
	return 0;
}

const struct src_format src_callcenter_1999 = {
    .name = "callcenter-1999",
    .summary = "Anonymous Bank call-centre month file (1999, tab, local)",
    .delim = '\t',
    .local_time = 1,
    .run = run,
};
