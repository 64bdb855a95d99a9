/*
 * qlog: one call record per queue contact, rebuilt from queue-log events
 * (see qlog.h for the accounting rules).
 *
 * Choices where SPEC is silent:
 * - A record is written at the call's terminal event, so records come
 *   in the order calls end; calls open at EOF follow, by start then id.
 * - The terminal event's own figures win (COMPLETECALLER's holdtime and
 *   calltime, ABANDON's waittime): a CONNECT logged late or lost does
 *   not change the record. Missing figures are derived from the event
 *   times (wait = answer - enter, talk = end - answer).
 * - AGENTDUMP (the agent hung up during the announcement) is abandoned,
 *   as app_queue counts it; EXITWITHTIMEOUT, EXITEMPTY and EXITWITHKEY
 *   are timeout (the contact left the queue without an agent).
 * - JOINEMPTY / JOINUNAVAIL (the queue refused the caller: no agents) is
 *   a contact of its own, offered and timeout at once, wait empty (it
 *   never waited), unless the call had entered the queue: then it ends
 *   that contact as timeout.
 * - An ended call is remembered (callid and end) for an hour of log
 *   time: a repeated terminal event (the AGENTDUMP race) or a late event
 *   of it is skipped, not a new call. ENTERQUEUE or OUTDIAL of an ended
 *   callid starts a new contact with id "callid#2", "#3", ...
 * - Open calls at EOF, if emitted, end at their last event: answered if
 *   connected (talk until the last event), else abandoned (inbound, wait
 *   empty: the log ended while it waited) or cancelled (outbound).
 * - queued is 1 for contacts that were in a queue (ENTERQUEUE, or any
 *   queue event of it), 0 for agents' outbound calls (PBXware OUT*).
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "group.h"
#include "num.h"
#include "qlog.h"
#include "rec.h"
#include "tm.h"
#include "xalloc.h"

#define QLOG_KEEP_MS (3600 * 1000LL) /* how long an ended call is kept */

struct call {
	const char *key; /* callid as logged (the table's key) */
	char *id;	 /* call_id written: key or key#gen */
	char *queue, *agent, *caller, *callee;
	int64_t t_enter, t_connect, t_first, t_last, t_end;
	int64_t hold_ms, ring_ms, talk_ms;
	int transfers, outbound, connected, closed, gen;
	unsigned seen; /* 1 << enum qlog_type */
	long *lines;   /* rows of this contact, in order */
	size_t nlines, lcap;
};

struct qlog {
	struct src_ctx *ctx;
	const char *source;
	struct group_table calls; /* callid -> struct call */
	size_t nclosed;
	size_t prune_at; /* prune when nclosed reaches this */
	int64_t latest;
};

int qlog_none(const char *s)
{
	return !s || !*s || !strcmp(s, "NONE") || !strcmp(s, "NULL");
}

static char *dup_opt(const char *s)
{
	return qlog_none(s) ? NULL : xstrdup(s);
}

static void set_str(char **dst, const char *s)
{
	if (qlog_none(s))
		return;
	free(*dst);
	*dst = xstrdup(s);
}

struct qlog *qlog_new(struct src_ctx *ctx, const char *source)
{
	struct qlog *q = xcalloc(1, sizeof(*q));

	q->ctx = ctx;
	q->source = source;
	group_table_init(&q->calls, sizeof(struct call));
	q->latest = TM_NONE;
	q->prune_at = 4096;
	return q;
}

/* Drop the per-contact data of c, keeping key and gen (a tombstone). */
static void call_clear(struct call *c)
{
	free(c->id);
	free(c->queue);
	free(c->agent);
	free(c->caller);
	free(c->callee);
	free(c->lines);
	c->id = c->queue = c->agent = c->caller = c->callee = NULL;
	c->lines = NULL;
	c->nlines = c->lcap = 0;
}

/* Start a new contact on c (fresh, or reusing an ended callid). */
static void call_start(struct call *c, const struct qlog_ev *ev)
{
	call_clear(c);
	c->gen++;
	c->id =
	    c->gen == 1 ? xstrdup(c->key) : xasprintf("%s#%d", c->key, c->gen);
	c->t_enter = c->t_connect = c->t_end = TM_NONE;
	c->t_first = c->t_last = ev->t;
	c->hold_ms = c->ring_ms = c->talk_ms = MS_NONE;
	c->transfers = c->outbound = c->connected = c->closed = 0;
	c->seen = 0;
}

static void call_fin(void *c)
{
	call_clear(c);
}

static int call_gone(void *ctx, struct group_ent *e)
{
	const struct qlog *q = ctx;
	struct call *c = GROUP_VAL(e);

	if (!c->closed || c->t_end >= q->latest - QLOG_KEEP_MS)
		return 0;
	call_clear(c);
	return 1;
}

/* Forget ended calls that ended more than QLOG_KEEP_MS before latest. */
static void prune(struct qlog *q)
{
	q->nclosed -= group_table_drop_if(&q->calls, call_gone, q);
}

static struct call *lookup(struct qlog *q, const char *key, int create)
{
	size_t len = strlen(key);
	struct group_ent *e;
	struct call *c;

	if (!create) {
		e = group_table_find(&q->calls, key, len);
		return e ? GROUP_VAL(e) : NULL;
	}
	if (q->nclosed >= q->prune_at) {
		prune(q);
		/* amortised: the next sweep waits for as many new ends */
		q->prune_at = 2 * q->nclosed > 4096 ? 2 * q->nclosed : 4096;
	}
	e = group_table_get(&q->calls, key, len, NULL);
	c = GROUP_VAL(e);
	c->key = e->key;
	return c;
}

static void add_line(struct call *c, long line)
{
	c->lines = xgrow(c->lines, &c->lcap, c->nlines + 1, sizeof(long));
	c->lines[c->nlines++] = line;
}

static int64_t call_start_time(const struct call *c)
{
	return c->t_enter != TM_NONE ? c->t_enter : c->t_first;
}

/* id for a message: bytes outside printable ASCII shown as '?'. */
static void shown_id(char *buf, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i + 1 < n && id[i]; i++)
		buf[i] = id[i] >= 0x20 && id[i] < 0x7f ? id[i] : '?';
	buf[i] = 0;
}

/*
 * Write c's record, or reject all its rows with why / the check's reason.
 * row is the current row (the last of c's lines) or NULL at EOF.
 */
static void finish_call(struct qlog *q, struct call *c, const struct rec *r,
			const struct csvrow *row, const char *why)
{
	struct acct *a = q->ctx->acct;
	char buf[200];
	size_t i;
	int w;

	if (!why)
		why = src_check(q->ctx, r);
	if (!why && (w = src_where(q->ctx, r, buf, sizeof buf)) < 1) {
		if (w < 0) {
			why = buf;
		} else { /* --where: every line of the call skipped */
			for (i = 0; i < c->nlines; i++)
				acct_skip(a);
			call_clear(c);
			c->closed = 1;
			c->t_end = c->t_last;
			return;
		}
	}
	if (!why) {
		rec_out(q->ctx->out, r);
		for (i = 0; i < c->nlines; i++)
			acct_use(a);
	} else {
		char shown[64];

		shown_id(shown, sizeof(shown), c->id);
		for (i = 0; i < c->nlines; i++) {
			int last = i + 1 == c->nlines;

			acct_reject(a, q->ctx->file, c->lines[i],
				    last ? row : NULL, "call %s: %s", shown,
				    why);
		}
	}
	call_clear(c);
	c->closed = 1;
	c->t_end = c->t_last;
	q->nclosed++;
}

static void rec_base(const struct qlog *q, const struct call *c, struct rec *r)
{
	rec_clear(r);
	r->call_id = c->id;
	r->source = q->source;
	r->caller = c->caller;
	r->callee = c->callee;
	r->queue = c->queue;
	r->transfers = c->transfers;
	r->queued = !c->outbound; /* queue_log: it entered a queue */
	r->zone = q->ctx->zone;
}

/* Answered inbound or outbound contact ending at end. */
static void rec_answered(const struct call *c, struct rec *r, int64_t end,
			 int64_t talk_ms, int64_t hold_ms)
{
	int64_t start = call_start_time(c);

	r->outcome = OC_ANSWERED;
	r->end = end;
	if (talk_ms == MS_NONE)
		talk_ms = c->connected ? end - c->t_connect : 0;
	r->talk_ms = talk_ms;
	r->answer = c->connected ? c->t_connect : end - talk_ms;
	r->agent = c->agent;
	if (c->outbound) {
		r->start = c->t_first;
		r->ring_ms = c->ring_ms;
		return;
	}
	if (hold_ms == MS_NONE)
		hold_ms = c->hold_ms;
	if (c->t_enter == TM_NONE && hold_ms != MS_NONE)
		start = r->answer - hold_ms;
	else if (hold_ms == MS_NONE)
		hold_ms = r->answer - start;
	r->start = start;
	r->wait_ms = hold_ms;
}

/* Inbound contact that left the queue unanswered at end. */
static void rec_unanswered(const struct call *c, struct rec *r, int64_t end,
			   int64_t wait_ms, enum outcome oc)
{
	int64_t start = call_start_time(c);

	r->outcome = oc;
	r->end = end;
	r->talk_ms = 0;
	if (c->t_enter == TM_NONE && wait_ms != MS_NONE &&
	    end - wait_ms < start)
		start = end - wait_ms;
	if (wait_ms == MS_NONE)
		wait_ms = end - start;
	r->start = start;
	r->wait_ms = wait_ms;
}

static void terminal(struct qlog *q, struct call *c, const struct qlog_ev *ev,
		     const struct csvrow *row)
{
	struct rec r;
	int64_t end = c->t_last;

	set_str(&c->agent, ev->agent);
	rec_base(q, c, &r);
	switch (ev->type) {
	case QE_COMPLETE:
	case QE_TRANSFER:
		if (ev->type == QE_TRANSFER)
			r.transfers = ++c->transfers;
		rec_answered(c, &r, end, ev->talk_ms, ev->hold_ms);
		break;
	case QE_ABANDON:
	case QE_AGENTDUMP:
	case QE_EXIT:
		rec_unanswered(c, &r, end, ev->hold_ms,
			       ev->type == QE_EXIT ? OC_TIMEOUT : OC_ABANDONED);
		break;
	case QE_JOINEMPTY:
		rec_unanswered(c, &r, end, MS_NONE, OC_TIMEOUT);
		if (c->t_enter == TM_NONE)
			r.wait_ms = MS_NONE; /* refused at once: never waited */
		break;
	case QE_OUTANSWER:
		if (ev->ring_ms != MS_NONE)
			c->ring_ms = ev->ring_ms;
		rec_answered(c, &r, end, ev->talk_ms, MS_NONE);
		break;
	case QE_OUTTRANSFER:
		r.transfers = ++c->transfers;
		if (c->connected) {
			rec_answered(c, &r, end, MS_NONE, MS_NONE);
		} else {
			r.start = c->t_first;
			r.end = end;
			r.outcome = OC_CANCELLED;
		}
		break;
	case QE_OUTEND:
		r.start = c->t_first;
		r.end = end;
		r.outcome = ev->outcome;
		r.cause = ev->cause;
		r.ring_ms = ev->ring_ms;
		break;
	default:
		break;
	}
	finish_call(q, c, &r, row, NULL);
}

static int is_terminal(const struct qlog_ev *ev)
{
	switch (ev->type) {
	case QE_COMPLETE:
	case QE_ABANDON:
	case QE_AGENTDUMP:
	case QE_EXIT:
	case QE_JOINEMPTY:
	case QE_TRANSFER:
	case QE_OUTEND:
	case QE_OUTTRANSFER:
		return 1;
	case QE_OUTANSWER:
		return !ev->xfer_pending;
	default:
		return 0;
	}
}

void qlog_feed(struct qlog *q, const struct qlog_ev *ev,
	       const struct csvrow *row)
{
	struct call *c;
	unsigned bit = 1u << ev->type;

	if (ev->type == QE_OTHER || qlog_none(ev->callid)) {
		acct_skip(q->ctx->acct);
		return;
	}
	if (q->latest == TM_NONE || ev->t > q->latest)
		q->latest = ev->t;
	c = lookup(q, ev->callid, 1);
	if (!c->id) {
		/* new callid, or an ended one: only a contact start reopens */
		if (c->closed && ev->type != QE_ENTERQUEUE &&
		    ev->type != QE_JOINEMPTY && ev->type != QE_OUTDIAL) {
			acct_skip(q->ctx->acct);
			return;
		}
		if (c->closed) {
			c->closed = 0;
			q->nclosed--;
		}
		call_start(c, ev);
	} else if ((ev->type == QE_ENTERQUEUE || ev->type == QE_CONNECT ||
		    ev->type == QE_OUTDIAL || ev->type == QE_OUTANSWER) &&
		   (c->seen & bit)) {
		/* the same one-off event twice: a duplicate */
		acct_skip(q->ctx->acct);
		return;
	}
	c->seen |= bit;
	add_line(c, row->line);
	if (ev->t < c->t_first)
		c->t_first = ev->t;
	if (ev->t > c->t_last)
		c->t_last = ev->t;
	switch (ev->type) {
	case QE_ENTERQUEUE:
		c->t_enter = ev->t;
		set_str(&c->queue, ev->queue);
		set_str(&c->caller, ev->caller);
		break;
	case QE_CONNECT:
		c->connected = 1;
		c->t_connect = ev->t;
		c->hold_ms = ev->hold_ms;
		set_str(&c->agent, ev->agent);
		break;
	case QE_OUTDIAL:
		c->outbound = 1;
		set_str(&c->agent, ev->agent);
		set_str(&c->caller, ev->agent);
		set_str(&c->callee, ev->callee);
		break;
	case QE_OUTANSWER:
		c->outbound = 1;
		if (ev->xfer_pending) {
			c->connected = 1;
			c->t_connect = ev->talk_ms != MS_NONE
					   ? ev->t - ev->talk_ms
					   : ev->t;
			c->ring_ms = ev->ring_ms;
		}
		break;
	default:
		break;
	}
	if (!qlog_none(ev->queue) && !c->queue)
		c->queue = dup_opt(ev->queue);
	if (is_terminal(ev))
		terminal(q, c, ev, row);
}

static int cmp_open(const void *a, const void *b)
{
	const struct call *x = *(struct call *const *)a;
	const struct call *y = *(struct call *const *)b;
	int64_t sx = call_start_time(x), sy = call_start_time(y);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return strcmp(x->id, y->id);
}

void qlog_finish(struct qlog *q)
{
	struct call **open = NULL;
	size_t nopen = 0, cap = 0, i;

	for (i = 0; i < q->calls.n; i++) {
		struct call *c = GROUP_VAL(q->calls.list[i]);

		if (c->id) {
			open = xgrow(open, &cap, nopen + 1, sizeof(*open));
			open[nopen++] = c;
		}
	}
	if (nopen)
		qsort(open, nopen, sizeof(*open), cmp_open);
	if (nopen && q->ctx->open_calls && !q->ctx->acct->quiet)
		warn_at(
		    q->ctx->file, 0,
		    "%zu call(s) still open at end of input, written as of their last event",
		    nopen);
	for (i = 0; i < nopen; i++) {
		struct call *c = open[i];
		struct rec r;

		if (!q->ctx->open_calls) {
			finish_call(q, c, NULL, NULL,
				    "still open at end of input");
			continue;
		}
		rec_base(q, c, &r);
		if (c->connected)
			rec_answered(c, &r, c->t_last, MS_NONE, MS_NONE);
		else if (c->outbound) {
			r.start = c->t_first;
			r.end = c->t_last;
			r.outcome = OC_CANCELLED;
		} else {
			rec_unanswered(c, &r, c->t_last, MS_NONE, OC_ABANDONED);
			r.wait_ms = MS_NONE; /* still waiting: never measured */
		}
		finish_call(q, c, &r, NULL, NULL);
	}
	free(open);
}

void qlog_free(struct qlog *q)
{
	if (!q)
		return;
	group_table_release(&q->calls, call_fin);
	free(q);
}
