/*
 * reczone: the report zone taken from the records (SPEC 3.3): without
 * --report-tz (or a state's zone), periods are in the records' own zone.
 * The first record fixes it, a record of another zone is remembered for
 * a warning. Safe to call from reading threads.
 */
#ifndef TA_RECZONE_H
#define TA_RECZONE_H

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "csvin.h"
#include "rec.h"
#include "target.h"

struct reczone {
	struct param *tz; /* the report zone parameter */
	int fixed;	  /* the report zone is set (option, state, data) */
	int given;	  /* ... by --report-tz or a state: never warn */
	char *mixed;	  /* a record zone other than the report zone */
	pthread_mutex_t lock;
};

void reczone_init(struct reczone *z, struct param *tz);
/* The zone was set by --report-tz or a state (kpitab_zone). */
void reczone_given(struct reczone *z);
int reczone_seen_slow(struct reczone *z, const char *zone, char *err,
		      size_t errlen);
/*
 * A record of zone (NULL: UTC): 0, or -1 with a reason in err when it
 * fixes the report zone and is not a zone of the tz database.
 */
static inline int reczone_seen(struct reczone *z, const char *zone, char *err,
			       size_t errlen)
{
	if (z->given)
		return 0;
	if (z->fixed &&
	    (z->mixed || !strcmp(zone ? zone : "UTC", z->tz->value)))
		return 0;
	return reczone_seen_slow(z, zone, err, errlen);
}
/*
 * Fix the zone from the first good record of in (before threads read
 * their ranges), the first row skipped if skip (a header); map and nf
 * as the file's.
 */
void reczone_peek(struct reczone *z, struct csvin *in, int skip,
		  const struct recmap *map, size_t nf);
/* The warning for several zones grouped by period in one (unless quiet). */
void reczone_warn(const struct reczone *z, int have_periods, int quiet);
void reczone_release(struct reczone *z);

#endif
