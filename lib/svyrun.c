/*
 * svyrun: one survey-score run over its respondents (lib/svyrun.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "num.h"
#include "svydesign.h"
#include "svyrun.h"
#include "utf8.h"
#include "xalloc.h"

/* The population file: a header, then stratum,count rows. */
static void read_population(struct svy_run *r, const char *path)
{
	struct rake_margin pm;

	rake_margin_read(&pm, path, "stratum");
	r->st = xcalloc(pm.ncat, sizeof(*r->st));
	for (size_t i = 0; i < pm.ncat; i++) {
		r->st[i].name = xstrdup(pm.cat[i]);
		r->st[i].count = pm.pop[i];
	}
	r->nst = pm.ncat;
	rake_margin_free(&pm);
}

static long find_col(const struct csvrow *h, const char *file, const char *name)
{
	for (size_t i = 0; i < h->nf; i++)
		if (strcmp(h->f[i], name) == 0)
			return (long)i;
	die_at(EXIT_USAGE, file, h->line, "no column \"%s\"", name);
}

void svyrun_header(struct svy_run *r, const struct csvrow *h, const char *file)
{
	struct svyrun_cols *m = &r->m;
	char err[256];

	free(m->item);
	free(m->by);
	free(m->rake);
	m->nf = h->nf;
	m->item = xcalloc(r->sp->nitems + 1, sizeof(long));
	m->by = xcalloc(r->sp->nby + 1, sizeof(long));
	for (size_t i = 0; i < r->sp->nitems; i++)
		m->item[i] = find_col(h, file, r->sp->items[i].col);
	for (size_t i = 0; i < r->sp->nby; i++)
		m->by[i] = r->sp->isp[i] ? -1 : find_col(h, file, r->sp->by[i]);
	m->date = r->sp->date ? find_col(h, file, r->sp->date) : -1;
	m->weight = r->sp->weight ? find_col(h, file, r->sp->weight) : -1;
	m->strat = r->sp->strat ? find_col(h, file, r->sp->strat) : -1;
	m->cmp = r->sp->compare && !r->sp->isp[r->sp->nby]
		     ? find_col(h, file, r->sp->compare)
		     : -1;
	m->dstrat = r->sp->dstrat ? find_col(h, file, r->sp->dstrat) : -1;
	m->cluster = r->sp->cluster ? find_col(h, file, r->sp->cluster) : -1;
	m->fpc = r->sp->fpc ? find_col(h, file, r->sp->fpc) : -1;
	if (where_bind(&r->sp->where, h, err, sizeof(err)))
		die_at(EXIT_USAGE, file, h->line, "%s", err);
	m->rake = xcalloc(r->sp->rk.nm + 1, sizeof(long));
	for (size_t k = 0; k < r->sp->rk.nm; k++)
		m->rake[k] = find_col(h, file, r->sp->rk.m[k].col);
}

void svyrun_cell_init(const struct svy_run *r, struct survey_cell *c)
{
	survey_cell_init(c, r->sp->nitems, r->lo, r->hi, r->sp->nalpha,
			 r->sp->kalpha);
}

/* Give g a cell (and, under a design, sums) for each of n strata. */
void svyrun_group_strata(struct svy_run *r, struct svyrun_group *g, size_t n)
{
	if (g->ncells >= n)
		return;
	g->cells = xrealloc(g->cells, n * sizeof(*g->cells));
	if (r->v) {
		g->acc = xrealloc(g->acc, n * sizeof(*g->acc));
		g->accp = xrealloc(g->accp, n * sizeof(*g->accp));
	}
	for (size_t s = g->ncells; s < n; s++) {
		svyrun_cell_init(r, &g->cells[s]);
		if (r->v)
			svy_acc_init(&g->acc[s], r->v);
	}
	g->ncells = n;
	for (size_t s = 0; r->v && s < n; s++)
		g->accp[s] = &g->acc[s];
}

static void group_free(struct svyrun_group *g)
{
	for (size_t s = 0; s < g->ncells; s++) {
		survey_cell_release(&g->cells[s]);
		if (g->acc)
			svy_acc_release(&g->acc[s]);
	}
	free(g->cells);
	free(g->acc);
	free(g->accp);
	free(g->parts);
	free(g->key);
	free(g);
}

/*
 * The group of key[0..len), made if new. A new one beyond --max-groups
 * stops the run (exit 3) at the row that would make it (file, line).
 */
static struct svyrun_group *find_group(struct svy_run *r, const char *key,
				       size_t len, const char *file, long line)
{
	struct group_ent *e;
	struct svyrun_group *g;
	int isnew;

	if (!r->tab.valsize)
		group_table_init(&r->tab, sizeof(struct svyrun_group *));
	e = group_table_get(&r->tab, key, len, &isnew);
	if (!isnew)
		return *(struct svyrun_group **)GROUP_VAL(e);
	if (r->ng >= r->sp->max_groups)
		group_limit_die(r->sp->max_groups, file, line);
	g = xcalloc(1, sizeof(*g));
	g->key = xmalloc(len + 1);
	memcpy(g->key, key, len);
	g->key[len] = '\0';
	g->keylen = len;
	g->parts = xcalloc(r->nkeys + 1, sizeof(char *));
	for (size_t p = 0, off = 0; p < r->nkeys; p++) {
		g->parts[p] = g->key + off;
		off += strlen(g->key + off) + 1;
	}
	g->id = r->ng;
	svyrun_group_strata(r, g, r->nst);
	*(struct svyrun_group **)GROUP_VAL(e) = g;
	r->g = xgrow(r->g, &r->gcap, r->ng + 1, sizeof(*r->g));
	r->g[r->ng++] = g;
	return g;
}

/*
 * A field for a message: at most 40 bytes, control bytes (NUL, newline
 * of a quoted field) shown as '?' so the message stays one line.
 */
const char *svyrun_show(const struct csvrow *row, long i, char *buf)
{
	size_t n = row->len[i] < 40 ? row->len[i] : 40;

	for (size_t j = 0; j < n; j++)
		buf[j] =
		    (unsigned char)row->f[i][j] < 0x20 ? '?' : row->f[i][j];
	buf[n] = '\0';
	return buf;
}

static void add_keypart(char **key, size_t *len, size_t *cap, const char *s,
			size_t n)
{
	*key = xgrow(*key, cap, *len + n + 1, 1);
	memcpy(*key + *len, s, n);
	(*key)[*len + n] = '\0';
	*len += n + 1;
}

/*
 * A respondent's answers ax (NAN: missing; alpha block values after
 * the items) into the cell, with weight w.
 */
void svyrun_cell_add_row(const struct svy_run *r, struct survey_cell *c,
			 double *ax, double w)
{
	survey_cell_add_resp(c, w);
	for (size_t i = 0; i < r->sp->nitems; i++) {
		if (isnan(ax[i]))
			survey_cell_add_missing(c, i);
		else if (r->sp->items[i].scaled)
			survey_cell_add_answer(c, i, (int)ax[i], w);
	}
	for (size_t b = 0; b < r->sp->nalpha; b++) {
		const struct svy_block *bl = &r->sp->alpha[b];
		double *x = ax + r->sp->nitems;
		int complete = 1;

		for (size_t j = 0; j < bl->n; j++) {
			x[j] = ax[bl->item[j]];
			if (isnan(x[j]))
				complete = 0;
		}
		survey_cell_add_alpha(c, b, complete ? x : NULL);
	}
}

/* One data row: ends as used (acct_use) or rejected. */
void svyrun_row(struct svy_run *r, const struct csvrow *row, const char *file)
{
	const struct svyrun_cols *m = &r->m;
	char **key = &r->key;
	size_t *keycap = &r->keycap;
	double *ax = r->ax;
	double w = 1;
	int64_t t = 0;
	char why[128];
	size_t klen = 0, st = 0, rake_row = 0;
	struct svyrun_group *g;
	char sb[48];

	if (row->nf != m->nf) {
		acct_reject(&r->acct, file, row->line, row,
			    "%zu fields, the header has %zu", row->nf, m->nf);
		return;
	}
	if (!where_row(&r->sp->where, &r->acct, file, row))
		return;
	if (m->weight >= 0) {
		const char *f = row->f[m->weight];
		size_t n = row->len[m->weight];

		while (n && *f == ' ') {
			f++;
			n--;
		}
		while (n && f[n - 1] == ' ')
			n--;
		if (num_parse_double(f, n, &w) != 0 || !(w > 0)) {
			acct_reject(&r->acct, file, row->line, row,
				    "%s: \"%s\" is not a positive weight",
				    r->sp->weight,
				    svyrun_show(row, m->weight, sb));
			return;
		}
		if (w > SURVEY_MAX_WEIGHT || w < 1 / SURVEY_MAX_WEIGHT) {
			acct_reject(&r->acct, file, row->line, row,
				    "%s: \"%s\" is not a weight from 1e-100 "
				    "to 1e100",
				    r->sp->weight,
				    svyrun_show(row, m->weight, sb));
			return;
		}
	}
	if (m->date >= 0 &&
	    date_read(r->sp->datefmt, row->f[m->date], row->len[m->date], &t,
		      NULL, why, sizeof(why)) != 0) {
		acct_reject(&r->acct, file, row->line, row, "%s: %s",
			    r->sp->date, why);
		return;
	}
	if (r->sp->window) { /* outside the days of --date-window: skipped */
		int64_t day = date_local_day(t);

		if (day < r->sp->win_from ||
		    day >= r->sp->win_from + r->sp->win_days) {
			acct_skip(&r->acct);
			return;
		}
	}
	for (size_t i = 0; i < r->sp->nby + (r->sp->compare != NULL); i++) {
		long f = i < r->sp->nby ? m->by[i] : m->cmp;
		const char *name =
		    i < r->sp->nby ? r->sp->by[i] : r->sp->compare;
		if (f < 0) {
			int64_t order;
			const char *pk;

			period_of(&r->sp->byp[i], t, &order, &pk);
			add_keypart(key, &klen, keycap, pk, strlen(pk));
			continue;
		}
		if (memchr(row->f[f], '\0', row->len[f]) ||
		    utf8_invalid(row->f[f], row->len[f]) != (size_t)-1) {
			acct_reject(&r->acct, file, row->line, row,
				    "%s: not valid UTF-8 text", name);
			return;
		}
		add_keypart(key, &klen, keycap, row->f[f], row->len[f]);
	}
	if (r->sp->rk.nm && svydesign_rake_cats(r, m, row, file, r->rcats) != 0)
		return;
	if (r->sp->design) {
		if (svydesign_stratum(r, m, row, file, &st) != 0)
			return;
	} else if (m->strat >= 0) {
		/* the whole value: a NUL byte matched by prefix before */
		const char *v = row->f[m->strat];
		size_t vn = row->len[m->strat];

		for (st = 0; st < r->nst; st++)
			if (strlen(r->st[st].name) == vn &&
			    memcmp(r->st[st].name, v, vn) == 0)
				break;
		/*
		 * A stratum the population does not give cannot be weighted:
		 * the row is rejected with the reason (counted, in --rejects;
		 * --strict or --max-reject-rate make it exit 4), the others
		 * are used. It stopped the whole run before.
		 */
		if (st == r->nst) {
			acct_reject(&r->acct, file, row->line, row,
				    memchr(v, '\0', vn)
					? "%s: stratum \"%s\" holds a NUL byte"
					: "%s: stratum \"%s\" is not in %s",
				    r->sp->strat,
				    svyrun_show(row, m->strat, sb),
				    r->sp->popfile);
			return;
		}
	}
	if (r->nkeys == 0)
		add_keypart(key, &klen, keycap, "", 0);
	if (r->sp->rk.nm)
		rake_row = rake_cell(&r->sp->rk, r->rcats);
	g = find_group(r, *key, klen, file, row->line);
	svyrun_group_strata(r, g, r->nst);
	for (size_t i = 0; i < r->sp->nitems; i++) {
		struct svy_item *it = &r->sp->items[i];
		long f = m->item[i];
		double x;

		ax[i] = NAN;
		switch (survey_answer_num(row->f[f], row->len[f], &x)) {
		case SURVEY_VALID:
			it->nonblank++;
			if (x < it->seen_lo)
				it->seen_lo = x;
			if (x > it->seen_hi)
				it->seen_hi = x;
			if (!it->scaled) {
				ax[i] = x;
				continue;
			}
			if (survey_on_scale(x, it->lo, it->hi)) {
				ax[i] = x;
				continue;
			}
			it->outscale++;
			r->notes++;
			acct_note(
			    &r->acct, file, row->line, row,
			    "%s: %s is not on the scale %d..%d, counted as missing",
			    it->col, svyrun_show(row, f, sb), it->lo, it->hi);
			break;
		case SURVEY_NOTNUM:
			it->nonblank++;
			it->notnum++;
			r->notes++;
			acct_note(
			    &r->acct, file, row->line, row,
			    "%s: \"%s\" is not a number, counted as missing",
			    it->col, svyrun_show(row, f, sb));
			break;
		default:
			break;
		}
		it->missing++;
	}
	if (r->sp->rk.nm)
		svydesign_rake_keep(r, g, st, ax, w, rake_row);
	else {
		svyrun_cell_add_row(r, &g->cells[st], ax, w);
		if (r->v) /* a design, or the index's interval */
			svydesign_row(r, g, st, ax, w);
	}
	acct_use(&r->acct);
}

/* Post-stratification weights (N_h / N) / (n_h / n) from the counts. */
static void stratum_weights(struct svy_run *r)
{
	double N = 0, n = 0;

	if (!r->sp->strat) {
		r->st[0].w = 1;
		return;
	}
	for (size_t s = 0; s < r->nst; s++) {
		double nh = 0;

		for (size_t i = 0; i < r->ng; i++)
			nh += (double)r->g[i]->cells[s].n;
		r->st[s].w = nh; /* n_h for now */
		N += r->st[s].count;
		n += nh;
	}
	for (size_t s = 0; s < r->nst; s++) {
		double nh = r->st[s].w;

		if (nh == 0 && n > 0 && !r->sp->quiet)
			warnx("%s: stratum \"%s\" has no respondents",
			      r->sp->popfile, r->st[s].name);
		r->st[s].w = nh > 0 ? (r->st[s].count / N) / (nh / n) : 0;
	}
}

/* Merge a group's strata into dst with the stratum weights. */
void svyrun_merge_group(const struct svy_run *r, struct survey_cell *dst,
			const struct svyrun_group *g)
{
	for (size_t s = 0; s < g->ncells && s < r->nst; s++)
		survey_cell_merge(dst, &g->cells[s], r->st[s].w);
}

static int cmp_group(const void *a, const void *b, void *nkeys)
{
	const struct svyrun_group *x = *(struct svyrun_group *const *)a;
	const struct svyrun_group *y = *(struct svyrun_group *const *)b;

	for (size_t p = 0; p < *(const size_t *)nkeys; p++) {
		int c = strcmp(x->parts[p], y->parts[p]);

		if (c)
			return c;
	}
	return 0;
}

int svyrun_check_scales(const struct svy_run *r)
{
	int bad = 0;

	for (size_t i = 0; i < r->sp->nitems; i++) {
		const struct svy_item *it = &r->sp->items[i];
		char fix[160];
		double lo, hi;

		if (!it->scaled || it->outscale * 2 <= it->nonblank)
			continue;
		bad++;
		lo = floor(it->seen_lo) < it->lo ? floor(it->seen_lo) : it->lo;
		hi = ceil(it->seen_hi) > it->hi ? ceil(it->seen_hi) : it->hi;
		if ((long)i == r->sp->nps)
			snprintf(fix, sizeof(fix),
				 "the NPS item must be on 0..10");
		else if (it->explicit_scale || lo < -1e6 || hi > 1e6 ||
			 hi - lo >= SURVEY_MAX_POINTS)
			snprintf(fix, sizeof(fix),
				 "give its scale as %s %s:LO..HI", it->role,
				 it->col);
		else
			snprintf(
			    fix, sizeof(fix),
			    "give its scale as %s %s:%.0f..%.0f%s%.0f..%.0f",
			    it->role, it->col, lo, hi,
			    r->sp->scale_given ? "" : " or --scale ", lo, hi);
		if (r->sp->scale_given && !it->explicit_scale &&
		    (long)i != r->sp->nps)
			snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
				 " (--scale says %d..%d)", it->lo, it->hi);
		warnx(
		    "%s: %llu of %llu answers are off the scale %d..%d (seen %.15g..%.15g): %s",
		    it->col, it->outscale, it->nonblank, it->lo, it->hi,
		    it->seen_lo, it->seen_hi, fix);
	}
	return bad;
}

/* Missing answers per item and alpha's listwise count, on stderr. */
void svyrun_print_missing(const struct svy_run *r)
{
	unsigned long long excl = 0;

	if (r->sp->quiet)
		return;
	fprintf(stderr, "%s: missing answers:", diag_tool());
	for (size_t i = 0; i < r->sp->nitems; i++) {
		const struct svy_item *it = &r->sp->items[i];

		fprintf(stderr, "%s %s %llu", i ? "," : "", it->col,
			it->missing);
		if (it->notnum || it->outscale)
			fprintf(stderr,
				" (%llu not a number, %llu off the scale)",
				it->notnum, it->outscale);
	}
	fputc('\n', stderr);
	for (size_t b = 0; b < r->sp->nalpha; b++) {
		excl = 0;
		for (size_t i = 0; i < r->ng; i++)
			for (size_t s = 0; s < r->g[i]->ncells; s++)
				excl += r->g[i]->cells[s].alpha[b].excluded;
		fprintf(
		    stderr,
		    "%s: alpha%s%s: %llu respondents left out for a missing item (listwise)\n",
		    diag_tool(), r->sp->alpha[b].name ? " " : "",
		    r->sp->alpha[b].name ? r->sp->alpha[b].name : "", excl);
	}
}

void svyrun_init(struct svy_run *r, struct svy_spec *s)
{
	memset(r, 0, sizeof(*r));
	r->sp = s;
	r->nkeys = s->nby + (s->compare != NULL);
	r->lo = xcalloc(s->nitems + 1, sizeof(int));
	r->hi = xcalloc(s->nitems + 1, sizeof(int));
	for (size_t i = 0; i < s->nitems; i++) {
		r->lo[i] = s->items[i].lo;
		r->hi[i] = s->items[i].hi;
	}
	/* one value per item, then room for the largest alpha block */
	r->ax = xcalloc(s->nitems + s->nitems + 1, sizeof(double));
	if (s->design) {
		r->v = 4 * s->nitems;
		r->t = xcalloc(r->v + 1, sizeof(double));
		r->rcats = xcalloc(s->rk.nm + 1, sizeof(size_t));
		if (s->nby && s->total) {
			r->all = xcalloc(1, sizeof(*r->all));
			r->all->id = (size_t)-1;
		}
	} else if (s->popfile) {
		read_population(r, s->popfile);
	} else {
		r->st = xcalloc(1, sizeof(*r->st));
		r->st[0].name = xstrdup("");
		r->st[0].fpc = NAN;
		r->nst = 1;
		if (s->nidx && !s->compare) {
			/* the index's interval: weights only, as
			 * svydesign(ids = ~1, weights = ~w) */
			r->v = 4 * s->nitems;
			r->t = xcalloc(r->v + 1, sizeof(double));
			if (s->nby && s->total) {
				r->all = xcalloc(1, sizeof(*r->all));
				r->all->id = (size_t)-1;
				svyrun_group_strata(r, r->all, 1);
			}
		}
	}
	if (r->nkeys == 0)
		find_group(r, "", 1, NULL,
			   0); /* the one row, even with no data */
}

void svyrun_finish(struct svy_run *r)
{
	if (r->sp->design)
		svydesign_finish(r);
	else
		stratum_weights(r);
	if (r->ng)
		qsort_r(r->g, r->ng, sizeof(*r->g), cmp_group, &r->nkeys);
}

void svyrun_release(struct svy_run *r)
{
	for (size_t i = 0; i < r->ng; i++)
		group_free(r->g[i]);
	if (r->all && (!r->ng || r->all != r->g[0]))
		group_free(r->all);
	group_table_release(&r->psus, NULL);
	group_table_release(&r->gpsu, NULL);
	free(r->psu_st);
	free(r->gvec);
	free(r->gvec_g);
	free(r->t);
	free(r->rrow);
	free(r->rax);
	free(r->rcats);
	free(r->g);
	group_table_release(&r->tab, NULL);
	for (size_t s = 0; s < r->nst; s++)
		free(r->st[s].name);
	free(r->st);
	free(r->lo);
	free(r->hi);
	free(r->key);
	free(r->ax);
	free(r->m.item);
	free(r->m.by);
	free(r->m.rake);
}
