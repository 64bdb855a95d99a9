/*
 * fcr: first-contact resolution (SPEC 3.1). fcr = 1 - repeated /
 * considered: considered are answered records with a caller; one is
 * repeated when another record of the same caller (any group, any
 * outcome) starts in (start, start + W].
 *
 * The input need not be sorted, so every record with a caller is kept
 * (16 bytes each, callers interned once) until fcr_finish sorts them by
 * caller and start. Memory grows with the records that have a caller;
 * fcr is computed only when asked for.
 */
#ifndef TA_FCR_H
#define TA_FCR_H

#include <stddef.h>
#include <stdint.h>

struct fcr;

struct fcr *fcr_new(int64_t window_ms);
/*
 * One record: caller (non-empty), start instant, the index of its group
 * (below 2^31), answered or not.
 */
void fcr_add(struct fcr *f, const char *caller, int64_t start, uint32_t group,
	     int answered);
/* Resolve: result(ctx, group, repeated) once per answered record. */
void fcr_finish(struct fcr *f,
		void (*result)(void *ctx, uint32_t group, int repeated),
		void *ctx);
void fcr_free(struct fcr *f);

#endif
