/*
 * seen: what a run has already seen, for duplicate checks (SPEC 2: one
 * record per contact; issue "duplicates are never counted twice
 * silently").
 *
 * struct seen_ids maps a byte string (a call_id) to the line it was
 * first seen on: exact, it keeps every distinct id in a group table
 * (memory grows with the distinct ids: about 80 bytes plus the id each).
 * struct seen_hashes is a set of 64-bit hashes (16 bytes an entry at
 * most half full, a fifth of a table entry: it holds one per record
 * written), for a warning that may be approximate; the hashes are
 * group_hash_more's.
 */
#ifndef TA_SEEN_H
#define TA_SEEN_H

#include <stddef.h>
#include <stdint.h>

#include "group.h"

struct seen_ids {
	struct group_table t; /* id -> long, the line first seen on */
};
void seen_ids_init(struct seen_ids *s);
/*
 * Record id (n bytes) first seen on line; returns 0 if it is new, else
 * the line it was first seen on (> 0).
 */
long seen_ids_add(struct seen_ids *s, const char *id, size_t n, long line);
void seen_ids_release(struct seen_ids *s);

struct seen_hashes {
	uint64_t *slot; /* 0 = empty; a hash of 0 is stored as 1 */
	size_t cap, n;
};
void seen_hashes_init(struct seen_hashes *s);
/* 1 if h was already in the set, else adds it and returns 0. */
int seen_hashes_add(struct seen_hashes *s, uint64_t h);
void seen_hashes_release(struct seen_hashes *s);

#endif
