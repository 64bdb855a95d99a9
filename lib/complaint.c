/*
 * complaint: the complaint record, its accumulator, KPIs and state (see
 * complaint.h). Every KPI formula of SPEC 5.1 lives in cacc_kpi().
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "complaint.h"
#include "date.h"
#include "diag.h"
#include "num.h"
#include "tm.h"
#include "xalloc.h"

const char *const cp_col_names[CP_COUNT] = {
    "id",	"received", "replied", "resolved",  "closed",  "customer",
    "category", "tier",	    "channel", "escalated", "reopened"};

int cp_col_parse(const char *s)
{
	int i;

	for (i = 0; i < CP_COUNT; i++)
		if (!strcmp(s, cp_col_names[i]))
			return i;
	return -1;
}

int cpmap_init(struct cpmap *m, const struct csvrow *hdr,
	       const char *const rename[CP_COUNT], char *err, size_t errlen)
{
	int c;
	size_t j;

	for (c = 0; c < CP_COUNT; c++) {
		const char *want =
		    rename && rename[c] ? rename[c] : cp_col_names[c];
		m->idx[c] = -1;
		for (j = 0; j < hdr->nf; j++)
			if (!strcmp(hdr->f[j], want)) {
				m->idx[c] = (int)j;
				break;
			}
		if (m->idx[c] < 0 && rename && rename[c]) {
			snprintf(err, errlen, "--map %s=%s: no such column",
				 cp_col_names[c], rename[c]);
			return -1;
		}
	}
	if (m->idx[CP_RECEIVED] < 0) {
		snprintf(
		    err, errlen,
		    "missing required column \"received\" (use --map received=NAME)");
		return -1;
	}
	return 0;
}

/* An optional time column; 0, or -1 with the reason in err. */
static int get_time(const struct cpmap *m, const struct csvrow *row, int c,
		    const char *fmt, int64_t *t, char *err, size_t errlen)
{
	char why[128];
	int i = m->idx[c], has_time;

	*t = TM_NONE;
	if (i < 0 || row->len[i] == 0)
		return 0;
	if (date_read(fmt, row->f[i], row->len[i], t, &has_time, why,
		      sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", cp_col_names[c], why);
		return -1;
	}
	/* a date alone is its local midnight: the clock starts that day */
	if (!has_time)
		*t = date_day_start(date_local_day(*t));
	return 0;
}

static const char *text(const struct cpmap *m, const struct csvrow *row, int c)
{
	return m->idx[c] < 0 ? NULL : row->f[m->idx[c]];
}

static int is_no(const char *s)
{
	static const char *const no[] = {"", "0", "no", "n", "false", "none"};
	size_t i;

	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(s, no[i]))
			return 1;
	return 0;
}

int complaint_from_row(const struct cpmap *m, const struct csvrow *row,
		       const char *fmt, int64_t last, struct complaint *c,
		       char *err, size_t errlen)
{
	static const int later[] = {CP_REPLIED, CP_RESOLVED, CP_CLOSED};
	int64_t *lt[] = {&c->replied, &c->resolved, &c->closed};
	char b[32];
	size_t i;

	memset(c, 0, sizeof(*c));
	c->id = text(m, row, CP_ID);
	c->idlen = c->id ? row->len[m->idx[CP_ID]] : 0;
	c->customer = text(m, row, CP_CUSTOMER);
	c->category = text(m, row, CP_CATEGORY);
	if (get_time(m, row, CP_RECEIVED, fmt, &c->received, err, errlen))
		return -1;
	if (c->received == TM_NONE) {
		snprintf(err, errlen, "received: empty");
		return -1;
	}
	c->latest = c->received;
	for (i = 0; i < 3; i++) {
		if (get_time(m, row, later[i], fmt, lt[i], err, errlen))
			return -1;
		if (*lt[i] == TM_NONE)
			continue;
		if (*lt[i] < c->received) {
			snprintf(err, errlen, "%s: before received",
				 cp_col_names[later[i]]);
			return -1;
		}
		if (*lt[i] > c->latest)
			c->latest = *lt[i];
	}
	if (last != TM_NONE && c->latest > last) {
		for (i = 0; i < 3 && *lt[i] != c->latest; i++)
			;
		snprintf(err, errlen, "%s: %s is after the cut-off (--as-of)",
			 i < 3 ? cp_col_names[later[i]] : "received",
			 tm_format_iso(b, c->latest));
		return -1;
	}
	c->reopened = -1;
	if (m->idx[CP_REOPENED] >= 0 && row->len[m->idx[CP_REOPENED]]) {
		int k = m->idx[CP_REOPENED];
		if (num_parse_i64(row->f[k], row->len[k], &c->reopened) < 0 ||
		    c->reopened < 0) {
			snprintf(err, errlen,
				 "reopened: \"%.*s\" is not a count",
				 (int)(row->len[k] > 40 ? 40 : row->len[k]),
				 row->f[k]);
			return -1;
		}
	}
	c->escalated = m->idx[CP_ESCALATED] < 0
			   ? -1
			   : !is_no(row->f[m->idx[CP_ESCALATED]]);
	return 0;
}

/* ---- limits ---- */

int climit_parse(const char *s, struct climit *l)
{
	size_t n = strlen(s);
	int64_t v;

	if (n > 2 && !strcmp(s + n - 2, "wd")) {
		char *t = xstrndup(s, n - 2);
		int rc = num_parse_i64(t, n - 2, &v);
		free(t);
		if (rc < 0 || v < 0 || v > 3660)
			return -1;
		l->kind = CL_WORKDAYS;
		l->v = v;
		return 0;
	}
	if (n > 1 && s[n - 1] == 'd' && num_parse_i64(s, n - 1, &v) == 0) {
		if (v < 0 || v > 36600)
			return -1;
		l->kind = CL_DAYS;
		l->v = v;
		return 0;
	}
	if (dur_parse(s, &v) < 0 || v < 0)
		return -1;
	l->kind = CL_ELAPSED;
	l->v = v;
	return 0;
}

char *climit_format(char *buf, const struct climit *l)
{
	char b[64];

	switch (l->kind) {
	case CL_DAYS:
		snprintf(buf, 64, "%" PRId64 "d", l->v);
		break;
	case CL_WORKDAYS:
		snprintf(buf, 64, "%" PRId64 "wd", l->v);
		break;
	case CL_ELAPSED:
		snprintf(buf, 64, "%ss", fmt_ms(b, l->v));
		break;
	default:
		snprintf(buf, 64, "none");
	}
	return buf;
}

/* The deadline key of a complaint received at t (local day d0). */
static int64_t deadline(const struct climit *l, const struct workcal *cal,
			int64_t t, int64_t d0)
{
	switch (l->kind) {
	case CL_ELAPSED:
		return t + l->v;
	case CL_DAYS:
		return d0 + l->v;
	default:
		return workcal_nth_after(cal, d0, l->v);
	}
}

/* Done at t within the deadline key? */
static int met(const struct climit *l, int64_t key, int64_t t)
{
	return l->kind == CL_ELAPSED ? t <= key : date_local_day(t) <= key;
}

/* Deadline keys up to this one have passed at the cut-off last. */
static int64_t passed_upto(const struct climit *l, int64_t last)
{
	return l->kind == CL_ELAPSED ? last : date_local_day(last + 1) - 1;
}

/* ---- accumulator ---- */

void cacc_init(struct cacc *a)
{
	memset(a, 0, sizeof(*a));
	hist_init(&a->reply_open);
	hist_init(&a->resolve_open);
	hist_init(&a->ttr);
	hist_init(&a->days);
}

static void timeliness(const struct climit *l, const struct workcal *cal,
		       const struct complaint *c, int64_t d0, int64_t done,
		       uint64_t *within, uint64_t *late, struct hist *open)
{
	int64_t key;

	if (l->kind == CL_NONE)
		return;
	key = deadline(l, cal, c->received, d0);
	if (done != TM_NONE) {
		if (met(l, key, done))
			(*within)++;
		else
			(*late)++;
	} else if (c->closed != TM_NONE) {
		(*late)++; /* closed without it: never a success */
	} else {
		hist_add(open, key, 1);
	}
}

void cacc_add(struct cacc *a, const struct complaint *c,
	      const struct cacc_params *p)
{
	int64_t d0 = date_local_day(c->received);
	int64_t res = c->resolved != TM_NONE ? c->resolved : c->closed;
	int64_t rep = c->replied != TM_NONE ? c->replied : res;

	a->received++;
	timeliness(&p->reply, p->cal, c, d0, rep, &a->reply_within,
		   &a->reply_late, &a->reply_open);
	timeliness(&p->resolve, p->cal, c, d0, res, &a->resolve_within,
		   &a->resolve_late, &a->resolve_open);
	if (res != TM_NONE) {
		int64_t d1 = date_local_day(res);
		a->ttr_n++;
		a->ttr_sum += res - c->received;
		if (p->hist)
			hist_add(&a->ttr, res - c->received, 1);
		hist_add(&a->days,
			 p->workdays ? workcal_count(p->cal, d0, d1) : d1 - d0,
			 1);
	}
	if (c->escalated >= 0) {
		a->esc_n++;
		a->esc_yes += (uint64_t)c->escalated;
	}
	if (c->reopened >= 0) {
		a->reo_n++;
		a->reo_yes += c->reopened > 0;
	}
}

int cacc_add_fits(const struct cacc *a, const struct complaint *c)
{
	int64_t res = c->resolved != TM_NONE ? c->resolved : c->closed, t;

	return res == TM_NONE ||
	       !__builtin_add_overflow(a->ttr_sum, res - c->received, &t);
}

void cacc_merge(struct cacc *d, const struct cacc *s)
{
	int64_t t;

	if (__builtin_add_overflow(d->ttr_sum, s->ttr_sum, &t))
		die(EXIT_DATA,
		    "ttr_sum: the sum of two groups does not fit in 64 bits "
		    "(%" PRId64 " + %" PRId64 " ms)",
		    d->ttr_sum, s->ttr_sum);
	d->received += s->received;
	d->closed += s->closed;
	d->reply_within += s->reply_within;
	d->reply_late += s->reply_late;
	d->resolve_within += s->resolve_within;
	d->resolve_late += s->resolve_late;
	d->ttr_n += s->ttr_n;
	d->ttr_sum += s->ttr_sum;
	d->rep_n += s->rep_n;
	d->rep_yes += s->rep_yes;
	d->esc_n += s->esc_n;
	d->esc_yes += s->esc_yes;
	d->reo_n += s->reo_n;
	d->reo_yes += s->reo_yes;
	hist_merge(&d->reply_open, &s->reply_open);
	hist_merge(&d->resolve_open, &s->resolve_open);
	hist_merge(&d->ttr, &s->ttr);
	hist_merge(&d->days, &s->days);
}

void cacc_release(struct cacc *a)
{
	hist_release(&a->reply_open);
	hist_release(&a->resolve_open);
	hist_release(&a->ttr);
	hist_release(&a->days);
}

/* ---- KPIs ---- */

static const struct {
	const char *name;
	enum ckpi_id id;
	enum ckind kind;
} ckpis[] = {
    {"received", CK_RECEIVED, CKK_COUNT},
    {"closed", CK_CLOSED, CKK_COUNT},
    {"open_at_end", CK_OPEN_AT_END, CKK_COUNT},
    {"reply_within", CK_REPLY_WITHIN, CKK_COUNT},
    {"reply_pending", CK_REPLY_PENDING, CKK_COUNT},
    {"reply_missed", CK_REPLY_MISSED, CKK_COUNT},
    {"reply_rate", CK_REPLY_RATE, CKK_RATE},
    {"resolve_within", CK_RESOLVE_WITHIN, CKK_COUNT},
    {"resolve_pending", CK_RESOLVE_PENDING, CKK_COUNT},
    {"resolve_missed", CK_RESOLVE_MISSED, CKK_COUNT},
    {"resolve_rate", CK_RESOLVE_RATE, CKK_RATE},
    {"ttr_mean", CK_TTR_MEAN, CKK_DAYS},
    {"days_to_80pct", CK_DAYS_80, CKK_COUNT},
    {"repeat_rate", CK_REPEAT_RATE, CKK_RATE},
    {"escalation_rate", CK_ESCALATION_RATE, CKK_RATE},
    {"reopen_rate", CK_REOPEN_RATE, CKK_RATE},
    {"per_10k", CK_PER_10K, CKK_PER},
    {"per_million", CK_PER_MILLION, CKK_PER},
};

int ckpi_parse(const char *name, struct ckpi *k)
{
	size_t i;
	char b[64];

	memset(k, 0, sizeof(*k));
	for (i = 0; i < sizeof(ckpis) / sizeof(ckpis[0]); i++)
		if (!strcmp(name, ckpis[i].name)) {
			k->id = ckpis[i].id;
			k->kind = ckpis[i].kind;
			snprintf(k->name, sizeof(k->name), "%s", name);
			return 0;
		}
	if (!strncmp(name, "ttr_p", 5) &&
	    kpi_parse_percent(name + 5, &k->p_milli) == 0) {
		k->id = CK_TTR_P;
		k->kind = CKK_DAYS;
		snprintf(k->name, sizeof(k->name), "ttr_p%s",
			 fmt_ms(b, k->p_milli));
		return 0;
	}
	return -1;
}

static void rate(struct kpi_val *o, uint64_t num, uint64_t den)
{
	if (!den) {
		o->empty = 1;
		return;
	}
	o->num = num;
	o->den = den;
	o->v = (double)num / (double)den;
}

static void count(struct kpi_val *o, uint64_t n)
{
	o->i = (int64_t)n;
	o->v = (double)n;
}

/* Open complaints whose deadline has passed at the cut-off. */
static uint64_t open_passed(const struct hist *h, const struct climit *l,
			    int64_t last)
{
	return last == TM_NONE ? 0 : hist_count_le(h, passed_upto(l, last));
}

void cacc_kpi(const struct cacc *a, const struct ckpi *k,
	      const struct ckpi_ctx *x, struct kpi_val *o)
{
	int reply = k->id >= CK_REPLY_WITHIN && k->id <= CK_REPLY_RATE;
	const struct climit *l = reply ? x->reply : x->resolve;
	const struct hist *open = reply ? &a->reply_open : &a->resolve_open;
	uint64_t within = reply ? a->reply_within : a->resolve_within;
	uint64_t late = reply ? a->reply_late : a->resolve_late;
	uint64_t passed, rank;
	int64_t v;

	memset(o, 0, sizeof(*o));
	switch (k->id) {
	case CK_RECEIVED:
		count(o, a->received);
		break;
	case CK_CLOSED:
		count(o, a->closed);
		break;
	case CK_OPEN_AT_END:
		count(o, (uint64_t)x->open_at_end);
		break;
	case CK_REPLY_WITHIN:
	case CK_RESOLVE_WITHIN:
	case CK_REPLY_PENDING:
	case CK_RESOLVE_PENDING:
	case CK_REPLY_MISSED:
	case CK_RESOLVE_MISSED:
	case CK_REPLY_RATE:
	case CK_RESOLVE_RATE:
		if (l->kind == CL_NONE) {
			o->empty = 1;
			break;
		}
		passed = open_passed(open, l, x->last);
		if (k->id == CK_REPLY_WITHIN || k->id == CK_RESOLVE_WITHIN)
			count(o, within);
		else if (k->id == CK_REPLY_PENDING ||
			 k->id == CK_RESOLVE_PENDING)
			count(o, hist_total(open) - passed);
		else if (k->id == CK_REPLY_MISSED || k->id == CK_RESOLVE_MISSED)
			count(o, late + passed);
		else /* SPEC 5.1: within the limit / received */
			rate(o, within, a->received);
		break;
	case CK_TTR_MEAN:
		if (!a->ttr_n)
			o->empty = 1;
		else
			o->v =
			    (double)a->ttr_sum / (double)a->ttr_n / 86400000.0;
		break;
	case CK_TTR_P:
		if (hist_percentile(&a->ttr, k->p_milli, &v) < 0)
			o->empty = 1;
		else
			o->v = (double)v / 86400000.0;
		break;
	case CK_DAYS_80:
		/* smallest d with 80 % of the received resolved within d */
		rank = (a->received * 4 + 4) / 5;
		if (!a->received || hist_at_rank(&a->days, rank, &v) < 0)
			o->empty = 1;
		else
			count(o, (uint64_t)v);
		break;
	case CK_REPEAT_RATE:
		rate(o, a->rep_yes, a->rep_n);
		break;
	case CK_ESCALATION_RATE:
		rate(o, a->esc_yes, a->esc_n);
		break;
	case CK_REOPEN_RATE:
		rate(o, a->reo_yes, a->reo_n);
		break;
	case CK_PER_10K:
	case CK_PER_MILLION:
		if (!(x->subscribers > 0))
			o->empty = 1;
		else
			o->v = (double)a->received *
			       (k->id == CK_PER_10K ? 1e4 : 1e6) /
			       x->subscribers;
		break;
	default:
		o->empty = 1;
	}
}

/* ---- groups ---- */

void ctable_init(struct ctable *t)
{
	memset(t, 0, sizeof(*t));
	acc_table_init(&t->keys);
	t->latest = TM_NONE;
}

struct cacc *ctable_get(struct ctable *t, const char *key, size_t len,
			uint32_t *idx)
{
	struct group_ent *g = acc_table_get(&t->keys, key, len);

	if (g->idx >= t->cap) {
		size_t old = t->cap, i;
		t->v = xgrow(t->v, &t->cap, g->idx + 1, sizeof(*t->v));
		for (i = old; i < t->cap; i++)
			cacc_init(&t->v[i]);
	}
	if (idx)
		*idx = g->idx;
	return &t->v[g->idx];
}

void ctable_release(struct ctable *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		cacc_release(&t->v[i]);
	free(t->v);
	acc_table_release(&t->keys);
	ctable_init(t);
}

/* ---- the state file (lib/state) ---- */

static void cacc_fields(void *v, uint64_t **u, int64_t **s)
{
	struct cacc *a = v;
	uint64_t *c[] = {&a->received,	 &a->closed,	     &a->reply_within,
			 &a->reply_late, &a->resolve_within, &a->resolve_late,
			 &a->ttr_n,	 &a->rep_n,	     &a->rep_yes,
			 &a->esc_n,	 &a->esc_yes,	     &a->reo_n,
			 &a->reo_yes};

	memcpy(u, c, sizeof(c));
	s[0] = &a->ttr_sum;
}

static struct hist *cacc_hist(void *v, size_t i)
{
	struct cacc *a = v;
	struct hist *h[] = {&a->reply_open, &a->resolve_open, &a->ttr,
			    &a->days};

	return h[i];
}

/*
 * The counters as cacc_add and the repeat pass make them: the limits'
 * outcomes, resolutions, repeats, escalations and reopenings of a group
 * are at most its received complaints (closings are counted in the
 * period of closing, so they have no bound here).
 */
int cacc_consistent(const struct cacc *a)
{
	uint64_t r = a->received;

	return a->reply_within <= r && a->reply_late <= r - a->reply_within &&
	       hist_total(&a->reply_open) <=
		   r - a->reply_within - a->reply_late &&
	       a->resolve_within <= r &&
	       a->resolve_late <= r - a->resolve_within &&
	       hist_total(&a->resolve_open) <=
		   r - a->resolve_within - a->resolve_late &&
	       a->ttr_n <= r && a->rep_n <= r && a->rep_yes <= a->rep_n &&
	       a->esc_n <= r && a->esc_yes <= a->esc_n && a->reo_n <= r &&
	       a->reo_yes <= a->reo_n && a->ttr_sum >= 0 &&
	       hist_total(&a->days) == a->ttr_n &&
	       (!a->ttr.n || hist_total(&a->ttr) == a->ttr_n);
}

static int cacc_consistent_v(const void *a)
{
	return cacc_consistent(a);
}
static void cacc_init_v(void *a)
{
	cacc_init(a);
}
static void cacc_merge_v(void *d, const void *s)
{
	cacc_merge(d, s);
}
static void cacc_release_v(void *a)
{
	cacc_release(a);
}
static const struct group_table *ctable_keys(const void *t)
{
	return &((const struct ctable *)t)->keys;
}
static void *ctable_val(void *t, const struct group_ent *g)
{
	return &((struct ctable *)t)->v[g->idx];
}
static void *ctable_get_v(void *t, const char *key, size_t len)
{
	return ctable_get(t, key, len, NULL);
}

/* "latest MS": the latest time of any complaint of the state. */
static void put_latest(FILE *fp, const void *v)
{
	const struct ctable *t = v;

	if (t->latest != TM_NONE)
		fprintf(fp, "latest %" PRId64 "\n", t->latest);
}

static int get_latest(void *v, const char *line)
{
	struct ctable *t = v;
	int64_t ms;

	if (strncmp(line, "latest ", 7))
		return 0;
	if (num_parse_i64(line + 7, strlen(line + 7), &ms) < 0)
		return -1;
	if (t->latest == TM_NONE || ms > t->latest)
		t->latest = ms;
	return 1;
}

const struct state_kind cacc_state_kind = {
    .magic = "telaudit-complaint-state 2",
    .tool = "complaint-kpi",
    .rows = "complaints",
    .size = sizeof(struct cacc),
    .nu = 13,
    .ns = 1,
    .fields = cacc_fields,
    .tags = "abtd",
    .hist = cacc_hist,
    .consistent = cacc_consistent_v,
    .inconsistent = "(reply within the limit > received...)",
    .init = cacc_init_v,
    .merge = cacc_merge_v,
    .release = cacc_release_v,
    .keys = ctable_keys,
    .val = ctable_val,
    .get = ctable_get_v,
    .put_head = put_latest,
    .get_head = get_latest,
};
