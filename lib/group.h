/*
 * group: the one group table of telaudit, and the one string hash.
 *
 * A table maps byte-string keys to values of a fixed size that the table
 * stores next to the key (one allocation per entry, so a value never
 * moves). It hands the entries out in creation order (t->list, e->idx)
 * or sorted by key (group_table_sorted), merges one table into another
 * and can drop entries in bulk (group_table_drop_if).
 *
 * Keys of several components are built with struct group_key: a period
 * is 8 bytes of its order key followed by its label, a column value is
 * its text; every component ends with NUL, so memcmp order is
 * component-wise order (a period by time, a value by its bytes).
 */
#ifndef TA_GROUP_H
#define TA_GROUP_H

#include <stddef.h>
#include <stdint.h>

/* The string hash of every table in telaudit. */
uint64_t group_hash(const void *s, size_t n);
/*
 * The same hash over several pieces: start from GROUP_HASH0 and feed
 * each piece (group_hash(s, n) is group_hash_more(GROUP_HASH0, s, n)).
 */
#define GROUP_HASH0 0xcbf29ce484222325ull
uint64_t group_hash_more(uint64_t h, const void *s, size_t n);

/* ---- keys ---- */

struct group_key {
	char *buf;
	size_t len, cap;
};
void group_key_reset(struct group_key *k);
/* A period component: order key, then its label. */
void group_key_period(struct group_key *k, int64_t order, const char *label);
/* A column value component (cut at the first NUL byte; NULL is ""). */
void group_key_text(struct group_key *k, const char *s);
/* The same with its length known (s has no NUL byte in it). */
void group_key_text_n(struct group_key *k, const char *s, size_t n);
void group_key_release(struct group_key *k);
/*
 * The label of component i of a key whose component kinds are given by
 * is_period[]; returns a pointer into key (NUL-terminated).
 */
const char *group_key_label(const char *key, size_t len, const int *is_period,
			    size_t i);
/* Is key made of n components of those kinds (a state's key)? */
int group_key_valid(const char *key, size_t len, const int *is_period,
		    size_t n);

/* ---- the table ---- */

struct group_ent {
	char *key; /* keylen bytes and a NUL (stored in the same block) */
	uint64_t hash;
	uint32_t keylen;
	uint32_t idx; /* creation order: t->list[idx] == this */
	/* the value: t->valsize bytes, zeroed when new (8-byte aligned) */
	_Alignas(8) unsigned char val[];
};
#define GROUP_VAL(e) ((void *)(e)->val)

struct group_table {
	struct group_ent **slot; /* open addressing, linear probing */
	size_t cap, n;
	struct group_ent **list; /* by creation order */
	size_t list_cap;
	struct group_ent *last; /* cache of the last lookup */
	size_t valsize;
	struct group_chunk *chunk; /* group_table_arena: entries' blocks */
	int arena;
	int unindexed; /* group_table_unindex */
};

void group_table_init(struct group_table *t, size_t valsize);
/*
 * Take the entries of t from large blocks instead of one allocation
 * each (a table of millions of small groups: no allocator overhead per
 * entry, and release frees a few blocks). Call before the first entry;
 * group_table_drop_if then keeps a dropped entry's bytes until release.
 */
void group_table_arena(struct group_table *t);
/*
 * The entry of key, created with a zeroed value if new (*isnew set to 1;
 * isnew may be NULL).
 */
struct group_ent *group_table_get(struct group_table *t, const char *key,
				  size_t len, int *isnew);
/* The entry of key, or NULL. */
struct group_ent *group_table_find(const struct group_table *t, const char *key,
				   size_t len);
/* The entries sorted by key (caller frees the array, not the entries). */
struct group_ent **group_table_sorted(const struct group_table *t);
/*
 * Every entry of src into dst in src's creation order: merge(ctx, dval,
 * sval, isnew) with dval zeroed when the key is new in dst.
 */
void group_table_merge(struct group_table *dst, const struct group_table *src,
		       void (*merge)(void *ctx, void *dval, const void *sval,
				     int isnew),
		       void *ctx);
/*
 * Move every entry of src into dst (tables of the same value size, both
 * arena or neither): an entry whose key dst lacks moves as it is, its
 * value neither copied nor hashed again; one whose key dst has is given
 * to merge(ctx, dval, sval), which releases what sval owns, and dropped.
 * src is left empty. Into an empty dst, src moves whole.
 */
void group_table_absorb(struct group_table *dst, struct group_table *src,
			void (*merge)(void *ctx, void *dval, void *sval),
			void *ctx);
/*
 * Drop the entries for which drop(ctx, e) returns non-zero (drop
 * releases what the value owns); the others keep their creation order
 * and are numbered again from 0. Returns how many were dropped.
 */
size_t group_table_drop_if(struct group_table *t,
			   int (*drop)(void *ctx, struct group_ent *e),
			   void *ctx);
/*
 * Free the hash index of t once no key is to be looked up any more (a
 * lookup then is an error): the entries, their order and sorting stay.
 * A table of millions of groups frees 16 to 32 bytes a group before it
 * sorts them for output.
 */
void group_table_unindex(struct group_table *t);
/* Free every entry, after fin(val) if fin is not NULL. */
void group_table_release(struct group_table *t, void (*fin)(void *val));
/*
 * --max-groups exceeded: exit 3 naming the option and the limit, at
 * name:line when line > 0 (the row that would make one group too many),
 * else naming the table's file. One message for every tool.
 */
_Noreturn void group_limit_die(unsigned long max, const char *name, long line);

#endif
