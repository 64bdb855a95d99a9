/*
 * fuzz/state: the kpi-calc state reader (--merge input). It either reads
 * the state or says why not; what it read can be written again, and
 * that reads back to the same bytes.
 */
#include <string.h>

#include "acc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st;
	struct group_table t, t2;
	char err[256], *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *fp;
	int r;

	memset(&st, 0, sizeof(st));
	acc_table_init(&t);
	fp = fmemopen((void *)(size ? data : (const uint8_t *)""),
		      size ? size : 1, "r");
	FUZZ_ASSERT(fp != NULL);
	err[0] = '\0';
	r = state_read(fp, &acc_state_kind, &st, &t, err, sizeof(err));
	fclose(fp);
	FUZZ_ASSERT(r == 0 || (r == -1 && err[0]));
	if (r == 0) {
		fp = open_memstream(&b1, &l1);
		state_write(fp, &acc_state_kind, st.param, st.nparam, &st, &t);
		fclose(fp);
		acc_table_init(&t2);
		state_release(&st);
		memset(&st, 0, sizeof(st));
		fp = fmemopen(b1, l1 ? l1 : 1, "r");
		r = state_read(fp, &acc_state_kind, &st, &t2, err, sizeof(err));
		fclose(fp);
		FUZZ_ASSERT(r == 0);
		fp = open_memstream(&b2, &l2);
		state_write(fp, &acc_state_kind, st.param, st.nparam, &st, &t2);
		fclose(fp);
		FUZZ_ASSERT(l1 == l2 && memcmp(b1, b2, l1) == 0);
		acc_table_release(&t2);
		free(b1);
		free(b2);
	}
	state_release(&st);
	acc_table_release(&t);
	return 0;
}
