/*
 * subs: a subscriber base for complaint rates (complaint-kpi
 * --subscribers): one number for every period, or a CSV file of
 * period,count lines (an optional header, each period once).
 */
#ifndef TA_SUBS_H
#define TA_SUBS_H

#include <stddef.h>

struct subs_period {
	char *period;
	double n;
};
struct subs {
	struct subs_period *v;
	size_t n;
	double all; /* the one number, < 0 if none */
};

/* Read arg (a number or a file) into s; exits 2 naming what is wrong. */
void subs_read(struct subs *s, const char *arg);
/* The base of period (NULL: a total row), or -1 when unknown. */
double subs_of(const struct subs *s, const char *period);
void subs_release(struct subs *s);

#endif
