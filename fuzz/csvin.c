/*
 * fuzz/csvin: the shared CSV reader. Every record is a row or a reported
 * bad record; line numbers never go back; each field is NUL-terminated
 * at its length; the reader ends.
 *
 * Differential: the input is read three ways at once: as the tools read
 * it (common lines split 64 bytes at a time, or by the byte loops), with
 * the byte loops alone (csvin_set_bytewise) and, quotes being CSV, with
 * libcsv alone (csvin_set_reference). All three give the same records,
 * lines and errors, and the first two split the same lines directly. In
 * a fuzzing build, csvin also checks every block's SSE2 masks against
 * the portable byte loop's.
 */
#include <string.h>

#include "csvin.h"
#include "fuzz.h"

/* The same record from two readers. */
static void same(struct csvin *a, int sa, const struct csvrow *ra,
		 struct csvin *b, int sb, const struct csvrow *rb)
{
	size_t i;

	FUZZ_ASSERT(sa == sb);
	if (sa == CSVIN_EOF)
		return;
	FUZZ_ASSERT(ra->line == rb->line && ra->end_line == rb->end_line);
	if (sa == CSVIN_BAD) {
		FUZZ_ASSERT(strcmp(csvin_error(a), csvin_error(b)) == 0);
		return;
	}
	FUZZ_ASSERT(ra->nf == rb->nf);
	for (i = 0; i < ra->nf; i++) {
		FUZZ_ASSERT(ra->len[i] == rb->len[i]);
		FUZZ_ASSERT(memcmp(ra->f[i], rb->f[i], ra->len[i]) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	const char delim = size && data[0] == ';' ? ';' : ',';
	struct csvin *in, *bytes, *ref;
	struct csvrow row, rb, rr;
	long last = 0;
	size_t i;
	int st, sb, sr, raw;

	for (raw = 0; raw <= 1; raw++) {
		in = csvin_open(path, delim);
		bytes = csvin_open(path, delim);
		ref = raw ? NULL : csvin_open(path, delim); /* raw: no libcsv */
		FUZZ_ASSERT(in != NULL && bytes != NULL && (raw || ref));
		if (raw) {
			csvin_set_raw(in);
			csvin_set_raw(bytes);
		} else {
			csvin_set_reference(ref);
		}
		csvin_set_bytewise(bytes);
		last = 0;
		do {
			st = csvin_next(in, &row);
			sb = csvin_next(bytes, &rb);
			same(in, st, &row, bytes, sb, &rb);
			if (ref) {
				sr = csvin_next(ref, &rr);
				same(in, st, &row, ref, sr, &rr);
			}
			if (st == CSVIN_EOF)
				break;
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
		} while (st != CSVIN_EOF);
		FUZZ_ASSERT(csvin_bytes(in) <= size);
		FUZZ_ASSERT(csvin_fast_lines(in) == csvin_fast_lines(bytes));
		FUZZ_ASSERT(csvin_block_lines(bytes) == 0);
		if (ref)
			FUZZ_ASSERT(csvin_fast_lines(ref) == 0);
		csvin_free(in);
		csvin_free(bytes);
		csvin_free(ref);
	}
	return 0;
}
