/*
 * share: locating installed data files (see share.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "share.h"
#include "xalloc.h"

#ifndef TELAUDIT_SHAREDIR
#define TELAUDIT_SHAREDIR "/usr/local/share/telaudit"
#endif

static char *try(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);

	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

char *share_path(const char *name)
{
	const char *env = getenv("TELAUDIT_SHARE");
	char exe[PATH_MAX], *slash, *p;
	ssize_t n;

	if (env && *env && (p = try(env, name)))
		return p;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		/* <root>/bin/tool or <root>/build/san/bin/tool */
		const char *ups[] = {"/../share/telaudit",
				     "/../../../share/telaudit"};
		size_t i;
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			for (i = 0; i < 2; i++) {
				char *d = xasprintf("%s%s", exe, ups[i]);
				p = try(d, name);
				free(d);
				if (p)
					return p;
			}
		}
	}
	return try(TELAUDIT_SHAREDIR, name);
}
