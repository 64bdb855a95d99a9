/*
 * state: the state files of --state-out and --merge, one writer and one
 * reader for every tool that merges (kpi-calc, complaint-kpi).
 *
 * A state is line-oriented text:
 *   MAGIC                     e.g. "telaudit-kpi-state 3"
 *   param NAME VALUE          every run parameter that fixes the counts
 *   input SHA256 BYTES        each input the counts were made from
 *   (tool lines, e.g. "latest MS")
 *   g KEY                     then, per group in key order:
 *   c U1 U2 ... S1 S2 ... [X] its counters, sums and an extra field
 *   T v:c v:c ...             a histogram line per non-empty histogram
 *   end
 * Values and keys have the bytes outside '!'..'~' and '\' as \xHH.
 *
 * The reader refuses (with the line) a state whose counters do not hold
 * together (the tool's consistency check), whose sums would overflow
 * when merged, or that is not complete; state_merge_file adds the checks
 * of --merge: the same state twice (by any path, or a copy: the same
 * input hash), every parameter present once and agreeing, none unknown.
 */
#ifndef TA_STATE_H
#define TA_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "group.h"
#include "hist.h"
#include "target.h"

/* What a tool's accumulator looks like to the state file. */
struct state_kind {
	const char *magic; /* the first line */
	const char *tool;  /* "kpi-calc", for "not a kpi-calc state file" */
	const char *rows;  /* what would count twice: "calls" */
	size_t size;	   /* bytes of one accumulator */
	size_t nu, ns;	   /* counters (uint64) and sums (int64, >= 0) */
	/* pointers to a's counters and sums, in file order */
	void (*fields)(void *a, uint64_t **u, int64_t **s);
	const char *tags; /* histogram line tags, in file order */
	struct hist *(*hist)(void *a, size_t i); /* of tags[i] */
	/* an extra field after the sums (or NULL): write " X", read s */
	void (*put_extra)(FILE *fp, const void *a);
	int (*get_extra)(const char *s, void *a);
	int (*consistent)(const void *a);
	const char *inconsistent; /* e.g. "(answered > offered...)" */
	void (*init)(void *a);
	void (*merge)(void *dst, const void *src);
	void (*release)(void *a);
	/* the table: its keys, the accumulator of an entry, of a key */
	const struct group_table *(*keys)(const void *table);
	void *(*val)(void *table, const struct group_ent *g);
	void *(*get)(void *table, const char *key, size_t len);
	/* tool lines before the groups (or NULL): write, and take one
	 * line (1 taken, 0 not one of the tool's, -1 bad) */
	void (*put_head)(FILE *fp, const void *table);
	int (*get_head)(void *table, const char *line);
};

struct state_param {
	char *name, *value;
};
struct state_input {
	char hash[65]; /* SHA-256, hex */
	unsigned long long bytes;
};
/* What a state holds besides the groups. */
struct state {
	struct state_param *param;
	size_t nparam;
	struct state_input *input;
	size_t ninput;
	size_t ngroups; /* "g" lines read */
};

/*
 * Write param[], the inputs of st (may be NULL) and the groups of table.
 * 0, or -1 on a write error.
 */
int state_write(FILE *fp, const struct state_kind *k,
		const struct state_param *param, size_t nparam,
		const struct state *st, void *table);
/*
 * Read a state, merging its groups into table; params and inputs go to
 * st (caller releases). 0, or -1 with "LINE: reason" in err.
 */
int state_read(FILE *fp, const struct state_kind *k, struct state *st,
	       void *table, char *err, size_t errlen);
void state_release(struct state *st);

/*
 * --merge: read the state at path ("-": stdin) into table with every
 * check, the parameters of param[] (names set) taken from it with
 * param_from_state. Exits 2 with "path: reason" when it is refused.
 */
void state_merge_file(const char *path, const struct state_kind *k, void *table,
		      struct param *param, size_t nparam);
/*
 * After the states: every key of keys has the shape of --by (is_period[]
 * for its n components), else exit 2.
 */
void state_check_keys(const struct group_table *keys, const int *is_period,
		      size_t n, const char *by);
/*
 * --state-out: write table with param[] and the hashes of the inputs
 * read (state_hash_inputs must have been called before reading) to path
 * ("-": stdout). Exits 3 when it cannot be written.
 */
void state_save(const char *path, const struct state_kind *k,
		const struct param *param, size_t nparam, void *table);
/* Hash every input as it is read, for state_save. */
void state_hash_inputs(void);

/* Pieces: escaped bytes, and a histogram as "TAG v:c v:c ...". */
void state_put_escaped(FILE *fp, const char *s, size_t n);
int state_unescape(const char *s, char **out, size_t *outlen);
void hist_write(FILE *fp, char tag, const struct hist *h);
int hist_read(const char *s, struct hist *h);

#endif
