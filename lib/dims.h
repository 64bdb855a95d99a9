/*
 * dims: the --by dimensions of a KPI table (kpi-calc, complaint-kpi):
 * the list parsed once (periods and column names, SPEC 3.3), bound to a
 * file's header, and turned into the group key of each row.
 */
#ifndef TA_DIMS_H
#define TA_DIMS_H

#include <stddef.h>
#include <stdint.h>

#include "csvin.h"
#include "group.h"
#include "period.h"

/* A --by dimension: a period or a column of the input. */
struct dim {
	struct period p; /* with its cache: one copy per thread */
	int is_period;
	char *name; /* output column; input header name */
	int idx;    /* field index in the current file */
};

struct dims {
	struct dim *d;
	size_t n;
	int *is_period; /* is_period[i] of d[i] (group_key_label) */
	int period;	/* index of the (first) period in d, or -1 */
};

/*
 * Parse the --by list by ("" for none). With one_period, a second
 * period is a usage error. Exits 2 on a malformed period.
 */
void dims_parse(struct dims *ds, const char *by, int one_period);
/*
 * Bind each column dimension to the header hdr of file: col(ctx, name)
 * gives a field index of the tool's own (e.g. a renamed record column)
 * or -1, then the header is searched by name. Exits 2 naming a column
 * that is not there.
 */
void dims_bind(struct dims *ds, const struct csvrow *hdr, const char *file,
	       int (*col)(void *ctx, const char *name), void *ctx);
/*
 * The group key of row with the periods of instant t, from the n
 * dimensions d. 0, or -1 with *bad the index of a column holding a NUL
 * byte (the key is then incomplete).
 */
int dims_key(struct dim *d, size_t n, struct group_key *k,
	     const struct csvrow *row, int64_t t, size_t *bad);
/*
 * A small cache in front of the group table: the groups of the last
 * rows keyed, by the raw bytes of their column dimensions and the
 * periods in force (rows come in time order, each period with a few
 * groups), so that most rows build no key and hash no key. Zero it to
 * start; one per reader and file (the columns are bound to its header).
 */
#define DIMS_SLOTS 256
struct dims_slot {
	uint64_t gen; /* dims_cache.gen when filled */
	uint64_t hash;
	void *group;
	char *buf; /* per column dimension: its length (4 bytes), bytes */
	size_t len, cap;
};
struct dims_cache {
	/*
	 * Bumped whenever a period's cache (lib/period) does not hold the
	 * row's instant: while it stays, every period is the one computed
	 * last, so a slot of this gen has the row's periods.
	 */
	uint64_t gen;
	uint64_t hash; /* dims_cached's, for dims_cache_put */
	struct dims_slot slot[DIMS_SLOTS];
};
/*
 * The group dims_cache_put gave for the key of row with instant t, or
 * NULL (then build the key with dims_key and call dims_cache_put).
 */
void *dims_cached(const struct dim *d, size_t n, struct dims_cache *c,
		  const struct csvrow *row, int64_t t);
/* After a NULL from dims_cached and dims_key of the same row: its group. */
void dims_cache_put(const struct dim *d, size_t n, struct dims_cache *c,
		    const struct csvrow *row, void *group);
void dims_cache_release(struct dims_cache *c);
void dims_release(struct dims *ds);

#endif
