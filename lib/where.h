/*
 * where: --where EXPR, the row filter of every tool (SPEC 6).
 *
 * EXPR is one or more tests joined by ',' (and); --where may be given
 * again (and). A test is COLUMN OP VALUE:
 *   =  !=          the field is (is not) VALUE, byte for byte
 *   <  <=  >  >=   the field and VALUE compared as numbers; an empty or
 *                  non-numeric field fails the test
 *   ~  !~          the field matches (does not match) the PCRE2 pattern
 *                  VALUE (UTF-8; not anchored: ^ and $ anchor it)
 * COLUMN is a header name (or, in a file without a header, a column
 * number from 1). In VALUE, "\," is a comma that does not end the test.
 * A row that fails a test is skipped (counted as skipped, never as
 * rejected) before it is grouped.
 */
#ifndef TA_WHERE_H
#define TA_WHERE_H

#include <stddef.h>

#include "csvin.h"

struct acct;
struct rules_re;

enum where_op { W_EQ, W_NE, W_LT, W_LE, W_GT, W_GE, W_RE, W_NRE };

struct where_test {
	char *col, *val; /* as written (val unescaped) */
	size_t vlen;
	enum where_op op;
	double num;	     /* numeric ops */
	struct rules_re *re; /* ~ and !~ */
	long idx;	     /* field index in the current file, -1 unbound */
};

struct where {
	struct where_test *t;
	size_t n, cap;
};

/* Add the tests of one --where EXPR; a bad one exits 2 with a hint. */
void where_add(struct where *w, const char *expr);
/*
 * Find the tests' columns in the header row hdr of file (NULL: the file
 * has no header, columns are numbers). 0, or -1 with the reason in err
 * ("--where: no column \"x\"").
 */
int where_bind(struct where *w, const struct csvrow *hdr, char *err,
	       size_t errlen);
/*
 * 1 if row passes every test, 0 if not (skip it), -1 if a test cannot
 * be applied (a pattern against a field that is not UTF-8): why says so,
 * the row is rejected.
 */
int where_match(const struct where *w, const struct csvrow *row, char *why,
		size_t whylen);
/*
 * where_match with the outcome accounted: 1 if the row goes on; else it
 * has been counted as skipped (or rejected, see where_match) in a.
 */
int where_row(const struct where *w, struct acct *a, const char *file,
	      const struct csvrow *row);
void where_release(struct where *w);

#endif
