/*
 * fuzz/csvin: the shared CSV reader. Every record is a row or a reported
 * bad record; line numbers never go back; each field is NUL-terminated
 * at its length; the reader ends.
 */
#include <string.h>

#include "csvin.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct csvin *in;
	struct csvrow row;
	long last = 0;
	size_t i;
	int st, raw;

	for (raw = 0; raw <= 1; raw++) {
		in = csvin_open(path, size && data[0] == ';' ? ';' : ',');
		FUZZ_ASSERT(in != NULL);
		if (raw)
			csvin_set_raw(in);
		last = 0;
		while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
			FUZZ_ASSERT(st == CSVIN_ROW || st == CSVIN_BAD);
			FUZZ_ASSERT(row.line >= 1 && row.line >= last);
			FUZZ_ASSERT(row.end_line >= row.line);
			last = row.line;
			if (st == CSVIN_BAD) {
				FUZZ_ASSERT(strlen(csvin_error(in)) > 0);
				continue;
			}
			FUZZ_ASSERT(row.nf >= 1);
			for (i = 0; i < row.nf; i++) {
				FUZZ_ASSERT(row.f[i][row.len[i]] == '\0');
				FUZZ_ASSERT(row.len[i] <= size);
			}
		}
		FUZZ_ASSERT(csvin_bytes(in) <= size);
		csvin_free(in);
	}
	return 0;
}
