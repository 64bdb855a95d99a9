/*
 * confusion: judging a classifier against gold labels (complaint-classify
 * --eval, any tool that predicts a class): a label map read from a CSV
 * of label,class pairs, the confusion matrix of gold against predicted
 * classes, and its table of precision, recall and F1 per class with the
 * macro averages and the accuracy.
 */
#ifndef TA_CONFUSION_H
#define TA_CONFUSION_H

#include <stddef.h>

#include "group.h"
#include "out.h"

/*
 * A label map (--label-map FILE): "label,class" lines, '#' comments, the
 * first line of a label wins, "*" maps every label not listed.
 */
struct labelmap {
	struct group_table to; /* label -> char * */
	const char *dflt;      /* target of "*", or NULL */
};
/* Read path into m; exits 2 with file:line on a malformed map. */
void labelmap_load(struct labelmap *m, const char *path);
/* The class of label s (s itself when the map does not name it). */
const char *labelmap_apply(const struct labelmap *m, const char *s);
void labelmap_release(struct labelmap *m);

/*
 * The matrix is sparse: a count per (gold, predicted) pair that occurs,
 * and per class its gold, predicted and correct counts, so memory grows
 * with the pairs seen, not with the square of the classes (5,000 labels
 * once took 280 MB).
 */
struct confusion {
	struct group_table names; /* class name -> index (its idx) */
	const char **cls;	  /* the names by index */
	size_t n, cap;
	struct group_table cells; /* (gold, predicted) indexes -> count */
	unsigned long long *gold, *pred, *tp; /* per class, n each */
	size_t ccap;
};
void confusion_init(struct confusion *c);
/* Count one row: its gold class and its predicted class. */
void confusion_add(struct confusion *c, const char *gold, const char *pred);
/*
 * The table (classes in byte order): class, gold, predicted, correct,
 * precision, recall, f1, pred_<class>...; then the macro row and the
 * accuracy row; ratios with prec decimals, an undefined one empty.
 */
void confusion_emit(const struct confusion *c, struct out *o, int prec);
void confusion_release(struct confusion *c);

#endif
