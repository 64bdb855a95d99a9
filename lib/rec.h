/*
 * rec: the call record of SPEC section 2, its columns, validation,
 * printing (cdr-parse) and reading back by header name (kpi-calc).
 *
 * Ownership: text fields point into storage owned by whoever filled the
 * record (a csvrow, a source's buffers); a record copies nothing.
 */
#ifndef TA_REC_H
#define TA_REC_H

#include "csvin.h"
#include "out.h"
#include <stdint.h>

enum outcome {
	OC_NONE = -1,
	OC_ANSWERED,
	OC_ABANDONED,
	OC_TIMEOUT,
	OC_BUSY,
	OC_NOANSWER,
	OC_REJECTED,
	OC_CANCELLED,
	OC_FAILED,
	OC_COUNT
};

enum rec_col {
	RC_CALL_ID,
	RC_SOURCE,
	RC_START,
	RC_ANSWER,
	RC_END,
	RC_CALLER,
	RC_CALLEE,
	RC_QUEUE,
	RC_AGENT,
	RC_CHANNEL,
	RC_RING_S,
	RC_WAIT_S,
	RC_TALK_S,
	RC_HOLD_S,
	RC_WRAP_S,
	RC_OUTCOME,
	RC_CAUSE,
	RC_TRANSFERS,
	RC_QUEUED,
	RC_ZONE,
	RC_COUNT
};

struct rec {
	const char *call_id, *source, *caller, *callee, *queue, *agent;
	const char *channel;	    /* NULL = "voice" */
	int64_t start, answer, end; /* instants; answer TM_NONE = empty */
	int64_t ring_ms, wait_ms, talk_ms, hold_ms, wrap_ms; /* MS_NONE */
	enum outcome outcome;
	int cause;	  /* Q.850, -1 = empty */
	int transfers;	  /* -1 = not recorded by the source */
	int queued;	  /* 1, 0, -1 = unknown (SPEC 2) */
	const char *zone; /* IANA zone of the source's clock */
};

/*
 * The one table of the record's columns (SPEC 2): the name, the type of
 * its value, where it lives in struct rec and its limits. It drives
 * writing (rec_out, rec_out_header, rec_check), reading back by header
 * name (recmap_init, rec_from_row) and cdr-parse -f generic, so the three
 * agree on what a value may be.
 */
enum rec_type {
	RT_TEXT,    /* const char *; empty = not given */
	RT_TIME,    /* int64_t instant, wire form ...Z */
	RT_SECS,    /* int64_t ms, SPEC 2 seconds */
	RT_OUTCOME, /* enum outcome */
	RT_COUNT,   /* int, 0..max, empty = -1 */
	RT_FLAG	    /* int queued: 1, 0, empty = -1 */
};

struct rec_coldef {
	const char *name;
	enum rec_type type;
	size_t off;	/* of the value in struct rec */
	int empty_ok;	/* RT_TIME: an empty cell is TM_NONE (answer) */
	int64_t max;	/* RT_COUNT: largest value accepted */
	int keep_empty; /* RT_TEXT: an empty cell leaves the field as is */
};

extern const struct rec_coldef rec_cols[RC_COUNT];
/* Where column c's value lives in r (its type by rec_cols[c].type). */
static inline void *rec_field(struct rec *r, int c)
{
	return (char *)r + rec_cols[c].off;
}
/* The column named name, or -1. */
int rec_col_find(const char *name);
/*
 * Set column c of r from the cell s (len bytes, NUL-terminated at len):
 * NULL, or a static reason to follow the quoted value in a message
 * ("is not a UTC time", "is not a number", "is negative", "is not a
 * count", ...). Text points into s (an empty one too, unless keep_empty).
 * Other empty cells leave the field as it is (unknown), except an empty
 * time that is not empty_ok.
 */
const char *rec_set(struct rec *r, int c, const char *s, size_t len);

/* All fields empty / unknown, channel voice, talk 0. */
void rec_clear(struct rec *r);
const char *outcome_name(enum outcome o);
/*
 * SPEC 2/3.1: the record counts in the contact-centre KPIs: queued 1, or
 * queued unknown with a non-empty queue.
 */
static inline int rec_is_queued(const struct rec *r)
{
	return r->queued == 1 ||
	       (r->queued < 0 && r->queue && r->queue[0] != '\0');
}
enum outcome outcome_parse(const char *s); /* OC_NONE if unknown */
/*
 * SPEC 2: outcome of an unanswered call from its Q.850 cause: 17 busy,
 * 18/19 noanswer, 21 rejected, 16/31 or unknown -> dflt, else failed.
 */
enum outcome outcome_from_cause(int cause, enum outcome dflt);

/*
 * Check a record before it is written: start and end set, end >= start,
 * answer within [start, end], durations non-negative, outcome set,
 * answered <=> answer set, text fields valid UTF-8 without control bytes
 * other than tab. Returns NULL, or a static reason.
 */
const char *rec_check(const struct rec *r);
/* rec_check's checks but those of the texts, which it makes after them. */
const char *rec_check_values(const struct rec *r);

/*
 * rec_check and rec_out's csv line in one pass over the texts: NULL and
 * the line (n bytes, '\n' included; valid until the next call in the
 * thread) for out_raw_row, or rec_check's reason.
 */
const char *rec_check_line(const struct rec *r, const char **line, size_t *n);

/* Declare the SPEC 2 columns on o, then write records in that order. */
void rec_out_header(struct out *o);
void rec_out(struct out *o, const struct rec *r);
/* The SPEC 2 cells of r without ending the row (for extra columns). */
void rec_out_cells(struct out *o, const struct rec *r);

/*
 * Reading records back (kpi-calc): map header names to columns.
 * idx[c] is the field index of column c, -1 if absent; col[0..n) the
 * columns rec_from_row reads, in table order: every one present, or
 * those of recmap_only's mask.
 */
struct recmap {
	int idx[RC_COUNT];
	int n, col[RC_COUNT];
	/* col[k]'s field index, type and offset in struct rec */
	struct recmap_ent {
		int idx;
		unsigned char type, col;
		unsigned short off;
	} ent[RC_COUNT];
};
void recmap_init(struct recmap *m, const struct csvrow *header);
/* Read only the columns c with bit 1u << c in need (the rest unknown). */
void recmap_only(struct recmap *m, unsigned need);
/*
 * Fill r from row; text fields point into row. On error returns -1 with
 * a message like 'wait_s: "12,5" is not a number' in err (>= 256 bytes).
 */
int rec_from_row(const struct recmap *m, const struct csvrow *row,
		 struct rec *r, char *err, size_t errlen);

#endif
