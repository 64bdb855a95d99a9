/*
 * utf8: validation of text before it is trusted (SPEC 6: input is UTF-8).
 */
#ifndef TA_UTF8_H
#define TA_UTF8_H

#include <stddef.h>

/* Offset of the first invalid byte, or (size_t)-1 if s is valid UTF-8. */
size_t utf8_invalid(const char *s, size_t len);
/*
 * Length (1..4) of the valid UTF-8 sequence at s[0..len), or 0 if the
 * bytes there are not one; *cp gets the code point.
 */
size_t utf8_seq(const char *s, size_t len, unsigned *cp);

#endif
