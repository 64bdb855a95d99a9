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
#include <strings.h>

#include "diag.h"
#include "num.h"
#include "src.h"
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

#define KEEP (2 * 3600 * 1000LL)  /* a call is complete this long after */
#define TOMB (24 * 3600 * 1000LL) /* a written call's id is kept this long */

struct leg {		   /* one CDR row, kept until its call is written */
	struct csvrow row; /* a copy, for --rejects */
	int64_t start, answer, end, billsec;
	enum outcome disp; /* the row's own disposition */
	unsigned queue : 1, vm : 1, person : 1, pbx : 1, dial : 1;
};

struct call {
	char *key; /* linkedid or uniqueid */
	struct leg *legs;
	size_t n, cap;
	int64_t end;	    /* latest end of its rows */
	int hashed;	    /* in the table (a row with no id is not) */
	int written;	    /* a tombstone: its record is written */
	struct call *hnext; /* hash chain */
	struct call *next;  /* pending calls in order of first row */
};

struct pend {
	struct src_ctx *ctx;
	struct call **b;
	size_t nb, n;
	struct call *head, *tail;   /* pending calls */
	struct call *thead, *ttail; /* written calls, to tell late rows */
	int64_t latest;		    /* latest row start seen */
	unsigned long split;	    /* calls with rows after their record */
	unsigned long same;	    /* rows repeated within their call */
};

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

/* FreePBX's voicemail destinations: vmu201, vmb201, vms201, vmi201. */
static int vm_dest(const char *s)
{
	if (strncmp(s, "vm", 2) != 0 || !strchr("ubsi", s[2]) || !s[2] || !s[3])
		return 0;
	for (s += 3; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Copy src into dst in one allocation (dst->f), freed by free(dst->f). */
static void row_copy(struct csvrow *dst, const struct csvrow *src)
{
	size_t i, bytes = 0;
	char *p;

	for (i = 0; i < src->nf; i++)
		bytes += src->len[i] + 1;
	*dst = *src;
	dst->f =
	    xmalloc(src->nf * (sizeof(*dst->f) + sizeof(*dst->len)) + bytes);
	dst->len = (size_t *)(dst->f + src->nf);
	p = (char *)(dst->len + src->nf);
	for (i = 0; i < src->nf; i++) {
		memcpy(p, src->f[i], src->len[i] + 1);
		dst->f[i] = p;
		dst->len[i] = src->len[i];
		p += src->len[i] + 1;
	}
}

static void call_free(struct call *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->legs[i].row.f);
	free(c->legs);
	free(c->key);
	free(c);
}

/*
 * Read row into lg, checking it as a record of its own (so that a bad
 * row is rejected with its own line). -1 if rejected.
 */
static int read_leg(struct src_ctx *ctx, const struct csvrow *row,
		    struct leg *lg)
{
	static const char *const tnames[] = {"start", "answer", "end"};
	const char *disp = row->f[A_DISPOSITION], *why;
	int64_t t[3];
	struct rec r;
	char *queue, *agent;

	if (row->nf != 18 && row->nf != 21) {
		src_reject(ctx, row, "expected 18 or 21 fields, got %zu",
			   row->nf);
		return -1;
	}
	if (src_start_answer_end(ctx, row, A_START, tnames, t) < 0 ||
	    src_seconds(ctx, row, A_BILLSEC, "billsec", &lg->billsec) < 0)
		return -1;
	if (!strcmp(disp, "ANSWERED"))
		lg->disp = OC_ANSWERED;
	else if (!strcmp(disp, "NO ANSWER"))
		lg->disp = OC_NOANSWER;
	else if (!strcmp(disp, "BUSY"))
		lg->disp = OC_BUSY;
	else if (!strcmp(disp, "FAILED") || !strcmp(disp, "CONGESTION"))
		lg->disp = OC_FAILED;
	else {
		src_reject(ctx, row, "disposition: \"%.40s\" is not known",
			   disp);
		return -1;
	}
	lg->start = t[0];
	lg->answer = t[1];
	lg->end = t[2];
	lg->queue = !strcasecmp(row->f[A_LASTAPP], "Queue");
	lg->vm = !strcasecmp(row->f[A_LASTAPP], "VoiceMail") ||
		 vm_dest(row->f[A_DST]);
	lg->dial = row->len[A_DSTCHANNEL] > 0;
	lg->person =
	    lg->disp == OC_ANSWERED && t[1] != TM_NONE && lg->dial && !lg->vm;
	lg->pbx =
	    lg->disp == OC_ANSWERED && t[1] != TM_NONE && !lg->dial && !lg->vm;

	/* the fields this row gives a record, checked as one */
	rec_clear(&r);
	queue = xstrndup(row->f[A_LASTDATA],
			 lg->queue ? strcspn(row->f[A_LASTDATA], ",") : 0);
	agent =
	    xstrndup(row->f[A_DSTCHANNEL],
		     peer_len(row->f[A_DSTCHANNEL], row->len[A_DSTCHANNEL]));
	r.call_id = row->f[A_UNIQUEID];
	r.start = t[0];
	r.end = t[2];
	r.caller = row->f[A_SRC];
	r.callee = row->f[A_DST];
	r.queue = queue;
	r.agent = agent;
	r.answer = t[1];
	r.outcome = t[1] != TM_NONE ? OC_ANSWERED : OC_NOANSWER;
	why = rec_check(&r);
	free(queue);
	free(agent);
	if (why) {
		src_reject(ctx, row, "%s", why);
		return -1;
	}
	row_copy(&lg->row, row);
	return 0;
}

static const char *leg_field(const struct leg *lg, int k)
{
	return lg->row.f[k];
}

/* Length of the union of [end - billsec, end] over the legs chosen. */
static int64_t talk_union(const struct call *c, int person)
{
	int64_t *lo = xmalloc(c->n * sizeof(*lo)), *hi;
	int64_t sum = 0, cur_lo = 0, cur_hi = TM_NONE;
	size_t i, j, m = 0;

	hi = xmalloc(c->n * sizeof(*hi));
	for (i = 0; i < c->n; i++) {
		const struct leg *lg = &c->legs[i];
		int64_t a;

		if (person ? !lg->person : !lg->pbx)
			continue;
		a = lg->end - lg->billsec < lg->start ? lg->start
						      : lg->end - lg->billsec;
		for (j = m++; j > 0 && lo[j - 1] > a;
		     j--) { /* insertion sort */
			lo[j] = lo[j - 1];
			hi[j] = hi[j - 1];
		}
		lo[j] = a;
		hi[j] = lg->end;
	}
	for (i = 0; i < m; i++) {
		if (cur_hi != TM_NONE && lo[i] <= cur_hi) {
			if (hi[i] > cur_hi)
				cur_hi = hi[i];
			continue;
		}
		if (cur_hi != TM_NONE)
			sum += cur_hi - cur_lo;
		cur_lo = lo[i];
		cur_hi = hi[i];
	}
	if (cur_hi != TM_NONE)
		sum += cur_hi - cur_lo;
	free(lo);
	free(hi);
	return sum;
}

/* Is b a better "person who answered last" than a? */
static int later_answer(const struct leg *a, const struct leg *b)
{
	int la, lb;

	if (!a || b->answer != a->answer)
		return !a || b->answer > a->answer;
	la = !strncmp(leg_field(a, A_DSTCHANNEL), "Local/", 6);
	lb = !strncmp(leg_field(b, A_DSTCHANNEL), "Local/", 6);
	if (la != lb)
		return la; /* a real channel names the person, not a Local one
			    */
	return b->end >= a->end;
}

/* Merge c's rows into r (text fields point into c, queue and agent into
 * own[0] and own[1], which the caller frees). */
static void merge(const struct call *c, struct rec *r, char *own[2])
{
	const struct leg *origin = NULL, *qfirst = NULL, *final = NULL;
	const struct leg *lastdial = NULL, *last = NULL;
	int64_t qstart = TM_NONE, qend = TM_NONE, real = TM_NONE;
	int64_t any = TM_NONE, pbx = TM_NONE;
	int vm = 0;
	size_t i;

	rec_clear(r);
	r->call_id = c->key;
	r->source = "asterisk-csv";
	r->start = c->legs[0].start;
	r->end = c->end;
	for (i = 0; i < c->n; i++) {
		const struct leg *lg = &c->legs[i];

		if (lg->start < r->start)
			r->start = lg->start;
		if (!origin && !strcmp(leg_field(lg, A_UNIQUEID), c->key))
			origin = lg;
		if (lg->queue) {
			if (!qfirst)
				qfirst = lg;
			if (qstart == TM_NONE || lg->start < qstart)
				qstart = lg->start;
			if (qend == TM_NONE || lg->end > qend)
				qend = lg->end;
		}
		vm |= lg->vm;
		if (lg->person) {
			if (lg->answer > lg->start &&
			    (real == TM_NONE || lg->answer < real))
				real = lg->answer;
			if (any == TM_NONE || lg->answer < any)
				any = lg->answer;
			if (later_answer(final, lg))
				final = lg;
		}
		if (lg->pbx && (pbx == TM_NONE || lg->answer < pbx))
			pbx = lg->answer;
		if (lg->dial && (!lastdial || lg->end >= lastdial->end))
			lastdial = lg;
		if (!last || lg->end >= last->end)
			last = lg;
	}
	if (!origin)
		origin = &c->legs[0];
	r->caller = leg_field(origin, A_SRC);
	r->callee = leg_field(origin, A_DST);
	r->queued = qfirst != NULL;
	if (qfirst)
		r->queue = own[0] =
		    xstrndup(leg_field(qfirst, A_LASTDATA),
			     strcspn(leg_field(qfirst, A_LASTDATA), ","));
	if (final) {
		r->agent = own[1] =
		    xstrndup(leg_field(final, A_DSTCHANNEL),
			     peer_len(leg_field(final, A_DSTCHANNEL),
				      final->row.len[A_DSTCHANNEL]));
		r->outcome = OC_ANSWERED;
		r->answer = real != TM_NONE ? real : any;
		r->talk_ms = talk_union(c, 1);
		if (qfirst && real != TM_NONE && real >= qstart)
			r->wait_ms = real - qstart;
		return;
	}
	if (vm)
		r->outcome = OC_TIMEOUT;
	else if (qfirst)
		r->outcome = OC_ABANDONED;
	else if (lastdial)
		r->outcome = lastdial->disp == OC_ANSWERED ? OC_NOANSWER
							   : lastdial->disp;
	else if (pbx != TM_NONE) {
		r->outcome = OC_ANSWERED;
		r->answer = pbx;
		r->talk_ms = talk_union(c, 0);
		return;
	} else
		r->outcome =
		    last->disp == OC_ANSWERED ? OC_NOANSWER : last->disp;
	if (qfirst)
		r->wait_ms = qend - qstart;
}

/* Write c's record (or reject every row of it), then free its rows. */
static void flush(struct pend *p, struct call *c)
{
	const struct csvrow **rows = xmalloc(c->n * sizeof(*rows));
	struct rec r;
	char *own[2] = {NULL, NULL};
	size_t i;

	merge(c, &r, own);
	for (i = 0; i < c->n; i++)
		rows[i] = &c->legs[i].row;
	src_emit_call(p->ctx, rows, c->n, &r);
	free(rows);
	free(own[0]);
	free(own[1]);
	for (i = 0; i < c->n; i++)
		free(c->legs[i].row.f);
	free(c->legs);
	c->legs = NULL;
	c->n = c->cap = 0;
}

static void unlink_hash(struct pend *p, struct call *c)
{
	struct call **pp = &p->b[hash(c->key) & (p->nb - 1)];

	while (*pp != c)
		pp = &(*pp)->hnext;
	*pp = c->hnext;
	p->n--;
}

/*
 * Write the calls at the head whose end is KEEP behind latest (all: 1).
 * A written call stays in the table as a tombstone (its key and end) for
 * TOMB, so that a row of it coming later is counted as a split call.
 */
static void drain(struct pend *p, int all)
{
	while (p->thead && p->thead->end < p->latest - TOMB) {
		struct call *c = p->thead;

		p->thead = c->next;
		if (!p->thead)
			p->ttail = NULL;
		unlink_hash(p, c);
		call_free(c);
	}
	while (p->head && (all || p->head->end < p->latest - KEEP)) {
		struct call *c = p->head;

		p->head = c->next;
		if (!p->head)
			p->tail = NULL;
		flush(p, c);
		if (!c->hashed || all) {
			if (c->hashed)
				unlink_hash(p, c);
			call_free(c);
			continue;
		}
		c->written = 1;
		c->next = NULL;
		if (p->ttail)
			p->ttail->next = c;
		else
			p->thead = c;
		p->ttail = c;
	}
}

/* The pending call of key, a new one if none (always new for ""). */
static struct call *lookup(struct pend *p, const char *key)
{
	size_t k = hash(key) & (p->nb - 1), i;
	struct call *c;

	/* the newest of a key is first in its chain */
	for (c = *key ? p->b[k] : NULL; c; c = c->hnext)
		if (!strcmp(c->key, key)) {
			if (!c->written)
				return c;
			p->split++; /* a row of a call already written */
			break;
		}
	if (p->n >= 2 * p->nb) {
		struct call **b = xcalloc(2 * p->nb, sizeof(*b)), *next;

		for (i = 0; i < p->nb; i++)
			for (c = p->b[i]; c; c = next) {
				size_t j = hash(c->key) & (2 * p->nb - 1);

				next = c->hnext;
				c->hnext = b[j];
				b[j] = c;
			}
		free(p->b);
		p->b = b;
		p->nb *= 2;
		k = hash(key) & (p->nb - 1);
	}
	c = xcalloc(1, sizeof(*c));
	c->key = xstrdup(key);
	c->end = TM_NONE;
	if (*key) {
		c->hashed = 1;
		c->hnext = p->b[k];
		p->b[k] = c;
		p->n++;
	}
	if (p->tail)
		p->tail->next = c;
	else
		p->head = c;
	p->tail = c;
	return c;
}

/*
 * A row byte-identical to a row already in its call (a file holding rows
 * twice) changes nothing in the record: with --dedupe it is skipped with
 * a note, else merged and counted for a warning. 1 if skipped.
 */
static int repeated(struct pend *p, const struct call *c, const struct leg *lg)
{
	const struct csvrow *a = &lg->row;
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		const struct csvrow *b = &c->legs[i].row;

		for (k = 0; a->nf == b->nf && k < a->nf; k++)
			if (a->len[k] != b->len[k] ||
			    memcmp(a->f[k], b->f[k], a->len[k]))
				break;
		if (a->nf != b->nf || k < a->nf)
			continue;
		if (!p->ctx->dedupe) {
			p->same++;
			return 0;
		}
		acct_note(p->ctx->acct, p->ctx->file, a->line, a,
			  "the same row as line %ld of its call: skipped "
			  "(--dedupe)",
			  b->line);
		acct_skip(p->ctx->acct);
		return 1;
	}
	return 0;
}

static int run(struct src_ctx *ctx)
{
	struct pend p;
	struct csvrow row;

	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.nb = 256;
	p.b = xcalloc(p.nb, sizeof(*p.b));
	p.latest = TM_NONE;
	while (src_next_row(ctx, &row)) {
		struct leg lg;
		struct call *c;
		const char *key;

		memset(&lg, 0, sizeof(lg));
		if (read_leg(ctx, &row, &lg) < 0)
			continue;
		key = row.nf == 21 && row.len[A_LINKEDID] ? row.f[A_LINKEDID]
							  : row.f[A_UNIQUEID];
		c = lookup(&p, key);
		if (repeated(&p, c, &lg)) {
			free(lg.row.f);
			continue;
		}
		c->legs = xgrow(c->legs, &c->cap, c->n + 1, sizeof(*c->legs));
		c->legs[c->n++] = lg;
		if (c->end == TM_NONE || lg.end > c->end)
			c->end = lg.end;
		if (p.latest == TM_NONE || lg.start > p.latest)
			p.latest = lg.start;
		drain(&p, 0);
	}
	drain(&p, 1);
	while (p.thead) {
		struct call *c = p.thead;

		p.thead = c->next;
		call_free(c);
	}
	if (p.same && !ctx->acct->quiet)
		warn_at(ctx->file, 0,
			"%lu row(s) the same as an earlier row of their call, "
			"merged into it: rows repeated in the input? (--dedupe "
			"skips them)",
			p.same);
	if (p.split && !ctx->acct->quiet)
		warn_at(
		    ctx->file, 0,
		    "%lu call(s) had rows more than 2 hours after the rest, "
		    "written as more than one record with the same call_id "
		    "(is the input in time order?)",
		    p.split);
	free(p.b);
	return 0;
}

const struct src_format src_asterisk_csv = {
    .name = "asterisk-csv",
    .summary = "Asterisk cdr_csv Master.csv (18 or 21 columns, local time)",
    .delim = ',',
    .local_time = 1,
    .run = run,
};
