/*
 * rules: complaint-classification rulebooks (SPEC 5); the only user of
 * PCRE2.
 *
 * A rulebook is a text file of rules (format in complaint-classify(5)):
 *
 *	rule ID CATEGORY TIER WEIGHT [caseless]
 *	match PATTERN
 *	exclude PATTERN
 *
 * Patterns are compiled with PCRE2_UTF | PCRE2_UCP (plus PCRE2_CASELESS
 * for a caseless rule) and JIT-compiled unless JIT is turned off. A rule
 * fires when one of its match patterns matches at a place that no
 * exclude pattern's match overlaps. The category of a text is the one
 * with the highest total weight of fired rules, ties going to the
 * category whose first fired rule comes first; nothing fired is "other".
 * The tier is the highest tier among fired rules, TIER_NONE if none.
 *
 * Errors in the rulebook exit EXIT_USAGE with "tool: file:line: what"
 * (PCRE2's own message and offset for a bad pattern). Subjects given to
 * rules_match must be valid UTF-8 (the caller checks with utf8.h): they
 * are matched with PCRE2_NO_UTF_CHECK.
 *
 * Ownership: the rulebook owns its rules, names and compiled patterns;
 * a result borrows names from the rulebook it was made for.
 */
#ifndef TA_RULES_H
#define TA_RULES_H

#include <stddef.h>

enum rules_tier {
	TIER_NONE = -1,
	TIER_FAST,
	TIER_SPECIALIST,
	TIER_PRIORITY,
	TIER_COUNT
};

#define RULES_OTHER "other" /* the category of an unmatched text */
#define RULES_MAX_WEIGHT 1000000

struct rules;

struct rules_res {
	int cat;      /* category index, -1 = other */
	int tier;     /* enum rules_tier */
	long score;   /* total weight of the chosen category */
	size_t *hits; /* fired rule indexes, ascending (rule order) */
	size_t nhits;
	long *catw; /* per category total weight (internal) */
	size_t cap;
};

/* Read and compile path; jit 0 leaves patterns interpreted. */
struct rules *rules_load(const char *path, int jit);
/*
 * The rulebook of --rules path, or the shipped rules/default.rules when
 * path is NULL (exit 2 when it is not found), named in the --manifest.
 */
struct rules *rules_open(const char *path, int jit);
void rules_free(struct rules *rb);

size_t rules_count(const struct rules *rb);
const char *rules_id(const struct rules *rb, size_t i);
/* Categories in the order of their first rule. */
size_t rules_ncats(const struct rules *rb);
const char *rules_cat(const struct rules *rb, int cat); /* -1: "other" */
/* Index of a category name, -1 for "other" or an unknown name. */
int rules_cat_find(const struct rules *rb, const char *name);
/* 1 if JIT is in use for every pattern. */
int rules_jit(const struct rules *rb);

const char *rules_tier_name(int tier); /* TIER_NONE: "none" */
int rules_tier_parse(const char *s);   /* -2 if unknown */

void rules_res_init(struct rules_res *res, const struct rules *rb);
void rules_res_release(struct rules_res *res);
/*
 * Classify s (valid UTF-8, len bytes, may hold NULs). Returns 0, or -1
 * when PCRE2 failed on this subject (a match or stack limit): err then
 * names the rule and PCRE2's message.
 */
int rules_match(struct rules *rb, const char *s, size_t len,
		struct rules_res *res, char *err, size_t errlen);

/*
 * One pattern on its own, for other column tests (--where COL~RE):
 * compiled with PCRE2_UTF | PCRE2_UCP (JIT when it can). rules_re_new
 * returns NULL with PCRE2's message and offset in err. rules_re_match
 * may run in several threads at once; it returns 1 (matches), 0 (does
 * not), or -1 (the subject is not valid UTF-8, or a match limit hit).
 */
struct rules_re;
struct rules_re *rules_re_new(const char *pat, char *err, size_t errlen);
int rules_re_match(const struct rules_re *re, const char *s, size_t len);
void rules_re_free(struct rules_re *re);

#endif
