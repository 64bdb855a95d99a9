/*
 * cucm: Cisco Unified CM CDR flat files, one record per contact: the legs
 * of one call are merged (cucm_call.c). Layouts and header handling are
 * in cucm.c; CMR rows (cdrRecordType 2) and start records (0) carry no
 * call leg and are skipped (cucm-cmr joins CMRs to their legs).
 */
#include "cucm.h"
#include "src.h"

struct run {
	struct src_ctx *ctx;
	struct cucm_merge *m;
};

static void emit(void *ud, struct cucm_call *c)
{
	struct run *u = ud;
	struct src_ctx *ctx = u->ctx;
	struct rec r;
	const char *why;

	cucm_call_rec(u->m, c, &r);
	r.source = "cucm";
	r.zone = ctx->zone;
	why = rec_check(&r);
	if (!why)
		rec_out(ctx->out, &r);
	cucm_call_account(ctx, c, why);
}

static int run(struct src_ctx *ctx)
{
	struct cucm_reader *rd = cucm_new();
	struct cucm_opts o;
	struct csvrow row;
	struct run u = {ctx, NULL};

	cucm_opts_init(&o, ctx);
	u.m = cucm_merge_new(&o, emit, &u);
	while (src_next_row(ctx, &row)) {
		struct cucm_leg leg;

		switch (cucm_classify(rd, ctx, &row)) {
		case CUCM_CDR:
			if (cucm_cdr(rd, ctx, &row, &leg) == 0)
				cucm_merge_add(u.m, &leg);
			break;
		case CUCM_CMR:
		case CUCM_OTHER:
			acct_skip(ctx->acct);
			break;
		default:
			break;
		}
	}
	cucm_merge_finish(u.m);
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
