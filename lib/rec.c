/*
 * rec: the call record of SPEC section 2 (see rec.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "num.h"
#include "rec.h"
#include "tm.h"
#include "utf8.h"
#include "xalloc.h"

#define TEXT(n, f, k)                                                          \
	{                                                                      \
#n, RT_TEXT, offsetof(struct rec, f), 0, 0, k                  \
	}
#define TIME(n, e)                                                             \
	{                                                                      \
#n, RT_TIME, offsetof(struct rec, n), e, 0, 0                  \
	}
#define SECS(n, f)                                                             \
	{                                                                      \
#n, RT_SECS, offsetof(struct rec, f), 0, 0, 0                  \
	}
#define COUNT(n, m)                                                            \
	{                                                                      \
#n, RT_COUNT, offsetof(struct rec, n), 0, m, 0                 \
	}

/*
 * SPEC 2, in the order cdr-parse writes it. Counts up to a million: a
 * Q.850 cause is below 128, a transfer count far below; the bound only
 * keeps a garbled number out of the sums, the same for every reader.
 */
const struct rec_coldef rec_cols[RC_COUNT] = {
    TEXT(call_id, call_id, 0),
    TEXT(source, source, 1),
    TIME(start, 0),
    TIME(answer, 1),
    TIME(end, 0),
    TEXT(caller, caller, 0),
    TEXT(callee, callee, 0),
    TEXT(queue, queue, 0),
    TEXT(agent, agent, 0),
    TEXT(channel, channel, 1),
    SECS(ring_s, ring_ms),
    SECS(wait_s, wait_ms),
    SECS(talk_s, talk_ms),
    SECS(hold_s, hold_ms),
    SECS(wrap_s, wrap_ms),
    {"outcome", RT_OUTCOME, offsetof(struct rec, outcome), 0, 0, 0},
    COUNT(cause, 1000000),
    COUNT(transfers, 1000000),
    {"queued", RT_FLAG, offsetof(struct rec, queued), 0, 0, 0},
    TEXT(zone, zone, 1),
};

/* The RT_TEXT columns of the table, for rec_check. */
static const int text_cols[] = {RC_CALL_ID, RC_SOURCE, RC_CALLER,  RC_CALLEE,
				RC_QUEUE,   RC_AGENT,  RC_CHANNEL, RC_ZONE};

int rec_col_find(const char *name)
{
	int c;

	for (c = 0; c < RC_COUNT; c++)
		if (strcmp(rec_cols[c].name, name) == 0)
			return c;
	return -1;
}

/* The value of column c in r, by type. */
#define REC_FIELD(r, c, T) ((T *)rec_field(r, c))
#define REC_CFIELD(r, c, T) ((const T *)((const char *)(r) + rec_cols[c].off))

static const char *const outcome_names[OC_COUNT] = {
    "answered", "abandoned", "timeout",	  "busy",
    "noanswer", "rejected",  "cancelled", "failed",
};

void rec_clear(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->start = r->answer = r->end = TM_NONE;
	r->ring_ms = r->wait_ms = r->hold_ms = r->wrap_ms = MS_NONE;
	r->talk_ms = 0;
	r->outcome = OC_NONE;
	r->cause = -1;
	r->transfers = -1;
	r->queued = -1;
}

const char *outcome_name(enum outcome o)
{
	return o >= 0 && o < OC_COUNT ? outcome_names[o] : "";
}

/* outcome_parse of the len bytes at s (a NUL among them: OC_NONE). */
static enum outcome outcome_parse_n(const char *s, size_t len)
{
	switch (len) {
	case 4:
		return !memcmp(s, "busy", 4) ? OC_BUSY : OC_NONE;
	case 6:
		return !memcmp(s, "failed", 6) ? OC_FAILED : OC_NONE;
	case 7:
		return !memcmp(s, "timeout", 7) ? OC_TIMEOUT : OC_NONE;
	case 8:
		return !memcmp(s, "answered", 8)   ? OC_ANSWERED
		       : !memcmp(s, "noanswer", 8) ? OC_NOANSWER
		       : !memcmp(s, "rejected", 8) ? OC_REJECTED
						   : OC_NONE;
	case 9:
		return !memcmp(s, "abandoned", 9)   ? OC_ABANDONED
		       : !memcmp(s, "cancelled", 9) ? OC_CANCELLED
						    : OC_NONE;
	default:
		return OC_NONE;
	}
}

enum outcome outcome_parse(const char *s)
{
	int i;

	for (i = 0; i < OC_COUNT; i++)
		if (strcmp(s, outcome_names[i]) == 0)
			return (enum outcome)i;
	return OC_NONE;
}

enum outcome outcome_from_cause(int cause, enum outcome dflt)
{
	switch (cause) {
	case 17:
		return OC_BUSY;
	case 18:
	case 19:
		return OC_NOANSWER;
	case 21:
		return OC_REJECTED;
	case -1:
	case 0:
	case 16:
	case 31:
		return dflt;
	default:
		return OC_FAILED;
	}
}

/*
 * Bytes a text cell can be copied with as they are: 0 for printable
 * ASCII but ',' and '"', and tab; 1 for the rest (NUL, control bytes,
 * ',', '"', bytes >= 0x80), which need a closer look.
 */
static const unsigned char plain_not[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * How many of the 16 bytes at p are plain (plain_not 0) before the
 * first that is not, 16 if all are; when o is not NULL, those bytes are
 * copied to o, and maybe more of the 16 (o has room for 16). The text
 * ends at a NUL, which is not plain: with SSE2 the 16 bytes are read at
 * once, past the NUL too but never into the next page (as strlen does;
 * hence no ASan in here), else, and near a page's end, one by one up to
 * the first non-plain.
 */
#ifdef __SSE2__
#if defined(__SANITIZE_ADDRESS__)
#define PLAIN_ATTR __attribute__((no_sanitize_address))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLAIN_ATTR __attribute__((no_sanitize_address))
#endif
#endif
#ifndef PLAIN_ATTR
#define PLAIN_ATTR __attribute__((always_inline)) inline
#endif
#else
#define PLAIN_ATTR inline
#endif
static PLAIN_ATTR unsigned plain16(const unsigned char *p, char *o)
{
	unsigned j;

#ifdef __SSE2__
	if (((uintptr_t)p & 4095) <= 4096 - 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i ctl = _mm_andnot_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
		    _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))); /* and >= 0x80 */
		__m128i odd = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
				 _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
		unsigned m =
		    (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, odd));

		if (o)
			_mm_storeu_si128((__m128i *)(void *)o, v);
		return m ? (unsigned)__builtin_ctz(m) : 16;
	}
#endif
	for (j = 0; j < 16; j++) {
		if (plain_not[p[j]])
			return j;
		if (o)
			o[j] = (char)p[j];
	}
	return 16;
}

/*
 * Text a record may carry: valid UTF-8, no control bytes but tab. One
 * pass: runs of plain bytes 16 at a time (plain16), a byte >= 0x80
 * starts a sequence that utf8_seq checks (the texts are short and
 * mostly ASCII: strlen, utf8_invalid and a control loop cost three
 * passes).
 */
static const char *check_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t n;

	if (!s)
		return NULL;
	for (;;) {
		unsigned char c;
		unsigned k = plain16(p, NULL);

		p += k;
		if (k == 16)
			continue;
		c = *p;
		if (c == ',' || c == '"') {
			p++;
			continue;
		}
		if (c == 0)
			return NULL;
		if (c < 0x80)
			return "control character in text";
		/* a sequence ends at the NUL at the latest: 4 bytes or
		 * fewer before it are enough for utf8_seq */
		n = utf8_seq((const char *)p, strnlen((const char *)p, 4), &cp);
		if (!n)
			return "invalid UTF-8";
		p += n;
	}
}

const char *rec_check_values(const struct rec *r)
{
	if (r->start == TM_NONE)
		return "no start time";
	if (r->end == TM_NONE)
		return "no end time";
	if (r->end < r->start)
		return "end before start";
	if (r->answer != TM_NONE &&
	    (r->answer < r->start || r->answer > r->end))
		return "answer time outside start..end";
	if (r->outcome == OC_NONE)
		return "no outcome";
	if ((r->outcome == OC_ANSWERED) != (r->answer != TM_NONE))
		return r->answer == TM_NONE
			   ? "answered without an answer time"
			   : "answer time on an unanswered call";
	/* the limits of the table, unrolled: once per record written */
	if (r->talk_ms < 0 || (r->ring_ms != MS_NONE && r->ring_ms < 0) ||
	    (r->wait_ms != MS_NONE && r->wait_ms < 0) ||
	    (r->hold_ms != MS_NONE && r->hold_ms < 0) ||
	    (r->wrap_ms != MS_NONE && r->wrap_ms < 0))
		return "negative duration";
	if (r->cause < -1 || r->cause > rec_cols[RC_CAUSE].max)
		return "cause: is not a count";
	if (r->transfers < -1 || r->transfers > rec_cols[RC_TRANSFERS].max)
		return "transfers: is not a count";
	if (r->queued < -1 || r->queued > 1)
		return "queued: is not 1, 0 or empty";
	return NULL;
}

static _Thread_local char text_why[80];

/* "column: reason" of text column c, in a static buffer. */
static const char *text_reason(int c, const char *e)
{
	snprintf(text_why, sizeof(text_why), "%s: %s", rec_cols[c].name, e);
	return text_why;
}

const char *rec_check(const struct rec *r)
{
	const char *e = rec_check_values(r);
	int c;

	if (e)
		return e;
	for (c = 0; c < (int)(sizeof(text_cols) / sizeof(text_cols[0])); c++)
		if ((e = check_text(*REC_CFIELD(r, text_cols[c], char *))))
			return text_reason(text_cols[c], e);
	return NULL;
}

void rec_out_header(struct out *o)
{
	int c;

	for (c = 0; c < RC_COUNT; c++) {
		enum rec_type t = rec_cols[c].type;
		out_col(o, rec_cols[c].name,
			t == RT_SECS || t == RT_COUNT || t == RT_FLAG
			    ? OUT_NUM
			    : OUT_STR);
	}
}

/*
 * Column c of r as a cell: NULL when empty, a text of r, or the value
 * written into b (>= 40 bytes) with its length in *len.
 */
static const char *cell_of(const struct rec *r, int c, char *b, size_t *len)
{
	int64_t v;

	*len = (size_t)-1;
	switch (rec_cols[c].type) {
	case RT_TEXT:
		if (c == RC_CHANNEL && !r->channel)
			return "voice";
		return *REC_CFIELD(r, c, char *);
	case RT_OUTCOME:
		return outcome_name(r->outcome);
	case RT_TIME:
		v = *REC_CFIELD(r, c, int64_t);
		if (v == TM_NONE)
			return NULL;
		*len = tm_put_iso(b, v);
		return b;
	case RT_SECS:
		v = *REC_CFIELD(r, c, int64_t);
		if (v == MS_NONE)
			return NULL;
		*len = num_put_ms(b, v);
		return b;
	case RT_COUNT:
	case RT_FLAG:
		v = *REC_CFIELD(r, c, int);
		if (v < 0)
			return NULL;
		*len = num_put_i64(b, v);
		return b;
	}
	return NULL;
}

void rec_out_cells(struct out *o, const struct rec *r)
{
	char b[48];
	size_t len;
	int c;

	for (c = 0; c < RC_COUNT; c++) {
		const char *s = cell_of(r, c, b, &len);
		out_cell(o, s, len);
	}
}

/*
 * rec_out's fast path for csv: the whole row formatted into one buffer
 * and handed to out_raw_row. Text cells are copied byte for byte, quoted
 * (with quotes doubled) when they hold a comma, a quote, CR or LF;
 * instants and seconds are written by hand. The bytes are those of the
 * cell by cell path (tests/fmt.bats, the cdr-parse tests).
 */
struct line {
	char *b;
	size_t n, cap;
};

static void line_need(struct line *l, size_t k)
{
	if (l->n + k > l->cap)
		l->b = xgrow(l->b, &l->cap, l->n + k, 1);
}

/* Bytes that make a csv cell quoted. */
static int csv_special(unsigned char c)
{
	return c == ',' || c == '"' || c == '\n' || c == '\r';
}

/* s into l as a csv cell, quoted (quotes doubled) if it must be. */
static void line_text_slow(struct line *l, const char *s)
{
	size_t len, i;
	char *p;

	len = strlen(s);
	line_need(l, 2 * len + 3);
	p = l->b + l->n;
	for (i = 0; i < len && !csv_special((unsigned char)s[i]); i++)
		p[i] = s[i];
	if (i == len) {
		l->n += len;
		return;
	}
	*p++ = '"';
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			*p++ = '"';
		*p++ = s[i];
	}
	*p++ = '"';
	l->n = (size_t)(p - l->b);
}

/*
 * Text s into l as line_text_slow writes it and, when check, checked as
 * check_text: NULL or the reason. Plain bytes are classed (plain16) and
 * copied 16 at a time; a cell with any other byte (a quote, a comma, a
 * control byte, UTF-8) is done again by check_text and line_text_slow.
 */
static const char *line_text(struct line *l, const char *s, int check)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n0 = l->n;
	const char *why;

	if (!s) {
		line_need(l, 1); /* the comma */
		return NULL;
	}
	for (;;) {
		unsigned k;

		/* the plain bytes copied 16 at a time: room for 16 */
		line_need(l, 16);
		k = plain16(p, l->b + l->n);
		l->n += k;
		p += k;
		if (k < 16) {
			if (*p == 0)
				return NULL;
			break;
		}
	}
	l->n = n0;
	if (check && (why = check_text(s)))
		return why;
	line_text_slow(l, s);
	return NULL;
}

/* A text cell of line_rec and its comma: return the reason on failure. */
#define LINE_TEXT(c, s)                                                        \
	do {                                                                   \
		if ((e = line_text(l, (s), check)))                            \
			return text_reason((c), e);                            \
		l->b[l->n++] = ',';                                            \
	} while (0)
/* Instants, seconds and counts: written when set, and the comma. */
#define LINE_TIME(v)                                                           \
	do {                                                                   \
		if ((v) != TM_NONE)                                            \
			l->n += tm_put_iso(l->b + l->n, (v));                  \
		l->b[l->n++] = ',';                                            \
	} while (0)
#define LINE_SECS(v)                                                           \
	do {                                                                   \
		if ((v) != MS_NONE)                                            \
			l->n += num_put_ms(l->b + l->n, (v));                  \
		l->b[l->n++] = ',';                                            \
	} while (0)
#define LINE_COUNT(v)                                                          \
	do {                                                                   \
		if ((v) >= 0)                                                  \
			l->n += num_put_i64(l->b + l->n, (v));                 \
		l->b[l->n++] = ',';                                            \
	} while (0)

/*
 * r as its csv line into l, the cells of the table in order (written
 * out: rec_cols' order and types, which tests/golden.bats and the
 * header hold it to). When check, rec_check's checks in its order
 * first: the reason of the first that fails (the line is then
 * unfinished), or NULL. A text leaves room for its comma; the numbers
 * have room made for them before each run of them.
 */
static const char *line_rec(struct line *l, const struct rec *r, int check)
{
	const char *e;
	const char *oc;
	size_t k;

	_Static_assert(RC_COUNT == 20 && RC_START == 2 && RC_CALLER == 5 &&
			   RC_RING_S == 10 && RC_OUTCOME == 15 && RC_ZONE == 19,
		       "line_rec writes the columns of rec_cols in order");
	if (check && (e = rec_check_values(r)))
		return e;
	l->n = 0;
	LINE_TEXT(RC_CALL_ID, r->call_id);
	LINE_TEXT(RC_SOURCE, r->source);
	line_need(l, 3 * 33);
	LINE_TIME(r->start);
	LINE_TIME(r->answer);
	LINE_TIME(r->end);
	LINE_TEXT(RC_CALLER, r->caller);
	LINE_TEXT(RC_CALLEE, r->callee);
	LINE_TEXT(RC_QUEUE, r->queue);
	LINE_TEXT(RC_AGENT, r->agent);
	LINE_TEXT(RC_CHANNEL, r->channel ? r->channel : "voice");
	line_need(l, 5 * 33 + 16 + 4 * 24);
	LINE_SECS(r->ring_ms);
	LINE_SECS(r->wait_ms);
	LINE_SECS(r->talk_ms);
	LINE_SECS(r->hold_ms);
	LINE_SECS(r->wrap_ms);
	oc = outcome_name(r->outcome);
	k = strlen(oc);
	memcpy(l->b + l->n, oc, k);
	l->n += k;
	l->b[l->n++] = ',';
	LINE_COUNT(r->cause);
	LINE_COUNT(r->transfers);
	LINE_COUNT(r->queued);
	LINE_TEXT(RC_ZONE, r->zone);
	l->b[l->n - 1] = '\n';
	return NULL;
}

void rec_out(struct out *o, const struct rec *r)
{
	static _Thread_local struct line l;

	if (!out_raw_ok(o)) {
		rec_out_cells(o, r);
		out_end_row(o);
		return;
	}
	line_rec(&l, r, 0);
	out_raw_row(o, l.b, l.n);
}

const char *rec_check_line(const struct rec *r, const char **line, size_t *n)
{
	static _Thread_local struct line l;
	const char *why = line_rec(&l, r, 1);

	*line = l.b;
	*n = l.n;
	return why;
}

void recmap_init(struct recmap *m, const struct csvrow *header)
{
	size_t i;
	int c;

	for (c = 0; c < RC_COUNT; c++)
		m->idx[c] = -1;
	for (i = 0; i < header->nf; i++)
		if ((c = rec_col_find(header->f[i])) >= 0 && m->idx[c] < 0)
			m->idx[c] = (int)i;
	recmap_only(m, ~0u);
}

void recmap_only(struct recmap *m, unsigned need)
{
	int c;

	m->n = 0;
	for (c = 0; c < RC_COUNT; c++)
		if (m->idx[c] >= 0 && (need >> c & 1)) {
			m->ent[m->n].idx = m->idx[c];
			m->ent[m->n].type = (unsigned char)rec_cols[c].type;
			m->ent[m->n].col = (unsigned char)c;
			m->ent[m->n].off = (unsigned short)rec_cols[c].off;
			m->col[m->n++] = c;
		}
}

/* Quote a field for a message, cut to a readable length. */
static const char *show(const char *s, size_t len, char *buf, size_t n)
{
	if (len > 40)
		snprintf(buf, n, "%.40s...", s);
	else
		snprintf(buf, n, "%.*s", (int)len, s);
	return buf;
}

/* rec_set, inlined into rec_from_row (once per cell kpi-calc reads). */
static inline const char *set_cell(struct rec *r, int c, const char *s,
				   size_t len)
{
	const struct rec_coldef *d = &rec_cols[c];
	const char *why = NULL;
	int64_t v;

	if (len == 0 && (d->type != RT_TEXT || d->keep_empty)) {
		if (d->type == RT_TIME && !d->empty_ok)
			return "is not a UTC time";
		if (d->type == RT_OUTCOME)
			return "is not an outcome";
		return NULL;
	}
	switch (d->type) {
	case RT_TEXT:
		*REC_FIELD(r, c, const char *) = s;
		return NULL;
	case RT_TIME:
		return tm_parse_iso(s, len, REC_FIELD(r, c, int64_t)) < 0
			   ? "is not a UTC time"
			   : NULL;
	case RT_SECS:
		return num_parse_ms(s, len, REC_FIELD(r, c, int64_t), &why) < 0
			   ? why
			   : NULL;
	case RT_OUTCOME:
		r->outcome = outcome_parse_n(s, len);
		return r->outcome == OC_NONE ? "is not an outcome" : NULL;
	case RT_COUNT:
		if (num_parse_i64(s, len, &v) < 0 || v < 0 || v > d->max)
			return "is not a count";
		*REC_FIELD(r, c, int) = (int)v;
		return NULL;
	case RT_FLAG:
		if (len != 1 || (s[0] != '0' && s[0] != '1'))
			return "is not 1, 0 or empty";
		*REC_FIELD(r, c, int) = s[0] == '1';
		return NULL;
	}
	return NULL;
}

const char *rec_set(struct rec *r, int c, const char *s, size_t len)
{
	return set_cell(r, c, s, len);
}

/*
 * The reason a cell that failed rec_from_row's fast path is refused, in
 * a message for err: the NUL byte first, as a C string would hide what
 * follows it. 0 if the cell is good after all.
 */
static int cell_error(struct rec *r, int c, const char *s, size_t len,
		      char *err, size_t errlen)
{
	const char *why = set_cell(r, c, s, len);
	char sb[64];

	/*
	 * C strings stop at a NUL: "555<NUL>111" would be "555". A
	 * number, time or outcome with one is refused by rec_set.
	 */
	if ((why || rec_cols[c].type == RT_TEXT) && memchr(s, '\0', len)) {
		snprintf(err, errlen, "%s: contains a NUL byte",
			 rec_cols[c].name);
		return -1;
	}
	if (why) {
		snprintf(err, errlen, "%s: \"%s\" %s", rec_cols[c].name,
			 show(s, len, sb, sizeof(sb)), why);
		return -1;
	}
	return 0;
}

/*
 * set_cell's work for the good cells, in one switch: a cell it does not
 * take goes to cell_error, which gives set_cell's answer and message.
 */
int rec_from_row(const struct recmap *m, const struct csvrow *row,
		 struct rec *r, char *err, size_t errlen)
{
	const char *why;
	int k;

	rec_clear(r);
	for (k = 0; k < m->n; k++) {
		const struct recmap_ent *e = &m->ent[k];
		int c = e->col, i = e->idx;
		void *f = (char *)r + e->off;
		const char *s;
		size_t len;
		int64_t v;

		if ((size_t)i >= row->nf) {
			snprintf(err, errlen,
				 "expected at least %d fields, got %zu", i + 1,
				 row->nf);
			return -1;
		}
		s = row->f[i];
		len = row->len[i];
		switch ((enum rec_type)e->type) {
		case RT_TEXT:
			if (len && memchr(s, '\0', len))
				break;
			if (len || !rec_cols[c].keep_empty)
				*(const char **)f = s;
			continue;
		case RT_SECS:
			if (!len || num_parse_ms(s, len, f, &why) == 0)
				continue;
			break;
		case RT_TIME:
			if (len ? tm_parse_iso(s, len, f) == 0
				: rec_cols[c].empty_ok)
				continue;
			break;
		case RT_OUTCOME:
			if ((r->outcome = outcome_parse_n(s, len)) != OC_NONE)
				continue;
			break;
		case RT_COUNT:
			if (!len)
				continue;
			if (num_parse_i64(s, len, &v) == 0 && v >= 0 &&
			    v <= rec_cols[c].max) {
				*(int *)f = (int)v;
				continue;
			}
			break;
		case RT_FLAG:
			if (!len)
				continue;
			if (len == 1 && (s[0] == '0' || s[0] == '1')) {
				*(int *)f = s[0] == '1';
				continue;
			}
			break;
		}
		if (cell_error(r, c, s, len, err, errlen) < 0)
			return -1;
	}
	return 0;
}
