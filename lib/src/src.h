/*
 * src: the table of cdr-parse input formats. One format is one
 * lib/src/src_<format>.c defining a struct src_format, plus one line in the
 * table in src.c. A format reads every row of its input and ends each one
 * in exactly one of src_emit (a record), acct_reject or acct_skip.
 */
#ifndef TA_SRC_H
#define TA_SRC_H

#include "acct.h"
#include "csvin.h"
#include "out.h"
#include "rec.h"
#include "seen.h"
#include "where.h"

struct src_map {	  /* --map COL=NAME for generic */
	int col;	  /* enum rec_col */
	const char *name; /* input header name */
};

struct src_ctx {
	const char *file; /* name for messages */
	struct csvin *in; /* opened with the format's delimiter */
	struct acct *acct;
	struct out *out;
	int have_tz;		   /* --tz given: local times can be placed */
	const char *zone;	   /* the record's zone: --tz, else "UTC" */
	const struct src_map *map; /* generic: --map pairs */
	size_t nmap;
	int open_calls;			/* queue logs: 0 reject, 1 emit */
	const char *const *hunt_pilots; /* cucm: --hunt-pilot DNs */
	size_t nhunt_pilots;
	const char *const *voicemail; /* cucm: --voicemail DNs */
	size_t nvoicemail;
	struct seen_ids *dedupe;  /* --dedupe: call_ids written, or NULL */
	struct seen_hashes *same; /* hashes of the records written */
	int several;		  /* more than one input file */
	/* --date-window: a start outside [win_from, win_to) ms is rejected
	 * (none when win_to <= win_from); win_label "FROM..TO" */
	int64_t win_from, win_to;
	const char *win_label;
	/* --where on the record as written (NULL: none), bound to its
	 * columns; the rendering of one record to test it */
	const struct where *where;
	FILE *wfp;
	char *wbuf, *wline;
	size_t wlen, wcap;
	struct out *wout;
	unsigned long identical; /* records identical to an earlier one */
	size_t span; /* csvrow_span of the row src_next_row returned */
	int plain;   /* and 1 if its bytes are all printable ASCII or tab */
};

struct src_format {
	const char *name;    /* -f NAME */
	const char *summary; /* one line for --list-formats */
	char delim;	     /* default input delimiter */
	int local_time;	     /* 1 if the source writes local time */
	/* Read all of ctx->in; return 0, or an EXIT_* code to stop with. */
	int (*run)(struct src_ctx *ctx);
};

extern const struct src_format *const src_formats[];
const struct src_format *src_find(const char *name);

/*
 * The reason r cannot be written, or NULL: a time outside the years
 * 1..9999, a start outside --date-window, then rec_check's reasons.
 */
const char *src_check(const struct src_ctx *ctx, const struct rec *r);
/*
 * src_check without rec_check's text checks, for a record whose texts
 * all come from a row src_next_row found plain (ctx->plain): they pass.
 */
const char *src_check_values(const struct src_ctx *ctx, const struct rec *r);
/*
 * --where on r as cdr-parse would write it: 1 it passes (or no --where),
 * 0 it is filtered out (the caller counts its rows as skipped), -1 a
 * test cannot be applied, the reason in why (the rows are rejected).
 */
int src_where(struct src_ctx *ctx, const struct rec *r, char *why, size_t n);
/* Bind w to the record's columns: 0, or -1 with the reason in err. */
int src_where_bind(struct where *w, char *err, size_t n);
/* Free what src_where kept. */
void src_where_release(struct src_ctx *ctx);
/* Validate r (src_check) and write it, or reject row with the reason. */
void src_emit(struct src_ctx *ctx, const struct csvrow *row,
	      const struct rec *r);
/*
 * The same for a record made of the n rows of one call (SPEC 2: one
 * record per contact): a failed check rejects every row, --dedupe skips
 * every row, else rows[0] is used and the others counted as merged.
 */
void src_emit_call(struct src_ctx *ctx, const struct csvrow *const *rows,
		   size_t n, const struct rec *r);
/* Reject row: shorthand for acct_reject with ctx's file. */
void src_reject(struct src_ctx *ctx, const struct csvrow *row, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));
/*
 * A local civil time string of the source -> instant, using the active
 * zone (tz_set by --tz). NULL on success, else a static reason
 * ("no --tz given for local time", "ambiguous local time", ...).
 */
const char *src_local_time(const struct src_ctx *ctx, const char *s, size_t len,
			   int64_t *t);

/*
 * The local times of three consecutive fields first..first+2 (start,
 * answer, end; an empty answer is TM_NONE) into t. On a bad one, rejects
 * row naming the field (names[i]) and returns -1.
 */
int src_start_answer_end(struct src_ctx *ctx, const struct csvrow *row,
			 size_t first, const char *const names[3],
			 int64_t t[3]);
/*
 * The next usable row of ctx->in: rows the reader cannot parse and rows
 * with a NUL byte in a field (every C string function would cut it
 * short) are rejected on the way. 0 at end of input.
 */
int src_next_row(struct src_ctx *ctx, struct csvrow *row);
/*
 * When the fields of row lie in order in one buffer, each 0 to 4 bytes
 * after the NUL ending the one before (a line split in place: quotes and
 * commas between them), the bytes from the first field to the last one's
 * NUL; else 0.
 */
size_t csvrow_span(const struct csvrow *row);
/*
 * Read the header row, rejecting unreadable rows before it; col[k] is
 * the field index of names[k], or -1. Returns 0 at end of input, else 1
 * with the header in *row.
 */
int src_read_header(struct src_ctx *ctx, struct csvrow *row,
		    const char *const *names, int n, int *col);
/* Field k as SPEC 2 seconds, or reject row naming the field and -1. */
int src_seconds(struct src_ctx *ctx, const struct csvrow *row, size_t k,
		const char *name, int64_t *ms);

#endif
