/*
 * astcall: one record per contact from Asterisk-style CDR rows (see
 * astcall.h; the merge rules are in src_asterisk_csv.c's comment).
 */
#include <stdlib.h>
#include <string.h>

#include "astcall.h"
#include "diag.h"
#include "group.h"
#include "tm.h"
#include "xalloc.h"

#define KEEP (2 * 3600 * 1000LL)  /* a call is complete this long after */
#define TOMB (24 * 3600 * 1000LL) /* a written call's id is kept this long */

struct leg {		   /* one CDR row, kept until its call is written */
	struct csvrow row; /* a copy, for --rejects */
	int64_t start, answer, end, billsec;
	enum outcome disp; /* the row's own disposition */
	unsigned queue : 1, vm : 1, person : 1, pbx : 1, dial : 1;
};

struct call {
	struct leg *legs; /* &one, or an array when more than one */
	struct leg one;	  /* the first row: most calls have one */
	size_t n, cap;
	int64_t end;	    /* latest end of its rows */
	uint64_t h;	    /* hash of key */
	int hashed;	    /* in the table (a row with no id is not) */
	int written;	    /* a tombstone: its record is written */
	int pooled;	    /* key has POOL_KEY bytes: goes to free_calls */
	struct call *hnext; /* hash chain */
	struct call *next;  /* pending calls in order of first row */
	char key[];	    /* linkedid or uniqueid */
};

struct pend {
	struct src_ctx *ctx;
	const struct ast_layout *lay;
	struct call **b;
	size_t nb, n;
	struct call *head, *tail;   /* pending calls */
	struct call *thead, *ttail; /* written calls, to tell late rows */
	int64_t latest;		    /* latest row start seen */
	unsigned long split;	    /* calls with rows after their record */
	unsigned long same;	    /* rows repeated within their call */
	unsigned long late;	    /* rows TOMB before the latest start */
	/* freed calls of the common size, and freed row copies, for the
	 * next ones (rows come and go one for one: no malloc per row) */
	struct call *free_calls;
	struct rowblk *free_rows;
};

/* The head of a row copy's allocation; the copy follows it. */
struct rowblk {
	struct rowblk *next; /* on the free list */
	size_t cap;	     /* bytes after the head */
};

/* A call's key fits this many bytes, NUL included, in a pooled call. */
#define POOL_KEY 48

int ast_disposition(struct src_ctx *ctx, const struct csvrow *row,
		    const char *disp, enum outcome *oc)
{
	if (!strcmp(disp, "ANSWERED"))
		*oc = OC_ANSWERED;
	else if (!strcmp(disp, "NO ANSWER"))
		*oc = OC_NOANSWER;
	else if (!strcmp(disp, "BUSY"))
		*oc = OC_BUSY;
	else if (!strcmp(disp, "FAILED") || !strcmp(disp, "CONGESTION"))
		*oc = OC_FAILED;
	else {
		src_reject(ctx, row, "disposition: \"%.40s\" is not known",
			   disp);
		return -1;
	}
	return 0;
}

const char *ast_substr(char *buf, size_t cap, const char *s, size_t n,
		       char **heap)
{
	*heap = NULL;
	if (n >= cap)
		return *heap = xstrndup(s, n);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

size_t ast_peer_len(const char *s, size_t n)
{
	const char *dash = memrchr(s, '-', n);

	return dash && dash > s ? (size_t)(dash - s) : n;
}

int ast_ieq(const char *s, const char *lower)
{
	/* strcasecmp in the C locale (no tool sets LC_CTYPE): ASCII
	 * letters fold, other bytes compare as they are */
	for (; *lower; s++, lower++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) !=
		    (unsigned char)*lower)
			return 0;
	}
	return *s == '\0';
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

/*
 * Copy src into dst in one block (dst->f), given back by row_put. A row
 * whose fields lie in one span (span bytes, csvrow_span) is copied with
 * one memcpy, the rest field by field.
 */
static void row_copy(struct pend *p, struct csvrow *dst,
		     const struct csvrow *src, size_t span)
{
	size_t i, nf = src->nf, need = span;
	struct rowblk *b = p->free_rows;
	char *q;

	if (!span)
		for (i = 0; i < nf; i++)
			need += src->len[i] + 1;
	need += nf * (sizeof(*dst->f) + sizeof(*dst->len));
	if (b)
		p->free_rows = b->next;
	if (b && b->cap < need) {
		free(b);
		b = NULL;
	}
	if (!b) {
		size_t cap = need < 1024 ? 1024 : need;

		b = xmalloc(sizeof(*b) + cap);
		b->cap = cap;
	}
	*dst = *src;
	dst->f = (char **)(b + 1);
	dst->len = (size_t *)(dst->f + nf);
	q = (char *)(dst->len + nf);
	if (nf)
		memcpy(dst->len, src->len, nf * sizeof(*dst->len));
	if (span) {
		uintptr_t from = (uintptr_t)src->f[0];

		memcpy(q, src->f[0], span);
		for (i = 0; i < nf; i++)
			dst->f[i] = q + ((uintptr_t)src->f[i] - from);
		return;
	}
	for (i = 0; i < nf; i++) {
		memcpy(q, src->f[i], src->len[i] + 1);
		dst->f[i] = q;
		q += src->len[i] + 1;
	}
}

/* Give back the block of a row copied by row_copy. */
static void row_put(struct pend *p, struct csvrow *row)
{
	struct rowblk *b = (struct rowblk *)(void *)row->f - 1;

	b->next = p->free_rows;
	p->free_rows = b;
	row->f = NULL;
}

static void call_free(struct pend *p, struct call *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		row_put(p, &c->legs[i].row);
	if (c->legs != &c->one)
		free(c->legs);
	if (!c->pooled) {
		free(c);
		return;
	}
	c->next = p->free_calls;
	p->free_calls = c;
}

/* ast_field, inlined where the merge reads its rows. */
static inline const char *field_of(const struct ast_layout *lay,
				   const struct csvrow *row, enum ast_field f)
{
	int k = lay->col[f];

	if (k < 0 || (size_t)k >= row->nf ||
	    (lay->nulls && !strcmp(row->f[k], "NULL")))
		return "";
	return row->f[k];
}

const char *ast_field(const struct ast_layout *lay, const struct csvrow *row,
		      enum ast_field f)
{
	return field_of(lay, row, f);
}

#define leg_field(lg, f) field_of(lay, &(lg)->row, (f))

/* Length of the union of [end - billsec, end] over the legs chosen. */
static int64_t talk_union(const struct call *c, int person)
{
	int64_t lo8[8], hi8[8];
	int64_t *lo = c->n <= 8 ? lo8 : xmalloc(c->n * sizeof(*lo)),
		*hi = c->n <= 8 ? hi8 : xmalloc(c->n * sizeof(*hi));
	int64_t sum = 0, cur_lo = 0, cur_hi = TM_NONE;
	size_t i, j, m = 0;

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
	if (lo != lo8) {
		free(lo);
		free(hi);
	}
	return sum;
}

/* Is b a better "person who answered last" than a? */
static int later_answer(const struct ast_layout *lay, const struct leg *a,
			const struct leg *b)
{
	int la, lb;

	if (!a || b->answer != a->answer)
		return !a || b->answer > a->answer;
	la = !strncmp(leg_field(a, AF_DSTCHANNEL), "Local/", 6);
	lb = !strncmp(leg_field(b, AF_DSTCHANNEL), "Local/", 6);
	if (la != lb)
		return la; /* a real channel names the person, not a Local one
			    */
	return b->end >= a->end;
}

/* Merge c's rows into r (text fields point into c, queue and agent into
 * own, whose heap strings the caller frees). */
struct own {
	char q[128], a[128];
	char *heap[2];
};

static void merge(const struct ast_layout *lay, const struct call *c,
		  struct rec *r, struct own *own)
{
	const struct leg *origin = NULL, *qfirst = NULL, *final = NULL;
	const struct leg *lastdial = NULL, *last = NULL;
	int64_t qstart = TM_NONE, qend = TM_NONE, real = TM_NONE;
	int64_t any = TM_NONE, pbx = TM_NONE;
	int vm = 0;
	size_t i;

	rec_clear(r);
	r->call_id = c->key;
	r->source = lay->source;
	r->start = c->legs[0].start;
	r->end = c->end;
	for (i = 0; i < c->n; i++) {
		const struct leg *lg = &c->legs[i];

		if (lg->start < r->start)
			r->start = lg->start;
		if (!origin && !strcmp(leg_field(lg, AF_UNIQUEID), c->key))
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
			if (later_answer(lay, final, lg))
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
	r->caller = leg_field(origin, AF_SRC);
	r->callee = leg_field(origin, AF_DST);
	r->queued = qfirst != NULL;
	if (qfirst)
		r->queue = ast_substr(
		    own->q, sizeof(own->q), leg_field(qfirst, AF_LASTDATA),
		    strcspn(leg_field(qfirst, AF_LASTDATA), ","),
		    &own->heap[0]);
	else
		for (i = 0; i < c->n && !r->queue; i++)
			if (*leg_field(&c->legs[i], AF_TRUNK))
				r->queue = leg_field(&c->legs[i], AF_TRUNK);
	if (final) {
		const char *dc = leg_field(final, AF_DSTCHANNEL);

		r->agent =
		    ast_substr(own->a, sizeof(own->a), dc,
			       ast_peer_len(dc, strlen(dc)), &own->heap[1]);
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
	const struct csvrow *few[8],
	    **rows = c->n <= 8 ? few : xmalloc(c->n * sizeof(*rows));
	struct rec r;
	struct own own;
	size_t i;

	own.heap[0] = own.heap[1] = NULL;
	merge(p->lay, c, &r, &own);
	for (i = 0; i < c->n; i++)
		rows[i] = &c->legs[i].row;
	src_emit_call(p->ctx, rows, c->n, &r);
	if (rows != few)
		free(rows);
	free(own.heap[0]);
	free(own.heap[1]);
	for (i = 0; i < c->n; i++)
		row_put(p, &c->legs[i].row);
	if (c->legs != &c->one)
		free(c->legs);
	c->legs = NULL;
	c->n = c->cap = 0;
}

static void unlink_hash(struct pend *p, struct call *c)
{
	struct call **pp = &p->b[c->h & (p->nb - 1)];

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
		call_free(p, c);
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
			call_free(p, c);
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
	size_t klen = strlen(key);
	uint64_t h = group_hash(key, klen);
	size_t k = h & (p->nb - 1), i;
	struct call *c;

	/* the newest of a key is first in its chain */
	for (c = *key ? p->b[k] : NULL; c; c = c->hnext)
		if (c->h == h && !strcmp(c->key, key)) {
			if (!c->written)
				return c;
			p->split++; /* a row of a call already written */
			break;
		}
	if (p->n >= 2 * p->nb) {
		struct call **b = xcalloc(2 * p->nb, sizeof(*b)), *next;

		for (i = 0; i < p->nb; i++)
			for (c = p->b[i]; c; c = next) {
				size_t j = c->h & (2 * p->nb - 1);

				next = c->hnext;
				c->hnext = b[j];
				b[j] = c;
			}
		free(p->b);
		p->b = b;
		p->nb *= 2;
		k = h & (p->nb - 1);
	}
	if (klen < POOL_KEY && p->free_calls) {
		c = p->free_calls;
		p->free_calls = c->next;
		memset(c, 0, sizeof(*c));
		c->pooled = 1;
	} else if (klen < POOL_KEY) {
		c = xcalloc(1, sizeof(*c) + POOL_KEY);
		c->pooled = 1;
	} else {
		c = xcalloc(1, sizeof(*c) + klen + 1);
	}
	memcpy(c->key, key, klen + 1);
	c->h = h;
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

/* The flags of a row read as ar, from its fields under lay. */
static void leg_flags(const struct ast_layout *lay, struct leg *lg)
{
	const char *app = leg_field(lg, AF_LASTAPP);
	int answered = lg->disp == OC_ANSWERED && lg->answer != TM_NONE;

	lg->queue = ast_ieq(app, "queue");
	lg->vm = ast_ieq(app, "voicemail") || vm_dest(leg_field(lg, AF_DST));
	lg->dial = *leg_field(lg, AF_DSTCHANNEL) != '\0';
	lg->person = answered && lg->dial && !lg->vm;
	lg->pbx = answered && !lg->dial && !lg->vm;
}

void ast_calls_run(struct src_ctx *ctx, const struct ast_layout *lay,
		   ast_read_fn rd, const void *arg)
{
	struct pend p;
	struct csvrow row;
	/* within one file a repeated row is found within its call, and a
	 * file's rows given twice by the rows far out of time order: no
	 * hash is kept per record unless several files are read */
	struct seen_hashes *same = ctx->same;

	if (!ctx->several)
		ctx->same = NULL;
	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.lay = lay;
	p.nb = 256;
	p.b = xcalloc(p.nb, sizeof(*p.b));
	p.latest = TM_NONE;
	while (src_next_row(ctx, &row)) {
		struct ast_row ar;
		struct leg lg;
		struct call *c;

		memset(&ar, 0, sizeof(ar));
		if (rd(ctx, &row, &ar, arg) < 0)
			continue;
		memset(&lg, 0, sizeof(lg));
		lg.start = ar.start;
		lg.answer = ar.answer;
		lg.end = ar.end;
		lg.billsec = ar.billsec;
		lg.disp = ar.disp;
		c = lookup(&p, ar.key);
		row_copy(&p, &lg.row, &row, ctx->span);
		leg_flags(lay, &lg);
		if (repeated(&p, c, &lg)) {
			row_put(&p, &lg.row);
			continue;
		}
		if (c->n == 0) {
			c->one = lg;
			c->legs = &c->one;
			c->cap = 1;
		} else {
			if (c->legs == &c->one) {
				c->legs = xmalloc(4 * sizeof(*c->legs));
				c->legs[0] = c->one;
				c->cap = 4;
			}
			c->legs =
			    xgrow(c->legs, &c->cap, c->n + 1, sizeof(*c->legs));
		}
		c->legs[c->n++] = lg;
		if (c->end == TM_NONE || lg.end > c->end)
			c->end = lg.end;
		if (p.latest == TM_NONE || lg.start > p.latest)
			p.latest = lg.start;
		else if (lg.start < p.latest - TOMB)
			p.late++;
		drain(&p, 0);
	}
	drain(&p, 1);
	while (p.thead) {
		struct call *c = p.thead;

		p.thead = c->next;
		call_free(&p, c);
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
	if (p.late && !ctx->acct->quiet)
		warn_at(
		    ctx->file, 0,
		    "%lu row(s) started more than 24 hours before a row "
		    "read earlier: is the input out of time order, or a file "
		    "given twice? (--dedupe keeps the first of each call_id)",
		    p.late);
	ctx->same = same;
	free(p.b);
	while (p.free_calls) {
		struct call *c = p.free_calls;

		p.free_calls = c->next;
		free(c);
	}
	while (p.free_rows) {
		struct rowblk *b = p.free_rows;

		p.free_rows = b->next;
		free(b);
	}
}
