/*
 * fuzz/survey: survey-score's input path through lib/survey and
 * lib/stats: a CSV with a header, columns ltr (NPS 0..10), q (CSAT 1..5),
 * w (weight) and d (date), as survey-score --nps ltr --csat q --weight w
 * --date d reads it. Every data row is used or rejected (read = used +
 * rejected); answers are valid, missing, not a number or off the scale;
 * the scores and intervals are finite or empty (NAN), never a crash or a
 * GSL abort.
 */
#include <math.h>
#include <string.h>

#include "csvin.h"
#include "date.h"
#include "fuzz.h"
#include "num.h"
#include "stats.h"
#include "survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int lo[2] = {0, 1}, hi[2] = {10, 5};
	static const size_t kalpha[1] = {2}; /* one alpha block: ltr, q */
	const char *path = fuzz_file(data, size);
	unsigned long long read = 0, used = 0, rejected = 0;
	struct survey_cell cell;
	struct survey_sum s;
	struct csvin *in;
	struct csvrow row;
	int col[4] = {-1, -1, -1, -1}, st, first = 1, v;
	static const char *const names[4] = {"ltr", "q", "w", "d"};
	size_t i, k;

	survey_cell_init(&cell, 2, lo, hi, 1, kalpha);
	in = csvin_open(path, ',');
	FUZZ_ASSERT(in != NULL);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		double w = 1, x[2];
		int64_t t;
		char why[128];
		int ok[2];

		if (st == CSVIN_BAD) {
			read++, rejected++;
			continue;
		}
		if (first) {
			for (k = 0; k < 4; k++)
				for (i = 0; i < row.nf; i++)
					if (strcmp(row.f[i], names[k]) == 0)
						col[k] = (int)i;
			first = 0;
			continue;
		}
		read++;
		if (col[2] >= 0 && (size_t)col[2] < row.nf &&
		    (num_parse_double(row.f[col[2]], row.len[col[2]], &w) ||
		     !(w > 0) || !isfinite(w))) {
			rejected++;
			continue;
		}
		if (col[3] >= 0 && (size_t)col[3] < row.nf &&
		    date_read(NULL, row.f[col[3]], row.len[col[3]], &t, NULL,
			      why, sizeof(why))) {
			rejected++;
			continue;
		}
		survey_cell_add_resp(&cell, w);
		for (k = 0; k < 2; k++) {
			enum survey_ans a = SURVEY_MISSING;

			ok[k] = 0;
			if (col[k] >= 0 && (size_t)col[k] < row.nf)
				a = survey_answer(row.f[col[k]],
						  row.len[col[k]], lo[k], hi[k],
						  &v);
			FUZZ_ASSERT(a >= SURVEY_VALID && a <= SURVEY_OUTSCALE);
			if (a == SURVEY_VALID) {
				FUZZ_ASSERT(v >= lo[k] && v <= hi[k]);
				survey_cell_add_answer(&cell, k, v, w);
				x[k] = v;
				ok[k] = 1;
			} else {
				survey_cell_add_missing(&cell, k);
			}
		}
		survey_cell_add_alpha(&cell, 0, ok[0] && ok[1] ? x : NULL);
		used++;
	}
	csvin_free(in);
	FUZZ_ASSERT(read == used + rejected);
	FUZZ_ASSERT(cell.n == used);
	for (k = 0; k < 2; k++) {
		double l, h, t;

		survey_summary(&cell.h[k], &s);
		if (!s.n)
			continue;
		FUZZ_ASSERT(s.n_eff > 0 && s.mean >= lo[k] && s.mean <= hi[k]);
		t = s.n_eff > 1 ? stats_t(0.95, s.n_eff - 1) : NAN;
		FUZZ_ASSERT(isnan(t) || t > 0);
		stats_wilson(s.n_eff / 2, s.n_eff, stats_z(0.95), &l, &h);
		FUZZ_ASSERT(isnan(l) || (l >= 0 && l <= h && h <= 1));
	}
	{
		double p, d, l, h, raw, std;
		unsigned long long kp, kd;

		survey_summary(&cell.h[0], &s);
		if (s.n) {
			p = survey_share(&cell.h[0], 9, 10, &kp);
			d = survey_share(&cell.h[0], 0, 6, &kd);
			FUZZ_ASSERT(kp + kd <= s.n);
			survey_nps_score_ci(p, d, s.n_eff, 1.96, &l, &h);
			FUZZ_ASSERT(isnan(l) || (l >= -1 && h <= 1));
		}
		survey_alpha(&cell.alpha[0], &raw, &std);
	}
	survey_cell_release(&cell);
	return 0;
}
