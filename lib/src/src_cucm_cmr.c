/*
 * cucm-cmr: Cisco UCM CDRs joined with their CMRs (call management
 * records: per-endpoint voice quality). Input is one stream holding
 * both kinds, e.g. `awk 1 cdr.txt cmr.txt | cdr-parse -f cucm-cmr`
 * (awk 1 adds the final newline CUCM files lack); each file's header
 * (and SQL type row) sets the layout of its kind, as in cucm.
 *
 * One record per contact as in cucm (source "cucm-cmr", legs of one call
 * merged), plus six columns after the SPEC 2 ones, written only by this
 * format (kpi-calc finds its columns by name, so they do not disturb it):
 *   mos         lowest MLQK (listening MOS) in varVQMetrics, 4 decimals
 *   jitter_ms   highest jitter reported
 *   latency_ms  highest latency reported
 *   loss_rate   packets lost / (received + lost), summed over the CMRs
 *   orig_ip     origIpAddr of the first leg, decoded (signed 32-bit
 *               little endian)
 *   dest_ip     destIpAddr of the leg that answered (else the last),
 *               decoded; empty when 0
 * The figures are over the CMRs of all the record's legs; empty when
 * none joins or none gives the figure.
 *
 * A CMR joins the CDR leg with the same globalCallID (callManagerId,
 * callId) whose origNodeId/origLegCallIdentifier or destNodeId/
 * destLegIdentifier equal its nodeId/callIdentifier: one CMR per
 * endpoint, so a leg has up to two.
 *
 * The join needs the whole input: calls are held in memory (memory grows
 * with the number of legs) and written at EOF in the order of their
 * first leg. A CMR counts as used when it joined a written leg, else
 * skipped (its CDR may be in another file); a warning gives their number.
 */
#include <stdlib.h>
#include <string.h>

#include "cucm.h"
#include "diag.h"
#include "num.h"
#include "src.h"
#include "tm.h"
#include "xalloc.h"

struct call {
	struct rec r;	    /* text fields owned (xstrdup) */
	struct cucm_leg *k; /* the legs' join keys */
	size_t nk;
	int64_t orig_ip, dest_ip;
	const char *why; /* owned copy of rec_check's reason, or NULL */
	long *lines;
};

struct cmr {
	struct cucm_qos q;
	long line;
	int used;
};

static const char *const extra[] = {
    "mos", "jitter_ms", "latency_ms", "loss_rate", "orig_ip", "dest_ip",
};

static int cmp_cmr(const void *a, const void *b)
{
	const struct cucm_qos *x = &((const struct cmr *)a)->q;
	const struct cucm_qos *y = &((const struct cmr *)b)->q;
	int64_t dx[4] = {x->cm, x->callid, x->node, x->leg};
	int64_t dy[4] = {y->cm, y->callid, y->node, y->leg};
	int i;

	for (i = 0; i < 4; i++)
		if (dx[i] != dy[i])
			return dx[i] < dy[i] ? -1 : 1;
	return 0;
}

static char *dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Mark and fold the CMRs of (cm, callid, node, leg) into the sums. */
static void join(struct cmr *c, size_t n, const struct cucm_leg *k,
		 int64_t node, int64_t legid, double *mos, int64_t *jit,
		 int64_t *lat, int64_t *recv, int64_t *lost, int *found,
		 int mark)
{
	struct cmr key;
	size_t lo = 0, hi = n;

	key.q.cm = k->cm;
	key.q.callid = k->callid;
	key.q.node = node;
	key.q.leg = legid;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_cmr(&c[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && cmp_cmr(&c[lo], &key) == 0; lo++) {
		const struct cucm_qos *q = &c[lo].q;

		c[lo].used = mark;
		*found = 1;
		if (q->mos >= 0 && (*mos < 0 || q->mos < *mos))
			*mos = q->mos;
		if (q->jitter_ms > *jit)
			*jit = q->jitter_ms;
		if (q->latency_ms > *lat)
			*lat = q->latency_ms;
		*recv += q->received;
		*lost += q->lost;
	}
}

/* Whether endpoint (node, leg) of globalCallID k[n] was joined already,
 * i.e. belongs to one of the legs k[0..n) of the same globalCallID. */
static int joined(const struct cucm_leg *k, size_t n, int64_t node, int64_t leg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (k[i].cm == k[n].cm && k[i].callid == k[n].callid &&
		    ((k[i].orig_node == node && k[i].orig_leg == leg) ||
		     (k[i].dest_node == node && k[i].dest_leg == leg)))
			return 1;
	return 0;
}

static void emit(struct src_ctx *ctx, struct call *l, struct cmr *c, size_t nc)
{
	struct out *o = ctx->out;
	double mos = -1;
	int64_t jit = -1, lat = -1, recv = 0, lost = 0;
	int found = 0, pass;
	char b[64], why[200];
	size_t i;

	pass = l->why ? 1 : src_where(ctx, &l->r, why, sizeof why);
	if (l->why || pass < 0) { /* its CMRs stay unjoined: skipped */
		for (i = 0; i < l->nk; i++)
			acct_reject(ctx->acct, ctx->file, l->lines[i], NULL,
				    "%s", l->why ? l->why : why);
		return;
	}
	for (i = 0; i < l->nk; i++) {
		const struct cucm_leg *k = &l->k[i];

		/* legs of one call share endpoints: join each one once */
		if (!joined(l->k, i, k->orig_node, k->orig_leg))
			join(c, nc, k, k->orig_node, k->orig_leg, &mos, &jit,
			     &lat, &recv, &lost, &found, pass ? 1 : 2);
		if (!joined(l->k, i, k->dest_node, k->dest_leg))
			join(c, nc, k, k->dest_node, k->dest_leg, &mos, &jit,
			     &lat, &recv, &lost, &found, pass ? 1 : 2);
		if (!pass) /* --where: the legs and their CMRs skipped */
			acct_skip(ctx->acct);
		else if (i == 0)
			acct_use(ctx->acct);
		else
			acct_merged(ctx->acct);
	}
	if (!pass)
		return;
	rec_out_cells(o, &l->r);
	out_cell(o, mos >= 0 ? fmt_fixed(b, mos, 4) : NULL, (size_t)-1);
	out_cell(o, jit >= 0 ? fmt_i64(b, jit) : NULL, (size_t)-1);
	out_cell(o, lat >= 0 ? fmt_i64(b, lat) : NULL, (size_t)-1);
	out_cell(o,
		 found && recv + lost > 0
		     ? fmt_fixed(b, (double)lost / (double)(recv + lost), 4)
		     : NULL,
		 (size_t)-1);
	out_cell(o, l->orig_ip ? cucm_ip(b, l->orig_ip) : NULL, (size_t)-1);
	out_cell(o, l->dest_ip ? cucm_ip(b, l->dest_ip) : NULL, (size_t)-1);
	out_end_row(o);
}

struct hold {
	struct src_ctx *ctx;
	struct cucm_merge *m;
	struct call *calls;
	size_t n, cap;
};

/* keep a merged call (the merge holds every call to the end) */
static void keep(void *ud, struct cucm_call *c)
{
	struct hold *h = ud;
	struct call *l;
	struct rec r;
	const char *why;
	size_t i, dest;

	cucm_call_rec(h->m, c, &r);
	r.source = "cucm-cmr";
	r.zone = h->ctx->zone;
	h->calls = xgrow(h->calls, &h->cap, h->n + 1, sizeof(*h->calls));
	l = &h->calls[h->n++];
	why = src_check(h->ctx, &r);
	l->why = why ? xstrdup(why) : NULL;
	r.call_id = dup0(r.call_id);
	r.caller = dup0(r.caller);
	r.callee = dup0(r.callee);
	r.queue = dup0(r.queue);
	r.agent = dup0(r.agent);
	l->r = r;
	l->nk = c->n;
	l->k = xmalloc(c->n * sizeof(*l->k));
	l->lines = xmalloc(c->n * sizeof(*l->lines));
	dest = c->n - 1; /* the last leg that connected, else the last */
	for (i = 0; i < c->n; i++) {
		l->k[i] = c->legs[i];
		l->lines[i] = c->legs[i].line;
		if (c->legs[i].connect)
			dest = i;
	}
	l->orig_ip = c->legs[0].orig_ip;
	l->dest_ip = c->legs[dest].dest_ip;
}

static int run(struct src_ctx *ctx)
{
	struct cucm_reader *rd = cucm_new();
	struct csvrow row;
	struct cmr *cmrs = NULL;
	size_t nc = 0, ccap = 0, i, unjoined = 0;
	struct cucm_opts opts;
	struct hold h = {ctx, NULL, NULL, 0, 0};

	cucm_opts_init(&opts, ctx);
	opts.hold = 1;
	h.m = cucm_merge_new(&opts, keep, &h);
	if (out_ncols(ctx->out) == RC_COUNT)
		for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
			out_col(ctx->out, extra[i], i < 4 ? OUT_NUM : OUT_STR);
	while (src_next_row(ctx, &row)) {
		struct cucm_leg k;
		struct cucm_qos q;
		long first;

		switch (cucm_classify(rd, ctx, &row)) {
		case CUCM_CDR:
			if (cucm_cdr(rd, ctx, &row, &k) == 0 &&
			    (first = cucm_merge_add(h.m, &k)))
				cucm_repeat(ctx, &row, first);
			break;
		case CUCM_CMR:
			if (cucm_cmr(rd, ctx, &row, &q))
				break;
			cmrs = xgrow(cmrs, &ccap, nc + 1, sizeof(*cmrs));
			cmrs[nc].q = q;
			cmrs[nc].line = row.line;
			cmrs[nc].used = 0;
			nc++;
			break;
		case CUCM_OTHER:
			acct_skip(ctx->acct);
			break;
		default:
			break;
		}
	}
	cucm_merge_finish(h.m);
	if (nc)
		qsort(cmrs, nc, sizeof(*cmrs), cmp_cmr);
	for (i = 0; i < h.n; i++) {
		struct call *l = &h.calls[i];

		emit(ctx, l, cmrs, nc);
		free((char *)l->r.call_id);
		free((char *)l->r.caller);
		free((char *)l->r.callee);
		free((char *)l->r.queue);
		free((char *)l->r.agent);
		free(l->k);
		free(l->lines);
		free((char *)l->why);
	}
	for (i = 0; i < nc; i++) {
		if (cmrs[i].used == 1)
			acct_use(ctx->acct);
		else if (cmrs[i].used == 2)
			acct_skip(ctx->acct);
		else {
			acct_skip(ctx->acct);
			unjoined++;
		}
	}
	if (unjoined && !ctx->acct->quiet)
		warn_at(ctx->file, 0, "%zu CMR row(s) joined no CDR leg",
			unjoined);
	free(h.calls);
	free(cmrs);
	cucm_free(rd);
	return 0;
}

const struct src_format src_cucm_cmr = {
    .name = "cucm-cmr",
    .summary = "Cisco UCM CDRs joined with CMRs: + MOS, jitter, latency, loss",
    .delim = ',',
    .local_time = 0,
    .run = run,
};
