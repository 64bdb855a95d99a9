/*
 * fuzz/survey: survey-score's row path through its library entry point
 * (lib/svyrun): the input's lines are data rows under the header
 * "ltr,q,w,d", read as survey-score --nps ltr --csat q --alpha ltr,q
 * --weight w --date d --by month --ci 0.95 reads them. Every data row is
 * used, skipped or rejected (read = used + rejected + skipped) and a
 * used row is one respondent of one group; the scores of every group
 * are finite and in range or empty (NAN), and the score table is
 * written (to /dev/null): never a crash, a leak or a GSL abort.
 */
#include <math.h>
#include <string.h>

#include "csvin.h"
#include "fuzz.h"
#include "out.h"
#include "stats.h"
#include "survey.h"
#include "svyout.h"
#include "svyrun.h"
#include "svyspec.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char header[] = "ltr,q,w,d\n";
	static FILE *devnull;
	char *buf = xmalloc(sizeof(header) + size);
	struct svy_spec sp;
	struct svy_run r;
	struct svyout e;
	struct csvin *in;
	struct csvrow row;
	unsigned long long resp = 0;
	int st, first = 1;

	memcpy(buf, header, sizeof(header) - 1);
	if (size)
		memcpy(buf + sizeof(header) - 1, data, size);
	in = csvin_open(
	    fuzz_file((const uint8_t *)buf, sizeof(header) - 1 + size), ',');
	free(buf);
	FUZZ_ASSERT(in != NULL);
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	svyspec_init(&sp);
	sp.quiet = 1;
	svyspec_nps(&sp, "ltr");
	svyspec_csat(&sp, "q");
	svyspec_alpha(&sp, "ltr:0..10,q");
	sp.weight = "w";
	sp.date = "d";
	svyspec_by(&sp, "month");
	sp.ci = 0.95;
	svyspec_finish(&sp);
	svyrun_init(&r, &sp);
	acct_init(&r.acct);
	r.acct.quiet = 1;
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		if (st == CSVIN_BAD) {
			acct_reject(&r.acct, csvin_name(in), row.line, NULL,
				    "%s", csvin_error(in));
			continue;
		}
		if (first) {
			svyrun_header(&r, &row, csvin_name(in));
			first = 0;
			continue;
		}
		svyrun_row(&r, &row, csvin_name(in));
	}
	csvin_free(in);
	FUZZ_ASSERT(r.acct.read ==
		    r.acct.used + r.acct.rejected + r.acct.skipped);
	/* the scales are right by construction unless most answers are
	 * off them; then survey-score stops with exit 2 and no figure */
	if (svyrun_check_scales(&r) == 0) {
		svyrun_finish(&r);
		for (size_t i = 0; i < r.ng; i++) {
			struct survey_cell c;
			struct svyout_nps f;
			struct survey_sum s;
			double raw, std;

			svyrun_cell_init(&r, &c);
			svyrun_merge_group(&r, &c, r.g[i]);
			resp += c.n;
			svyout_nps(&sp, &c, &f);
			FUZZ_ASSERT(f.kp + f.kd <= f.s.n);
			FUZZ_ASSERT(isnan(f.nps) ||
				    (f.nps >= -100 && f.nps <= 100));
			survey_summary(&c.h[1], &s);
			FUZZ_ASSERT(!s.n || (s.n_eff > 0 && s.mean >= 1 &&
					     s.mean <= 5));
			survey_alpha(&c.alpha[0], &raw, &std);
			survey_cell_release(&c);
		}
		FUZZ_ASSERT(resp == r.acct.used);
		svyout_init(&e, &r, out_open(devnull, "/dev/null", OUT_CSV),
			    -1);
		svyout_header(&e);
		svyout_rows(&e);
		out_close(e.o);
		svyout_release(&e);
	}
	acct_finish(&r.acct);
	svyrun_release(&r);
	svyspec_release(&sp);
	return 0;
}
