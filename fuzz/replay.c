/*
 * replay: run a harness over corpus files without libFuzzer (make check).
 * Operands are files or directories (every regular file in them, sorted
 * by name); prints how many inputs ran. A finding aborts, as under
 * libFuzzer.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static unsigned long nrun;

/* present when linked with a sanitizer runtime */
void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

/*
 * The library's own messages (rejects, warnings) go to /dev/null unless
 * FUZZ_VERBOSE is set; sanitizer reports keep the real stderr.
 */
static void quiet_library(void)
{
	int keep, null;

	if (getenv("FUZZ_VERBOSE"))
		return;
	keep = dup(2);
	null = open("/dev/null", O_WRONLY);
	if (keep < 0 || null < 0 || dup2(null, 2) < 0)
		return;
	close(null);
	fuzz_report_fd = keep;
	if (__sanitizer_set_report_fd)
		__sanitizer_set_report_fd((void *)(intptr_t)keep);
}

static void run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp) {
		perror(path);
		exit(2);
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	nrun++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, n, k;

	quiet_library();
	for (i = 1; i < argc; i++) {
		struct dirent **ents;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			run_file(argv[i]);
			continue;
		}
		n = scandir(argv[i], &ents, NULL, by_name);
		for (k = 0; k < n; k++) {
			char *p;

			if (ents[k]->d_name[0] != '.' &&
			    asprintf(&p, "%s/%s", argv[i], ents[k]->d_name) >
				0) {
				if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
					run_file(p);
				free(p);
			}
			free(ents[k]);
		}
		free(ents);
	}
	printf("%s: %lu inputs replayed\n", argv[0], nrun);
	return 0;
}
