/*
 * seen: duplicate checks (see seen.h). The ids are a group table; the
 * hashes an open-addressing set of integers, at most half full.
 */
#include <stdlib.h>
#include <string.h>

#include "seen.h"
#include "xalloc.h"

void seen_ids_init(struct seen_ids *s)
{
	group_table_init(&s->t, sizeof(long));
}

long seen_ids_add(struct seen_ids *s, const char *id, size_t n, long line)
{
	int isnew;
	long *first = GROUP_VAL(group_table_get(&s->t, id, n, &isnew));

	if (!isnew)
		return *first;
	*first = line > 0 ? line : 1;
	return 0;
}

void seen_ids_release(struct seen_ids *s)
{
	group_table_release(&s->t, NULL);
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
