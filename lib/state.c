/*
 * state: state files of --state-out and --merge (see state.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "manifest.h"
#include "seen.h"
#include "state.h"
#include "xalloc.h"

/* ---- pieces ---- */

/* Bytes outside '!'..'~' and the backslash as \xHH. */
void state_put_escaped(FILE *fp, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '\\')
			fprintf(fp, "\\x%02x", c);
		else
			putc(c, fp);
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int state_unescape(const char *s, char **out, size_t *outlen)
{
	size_t n = strlen(s), i, k = 0;
	char *b = xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		if (s[i] == '\\') {
			int hi, lo;
			if (s[i + 1] != 'x' || (hi = hexval(s[i + 2])) < 0 ||
			    (lo = hexval(s[i + 3])) < 0) {
				free(b);
				return -1;
			}
			b[k++] = (char)(hi << 4 | lo);
			i += 3;
		} else
			b[k++] = s[i];
	}
	b[k] = '\0';
	*out = b;
	*outlen = k;
	return 0;
}

void hist_write(FILE *fp, char tag, const struct hist *h)
{
	struct hist_vc *e;
	size_t i;

	if (h->n == 0)
		return;
	e = hist_sorted(h);
	fputc(tag, fp);
	for (i = 0; i < h->n; i++)
		fprintf(fp, " %" PRId64 ":%" PRIu64, e[i].v, e[i].c);
	fputc('\n', fp);
	free(e);
}

int hist_read(const char *s, struct hist *h)
{
	char *end;

	while (*s == ' ') {
		int64_t v;
		uint64_t c;
		if (s[1] < '0' || s[1] > '9')
			return -1;
		errno = 0;
		v = strtoll(s + 1, &end, 10);
		if (errno || *end != ':' || end[1] < '0' || end[1] > '9')
			return -1;
		c = strtoull(end + 1, &end, 10);
		if (errno)
			return -1; /* a number beyond 64 bits, not its maximum
				    */
		hist_add(h, v, c);
		s = end;
	}
	return *s ? -1 : 0;
}

/* ---- writing ---- */

#define MAXF 64 /* counters + sums of a kind, at most */

int state_write(FILE *fp, const struct state_kind *k,
		const struct state_param *param, size_t nparam,
		const struct state *st, void *table)
{
	const struct group_table *keys = k->keys(table);
	struct group_ent **v = group_table_sorted(keys);
	uint64_t *u[MAXF];
	int64_t *s[MAXF];
	size_t i, j;

	fprintf(fp, "%s\n", k->magic);
	for (i = 0; i < nparam; i++) {
		fprintf(fp, "param %s ", param[i].name);
		state_put_escaped(fp, param[i].value, strlen(param[i].value));
		fputc('\n', fp);
	}
	for (i = 0; st && i < st->ninput; i++)
		fprintf(fp, "input %s %llu\n", st->input[i].hash,
			st->input[i].bytes);
	if (k->put_head)
		k->put_head(fp, table);
	for (i = 0; i < keys->n; i++) {
		void *a = k->val(table, v[i]);
		fputs("g ", fp);
		state_put_escaped(fp, v[i]->key, v[i]->keylen);
		fputs("\nc", fp);
		k->fields(a, u, s);
		for (j = 0; j < k->nu; j++)
			fprintf(fp, " %" PRIu64, *u[j]);
		for (j = 0; j < k->ns; j++)
			fprintf(fp, " %" PRId64, *s[j]);
		if (k->put_extra)
			k->put_extra(fp, a);
		fputc('\n', fp);
		for (j = 0; k->tags[j]; j++)
			hist_write(fp, k->tags[j], k->hist(a, j));
	}
	fputs("end\n", fp);
	free(v);
	return ferror(fp) ? -1 : 0;
}

/* ---- reading ---- */

/* " N" with N a decimal number of 64 bits; *s moves past it. */
static int read_u64(const char **s, uint64_t *v)
{
	char *end;

	if ((*s)[0] != ' ' || (*s)[1] < '0' || (*s)[1] > '9')
		return -1;
	errno = 0;
	*v = strtoull(*s + 1, &end, 10);
	if (errno)
		return -1;
	*s = end;
	return 0;
}

static int read_fields(const struct state_kind *k, const char *s, void *a)
{
	uint64_t *u[MAXF], x;
	int64_t *sv[MAXF];
	size_t i;

	k->fields(a, u, sv);
	for (i = 0; i < k->nu; i++)
		if (read_u64(&s, u[i]))
			return -1;
	for (i = 0; i < k->ns; i++) {
		if (read_u64(&s, &x) || x > INT64_MAX)
			return -1;
		*sv[i] = (int64_t)x;
	}
	if (k->get_extra)
		return k->get_extra(s, a);
	return *s ? -1 : 0;
}

/* Would merging src into dst keep every counter and sum in range? */
static int merge_fits(const struct state_kind *k, void *dst, void *src)
{
	uint64_t *ud[MAXF], *us[MAXF], t;
	int64_t *sd[MAXF], *ss[MAXF], r;
	size_t i;

	k->fields(dst, ud, sd);
	k->fields(src, us, ss);
	for (i = 0; i < k->nu; i++)
		if (__builtin_add_overflow(*ud[i], *us[i], &t))
			return 0;
	for (i = 0; i < k->ns; i++)
		if (__builtin_add_overflow(*sd[i], *ss[i], &r))
			return 0;
	return 1;
}

static void add_param(struct state *st, const char *name, size_t nlen,
		      char *val)
{
	st->param = xrealloc(st->param, (st->nparam + 1) * sizeof(*st->param));
	st->param[st->nparam].name = xstrndup(name, nlen);
	st->param[st->nparam].value = val;
	st->nparam++;
}

static int add_input(struct state *st, const char *s)
{
	struct state_input in;
	size_t i;
	char *end;

	for (i = 0; i < 64; i++)
		if (hexval(s[i]) < 0)
			return -1;
	if (s[64] != ' ' || s[65] < '0' || s[65] > '9')
		return -1;
	memcpy(in.hash, s, 64);
	in.hash[64] = '\0';
	errno = 0;
	in.bytes = strtoull(s + 65, &end, 10);
	if (errno || *end)
		return -1;
	st->input = xrealloc(st->input, (st->ninput + 1) * sizeof(*st->input));
	st->input[st->ninput++] = in;
	return 0;
}

int state_read(FILE *fp, const struct state_kind *k, struct state *st,
	       void *table, char *err, size_t errlen)
{
	char *line = NULL, *key = NULL;
	size_t cap = 0, keylen = 0;
	ssize_t n;
	long ln = 0;
	void *cur = xcalloc(1, k->size);
	int have = 0, ended = 0, rc = -1, h;
	const char *why = NULL;
	/* the keys of this state: a key given twice would count twice */
	struct seen_ids keys;

	seen_ids_init(&keys);

	memset(st, 0, sizeof(*st));
	k->init(cur);
	while ((n = getline(&line, &cap, fp)) > 0) {
		ln++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (strlen(line) != (size_t)n) {
			why = "NUL byte";
			break;
		}
		if (ended) {
			why = "data after end";
			break;
		}
		if (ln == 1) {
			size_t m = strcspn(k->magic, " ") + 1;
			if (!strcmp(line, k->magic))
				continue;
			if (!strncmp(line, k->magic, m))
				snprintf(err, errlen,
					 "1: a %s state file of another "
					 "version (%.20s, not %s): make it "
					 "again with this one",
					 k->tool, line + m, k->magic + m);
			else
				snprintf(err, errlen, "1: not a %s state file",
					 k->tool);
			goto out;
			continue;
		}
		if (!strncmp(line, "param ", 6) && !have) {
			char *sp = strchr(line + 6, ' '), *val;
			size_t vl;
			if (!sp || state_unescape(sp + 1, &val, &vl)) {
				why = "bad param line";
				break;
			}
			add_param(st, line + 6, (size_t)(sp - line - 6), val);
		} else if (!strncmp(line, "input ", 6) && !have) {
			if (add_input(st, line + 6)) {
				why = "bad input line";
				break;
			}
		} else if (!have && k->get_head &&
			   (h = k->get_head(table, line)) != 0) {
			if (h < 0) {
				why = "bad line";
				break;
			}
		} else if (!strncmp(line, "g ", 2) || !strcmp(line, "end")) {
			if (have) {
				void *dst;
				if (!k->consistent(cur)) {
					snprintf(err, errlen,
						 "%ld: the counters of the "
						 "group before do not add up "
						 "%s",
						 ln, k->inconsistent);
					goto out;
				}
				dst = k->get(table, key, keylen);
				if (!merge_fits(k, dst, cur)) {
					snprintf(err, errlen,
						 "%ld: the counters of the "
						 "group before do not fit in "
						 "64 bits with those read "
						 "before",
						 ln);
					goto out;
				}
				k->merge(dst, cur);
				k->release(cur);
				k->init(cur);
				free(key);
				key = NULL;
				have = 0;
			}
			if (line[0] == 'e') {
				ended = 1;
				continue;
			}
			st->ngroups++;
			if (state_unescape(line + 2, &key, &keylen)) {
				why = "bad group key";
				break;
			}
			if (seen_ids_add(&keys, key, keylen, ln)) {
				why = "a group given twice in this state (its "
				      "counts would be added twice)";
				break;
			}
			have = 1;
		} else if (have && line[0] == 'c') {
			if (read_fields(k, line + 1, cur)) {
				why = "bad counters";
				break;
			}
		} else if (have && line[0] && strchr(k->tags, line[0])) {
			size_t i = (size_t)(strchr(k->tags, line[0]) - k->tags);
			if (hist_read(line + 1, k->hist(cur, i))) {
				why = "bad histogram";
				break;
			}
		} else {
			why = "unexpected line";
			break;
		}
	}
	if (why)
		snprintf(err, errlen, "%ld: %s", ln, why);
	else if (!ended)
		snprintf(err, errlen, "%ld: truncated state (no end line)", ln);
	else
		rc = 0;
out:
	seen_ids_release(&keys);
	free(key);
	free(line);
	k->release(cur);
	free(cur);
	return rc;
}

void state_release(struct state *st)
{
	size_t i;

	for (i = 0; i < st->nparam; i++) {
		free(st->param[i].name);
		free(st->param[i].value);
	}
	free(st->param);
	free(st->input);
	memset(st, 0, sizeof(*st));
}

/* ---- --merge ---- */

/* What the states read so far were: files, and the inputs they counted. */
static struct {
	struct stat *file;
	size_t nfile;
	struct state_input *input;
	char **from; /* the state each input was counted in */
	size_t ninput;
} seen;

static void seen_release(void)
{
	size_t i;

	for (i = 0; i < seen.ninput; i++)
		free(seen.from[i]);
	free(seen.file);
	free(seen.input);
	free(seen.from);
	memset(&seen, 0, sizeof(seen));
}

void state_merge_file(const char *path, const struct state_kind *k, void *table,
		      struct param *param, size_t nparam)
{
	struct state st;
	struct stat sb;
	char err[256];
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t i, j;
	unsigned char *have = xcalloc(nparam + 1, 1);

	if (!fp)
		die(EXIT_IO, "%s:", path);
	if (!seen.nfile && !seen.ninput)
		atexit(seen_release);
	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
		for (i = 0; i < seen.nfile; i++)
			if (seen.file[i].st_dev == sb.st_dev &&
			    seen.file[i].st_ino == sb.st_ino)
				die(EXIT_USAGE,
				    "%s: this state was given before: its "
				    "%s would count twice",
				    path, k->rows);
		seen.file =
		    xrealloc(seen.file, (seen.nfile + 1) * sizeof(*seen.file));
		seen.file[seen.nfile++] = sb;
	}
	if (fp != stdin)
		manifest_file("state", path, path);
	if (state_read(fp, k, &st, table, err, sizeof(err)) < 0)
		die(EXIT_USAGE, "%s:%s", path, err);
	if (fp != stdin)
		fclose(fp);
	for (i = 0; i < st.nparam; i++) {
		for (j = 0; j < nparam; j++)
			if (!strcmp(st.param[i].name, param[j].name))
				break;
		if (j == nparam)
			die(EXIT_USAGE, "%s: unknown parameter \"%.40s\"", path,
			    st.param[i].name);
		if (have[j]++)
			die(EXIT_USAGE, "%s: parameter %s given twice", path,
			    param[j].name);
		param_from_state(&param[j], st.param[i].value,
				 target_keep(xstrdup(path)));
	}
	for (i = 0; i < nparam; i++)
		if (!have[i])
			die(EXIT_USAGE, "%s: the state has no parameter %s",
			    path, param[i].name);
	free(have);
	if (!st.ninput)
		die(EXIT_USAGE, "%s: the state names no input", path);
	/*
	 * A state that counted nothing (its inputs held no record) cannot
	 * count anything twice; otherwise an input already counted in
	 * another state (a copy of a state, or a part made twice) is.
	 */
	if (st.ngroups)
		for (i = 0; i < st.ninput; i++) {
			for (j = 0; j < seen.ninput; j++)
				if (!strcmp(seen.input[j].hash,
					    st.input[i].hash) &&
				    seen.input[j].bytes == st.input[i].bytes)
					die(EXIT_USAGE,
					    "%s: made from the same input "
					    "(SHA-256 %.16s...) as %s: its "
					    "%s would count twice",
					    path, st.input[i].hash,
					    seen.from[j], k->rows);
			seen.input =
			    xrealloc(seen.input,
				     (seen.ninput + 1) * sizeof(*seen.input));
			seen.from = xrealloc(seen.from, (seen.ninput + 1) *
							    sizeof(*seen.from));
			seen.input[seen.ninput] = st.input[i];
			seen.from[seen.ninput++] = xstrdup(path);
		}
	state_release(&st);
}

void state_check_keys(const struct group_table *keys, const int *is_period,
		      size_t n, const char *by)
{
	size_t i;

	for (i = 0; i < keys->n; i++)
		if (!group_key_valid(keys->list[i]->key, keys->list[i]->keylen,
				     is_period, n))
			die(EXIT_USAGE,
			    "--merge: a group key of the states does not "
			    "have the form of --by %s",
			    by);
}

/* ---- --state-out ---- */

void state_hash_inputs(void)
{
	manifest_hash_inputs();
}

void state_save(const char *path, const struct state_kind *k,
		const struct param *param, size_t nparam, void *table)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
	struct state_param *pv = xcalloc(nparam + 1, sizeof(*pv));
	struct state st;
	size_t i;

	if (!fp)
		die(EXIT_IO, "%s:", path);
	memset(&st, 0, sizeof(st));
	for (i = 0; i < nparam; i++) {
		pv[i].name = (char *)param[i].name;
		pv[i].value = param[i].value;
	}
	st.ninput = manifest_inputs();
	st.input = xcalloc(st.ninput + 1, sizeof(*st.input));
	for (i = 0; i < st.ninput; i++)
		manifest_input_hash(i, st.input[i].hash, &st.input[i].bytes);
	state_write(fp, k, pv, nparam, &st, table);
	diag_close_out(fp, path);
	free(st.input);
	free(pv);
}
