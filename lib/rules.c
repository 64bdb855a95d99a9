/*
 * rules: reading, compiling and matching complaint rulebooks (SPEC 5).
 * See rules.h for the semantics and complaint-classify(5) for the file
 * format. Every pattern is compiled once with PCRE2_UTF | PCRE2_UCP and
 * JIT-compiled; one match data block and one JIT stack serve all rules.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "manifest.h"
#include "rules.h"
#include "share.h"
#include "utf8.h"
#include "xalloc.h"

struct pat {
	pcre2_code *code;
	long line;
};

struct rule {
	char *id;
	int cat;
	int tier;
	long weight;
	int caseless;
	long line;
	struct pat *match, *excl;
	size_t nmatch, nexcl, capmatch, capexcl;
};

struct rules {
	char *file;
	struct rule *r;
	size_t n, cap;
	char **cats;
	size_t ncats, capcats;
	int jit;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *stack;
	/*
	 * exclude matches of the current subject: the non-empty ones merged
	 * into disjoint start,end pairs sorted by start (spans), the empty
	 * ones as sorted positions (points); both searched by bisection.
	 */
	size_t *spans;
	size_t nspans, capspans;
	size_t *points;
	size_t npoints, cappoints;
	/* while loading: the file, its line buffer, where an error unwinds */
	FILE *lfp;
	char *lbuf;
	size_t lcap;
	jmp_buf fail;
	long failline;
	char failmsg[1024];
};

static const char *const tier_names[TIER_COUNT] = {"fast", "specialist",
						   "priority"};

const char *rules_tier_name(int tier)
{
	if (tier < 0 || tier >= TIER_COUNT)
		return "none";
	return tier_names[tier];
}

int rules_tier_parse(const char *s)
{
	int i;

	if (strcmp(s, "none") == 0)
		return TIER_NONE;
	for (i = 0; i < TIER_COUNT; i++)
		if (strcmp(s, tier_names[i]) == 0)
			return i;
	return -2;
}

/*
 * A rulebook error: the message is kept and the load unwinds to
 * rules_load, which frees what it held before it dies, so that a caller
 * that catches exit (the fuzz harness) loses no memory and no descriptor.
 */
static _Noreturn void bad(struct rules *rb, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static _Noreturn void bad(struct rules *rb, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rb->failmsg, sizeof rb->failmsg, fmt, ap);
	va_end(ap);
	rb->failline = line;
	longjmp(rb->fail, 1);
}

/* Rule ids and category names: ASCII letters, digits, '.', '_', '-'. */
static int name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' &&
		    *s != '-')
			return 0;
	return 1;
}

static int cat_index(struct rules *rb, const char *name)
{
	size_t i;

	for (i = 0; i < rb->ncats; i++)
		if (strcmp(rb->cats[i], name) == 0)
			return (int)i;
	rb->cats =
	    xgrow(rb->cats, &rb->capcats, rb->ncats + 1, sizeof *rb->cats);
	rb->cats[rb->ncats] = xstrdup(name);
	return (int)rb->ncats++;
}

/* Split off the next blank-separated word of *p (NUL-terminates it). */
static char *word(char **p)
{
	char *s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static void parse_rule(struct rules *rb, char *rest, long line)
{
	char *id, *cat, *tier, *weight, *flag, *end;
	struct rule *r;
	size_t i;
	long w;
	int t;

	id = word(&rest);
	cat = word(&rest);
	tier = word(&rest);
	weight = word(&rest);
	if (!id || !cat || !tier || !weight)
		bad(rb, line,
		    "rule: expected 'rule ID CATEGORY TIER WEIGHT [caseless]'");
	if (!name_ok(id))
		bad(rb, line,
		    "rule id \"%s\": use letters, digits, '.', '_' or '-'", id);
	for (i = 0; i < rb->n; i++)
		if (strcmp(rb->r[i].id, id) == 0)
			bad(rb, line,
			    "rule id \"%s\": already used on line %ld", id,
			    rb->r[i].line);
	if (!name_ok(cat))
		bad(rb, line,
		    "category \"%s\": use letters, digits, '.', '_' or '-'",
		    cat);
	if (strcmp(cat, RULES_OTHER) == 0)
		bad(rb, line,
		    "category \"%s\": reserved for complaints no rule matches",
		    cat);
	t = rules_tier_parse(tier);
	if (t < 0)
		bad(rb, line,
		    "tier \"%s\": expected fast, specialist or priority", tier);
	errno = 0;
	w = strtol(weight, &end, 10);
	if (errno || *end || end == weight || w < 1 || w > RULES_MAX_WEIGHT)
		bad(rb, line,
		    "weight \"%s\": expected a whole number from 1 to %d",
		    weight, RULES_MAX_WEIGHT);
	rb->r = xgrow(rb->r, &rb->cap, rb->n + 1, sizeof *rb->r);
	r = &rb->r[rb->n++];
	memset(r, 0, sizeof *r);
	r->id = xstrdup(id);
	r->cat = cat_index(rb, cat);
	r->tier = t;
	r->weight = w;
	r->line = line;
	while ((flag = word(&rest)) != NULL) {
		if (strcmp(flag, "caseless") == 0)
			r->caseless = 1;
		else
			bad(rb, line, "flag \"%s\": expected caseless", flag);
	}
}

static void add_pattern(struct rules *rb, int excl, const char *pat, size_t len,
			long line)
{
	struct rule *r;
	pcre2_code *code;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	int err, rc;
	struct pat *p;

	if (rb->n == 0)
		bad(rb, line, "%s before the first rule",
		    excl ? "exclude" : "match");
	if (len == 0)
		bad(rb, line, "%s: empty pattern", excl ? "exclude" : "match");
	r = &rb->r[rb->n - 1];
	if (r->caseless)
		opts |= PCRE2_CASELESS;
	code = pcre2_compile((PCRE2_SPTR)pat, len, opts, &err, &off, NULL);
	if (!code) {
		pcre2_get_error_message(err, msg, sizeof msg);
		bad(rb, line, "pattern: %s at offset %zu", (char *)msg,
		    (size_t)off);
	}
	/* A pattern that matches nothing at all would fire on every text. */
	rc = pcre2_match(code, (PCRE2_SPTR) "", 0, 0, 0, rb->md, NULL);
	if (rc >= 0) {
		pcre2_code_free(code);
		bad(rb, line, "pattern: matches the empty string");
	}
	if (rb->jit && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0)
		rb->jit = 0;
	if (excl) {
		r->excl =
		    xgrow(r->excl, &r->capexcl, r->nexcl + 1, sizeof *r->excl);
		p = &r->excl[r->nexcl++];
	} else {
		r->match = xgrow(r->match, &r->capmatch, r->nmatch + 1,
				 sizeof *r->match);
		p = &r->match[r->nmatch++];
	}
	p->code = code;
	p->line = line;
}

static void check_last(struct rules *rb)
{
	const struct rule *r;

	if (rb->n == 0)
		return;
	r = &rb->r[rb->n - 1];
	if (r->nmatch == 0)
		bad(rb, r->line, "rule %s: no match pattern", r->id);
}

/* PCRE2 limits per match: 64 MiB of backtracking memory, depth 1M. */
#define RULES_HEAP_KIB 65536
#define RULES_DEPTH 1000000

/* Read and compile every line of the open rulebook rb->lfp. */
static void read_book(struct rules *rb)
{
	char *p, *kw;
	size_t len, badat;
	ssize_t got;
	long line = 0;

	while ((got = getline(&rb->lbuf, &rb->lcap, rb->lfp)) != -1) {
		char *buf = rb->lbuf;

		line++;
		len = (size_t)got;
		if (line == 1 && len >= 3 &&
		    memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
			memmove(buf, buf + 3, len - 2);
			len -= 3;
		}
		if (memchr(buf, '\0', len))
			bad(rb, line, "NUL byte in rules file");
		while (len > 0 &&
		       (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
			buf[len - 1] == ' ' || buf[len - 1] == '\t'))
			buf[--len] = '\0';
		badat = utf8_invalid(buf, len);
		if (badat != (size_t)-1)
			bad(rb, line, "invalid UTF-8 at byte %zu", badat + 1);
		p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		kw = word(&p);
		while (*p == ' ' || *p == '\t')
			p++;
		if (strcmp(kw, "rule") == 0) {
			check_last(rb);
			parse_rule(rb, p, line);
		} else if (strcmp(kw, "match") == 0) {
			add_pattern(rb, 0, p, strlen(p), line);
		} else if (strcmp(kw, "exclude") == 0) {
			add_pattern(rb, 1, p, strlen(p), line);
		} else {
			bad(rb, line, "\"%s\": expected rule, match or exclude",
			    kw);
		}
	}
	if (ferror(rb->lfp))
		die(EXIT_IO, "%s:", rb->file);
	fclose(rb->lfp);
	rb->lfp = NULL;
	free(rb->lbuf);
	rb->lbuf = NULL;
	check_last(rb);
	if (rb->n == 0)
		bad(rb, 0, "no rules");
}

struct rules *rules_load(const char *path, int jit)
{
	struct rules *rb;
	FILE *fp = fopen(path, "r");

	if (!fp)
		die(EXIT_USAGE, "%s:", path);
	rb = xcalloc(1, sizeof *rb);
	rb->lfp = fp;
	rb->file = xstrdup(path);
	rb->jit = jit;
	rb->md = pcre2_match_data_create(1, NULL);
	rb->mctx = pcre2_match_context_create(NULL);
	if (!rb->md || !rb->mctx)
		die(EXIT_IO, "out of memory");
	if (setjmp(rb->fail)) {
		char msg[sizeof rb->failmsg];
		long at = rb->failline;

		memcpy(msg, rb->failmsg, sizeof msg);
		rules_free(rb);
		die_at(EXIT_USAGE, path, at, "%s", msg);
	}
	/*
	 * Bounded matching: the interpreter's backtracking memory (without
	 * JIT; the JIT stack is bounded below) and its nesting. A text that
	 * needs more is rejected with PCRE2's reason (one 5 MB row took
	 * 1.3 GB and 3 minutes with --no-jit before).
	 */
	pcre2_set_heap_limit(rb->mctx, RULES_HEAP_KIB);
	pcre2_set_depth_limit(rb->mctx, RULES_DEPTH);
	read_book(rb);
	if (rb->jit) {
		rb->stack = pcre2_jit_stack_create(32 * 1024, 4 << 20, NULL);
		if (!rb->stack)
			die(EXIT_IO, "out of memory");
		pcre2_jit_stack_assign(rb->mctx, NULL, rb->stack);
	}
	return rb;
}

static void free_pats(struct pat *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pcre2_code_free(p[i].code);
	free(p);
}

void rules_free(struct rules *rb)
{
	size_t i;

	if (!rb)
		return;
	for (i = 0; i < rb->n; i++) {
		free(rb->r[i].id);
		free_pats(rb->r[i].match, rb->r[i].nmatch);
		free_pats(rb->r[i].excl, rb->r[i].nexcl);
	}
	free(rb->r);
	for (i = 0; i < rb->ncats; i++)
		free(rb->cats[i]);
	free(rb->cats);
	pcre2_match_data_free(rb->md);
	pcre2_match_context_free(rb->mctx);
	if (rb->stack)
		pcre2_jit_stack_free(rb->stack);
	free(rb->spans);
	free(rb->points);
	free(rb->lbuf);
	if (rb->lfp)
		fclose(rb->lfp);
	free(rb->file);
	free(rb);
}

size_t rules_count(const struct rules *rb)
{
	return rb->n;
}

const char *rules_id(const struct rules *rb, size_t i)
{
	return rb->r[i].id;
}

size_t rules_ncats(const struct rules *rb)
{
	return rb->ncats;
}

const char *rules_cat(const struct rules *rb, int cat)
{
	if (cat < 0 || (size_t)cat >= rb->ncats)
		return RULES_OTHER;
	return rb->cats[cat];
}

int rules_cat_find(const struct rules *rb, const char *name)
{
	size_t i;

	for (i = 0; i < rb->ncats; i++)
		if (strcmp(rb->cats[i], name) == 0)
			return (int)i;
	return -1;
}

int rules_jit(const struct rules *rb)
{
	return rb->jit;
}

void rules_res_init(struct rules_res *res, const struct rules *rb)
{
	memset(res, 0, sizeof *res);
	res->cat = -1;
	res->tier = TIER_NONE;
	res->hits = xcalloc(rb->n ? rb->n : 1, sizeof *res->hits);
	res->catw = xcalloc(rb->ncats ? rb->ncats : 1, sizeof *res->catw);
	res->cap = rb->n;
}

void rules_res_release(struct rules_res *res)
{
	free(res->hits);
	free(res->catw);
	memset(res, 0, sizeof *res);
}

static void pcre_err(struct rules *rb, const struct rule *r,
		     const struct pat *p, int rc, char *err, size_t errlen)
{
	PCRE2_UCHAR msg[256];

	(void)rb;
	pcre2_get_error_message(rc, msg, sizeof msg);
	snprintf(err, errlen, "rule %s (line %ld): %s", r->id, p->line,
		 (char *)msg);
}

/* One search; returns the PCRE2 code, ovector in rb->md. */
static int search(struct rules *rb, const struct pat *p, const char *s,
		  size_t len, size_t start)
{
	return pcre2_match(p->code, (PCRE2_SPTR)s, len, start,
			   PCRE2_NO_UTF_CHECK, rb->md, rb->mctx);
}

static int cmp_span(const void *x, const void *y)
{
	const size_t *a = x, *b = y;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return (a[1] > b[1]) - (a[1] < b[1]);
}

/*
 * Sort the collected spans, move the empty ones to rb->points and merge
 * the others into disjoint intervals (two half-open intervals that touch
 * or overlap cover the same places as their union), so that overlaps()
 * is a bisection instead of a pass over every exclude match: one text
 * with many vetoed matches was quadratic (issue 16).
 */
static void normalise_spans(struct rules *rb)
{
	size_t i, n = 0;

	if (rb->nspans > 2)
		qsort(rb->spans, rb->nspans / 2, 2 * sizeof *rb->spans,
		      cmp_span);
	rb->npoints = 0;
	for (i = 0; i < rb->nspans; i += 2) {
		size_t a = rb->spans[i], b = rb->spans[i + 1];

		if (a == b) {
			rb->points = xgrow(rb->points, &rb->cappoints,
					   rb->npoints + 1, sizeof *rb->points);
			rb->points[rb->npoints++] = a;
		} else if (n > 0 && a <= rb->spans[n - 1]) {
			if (b > rb->spans[n - 1])
				rb->spans[n - 1] = b;
		} else {
			rb->spans[n++] = a;
			rb->spans[n++] = b;
		}
	}
	rb->nspans = n;
}

/* Collect every match span of r's exclude patterns, then normalise them. */
static int exclude_spans(struct rules *rb, const struct rule *r, const char *s,
			 size_t len, char *err, size_t errlen)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rb->md);
	size_t i, at;
	int rc;

	rb->nspans = 0;
	for (i = 0; i < r->nexcl; i++) {
		at = 0;
		while (at <= len) {
			rc = search(rb, &r->excl[i], s, len, at);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				pcre_err(rb, r, &r->excl[i], rc, err, errlen);
				return -1;
			}
			rb->spans = xgrow(rb->spans, &rb->capspans,
					  rb->nspans + 2, sizeof *rb->spans);
			rb->spans[rb->nspans++] = ov[0];
			rb->spans[rb->nspans++] = ov[1];
			at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			/* stay on a character boundary */
			while (at < len &&
			       ((unsigned char)s[at] & 0xc0) == 0x80)
				at++;
		}
	}
	normalise_spans(rb);
	return 0;
}

/*
 * 1 if the non-empty place [a, b) overlaps an exclude match: a span with
 * a < end and start < b, or an empty match strictly inside (a < p < b).
 */
static int overlaps(const struct rules *rb, size_t a, size_t b)
{
	size_t lo = 0, hi = rb->nspans / 2, mid;

	/* the first span ending after a (ends rise with starts) */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rb->spans[2 * mid + 1] > a)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < rb->nspans / 2 && rb->spans[2 * lo] < b)
		return 1;
	/* the first empty match after a */
	lo = 0;
	hi = rb->npoints;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rb->points[mid] > a)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < rb->npoints && rb->points[lo] < b;
}

/*
 * 1 if rule r fires on s: some match of a match pattern that no exclude
 * match overlaps. Exclude patterns run only once a match pattern hit.
 */
static int fires(struct rules *rb, const struct rule *r, const char *s,
		 size_t len, char *err, size_t errlen)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rb->md);
	int have_spans = 0, rc;
	size_t i, at, a, b;

	for (i = 0; i < r->nmatch; i++) {
		at = 0;
		while (at <= len) {
			rc = search(rb, &r->match[i], s, len, at);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				pcre_err(rb, r, &r->match[i], rc, err, errlen);
				return -1;
			}
			if (r->nexcl == 0)
				return 1;
			a = ov[0];
			b = ov[1];
			if (!have_spans) {
				if (exclude_spans(rb, r, s, len, err, errlen))
					return -1;
				have_spans = 1;
			}
			if (!overlaps(rb, a, b > a ? b : a + 1))
				return 1;
			at = b > a ? b : a + 1;
			while (at < len &&
			       ((unsigned char)s[at] & 0xc0) == 0x80)
				at++;
		}
	}
	return 0;
}

int rules_match(struct rules *rb, const char *s, size_t len,
		struct rules_res *res, char *err, size_t errlen)
{
	size_t i;
	long best = 0;
	int rc;

	res->cat = -1;
	res->tier = TIER_NONE;
	res->score = 0;
	res->nhits = 0;
	memset(res->catw, 0, rb->ncats * sizeof *res->catw);
	for (i = 0; i < rb->n; i++) {
		rc = fires(rb, &rb->r[i], s, len, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		res->hits[res->nhits++] = i;
		res->catw[rb->r[i].cat] += rb->r[i].weight;
		if (rb->r[i].tier > res->tier)
			res->tier = rb->r[i].tier;
	}
	/* SPEC 5: highest total weight; ties go to the earliest rule. */
	for (i = 0; i < res->nhits; i++) {
		int c = rb->r[res->hits[i]].cat;

		if (res->catw[c] > best) {
			best = res->catw[c];
			res->cat = c;
		}
	}
	res->score = best;
	return 0;
}

/* ---- a pattern on its own ---- */

struct rules_re {
	pcre2_code *code;
};

struct rules_re *rules_re_new(const char *pat, char *err, size_t errlen)
{
	struct rules_re *re;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int e;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
					 PCRE2_UTF | PCRE2_UCP, &e, &off, NULL);

	if (!code) {
		pcre2_get_error_message(e, msg, sizeof msg);
		snprintf(err, errlen, "%s at offset %zu", (char *)msg,
			 (size_t)off);
		return NULL;
	}
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	re = xcalloc(1, sizeof(*re));
	re->code = code;
	return re;
}

int rules_re_match(const struct rules_re *re, const char *s, size_t len)
{
	/* match data per call: one pattern may serve several threads */
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, NULL);

	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void rules_re_free(struct rules_re *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re);
}

struct rules *rules_open(const char *given, int jit)
{
	struct rules *rb;
	char *path;

	if (given) {
		path = xstrdup(given);
	} else if ((path = share_path("rules/default.rules")) == NULL) {
		die(EXIT_USAGE,
		    "rules/default.rules: not found (set TELAUDIT_SHARE or give --rules FILE)");
	}
	rb = rules_load(path, jit);
	manifest_file("rules", path, given ? given : "default.rules");
	free(path);
	return rb;
}
