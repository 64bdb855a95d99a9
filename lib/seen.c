/*
 * seen: duplicate checks (see seen.h). Open addressing, linear probing,
 * tables at most half full.
 */
#include <stdlib.h>
#include <string.h>

#include "seen.h"
#include "xalloc.h"

struct seen_id {
	uint64_t hash;
	long line;
	size_t len;
	char id[];
};

/*
 * Eight bytes at a time (a record is hashed per output row, so this is
 * on cdr-parse's hot path): xor, multiply, fold the high bits down so
 * that the low bits the tables use depend on every byte. Values are
 * only compared within a run, never written.
 */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

uint64_t seen_hash(uint64_t h, const void *p, size_t n)
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

void seen_ids_init(struct seen_ids *s)
{
	memset(s, 0, sizeof(*s));
}

static void ids_grow(struct seen_ids *s)
{
	size_t ncap = s->cap ? s->cap * 2 : 1024, i;
	struct seen_id **ns = xcalloc(ncap, sizeof(*ns));

	for (i = 0; i < s->cap; i++) {
		struct seen_id *e = s->slot[i];
		size_t k;
		if (!e)
			continue;
		k = e->hash & (ncap - 1);
		while (ns[k])
			k = (k + 1) & (ncap - 1);
		ns[k] = e;
	}
	free(s->slot);
	s->slot = ns;
	s->cap = ncap;
}

long seen_ids_add(struct seen_ids *s, const char *id, size_t n, long line)
{
	uint64_t h = seen_hash(SEEN_HASH0, id, n);
	struct seen_id *e;
	size_t k;

	if ((s->n + 1) * 2 > s->cap)
		ids_grow(s);
	for (k = h & (s->cap - 1); (e = s->slot[k]); k = (k + 1) & (s->cap - 1))
		if (e->hash == h && e->len == n && !memcmp(e->id, id, n))
			return e->line;
	e = xmalloc(sizeof(*e) + n + 1);
	e->hash = h;
	e->line = line > 0 ? line : 1;
	e->len = n;
	memcpy(e->id, id, n);
	e->id[n] = '\0';
	s->slot[k] = e;
	s->n++;
	return 0;
}

void seen_ids_release(struct seen_ids *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	seen_ids_init(s);
}

void seen_hashes_init(struct seen_hashes *s)
{
	memset(s, 0, sizeof(*s));
}

int seen_hashes_add(struct seen_hashes *s, uint64_t h)
{
	size_t k;

	if (!h)
		h = 1;
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024, i;
		uint64_t *ns = xcalloc(ncap, sizeof(*ns));
		for (i = 0; i < s->cap; i++) {
			if (!s->slot[i])
				continue;
			k = s->slot[i] & (ncap - 1);
			while (ns[k])
				k = (k + 1) & (ncap - 1);
			ns[k] = s->slot[i];
		}
		free(s->slot);
		s->slot = ns;
		s->cap = ncap;
	}
	for (k = h & (s->cap - 1); s->slot[k]; k = (k + 1) & (s->cap - 1))
		if (s->slot[k] == h)
			return 1;
	s->slot[k] = h;
	s->n++;
	return 0;
}

void seen_hashes_release(struct seen_hashes *s)
{
	free(s->slot);
	seen_hashes_init(s);
}
