/*
 * src_detect: guess the cdr-parse input format of a file from its first
 * bytes (header names, delimiter, field count and the shape of the first
 * record), for `cdr-parse -f auto`.
 */
#ifndef TA_SRC_DETECT_H
#define TA_SRC_DETECT_H

#include "src.h"
#include <stddef.h>

/* Bytes worth passing: the first lines are enough. */
#define SRC_DETECT_BYTES 65536

/*
 * The format of a file starting with buf[0..n), or NULL when unsure.
 * why (whylen bytes) gets the reason in both cases: what was seen
 * ("header uid,date_time,callid,...") or why no single format fits
 * ("18 comma-separated fields but no date in fields 10-12").
 */
const struct src_format *src_detect(const char *buf, size_t n, char *why,
				    size_t whylen);

#endif
