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

/*
 * One CDR leg as read: the keys a CMR and the legs of one call join on,
 * its times (epoch seconds; connect 0 = never connected), causes and
 * OnBehalfOf codes as logged, and its numbers (text points into the row,
 * or into storage of whoever keeps the leg).
 */
struct cucm_leg {
	int64_t cm, callid, orig_node, orig_leg, dest_node, dest_leg;
	int64_t orig_ip, dest_ip; /* as logged (signed 32-bit) */
	int64_t start, connect, disc, duration;
	int64_t ocause, dcause; /* origCause_value, destCause_value */
	int64_t oterm, dterm;	/* orig/destCallTerminationOnBehalfOf */
	int64_t usage;		/* calledPartyPatternUsage (7 hunt pilot) */
	const char *caller;	/* callingPartyNumber */
	const char *ocalled;	/* originalCalledPartyNumber */
	const char *fcalled;	/* finalCalledPartyNumber */
	const char *redir;	/* lastRedirectDn */
	const char *hunt;	/* huntPilotDN */
	const char *user;	/* finalCalledPartyUnicodeLoginUserID */
	const char *ddev;	/* destDeviceName */
	long line;
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
 * A CDR row -> leg (text fields point into row). 0, or -1 after
 * rejecting the row.
 */
int cucm_cdr(struct cucm_reader *rd, struct src_ctx *ctx,
	     const struct csvrow *row, struct cucm_leg *leg);
/* A CMR row -> q. 0, or -1 after rejecting the row. */
int cucm_cmr(struct cucm_reader *rd, struct src_ctx *ctx,
	     const struct csvrow *row, struct cucm_qos *q);
/* CUCM's signed 32-bit little-endian IPv4 -> dotted quad (buf >= 16). */
char *cucm_ip(char *buf, int64_t v);

/*
 * One record per contact (SPEC 2): legs of one globalCallID, and legs
 * that share a destination leg (a transfer hands the far end over to a
 * new call), are merged. Legs are held until the input has moved
 * CUCM_MERGE_ROWS rows and CUCM_MERGE_S seconds of dateTimeDisconnect
 * past a call's last leg (or to the end with hold), then the call is
 * passed to emit, in the order of its first leg.
 */
#define CUCM_MERGE_ROWS 10000
#define CUCM_MERGE_S 3600

struct cucm_opts {
	const char *const *pilots; /* --hunt-pilot */
	size_t npilots;
	const char *const *vm; /* --voicemail */
	size_t nvm;
	int hold; /* hold every call to the end of input */
};

/* the legs of one contact (owned by the merge) */
struct cucm_call {
	struct cucm_leg *legs;
	size_t n, cap;
	char **text; /* owned copies of the legs' text */
	long seq, fwd;
	int dead;
	unsigned long long lastrow;
	int64_t maxend;
};

/* the --hunt-pilot and --voicemail lists of ctx, hold 0 */
void cucm_opts_init(struct cucm_opts *o, const struct src_ctx *ctx);

struct cucm_merge;
typedef void (*cucm_emit_fn)(void *ud, struct cucm_call *c);

struct cucm_merge *cucm_merge_new(const struct cucm_opts *o, cucm_emit_fn emit,
				  void *ud);
/*
 * Add a leg (copied); may emit calls the input has moved past. Returns 0,
 * or the line of a held leg it repeats (same globalCallID, legs and
 * times: a duplicated row), which is not added.
 */
long cucm_merge_add(struct cucm_merge *m, const struct cucm_leg *leg);
/* The note for a repeated leg (skipped, never merged twice). */
void cucm_repeat(struct src_ctx *ctx, const struct csvrow *row, long first);
/* Emit every call still held, then free m. */
void cucm_merge_finish(struct cucm_merge *m);
/*
 * The record of c (sorts its legs by start): text fields point into c
 * and m, valid until the next call. source and zone are the caller's.
 */
void cucm_call_rec(struct cucm_merge *m, struct cucm_call *c, struct rec *r);
/* Account c's legs: one used and n - 1 merged, or all rejected (why). */
void cucm_call_account(struct src_ctx *ctx, const struct cucm_call *c,
		       const char *why);

#endif
