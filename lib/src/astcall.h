/*
 * astcall: one record per contact from Asterisk-style CDR rows (SPEC 2).
 *
 * Asterisk, and PBXs built on it (FreePBX, Issabel, PBXware), write a
 * CDR row per pairing of two channels: ring attempts, forked Dials,
 * Local channel halves, the dialplan after a Dial, the rows PBXware's
 * ForkCDR writes for each queue ring. The rows of one call share a
 * linkedid (else a uniqueid). This module keeps each call's rows until
 * the input has moved on well past the call, then merges them into one
 * record; asterisk-csv and pbxware-csv differ only in how a row is read.
 * The merge rules are in src_asterisk_csv.c's comment and
 * man/cdr-parse.1.
 */
#ifndef TA_ASTCALL_H
#define TA_ASTCALL_H

#include <stdint.h>

#include "src.h"

/* The fields the merge reads, by role; a column index or -1. */
enum ast_field {
	AF_SRC,
	AF_DST,
	AF_DSTCHANNEL,
	AF_LASTAPP,
	AF_LASTDATA,
	AF_UNIQUEID,
	AF_TRUNK, /* the route of a call that was not queued (PBXware) */
	AF_N
};

struct ast_layout {
	const char *source; /* the record's source column */
	int col[AF_N];
	int nulls; /* the literal NULL stands for an empty field */
};

/* One row as its format read it. */
struct ast_row {
	int64_t start, answer, end, billsec; /* answer TM_NONE if none */
	enum outcome disp;		     /* the row's own disposition */
	const char *key;		     /* its call: linkedid, uniqueid */
};

/*
 * Read one row into *ar (its times, disposition and call key), checking
 * it as a record of its own so that a bad row is rejected with its own
 * line: 0, or -1 when rejected.
 */
typedef int (*ast_read_fn)(struct src_ctx *ctx, const struct csvrow *row,
			   struct ast_row *ar, const void *arg);

/* Read every row of ctx with rd(..., arg), write one record per call. */
void ast_calls_run(struct src_ctx *ctx, const struct ast_layout *lay,
		   ast_read_fn rd, const void *arg);

/* Field f of row under lay: "" when absent, or NULL under lay->nulls. */
const char *ast_field(const struct ast_layout *lay, const struct csvrow *row,
		      enum ast_field f);

/*
 * An Asterisk disposition into *oc: ANSWERED, NO ANSWER, BUSY, FAILED or
 * CONGESTION. Rejects row naming it and returns -1 if it is another.
 */
int ast_disposition(struct src_ctx *ctx, const struct csvrow *row,
		    const char *disp, enum outcome *oc);

/*
 * The first n bytes of s as a string: in buf (cap bytes) when they fit,
 * else in *heap, which the caller frees (NULL when buf was used).
 */
const char *ast_substr(char *buf, size_t cap, const char *s, size_t n,
		       char **heap);

/* s equals lower ignoring ASCII case (strcasecmp in the C locale). */
int ast_ieq(const char *s, const char *lower);

/* "SIP/301-00000004" -> length of "SIP/301": the channel's peer. */
size_t ast_peer_len(const char *s, size_t n);

#endif
