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

void acc_merge(struct acc *d, const struct acc *s)
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
	hist_merge(&d->wait, &s->wait);
	hist_merge(&d->ring, &s->ring);
}

void acc_release(struct acc *a)
{
	hist_release(&a->wait);
	hist_release(&a->ring);
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

/* ---- the group table: struct acc values in a group_table ---- */

void acc_table_init(struct group_table *t)
{
	group_table_init(t, sizeof(struct acc));
}

struct group_ent *acc_table_get(struct group_table *t, const char *key,
				size_t len)
{
	int isnew;
	struct group_ent *g = group_table_get(t, key, len, &isnew);

	if (isnew)
		acc_init(acc_of(g));
	return g;
}

static void acc_fin(void *a)
{
	acc_release(a);
}

void acc_table_release(struct group_table *t)
{
	group_table_release(t, acc_fin);
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
static void acc_merge_v(void *d, const void *s)
{
	acc_merge(d, s);
}
static const struct group_table *acc_keys(const void *t)
{
	return t;
}
static void *acc_val(void *t, const struct group_ent *g)
{
	(void)t;
	return acc_of(g);
}
static void *acc_get(void *t, const char *key, size_t len)
{
	return acc_of(acc_table_get(t, key, len));
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
