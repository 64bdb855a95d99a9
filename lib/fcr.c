/*
 * fcr: first-contact resolution window (see fcr.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fcr.h"
#include "xalloc.h"

struct ent {
	int64_t start;
	uint32_t caller;
	uint32_t group; /* caller's group index, top bit: answered */
};

struct fcr {
	int64_t window;
	/* caller interning: open addressing over ids into names[] */
	uint32_t *slot;
	size_t cap, ncallers;
	char **names;
	size_t names_cap;
	struct ent *e;
	size_t n, ecap;
};

#define ANSWERED_BIT 0x80000000u

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 31);
}

struct fcr *fcr_new(int64_t window_ms)
{
	struct fcr *f = xcalloc(1, sizeof(*f));

	f->window = window_ms;
	return f;
}

static void grow_slots(struct fcr *f)
{
	size_t ncap = f->cap ? f->cap * 2 : 1024, i;
	uint32_t *ns = xmalloc(ncap * sizeof(*ns));

	memset(ns, 0xff, ncap * sizeof(*ns));
	for (i = 0; i < f->cap; i++) {
		size_t s;
		if (f->slot[i] == UINT32_MAX)
			continue;
		s = str_hash(f->names[f->slot[i]]) & (ncap - 1);
		while (ns[s] != UINT32_MAX)
			s = (s + 1) & (ncap - 1);
		ns[s] = f->slot[i];
	}
	free(f->slot);
	f->slot = ns;
	f->cap = ncap;
}

static uint32_t caller_id(struct fcr *f, const char *caller)
{
	size_t s;

	if ((f->ncallers + 1) * 2 > f->cap)
		grow_slots(f);
	s = str_hash(caller) & (f->cap - 1);
	while (f->slot[s] != UINT32_MAX) {
		if (!strcmp(f->names[f->slot[s]], caller))
			return f->slot[s];
		s = (s + 1) & (f->cap - 1);
	}
	f->names =
	    xgrow(f->names, &f->names_cap, f->ncallers + 1, sizeof(*f->names));
	f->names[f->ncallers] = xstrdup(caller);
	f->slot[s] = (uint32_t)f->ncallers;
	return (uint32_t)f->ncallers++;
}

void fcr_add(struct fcr *f, const char *caller, int64_t start, uint32_t group,
	     int answered)
{
	struct ent *e;

	f->e = xgrow(f->e, &f->ecap, f->n + 1, sizeof(*f->e));
	e = &f->e[f->n++];
	e->start = start;
	e->caller = caller_id(f, caller);
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
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->ncallers; i++)
		free(f->names[i]);
	free(f->names);
	free(f->slot);
	free(f->e);
	free(f);
}
