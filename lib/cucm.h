/*
 * cucm: reading Cisco Unified CM CDR and CMR flat files, shared by the
 * cucm and cucm-cmr formats.
 *
 * A file may start with a header row (cdrRecordType,...) and a row of
 * SQL types (INTEGER, VARCHAR(50), ...); columns are then found by name.
 * Without a header, CDR rows are read by position: 129 columns (CUCM
 * 11.x) or 133 (12.x-15), and CMR rows by the 12.x-15 CMR layout. A
 * header may appear again mid-stream (files concatenated): it replaces
 * the layout of its kind. Header and type rows are not data rows and are
 * not counted.
 */
#ifndef TA_CUCM_H
#define TA_CUCM_H

#include "src.h"
#include <stdint.h>

enum cucm_row {
	CUCM_REJECTED = -1, /* already rejected (counted) */
	CUCM_LAYOUT = 0,    /* a header or SQL type row: not counted */
	CUCM_CDR = 1,	    /* cdrRecordType 1 */
	CUCM_CMR = 2,	    /* cdrRecordType 2 */
	CUCM_OTHER = 3,	    /* cdrRecordType 0 (start record): skip it */
};

/* the parts of a CDR leg that a CMR joins on, and its media addresses */
struct cucm_leg {
	int64_t cm, callid, orig_node, orig_leg, dest_node, dest_leg;
	int64_t orig_ip, dest_ip; /* as logged (signed 32-bit) */
};

/* one CMR: the call-quality figures of one endpoint of a leg */
struct cucm_qos {
	int64_t cm, callid, node, leg;
	int64_t received, lost;	       /* packets */
	int64_t jitter_ms, latency_ms; /* -1 if not given */
	double mos;		       /* MLQK of varVQMetrics, -1 if none */
};

struct cucm_reader;

struct cucm_reader *cucm_new(void);
void cucm_free(struct cucm_reader *rd);
/* Which kind of row this is; rejects it (and returns CUCM_REJECTED) if
 * it fits no layout. */
enum cucm_row cucm_classify(struct cucm_reader *rd, struct src_ctx *ctx,
			    const struct csvrow *row);
/*
 * A CDR row -> record (text fields point into row and into rd, valid
 * until the next call) and leg. 0, or -1 after rejecting the row.
 */
int cucm_cdr(struct cucm_reader *rd, struct src_ctx *ctx,
	     const struct csvrow *row, struct rec *r, struct cucm_leg *leg);
/* A CMR row -> q. 0, or -1 after rejecting the row. */
int cucm_cmr(struct cucm_reader *rd, struct src_ctx *ctx,
	     const struct csvrow *row, struct cucm_qos *q);
/* CUCM's signed 32-bit little-endian IPv4 -> dotted quad (buf >= 16). */
char *cucm_ip(char *buf, int64_t v);

#endif
