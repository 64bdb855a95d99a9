/*
 * textdec: input text as trusted UTF-8 (complaint-classify --encoding):
 * a field converted from GB18030, GBK or BIG5 with iconv, or checked to
 * be valid UTF-8, with the reason and byte when it is not.
 */
#ifndef TA_TEXTDEC_H
#define TA_TEXTDEC_H

#include <iconv.h>
#include <stddef.h>

#include "csvin.h"

/* A growable byte buffer. */
struct textbuf {
	char *s;
	size_t len, cap;
};
/* Room for n bytes and a NUL. */
void textbuf_reserve(struct textbuf *b, size_t n);
void textbuf_release(struct textbuf *b);

struct textdec {
	const char *enc; /* NULL: the input is UTF-8 */
	iconv_t cd;
};
/* The --encoding names: 0 for GB18030, GBK or BIG5 (any case), else -1. */
int textdec_known(const char *enc);
/* Open d for enc (NULL: UTF-8); exits 2 if iconv cannot convert it. */
void textdec_open(struct textdec *d, const char *enc);
/*
 * The n bytes at s as UTF-8: s itself, or converted into b. Returns
 * NULL with "what: invalid ENC at byte N" (or invalid UTF-8) in why.
 */
const char *textdec_field(struct textdec *d, const char *s, size_t n,
			  const char *what, struct textbuf *b, size_t *len,
			  char *why, size_t whylen);
/*
 * The header row as UTF-8, so that column names given on the command
 * line match: a copy in *copy (release with textdec_header_release), or
 * hdr itself without an encoding. A cell that does not decode becomes
 * an empty name, and the first one's reason goes to bad (if empty).
 */
const struct csvrow *textdec_header(struct textdec *d, const struct csvrow *hdr,
				    struct csvrow *copy, struct textbuf *b,
				    char *bad, size_t badlen);
void textdec_header_release(const struct csvrow *h, struct csvrow *copy);
void textdec_close(struct textdec *d);

#endif
