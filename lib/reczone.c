/*
 * reczone: the report zone taken from the records (see reczone.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "reczone.h"
#include "tm.h"
#include "xalloc.h"

void reczone_init(struct reczone *z, struct param *tz)
{
	memset(z, 0, sizeof(*z));
	z->tz = tz;
	pthread_mutex_init(&z->lock, NULL);
}

void reczone_given(struct reczone *z)
{
	z->fixed = z->given = 1;
}

int reczone_seen_slow(struct reczone *z, const char *zone, char *err,
		      size_t errlen)
{
	const char *s = zone ? zone : "UTC";
	int rc = 0;

	pthread_mutex_lock(&z->lock);
	if (!z->fixed) {
		if (tz_set(s) < 0) {
			snprintf(
			    err, errlen,
			    "zone: \"%.60s\" is not a time zone in the tz database",
			    s);
			rc = -1;
		} else {
			param_set(z->tz, s, 0, "the records' zone");
			z->fixed = 1;
		}
	} else if (!z->mixed && strcmp(s, z->tz->value)) {
		z->mixed = xstrdup(s);
	}
	pthread_mutex_unlock(&z->lock);
	return rc;
}

void reczone_peek(struct reczone *z, struct csvin *in, int skip,
		  const struct recmap *map, size_t nf)
{
	struct csvrow row;
	struct rec r;
	char err[256];
	int st;

	while (!z->fixed && (st = csvin_next(in, &row)) != CSVIN_EOF) {
		if (skip) {
			skip = 0;
			continue; /* the header */
		}
		if (st == CSVIN_BAD || row.nf != nf ||
		    rec_from_row(map, &row, &r, err, sizeof(err)) < 0)
			continue;
		reczone_seen(z, r.zone, err, sizeof(err));
	}
}

void reczone_warn(const struct reczone *z, int have_periods, int quiet)
{
	if (z->mixed && have_periods && !quiet)
		warnx(
		    "records of several zones (%s, %s): periods are in %s, the zone of the first record; give --report-tz to choose",
		    z->tz->value, z->mixed, z->tz->value);
}

void reczone_release(struct reczone *z)
{
	free(z->mixed);
	z->mixed = NULL;
	pthread_mutex_destroy(&z->lock);
}
