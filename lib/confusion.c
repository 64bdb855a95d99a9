/*
 * confusion: label map, confusion matrix and its table (see confusion.h).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confusion.h"
#include "csvin.h"
#include "diag.h"
#include "num.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- label map ---- */

static void free_str(void *p)
{
	free(*(char **)p);
}

void labelmap_load(struct labelmap *lm, const char *path)
{
	struct csvin *in;
	struct csvrow row;
	struct group_ent *e;
	int rc, isnew;
	char why[256];

	group_table_init(&lm->to, sizeof(char *));
	lm->dflt = NULL;
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
			lm->dflt = xstrdup(row.f[1]);
		else if ((e = group_table_get(&lm->to, row.f[0], row.len[0],
					      &isnew)) &&
			 isnew)
			*(char **)GROUP_VAL(e) = xstrdup(row.f[1]);
	}
	/* the reader is freed before a malformed map exits */
	csvin_free(in);
	if (why[0])
		die_at(EXIT_USAGE, path, row.line, "%s", why);
}

const char *labelmap_apply(const struct labelmap *lm, const char *s)
{
	struct group_ent *e = group_table_find(&lm->to, s, strlen(s));

	if (e)
		return *(char **)GROUP_VAL(e);
	return lm->dflt ? lm->dflt : s;
}

void labelmap_release(struct labelmap *lm)
{
	group_table_release(&lm->to, free_str);
	free((char *)lm->dflt);
	lm->dflt = NULL;
}

/* ---- confusion matrix ---- */

void confusion_init(struct confusion *c)
{
	memset(c, 0, sizeof(*c));
	group_table_init(&c->names, 0);
	group_table_init(&c->cells, sizeof(unsigned long long));
}

/* The index of class name, added (with zero counts) when new. */
static size_t class_of(struct confusion *e, const char *name)
{
	struct group_ent *ent;
	size_t cap = e->ccap;
	int isnew;

	ent = group_table_get(&e->names, name, strlen(name), &isnew);
	if (!isnew)
		return ent->idx;
	e->cls = xgrow(e->cls, &e->cap, e->n + 1, sizeof *e->cls);
	e->cls[e->n] = ent->key;
	e->gold = xgrow(e->gold, &cap, e->n + 1, sizeof *e->gold);
	e->pred = xrealloc(e->pred, cap * sizeof *e->pred);
	e->tp = xrealloc(e->tp, cap * sizeof *e->tp);
	e->ccap = cap;
	e->gold[e->n] = e->pred[e->n] = e->tp[e->n] = 0;
	return e->n++;
}

void confusion_add(struct confusion *c, const char *gold, const char *pred)
{
	size_t key[2];
	struct group_ent *ent;

	key[0] = class_of(c, gold);
	key[1] = class_of(c, pred);
	ent = group_table_get(&c->cells, (const char *)key, sizeof key, NULL);
	(*(unsigned long long *)GROUP_VAL(ent))++;
	c->gold[key[0]]++;
	c->pred[key[1]]++;
	if (key[0] == key[1])
		c->tp[key[0]]++;
}

/* The count of gold class g predicted as p (0 when never). */
static unsigned long long cell(const struct confusion *c, size_t g, size_t p)
{
	size_t key[2] = {g, p};
	const struct group_ent *ent =
	    group_table_find(&c->cells, (const char *)key, sizeof key);

	return ent ? *(const unsigned long long *)GROUP_VAL(ent) : 0;
}

static const struct confusion *sorting; /* for cmp_cls */

static int cmp_cls(const void *a, const void *b)
{
	return strcmp(sorting->cls[*(const size_t *)a],
		      sorting->cls[*(const size_t *)b]);
}

/* num / den with prec decimals into b, or empty when den is 0. */
static void ratio(char *b, double num, double den, int prec)
{
	if (den <= 0)
		b[0] = '\0';
	else
		fmt_fixed(b, num / den, prec);
}

/* The cells after class: gold, predicted, correct. */
static void counts(struct out *o, unsigned long long gold,
		   unsigned long long pred, unsigned long long tp)
{
	char b[64];

	out_cell(o, fmt_i64(b, (int64_t)gold), (size_t)-1);
	out_cell(o, fmt_i64(b, (int64_t)pred), (size_t)-1);
	out_cell(o, fmt_i64(b, (int64_t)tp), (size_t)-1);
}

void confusion_emit(const struct confusion *e, struct out *o, int prec)
{
	size_t n = e->n, i, j, *ord = xcalloc(n ? n : 1, sizeof *ord);
	const unsigned long long *gold = e->gold, *pred = e->pred;
	unsigned long long total = 0, correct = 0;
	double sp = 0, sr = 0, sf = 0, p, r;
	char b[64], name[512];

	for (i = 0; i < n; i++) {
		ord[i] = i;
		total += gold[i];
		correct += e->tp[i];
	}
	sorting = e;
	qsort(ord, n, sizeof *ord, cmp_cls);
	out_comment(
	    o,
	    "accuracy row: precision = recall = f1 = accuracy (micro average)");
	out_col(o, "class", OUT_STR);
	out_col(o, "gold", OUT_NUM);
	out_col(o, "predicted", OUT_NUM);
	out_col(o, "correct", OUT_NUM);
	out_col(o, "precision", OUT_NUM);
	out_col(o, "recall", OUT_NUM);
	out_col(o, "f1", OUT_NUM);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "pred_%s", e->cls[ord[i]]);
		out_col(o, name, OUT_NUM);
	}
	for (i = 0; i < n; i++) {
		size_t c = ord[i];
		unsigned long long tp = e->tp[c];

		p = pred[c] ? (double)tp / (double)pred[c] : 0;
		r = gold[c] ? (double)tp / (double)gold[c] : 0;
		sp += p;
		sr += r;
		sf += p + r > 0 ? 2 * p * r / (p + r) : 0;
		out_cell(o, e->cls[c], (size_t)-1);
		counts(o, gold[c], pred[c], tp);
		ratio(b, (double)tp, (double)pred[c], prec);
		out_cell(o, b, (size_t)-1);
		ratio(b, (double)tp, (double)gold[c], prec);
		out_cell(o, b, (size_t)-1);
		/* F1 = 2 tp / (gold + predicted), defined for every class */
		ratio(b, 2.0 * (double)tp, (double)(pred[c] + gold[c]), prec);
		out_cell(o, b, (size_t)-1);
		for (j = 0; j < n; j++)
			out_cell(o, fmt_i64(b, (int64_t)cell(e, c, ord[j])),
				 (size_t)-1);
		out_end_row(o);
	}
	/* macro: unweighted means over classes, an undefined value as 0 */
	out_cell(o, "macro", (size_t)-1);
	counts(o, total, total, correct);
	ratio(b, sp, (double)n, prec);
	out_cell(o, b, (size_t)-1);
	ratio(b, sr, (double)n, prec);
	out_cell(o, b, (size_t)-1);
	ratio(b, sf, (double)n, prec);
	out_cell(o, b, (size_t)-1);
	for (j = 0; j < n; j++)
		out_cell(o, NULL, 0);
	out_end_row(o);
	out_cell(o, "accuracy", (size_t)-1);
	counts(o, total, total, correct);
	for (i = 0; i < 3; i++) {
		ratio(b, (double)correct, (double)total, prec);
		out_cell(o, b, (size_t)-1);
	}
	for (j = 0; j < n; j++)
		out_cell(o, NULL, 0);
	out_end_row(o);
	free(ord);
}

void confusion_release(struct confusion *c)
{
	group_table_release(&c->names, NULL);
	group_table_release(&c->cells, NULL);
	free(c->cls);
	free(c->gold);
	free(c->pred);
	free(c->tp);
	memset(c, 0, sizeof(*c));
}
