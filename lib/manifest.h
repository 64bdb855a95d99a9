/*
 * manifest: the provenance of one run (--manifest FILE, every tool).
 * The file holds key=value lines, in this order:
 *   tool=NAME, version=V, build=compiler and library versions,
 *   command=the command line, shell-quoted so that it can be run again,
 *   input=SHA256 BYTES NAME for each input stream as it was read (hashed
 *     while streaming, with Nettle), file=ROLE SHA256 BYTES PATH for each
 *     rules, preset, population or other file the run used,
 *   method=LINE for each method line (the "# " lines of --format table),
 *   rows=N read, N used, N rejected, N skipped.
 * Only the names of inputs come from the command line; nothing of the
 * machine (no time, host or working folder) goes in, so two runs on the
 * same bytes with the same command write the same manifest.
 */
#ifndef TA_MANIFEST_H
#define TA_MANIFEST_H

#include <stddef.h>

struct manifest_in;

/* Turn the manifest on (from cli_common); path is borrowed. */
void manifest_set_path(const char *path);
int manifest_on(void);
/*
 * Hash the inputs as they are read even without a manifest file (a
 * state file records them): manifest_inputs() of them, the i-th one's
 * SHA-256 in hex and its size by manifest_input_hash.
 */
void manifest_hash_inputs(void);
size_t manifest_inputs(void);
void manifest_input_hash(size_t i, char hex[65], unsigned long long *bytes);
/* The command line as run (call once after option parsing). */
void manifest_command(int argc, char **argv);
/*
 * A stream the tool reads (NULL when the manifest is off). Not thread
 * safe: register streams from one thread.
 */
struct manifest_in *manifest_input(const char *name);
void manifest_input_data(struct manifest_in *m, const void *p, size_t n);
/*
 * Forget what was hashed of m and hash the whole file path in a pass of
 * its own (for inputs read in parallel ranges).
 */
void manifest_input_whole(struct manifest_in *m, const char *path);
/*
 * A whole file used by the run, hashed now: role "rules", "targets"...;
 * name is how the user named it (a preset's name), path where it was read.
 */
void manifest_file(const char *role, const char *path, const char *name);
/* A method line (also sent here by out_comment). Duplicates are kept once. */
void manifest_method(const char *line);
/*
 * Write the file if the manifest is on (called by acct_finish, or by the
 * tool when it does not count rows: read is then ULLONG_MAX).
 */
void manifest_write(unsigned long long read, unsigned long long used,
		    unsigned long long rejected, unsigned long long skipped);

#endif
