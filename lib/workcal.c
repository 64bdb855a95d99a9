/*
 * workcal: working-day calendar (see workcal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "tm.h"
#include "workcal.h"
#include "xalloc.h"

static const char *const wdnames[7] = {"mon", "tue", "wed", "thu",
				       "fri", "sat", "sun"};

void workcal_init(struct workcal *w)
{
	memset(w, 0, sizeof(*w));
	w->weekend = 1u << 6 | 1u << 7;
}

int workcal_weekend(struct workcal *w, const char *list)
{
	unsigned m = 0;
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ","), i;
		for (i = 0; i < 7; i++)
			if (n == 3 && !strncasecmp(p, wdnames[i], 3))
				break;
		if (i == 7)
			return -1;
		m |= 1u << (i + 1);
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;
	}
	w->weekend = m;
	return 0;
}

int workcal_weekday(int64_t d)
{
	int64_t r = (d + 3) % 7;

	return (int)(r < 0 ? r + 7 : r) + 1;
}

static int is_weekend(const struct workcal *w, int64_t d)
{
	return (w->weekend >> workcal_weekday(d)) & 1;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Entries of v (sorted) that are <= d. */
static size_t upto(const int64_t *v, size_t n, int64_t d)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t uniq(int64_t *v, size_t n)
{
	size_t i, k = 0;

	if (n)
		qsort(v, n, sizeof(*v), cmp64);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

int workcal_read(struct workcal *w, const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, hcap = 0, wcap = 0;
	ssize_t n;
	long ln = 0;
	int64_t *hol = NULL, *work = NULL;
	size_t nhol = 0, nwork = 0;
	int rc = -1;

	if (!fp) {
		snprintf(err, errlen, "cannot open");
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *s = line, *rest;
		int y, m, d, is_work = 0;
		struct date dt;
		ln++;
		while (n > 0 && strchr("\r\n \t", line[n - 1]))
			line[--n] = '\0';
		if (ln == 1 && !strncmp(s, "\xef\xbb\xbf", 3))
			s += 3;
		s += strspn(s, " \t");
		if (!*s || *s == '#')
			continue;
		/* YYYY-MM-DD, read by the one date reader (lib/date) */
		if (strcspn(s, " \t,") != 10 ||
		    date_parse("%Y-%m-%d", s, 10, &dt) < 0) {
			snprintf(err, errlen, "%ld: \"%s\" is not a date", ln,
				 s);
			goto out;
		}
		y = dt.c.year;
		m = dt.c.mon;
		d = dt.c.day;
		rest = s + 10;
		rest += strspn(rest, " \t,");
		if (!strncasecmp(rest, "work", 4) &&
		    (rest[4] == '\0' || strchr(" \t,", rest[4])))
			is_work = 1;
		else if (*rest && (rest == s + 10 || !strchr(s + 10, ','))) {
			snprintf(
			    err, errlen,
			    "%ld: \"%s\": expected DATE, DATE,work or DATE,name",
			    ln, s);
			goto out;
		}
		int64_t day = tm_days_from_civil(y, m, d);
		if (is_work) {
			if (!is_weekend(w, day)) {
				snprintf(
				    err, errlen,
				    "%ld: %.10s is marked work but is not a weekend day",
				    ln, s);
				goto out;
			}
			work = xgrow(work, &wcap, nwork + 1, sizeof(*work));
			work[nwork++] = day;
		} else if (!is_weekend(w, day)) {
			hol = xgrow(hol, &hcap, nhol + 1, sizeof(*hol));
			hol[nhol++] = day;
		}
	}
	rc = 0;
	free(w->hol);
	free(w->work);
	w->hol = hol;
	w->nhol = uniq(hol, nhol);
	w->work = work;
	w->nwork = uniq(work, nwork);
	hol = work = NULL;
out:
	free(hol);
	free(work);
	free(line);
	fclose(fp);
	return rc;
}

int workcal_is_working(const struct workcal *w, int64_t d)
{
	size_t i;

	if (is_weekend(w, d)) {
		i = upto(w->work, w->nwork, d);
		return i > 0 && w->work[i - 1] == d;
	}
	i = upto(w->hol, w->nhol, d);
	return !(i > 0 && w->hol[i - 1] == d);
}

/* Weekdays (not weekend) in [0 .. d] counted from a fixed origin. */
static int64_t weekdays_upto(const struct workcal *w, int64_t d)
{
	/* days since the Monday 1969-12-29 (day -3) */
	int64_t x = d + 3, weeks, r, k, n = 0;
	int per_week = 0, i;

	for (i = 1; i <= 7; i++)
		per_week += !((w->weekend >> i) & 1);
	weeks = x >= 0 ? x / 7 : -((-x + 6) / 7);
	r = x - weeks * 7; /* 0..6: Monday .. Sunday of that week */
	for (k = 0; k <= r; k++)
		n += !((w->weekend >> (k + 1)) & 1);
	return weeks * per_week + n;
}

int64_t workcal_count(const struct workcal *w, int64_t d0, int64_t d1)
{
	if (d1 <= d0)
		return 0;
	return weekdays_upto(w, d1) - weekdays_upto(w, d0) -
	       (int64_t)(upto(w->hol, w->nhol, d1) -
			 upto(w->hol, w->nhol, d0)) +
	       (int64_t)(upto(w->work, w->nwork, d1) -
			 upto(w->work, w->nwork, d0));
}

int64_t workcal_nth_after(const struct workcal *w, int64_t d, int64_t n)
{
	int64_t k = 0;

	if (w->weekend == 0xfe && !w->nwork) /* no working day ever */
		return d + n * 7;
	while (k < n) {
		d++;
		k += workcal_is_working(w, d);
	}
	return d;
}

void workcal_release(struct workcal *w)
{
	free(w->hol);
	free(w->work);
	workcal_init(w);
}

char *workcal_text(const struct workcal *w)
{
	size_t i, n = 0, cap = 16;
	char *s = xmalloc(cap), b[32];
	int y, m, d;

	s[0] = '\0';
	for (i = 0; i < w->nhol + w->nwork; i++) {
		int work = i >= w->nhol;
		tm_civil_from_days(work ? w->work[i - w->nhol] : w->hol[i], &y,
				   &m, &d);
		snprintf(b, sizeof(b), "%s%04d-%02d-%02d%s", n ? " " : "", y, m,
			 d, work ? "w" : "");
		s = xgrow(s, &cap, n + strlen(b) + 1, 1);
		memcpy(s + n, b, strlen(b) + 1);
		n += strlen(b);
	}
	return s;
}
