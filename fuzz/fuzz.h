/*
 * fuzz: shared pieces of the libFuzzer harnesses (one fuzz/<name>.c per
 * untrusted input). Each harness defines LLVMFuzzerTestOneInput; it is
 * linked either with clang's -fsanitize=fuzzer (make fuzz) or with
 * fuzz/replay.c, a small main() that feeds it the files of a corpus
 * (make check replays the committed corpora under ASan+UBSan that way).
 *
 * The library exits (die()) on errors it treats as fatal for a run, such
 * as a bad rulebook; the harnesses are linked with -Wl,--wrap=exit so
 * that such an exit returns to the harness (fuzz_try) instead of ending
 * the fuzzer. A harness asserts with FUZZ_ASSERT, which aborts: a finding.
 */
#ifndef TA_FUZZ_H
#define TA_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Set while a fuzz_try block runs: exit() jumps back here. */
extern jmp_buf *fuzz_exit_jmp;
extern int fuzz_exit_status;

/*
 * Run stmt; if it calls exit(), come back with fuzz_exit_status set and
 * evaluate to 1, else 0. Memory the exiting code held is lost: harnesses
 * that use it run with leak detection off for that path.
 */
#define fuzz_try(stmt)                                                         \
	({                                                                     \
		jmp_buf fuzz_jb_;                                              \
		int fuzz_r_ = 0;                                               \
		fuzz_exit_jmp = &fuzz_jb_;                                     \
		if (setjmp(fuzz_jb_) == 0) {                                   \
			stmt;                                                  \
		} else {                                                       \
			fuzz_r_ = 1;                                           \
		}                                                              \
		fuzz_exit_jmp = NULL;                                          \
		fuzz_r_;                                                       \
	})

/* Where FUZZ_ASSERT reports (replay keeps the real stderr here). */
extern int fuzz_report_fd;

#define FUZZ_ASSERT(c)                                                         \
	do {                                                                   \
		if (!(c)) {                                                    \
			dprintf(fuzz_report_fd,                                \
				"%s:%d: fuzz invariant failed: %s\n",          \
				__FILE__, __LINE__, #c);                       \
			abort();                                               \
		}                                                              \
	} while (0)

/*
 * The input as a file the library can open by name (a memfd, seen as
 * /proc/self/fd/N); valid until the next call. Returns the path.
 */
const char *fuzz_file(const uint8_t *data, size_t size);

#endif
