/*
 * where: the --where row filter (see where.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "cli.h"
#include "num.h"
#include "rules.h"
#include "where.h"
#include "xalloc.h"

static const struct {
	const char *s;
	enum where_op op;
} ops[] = {
    /* two-character operators first */
    {"!=", W_NE}, {"!~", W_NRE}, {"<=", W_LE}, {">=", W_GE},
    {"=", W_EQ},  {"~", W_RE},	 {"<", W_LT},  {">", W_GT},
};

/* One test "COL OP VALUE" (s[0..n), "\," already a comma in it). */
static void add_test(struct where *w, const char *s, size_t n)
{
	struct where_test t;
	size_t i, k = strcspn(s, "=!<>~");
	char err[300];

	memset(&t, 0, sizeof(t));
	t.idx = -1;
	if (k >= n || k == 0)
		cli_usage_error(
		    "--where: \"%.*s\" is not COLUMN OP VALUE (OP one of = != < <= > >= ~ !~)",
		    (int)n, s);
	for (i = 0; i < sizeof(ops) / sizeof(*ops); i++)
		if (!strncmp(s + k, ops[i].s, strlen(ops[i].s)))
			break;
	if (i == sizeof(ops) / sizeof(*ops))
		cli_usage_error(
		    "--where: \"%.*s\" is not COLUMN OP VALUE (OP one of = != < <= > >= ~ !~)",
		    (int)n, s);
	t.op = ops[i].op;
	t.col = xasprintf("%.*s", (int)k, s);
	k += strlen(ops[i].s);
	t.val = xasprintf("%.*s", (int)(n - k), s + k);
	t.vlen = n - k;
	if (t.op >= W_LT && t.op <= W_GE &&
	    num_parse_double(t.val, t.vlen, &t.num))
		cli_usage_error("--where: \"%.*s\": \"%s\" is not a number",
				(int)n, s, t.val);
	if (t.op == W_RE || t.op == W_NRE) {
		t.re = rules_re_new(t.val, err, sizeof(err));
		if (!t.re)
			cli_usage_error("--where: \"%.*s\": %s", (int)n, s,
					err);
	}
	w->t = xgrow(w->t, &w->cap, w->n + 1, sizeof(*w->t));
	w->t[w->n++] = t;
}

void where_add(struct where *w, const char *expr)
{
	char *buf = xmalloc(strlen(expr) + 1);
	const char *p = expr;
	size_t n = 0;

	/* split on ',' that is not "\,"; "\," stands for a comma */
	for (;; p++) {
		if (*p == '\\' && p[1] == ',') {
			buf[n++] = ',';
			p++;
			continue;
		}
		if (*p == ',' || !*p) {
			if (!n)
				cli_usage_error(
				    "--where: \"%s\" has an empty test", expr);
			buf[n] = '\0'; /* add_test reads it as a string */
			add_test(w, buf, n);
			n = 0;
			if (!*p)
				break;
			continue;
		}
		buf[n++] = *p;
	}
	free(buf);
}

int where_bind(struct where *w, const struct csvrow *hdr, char *err,
	       size_t errlen)
{
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		struct where_test *t = &w->t[i];
		char *end;
		long v;

		t->idx = -1;
		for (j = 0; hdr && j < hdr->nf; j++)
			if (!strcmp(hdr->f[j], t->col)) {
				t->idx = (long)j;
				break;
			}
		if (t->idx >= 0)
			continue;
		v = strtol(t->col, &end, 10);
		if (!hdr && *t->col >= '1' && *t->col <= '9' && !*end &&
		    v < 1000000) {
			t->idx = v - 1;
			continue;
		}
		snprintf(err, errlen, "--where: no column \"%s\"", t->col);
		return -1;
	}
	return 0;
}

static int test(const struct where_test *t, const char *f, size_t n)
{
	double x;
	int rc;

	switch (t->op) {
	case W_EQ:
		return n == t->vlen && !memcmp(f, t->val, n);
	case W_NE:
		return !(n == t->vlen && !memcmp(f, t->val, n));
	case W_RE:
	case W_NRE:
		rc = rules_re_match(t->re, f, n);
		if (rc < 0)
			return -1;
		return t->op == W_RE ? rc : !rc;
	default:
		break;
	}
	if (!n || num_parse_double(f, n, &x))
		return 0;
	switch (t->op) {
	case W_LT:
		return x < t->num;
	case W_LE:
		return x <= t->num;
	case W_GT:
		return x > t->num;
	default:
		return x >= t->num;
	}
}

int where_match(const struct where *w, const struct csvrow *row, char *why,
		size_t whylen)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		const struct where_test *t = &w->t[i];
		int rc;

		/* a short row has no such field: it fails the test */
		if (t->idx < 0 || (size_t)t->idx >= row->nf)
			return 0;
		rc = test(t, row->f[t->idx], row->len[t->idx]);
		if (rc < 0) {
			snprintf(why, whylen,
				 "%s: not valid UTF-8 for --where %s~", t->col,
				 t->col);
			return -1;
		}
		if (!rc)
			return 0;
	}
	return 1;
}

int where_row(const struct where *w, struct acct *a, const char *file,
	      const struct csvrow *row)
{
	char why[256];

	switch (where_match(w, row, why, sizeof(why))) {
	case 1:
		return 1;
	case 0:
		acct_skip(a);
		return 0;
	default:
		acct_reject(a, file, row->line, row, "%s", why);
		return 0;
	}
}

void where_release(struct where *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->t[i].col);
		free(w->t[i].val);
		rules_re_free(w->t[i].re);
	}
	free(w->t);
	memset(w, 0, sizeof(*w));
}
