/*
 * textdec: input text as trusted UTF-8 (see textdec.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "textdec.h"
#include "utf8.h"
#include "xalloc.h"

void textbuf_reserve(struct textbuf *b, size_t n)
{
	if (b->cap < n + 1)
		b->s = xgrow(b->s, &b->cap, n + 1, 1);
}

void textbuf_release(struct textbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

int textdec_known(const char *enc)
{
	return strcasecmp(enc, "GB18030") && strcasecmp(enc, "GBK") &&
		       strcasecmp(enc, "BIG5")
		   ? -1
		   : 0;
}

void textdec_open(struct textdec *d, const char *enc)
{
	d->enc = enc;
	if (!enc)
		return;
	d->cd = iconv_open("UTF-8", enc);
	if (d->cd == (iconv_t)-1)
		cli_usage_error("--encoding %s: not supported by iconv", enc);
}

const char *textdec_field(struct textdec *d, const char *s, size_t n,
			  const char *what, struct textbuf *b, size_t *len,
			  char *why, size_t whylen)
{
	char *in, *outp;
	size_t inleft, outleft, done, bad;

	if (d->enc) {
		textbuf_reserve(b, n * 2 + 16);
		iconv(d->cd, NULL, NULL, NULL, NULL);
		in = (char *)s;
		inleft = n;
		outp = b->s;
		outleft = b->cap - 1;
		while (inleft > 0) {
			if (iconv(d->cd, &in, &inleft, &outp, &outleft) !=
			    (size_t)-1)
				break;
			if (errno == E2BIG) {
				done = (size_t)(outp - b->s);
				b->s = xgrow(b->s, &b->cap, b->cap * 2, 1);
				outp = b->s + done;
				outleft = b->cap - 1 - done;
				continue;
			}
			snprintf(why, whylen, "%s: invalid %s at byte %zu",
				 what, d->enc, (size_t)(in - s) + 1);
			return NULL;
		}
		*outp = '\0';
		*len = (size_t)(outp - b->s);
		s = b->s;
		n = *len;
	}
	bad = utf8_invalid(s, n);
	if (bad != (size_t)-1) {
		snprintf(why, whylen, "%s: invalid UTF-8 at byte %zu", what,
			 bad + 1);
		return NULL;
	}
	*len = n;
	return s;
}

const struct csvrow *textdec_header(struct textdec *d, const struct csvrow *hdr,
				    struct csvrow *copy, struct textbuf *b,
				    char *bad, size_t badlen)
{
	char why[256], num[32];
	size_t i, len;

	if (!d->enc)
		return hdr;
	*copy = *hdr;
	copy->f = xcalloc(hdr->nf + 1, sizeof(*copy->f));
	copy->len = xcalloc(hdr->nf + 1, sizeof(*copy->len));
	for (i = 0; i < hdr->nf; i++) {
		const char *u;
		snprintf(num, sizeof num, "%zu", i + 1);
		/*
		 * A cell that is not valid in the encoding names no column
		 * (an empty name): columns given by number still work, and
		 * a name not found says which cell could not be read.
		 */
		if (!(u = textdec_field(d, hdr->f[i], hdr->len[i], num, b, &len,
					why, sizeof why))) {
			if (!bad[0])
				snprintf(bad, badlen, "header column %.120s",
					 why);
			u = "";
			len = 0;
		}
		copy->f[i] = xstrndup(u, len);
		copy->len[i] = len;
	}
	return copy;
}

void textdec_header_release(const struct csvrow *h, struct csvrow *copy)
{
	size_t i;

	if (h != copy)
		return;
	for (i = 0; i < copy->nf; i++)
		free(copy->f[i]);
	free(copy->f);
	free(copy->len);
}

void textdec_close(struct textdec *d)
{
	if (d->enc)
		iconv_close(d->cd);
	d->enc = NULL;
}
