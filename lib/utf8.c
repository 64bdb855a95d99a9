/*
 * utf8: strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF).
 */
#include "utf8.h"

size_t utf8_seq(const char *str, size_t len, unsigned *cpp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c;
	size_t n, k;
	unsigned cp;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cpp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 1, cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2, cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3, cp = c & 0x07;
	} else {
		return 0;
	}
	if (len <= n)
		return 0; /* truncated sequence */
	for (k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	*cpp = cp;
	return n + 1;
}

size_t utf8_invalid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(str + i, len - i, &cp);
		if (!n)
			return i;
		i += n;
	}
	return (size_t)-1;
}
