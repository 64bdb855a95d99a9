/*
 * manifest: provenance of a run (see manifest.h). SHA-256 by Nettle; the
 * build line names the library versions this binary was compiled against.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <gsl/gsl_version.h>
#include <nettle/sha2.h>
#include <nettle/version.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cli.h"
#include "diag.h"
#include "manifest.h"
#include "xalloc.h"

struct manifest_in {
	char *name;
	struct sha256_ctx ctx;
	unsigned long long bytes;
	int whole; /* hashed in a pass of its own */
};

static struct {
	const char *path;
	int hash; /* inputs hashed without a manifest (--state-out) */
	char *command;
	struct manifest_in **in;
	size_t nin, incap;
	char **lines; /* file= and method= lines, in order */
	size_t nlines, linecap;
} m;

void manifest_set_path(const char *path)
{
	m.path = path;
}

int manifest_on(void)
{
	return m.path != NULL;
}

void manifest_hash_inputs(void)
{
	m.hash = 1;
}

/* Shell-quote s unless it is made of safe characters only. */
static void quote(FILE *fp, const char *s)
{
	const char *p;

	if (*s &&
	    strspn(
		s,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@%+=:,./_-") ==
		strlen(s)) {
		fputs(s, fp);
		return;
	}
	putc('\'', fp);
	for (p = s; *p; p++)
		if (*p == '\'')
			fputs("'\\''", fp);
		else
			putc(*p, fp);
	putc('\'', fp);
}

void manifest_command(int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int i;

	if (!m.path)
		return;
	fp = open_memstream(&buf, &len);
	if (!fp)
		die(EXIT_IO, "out of memory");
	fputs(diag_tool(), fp);
	for (i = 1; i < argc; i++) {
		putc(' ', fp);
		quote(fp, argv[i]);
	}
	fclose(fp);
	free(m.command);
	m.command = buf;
}

struct manifest_in *manifest_input(const char *name)
{
	struct manifest_in *mi;

	if (!m.path && !m.hash)
		return NULL;
	mi = xcalloc(1, sizeof(*mi));
	mi->name = xstrdup(name);
	sha256_init(&mi->ctx);
	m.in = xgrow(m.in, &m.incap, m.nin + 1, sizeof(*m.in));
	m.in[m.nin++] = mi;
	return mi;
}

void manifest_input_data(struct manifest_in *mi, const void *p, size_t n)
{
	if (!mi || mi->whole)
		return;
	sha256_update(&mi->ctx, n, p);
	mi->bytes += n;
}

/* Hash a whole file into ctx; returns its size. */
static unsigned long long hash_file(const char *path, struct sha256_ctx *ctx)
{
	unsigned char buf[65536];
	unsigned long long total = 0;
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		die(EXIT_IO, "%s:", path);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		sha256_update(ctx, n, buf);
		total += n;
	}
	if (ferror(fp))
		die(EXIT_IO, "%s: read error:", path);
	fclose(fp);
	return total;
}

void manifest_input_whole(struct manifest_in *mi, const char *path)
{
	if (!mi)
		return;
	sha256_init(&mi->ctx);
	mi->bytes = hash_file(path, &mi->ctx);
	mi->whole = 1;
}

static void hex(char *out, struct sha256_ctx *ctx)
{
	unsigned char d[SHA256_DIGEST_SIZE];
	int i;

	sha256_digest(ctx, sizeof(d), d);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

size_t manifest_inputs(void)
{
	return m.nin;
}

void manifest_input_hash(size_t i, char hex_out[65], unsigned long long *bytes)
{
	struct sha256_ctx c = m.in[i]->ctx;

	hex(hex_out, &c);
	*bytes = m.in[i]->bytes;
}

static void add_line(char *line)
{
	size_t i;

	for (i = 0; i < m.nlines; i++)
		if (strcmp(m.lines[i], line) == 0) {
			free(line);
			return;
		}
	m.lines = xgrow(m.lines, &m.linecap, m.nlines + 1, sizeof(*m.lines));
	m.lines[m.nlines++] = line;
}

void manifest_file(const char *role, const char *path, const char *name)
{
	struct sha256_ctx ctx;
	char h[2 * SHA256_DIGEST_SIZE + 1];
	unsigned long long n;

	if (!m.path)
		return;
	sha256_init(&ctx);
	n = hash_file(path, &ctx);
	hex(h, &ctx);
	add_line(xasprintf("file=%s %s %llu %s", role, h, n, name));
}

void manifest_method(const char *line)
{
	if (m.path)
		add_line(xasprintf("method=%s", line));
}

void manifest_write(unsigned long long read, unsigned long long used,
		    unsigned long long rejected, unsigned long long skipped)
{
	char h[2 * SHA256_DIGEST_SIZE + 1];
	FILE *fp;
	size_t i;

	if (!m.path) {
		for (i = 0; i < m.nin; i++) {
			free(m.in[i]->name);
			free(m.in[i]);
		}
		free(m.in);
		memset(&m, 0, sizeof(m));
		return;
	}
	if (!(fp = fopen(m.path, "w")))
		die(EXIT_IO, "%s:", m.path);
	fprintf(fp, "tool=%s\nversion=%s\n", diag_tool(), TELAUDIT_VERSION);
	fprintf(
	    fp,
	    "build=cc %s; nettle %d.%d; libcsv %d.%d; pcre2 %d.%d; gsl %s\n",
	    __VERSION__, NETTLE_VERSION_MAJOR, NETTLE_VERSION_MINOR, CSV_MAJOR,
	    CSV_MINOR, PCRE2_MAJOR, PCRE2_MINOR, GSL_VERSION);
	fprintf(fp, "command=%s\n", m.command ? m.command : diag_tool());
	for (i = 0; i < m.nin; i++) {
		hex(h, &m.in[i]->ctx);
		fprintf(fp, "input=%s %llu %s\n", h, m.in[i]->bytes,
			m.in[i]->name);
		free(m.in[i]->name);
		free(m.in[i]);
	}
	for (i = 0; i < m.nlines; i++) {
		fprintf(fp, "%s\n", m.lines[i]);
		free(m.lines[i]);
	}
	if (read != ULLONG_MAX)
		fprintf(
		    fp,
		    "rows=%llu read, %llu used, %llu rejected, %llu skipped\n",
		    read, used, rejected, skipped);
	diag_close_out(fp, m.path);
	free(m.in);
	free(m.lines);
	free(m.command);
	memset(&m, 0, sizeof(m));
}
