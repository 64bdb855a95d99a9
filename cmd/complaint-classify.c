/*
 * complaint-classify: sort complaint texts into categories and handling
 * tiers with a rulebook of PCRE2 patterns (SPEC section 5).
 *
 * Per complaint it writes id, category, tier, score and the fired rule
 * ids; --summary writes counts, shares and rates per category and tier
 * (per period with --date); --eval compares the categories with a label
 * column. The rulebook is lib/rules; this file is option parsing, column
 * lookup, text decoding and the tables.
 *
 * Choices where SPEC is silent (see the man page):
 * - COL is a header name, or a 1-based column number; with --no-header
 *   it must be a number. Several --text columns are joined with '\n'.
 * - Without --id the id is the line the record starts on.
 * - score is the total weight of the chosen category; an unmatched
 *   complaint is category "other", tier "none", score 0.
 * - Text must be valid UTF-8 or is rejected (file:line); --encoding
 *   converts every used field from GB18030, GBK or BIG5 first.
 * - --label-map pairs apply to the gold labels and to the predicted
 *   categories alike ("*" maps every name not listed; "-" as a target
 *   skips the row, for unlabelled records).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "acct.h"
#include "cli.h"
#include "csvin.h"
#include "date.h"
#include "diag.h"
#include "group.h"
#include "manifest.h"
#include "num.h"
#include "out.h"
#include "period.h"
#include "rules.h"
#include "share.h"
#include "utf8.h"
#include "where.h"
#include "xalloc.h"

#define MAX_TEXT 16

struct col {
	const char *spec; /* as given on the command line */
	long idx;	  /* field index in the current file */
};

struct buf {
	char *s;
	size_t len, cap;
};

struct pstat {
	const char *key; /* the table's key */
	unsigned long long total;
	unsigned long long *cat;		 /* ncats + 1 (last: other) */
	unsigned long long tier[TIER_COUNT + 1]; /* last: none */
};

struct lmap {
	struct group_table to; /* label -> char * (the first line wins) */
	const char *dflt;      /* target of "*", or NULL */
};

struct eval {
	struct group_table names; /* class name -> index (its idx) */
	const char **cls;	  /* the names by index */
	size_t n, cap;
	unsigned long long *m; /* m[g * mcap + p] */
	size_t mcap;
};

static struct {
	struct cli cli;
	const char *rules;
	struct col text[MAX_TEXT];
	size_t ntext;
	struct col id, date, label;
	const char *label_map;
	const char *encoding;
	int no_header, summary, no_jit;
	const char *datefmt; /* --date-format */
	int by;		     /* a --by period was given: per */
	struct period byp;
	int append;	  /* --append: input columns, then the result */
	size_t append_nf; /* field count of the first file's header */
	struct buf abuf;  /* one decoded input field (--append) */
	long long subscribers;
	long long per;

	struct rules *rb;
	struct rules_res res;
	struct acct acct;
	iconv_t cd;
	struct buf tbuf, fbuf[4];   /* text; id, date, label, scratch */
	struct group_table periods; /* period label -> struct pstat */
	struct lmap lmap;
	struct where where; /* --where */
	char hdr_bad[160];  /* a header cell --encoding cannot decode */
	struct eval ev;
	struct out *out;
	int prec;
} o;

/* ---- columns ---- */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static void col_resolve(struct col *c, const struct csvrow *hdr,
			const char *file)
{
	size_t i;

	if (!c->spec)
		return;
	if (hdr) {
		for (i = 0; i < hdr->nf; i++)
			if (strcmp(hdr->f[i], c->spec) == 0) {
				c->idx = (long)i;
				return;
			}
	}
	if (all_digits(c->spec) && strlen(c->spec) < 9 && atol(c->spec) > 0) {
		c->idx = atol(c->spec) - 1;
		return;
	}
	if (!hdr)
		cli_usage_error(
		    "column \"%s\": with --no-header give a column number",
		    c->spec);
	die(EXIT_USAGE, "%s: column \"%s\" is not in the header%s%s", file,
	    c->spec, o.hdr_bad[0] ? "; " : "", o.hdr_bad);
}

/* ---- decoding ---- */

static void buf_reserve(struct buf *b, size_t n)
{
	if (b->cap < n + 1)
		b->s = xgrow(b->s, &b->cap, n + 1, 1);
}

/*
 * The field f of row as trusted UTF-8: converted with --encoding, or
 * checked. Returns NULL with a reason in why (>= 128 bytes).
 */
static const char *field(const struct csvrow *row, const struct col *c,
			 struct buf *b, size_t *len, char *why, size_t whylen)
{
	const char *s = row->f[c->idx];
	size_t n = row->len[c->idx], bad;
	char *in, *outp;
	size_t inleft, outleft, done;

	if (o.encoding) {
		buf_reserve(b, n * 2 + 16);
		iconv(o.cd, NULL, NULL, NULL, NULL);
		in = (char *)s;
		inleft = n;
		outp = b->s;
		outleft = b->cap - 1;
		while (inleft > 0) {
			if (iconv(o.cd, &in, &inleft, &outp, &outleft) !=
			    (size_t)-1)
				break;
			if (errno == E2BIG) {
				done = (size_t)(outp - b->s);
				b->s = xgrow(b->s, &b->cap, b->cap * 2, 1);
				outp = b->s + done;
				outleft = b->cap - 1 - done;
				continue;
			}
			snprintf(why, whylen, "%s: invalid %s at byte %zu",
				 c->spec, o.encoding, (size_t)(in - s) + 1);
			return NULL;
		}
		*outp = '\0';
		*len = (size_t)(outp - b->s);
		s = b->s;
		n = *len;
	}
	bad = utf8_invalid(s, n);
	if (bad != (size_t)-1) {
		snprintf(why, whylen, "%s: invalid UTF-8 at byte %zu", c->spec,
			 bad + 1);
		return NULL;
	}
	*len = n;
	return s;
}

/*
 * The header row as UTF-8, so that column names given on the command
 * line match a header in --encoding: a copy (release with
 * header_release), or hdr itself without --encoding.
 */
static const struct csvrow *header_utf8(const struct csvrow *hdr,
					struct csvrow *copy, const char *file)
{
	char why[256], num[32];
	struct col c;
	size_t i, len;

	if (!o.encoding)
		return hdr;
	*copy = *hdr;
	copy->f = xcalloc(hdr->nf + 1, sizeof(*copy->f));
	copy->len = xcalloc(hdr->nf + 1, sizeof(*copy->len));
	for (i = 0; i < hdr->nf; i++) {
		const char *u;
		snprintf(num, sizeof num, "%zu", i + 1);
		c.spec = num;
		c.idx = (long)i;
		/*
		 * A cell that is not valid in the encoding names no column
		 * (an empty name): columns given by number still work, and
		 * a name not found says which cell could not be read.
		 */
		if (!(u = field(hdr, &c, &o.fbuf[3], &len, why, sizeof why))) {
			if (!o.hdr_bad[0])
				snprintf(o.hdr_bad, sizeof o.hdr_bad,
					 "header column %.120s", why);
			u = "";
			len = 0;
		}
		copy->f[i] = xstrndup(u, len);
		copy->len[i] = len;
	}
	return copy;
}

static void header_release(const struct csvrow *h, struct csvrow *copy)
{
	size_t i;

	if (h != copy)
		return;
	for (i = 0; i < copy->nf; i++)
		free(copy->f[i]);
	free(copy->f);
	free(copy->len);
}

/* ---- periods ---- */

static struct pstat *period_get(const char *key)
{
	struct group_ent *e;
	struct pstat *p;
	int isnew;

	e = group_table_get(&o.periods, key, strlen(key), &isnew);
	p = GROUP_VAL(e);
	if (isnew) {
		p->key = e->key;
		p->cat = xcalloc(rules_ncats(o.rb) + 1, sizeof *p->cat);
	}
	return p;
}

static void period_fin(void *p)
{
	free(((struct pstat *)p)->cat);
}

/* ---- label map and evaluation ---- */

static void free_str(void *p)
{
	free(*(char **)p);
}

static void lmap_load(const char *path)
{
	struct csvin *in;
	struct csvrow row;
	struct group_ent *e;
	int rc, isnew;
	char why[256];

	group_table_init(&o.lmap.to, sizeof(char *));
	if (access(path, R_OK) != 0)
		die(EXIT_USAGE, "%s:", path);
	in = csvin_open(path, ',');
	if (!in)
		die(EXIT_USAGE, "%s: cannot be read", path);
	why[0] = '\0';
	while (!why[0] && (rc = csvin_next(in, &row)) != CSVIN_EOF) {
		if (rc == CSVIN_BAD)
			snprintf(why, sizeof why, "%s", csvin_error(in));
		else if (row.nf >= 1 && row.f[0][0] == '#')
			continue;
		else if (row.nf != 2)
			snprintf(why, sizeof why,
				 "expected 2 fields (label,category), got %zu",
				 row.nf);
		else if (utf8_invalid(row.f[0], row.len[0]) != (size_t)-1 ||
			 utf8_invalid(row.f[1], row.len[1]) != (size_t)-1)
			snprintf(why, sizeof why, "invalid UTF-8");
		else if (strcmp(row.f[0], "*") == 0)
			o.lmap.dflt = xstrdup(row.f[1]);
		else if ((e = group_table_get(&o.lmap.to, row.f[0], row.len[0],
					      &isnew)) &&
			 isnew)
			*(char **)GROUP_VAL(e) = xstrdup(row.f[1]);
	}
	/* the reader is freed before a malformed map exits */
	csvin_free(in);
	if (why[0])
		die_at(EXIT_USAGE, path, row.line, "%s", why);
}

static const char *lmap_apply(const char *s)
{
	struct group_ent *e;

	if (!o.label_map)
		return s;
	e = group_table_find(&o.lmap.to, s, strlen(s));
	if (e)
		return *(char **)GROUP_VAL(e);
	return o.lmap.dflt ? o.lmap.dflt : s;
}

static size_t eval_class(const char *name)
{
	struct eval *e = &o.ev;
	unsigned long long *m;
	size_t g, ncap;
	struct group_ent *ent;
	int isnew;

	ent = group_table_get(&e->names, name, strlen(name), &isnew);
	if (!isnew)
		return ent->idx;
	e->cls = xgrow(e->cls, &e->cap, e->n + 1, sizeof *e->cls);
	e->cls[e->n] = ent->key;
	if (e->n + 1 > e->mcap) {
		ncap = e->mcap ? e->mcap * 2 : 16;
		m = xcalloc(ncap * ncap, sizeof *m);
		for (g = 0; g < e->n; g++)
			memcpy(&m[g * ncap], &e->m[g * e->mcap],
			       e->n * sizeof *m);
		free(e->m);
		e->m = m;
		e->mcap = ncap;
	}
	return e->n++;
}

static int cmp_cls(const void *a, const void *b)
{
	return strcmp(o.ev.cls[*(const size_t *)a],
		      o.ev.cls[*(const size_t *)b]);
}

static void ratio(char *b, double num_, double den)
{
	if (den <= 0)
		b[0] = '\0';
	else
		fmt_fixed(b, num_ / den, o.prec);
}

/* Precision, recall, F1 per class, macro averages and accuracy. */
static void eval_emit(void)
{
	struct eval *e = &o.ev;
	size_t n = e->n, i, j, *ord = xcalloc(n ? n : 1, sizeof *ord);
	unsigned long long *gold = xcalloc(n + 1, sizeof *gold);
	unsigned long long *pred = xcalloc(n + 1, sizeof *pred);
	unsigned long long total = 0, correct = 0;
	double sp = 0, sr = 0, sf = 0, p, r;
	char b[64], name[512];

	for (i = 0; i < n; i++) {
		ord[i] = i;
		for (j = 0; j < n; j++) {
			gold[i] += e->m[i * e->mcap + j];
			pred[j] += e->m[i * e->mcap + j];
		}
		total += gold[i];
		correct += e->m[i * e->mcap + i];
	}
	qsort(ord, n, sizeof *ord, cmp_cls);
	out_comment(
	    o.out,
	    "accuracy row: precision = recall = f1 = accuracy (micro average)");
	out_col(o.out, "class", OUT_STR);
	out_col(o.out, "gold", OUT_NUM);
	out_col(o.out, "predicted", OUT_NUM);
	out_col(o.out, "correct", OUT_NUM);
	out_col(o.out, "precision", OUT_NUM);
	out_col(o.out, "recall", OUT_NUM);
	out_col(o.out, "f1", OUT_NUM);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "pred_%s", e->cls[ord[i]]);
		out_col(o.out, name, OUT_NUM);
	}
	for (i = 0; i < n; i++) {
		size_t c = ord[i];
		unsigned long long tp = e->m[c * e->mcap + c];

		p = pred[c] ? (double)tp / (double)pred[c] : 0;
		r = gold[c] ? (double)tp / (double)gold[c] : 0;
		sp += p;
		sr += r;
		sf += p + r > 0 ? 2 * p * r / (p + r) : 0;
		out_cell(o.out, e->cls[c], (size_t)-1);
		out_cell(o.out, fmt_i64(b, (int64_t)gold[c]), (size_t)-1);
		out_cell(o.out, fmt_i64(b, (int64_t)pred[c]), (size_t)-1);
		out_cell(o.out, fmt_i64(b, (int64_t)tp), (size_t)-1);
		ratio(b, (double)tp, (double)pred[c]);
		out_cell(o.out, b, (size_t)-1);
		ratio(b, (double)tp, (double)gold[c]);
		out_cell(o.out, b, (size_t)-1);
		/* F1 = 2 tp / (gold + predicted), defined for every class */
		ratio(b, 2.0 * (double)tp, (double)(pred[c] + gold[c]));
		out_cell(o.out, b, (size_t)-1);
		for (j = 0; j < n; j++)
			out_cell(
			    o.out,
			    fmt_i64(b, (int64_t)e->m[c * e->mcap + ord[j]]),
			    (size_t)-1);
		out_end_row(o.out);
	}
	/* macro: unweighted means over classes, an undefined value as 0 */
	out_cell(o.out, "macro", (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)total), (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)total), (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)correct), (size_t)-1);
	ratio(b, sp, (double)n);
	out_cell(o.out, b, (size_t)-1);
	ratio(b, sr, (double)n);
	out_cell(o.out, b, (size_t)-1);
	ratio(b, sf, (double)n);
	out_cell(o.out, b, (size_t)-1);
	for (j = 0; j < n; j++)
		out_cell(o.out, NULL, 0);
	out_end_row(o.out);
	out_cell(o.out, "accuracy", (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)total), (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)total), (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)correct), (size_t)-1);
	for (i = 0; i < 3; i++) {
		ratio(b, (double)correct, (double)total);
		out_cell(o.out, b, (size_t)-1);
	}
	for (j = 0; j < n; j++)
		out_cell(o.out, NULL, 0);
	out_end_row(o.out);
	free(ord);
	free(gold);
	free(pred);
}

/* ---- summary ---- */

static int cmp_cat(const void *a, const void *b)
{
	return strcmp(rules_cat(o.rb, *(const int *)a),
		      rules_cat(o.rb, *(const int *)b));
}

static void sum_row(const struct pstat *p, const char *dim, const char *key,
		    unsigned long long n)
{
	char b[64];

	if (o.by)
		out_cell(o.out, p->key, (size_t)-1);
	out_cell(o.out, dim, (size_t)-1);
	out_cell(o.out, key, (size_t)-1);
	out_cell(o.out, fmt_i64(b, (int64_t)n), (size_t)-1);
	ratio(b, (double)n, (double)p->total);
	out_cell(o.out, b, (size_t)-1);
	if (o.subscribers > 0) {
		fmt_fixed(b, (double)n * (double)o.per / (double)o.subscribers,
			  o.prec);
		out_cell(o.out, b, (size_t)-1);
	}
	out_end_row(o.out);
}

/* SPEC 5 --summary: counts, shares, rate per o.per subscribers. */
static void summary_emit(void)
{
	size_t nc = rules_ncats(o.rb), i, k;
	int *ord = xcalloc(nc + 1, sizeof *ord);
	char name[64];
	struct pstat *p;
	struct group_ent **per;

	for (i = 0; i < nc; i++)
		ord[i] = (int)i;
	ord[nc] = -1;
	qsort(ord, nc + 1, sizeof *ord, cmp_cat);
	if (o.periods.n == 0 && !o.by)
		period_get("");
	if (o.by)
		out_col(o.out, "period", OUT_KEY);
	out_col(o.out, "dimension", OUT_STR);
	out_col(o.out, "key", OUT_KEY);
	out_col(o.out, "count", OUT_NUM);
	out_col(o.out, "share", OUT_NUM);
	if (o.subscribers > 0) {
		snprintf(name, sizeof name, "rate_per_%lld", o.per);
		out_col(o.out, name, OUT_NUM);
	}
	per = group_table_sorted(&o.periods);
	for (k = 0; k < o.periods.n; k++) {
		p = GROUP_VAL(per[k]);
		sum_row(p, "total", "all", p->total);
		for (i = 0; i <= nc; i++)
			sum_row(p, "category", rules_cat(o.rb, ord[i]),
				p->cat[ord[i] < 0 ? nc : (size_t)ord[i]]);
		for (i = 0; i < TIER_COUNT; i++)
			sum_row(p, "tier", rules_tier_name((int)i), p->tier[i]);
		sum_row(p, "tier", rules_tier_name(TIER_NONE),
			p->tier[TIER_COUNT]);
	}
	free(per);
	free(ord);
}

/* ---- the main loop ---- */

static long need_fields(void)
{
	long m = 0;
	size_t i;

	for (i = 0; i < o.ntext; i++)
		if (o.text[i].idx + 1 > m)
			m = o.text[i].idx + 1;
	if (o.id.spec && o.id.idx + 1 > m)
		m = o.id.idx + 1;
	if (o.date.spec && o.date.idx + 1 > m)
		m = o.date.idx + 1;
	if (o.label.spec && o.label.idx + 1 > m)
		m = o.label.idx + 1;
	return m;
}

static void emit_one(const struct csvrow *row, const char *id, size_t idlen)
{
	char b[64];
	size_t i, len, n;
	struct buf *m = &o.fbuf[3];

	if (id)
		out_cell(o.out, id, idlen);
	else if (idlen != (size_t)-1) /* --append has no id column */
		out_cell(o.out, fmt_i64(b, row->line), (size_t)-1);
	out_cell(o.out, rules_cat(o.rb, o.res.cat), (size_t)-1);
	out_cell(o.out, rules_tier_name(o.res.tier), (size_t)-1);
	out_cell(o.out, fmt_i64(b, o.res.score), (size_t)-1);
	m->len = 0;
	for (i = 0; i < o.res.nhits; i++) {
		const char *rid = rules_id(o.rb, o.res.hits[i]);

		len = strlen(rid);
		n = m->len + len + 1;
		buf_reserve(m, n);
		if (i)
			m->s[m->len++] = ' ';
		memcpy(m->s + m->len, rid, len);
		m->len += len;
	}
	out_cell(o.out, m->s ? m->s : "", m->len);
	out_end_row(o.out);
}

/*
 * --append: every input field (decoded like the text), then category,
 * tier, score, matched. With out NULL only check that every field
 * decodes: 0, or -1 with the reason in why.
 */
static int emit_append(struct out *out, const struct csvrow *row, char *why,
		       size_t whylen)
{
	struct col c;
	char num[32];
	size_t i, len;

	for (i = 0; i < row->nf; i++) {
		const char *s;
		snprintf(num, sizeof num, "column %zu", i + 1);
		c.spec = num;
		c.idx = (long)i;
		if (!(s = field(row, &c, &o.abuf, &len, why, whylen)))
			return -1;
		if (out)
			out_cell(out, s, len);
	}
	if (out)
		emit_one(row, NULL, (size_t)-1);
	return 0;
}

/* --append: the output columns from the first header, later ones alike. */
static void append_header(const char *file, const struct csvrow *hdr)
{
	static const char *const res[] = {"category", "tier", "score",
					  "matched"};
	char why[256], num[32];
	struct col c;
	size_t i, j, len;

	if (o.append_nf) {
		if (hdr->nf != o.append_nf)
			die(EXIT_USAGE,
			    "%s: --append: %zu columns, the first input has %zu",
			    file, hdr->nf, o.append_nf);
		return;
	}
	o.append_nf = hdr->nf;
	for (i = 0; i < hdr->nf; i++) {
		const char *s;
		snprintf(num, sizeof num, "%zu", i + 1);
		c.spec = num;
		c.idx = (long)i;
		if (o.no_header) {
			out_col(o.out, num, OUT_STR);
			continue;
		}
		if (!(s = field(hdr, &c, &o.abuf, &len, why, sizeof why)))
			die(EXIT_USAGE, "%s: header: %s", file, why);
		for (j = 0; j < 4; j++)
			if (!strcmp(s, res[j]))
				die(EXIT_USAGE,
				    "%s: --append: the input already has a column \"%s\"",
				    file, s);
		out_col(o.out, s, OUT_STR);
	}
	out_col(o.out, "category", OUT_STR);
	out_col(o.out, "tier", OUT_STR);
	out_col(o.out, "score", OUT_NUM);
	out_col(o.out, "matched", OUT_STR);
}

static void do_row(const char *file, const struct csvrow *row)
{
	char why[256], err[512];
	const char *id = NULL, *s, *lab, *key;
	size_t i, len, idlen = 0;
	int64_t t, order;
	struct pstat *p;
	long need = need_fields();

	if (o.append && row->nf != o.append_nf) {
		acct_reject(&o.acct, file, row->line, row,
			    "%zu fields, the header has %zu", row->nf,
			    o.append_nf);
		return;
	}
	if ((long)row->nf < need) {
		acct_reject(&o.acct, file, row->line, row,
			    "%zu fields, expected at least %ld", row->nf, need);
		return;
	}
	if (!where_row(&o.where, &o.acct, file, row))
		return;
	o.tbuf.len = 0;
	for (i = 0; i < o.ntext; i++) {
		s = field(row, &o.text[i], &o.fbuf[3], &len, why, sizeof why);
		if (!s) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
		buf_reserve(&o.tbuf, o.tbuf.len + len + 1);
		if (i)
			o.tbuf.s[o.tbuf.len++] = '\n';
		memcpy(o.tbuf.s + o.tbuf.len, s, len);
		o.tbuf.len += len;
	}
	buf_reserve(&o.tbuf, o.tbuf.len);
	o.tbuf.s[o.tbuf.len] = '\0';
	if (o.id.spec) {
		id = field(row, &o.id, &o.fbuf[0], &idlen, why, sizeof why);
		if (!id) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
	}
	key = "";
	if (o.date.spec) {
		s = field(row, &o.date, &o.fbuf[1], &len, why, sizeof why);
		if (!s) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
		if (date_read(o.datefmt, s, len, &t, NULL, why, sizeof why)) {
			acct_reject(&o.acct, file, row->line, row, "%s: %s",
				    o.date.spec, why);
			return;
		}
		period_of(&o.byp, t, &order, &key);
	}
	lab = NULL;
	if (o.label.spec) {
		lab = field(row, &o.label, &o.fbuf[2], &len, why, sizeof why);
		if (!lab) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
		if (memchr(lab, '\0', len)) {
			acct_reject(&o.acct, file, row->line, row,
				    "%s: NUL byte in label", o.label.spec);
			return;
		}
		lab = lmap_apply(lab);
		if (o.label_map && strcmp(lab, "-") == 0) {
			acct_skip(&o.acct);
			return;
		}
		if (!*lab) {
			acct_reject(&o.acct, file, row->line, row,
				    "%s: empty label", o.label.spec);
			return;
		}
	}
	if (rules_match(o.rb, o.tbuf.s, o.tbuf.len, &o.res, err, sizeof err)) {
		acct_reject(&o.acct, file, row->line, row, "%s", err);
		return;
	}
	if (o.append && emit_append(NULL, row, err, sizeof err)) {
		acct_reject(&o.acct, file, row->line, row, "%s", err);
		return;
	}
	acct_use(&o.acct);
	if (o.summary) {
		p = period_get(key);
		p->total++;
		p->cat[o.res.cat < 0 ? rules_ncats(o.rb) : (size_t)o.res.cat]++;
		p->tier[o.res.tier < 0 ? TIER_COUNT : o.res.tier]++;
	} else if (o.label.spec) {
		size_t g = eval_class(lab);
		size_t pc = eval_class(lmap_apply(rules_cat(o.rb, o.res.cat)));

		o.ev.m[g * o.ev.mcap + pc]++;
	} else if (o.append) {
		emit_append(o.out, row, err, sizeof err);
	} else {
		emit_one(row, id, idlen);
	}
}

static int run_file(void *ctx, const char *path)
{
	struct csvin *in = csvin_open(path, o.cli.delim);
	struct csvrow row;
	const char *name;
	int rc, first = 1;
	size_t i;
	char why[256];

	if (!in)
		return EXIT_IO;
	name = csvin_name(in);
	if (o.no_header) {
		for (i = 0; i < o.ntext; i++)
			col_resolve(&o.text[i], NULL, name);
		col_resolve(&o.id, NULL, name);
		col_resolve(&o.date, NULL, name);
		col_resolve(&o.label, NULL, name);
		if (where_bind(&o.where, NULL, why, sizeof why))
			die(EXIT_USAGE, "%s: %s", name, why);
		first = 0;
	}
	if (o.no_header && o.append && !o.append_nf) {
		/* the columns are numbered after the first record's fields */
		while ((rc = csvin_next(in, &row)) == CSVIN_BAD)
			acct_reject(&o.acct, name, row.line, NULL, "%s",
				    csvin_error(in));
		if (rc == CSVIN_EOF) {
			csvin_free(in);
			return 0;
		}
		append_header(name, &row);
		do_row(name, &row);
	}
	while ((rc = csvin_next(in, &row)) != CSVIN_EOF) {
		if (rc == CSVIN_BAD) {
			acct_reject(&o.acct, name, row.line, NULL, "%s",
				    csvin_error(in));
			continue;
		}
		if (first) {
			struct csvrow copy;
			const struct csvrow *h = header_utf8(&row, &copy, name);
			for (i = 0; i < o.ntext; i++)
				col_resolve(&o.text[i], h, name);
			col_resolve(&o.id, h, name);
			col_resolve(&o.date, h, name);
			col_resolve(&o.label, h, name);
			if (where_bind(&o.where, h, why, sizeof why))
				die_at(EXIT_USAGE, name, row.line, "%s", why);
			header_release(h, &copy);
			first = 0;
			if (o.append)
				append_header(name, &row);
			continue;
		}
		do_row(name, &row);
	}
	csvin_free(in);
	return 0;
}

static void release(void)
{
	size_t i;

	cli_release(&o.cli);
	rules_res_release(&o.res);
	rules_free(o.rb);
	free(o.tbuf.s);
	free(o.abuf.s);
	for (i = 0; i < 4; i++)
		free(o.fbuf[i].s);
	group_table_release(&o.periods, period_fin);
	where_release(&o.where);
	group_table_release(&o.lmap.to, free_str);
	free((char *)o.lmap.dflt);
	group_table_release(&o.ev.names, NULL);
	free(o.ev.cls);
	free(o.ev.m);
	if (o.encoding)
		iconv_close(o.cd);
}

static const char usage[] =
    "Usage: complaint-classify [OPTION]... --text COL [FILE]...\n"
    "Classify complaint texts into categories and handling tiers with a\n"
    "rulebook of PCRE2 patterns; write id,category,tier,score,matched.\n"
    "\n"
    "      --rules FILE     rulebook (default: the shipped rules/default.rules)\n"
    "      --text COL       text column, by header name or number (repeatable;\n"
    "                       several are joined with a newline)\n"
    "      --id COL         id column (default: the record's line number)\n"
    "      --append         write every input column, then category, tier,\n"
    "                       score and matched (instead of id first)\n"
    "      --no-header      the input has no header row: COL is a number\n"
    "      --where EXPR     only rows that pass: COL=V, COL!=V, COL>N, COL~RE\n"
    "                       (< <= >= !~ too); comma = and; repeatable\n"
    "      --encoding ENC   input is GB18030, GBK or BIG5, not UTF-8\n"
    "      --no-jit         do not JIT-compile the patterns\n"
    "      --summary        counts and shares per category and tier\n"
    "      --date COL       with --summary: date column, per period (ISO 8601,\n"
    "                       YYYY/MM/DD, spreadsheet serial, DD-Mon-YY, Y年M月D日)\n"
    "      --date-format FMT  read --date as FMT (strptime-like: %d-%m-%y ...)\n"
    "      --report-tz ZONE periods in ZONE (IANA name; default UTC)\n"
    "      --by PERIOD      day, week, month (default), quarter, year or\n"
    "                       span:FROM..TO (runs of as many days as FROM..TO)\n"
    "      --subscribers N  with --summary: add complaints per --per subscribers\n"
    "      --per N          rate base for --subscribers (default 10000)\n"
    "      --eval COL       compare categories with the labels in COL\n"
    "      --label-map FILE CSV of label,category pairs applied before --eval\n"
    "\n" CLI_HELP;

enum {
	OPT_RULES = CLI_OPT_END,
	OPT_TEXT,
	OPT_ID,
	OPT_NO_HEADER,
	OPT_ENC,
	OPT_NO_JIT,
	OPT_SUMMARY,
	OPT_DATE,
	OPT_BY,
	OPT_SUBS,
	OPT_PER,
	OPT_EVAL,
	OPT_LMAP,
	OPT_DATEFMT,
	OPT_TZ,
	OPT_WHERE,
	OPT_APPEND
};

static const struct option longopts[] = {
    CLI_LONGOPTS,
    {"rules", required_argument, 0, OPT_RULES},
    {"text", required_argument, 0, OPT_TEXT},
    {"id", required_argument, 0, OPT_ID},
    {"no-header", no_argument, 0, OPT_NO_HEADER},
    {"encoding", required_argument, 0, OPT_ENC},
    {"no-jit", no_argument, 0, OPT_NO_JIT},
    {"summary", no_argument, 0, OPT_SUMMARY},
    {"date", required_argument, 0, OPT_DATE},
    {"by", required_argument, 0, OPT_BY},
    {"date-format", required_argument, 0, OPT_DATEFMT},
    {"where", required_argument, 0, OPT_WHERE},
    {"report-tz", required_argument, 0, OPT_TZ},
    {"subscribers", required_argument, 0, OPT_SUBS},
    {"per", required_argument, 0, OPT_PER},
    {"eval", required_argument, 0, OPT_EVAL},
    {"label-map", required_argument, 0, OPT_LMAP},
    {"append", no_argument, 0, OPT_APPEND},
    {0, 0, 0, 0}};

static long long count_arg(const char *opt, const char *arg)
{
	int64_t v;

	if (num_parse_i64(arg, strlen(arg), &v) || v < 1)
		cli_usage_error("%s: \"%s\" is not a positive whole number",
				opt, arg);
	return (long long)v;
}

int main(int argc, char **argv)
{
	int opt, status = 0, rc;
	char *path;
	FILE *fp;

	diag_init("complaint-classify");
	cli_init(&o.cli, usage);
	o.per = 10000;
	group_table_init(&o.periods, sizeof(struct pstat));
	while ((opt = getopt_long(argc, argv, CLI_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case OPT_RULES:
			o.rules = optarg;
			break;
		case OPT_TEXT:
			if (o.ntext == MAX_TEXT)
				cli_usage_error("--text: at most %d columns",
						MAX_TEXT);
			o.text[o.ntext++].spec = optarg;
			break;
		case OPT_ID:
			o.id.spec = optarg;
			break;
		case OPT_NO_HEADER:
			o.no_header = 1;
			break;
		case OPT_ENC:
			if (strcasecmp(optarg, "GB18030") &&
			    strcasecmp(optarg, "GBK") &&
			    strcasecmp(optarg, "BIG5"))
				cli_usage_error(
				    "--encoding: \"%s\": expected GB18030, GBK or BIG5",
				    optarg);
			o.encoding = optarg;
			break;
		case OPT_NO_JIT:
			o.no_jit = 1;
			break;
		case OPT_SUMMARY:
			o.summary = 1;
			break;
		case OPT_DATE:
			o.date.spec = optarg;
			break;
		case OPT_BY:
			if (period_parse(optarg, &o.byp) == 0 &&
			    ((o.byp.unit >= P_DAY && o.byp.unit <= P_YEAR) ||
			     o.byp.unit == P_SPAN))
				o.by = 1;
			else
				cli_usage_error(
				    "--by: \"%s\": expected day, week, month, quarter, year or span:FROM..TO",
				    optarg);
			break;
		case OPT_WHERE:
			where_add(&o.where, optarg);
			break;
		case OPT_DATEFMT:
			o.datefmt = date_opt_format(optarg);
			break;
		case OPT_TZ:
			date_opt_report_tz(optarg);
			break;
		case OPT_SUBS:
			o.subscribers = count_arg("--subscribers", optarg);
			break;
		case OPT_PER:
			o.per = count_arg("--per", optarg);
			break;
		case OPT_EVAL:
			o.label.spec = optarg;
			break;
		case OPT_APPEND:
			o.append = 1;
			break;
		case OPT_LMAP:
			o.label_map = optarg;
			break;
		default:
			if (!cli_common(&o.cli, opt, optarg))
				cli_usage_error("unhandled option");
		}
	}
	if (o.ntext == 0)
		cli_usage_error("--text COL is required");
	if (o.summary && o.label.spec)
		cli_usage_error("--summary and --eval cannot be combined");
	if (!o.summary && (o.date.spec || o.by || o.subscribers))
		cli_usage_error(
		    "--date, --by and --subscribers need --summary");
	if (o.by && !o.date.spec)
		cli_usage_error("--by needs --date COL");
	if (o.date.spec && !o.by) {
		period_parse("month", &o.byp);
		o.by = 1;
	}
	if (o.append && (o.summary || o.label.spec || o.id.spec))
		cli_usage_error(
		    "--append cannot be combined with --summary, --eval or --id");
	if (o.label_map && !o.label.spec)
		cli_usage_error("--label-map needs --eval COL");
	o.prec = o.cli.precision >= 0 ? o.cli.precision : 4;

	if (o.rules) {
		path = xstrdup(o.rules);
	} else if ((path = share_path("rules/default.rules")) == NULL) {
		die(EXIT_USAGE,
		    "rules/default.rules: not found (set TELAUDIT_SHARE or give --rules FILE)");
	}
	o.rb = rules_load(path, !o.no_jit);
	manifest_file("rules", path, o.rules ? o.rules : "default.rules");
	free(path);
	rules_res_init(&o.res, o.rb);
	if (o.label_map)
		lmap_load(o.label_map);
	if (o.encoding) {
		o.cd = iconv_open("UTF-8", o.encoding);
		if (o.cd == (iconv_t)-1)
			cli_usage_error("--encoding %s: not supported by iconv",
					o.encoding);
	}

	cli_inputs(&o.cli, argc - optind, argv + optind);
	if (o.rules)
		cli_inputs(&o.cli, 1, (char *const *)&o.rules);
	if (o.label_map)
		cli_inputs(&o.cli, 1, (char *const *)&o.label_map);
	cli_acct(&o.cli, &o.acct);
	fp = cli_output(&o.cli);
	o.out = out_open(fp, o.cli.output ? o.cli.output : "stdout",
			 (enum out_fmt)o.cli.format);
	if (!o.summary && !o.label.spec && !o.append) {
		out_col(o.out, "id", OUT_STR);
		out_col(o.out, "category", OUT_STR);
		out_col(o.out, "tier", OUT_STR);
		out_col(o.out, "score", OUT_NUM);
		out_col(o.out, "matched", OUT_STR);
	}

	manifest_command(argc, argv);
	status = cli_run_inputs(argc, argv, optind, run_file, NULL);
	if (o.summary)
		summary_emit();
	else if (o.label.spec)
		eval_emit();
	out_close(o.out);
	cli_close_output(&o.cli, fp);
	rc = acct_finish(&o.acct);
	release();
	return status ? status : rc;
}
