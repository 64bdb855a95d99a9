/*
 * group: group keys, the group table and the string hash (see group.h).
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "group.h"
#include "xalloc.h"

/*
 * Eight bytes at a time (keys are short and hashed once per record, and
 * cdr-parse hashes every record it writes): xor, multiply, fold the high
 * bits down so that the low bits the tables use depend on every byte.
 * Values are only compared within a run, never written.
 */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

uint64_t group_hash_more(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t w;

	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&w, b, 8);
		h = mix(h, w);
	}
	w = (uint64_t)n << 56;
	if (n) {
		uint64_t t = 0;
		memcpy(&t, b, n);
		w ^= t;
	}
	return mix(h, w);
}

uint64_t group_hash(const void *p, size_t n)
{
	return group_hash_more(GROUP_HASH0, p, n);
}

/* ---- keys ---- */

static void key_put(struct group_key *k, const void *p, size_t n)
{
	if (k->len + n + 1 > k->cap)
		k->buf = xgrow(k->buf, &k->cap, k->len + n + 1, 1);
	if (n)
		memcpy(k->buf + k->len, p, n);
	k->len += n;
}

void group_key_reset(struct group_key *k)
{
	if (!k->buf)
		k->buf = xgrow(k->buf, &k->cap, 16, 1);
	k->len = 0;
}

void group_key_period(struct group_key *k, int64_t order, const char *label)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)order ^ (1ull << 63);
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(u >> (56 - 8 * i));
	key_put(k, b, 8);
	key_put(k, label, strlen(label) + 1);
}

void group_key_text(struct group_key *k, const char *s)
{
	group_key_text_n(k, s ? s : "", s ? strlen(s) : 0);
}

void group_key_text_n(struct group_key *k, const char *s, size_t n)
{
	key_put(k, s, n);
	k->buf[k->len++] = '\0';
}

void group_key_release(struct group_key *k)
{
	free(k->buf);
	memset(k, 0, sizeof(*k));
}

const char *group_key_label(const char *key, size_t len, const int *is_period,
			    size_t i)
{
	size_t off = 0, c, n;

	for (c = 0; c <= i && off < len; c++) {
		if (is_period[c]) {
			if (len - off < 8)
				return "";
			off += 8;
		}
		/* within the key, even a malformed one (a crafted state) */
		n = strnlen(key + off, len - off);
		if (n == len - off)
			return "";
		if (c == i)
			return key + off;
		off += n + 1;
	}
	return "";
}

int group_key_valid(const char *key, size_t len, const int *is_period, size_t n)
{
	size_t off = 0, c, k;

	for (c = 0; c < n; c++) {
		if (is_period[c]) {
			if (len - off < 8)
				return 0;
			off += 8;
		}
		k = off < len ? strnlen(key + off, len - off) : 0;
		if (off >= len || k == len - off)
			return 0;
		off += k + 1;
	}
	return off == len;
}

/* ---- the table ---- */

void group_table_init(struct group_table *t, size_t valsize)
{
	memset(t, 0, sizeof(*t));
	t->valsize = valsize;
}

/* A block of entries (group_table_arena), zeroed when taken. */
struct group_chunk {
	struct group_chunk *next;
	size_t used, cap;
	_Alignas(8) unsigned char b[];
};
#define GROUP_CHUNK (1u << 20)

void group_table_arena(struct group_table *t)
{
	t->arena = 1;
}

/* size bytes, zeroed, for an entry of t. */
static struct group_ent *ent_alloc(struct group_table *t, size_t size)
{
	struct group_chunk *c = t->chunk;
	struct group_ent *e;

	if (!t->arena)
		return xcalloc(1, size);
	size = (size + 7) & ~(size_t)7;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > GROUP_CHUNK ? size : GROUP_CHUNK;
		c = xcalloc(1, sizeof(*c) + cap);
		c->cap = cap;
		c->next = t->chunk;
		t->chunk = c;
	}
	e = (struct group_ent *)(c->b + c->used);
	c->used += size;
	return e;
}

static void ent_free(struct group_table *t, struct group_ent *e)
{
	if (!t->arena)
		free(e);
}

/* Put every entry of the list into a fresh slot array of ncap slots. */
static void reslot(struct group_table *t, size_t ncap)
{
	struct group_ent **ns = xcalloc(ncap, sizeof(*ns));
	size_t i;

	for (i = 0; i < t->n; i++) {
		size_t s = t->list[i]->hash & (ncap - 1);
		while (ns[s])
			s = (s + 1) & (ncap - 1);
		ns[s] = t->list[i];
	}
	free(t->slot);
	t->slot = ns;
	t->cap = ncap;
}

static int same(const struct group_ent *e, uint64_t h, const char *key,
		size_t len)
{
	return e->hash == h && e->keylen == len && !memcmp(e->key, key, len);
}

void group_table_unindex(struct group_table *t)
{
	free(t->slot);
	t->slot = NULL;
	t->unindexed = 1;
}

static void indexed(const struct group_table *t)
{
	if (t->unindexed)
		die(EXIT_IO, "a lookup in a group table after its last");
}

struct group_ent *group_table_find(const struct group_table *t, const char *key,
				   size_t len)
{
	uint64_t h;
	size_t s;

	indexed(t);
	if (!t->cap)
		return NULL;
	h = group_hash(key, len);
	for (s = h & (t->cap - 1); t->slot[s]; s = (s + 1) & (t->cap - 1))
		if (same(t->slot[s], h, key, len))
			return t->slot[s];
	return NULL;
}

struct group_ent *group_table_get(struct group_table *t, const char *key,
				  size_t len, int *isnew)
{
	struct group_ent *e;
	uint64_t h;
	size_t s;

	indexed(t);
	if (isnew)
		*isnew = 0;
	/* runs of one group: the bytes compared before any hashing */
	if (t->last && t->last->keylen == len &&
	    !memcmp(t->last->key, key, len))
		return t->last;
	h = group_hash(key, len);
	if ((t->n + 1) * 2 > t->cap)
		reslot(t, t->cap ? t->cap * 2 : 64);
	for (s = h & (t->cap - 1); (e = t->slot[s]); s = (s + 1) & (t->cap - 1))
		if (same(e, h, key, len))
			return t->last = e;
	if (len >= UINT32_MAX)
		die(EXIT_IO, "a group key of more than 4 GB");
	e = ent_alloc(t, sizeof(*e) + t->valsize + len + 1);
	e->key = (char *)e->val + t->valsize;
	if (len)
		memcpy(e->key, key, len);
	e->keylen = (uint32_t)len;
	e->hash = h;
	e->idx = (uint32_t)t->n;
	t->list = xgrow(t->list, &t->list_cap, t->n + 1, sizeof(*t->list));
	t->list[t->n++] = e;
	t->slot[s] = e;
	if (isnew)
		*isnew = 1;
	return t->last = e;
}

static int ent_cmp(const void *a, const void *b)
{
	const struct group_ent *x = *(const struct group_ent *const *)a;
	const struct group_ent *y = *(const struct group_ent *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = n ? memcmp(x->key, y->key, n) : 0;

	if (c)
		return c;
	return (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/*
 * Sorting millions of keys, each comparison would read two entries far
 * apart in memory: the first 8 bytes of each key are sorted beside its
 * pointer (big-endian, so that integer order is memcmp order), and
 * entries are read only to break a tie.
 */
struct sortkey {
	uint64_t pre;
	struct group_ent *e;
};

static int sortkey_cmp(const void *a, const void *b)
{
	const struct sortkey *x = a, *y = b;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	return ent_cmp(&x->e, &y->e);
}

struct group_ent **group_table_sorted(const struct group_table *t)
{
	struct sortkey *k;
	struct group_ent **v;
	size_t i, j;

	if (!t->n)
		return xmalloc(sizeof(*v));
	k = xmalloc(t->n * sizeof(*k));
	for (i = 0; i < t->n; i++) {
		const unsigned char *p = (const unsigned char *)t->list[i]->key;
		size_t n = t->list[i]->keylen < 8 ? t->list[i]->keylen : 8;
		uint64_t pre = 0;
		for (j = 0; j < 8; j++)
			pre = pre << 8 | (j < n ? p[j] : 0);
		k[i].pre = pre;
		k[i].e = t->list[i];
	}
	qsort(k, t->n, sizeof(*k), sortkey_cmp);
	/* the pointers, in place (v[i] is written after k[i] is read) */
	v = (struct group_ent **)k;
	for (i = 0; i < t->n; i++)
		v[i] = k[i].e;
	return xrealloc(v, t->n * sizeof(*v));
}

void group_table_merge(struct group_table *dst, const struct group_table *src,
		       void (*merge)(void *ctx, void *dval, const void *sval,
				     int isnew),
		       void *ctx)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct group_ent *se = src->list[i];
		int isnew;
		struct group_ent *de =
		    group_table_get(dst, se->key, se->keylen, &isnew);
		merge(ctx, GROUP_VAL(de), GROUP_VAL(se), isnew);
	}
}

void group_table_absorb(struct group_table *dst, struct group_table *src,
			void (*merge)(void *ctx, void *dval, void *sval),
			void *ctx)
{
	size_t i;

	indexed(dst);
	indexed(src);
	if (dst->valsize != src->valsize || dst->arena != src->arena)
		die(EXIT_IO, "group_table_absorb: tables of another kind");
	if (!dst->n && !dst->chunk) {
		free(dst->slot);
		free(dst->list);
		*dst = *src;
		group_table_init(src, dst->valsize);
		src->arena = dst->arena;
		return;
	}
	free(src->slot); /* src's entries are reached by its list */
	src->slot = NULL;
	for (i = 0; i < src->n; i++) {
		struct group_ent *e = src->list[i], *d;
		size_t s;
		if ((dst->n + 1) * 2 > dst->cap)
			reslot(dst, dst->cap ? dst->cap * 2 : 64);
		for (s = e->hash & (dst->cap - 1); (d = dst->slot[s]);
		     s = (s + 1) & (dst->cap - 1))
			if (same(d, e->hash, e->key, e->keylen))
				break;
		if (d) {
			merge(ctx, GROUP_VAL(d), GROUP_VAL(e));
			ent_free(src, e);
			continue;
		}
		e->idx = (uint32_t)dst->n;
		dst->list = xgrow(dst->list, &dst->list_cap, dst->n + 1,
				  sizeof(*dst->list));
		dst->list[dst->n++] = e;
		dst->slot[s] = e;
	}
	if (src->chunk) { /* after dst's first block, where it takes more */
		struct group_chunk *c = src->chunk;
		while (c->next)
			c = c->next;
		if (dst->chunk) {
			c->next = dst->chunk->next;
			dst->chunk->next = src->chunk;
		} else {
			dst->chunk = src->chunk;
		}
	}
	free(src->list);
	dst->last = NULL;
	i = (size_t)src->arena;
	group_table_init(src, src->valsize);
	src->arena = (int)i;
}

size_t group_table_drop_if(struct group_table *t,
			   int (*drop)(void *ctx, struct group_ent *e),
			   void *ctx)
{
	size_t i, k = 0, n = t->n;

	for (i = 0; i < n; i++) {
		struct group_ent *e = t->list[i];
		if (drop(ctx, e)) {
			ent_free(t, e);
			continue;
		}
		e->idx = (uint32_t)k;
		t->list[k++] = e;
	}
	t->n = k;
	t->last = NULL;
	if (k < n && !t->unindexed)
		reslot(t, t->cap);
	return n - k;
}

void group_table_release(struct group_table *t, void (*fin)(void *val))
{
	size_t i;

	int arena = t->arena;

	for (i = 0; i < t->n; i++) {
		if (fin)
			fin(GROUP_VAL(t->list[i]));
		ent_free(t, t->list[i]);
	}
	while (t->chunk) {
		struct group_chunk *c = t->chunk;
		t->chunk = c->next;
		free(c);
	}
	free(t->slot);
	free(t->list);
	group_table_init(t, t->valsize);
	t->arena = arena;
}

_Noreturn void group_limit_die(unsigned long max, const char *name, long line)
{
	if (line > 0)
		die_at(EXIT_IO, name, line,
		       "more than %lu groups (--max-groups %lu): raise "
		       "--max-groups, or group by fewer or coarser keys",
		       max, max);
	die(EXIT_IO,
	    "%s: more than %lu groups (--max-groups %lu): raise "
	    "--max-groups, or group by fewer or coarser keys",
	    name, max, max);
}
