/*
 * target: KPI targets, targets files and run parameters (see target.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "manifest.h"
#include "num.h"
#include "share.h"
#include "target.h"
#include "xalloc.h"

static const char *const op_names[] = {">=", "<=", ">", "<", "==", "!="};
#define NOPS (sizeof(op_names) / sizeof(op_names[0]))

static char **kept;
static size_t nkept;

static void kept_free(void)
{
	size_t i;

	for (i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
}

const char *target_keep(char *s)
{
	if (!kept)
		atexit(kept_free);
	kept = xrealloc(kept, (nkept + 1) * sizeof(*kept));
	return kept[nkept++] = s;
}

void target_parse(struct target *t, const char *expr, const char *origin,
		  target_kpi_fn kpi, void *ctx)
{
	char buf[256], canon[128], *p, *q;
	size_t n = 0, i;
	double unit = 0;
	int64_t ms;

	memset(t, 0, sizeof(*t));
	for (i = 0; expr[i] && n + 1 < sizeof(buf); i++)
		if (expr[i] != ' ' && expr[i] != '\t')
			buf[n++] = expr[i];
	buf[n] = '\0';
	for (p = buf; *p && !strchr("<>=!", *p); p++)
		;
	for (i = 0; i < NOPS; i++)
		if (!strncmp(p, op_names[i], strlen(op_names[i])))
			break;
	if (*p == '=' && p[1] != '=') {
		i = TG_EQ;
		q = p + 1;
	} else if (i < NOPS)
		q = p + strlen(op_names[i]);
	else
		die(EXIT_USAGE, "%s: \"%s\" is not a target like 'sl>=0.8'",
		    origin, expr);
	t->op = (int)i;
	*p = '\0';
	if (kpi(ctx, buf, canon, sizeof(canon), &unit) < 0)
		die(EXIT_USAGE, "%s: \"%s\": unknown KPI \"%s\"", origin, expr,
		    buf);
	if (unit > 0 ? dur_parse(q, &ms) < 0
		     : num_parse_double(q, strlen(q), &t->value) < 0)
		die(EXIT_USAGE, "%s: \"%s\": \"%s\" is not a %s for %s", origin,
		    expr, q, unit > 0 ? "duration" : "number", canon);
	if (unit > 0)
		t->value = (double)ms / unit;
	t->kpi = xstrdup(canon);
	t->text = xasprintf("%s%s%s", canon, op_names[t->op], q);
}

void target_add(struct target **v, size_t *n, const char *expr,
		const char *origin, target_kpi_fn kpi, void *ctx)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	target_parse(&(*v)[(*n)++], expr, origin, kpi, ctx);
}

int target_ok(const struct target *t, double v)
{
	switch (t->op) {
	case TG_GE:
		return v >= t->value;
	case TG_LE:
		return v <= t->value;
	case TG_GT:
		return v > t->value;
	case TG_LT:
		return v < t->value;
	case TG_EQ:
		return v == t->value;
	default:
		return v != t->value;
	}
}

const char *target_judge(struct target *t, int empty, double v, int *breach)
{
	t->rows++;
	if (empty) {
		t->nodata++;
		return NULL;
	}
	if (target_ok(t, v))
		return "yes";
	t->breached++;
	*breach = 1;
	return "no";
}

void target_breach_lines(const struct target *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!t[i].breached)
			continue;
		if (t[i].nodata)
			warnx(
			    "target %s breached in %lu of %lu rows (%lu with no data)",
			    t[i].text, t[i].breached, t[i].rows, t[i].nodata);
		else
			warnx("target %s breached in %lu of %lu rows",
			      t[i].text, t[i].breached, t[i].rows);
	}
}

void target_release(struct target *t)
{
	free(t->kpi);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

void target_file_read(const char *name,
		      void (*param)(void *ctx, const char *opt,
				    const char *value, const char *where),
		      void (*add)(void *ctx, const char *expr,
				  const char *where),
		      void *ctx)
{
	char *path = NULL, *line = NULL, *origin;
	size_t cap = 0;
	ssize_t n;
	long ln = 0;
	FILE *fp;

	fp = fopen(name, "r");
	if (!fp && !strchr(name, '/')) {
		char *rel = xasprintf("targets/%s", name);
		path = share_path(rel);
		free(rel);
		if (path)
			fp = fopen(path, "r");
	}
	if (!fp)
		die(EXIT_USAGE,
		    "--targets: \"%s\" is neither a file nor a preset", name);
	origin = xstrdup(path ? path : name);
	manifest_file("targets", origin, name);
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *s = line, *e;
		const char *where;
		ln++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
				 line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		where = target_keep(xasprintf("%s:%ld", origin, ln));
		if (!strncmp(s, "--", 2)) {
			char *v;
			e = s + strcspn(s, " \t=");
			v = e + strspn(e, " \t=");
			*e = '\0';
			param(ctx, s, v, where);
			continue;
		}
		add(ctx, s, where);
	}
	free(line);
	fclose(fp);
	free(path);
	free(origin);
}

void param_set(struct param *p, const char *value, int explicit,
	       const char *origin)
{
	if (p->value && (p->explicit || explicit) && strcmp(p->value, value))
		die(EXIT_USAGE, "%s sets %s %s, but %s sets %s", origin,
		    p->name, value, p->origin, p->value);
	if (p->value && p->explicit && !explicit)
		return;
	free(p->value);
	p->value = xstrdup(value);
	p->explicit = p->explicit || explicit;
	p->origin = origin;
}

void param_append(struct param *p, const char *list, const char *origin)
{
	char *v;

	if (!p->value || !p->explicit) {
		param_set(p, list, 1, origin);
		return;
	}
	v = xasprintf("%s,%s", p->value, list);
	free(p->value);
	p->value = v;
}

void param_default(struct param *p, const char *value)
{
	if (!p->value) {
		p->value = xstrdup(value);
		p->origin = "the default";
	}
}

void param_from_state(struct param *p, const char *value, const char *path)
{
	if (p->value && strcmp(p->value, value))
		die(EXIT_USAGE, "%s: state has %s %s, but %s sets %s", path,
		    p->name, value, p->origin, p->value);
	free(p->value);
	p->value = xstrdup(value);
	p->explicit = 1;
	p->origin = path;
}

void param_release(struct param *p)
{
	free(p->value);
	p->value = NULL;
}
