/*
 * cucm: Cisco Unified CM CDR flat files, one record per CDR row (leg).
 * Layouts, header handling and the record choices are in cucm.c; CMR
 * rows (cdrRecordType 2) and start records (0) carry no call leg and are
 * skipped (cucm-cmr joins CMRs to their legs).
 */
#include "cucm.h"
#include "src.h"

static int run(struct src_ctx *ctx)
{
	struct cucm_reader *rd = cucm_new();
	struct csvrow row;

	while (src_next_row(ctx, &row)) {
		struct rec r;
		struct cucm_leg leg;

		switch (cucm_classify(rd, ctx, &row)) {
		case CUCM_CDR:
			if (cucm_cdr(rd, ctx, &row, &r, &leg) == 0)
				src_emit(ctx, &row, &r);
			break;
		case CUCM_CMR:
		case CUCM_OTHER:
			acct_skip(ctx->acct);
			break;
		default:
			break;
		}
	}
	cucm_free(rd);
	return 0;
}

const struct src_format src_cucm = {
    .name = "cucm",
    .summary = "Cisco UCM CDR flat file (11.x 129 / 12-15 133 columns)",
    .delim = ',',
    .local_time = 0,
    .run = run,
};
