/*
 * rec: the call record of SPEC section 2 (see rec.h).
 */
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "rec.h"
#include "tm.h"
#include "utf8.h"
#include "xalloc.h"

const char *const rec_col_names[RC_COUNT] = {
    "call_id", "source",  "start",   "answer",	  "end",    "caller", "callee",
    "queue",   "agent",	  "channel", "ring_s",	  "wait_s", "talk_s", "hold_s",
    "wrap_s",  "outcome", "cause",   "transfers", "queued", "zone",
};

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
 * Text a record may carry: valid UTF-8, no control bytes but tab. One
 * pass: printable ASCII costs one compare a byte, a byte >= 0x80 starts
 * a sequence that utf8_seq checks (the texts are short and mostly
 * ASCII: strlen, utf8_invalid and a control loop cost three passes).
 */
static const char *check_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t n;

	if (!s)
		return NULL;
	for (;;) {
		unsigned char c = *p;

		if ((unsigned char)(c - 0x20) < 0x5f) { /* 0x20..0x7e */
			p++;
			continue;
		}
		if (c == 0)
			return NULL;
		if (c == '\t') {
			p++;
			continue;
		}
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

const char *rec_check(const struct rec *r)
{
	const char *texts[] = {r->call_id, r->caller,  r->callee, r->queue,
			       r->agent,   r->channel, r->zone};
	const char *names[] = {"call_id", "caller",  "callee", "queue",
			       "agent",	  "channel", "zone"};
	static char why[64];
	size_t i;

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
	if (r->talk_ms < 0 || (r->ring_ms != MS_NONE && r->ring_ms < 0) ||
	    (r->wait_ms != MS_NONE && r->wait_ms < 0) ||
	    (r->hold_ms != MS_NONE && r->hold_ms < 0) ||
	    (r->wrap_ms != MS_NONE && r->wrap_ms < 0))
		return "negative duration";
	if (r->transfers < -1)
		return "negative transfer count";
	if (r->queued < -1 || r->queued > 1)
		return "queued is not 1, 0 or empty";
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *e = check_text(texts[i]);
		if (e) {
			snprintf(why, sizeof(why), "%s: %s", names[i], e);
			return why;
		}
	}
	return NULL;
}

void rec_out_header(struct out *o)
{
	int i;

	for (i = 0; i < RC_COUNT; i++) {
		int num = i == RC_RING_S || i == RC_WAIT_S || i == RC_TALK_S ||
			  i == RC_HOLD_S || i == RC_WRAP_S || i == RC_CAUSE ||
			  i == RC_TRANSFERS || i == RC_QUEUED;
		out_col(o, rec_col_names[i], num ? OUT_NUM : OUT_STR);
	}
}

static void cell_time(struct out *o, int64_t t)
{
	char b[32];

	out_cell(o, t == TM_NONE ? NULL : tm_format_iso(b, t), (size_t)-1);
}

static void cell_ms(struct out *o, int64_t ms)
{
	char b[32];

	out_cell(o, ms == MS_NONE ? NULL : fmt_ms(b, ms), (size_t)-1);
}

void rec_out_cells(struct out *o, const struct rec *r)
{
	char b[32];

	out_cell(o, r->call_id, (size_t)-1);
	out_cell(o, r->source, (size_t)-1);
	cell_time(o, r->start);
	cell_time(o, r->answer);
	cell_time(o, r->end);
	out_cell(o, r->caller, (size_t)-1);
	out_cell(o, r->callee, (size_t)-1);
	out_cell(o, r->queue, (size_t)-1);
	out_cell(o, r->agent, (size_t)-1);
	out_cell(o, r->channel ? r->channel : "voice", (size_t)-1);
	cell_ms(o, r->ring_ms);
	cell_ms(o, r->wait_ms);
	cell_ms(o, r->talk_ms);
	cell_ms(o, r->hold_ms);
	cell_ms(o, r->wrap_ms);
	out_cell(o, outcome_name(r->outcome), (size_t)-1);
	out_cell(o, r->cause < 0 ? NULL : fmt_i64(b, r->cause), (size_t)-1);
	out_cell(o, r->transfers < 0 ? NULL : fmt_i64(b, r->transfers),
		 (size_t)-1);
	out_cell(o, r->queued < 0 ? NULL : r->queued ? "1" : "0", (size_t)-1);
	out_cell(o, r->zone, (size_t)-1);
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

static void line_text(struct line *l, const char *s)
{
	size_t len, i;
	char *p;

	if (!s)
		return;
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

static void line_time(struct line *l, int64_t t)
{
	line_need(l, 40);
	if (t != TM_NONE)
		l->n += tm_put_iso(l->b + l->n, t);
}

static void line_ms(struct line *l, int64_t ms)
{
	line_need(l, 40);
	if (ms != MS_NONE)
		l->n += num_put_ms(l->b + l->n, ms);
}

static void line_int(struct line *l, int64_t v)
{
	line_need(l, 40);
	if (v >= 0)
		l->n += num_put_i64(l->b + l->n, v);
}

static void line_sep(struct line *l, char c)
{
	line_need(l, 1);
	l->b[l->n++] = c;
}

void rec_out(struct out *o, const struct rec *r)
{
	static _Thread_local struct line l;

	if (!out_raw_ok(o)) {
		rec_out_cells(o, r);
		out_end_row(o);
		return;
	}
	/* the cells of rec_out_cells, in its order */
	l.n = 0;
	line_text(&l, r->call_id);
	line_sep(&l, ',');
	line_text(&l, r->source);
	line_sep(&l, ',');
	line_time(&l, r->start);
	line_sep(&l, ',');
	line_time(&l, r->answer);
	line_sep(&l, ',');
	line_time(&l, r->end);
	line_sep(&l, ',');
	line_text(&l, r->caller);
	line_sep(&l, ',');
	line_text(&l, r->callee);
	line_sep(&l, ',');
	line_text(&l, r->queue);
	line_sep(&l, ',');
	line_text(&l, r->agent);
	line_sep(&l, ',');
	line_text(&l, r->channel ? r->channel : "voice");
	line_sep(&l, ',');
	line_ms(&l, r->ring_ms);
	line_sep(&l, ',');
	line_ms(&l, r->wait_ms);
	line_sep(&l, ',');
	line_ms(&l, r->talk_ms);
	line_sep(&l, ',');
	line_ms(&l, r->hold_ms);
	line_sep(&l, ',');
	line_ms(&l, r->wrap_ms);
	line_sep(&l, ',');
	line_text(&l, outcome_name(r->outcome));
	line_sep(&l, ',');
	line_int(&l, r->cause);
	line_sep(&l, ',');
	line_int(&l, r->transfers);
	line_sep(&l, ',');
	line_text(&l, r->queued < 0 ? NULL : r->queued ? "1" : "0");
	line_sep(&l, ',');
	line_text(&l, r->zone);
	line_sep(&l, '\n');
	out_raw_row(o, l.b, l.n);
}

void recmap_init(struct recmap *m, const struct csvrow *header)
{
	size_t i;
	int c;

	for (c = 0; c < RC_COUNT; c++)
		m->idx[c] = -1;
	for (i = 0; i < header->nf; i++)
		for (c = 0; c < RC_COUNT; c++)
			if (m->idx[c] < 0 &&
			    strcmp(header->f[i], rec_col_names[c]) == 0)
				m->idx[c] = (int)i;
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

/* Where column c of a record goes: a text, an instant or seconds. */
static const char **text_of(struct rec *r, int c)
{
	switch (c) {
	case RC_CALL_ID:
		return &r->call_id;
	case RC_SOURCE:
		return &r->source;
	case RC_CALLER:
		return &r->caller;
	case RC_CALLEE:
		return &r->callee;
	case RC_QUEUE:
		return &r->queue;
	case RC_AGENT:
		return &r->agent;
	case RC_CHANNEL:
		return &r->channel;
	case RC_ZONE:
		return &r->zone;
	default:
		return NULL;
	}
}

static int64_t *time_of(struct rec *r, int c)
{
	switch (c) {
	case RC_START:
		return &r->start;
	case RC_ANSWER:
		return &r->answer;
	case RC_END:
		return &r->end;
	default:
		return NULL;
	}
}

static int64_t *secs_of(struct rec *r, int c)
{
	switch (c) {
	case RC_RING_S:
		return &r->ring_ms;
	case RC_WAIT_S:
		return &r->wait_ms;
	case RC_TALK_S:
		return &r->talk_ms;
	case RC_HOLD_S:
		return &r->hold_ms;
	case RC_WRAP_S:
		return &r->wrap_ms;
	default:
		return NULL;
	}
}

int rec_from_row(const struct recmap *m, const struct csvrow *row,
		 struct rec *r, char *err, size_t errlen)
{
	char sb[64];
	int c;

	rec_clear(r);
	for (c = 0; c < RC_COUNT; c++) {
		int i = m->idx[c];
		const char *s;
		size_t len;
		const char *why;
		const char **text;
		int64_t *tp, *ms;

		if (i < 0)
			continue;
		if ((size_t)i >= row->nf) {
			snprintf(err, errlen,
				 "expected at least %d fields, got %zu", i + 1,
				 row->nf);
			return -1;
		}
		s = row->f[i];
		len = row->len[i];
		/* C strings stop at a NUL: "555<NUL>111" would be "555" */
		if (memchr(s, '\0', len)) {
			snprintf(err, errlen, "%s: contains a NUL byte",
				 rec_col_names[c]);
			return -1;
		}
		if ((text = text_of(r, c))) {
			*text = s;
		} else if ((tp = time_of(r, c))) {
			if (len == 0 && c == RC_ANSWER)
				continue;
			if (tm_parse_iso(s, len, tp) < 0) {
				snprintf(err, errlen,
					 "%s: \"%s\" is not a UTC time",
					 rec_col_names[c],
					 show(s, len, sb, sizeof(sb)));
				return -1;
			}
		} else if ((ms = secs_of(r, c))) {
			if (len == 0) {
				if (c == RC_TALK_S)
					*ms = 0;
				continue;
			}
			if (num_parse_ms(s, len, ms, &why) < 0) {
				snprintf(err, errlen, "%s: \"%s\" %s",
					 rec_col_names[c],
					 show(s, len, sb, sizeof(sb)), why);
				return -1;
			}
		} else if (c == RC_OUTCOME) {
			r->outcome = len < 16 ? outcome_parse(s) : OC_NONE;
			if (r->outcome == OC_NONE) {
				snprintf(err, errlen,
					 "outcome: \"%s\" is not an outcome",
					 show(s, len, sb, sizeof(sb)));
				return -1;
			}
		} else if (c == RC_QUEUED) {
			if (len == 0)
				continue;
			if (len != 1 || (s[0] != '0' && s[0] != '1')) {
				snprintf(err, errlen,
					 "queued: \"%s\" is not 1, 0 or empty",
					 show(s, len, sb, sizeof(sb)));
				return -1;
			}
			r->queued = s[0] == '1';
		} else { /* cause, transfers: integers */
			int64_t v;
			if (len == 0)
				continue;
			if (num_parse_i64(s, len, &v) < 0 || v < 0 ||
			    v > 1000000) {
				snprintf(err, errlen,
					 "%s: \"%s\" is not a count",
					 rec_col_names[c],
					 show(s, len, sb, sizeof(sb)));
				return -1;
			}
			if (c == RC_CAUSE)
				r->cause = (int)v;
			else
				r->transfers = (int)v;
		}
	}
	if (r->channel && !*r->channel)
		r->channel = NULL;
	if (r->zone && !*r->zone)
		r->zone = NULL;
	return 0;
}
