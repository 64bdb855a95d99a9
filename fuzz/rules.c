/*
 * fuzz/rules: the complaint-classify rulebook loader. A bad rulebook
 * ends in exit 2 (a usage error, with a message), never a crash; a good
 * one classifies a few texts with a result inside its own categories.
 */
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const texts[] = {
	    "",
	    "billing dispute overcharged",
	    "no signal in my area",
	    "\xe6\x89\xa3\xe8\xb4\xb9",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
	};
	const char *path = fuzz_file(data, size);
	struct rules *rb = NULL;
	struct rules_res res;
	char err[256];
	size_t i;

	if (fuzz_try(rb = rules_load(path, 0))) {
		FUZZ_ASSERT(fuzz_exit_status == EXIT_USAGE ||
			    fuzz_exit_status == EXIT_IO);
		return 0;
	}
	FUZZ_ASSERT(rb != NULL);
	rules_res_init(&res, rb);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (rules_match(rb, texts[i], strlen(texts[i]), &res, err,
				sizeof(err)) != 0)
			continue;
		FUZZ_ASSERT(res.cat >= -1 && res.cat < (int)rules_ncats(rb));
		FUZZ_ASSERT(res.nhits <= rules_count(rb));
	}
	rules_res_release(&res);
	rules_free(rb);
	return 0;
}
