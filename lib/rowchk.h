/*
 * rowchk: small checks on a raw input row shared by the cdr-parse
 * formats of issue 4 (a field with a NUL byte would be cut short by
 * every C string function, so it is rejected, never read).
 */
#ifndef TA_ROWCHK_H
#define TA_ROWCHK_H

#include "csvin.h"
#include <string.h>

/* Index of the first field holding a NUL byte, or -1. */
static inline long row_nul_field(const struct csvrow *row)
{
	size_t i;

	for (i = 0; i < row->nf; i++)
		if (memchr(row->f[i], '\0', row->len[i]))
			return (long)i;
	return -1;
}

#endif
