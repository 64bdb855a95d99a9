/*
 * cucm_call: one record per contact from CUCM CDR legs (SPEC 2), shared
 * by the cucm and cucm-cmr formats.
 *
 * Which legs are one contact: legs of one globalCallID (callManagerId,
 * callId), and legs that share a destination leg (destNodeId,
 * destLegIdentifier): a transfer hands the far end of a consultation
 * call over to the transferred call, which CUCM logs under another
 * globalCallID. Legs are held in a pending table (two hash keys per leg)
 * until the input has moved CUCM_MERGE_ROWS rows and CUCM_MERGE_S
 * seconds of dateTimeDisconnect past the call's last leg: CUCM writes a
 * leg when it ends, so the legs of a call are near each other, yet an
 * export sorted otherwise still merges within 10,000 rows.
 *
 * Hunt pilots (the queue): --hunt-pilot DNs, every huntPilotDN seen and
 * every finalCalledPartyNumber of a leg whose calledPartyPatternUsage is
 * 7 (a hunt pilot pattern), learned as legs are added, so a pilot is
 * known for the calls written after it was first seen. Voicemail pilots:
 * --voicemail DNs and the huntPilotDN / finalCalledPartyNumber of a leg
 * a voicemail port answered (destDeviceName starting "CiscoUM", the
 * default name of Unity Connection ports); they are never queues.
 *
 * The record choices where SPEC is silent are in cucm_call_rec below and
 * in cdr-parse(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cucm.h"
#include "xalloc.h"

#define SPLIT 393216  /* CUCM cause: call split (transfer, conference) */
#define OBO_DEVICE 12 /* OnBehalfOf: the device hung up */
#define USAGE_HUNT 7  /* calledPartyPatternUsage: hunt pilot */

struct strset {
	char **s;
	size_t n, cap;
};

struct slot {
	int64_t a, b;
	long seq; /* -1 empty */
	int kind; /* 0 globalCallID, 1 destination leg */
};

struct cucm_merge {
	struct cucm_opts o;
	cucm_emit_fn emit;
	void *ud;
	struct cucm_call **q; /* pending calls; q[i] has seq off + i */
	size_t qh, qn, qcap;
	long off;
	struct slot *h;
	size_t hcap, hused;
	struct strset pilots, vm;
	unsigned long long rows;
	int64_t high; /* latest dateTimeDisconnect seen */
	char id[96];
};

/* --- sets of directory numbers ------------------------------------------ */

static int set_find(const struct strset *s, const char *k, size_t *at)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->s[mid], k);

		if (c == 0) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

static void set_add(struct strset *s, const char *k)
{
	size_t at;

	if (!*k || set_find(s, k, &at))
		return;
	s->s = xgrow(s->s, &s->cap, s->n + 1, sizeof(*s->s));
	memmove(s->s + at + 1, s->s + at, (s->n - at) * sizeof(*s->s));
	s->s[at] = xstrdup(k);
	s->n++;
}

static int set_has(const struct strset *s, const char *k)
{
	size_t at;

	return *k && set_find(s, k, &at);
}

static void set_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->s[i]);
	free(s->s);
}

/* --- pending calls by key ----------------------------------------------- */

static size_t hash(int kind, int64_t a, int64_t b)
{
	uint64_t x =
	    ((uint64_t)a * 0x9e3779b97f4a7c15u + (uint64_t)b) ^ (uint64_t)kind;

	x ^= x >> 30; /* splitmix64's finaliser */
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return (size_t)x;
}

/* The live pending call seq stands for (following merges), or NULL. */
static struct cucm_call *live(struct cucm_merge *m, long seq)
{
	for (;;) {
		long i = seq - m->off;
		struct cucm_call *c;

		if (i < (long)m->qh || i >= (long)m->qn)
			return NULL; /* written already */
		c = m->q[i];
		if (!c->dead)
			return c;
		seq = c->fwd;
	}
}

static struct slot *slot_of(struct cucm_merge *m, int kind, int64_t a,
			    int64_t b)
{
	size_t i = hash(kind, a, b) & (m->hcap - 1);

	while (m->h[i].seq >= 0 &&
	       (m->h[i].kind != kind || m->h[i].a != a || m->h[i].b != b))
		i = (i + 1) & (m->hcap - 1);
	return &m->h[i];
}

static struct cucm_call *find(struct cucm_merge *m, int kind, int64_t a,
			      int64_t b)
{
	struct slot *s = slot_of(m, kind, a, b);

	return s->seq >= 0 ? live(m, s->seq) : NULL;
}

static void put(struct cucm_merge *m, int kind, int64_t a, int64_t b, long seq);

/* Rebuild the table keeping the keys of pending calls only. */
static void rehash(struct cucm_merge *m)
{
	struct slot *old = m->h;
	size_t ocap = m->hcap, i, keep = 0;

	for (i = 0; i < ocap; i++)
		if (old[i].seq >= 0 && live(m, old[i].seq))
			keep++;
	m->hcap = 1024;
	while (m->hcap < keep * 4)
		m->hcap *= 2;
	m->h = xmalloc(m->hcap * sizeof(*m->h));
	for (i = 0; i < m->hcap; i++)
		m->h[i].seq = -1;
	m->hused = 0;
	for (i = 0; i < ocap; i++) {
		struct cucm_call *c;

		if (old[i].seq >= 0 && (c = live(m, old[i].seq)))
			put(m, old[i].kind, old[i].a, old[i].b, c->seq);
	}
	free(old);
}

static void put(struct cucm_merge *m, int kind, int64_t a, int64_t b, long seq)
{
	struct slot *s;

	if ((m->hused + 1) * 2 > m->hcap)
		rehash(m);
	s = slot_of(m, kind, a, b);
	if (s->seq < 0)
		m->hused++;
	s->kind = kind;
	s->a = a;
	s->b = b;
	s->seq = seq;
}

void cucm_opts_init(struct cucm_opts *o, const struct src_ctx *ctx)
{
	o->pilots = ctx->hunt_pilots;
	o->npilots = ctx->nhunt_pilots;
	o->vm = ctx->voicemail;
	o->nvm = ctx->nvoicemail;
	o->hold = 0;
}

/* --- the merge ----------------------------------------------------------- */

struct cucm_merge *cucm_merge_new(const struct cucm_opts *o, cucm_emit_fn emit,
				  void *ud)
{
	struct cucm_merge *m = xcalloc(1, sizeof(*m));
	size_t i;

	m->o = *o;
	m->emit = emit;
	m->ud = ud;
	m->hcap = 1024;
	m->h = xmalloc(m->hcap * sizeof(*m->h));
	for (i = 0; i < m->hcap; i++)
		m->h[i].seq = -1;
	for (i = 0; i < o->npilots; i++)
		set_add(&m->pilots, o->pilots[i]);
	for (i = 0; i < o->nvm; i++)
		set_add(&m->vm, o->vm[i]);
	return m;
}

static void call_free(struct cucm_call *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->text[i]);
	free(c->text);
	free(c->legs);
	free(c);
}

/* Emit and free the calls at the head the input has moved past. */
static void flush(struct cucm_merge *m, int all)
{
	while (m->qh < m->qn) {
		struct cucm_call *c = m->q[m->qh];

		if (!c->dead) {
			if (!all && (m->o.hold ||
				     m->rows - c->lastrow < CUCM_MERGE_ROWS ||
				     m->high - c->maxend <= CUCM_MERGE_S))
				break;
			m->emit(m->ud, c);
		}
		call_free(c);
		m->qh++;
	}
	if (m->qh > 1024 && m->qh * 2 > m->qn) {
		memmove(m->q, m->q + m->qh, (m->qn - m->qh) * sizeof(*m->q));
		m->qn -= m->qh;
		m->off += (long)m->qh;
		m->qh = 0;
	}
}

/* the text fields of a leg */
static void text_fields(struct cucm_leg *l, const char **f[7])
{
	f[0] = &l->caller;
	f[1] = &l->ocalled;
	f[2] = &l->fcalled;
	f[3] = &l->redir;
	f[4] = &l->hunt;
	f[5] = &l->user;
	f[6] = &l->ddev;
}

/* Room for one more leg in c (most calls have one or two). */
static void call_room(struct cucm_call *c)
{
	if (c->n < c->cap)
		return;
	c->cap = c->cap ? c->cap * 2 : 2;
	c->legs = xrealloc(c->legs, c->cap * sizeof(*c->legs));
	c->text = xrealloc(c->text, c->cap * sizeof(*c->text));
}

/* Append a copy of leg to c, its text in one owned block. */
static void call_push(struct cucm_call *c, const struct cucm_leg *leg)
{
	struct cucm_leg *l;
	const char **f[7];
	size_t len = 0, i;
	char *p;

	call_room(c);
	l = &c->legs[c->n];
	*l = *leg;
	text_fields(l, f);
	for (i = 0; i < 7; i++)
		len += strlen(*f[i]) + 1;
	p = c->text[c->n] = xmalloc(len);
	for (i = 0; i < 7; i++) {
		size_t n = strlen(*f[i]) + 1;

		memcpy(p, *f[i], n);
		*f[i] = p;
		p += n;
	}
	c->n++;
	if (leg->disc > c->maxend)
		c->maxend = leg->disc;
}

/* Move b's legs into a (a is older) and forward b to a. */
static void call_join(struct cucm_call *a, struct cucm_call *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		call_room(a);
		a->legs[a->n] = b->legs[i];
		a->text[a->n++] = b->text[i];
	}
	b->n = 0;
	if (b->maxend > a->maxend)
		a->maxend = b->maxend;
	if (b->lastrow > a->lastrow)
		a->lastrow = b->lastrow;
	b->dead = 1;
	b->fwd = a->seq;
}

static int is_vm_port(const char *dev)
{
	return strncmp(dev, "CiscoUM", 7) == 0;
}

/* The line of a leg of c that leg repeats (same legs and times), or 0. */
static long repeats(const struct cucm_call *c, const struct cucm_leg *leg)
{
	size_t i;

	for (i = 0; c && i < c->n; i++) {
		const struct cucm_leg *l = &c->legs[i];

		if (l->cm == leg->cm && l->callid == leg->callid &&
		    l->orig_leg == leg->orig_leg &&
		    l->dest_leg == leg->dest_leg && l->start == leg->start &&
		    l->connect == leg->connect && l->disc == leg->disc &&
		    l->duration == leg->duration)
			return l->line;
	}
	return 0;
}

long cucm_merge_add(struct cucm_merge *m, const struct cucm_leg *leg)
{
	struct cucm_call *a, *b, *c;
	long first;

	a = find(m, 0, leg->cm, leg->callid);
	if ((first = repeats(a, leg)))
		return first;
	b = leg->dest_leg ? find(m, 1, leg->dest_node, leg->dest_leg) : NULL;
	if (a && b && a != b) {
		if (a->seq > b->seq) {
			c = a;
			a = b;
			b = c;
		}
		call_join(a, b);
	}
	c = a ? a : b;
	if (!c) {
		c = xcalloc(1, sizeof(*c));
		c->seq = m->off + (long)m->qn;
		c->maxend = INT64_MIN;
		m->q = xgrow(m->q, &m->qcap, m->qn + 1, sizeof(*m->q));
		m->q[m->qn++] = c;
	}
	call_push(c, leg);
	c->lastrow = ++m->rows;
	put(m, 0, leg->cm, leg->callid, c->seq);
	if (leg->dest_leg)
		put(m, 1, leg->dest_node, leg->dest_leg, c->seq);
	/* learn the pilots */
	if (leg->connect && is_vm_port(leg->ddev)) {
		set_add(&m->vm, leg->hunt);
		set_add(&m->vm, leg->fcalled);
	}
	set_add(&m->pilots, leg->hunt);
	if (leg->usage == USAGE_HUNT)
		set_add(&m->pilots, leg->fcalled);
	if (leg->disc > m->high)
		m->high = leg->disc;
	flush(m, 0);
	return 0;
}

void cucm_merge_finish(struct cucm_merge *m)
{
	flush(m, 1);
	free(m->q);
	free(m->h);
	set_free(&m->pilots);
	set_free(&m->vm);
	free(m);
}

/* --- the record ---------------------------------------------------------- */

static int cmp_leg(const void *x, const void *y)
{
	const struct cucm_leg *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* The queue of a leg: the first hunt pilot (not a voicemail pilot) among
 * huntPilotDN, finalCalledPartyNumber, lastRedirectDn and
 * originalCalledPartyNumber; "" if none. */
static const char *leg_pilot(const struct cucm_merge *m,
			     const struct cucm_leg *l)
{
	const char *dn[4] = {l->hunt, l->fcalled, l->redir, l->ocalled};
	int i;

	for (i = 0; i < 4; i++)
		if (set_has(&m->pilots, dn[i]) && !set_has(&m->vm, dn[i]))
			return dn[i];
	return "";
}

static int leg_vm(const struct cucm_merge *m, const struct cucm_leg *l)
{
	return set_has(&m->vm, l->hunt) || set_has(&m->vm, l->fcalled) ||
	       (l->connect && is_vm_port(l->ddev));
}

static int q850(int64_t v)
{
	return v >= 1 && v <= 127 ? (int)v : -1;
}

static const char *leg_agent(const struct cucm_leg *l)
{
	return *l->user && strcmp(l->user, "unspecified") ? l->user : l->ddev;
}

void cucm_call_rec(struct cucm_merge *m, struct cucm_call *c, struct rec *r)
{
	const struct cucm_leg *first, *last = NULL, *agent = NULL;
	int64_t vm_at = 0, answer = 0, talk = 0;
	size_t i;
	int splits = 0;

	qsort(c->legs, c->n, sizeof(*c->legs), cmp_leg);
	first = &c->legs[0];
	rec_clear(r);
	snprintf(m->id, sizeof(m->id), "%lld:%lld:%lld", (long long)first->cm,
		 (long long)first->callid, (long long)first->orig_leg);
	r->call_id = m->id;
	r->start = first->start * 1000;
	r->callee = first->ocalled;
	r->queue = "";
	for (i = 0; i < c->n; i++) {
		const struct cucm_leg *l = &c->legs[i];

		if (!*r->queue)
			r->queue = leg_pilot(m, l);
		if (!last || l->disc >= last->disc)
			last = l;
		if (l->ocause == SPLIT || l->dcause == SPLIT)
			splits++;
	}
	r->queued = *r->queue != '\0';
	r->end = last->disc * 1000;
	r->caller = c->legs[c->n - 1].caller; /* who stayed on the call */
	r->cause =
	    q850(last->ocause) >= 0 ? q850(last->ocause) : q850(last->dcause);
	r->transfers = splits;
	/* who answered: a person (a voicemail port is not one when queued) */
	for (i = 0; i < c->n; i++) {
		const struct cucm_leg *l = &c->legs[i];

		if (!l->connect)
			continue;
		if (r->queued && leg_vm(m, l)) {
			if (!vm_at || l->connect < vm_at)
				vm_at = l->connect;
			continue;
		}
		if (!answer || l->connect < answer)
			answer = l->connect;
		if (!agent || l->connect >= agent->connect)
			agent = l;
		talk += l->duration;
	}
	if (agent) {
		r->answer = answer * 1000;
		r->outcome = OC_ANSWERED;
		r->talk_ms = talk * 1000;
		r->agent = leg_agent(agent);
	} else if (!r->queued) {
		r->outcome = outcome_from_cause(r->cause, OC_CANCELLED);
	} else if (vm_at) {
		r->outcome = OC_TIMEOUT; /* the hunt gave up: voicemail */
	} else if (last->ocause == SPLIT || last->dcause == SPLIT) {
		r->outcome = OC_CANCELLED; /* handed on by a transfer */
	} else if (last->oterm == OBO_DEVICE ||
		   (last->oterm == 0 &&
		    (r->cause < 0 || r->cause == 16 || r->cause == 31))) {
		r->outcome = OC_ABANDONED; /* the caller hung up */
	} else {
		r->outcome = OC_TIMEOUT; /* the system ended the hunt */
	}
	if (r->queued)
		r->wait_ms = ((agent   ? answer
			       : vm_at ? vm_at
				       : last->disc) -
			      first->start) *
			     1000;
}

void cucm_call_account(struct src_ctx *ctx, const struct cucm_call *c,
		       const char *why)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (why)
			acct_reject(ctx->acct, ctx->file, c->legs[i].line, NULL,
				    "%s", why);
		else if (i == 0)
			acct_use(ctx->acct);
		else
			acct_merged(ctx->acct);
	}
}

void cucm_repeat(struct src_ctx *ctx, const struct csvrow *row, long first)
{
	acct_note(
	    ctx->acct, ctx->file, row->line, row,
	    "the leg of line %ld again (same globalCallID, legs and times): skipped",
	    first);
	acct_skip(ctx->acct);
}
