/*
 * dims: the --by dimensions of a KPI table (see dims.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "dims.h"
#include "xalloc.h"

void dims_parse(struct dims *ds, const char *by, int one_period)
{
	char *list = xstrdup(by), *tok, *sv;

	memset(ds, 0, sizeof(*ds));
	ds->period = -1;
	for (tok = strtok_r(list, ",", &sv); tok;
	     tok = strtok_r(NULL, ",", &sv)) {
		struct dim d;
		memset(&d, 0, sizeof(d));
		if (period_parse(tok, &d.p) == 0) {
			if (one_period && ds->period >= 0)
				cli_usage_error(
				    "--by: one period at most (\"%s\" and \"%s\")",
				    ds->d[ds->period].name, tok);
			d.is_period = 1;
			d.name = xstrdup(period_column(&d.p));
			if (ds->period < 0)
				ds->period = (int)ds->n;
		} else if (!strncmp(tok, "interval", 8)) {
			cli_usage_error(
			    "--by: \"%s\" is not an interval like interval:15m (whole minutes dividing a day)",
			    tok);
		} else {
			d.name = xstrdup(tok);
		}
		ds->d = xrealloc(ds->d, (ds->n + 1) * sizeof(d));
		ds->d[ds->n++] = d;
	}
	free(list);
	ds->is_period = xcalloc(ds->n + 1, sizeof(int));
	for (size_t i = 0; i < ds->n; i++)
		ds->is_period[i] = ds->d[i].is_period;
}

void dims_bind(struct dims *ds, const struct csvrow *hdr, const char *file,
	       int (*col)(void *ctx, const char *name), void *ctx)
{
	size_t i, j;

	for (i = 0; i < ds->n; i++) {
		struct dim *d = &ds->d[i];
		int c;
		if (d->is_period)
			continue;
		if (col && (c = col(ctx, d->name)) >= 0) {
			d->idx = c;
			continue;
		}
		for (j = 0; j < hdr->nf; j++)
			if (!strcmp(hdr->f[j], d->name))
				break;
		if (j == hdr->nf)
			die_at(EXIT_USAGE, file, hdr->line,
			       "no column \"%s\" for --by", d->name);
		d->idx = (int)j;
	}
}

int dims_key(struct dim *d, size_t n, struct group_key *k,
	     const struct csvrow *row, int64_t t, size_t *bad)
{
	size_t i;

	group_key_reset(k);
	for (i = 0; i < n; i++) {
		if (d[i].is_period) {
			int64_t order;
			const char *label;
			period_of(&d[i].p, t, &order, &label);
			group_key_period(k, order, label);
		} else {
			const char *v = row->f[d[i].idx];
			size_t len = row->len[d[i].idx];
			if (memchr(v, '\0', len)) {
				*bad = i;
				return -1;
			}
			group_key_text_n(k, v, len);
		}
	}
	return 0;
}

/* Up to 8 bytes of s[0..n) as a word: every byte counts for n <= 8. */
static uint64_t word_of(const char *s, size_t n)
{
	uint32_t x, y;

	if (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		return w;
	}
	if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		return x | (uint64_t)y << 32;
	}
	if (n == 0)
		return 0;
	return (unsigned char)s[0] | (unsigned char)s[n / 2] << 8 |
	       (uint64_t)(unsigned char)s[n - 1] << 16;
}

/* The slot hash of a column value: its length, first and last 8 bytes. */
static uint64_t raw_hash(uint64_t h, const char *s, size_t n)
{
	h = (h ^ n ^ word_of(s, n)) * 0x9E3779B97F4A7C15ull;
	if (n > 8)
		h = (h ^ word_of(s + n - 8, 8)) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

/* Are the n bytes at a and b the same (short values without a call)? */
static int same_bytes(const char *a, const char *b, size_t n)
{
	if (n > 16)
		return memcmp(a, b, n) == 0;
	if (n > 8)
		return word_of(a, 8) == word_of(b, 8) &&
		       word_of(a + n - 8, 8) == word_of(b + n - 8, 8);
	return word_of(a, n) == word_of(b, n);
}

/* The slot of hash h: its top bits, mixed once more. */
#define SLOT_OF(h) ((size_t)(((h)*0x9E3779B97F4A7C15ull) >> 56) % DIMS_SLOTS)

void *dims_cached(const struct dim *d, size_t n, struct dims_cache *c,
		  const struct csvrow *row, int64_t t)
{
	const struct dims_slot *s;
	const char *b;
	uint64_t h = 0;
	size_t i;
	uint32_t len;

	for (i = 0; i < n; i++) {
		if (d[i].is_period) {
			if (!(d[i].p.lo < d[i].p.hi && t >= d[i].p.lo &&
			      t < d[i].p.hi))
				c->gen++;
			continue;
		}
		h = raw_hash(h, row->f[d[i].idx], row->len[d[i].idx]);
	}
	c->hash = h;
	s = &c->slot[SLOT_OF(h)];
	if (!s->group || s->gen != c->gen || s->hash != h)
		return NULL;
	for (i = 0, b = s->buf; i < n; i++) {
		if (d[i].is_period)
			continue;
		memcpy(&len, b, 4);
		if (len != row->len[d[i].idx] ||
		    !same_bytes(b + 4, row->f[d[i].idx], len))
			return NULL;
		b += 4 + len;
	}
	return s->group;
}

void dims_cache_put(const struct dim *d, size_t n, struct dims_cache *c,
		    const struct csvrow *row, void *group)
{
	struct dims_slot *s = &c->slot[SLOT_OF(c->hash)];
	size_t i, need = 1;
	uint32_t len;

	for (i = 0; i < n; i++)
		if (!d[i].is_period)
			need += 4 + row->len[d[i].idx];
	s->buf = xgrow(s->buf, &s->cap, need, 1);
	for (i = 0, s->len = 0; i < n; i++) {
		if (d[i].is_period)
			continue;
		len = (uint32_t)row->len[d[i].idx];
		memcpy(s->buf + s->len, &len, 4);
		if (len)
			memcpy(s->buf + s->len + 4, row->f[d[i].idx], len);
		s->len += 4 + len;
	}
	s->gen = c->gen;
	s->hash = c->hash;
	s->group = group;
}

void dims_cache_release(struct dims_cache *c)
{
	for (size_t i = 0; i < DIMS_SLOTS; i++)
		free(c->slot[i].buf);
	memset(c, 0, sizeof(*c));
}

void dims_release(struct dims *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		free(ds->d[i].name);
	free(ds->d);
	free(ds->is_period);
	memset(ds, 0, sizeof(*ds));
}
