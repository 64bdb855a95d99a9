/*
 * fuzz/complaint: complaint-classify's input path: CSV rows whose text
 * (column 2) is taken as UTF-8, or converted from GB18030 when the input
 * starts with '#', then validated and classified by the shipped rulebook
 * (share/telaudit/rules/default.rules, JIT). Every row is used or
 * rejected (invalid text, a PCRE2 limit); the category is one of the
 * rulebook's or other.
 */
#include <iconv.h>
#include <string.h>

#include "csvin.h"
#include "fuzz.h"
#include "rules.h"
#include "utf8.h"

#ifndef FUZZ_RULES
#define FUZZ_RULES "share/telaudit/rules/default.rules"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *rb;
	static struct rules_res res;
	static iconv_t cd;
	const char *path = fuzz_file(data, size);
	unsigned long long read = 0, used = 0, rejected = 0;
	int gb = size > 0 && data[0] == '#', st;
	struct csvin *in;
	struct csvrow row;
	char err[256];

	if (!rb) {
		const char *p = getenv("FUZZ_RULES");

		rb = rules_load(p ? p : FUZZ_RULES, 1);
		rules_res_init(&res, rb);
		cd = iconv_open("UTF-8", "GB18030");
		FUZZ_ASSERT(cd != (iconv_t)-1);
	}
	in = csvin_open(path, ',');
	FUZZ_ASSERT(in != NULL);
	while ((st = csvin_next(in, &row)) != CSVIN_EOF) {
		const char *text;
		size_t len;
		char *conv = NULL;

		read++;
		if (st == CSVIN_BAD || row.nf < 2) {
			rejected++;
			continue;
		}
		text = row.f[1];
		len = row.len[1];
		if (gb) {
			size_t cap = len * 4 + 4, left = cap, inl = len;
			char *ip = (char *)text, *op;

			conv = op = malloc(cap);
			FUZZ_ASSERT(conv != NULL);
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &inl, &op, &left) == (size_t)-1) {
				free(conv);
				rejected++;
				continue;
			}
			text = conv;
			len = cap - left;
		}
		if (utf8_invalid(text, len) != (size_t)-1 ||
		    rules_match(rb, text, len, &res, err, sizeof(err)) != 0) {
			free(conv);
			rejected++;
			continue;
		}
		FUZZ_ASSERT(res.cat >= -1 && res.cat < (int)rules_ncats(rb));
		free(conv);
		used++;
	}
	csvin_free(in);
	FUZZ_ASSERT(read == used + rejected);
	return 0;
}
