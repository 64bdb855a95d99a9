/*
 * complaint-classify: sort complaint texts into categories and handling
 * tiers with a rulebook of PCRE2 patterns (SPEC section 5).
 *
 * Per complaint it writes id, category, tier, score and the fired rule
 * ids; --summary writes counts, shares and rates per category and tier
 * (per period with --date); --eval compares the categories with a label
 * column. The rulebook is lib/rules; this file is option parsing, column
 * lookup, text decoding and the tables.
 *
 * Choices where SPEC is silent (see the man page):
 * - COL is a header name, or a 1-based column number; with --no-header
 *   it must be a number. Several --text columns are joined with '\n'.
 * - Without --id the id is the line the record starts on.
 * - score is the total weight of the chosen category; an unmatched
 *   complaint is category "other", tier "none", score 0.
 * - Text must be valid UTF-8 or is rejected (file:line); --encoding
 *   converts every used field from GB18030, GBK or BIG5 first.
 * - --label-map pairs apply to the gold labels and to the predicted
 *   categories alike ("*" maps every name not listed; "-" as a target
 *   skips the row, for unlabelled records).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "cli.h"
#include "confusion.h"
#include "csvin.h"
#include "date.h"
#include "diag.h"
#include "group.h"
#include "manifest.h"
#include "num.h"
#include "out.h"
#include "period.h"
#include "rules.h"
#include "rulesum.h"
#include "share.h"
#include "textdec.h"
#include "where.h"
#include "xalloc.h"

#define MAX_TEXT 16

struct col {
	const char *spec; /* as given on the command line */
	long idx;	  /* field index in the current file */
};

static struct {
	struct cli cli;
	const char *rules;
	struct col text[MAX_TEXT];
	size_t ntext;
	struct col id, date, label;
	const char *label_map;
	const char *encoding;
	int no_header, summary, no_jit;
	const char *datefmt; /* --date-format */
	int by;		     /* a --by period was given: per */
	struct period byp;
	int append;	     /* --append: input columns, then the result */
	size_t append_nf;    /* field count of the first file's header */
	struct textbuf abuf; /* one decoded input field (--append) */
	long long subscribers;
	long long per;

	struct rules *rb;
	struct rules_res res;
	struct acct acct;
	struct textdec dec;	      /* --encoding */
	struct textbuf tbuf, fbuf[4]; /* text; id, date, label, scratch */
	struct rulesum sum;	      /* --summary */
	struct labelmap lmap;	      /* --label-map */
	struct where where;	      /* --where */
	char hdr_bad[160];   /* a header cell --encoding cannot decode */
	struct confusion ev; /* --eval */
	struct out *out;
	int prec;
} o;

/* ---- columns ---- */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static void col_resolve(struct col *c, const struct csvrow *hdr,
			const char *file)
{
	size_t i;

	if (!c->spec)
		return;
	if (hdr) {
		for (i = 0; i < hdr->nf; i++)
			if (strcmp(hdr->f[i], c->spec) == 0) {
				c->idx = (long)i;
				return;
			}
	}
	if (all_digits(c->spec) && strlen(c->spec) < 9 && atol(c->spec) > 0) {
		c->idx = atol(c->spec) - 1;
		return;
	}
	if (!hdr)
		cli_usage_error(
		    "column \"%s\": with --no-header give a column number",
		    c->spec);
	die(EXIT_USAGE, "%s: column \"%s\" is not in the header%s%s", file,
	    c->spec, o.hdr_bad[0] ? "; " : "", o.hdr_bad);
}

/* The field of row in column c as trusted UTF-8 (lib/textdec). */
static const char *field(const struct csvrow *row, const struct col *c,
			 struct textbuf *b, size_t *len, char *why,
			 size_t whylen)
{
	return textdec_field(&o.dec, row->f[c->idx], row->len[c->idx], c->spec,
			     b, len, why, whylen);
}

/* ---- label map ---- */

static const char *lmap_apply(const char *s)
{
	return o.label_map ? labelmap_apply(&o.lmap, s) : s;
}

/* ---- the main loop ---- */

static long need_fields(void)
{
	long m = 0;
	size_t i;

	for (i = 0; i < o.ntext; i++)
		if (o.text[i].idx + 1 > m)
			m = o.text[i].idx + 1;
	if (o.id.spec && o.id.idx + 1 > m)
		m = o.id.idx + 1;
	if (o.date.spec && o.date.idx + 1 > m)
		m = o.date.idx + 1;
	if (o.label.spec && o.label.idx + 1 > m)
		m = o.label.idx + 1;
	return m;
}

static void emit_one(const struct csvrow *row, const char *id, size_t idlen)
{
	char b[64];
	size_t i, len, n;
	struct textbuf *m = &o.fbuf[3];

	if (id)
		out_cell(o.out, id, idlen);
	else if (idlen != (size_t)-1) /* --append has no id column */
		out_cell(o.out, fmt_i64(b, row->line), (size_t)-1);
	out_cell(o.out, rules_cat(o.rb, o.res.cat), (size_t)-1);
	out_cell(o.out, rules_tier_name(o.res.tier), (size_t)-1);
	out_cell(o.out, fmt_i64(b, o.res.score), (size_t)-1);
	m->len = 0;
	for (i = 0; i < o.res.nhits; i++) {
		const char *rid = rules_id(o.rb, o.res.hits[i]);

		len = strlen(rid);
		n = m->len + len + 1;
		textbuf_reserve(m, n);
		if (i)
			m->s[m->len++] = ' ';
		memcpy(m->s + m->len, rid, len);
		m->len += len;
	}
	out_cell(o.out, m->s ? m->s : "", m->len);
	out_end_row(o.out);
}

/*
 * --append: every input field (decoded like the text), then category,
 * tier, score, matched. With out NULL only check that every field
 * decodes: 0, or -1 with the reason in why.
 */
static int emit_append(struct out *out, const struct csvrow *row, char *why,
		       size_t whylen)
{
	struct col c;
	char num[32];
	size_t i, len;

	for (i = 0; i < row->nf; i++) {
		const char *s;
		snprintf(num, sizeof num, "column %zu", i + 1);
		c.spec = num;
		c.idx = (long)i;
		if (!(s = field(row, &c, &o.abuf, &len, why, whylen)))
			return -1;
		if (out)
			out_cell(out, s, len);
	}
	if (out)
		emit_one(row, NULL, (size_t)-1);
	return 0;
}

/* --append: the output columns from the first header, later ones alike. */
static void append_header(const char *file, const struct csvrow *hdr)
{
	static const char *const res[] = {"category", "tier", "score",
					  "matched"};
	char why[256], num[32];
	struct col c;
	size_t i, j, len;

	if (o.append_nf) {
		if (hdr->nf != o.append_nf)
			die(EXIT_USAGE,
			    "%s: --append: %zu columns, the first input has %zu",
			    file, hdr->nf, o.append_nf);
		return;
	}
	o.append_nf = hdr->nf;
	for (i = 0; i < hdr->nf; i++) {
		const char *s;
		snprintf(num, sizeof num, "%zu", i + 1);
		c.spec = num;
		c.idx = (long)i;
		if (o.no_header) {
			out_col(o.out, num, OUT_STR);
			continue;
		}
		if (!(s = field(hdr, &c, &o.abuf, &len, why, sizeof why)))
			die(EXIT_USAGE, "%s: header: %s", file, why);
		for (j = 0; j < 4; j++)
			if (!strcmp(s, res[j]))
				die(EXIT_USAGE,
				    "%s: --append: the input already has a column \"%s\"",
				    file, s);
		out_col(o.out, s, OUT_STR);
	}
	out_col(o.out, "category", OUT_STR);
	out_col(o.out, "tier", OUT_STR);
	out_col(o.out, "score", OUT_NUM);
	out_col(o.out, "matched", OUT_STR);
}

static void do_row(const char *file, const struct csvrow *row)
{
	char why[256], err[512];
	const char *id = NULL, *s, *lab, *key;
	size_t i, len, idlen = 0;
	int64_t t, order;
	long need = need_fields();

	if (o.append && row->nf != o.append_nf) {
		acct_reject(&o.acct, file, row->line, row,
			    "%zu fields, the header has %zu", row->nf,
			    o.append_nf);
		return;
	}
	if ((long)row->nf < need) {
		acct_reject(&o.acct, file, row->line, row,
			    "%zu fields, expected at least %ld", row->nf, need);
		return;
	}
	if (!where_row(&o.where, &o.acct, file, row))
		return;
	o.tbuf.len = 0;
	for (i = 0; i < o.ntext; i++) {
		s = field(row, &o.text[i], &o.fbuf[3], &len, why, sizeof why);
		if (!s) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
		textbuf_reserve(&o.tbuf, o.tbuf.len + len + 1);
		if (i)
			o.tbuf.s[o.tbuf.len++] = '\n';
		memcpy(o.tbuf.s + o.tbuf.len, s, len);
		o.tbuf.len += len;
	}
	textbuf_reserve(&o.tbuf, o.tbuf.len);
	o.tbuf.s[o.tbuf.len] = '\0';
	if (o.id.spec) {
		id = field(row, &o.id, &o.fbuf[0], &idlen, why, sizeof why);
		if (!id) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
	}
	key = "";
	if (o.date.spec) {
		s = field(row, &o.date, &o.fbuf[1], &len, why, sizeof why);
		if (!s) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
		if (date_read(o.datefmt, s, len, &t, NULL, why, sizeof why)) {
			acct_reject(&o.acct, file, row->line, row, "%s: %s",
				    o.date.spec, why);
			return;
		}
		period_of(&o.byp, t, &order, &key);
	}
	lab = NULL;
	if (o.label.spec) {
		lab = field(row, &o.label, &o.fbuf[2], &len, why, sizeof why);
		if (!lab) {
			acct_reject(&o.acct, file, row->line, row, "%s", why);
			return;
		}
		if (memchr(lab, '\0', len)) {
			acct_reject(&o.acct, file, row->line, row,
				    "%s: NUL byte in label", o.label.spec);
			return;
		}
		lab = lmap_apply(lab);
		if (o.label_map && strcmp(lab, "-") == 0) {
			acct_skip(&o.acct);
			return;
		}
		if (!*lab) {
			acct_reject(&o.acct, file, row->line, row,
				    "%s: empty label", o.label.spec);
			return;
		}
	}
	if (rules_match(o.rb, o.tbuf.s, o.tbuf.len, &o.res, err, sizeof err)) {
		acct_reject(&o.acct, file, row->line, row, "%s", err);
		return;
	}
	if (o.append && emit_append(NULL, row, err, sizeof err)) {
		acct_reject(&o.acct, file, row->line, row, "%s", err);
		return;
	}
	acct_use(&o.acct);
	if (o.summary) {
		rulesum_add(&o.sum, key, &o.res);
	} else if (o.label.spec) {
		confusion_add(&o.ev, lab,
			      lmap_apply(rules_cat(o.rb, o.res.cat)));
	} else if (o.append) {
		emit_append(o.out, row, err, sizeof err);
	} else {
		emit_one(row, id, idlen);
	}
}

static int run_file(void *ctx, const char *path)
{
	struct csvin *in = csvin_open(path, o.cli.delim);
	struct csvrow row;
	const char *name;
	int rc, first = 1;
	size_t i;
	char why[256];

	if (!in)
		return EXIT_IO;
	name = csvin_name(in);
	if (o.no_header) {
		for (i = 0; i < o.ntext; i++)
			col_resolve(&o.text[i], NULL, name);
		col_resolve(&o.id, NULL, name);
		col_resolve(&o.date, NULL, name);
		col_resolve(&o.label, NULL, name);
		if (where_bind(&o.where, NULL, why, sizeof why))
			die(EXIT_USAGE, "%s: %s", name, why);
		first = 0;
	}
	if (o.no_header && o.append && !o.append_nf) {
		/* the columns are numbered after the first record's fields */
		while ((rc = csvin_next(in, &row)) == CSVIN_BAD)
			acct_reject(&o.acct, name, row.line, NULL, "%s",
				    csvin_error(in));
		if (rc == CSVIN_EOF) {
			csvin_free(in);
			return 0;
		}
		append_header(name, &row);
		do_row(name, &row);
	}
	while ((rc = csvin_next(in, &row)) != CSVIN_EOF) {
		if (rc == CSVIN_BAD) {
			acct_reject(&o.acct, name, row.line, NULL, "%s",
				    csvin_error(in));
			continue;
		}
		if (first) {
			struct csvrow copy;
			const struct csvrow *h =
			    textdec_header(&o.dec, &row, &copy, &o.fbuf[3],
					   o.hdr_bad, sizeof o.hdr_bad);
			for (i = 0; i < o.ntext; i++)
				col_resolve(&o.text[i], h, name);
			col_resolve(&o.id, h, name);
			col_resolve(&o.date, h, name);
			col_resolve(&o.label, h, name);
			if (where_bind(&o.where, h, why, sizeof why))
				die_at(EXIT_USAGE, name, row.line, "%s", why);
			textdec_header_release(h, &copy);
			first = 0;
			if (o.append)
				append_header(name, &row);
			continue;
		}
		do_row(name, &row);
	}
	csvin_free(in);
	return 0;
}

static void release(void)
{
	size_t i;

	cli_release(&o.cli);
	rules_res_release(&o.res);
	rules_free(o.rb);
	textbuf_release(&o.tbuf);
	textbuf_release(&o.abuf);
	for (i = 0; i < 4; i++)
		textbuf_release(&o.fbuf[i]);
	rulesum_release(&o.sum);
	where_release(&o.where);
	labelmap_release(&o.lmap);
	confusion_release(&o.ev);
	textdec_close(&o.dec);
}

static const char usage[] =
    "Usage: complaint-classify [OPTION]... --text COL [FILE]...\n"
    "Classify complaint texts into categories and handling tiers with a\n"
    "rulebook of PCRE2 patterns; write id,category,tier,score,matched.\n"
    "\n"
    "      --rules FILE     rulebook (default: the shipped rules/default.rules)\n"
    "      --text COL       text column, by header name or number (repeatable;\n"
    "                       several are joined with a newline)\n"
    "      --id COL         id column (default: the record's line number)\n"
    "      --append         write every input column, then category, tier,\n"
    "                       score and matched (instead of id first)\n"
    "      --no-header      the input has no header row: COL is a number\n"
    "      --where EXPR     only rows that pass: COL=V, COL!=V, COL>N, COL~RE\n"
    "                       (< <= >= !~ too); comma = and; repeatable\n"
    "      --encoding ENC   input is GB18030, GBK or BIG5, not UTF-8\n"
    "      --no-jit         do not JIT-compile the patterns\n"
    "      --summary        counts and shares per category and tier\n"
    "      --date COL       with --summary: date column, per period (ISO 8601,\n"
    "                       YYYY/MM/DD, spreadsheet serial, DD-Mon-YY, Y年M月D日)\n"
    "      --date-format FMT  read --date as FMT (strptime-like: %d-%m-%y ...)\n"
    "      --report-tz ZONE periods in ZONE (IANA name; default UTC)\n"
    "      --by PERIOD      day, week, month (default), quarter, year or\n"
    "                       span:FROM..TO (runs of as many days as FROM..TO)\n"
    "      --subscribers N  with --summary: add complaints per --per subscribers\n"
    "      --per N          rate base for --subscribers (default 10000)\n"
    "      --eval COL       compare categories with the labels in COL\n"
    "      --label-map FILE CSV of label,category pairs applied before --eval\n"
    "\n" CLI_HELP;

enum {
	OPT_RULES = CLI_OPT_END,
	OPT_TEXT,
	OPT_ID,
	OPT_NO_HEADER,
	OPT_ENC,
	OPT_NO_JIT,
	OPT_SUMMARY,
	OPT_DATE,
	OPT_BY,
	OPT_SUBS,
	OPT_PER,
	OPT_EVAL,
	OPT_LMAP,
	OPT_DATEFMT,
	OPT_TZ,
	OPT_WHERE,
	OPT_APPEND
};

static const struct option longopts[] = {
    CLI_LONGOPTS,
    {"rules", required_argument, 0, OPT_RULES},
    {"text", required_argument, 0, OPT_TEXT},
    {"id", required_argument, 0, OPT_ID},
    {"no-header", no_argument, 0, OPT_NO_HEADER},
    {"encoding", required_argument, 0, OPT_ENC},
    {"no-jit", no_argument, 0, OPT_NO_JIT},
    {"summary", no_argument, 0, OPT_SUMMARY},
    {"date", required_argument, 0, OPT_DATE},
    {"by", required_argument, 0, OPT_BY},
    {"date-format", required_argument, 0, OPT_DATEFMT},
    {"where", required_argument, 0, OPT_WHERE},
    {"report-tz", required_argument, 0, OPT_TZ},
    {"subscribers", required_argument, 0, OPT_SUBS},
    {"per", required_argument, 0, OPT_PER},
    {"eval", required_argument, 0, OPT_EVAL},
    {"label-map", required_argument, 0, OPT_LMAP},
    {"append", no_argument, 0, OPT_APPEND},
    {0, 0, 0, 0}};

static long long count_arg(const char *opt, const char *arg)
{
	int64_t v;

	if (num_parse_i64(arg, strlen(arg), &v) || v < 1)
		cli_usage_error("%s: \"%s\" is not a positive whole number",
				opt, arg);
	return (long long)v;
}

int main(int argc, char **argv)
{
	int opt, status = 0, rc;
	FILE *fp;

	diag_init("complaint-classify");
	cli_init(&o.cli, usage);
	o.per = 10000;
	confusion_init(&o.ev);
	while ((opt = getopt_long(argc, argv, CLI_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case OPT_RULES:
			o.rules = optarg;
			break;
		case OPT_TEXT:
			if (o.ntext == MAX_TEXT)
				cli_usage_error("--text: at most %d columns",
						MAX_TEXT);
			o.text[o.ntext++].spec = optarg;
			break;
		case OPT_ID:
			o.id.spec = optarg;
			break;
		case OPT_NO_HEADER:
			o.no_header = 1;
			break;
		case OPT_ENC:
			if (textdec_known(optarg) < 0)
				cli_usage_error(
				    "--encoding: \"%s\": expected GB18030, GBK or BIG5",
				    optarg);
			o.encoding = optarg;
			break;
		case OPT_NO_JIT:
			o.no_jit = 1;
			break;
		case OPT_SUMMARY:
			o.summary = 1;
			break;
		case OPT_DATE:
			o.date.spec = optarg;
			break;
		case OPT_BY:
			if (period_parse(optarg, &o.byp) == 0 &&
			    ((o.byp.unit >= P_DAY && o.byp.unit <= P_YEAR) ||
			     o.byp.unit == P_SPAN))
				o.by = 1;
			else
				cli_usage_error(
				    "--by: \"%s\": expected day, week, month, quarter, year or span:FROM..TO",
				    optarg);
			break;
		case OPT_WHERE:
			where_add(&o.where, optarg);
			break;
		case OPT_DATEFMT:
			o.datefmt = date_opt_format(optarg);
			break;
		case OPT_TZ:
			date_opt_report_tz(optarg);
			break;
		case OPT_SUBS:
			o.subscribers = count_arg("--subscribers", optarg);
			break;
		case OPT_PER:
			o.per = count_arg("--per", optarg);
			break;
		case OPT_EVAL:
			o.label.spec = optarg;
			break;
		case OPT_APPEND:
			o.append = 1;
			break;
		case OPT_LMAP:
			o.label_map = optarg;
			break;
		default:
			if (!cli_common(&o.cli, opt, optarg))
				cli_usage_error("unhandled option");
		}
	}
	if (o.ntext == 0)
		cli_usage_error("--text COL is required");
	if (o.summary && o.label.spec)
		cli_usage_error("--summary and --eval cannot be combined");
	if (!o.summary && (o.date.spec || o.by || o.subscribers))
		cli_usage_error(
		    "--date, --by and --subscribers need --summary");
	if (o.by && !o.date.spec)
		cli_usage_error("--by needs --date COL");
	if (o.date.spec && !o.by) {
		period_parse("month", &o.byp);
		o.by = 1;
	}
	if (o.append && (o.summary || o.label.spec || o.id.spec))
		cli_usage_error(
		    "--append cannot be combined with --summary, --eval or --id");
	if (o.label_map && !o.label.spec)
		cli_usage_error("--label-map needs --eval COL");
	o.prec = o.cli.precision >= 0 ? o.cli.precision : 4;

	o.rb = rules_open(o.rules, !o.no_jit);
	rules_res_init(&o.res, o.rb);
	rulesum_init(&o.sum, o.rb);
	o.sum.by = o.by;
	o.sum.subscribers = o.subscribers;
	o.sum.per = o.per;
	o.sum.prec = o.prec;
	if (o.label_map)
		labelmap_load(&o.lmap, o.label_map);
	textdec_open(&o.dec, o.encoding);

	cli_inputs(&o.cli, argc - optind, argv + optind);
	if (o.rules)
		cli_inputs(&o.cli, 1, (char *const *)&o.rules);
	if (o.label_map)
		cli_inputs(&o.cli, 1, (char *const *)&o.label_map);
	cli_acct(&o.cli, &o.acct);
	fp = cli_output(&o.cli);
	o.out = out_open(fp, o.cli.output ? o.cli.output : "stdout",
			 (enum out_fmt)o.cli.format);
	if (!o.summary && !o.label.spec && !o.append) {
		out_col(o.out, "id", OUT_STR);
		out_col(o.out, "category", OUT_STR);
		out_col(o.out, "tier", OUT_STR);
		out_col(o.out, "score", OUT_NUM);
		out_col(o.out, "matched", OUT_STR);
	}

	manifest_command(argc, argv);
	status = cli_run_inputs(argc, argv, optind, run_file, NULL);
	if (o.summary)
		rulesum_emit(&o.sum, o.out);
	else if (o.label.spec)
		confusion_emit(&o.ev, o.out, o.prec);
	out_close(o.out);
	cli_close_output(&o.cli, fp);
	rc = acct_finish(&o.acct);
	release();
	return status ? status : rc;
}
