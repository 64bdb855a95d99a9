/*
 * fuzz/cdr: one cdr-parse format (FUZZ_FORMAT, set by the Makefile) over
 * the input, as cdr-parse runs it with --tz UTC. Invariants: the format
 * never exits or crashes; read = used + rejected + skipped; every record
 * written reads back: the output is CSV with one header and one row per
 * record written, each with the header's number of fields.
 */
#include <stdio.h>
#include <string.h>

#include "acct.h"
#include "csvin.h"
#include "fuzz.h"
#include "out.h"
#include "rec.h"
#include "src/src.h"
#include "tm.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT "asterisk-csv"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct src_format *fmt;
	const char *path = fuzz_file(data, size);
	char *obuf = NULL;
	size_t olen = 0, nrow = 0, nf0 = 0;
	struct src_ctx ctx;
	struct acct acct;
	struct out *out;
	struct csvin *back;
	struct csvrow row;
	struct recmap map;
	struct rec r;
	char err[256];
	FILE *ofp;
	int st;

	if (!fmt) {
		fmt = src_find(FUZZ_FORMAT);
		FUZZ_ASSERT(fmt != NULL);
		FUZZ_ASSERT(tz_set("UTC") == 0);
	}
	acct_init(&acct);
	acct.quiet = 1;
	ofp = open_memstream(&obuf, &olen);
	FUZZ_ASSERT(ofp != NULL);
	out = out_open(ofp, "fuzz", OUT_CSV);
	rec_out_header(out);
	memset(&ctx, 0, sizeof(ctx));
	ctx.acct = &acct;
	ctx.out = out;
	ctx.have_tz = 1;
	ctx.zone = "UTC";
	ctx.open_calls = size > 0 && (data[size - 1] & 1);
	ctx.in = csvin_open(path, fmt->delim);
	FUZZ_ASSERT(ctx.in != NULL);
	ctx.file = "fuzz";
	FUZZ_ASSERT(!fuzz_try(fmt->run(&ctx)));
	csvin_free(ctx.in);
	out_close(out);
	FUZZ_ASSERT(fclose(ofp) == 0);
	FUZZ_ASSERT(acct.read == acct.used + acct.rejected + acct.skipped);

	/* read the output back */
	back = csvin_open(fuzz_file((const uint8_t *)obuf, olen), ',');
	FUZZ_ASSERT(back != NULL);
	while ((st = csvin_next(back, &row)) != CSVIN_EOF) {
		FUZZ_ASSERT(st == CSVIN_ROW);
		if (nrow++ == 0) {
			nf0 = row.nf;
			recmap_init(&map, &row);
			continue;
		}
		FUZZ_ASSERT(row.nf == nf0);
		if (rec_from_row(&map, &row, &r, err, sizeof(err)) != 0)
			dprintf(fuzz_report_fd,
				"kpi-calc's reader refuses "
				"a record written: %s\n",
				err);
		FUZZ_ASSERT(rec_from_row(&map, &row, &r, err, sizeof(err)) ==
			    0);
		FUZZ_ASSERT(rec_check(&r) == NULL);
	}
	csvin_free(back);
	/* one header; records = used - merged (rows folded into a call) */
	FUZZ_ASSERT(nrow >= 1);
	FUZZ_ASSERT(nrow - 1 <= acct.used);
	free(obuf);
	acct_finish(&acct);
	return 0;
}
