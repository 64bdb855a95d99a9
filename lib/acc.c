/*
 * acc: KPI accumulators and state files (see acc.h).
 * Every KPI formula of SPEC 3.1 and 3.2 lives in acc_kpi().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acc.h"
#include "diag.h"
#include "num.h"
#include "xalloc.h"

/* ---- accumulators ---- */

void acc_init(struct acc *a)
{
	memset(a, 0, sizeof(*a));
	a->max_wait = MS_NONE;
	hist_init(&a->wait);
	hist_init(&a->ring);
}

void acc_add(struct acc *a, const struct rec *r, const struct acc_params *p)
{
	int64_t w = r->wait_ms;
	int known = w != MS_NONE;

	/* SPEC 3.2: every record */
	a->attempts++;
	if (r->ring_ms != MS_NONE) {
		a->ring_n++;
		a->sum_ring += r->ring_ms;
		if (p->hist)
			hist_add(&a->ring, r->ring_ms, 1);
	}
	switch (r->outcome) {
	case OC_ANSWERED:
		a->net_answered++;
		a->ner++;
		a->net_sum_talk += r->talk_ms;
		if (r->cause >= 0) {
			a->cause_n++;
			if (r->cause != 16 && r->cause != 31)
				a->dropped++;
		}
		break;
	case OC_BUSY:
	case OC_NOANSWER:
	case OC_REJECTED:
		a->ner++;
		break;
	default:
		break;
	}
	/* SPEC 3.1: queued records only */
	if (!rec_is_queued(r))
		return;
	a->offered++;
	if (known) {
		a->wait_known++;
		if (a->max_wait == MS_NONE || w > a->max_wait)
			a->max_wait = w;
	}
	switch (r->outcome) {
	case OC_ANSWERED:
		a->answered++;
		if (known) {
			a->ans_wait_n++;
			a->sum_wait += w;
			if (w <= p->sl_ms)
				a->ans_within++;
			if (p->hist)
				hist_add(&a->wait, w, 1);
		}
		a->sum_talk += r->talk_ms;
		a->sum_handle += r->talk_ms;
		if (r->hold_ms != MS_NONE)
			a->sum_handle += r->hold_ms;
		if (r->wrap_ms != MS_NONE)
			a->sum_handle += r->wrap_ms;
		if (r->transfers >= 0) {
			a->trans_n++;
			if (r->transfers > 0)
				a->transferred++;
		}
		break;
	case OC_ABANDONED:
		a->abandoned++;
		if (known) {
			if (w < p->short_ms)
				a->short_abandoned++;
			if (w <= p->sl_ms)
				a->abn_within++;
			else
				a->abn_after++;
		}
		break;
	case OC_TIMEOUT:
		a->timeout++;
		break;
	default:
		break;
	}
}

/* a + b fits in int64 (and *sum holds it). */
static int add_ok(int64_t a, int64_t b, int64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

/*
 * The sums acc_add would change, checked (keep in step with acc_add):
 * the ring sum, the talk of an answered record, and for a queued
 * answered one the wait, talk and handle sums.
 */
int acc_add_fits(const struct acc *a, const struct rec *r)
{
	int64_t t, h = r->talk_ms;

	if (r->ring_ms != MS_NONE && !add_ok(a->sum_ring, r->ring_ms, &t))
		return 0;
	if (r->outcome != OC_ANSWERED)
		return 1;
	if (!add_ok(a->net_sum_talk, r->talk_ms, &t))
		return 0;
	if (!rec_is_queued(r))
		return 1;
	if (r->wait_ms != MS_NONE && !add_ok(a->sum_wait, r->wait_ms, &t))
		return 0;
	if ((r->hold_ms != MS_NONE && !add_ok(h, r->hold_ms, &h)) ||
	    (r->wrap_ms != MS_NONE && !add_ok(h, r->wrap_ms, &h)))
		return 0;
	return add_ok(a->sum_talk, r->talk_ms, &t) &&
	       add_ok(a->sum_handle, h, &t);
}

/* acc_merge without the histograms. */
static void acc_merge_counts(struct acc *d, const struct acc *s)
{
	int64_t t;

#define ACC_CHECK(n)                                                           \
	if (!add_ok(d->n, s->n, &t))                                           \
		die(EXIT_DATA,                                                 \
		    "%s: the sum of two groups does not fit in "               \
		    "64 bits (%" PRId64 " + %" PRId64 " ms)",                  \
		    #n, d->n, s->n);
	ACC_SUMS(ACC_CHECK)
#undef ACC_CHECK
#define ACC_ADD(n) d->n += s->n;
	ACC_COUNTERS(ACC_ADD)
	ACC_SUMS(ACC_ADD)
#undef ACC_ADD
	if (s->max_wait != MS_NONE &&
	    (d->max_wait == MS_NONE || s->max_wait > d->max_wait))
		d->max_wait = s->max_wait;
}

void acc_merge(struct acc *d, const struct acc *s)
{
	acc_merge_counts(d, s);
	hist_merge(&d->wait, &s->wait);
	hist_merge(&d->ring, &s->ring);
}

void acc_release(struct acc *a)
{
	hist_release(&a->wait);
	hist_release(&a->ring);
}

/* ---- compact groups (struct acc_cell) ---- */

/* The counters, sums and max_wait of a small cell in a (no histogram). */
static void cell_load(const struct acc_cell *c, struct acc *a)
{
	size_t i = 0, j = 0;

	acc_init(a);
#define LOAD_C(n) a->n = c->cnt[i++];
#define LOAD_S(n) a->n = c->sum[j++];
	ACC_COUNTERS(LOAD_C)
	ACC_SUMS(LOAD_S)
#undef LOAD_C
#undef LOAD_S
	if (c->max_wait)
		a->max_wait = (int64_t)c->max_wait - 1;
}

/* Do a's counters, sums and max_wait fit in a small cell? */
static int cell_fits(const struct acc *a)
{
	int ok = a->max_wait == MS_NONE ||
		 (a->max_wait >= 0 && a->max_wait < INT32_MAX);

#define FIT_C(n) ok &= a->n <= UINT8_MAX;
#define FIT_S(n) ok &= a->n >= INT32_MIN && a->n <= INT32_MAX;
	ACC_COUNTERS(FIT_C)
	ACC_SUMS(FIT_S)
#undef FIT_C
#undef FIT_S
	return ok;
}

/* cell_load's inverse, once cell_fits(a). */
static void cell_store(struct acc_cell *c, const struct acc *a)
{
	size_t i = 0, j = 0;

#define STORE_C(n) c->cnt[i++] = (uint8_t)a->n;
#define STORE_S(n) c->sum[j++] = (int32_t)a->n;
	ACC_COUNTERS(STORE_C)
	ACC_SUMS(STORE_S)
#undef STORE_C
#undef STORE_S
	c->max_wait = a->max_wait == MS_NONE ? 0 : (int32_t)(a->max_wait + 1);
}

/* Put count n of value v in inline histogram h of c: 0, or -1 if full. */
static int inline_put(struct acc_cell *c, int h, int64_t v, uint64_t n)
{
	int i;

	if (v < INT32_MIN || v > INT32_MAX || n > UINT8_MAX)
		return -1;
	for (i = 0; i < c->hn[h]; i++)
		if (c->u.hv[h][i] == v) {
			if (c->hc[h][i] + n > UINT8_MAX)
				return -1;
			c->hc[h][i] = (uint8_t)(c->hc[h][i] + n);
			return 0;
		}
	if (c->hn[h] == ACC_INLINE)
		return -1;
	c->u.hv[h][i] = (int32_t)v;
	c->hc[h][i] = (uint8_t)n;
	c->hn[h]++;
	return 0;
}

struct inline_ctx {
	struct acc_cell *c;
	int h;
};
static int inline_put_cb(void *ctx, int64_t v, uint64_t n)
{
	struct inline_ctx *x = ctx;

	return inline_put(x->c, x->h, v, n);
}

/* The inline histograms of c into a's (empty) ones. */
static void cell_hists(const struct acc_cell *c, struct acc *a)
{
	int h, i;

	for (h = 0; h < 2; h++)
		for (i = 0; i < c->hn[h]; i++)
			hist_add(h ? &a->ring : &a->wait, c->u.hv[h][i],
				 c->hc[h][i]);
}

/* Move c to a struct acc of a's counters and c's histograms. */
static struct acc *cell_promote(struct acc_cell *c, const struct acc *a)
{
	struct acc *b = xmalloc(sizeof(*b));

	*b = *a;
	hist_init(&b->wait);
	hist_init(&b->ring);
	cell_hists(c, b);
	memset(c, 0, sizeof(*c));
	c->u.big = b;
	c->is_big = 1;
	return b;
}

int acc_cell_add(struct acc_cell *c, const struct rec *r,
		 const struct acc_params *p)
{
	struct acc a, *b;
	struct acc_params q = *p;
	struct acc_cell t;
	uint64_t wn, rn;
	int hw, hr;

	if (c->is_big) {
		if (!acc_add_fits(c->u.big, r))
			return -1;
		acc_add(c->u.big, r, p);
		return 0;
	}
	cell_load(c, &a);
	if (!acc_add_fits(&a, r))
		return -1;
	/* the counters here, the histogram values acc_add would add after */
	wn = a.ans_wait_n;
	rn = a.ring_n;
	q.hist = 0;
	acc_add(&a, r, &q);
	hw = p->hist && a.ans_wait_n != wn;
	hr = p->hist && a.ring_n != rn;
	t = *c;
	if (cell_fits(&a) && (!hw || !inline_put(&t, 0, r->wait_ms, 1)) &&
	    (!hr || !inline_put(&t, 1, r->ring_ms, 1))) {
		*c = t;
		cell_store(c, &a);
		return 0;
	}
	b = cell_promote(c, &a);
	if (hw)
		hist_add(&b->wait, r->wait_ms, 1);
	if (hr)
		hist_add(&b->ring, r->ring_ms, 1);
	return 0;
}

void acc_cell_fcr(struct acc_cell *c, int repeated)
{
	struct acc a, *b = c->is_big ? c->u.big : &a;

	if (!c->is_big)
		cell_load(c, &a);
	b->fcr_considered++;
	if (repeated)
		b->fcr_repeated++;
	if (c->is_big)
		return;
	if (cell_fits(&a))
		cell_store(c, &a);
	else
		cell_promote(c, &a);
}

void acc_cell_merge(struct acc_cell *c, const struct acc *s)
{
	struct acc a, *b;
	struct acc_cell t;
	struct inline_ctx w = {&t, 0}, r = {&t, 1};

	if (c->is_big) {
		acc_merge(c->u.big, s);
		return;
	}
	cell_load(c, &a);
	acc_merge_counts(&a, s);
	t = *c;
	if (cell_fits(&a) && !hist_each(&s->wait, inline_put_cb, &w) &&
	    !hist_each(&s->ring, inline_put_cb, &r)) {
		*c = t;
		cell_store(c, &a);
		return;
	}
	b = cell_promote(c, &a);
	hist_merge(&b->wait, &s->wait);
	hist_merge(&b->ring, &s->ring);
}

const struct acc *acc_cell_view(const struct acc_cell *c, struct acc *tmp)
{
	acc_init(tmp);
	if (c->is_big)
		return c->u.big;
	cell_load(c, tmp);
	cell_hists(c, tmp);
	return tmp;
}

void acc_cell_release(struct acc_cell *c)
{
	if (c->is_big) {
		acc_release(c->u.big);
		free(c->u.big);
	}
	memset(c, 0, sizeof(*c));
}

/* ---- KPIs ---- */

const char *const sl_formula_names[SL_COUNT] = {
    "exclude-short", "offered", "answered", "abandon-within", "abandon-after",
};

const char *const sl_formula_text[SL_COUNT] = {
    "answered within T / (offered - short_abandoned)",
    "answered within T / offered",
    "answered within T / answered",
    "(answered within T + abandoned within T) / offered",
    "answered within T / (answered + abandoned with wait_s > T)",
};

int sl_formula_parse(const char *s)
{
	int i;

	for (i = 0; i < SL_COUNT; i++)
		if (!strcmp(s, sl_formula_names[i]))
			return i;
	return -1;
}

static const struct {
	const char *name;
	enum kpi_id id;
	enum kpi_kind kind;
} kpi_tab[] = {
    {"offered", K_OFFERED, KPI_COUNT},
    {"answered", K_ANSWERED, KPI_COUNT},
    {"abandoned", K_ABANDONED, KPI_COUNT},
    {"short_abandoned", K_SHORT_ABANDONED, KPI_COUNT},
    {"timeout", K_TIMEOUT, KPI_COUNT},
    {"answer_rate", K_ANSWER_RATE, KPI_RATE},
    {"abandon_rate", K_ABANDON_RATE, KPI_RATE},
    {"sl", K_SL, KPI_RATE},
    {"asa", K_ASA, KPI_SECS},
    {"wait_n", K_WAIT_N, KPI_COUNT},
    {"max_wait", K_MAX_WAIT, KPI_SECS},
    {"aht", K_AHT, KPI_SECS},
    {"att", K_ATT, KPI_SECS},
    {"transfer_rate", K_TRANSFER_RATE, KPI_RATE},
    {"fcr", K_FCR, KPI_RATE},
    {"attempts", K_ATTEMPTS, KPI_COUNT},
    {"asr", K_ASR, KPI_RATE},
    {"ner", K_NER, KPI_RATE},
    {"acd", K_ACD, KPI_SECS},
    {"pdd_mean", K_PDD_MEAN, KPI_SECS},
    {"drop_rate", K_DROP_RATE, KPI_RATE},
};

int kpi_parse_percent(const char *s, int64_t *p_milli)
{
	int64_t ms;
	const char *why;

	/* the same grammar as seconds: digits, up to 3 decimals */
	if (num_parse_ms(s, strlen(s), &ms, &why) < 0)
		return -1;
	if (ms <= 0 || ms > 100000)
		return -1;
	*p_milli = ms;
	return 0;
}

int kpi_parse(const char *name, struct kpi *k)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	if (strlen(name) >= sizeof(k->name))
		return -1;
	for (i = 0; i < sizeof(kpi_tab) / sizeof(kpi_tab[0]); i++)
		if (!strcmp(name, kpi_tab[i].name)) {
			k->id = kpi_tab[i].id;
			k->kind = kpi_tab[i].kind;
			strcpy(k->name, name);
			return 0;
		}
	if (!strncmp(name, "wait_p", 6) || !strncmp(name, "pdd_p", 5)) {
		int wait = name[0] == 'w';
		const char *p = name + (wait ? 6 : 5);
		char norm[64];
		/* digits only, so that "wait_p+90" is not a second name */
		if (*p < '0' || *p > '9' || kpi_parse_percent(p, &k->p_milli))
			return -1;
		k->id = wait ? K_WAIT_P : K_PDD_P;
		k->kind = KPI_SECS;
		/* canonical name: wait_p90, wait_p99.5 */
		fmt_ms(norm, k->p_milli);
		snprintf(k->name, sizeof(k->name), "%s%s",
			 wait ? "wait_p" : "pdd_p", norm);
		return 0;
	}
	return -1;
}

static void rate(struct kpi_val *o, uint64_t num, uint64_t den)
{
	o->num = num;
	o->den = den;
	if (den == 0) {
		o->empty = 1;
		return;
	}
	o->v = (double)num / (double)den;
}

static void mean_ms(struct kpi_val *o, int64_t sum, uint64_t n)
{
	if (n == 0) {
		o->empty = 1;
		return;
	}
	o->v = (double)sum / (double)n / 1000.0;
}

static void count(struct kpi_val *o, uint64_t n)
{
	o->i = (int64_t)n;
	o->v = (double)n;
}

static void pct(struct kpi_val *o, const struct hist *h, int64_t p_milli)
{
	if (hist_percentile(h, p_milli, &o->i) < 0) {
		o->empty = 1;
		return;
	}
	o->v = (double)o->i / 1000.0;
}

void acc_kpi(const struct acc *a, const struct kpi *k, enum sl_formula f,
	     struct kpi_val *o)
{
	memset(o, 0, sizeof(*o));
	switch (k->id) {
	case K_OFFERED:
		count(o, a->offered);
		break;
	case K_ATTEMPTS:
		count(o, a->attempts);
		break;
	case K_WAIT_N:
		count(o, a->ans_wait_n);
		break;
	case K_ANSWERED:
		count(o, a->answered);
		break;
	case K_ABANDONED:
		count(o, a->abandoned);
		break;
	case K_SHORT_ABANDONED:
		count(o, a->short_abandoned);
		break;
	case K_TIMEOUT:
		count(o, a->timeout);
		break;
	case K_ANSWER_RATE:
		rate(o, a->answered, a->offered);
		break;
	case K_ASR:
		rate(o, a->net_answered, a->attempts);
		break;
	case K_ABANDON_RATE:
		rate(o, a->abandoned - a->short_abandoned,
		     a->offered - a->short_abandoned);
		break;
	case K_SL:
		/* SPEC 3: no wait_s known for any queued record: no sl */
		if (a->offered && !a->wait_known) {
			o->empty = o->unknown = 1;
			break;
		}
		switch (f) {
		case SL_OFFERED:
			rate(o, a->ans_within, a->offered);
			break;
		case SL_ANSWERED:
			rate(o, a->ans_within, a->answered);
			break;
		case SL_ABANDON_WITHIN:
			rate(o, a->ans_within + a->abn_within, a->offered);
			break;
		case SL_ABANDON_AFTER:
			rate(o, a->ans_within, a->answered + a->abn_after);
			break;
		default:
			rate(o, a->ans_within, a->offered - a->short_abandoned);
			break;
		}
		break;
	case K_ASA:
		mean_ms(o, a->sum_wait, a->ans_wait_n);
		if (a->answered && !a->ans_wait_n)
			o->unknown = 1;
		break;
	case K_WAIT_P:
		pct(o, &a->wait, k->p_milli);
		if (a->answered && !a->ans_wait_n)
			o->unknown = 1;
		break;
	case K_MAX_WAIT:
		if (a->max_wait == MS_NONE) {
			o->empty = 1;
			break;
		}
		o->i = a->max_wait;
		o->v = (double)a->max_wait / 1000.0;
		break;
	case K_AHT:
		mean_ms(o, a->sum_handle, a->answered);
		break;
	case K_ATT:
		mean_ms(o, a->sum_talk, a->answered);
		break;
	case K_ACD:
		mean_ms(o, a->net_sum_talk, a->net_answered);
		break;
	case K_TRANSFER_RATE:
		/* over answered records whose source records transfers */
		rate(o, a->transferred, a->trans_n);
		if (a->answered && !a->trans_n)
			o->unknown = 1;
		break;
	case K_FCR:
		rate(o, a->fcr_considered - a->fcr_repeated, a->fcr_considered);
		break;
	case K_NER:
		rate(o, a->ner, a->attempts);
		break;
	case K_PDD_MEAN:
		mean_ms(o, a->sum_ring, a->ring_n);
		if (a->attempts && !a->ring_n)
			o->unknown = 1;
		break;
	case K_PDD_P:
		pct(o, &a->ring, k->p_milli);
		break;
	case K_DROP_RATE:
		rate(o, a->dropped, a->cause_n);
		if (a->net_answered && !a->cause_n)
			o->unknown = 1;
		break;
	default:
		o->empty = 1;
		break;
	}
}

int acc_consistent(const struct acc *a)
{
	return a->answered + a->abandoned + a->timeout <= a->offered &&
	       a->short_abandoned <= a->abandoned &&
	       a->wait_known <= a->offered && a->ans_wait_n <= a->answered &&
	       a->ans_wait_n <= a->wait_known &&
	       a->ans_within <= a->ans_wait_n &&
	       a->abn_within + a->abn_after <= a->abandoned &&
	       a->trans_n <= a->answered && a->transferred <= a->trans_n &&
	       a->fcr_repeated <= a->fcr_considered &&
	       a->offered <= a->attempts && a->net_answered <= a->attempts &&
	       a->answered <= a->net_answered && a->ner <= a->attempts &&
	       a->net_answered <= a->ner && a->cause_n <= a->net_answered &&
	       a->dropped <= a->cause_n && a->ring_n <= a->attempts &&
	       a->sum_wait >= 0 && a->sum_handle >= 0 && a->sum_talk >= 0 &&
	       a->net_sum_talk >= 0 && a->sum_ring >= 0 &&
	       (a->max_wait == MS_NONE ? a->wait_known == 0
				       : a->max_wait >= 0 && a->wait_known) &&
	       (!a->wait.n || hist_total(&a->wait) == a->ans_wait_n) &&
	       (!a->ring.n || hist_total(&a->ring) == a->ring_n);
}

/* ---- the group table: struct acc_cell values in a group_table ---- */

void acc_table_init(struct group_table *t)
{
	group_table_init(t, sizeof(struct acc_cell));
	group_table_arena(t);
}

struct group_ent *acc_table_get(struct group_table *t, const char *key,
				size_t len)
{
	/* a zeroed cell is an empty group */
	return group_table_get(t, key, len, NULL);
}

static void acc_fin(void *a)
{
	acc_release(a);
}

static void acc_cell_fin(void *c)
{
	acc_cell_release(c);
}

void acc_table_release(struct group_table *t)
{
	group_table_release(t, acc_cell_fin);
}

/* ---- the state file (lib/state) ---- */

static void acc_fields(void *v, uint64_t **u, int64_t **s)
{
	struct acc *a = v;
	size_t i = 0, j = 0;

#define ACC_U(n) u[i++] = &a->n;
#define ACC_S(n) s[j++] = &a->n;
	ACC_COUNTERS(ACC_U)
	ACC_SUMS(ACC_S)
#undef ACC_U
#undef ACC_S
}

static struct hist *acc_hist(void *v, size_t i)
{
	struct acc *a = v;

	return i ? &a->ring : &a->wait;
}

/* max_wait after the sums: " -" when none. */
static void put_max_wait(FILE *fp, const void *v)
{
	const struct acc *a = v;

	if (a->max_wait == MS_NONE)
		fputs(" -", fp);
	else
		fprintf(fp, " %" PRId64, a->max_wait);
}

static int get_max_wait(const char *s, void *v)
{
	struct acc *a = v;
	char *end;

	if (!strcmp(s, " -")) {
		a->max_wait = MS_NONE;
		return 0;
	}
	if (*s != ' ' || s[1] < '0' || s[1] > '9')
		return -1;
	errno = 0;
	a->max_wait = strtoll(s + 1, &end, 10);
	/* a number beyond 64 bits is refused, not read as its maximum */
	return errno || *end ? -1 : 0;
}

static int acc_consistent_v(const void *a)
{
	return acc_consistent(a);
}
static void acc_init_v(void *a)
{
	acc_init(a);
}
static const struct group_table *acc_keys(const void *t)
{
	return t;
}

/*
 * lib/state reads and writes a group through a struct acc (its fields,
 * histograms and checks): a small cell is seen through a copy. Writing,
 * view is the group being written; reading a state, stage holds the
 * group a state's group is merged into, stored back into its cell by
 * acc_merge_v. One state is read or written at a time.
 */
static struct acc view;
static struct {
	struct acc a;
	struct acc_cell *cell; /* NULL: a big group, merged in place */
} stage;

static void *acc_val(void *t, const struct group_ent *g)
{
	(void)t;
	acc_release(&view);
	return (void *)acc_cell_view(acc_cell_of(g), &view);
}

static void *acc_get(void *t, const char *key, size_t len)
{
	struct acc_cell *c = acc_cell_of(acc_table_get(t, key, len));

	acc_release(&stage.a);
	stage.cell = c->is_big ? NULL : c;
	return (void *)acc_cell_view(c, &stage.a);
}

static void acc_merge_v(void *d, const void *s)
{
	if (d == &stage.a && stage.cell) {
		/* the cell is small: a merged copy replaces it */
		acc_release(&stage.a);
		acc_init(&stage.a);
		acc_cell_merge(stage.cell, s);
		stage.cell = NULL;
		return;
	}
	acc_merge(d, s);
}

#define N_U(n) +1
const struct state_kind acc_state_kind = {
    .magic = "telaudit-kpi-state 3",
    .tool = "kpi-calc",
    .rows = "calls",
    .size = sizeof(struct acc),
    .nu = 0 ACC_COUNTERS(N_U),
    .ns = 0 ACC_SUMS(N_U),
    .fields = acc_fields,
    .tags = "wr",
    .hist = acc_hist,
    .put_extra = put_max_wait,
    .get_extra = get_max_wait,
    .consistent = acc_consistent_v,
    .inconsistent = "(answered > offered...)",
    .init = acc_init_v,
    .merge = acc_merge_v,
    .release = acc_fin,
    .keys = acc_keys,
    .val = acc_val,
    .get = acc_get,
};
#undef N_U
