/*
 * fmt-diff: the hand-written digit formatting of lib/tm.c and lib/num.c
 * (tm_put_iso, num_put_ms, num_put_i64) against snprintf on the same
 * values: edge values first, then COUNT seeded random ones.
 *
 *   fmt-diff SEED COUNT
 *
 * Prints "N values: agree" and exits 0, or the first difference and 1.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "tm.h"

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

/* printf's reading of an instant, from the civil fields. */
static void ref_iso(char *b, int64_t t)
{
	struct civil c;

	tm_to_civil(t, &c);
	if (c.ms)
		snprintf(b, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year,
			 c.mon, c.day, c.hour, c.min, c.sec, c.ms);
	else
		snprintf(b, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.mon,
			 c.day, c.hour, c.min, c.sec);
}

/* printf's reading of milliseconds as seconds, trailing zeros dropped. */
static void ref_ms(char *b, int64_t ms)
{
	uint64_t u = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	int n = snprintf(b, 64, "%s%" PRIu64, ms < 0 ? "-" : "", u / 1000);

	if (u % 1000) {
		snprintf(b + n, 64 - (size_t)n, ".%03u", (unsigned)(u % 1000));
		n = (int)strlen(b);
		while (b[n - 1] == '0')
			b[--n] = '\0';
	}
}

static int check(int64_t t, int64_t ms, int64_t v)
{
	char a[64], r[64];
	size_t n;

	n = tm_put_iso(a, t);
	ref_iso(r, t);
	if (strcmp(a, r) != 0 || n != strlen(r)) {
		printf("instant %" PRId64 ": \"%s\" (%zu), printf \"%s\"\n", t,
		       a, n, r);
		return 1;
	}
	n = num_put_ms(a, ms);
	ref_ms(r, ms);
	if (strcmp(a, r) != 0 || n != strlen(r) || strcmp(fmt_ms(a, ms), r)) {
		printf("ms %" PRId64 ": \"%s\" (%zu), printf \"%s\"\n", ms, a,
		       n, r);
		return 1;
	}
	n = num_put_i64(a, v);
	snprintf(r, sizeof(r), "%" PRId64, v);
	if (strcmp(a, r) != 0 || n != strlen(r)) {
		printf("integer %" PRId64 ": \"%s\", printf \"%s\"\n", v, a, r);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const int64_t edges[] = {0,
					1,
					-1,
					999,
					1000,
					1001,
					-999,
					-1000,
					-1001,
					10,
					100,
					120,
					86399999,
					86400000,
					951782400000,
					253402300799999,
					253402300800000,
					-62135596800000,
					-62135596800001,
					INT64_MAX,
					INT64_MIN + 1,
					INT64_MIN};
	long count, i, n = 0;
	size_t e, f;

	if (argc != 3) {
		fprintf(stderr, "usage: fmt-diff SEED COUNT\n");
		return 2;
	}
	rng_state = strtoull(argv[1], NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
	count = strtol(argv[2], NULL, 10);
	for (e = 0; e < sizeof(edges) / sizeof(edges[0]); e++)
		for (f = 0; f < sizeof(edges) / sizeof(edges[0]); f++, n++) {
			/* instants stay where the calendar code is defined */
			int64_t t = edges[e] > 253402300799999 ? 253402300799999
				    : edges[e] < -62135596800000
					? -62135596800000
					: edges[e];
			if (check(t, edges[f], edges[f]))
				return 1;
		}
	for (i = 0; i < count; i++, n++) {
		uint64_t r = rnd64();
		/* instants: 1970 +- 200 years, and often whole seconds */
		int64_t t = (int64_t)(r % 12623040000000ull) - 6311520000000;
		int64_t ms = (int64_t)rnd64() >> (rnd64() % 64);
		if (r >> 62 == 0)
			t -= t % 1000;
		if (check(t, ms, (int64_t)rnd64() >> (rnd64() % 64)))
			return 1;
	}
	/* instants close to the one before, as records come: the cached
	 * hour of tm_put_iso is reused, and left at every hour and day */
	for (e = 0; e < 4; e++) {
		/* steps of -100..300 s: at most 2.6 years from each start */
		static const int64_t from[] = {-62135596800000, -3600000,
					       1772323200000, 253086192000000};
		int64_t t = from[e];

		for (i = 0; i < count; i++, n++) {
			uint64_t r = rnd64();
			t += (int64_t)(r % 400000) - (r >> 63 ? 100000 : 0);
			if (r >> 61 & 1)
				t -= t % 1000;
			if (t < -62135596800000)
				t = -62135596800000;
			if (check(t, 0, 0))
				return 1;
		}
	}
	printf("%ld values: agree\n", n);
	return 0;
}
