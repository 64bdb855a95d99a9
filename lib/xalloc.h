/*
 * xalloc: allocation that succeeds or exits with EXIT_IO
 * ("out of memory"). Ownership: the caller frees what these return.
 */
#ifndef TA_XALLOC_H
#define TA_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (nmemb elements of size) so that index need-1 fits; doubles. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
