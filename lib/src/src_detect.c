/*
 * src_detect: -f auto. Each known format has a test on the first line
 * (and the second, for CUCM's type row); exactly one must pass. No test
 * passing or several passing is "unsure", and the reason says what was
 * seen, so that the user can name the format with -f.
 *
 * The tests, in words:
 *   cucm                header starting cdrRecordType with
 *                       dateTimeOrigination, or 129/133 comma fields
 *                       whose first is 1
 *   cucm-cmr            never guessed (it is a choice: CDR + CMR joined)
 *   pbxware-queue-log   header uid,date_time,callid,queue_name,...
 *   pbxware-csv         header with AcctId, calldate and disposition
 *   callcenter-1999     tab-separated header vru+line, call_id, ...
 *   asterisk-queue-log  pipe-separated, >= 5 fields, epoch then an
 *                       upper-case event name in field 5
 *   asterisk-csv        18 or 21 comma fields, no header, a date in
 *                       field 10 (start)
 *   freeswitch-csv      15 comma fields, a date in field 5 (start_stamp)
 *   generic             a header holding the SPEC 2 columns start, end
 */
#include <stdio.h>
#include <string.h>

#include "src_detect.h"

extern const struct src_format src_asterisk_csv, src_freeswitch_csv,
    src_generic, src_asterisk_queue_log, src_pbxware_queue_log, src_pbxware_csv,
    src_cucm, src_callcenter_1999;

#define MAXF 160

struct line {
	const char *f[MAXF]; /* field starts (quotes stripped) */
	size_t len[MAXF];
	size_t nf; /* may exceed MAXF: only counted */
};

/* Split s[0..n) on delim, honouring double quotes (a cheap RFC 4180). */
static void split(const char *s, size_t n, char delim, struct line *l)
{
	size_t i = 0;

	l->nf = 0;
	for (;;) {
		size_t st = i, en;

		if (i < n && s[i] == '"') {
			st = ++i;
			while (i < n && !(s[i] == '"' &&
					  (i + 1 >= n || s[i + 1] != '"')))
				i += s[i] == '"' ? 2 : 1;
			en = i < n ? i : n;
			while (i < n && s[i] != delim)
				i++;
		} else {
			while (i < n && s[i] != delim)
				i++;
			en = i;
		}
		if (l->nf < MAXF) {
			l->f[l->nf] = s + st;
			l->len[l->nf] = en - st;
		}
		l->nf++;
		if (i >= n)
			break;
		i++;
	}
}

static int is(const struct line *l, size_t k, const char *want)
{
	return k < l->nf && k < MAXF && l->len[k] == strlen(want) &&
	       !memcmp(l->f[k], want, l->len[k]);
}

static int has(const struct line *l, const char *want)
{
	size_t k;

	for (k = 0; k < l->nf && k < MAXF; k++)
		if (is(l, k, want))
			return 1;
	return 0;
}

/* "YYYY-MM-DD HH:MM:SS" at the start of field k */
static int is_date(const struct line *l, size_t k)
{
	const char *p = k < MAXF && k < l->nf ? l->f[k] : NULL;
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	size_t i;

	if (!p || l->len[k] < sizeof(shape) - 1)
		return 0;
	for (i = 0; i + 1 < sizeof(shape); i++)
		if (shape[i] == 'd'
			? !(p[i] >= '0' && p[i] <= '9')
			: p[i] != shape[i] && !(i == 10 && p[i] == 'T'))
			return 0;
	return 1;
}

static int all_digits(const char *p, size_t n, int dot)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!(p[i] >= '0' && p[i] <= '9') && !(dot && p[i] == '.'))
			return 0;
	return 1;
}

static int upper_word(const char *p, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!(p[i] >= 'A' && p[i] <= 'Z') && p[i] != '_')
			return 0;
	return 1;
}

const struct src_format *src_detect(const char *buf, size_t n, char *why,
				    size_t whylen)
{
	static struct line comma, tab, pipe;
	const struct src_format *hit[10];
	const char *reason[10];
	size_t nhit = 0, len;
	const char *s = buf;

	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3, n -= 3;
	while (n && (*s == '\n' || *s == '\r'))
		s++, n--;
	if (!n) {
		snprintf(why, whylen, "the input is empty");
		return NULL;
	}
	if (memchr(s, '\0', n < 4096 ? n : 4096)) {
		snprintf(why, whylen,
			 "NUL bytes at the start: not a text file");
		return NULL;
	}
	/* the buffer is not NUL-terminated when the first line fills it */
	for (len = 0; len < n && s[len] != '\r' && s[len] != '\n'; len++)
		;
	split(s, len, ',', &comma);
	split(s, len, '\t', &tab);
	split(s, len, '|', &pipe);
#define HIT(fmt, r) (hit[nhit] = &(fmt), reason[nhit++] = (r))
	if (is(&comma, 0, "cdrRecordType") &&
	    has(&comma, "dateTimeOrigination"))
		HIT(src_cucm, "a CUCM CDR header");
	else if ((comma.nf == 129 || comma.nf == 133) && is(&comma, 0, "1"))
		HIT(src_cucm,
		    comma.nf == 129
			? "129 comma-separated fields, the first 1: a CUCM 11.x CDR"
			: "133 comma-separated fields, the first 1: a CUCM 12-15 CDR");
	if (is(&comma, 0, "uid") && is(&comma, 1, "date_time") &&
	    is(&comma, 2, "callid") && has(&comma, "event"))
		HIT(src_pbxware_queue_log, "a PBXware queue_log header");
	if (has(&comma, "AcctId") && has(&comma, "calldate") &&
	    has(&comma, "disposition"))
		HIT(src_pbxware_csv, "a PBXware CDR header");
	if (is(&tab, 0, "vru+line") && has(&tab, "q_start") &&
	    has(&tab, "ser_start"))
		HIT(src_callcenter_1999, "an Anonymous Bank header");
	if (pipe.nf >= 5 && pipe.nf <= 10 &&
	    all_digits(pipe.f[0], pipe.len[0], 1) &&
	    upper_word(pipe.f[4], pipe.len[4]))
		HIT(src_asterisk_queue_log,
		    "pipe-separated epoch|callid|queue|agent|EVENT");
	if ((comma.nf == 18 || comma.nf == 21) && is_date(&comma, 9))
		HIT(src_asterisk_csv,
		    comma.nf == 18
			? "18 comma-separated fields with a start date in field 10"
			: "21 comma-separated fields with a start date in field 10");
	if (comma.nf == 15 && is_date(&comma, 4))
		HIT(src_freeswitch_csv,
		    "15 comma-separated fields with a date in field 5");
	if (nhit == 0 && has(&comma, "start") && has(&comma, "end") &&
	    has(&comma, "call_id"))
		HIT(src_generic, "a header with call_id, start and end");
#undef HIT
	if (nhit == 0 && is(&comma, 0, "cdrRecordType") &&
	    has(&comma, "numberPacketsLost")) {
		snprintf(
		    why, whylen,
		    "a CUCM CMR header: CMRs alone carry no calls (feed them with their CDRs to -f cucm-cmr)");
		return NULL;
	}
	if (nhit == 1) {
		snprintf(why, whylen, "%s", reason[0]);
		return hit[0];
	}
	if (nhit > 1) {
		snprintf(why, whylen, "could be %s (%s) or %s (%s)",
			 hit[0]->name, reason[0], hit[1]->name, reason[1]);
		return NULL;
	}
	snprintf(
	    why, whylen,
	    "no known format: the first line has %zu comma-, %zu tab- and %zu pipe-separated fields",
	    comma.nf, tab.nf, pipe.nf);
	return NULL;
}
