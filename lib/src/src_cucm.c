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

	struct csvrow first = {0};
	unsigned long long skipped = ctx->acct->skipped;
	size_t i;

	cucm_call_rec(u->m, c, &r);
	r.source = "cucm";
	r.zone = ctx->zone;
	if ((why = src_check(ctx, &r))) {
		cucm_call_account(ctx, c, why); /* every leg rejected */
		return;
	}
	/* the record as from its first leg (--dedupe, repeats), the other
	 * legs merged into it, or skipped with it */
	first.line = c->legs[0].line;
	first.end_line = first.line;
	src_emit(ctx, &first, &r);
	for (i = 1; i < c->n; i++)
		if (ctx->acct->skipped != skipped)
			acct_skip(ctx->acct);
		else
			acct_merged(ctx->acct);
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
		long first;

		switch (cucm_classify(rd, ctx, &row)) {
		case CUCM_CDR:
			if (cucm_cdr(rd, ctx, &row, &leg) == 0 &&
			    (first = cucm_merge_add(u.m, &leg)))
				cucm_repeat(ctx, &row, first);
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
