/*
 * fcr: first-contact resolution window (see fcr.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fcr.h"
#include "group.h"
#include "xalloc.h"

struct ent {
	int64_t start;
	uint32_t caller;
	uint32_t group; /* caller's group index, top bit: answered */
};

struct fcr {
	int64_t window;
	struct group_table callers; /* interned: a caller's id is its idx */
	struct ent *e;
	size_t n, ecap;
};

#define ANSWERED_BIT 0x80000000u

struct fcr *fcr_new(int64_t window_ms)
{
	struct fcr *f = xcalloc(1, sizeof(*f));

	f->window = window_ms;
	group_table_init(&f->callers, 0);
	return f;
}

void fcr_add(struct fcr *f, const char *caller, int64_t start, uint32_t group,
	     int answered)
{
	struct ent *e;

	f->e = xgrow(f->e, &f->ecap, f->n + 1, sizeof(*f->e));
	e = &f->e[f->n++];
	e->start = start;
	e->caller =
	    group_table_get(&f->callers, caller, strlen(caller), NULL)->idx;
	e->group = group | (answered ? ANSWERED_BIT : 0);
}

static int ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->caller != y->caller)
		return x->caller < y->caller ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

void fcr_finish(struct fcr *f,
		void (*result)(void *ctx, uint32_t group, int repeated),
		void *ctx)
{
	size_t i, j = 0;

	if (f->n)
		qsort(f->e, f->n, sizeof(*f->e), ent_cmp);
	for (i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		int rep;
		if (!(e->group & ANSWERED_BIT))
			continue;
		/* j: first entry after i with a later start (same caller) */
		if (j <= i)
			j = i + 1;
		while (j < f->n && f->e[j].caller == e->caller &&
		       f->e[j].start <= e->start)
			j++;
		rep = j < f->n && f->e[j].caller == e->caller &&
		      f->e[j].start - e->start <= f->window;
		result(ctx, e->group & ~ANSWERED_BIT, rep);
	}
}

void fcr_free(struct fcr *f)
{
	if (!f)
		return;
	group_table_release(&f->callers, NULL);
	free(f->e);
	free(f);
}
