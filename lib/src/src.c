/*
 * src: the table of cdr-parse input formats and what they share
 * (see src.h). To add a format: write lib/src/src_<name>.c defining
 * `const struct src_format src_<name>` and add one line below.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "diag.h"
#include "num.h"
#include "src.h"
#include "tm.h"
#include "xalloc.h"

extern const struct src_format src_asterisk_csv;
extern const struct src_format src_freeswitch_csv;
extern const struct src_format src_generic;
extern const struct src_format src_asterisk_queue_log;
extern const struct src_format src_pbxware_queue_log;
extern const struct src_format src_pbxware_csv;
extern const struct src_format src_cucm;
extern const struct src_format src_cucm_cmr;
extern const struct src_format src_callcenter_1999;

const struct src_format *const src_formats[] = {&src_asterisk_csv,
						&src_freeswitch_csv,
						&src_generic,
						&src_asterisk_queue_log,
						&src_pbxware_queue_log,
						&src_pbxware_csv,
						&src_cucm,
						&src_cucm_cmr,
						&src_callcenter_1999,
						NULL};

const struct src_format *src_find(const char *name)
{
	size_t i;

	for (i = 0; src_formats[i]; i++)
		if (strcmp(src_formats[i]->name, name) == 0)
			return src_formats[i];
	return NULL;
}

/* A hash of every field of a record: equal records, equal hashes. */
static uint64_t rec_hash(const struct rec *r)
{
	const char *t[] = {r->call_id, r->source, r->caller, r->callee,
			   r->queue,   r->agent,  r->channel};
	int64_t v[] = {r->start,   r->answer,  r->end,	     r->ring_ms,
		       r->wait_ms, r->talk_ms, r->hold_ms,   r->wrap_ms,
		       r->outcome, r->cause,   r->transfers, r->queued};
	uint64_t h = GROUP_HASH0;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		h = group_hash_more(h, t[i] ? t[i] : "",
				    t[i] ? strlen(t[i]) + 1 : 1);
	return group_hash_more(h, v, sizeof(v));
}

/* check_times' reason, when it has one. */
static const char *check_times_why(const struct src_ctx *ctx,
				   const struct rec *r, char *why, size_t n)
{
	/* tm_days_from_civil(1, 1, 1) and (10000, 1, 1) days, in ms */
	const int64_t lo = -719162 * 86400000LL, hi = 2932897 * 86400000LL;
	const int64_t t[] = {r->start, r->answer, r->end};
	const char *name[] = {"start", "answer", "end"};
	char iso[40];
	size_t i;

	for (i = 0; i < 3; i++)
		if (t[i] != TM_NONE && (t[i] < lo || t[i] >= hi)) {
			snprintf(why, n, "%s: outside the years 1..9999",
				 name[i]);
			return why;
		}
	if (ctx->win_to > ctx->win_from && r->start != TM_NONE &&
	    (r->start < ctx->win_from || r->start >= ctx->win_to)) {
		iso[tm_put_iso(iso, r->start)] = '\0';
		snprintf(why, n, "start %s: outside --date-window %s", iso,
			 ctx->win_label ? ctx->win_label : "");
		return why;
	}
	return NULL;
}

/* An instant in the years 1..9999, or none. */
static inline int year_ok(int64_t t)
{
	return t == TM_NONE ||
	       (t >= -719162 * 86400000LL && t < 2932897 * 86400000LL);
}

/*
 * Times that can be written (years 1..9999: a wild epoch gave
 * "-3388726-12-20T...") and a start inside the data window (an epoch 0
 * gives 1970, a mistyped year a period of its own): the reason, or NULL.
 */
static inline const char *check_times(const struct src_ctx *ctx,
				      const struct rec *r, char *why, size_t n)
{
	if (year_ok(r->start) && year_ok(r->answer) && year_ok(r->end) &&
	    (ctx->win_to <= ctx->win_from || r->start == TM_NONE ||
	     (r->start >= ctx->win_from && r->start < ctx->win_to)))
		return NULL;
	return check_times_why(ctx, r, why, n);
}

const char *src_check_values(const struct src_ctx *ctx, const struct rec *r)
{
	static char why[160];
	const char *w = check_times(ctx, r, why, sizeof why);

	return w ? w : rec_check_values(r);
}

const char *src_check(const struct src_ctx *ctx, const struct rec *r)
{
	static char why[160];
	const char *w = check_times(ctx, r, why, sizeof why);

	return w ? w : rec_check(r);
}

int src_where_bind(struct where *w, char *err, size_t n)
{
	char *f[RC_COUNT];
	size_t len[RC_COUNT];
	struct csvrow hdr = {RC_COUNT, f, len, 1, 1};
	int c;

	for (c = 0; c < RC_COUNT; c++) {
		f[c] = (char *)rec_cols[c].name;
		len[c] = strlen(rec_cols[c].name);
	}
	return where_bind(w, &hdr, err, n);
}

int src_where(struct src_ctx *ctx, const struct rec *r, char *why, size_t n)
{
	struct csvin *in;
	struct csvrow row;
	int st, rc = -1;

	if (!ctx->where)
		return 1;
	if (!ctx->wfp) {
		ctx->wfp = open_memstream(&ctx->wbuf, &ctx->wlen);
		if (!ctx->wfp)
			die(EXIT_IO, "out of memory");
		ctx->wout = out_open(ctx->wfp, "--where", OUT_CSV);
		rec_out_header(ctx->wout);
		rec_out(ctx->wout, r); /* the header goes out with it */
	}
	/* the record's line, as written, read back into fields */
	rewind(ctx->wfp);
	rec_out(ctx->wout, r);
	if (fflush(ctx->wfp) != 0)
		die(EXIT_IO, "out of memory");
	ctx->wline = xgrow(ctx->wline, &ctx->wcap, ctx->wlen + 1, 1);
	memcpy(ctx->wline, ctx->wbuf, ctx->wlen);
	in = csvin_open_mem(ctx->wline, ctx->wlen, "--where", ',', 1);
	st = csvin_next(in, &row);
	if (st == CSVIN_ROW)
		rc = where_match(ctx->where, &row, why, n);
	else
		snprintf(why, n, "--where: the record cannot be read back");
	csvin_free(in);
	return rc;
}

void src_where_release(struct src_ctx *ctx)
{
	if (!ctx->wfp)
		return;
	out_close(ctx->wout);
	fclose(ctx->wfp);
	free(ctx->wbuf);
	free(ctx->wline);
	ctx->wfp = NULL;
}

/* The rows of a record --where filters out: skipped, all of them. */
static void skip_rows(struct src_ctx *ctx, size_t n)
{
	size_t i;

	for (i = 0; i < n || i == 0; i++)
		acct_skip(ctx->acct);
}

void src_emit(struct src_ctx *ctx, const struct csvrow *row,
	      const struct rec *r)
{
	src_emit_call(ctx, &row, 1, r);
}

void src_emit_call(struct src_ctx *ctx, const struct csvrow *const *rows,
		   size_t n, const struct rec *r)
{
	const struct csvrow *row = n ? rows[0] : NULL;
	long line = row ? row->line : 0;
	struct rec z;
	const char *why, *text = NULL;
	char buf[200];
	size_t i, len = 0;
	/* csv: checked and formatted in one pass (rec_check_line) */
	int raw = out_raw_ok(ctx->out);

	if (!r->zone && ctx->zone) {
		z = *r;
		z.zone = ctx->zone;
		r = &z;
	}
	why = check_times(ctx, r, buf, sizeof buf);
	if (!why)
		why = raw ? rec_check_line(r, &text, &len) : rec_check(r);
	if (!why) {
		int w = src_where(ctx, r, buf, sizeof buf);

		if (w == 0) {
			skip_rows(ctx, n);
			return;
		}
		why = w < 0 ? buf : NULL;
	}
	if (why) {
		if (n <= 1)
			acct_reject(ctx->acct, ctx->file, line, row, "%s", why);
		for (i = 0; n > 1 && i < n; i++)
			acct_reject(ctx->acct, ctx->file, rows[i]->line,
				    rows[i], "call %.60s: %s",
				    r->call_id ? r->call_id : "", why);
		return;
	}
	if (ctx->dedupe && r->call_id) {
		long first = seen_ids_add(ctx->dedupe, r->call_id,
					  strlen(r->call_id), line);
		if (first) {
			acct_note(
			    ctx->acct, ctx->file, line, row,
			    "call_id \"%.60s\" already written (first on line %ld): skipped (--dedupe)",
			    r->call_id, first);
			for (i = 0; i < n || i == 0; i++)
				acct_skip(ctx->acct);
			return;
		}
	} else if (ctx->same && seen_hashes_add(ctx->same, rec_hash(r))) {
		ctx->identical++;
	}
	if (raw)
		out_raw_row(ctx->out, text, len);
	else
		rec_out(ctx->out, r);
	acct_use(ctx->acct);
	for (i = 1; i < n; i++)
		acct_merged(ctx->acct);
}

void src_reject(struct src_ctx *ctx, const struct csvrow *row, const char *fmt,
		...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	acct_reject(ctx->acct, ctx->file, row ? row->line : 0, row, "%s", why);
}

/*
 * The last date and hour src_local_time read in full ("YYYY-MM-DD HH",
 * the separator ' ' or 'T'), with its local hour and, when every local
 * time of that hour converts with one offset, that offset: a time of
 * the same hour then costs its four digits. Records come in time
 * order, so nearly every time is in the hour of the one before.
 */
struct hour_cache {
	char key[13];
	int ok;		 /* key, hour, off valid */
	unsigned serial; /* tz_serial of the zone they are for */
	int64_t hour;	 /* the local hour as a UTC instant */
	int32_t off;	 /* seconds east of UTC over the whole hour */
};

/* two hours, by the parity of the hour's last digit: a record that
 * starts in one hour and ends in the next finds both */
static _Thread_local struct hour_cache hours[2];

/* The first 13 bytes of a and b are the same (two 8-byte loads). */
static int same13(const char *a, const char *b)
{
	uint64_t a0, a1, b0, b1;

	memcpy(&a0, a, 8);
	memcpy(&a1, a + 5, 8);
	memcpy(&b0, b, 8);
	memcpy(&b1, b + 5, 8);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* Minutes and seconds "MM:SS" at s: seconds into the hour, or -1. */
static int min_sec(const char *s)
{
	unsigned m1 = (unsigned char)s[0] - '0', m2 = (unsigned char)s[1] - '0',
		 s1 = (unsigned char)s[3] - '0', s2 = (unsigned char)s[4] - '0';

	if (m1 > 5 || m2 > 9 || s[2] != ':' || s1 > 5 || s2 > 9)
		return -1;
	return (int)((m1 * 10 + m2) * 60 + s1 * 10 + s2);
}

const char *src_local_time(const struct src_ctx *ctx, const char *s, size_t len,
			   int64_t *t)
{
	struct civil c;
	const char *end;
	struct hour_cache *h;
	int ms;

	if (len < 13)
		goto slow;
	/* an hour read before: every byte still checked */
	h = &hours[s[12] & 1];
	if (len == 19 && h->ok && ctx->have_tz && same13(s, h->key) &&
	    s[13] == ':' && (ms = min_sec(s + 14)) >= 0 &&
	    h->serial == tz_serial()) {
		*t = h->hour + ((int64_t)ms - h->off) * 1000;
		return NULL;
	}
slow:
	if (memchr(s, '\0', len))
		return "contains a NUL byte";
	end = tm_parse_civil(s, len, &c);
	if (!end || end != s + len)
		return "is not a date and time";
	if (!ctx->have_tz)
		return "is local time and no --tz was given";
	h = &hours[s[12] & 1];
	if (memcmp(s, h->key, 13) != 0 || h->serial != tz_serial()) {
		struct civil hc = c;

		hc.min = hc.sec = hc.ms = 0;
		h->hour = tm_from_civil(&hc);
		h->serial = tz_serial();
		h->ok = tz_hour_offset(h->hour, &h->off);
		memcpy(h->key, s, 13);
	}
	switch (tz_local_to_utc(&c, t)) {
	case TZ_OK:
		return NULL;
	case TZ_AMBIGUOUS:
		return "is ambiguous (clocks went back)";
	case TZ_NONEXISTENT:
		return "does not exist (clocks went forward)";
	}
	return "is not a date and time";
}

int src_start_answer_end(struct src_ctx *ctx, const struct csvrow *row,
			 size_t first, const char *const names[3], int64_t t[3])
{
	const char *why = NULL;
	int i;

	for (i = 0; i < 3; i++) {
		size_t k = first + (size_t)i;
		t[i] = TM_NONE;
		if (i == 1 && row->len[k] == 0)
			continue;
		if ((why =
			 src_local_time(ctx, row->f[k], row->len[k], &t[i]))) {
			src_reject(ctx, row, "%s: \"%.40s\" %s", names[i],
				   row->f[k], why);
			return -1;
		}
	}
	return 0;
}

int src_seconds(struct src_ctx *ctx, const struct csvrow *row, size_t k,
		const char *name, int64_t *ms)
{
	const char *why;

	if (num_parse_ms(row->f[k], row->len[k], ms, &why) == 0)
		return 0;
	src_reject(ctx, row, "%s: \"%.40s\" %s", name, row->f[k], why);
	return -1;
}

int src_read_header(struct src_ctx *ctx, struct csvrow *row,
		    const char *const *names, int n, int *col)
{
	int st, k;
	size_t i;

	while ((st = csvin_next(ctx->in, row)) == CSVIN_BAD)
		src_reject(ctx, row, "%s", csvin_error(ctx->in));
	if (st == CSVIN_EOF)
		return 0;
	for (k = 0; k < n; k++) {
		col[k] = -1;
		for (i = 0; i < row->nf && col[k] < 0; i++)
			if (strcmp(row->f[i], names[k]) == 0)
				col[k] = (int)i;
	}
	return 1;
}

size_t csvrow_span(const struct csvrow *row)
{
	size_t i, nf = row->nf;
	uintptr_t end;

	if (nf == 0)
		return 0;
	end = (uintptr_t)row->f[0] + row->len[0] + 1;
	for (i = 1; i < nf; i++) {
		uintptr_t f = (uintptr_t)row->f[i];

		/* one before the end of the other wraps around: > 4 too */
		if (f - end > 4)
			return 0;
		end = f + row->len[i] + 1;
	}
	return (size_t)(end - (uintptr_t)row->f[0]);
}

/* A byte no record text may hold as it is: a control byte but tab and
 * NUL (0x01-0x08, 0x0a-0x1f, 0x7f) or a byte of UTF-8 (>= 0x80). */
static int not_ascii_text(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != 0) || c >= 0x7f;
}

/*
 * The index of a field of row holding a NUL byte, or row->nf if none;
 * *plain 1 when every byte of every field is printable ASCII or tab
 * (then any text taken from the row passes rec_check), else 0. When its
 * fields lie in one span (csvrow_span), the span is read 16 bytes at a
 * time: its NUL bytes counted (only the fields' own ends and NULs
 * between fields: none inside a field) and its other bytes classed. Otherwise
 * (fields apart, or a NUL found) each field is searched, and *plain is 0.
 */
static size_t field_with_nul(const struct csvrow *row, size_t span, int *plain)
{
	size_t i, nf = row->nf;

	*plain = 0;
#ifdef __SSE2__
	if (span) {
		const unsigned char *p = (const unsigned char *)row->f[0],
				    *e = p + span;
		const __m128i zero = _mm_setzero_si128();
		__m128i odd = zero;
		size_t zeros = 0;
		int any = 0;

		/* per lane, 0 - the count of NULs (cmpeq gives -1), summed
		 * by _mm_sad_epu8 before a lane can wrap; odd collects the
		 * bytes not_ascii_text (signed < 0x20 takes >= 0x80 too) */
		while (e - p >= 16) {
			__m128i acc = zero, sum;
			int k;

			for (k = 0; k < 255 && e - p >= 16; k++, p += 16) {
				__m128i v = _mm_loadu_si128(
				    (const __m128i *)(const void *)p);
				__m128i nul = _mm_cmpeq_epi8(v, zero);

				acc = _mm_add_epi8(acc, nul);
				odd = _mm_or_si128(
				    odd,
				    _mm_or_si128(
					_mm_andnot_si128(
					    _mm_or_si128(
						nul,
						_mm_cmpeq_epi8(
						    v, _mm_set1_epi8('\t'))),
					    _mm_cmplt_epi8(
						v, _mm_set1_epi8(0x20))),
					_mm_cmpeq_epi8(v,
						       _mm_set1_epi8(0x7f))));
			}
			sum = _mm_sad_epu8(_mm_sub_epi8(zero, acc), zero);
			zeros +=
			    (size_t)_mm_cvtsi128_si32(sum) +
			    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
		}
		if (p < e && span >= 16) {
			/* the last 16 bytes of the span, those before p
			 * masked off: (16 - r) lanes of 0, then r of -1 */
			static const unsigned char tail[32] = {
			    0,	  0,	0,    0,    0,	  0,	0,    0,
			    0,	  0,	0,    0,    0,	  0,	0,    0,
			    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
			__m128i m = _mm_loadu_si128(
			    (const __m128i *)(const void *)(tail + (e - p)));
			__m128i v = _mm_loadu_si128(
			    (const __m128i *)(const void *)(e - 16));
			__m128i nul = _mm_and_si128(m, _mm_cmpeq_epi8(v, zero));
			__m128i sum =
			    _mm_sad_epu8(_mm_sub_epi8(zero, nul), zero);

			zeros +=
			    (size_t)_mm_cvtsi128_si32(sum) +
			    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
			odd = _mm_or_si128(
			    odd,
			    _mm_and_si128(
				m,
				_mm_or_si128(
				    _mm_andnot_si128(
					_mm_or_si128(
					    nul, _mm_cmpeq_epi8(
						     v, _mm_set1_epi8('\t'))),
					_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))),
				    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)))));
			p = e;
		}
		for (; p < e; p++) {
			zeros += *p == 0;
			any |= not_ascii_text(*p);
		}
		if (zeros > nf) {
			/* NULs between the fields: a field unquoted in place
			 * (doubled quotes) leaves its old end behind it */
			for (i = 1; i < nf; i++) {
				const char *g =
				    row->f[i - 1] + row->len[i - 1] + 1;

				for (; g < row->f[i]; g++)
					zeros -= *g == 0;
			}
		}
		if (zeros == nf) {
			*plain = !any && !_mm_movemask_epi8(odd);
			return nf;
		}
	}
#else
	(void)span;
	(void)not_ascii_text;
#endif
	for (i = 0; i < nf; i++)
		if (memchr(row->f[i], '\0', row->len[i]))
			break;
	return i;
}

int src_next_row(struct src_ctx *ctx, struct csvrow *row)
{
	int st;
	size_t i;

	while ((st = csvin_next(ctx->in, row)) != CSVIN_EOF) {
		if (st == CSVIN_BAD) {
			src_reject(ctx, row, "%s", csvin_error(ctx->in));
			continue;
		}
		ctx->span = csvrow_span(row);
		if ((i = field_with_nul(row, ctx->span, &ctx->plain)) <
		    row->nf) {
			src_reject(ctx, row, "field %zu: NUL byte", i + 1);
			continue;
		}
		return 1;
	}
	return 0;
}
