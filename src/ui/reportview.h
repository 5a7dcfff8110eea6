/*
 * A report on the screen: a table of rows (headings, and rows with a label and a
 * count or columns of text), with a bar chart of the counts beside them, scrolled
 * so the selected row is always seen. Enter on a row calls the caller's open
 * function (drill down: an agency's own summary, the people behind a count, a
 * person's record); F2 calls its write function (the report to a file, or to the
 * printer over SSH). The rows and what they lead to belong to the caller.
 */
#ifndef HOSO_UI_REPORTVIEW_H
#define HOSO_UI_REPORTVIEW_H
#include "ui/app.h"
#include <stdint.h>

struct rv_row {
	char    *label;		/* owned; a heading when heading is true */
	char    *extra;		/* owned, may be NULL: columns after the label */
	int64_t  n;		/* the count charted; -1: no count (lists) */
	int64_t  max;		/* the largest count of the row's group (the bar's scale) */
	bool     heading;
	int64_t  ref;		/* the caller's: what Enter opens (a person, an agency) */
	int      kind;		/* the caller's */
	char     key[64];	/* the caller's: the breakdown's value */
	const char *group;	/* the caller's: the breakdown (static) */
};

struct rv_rows {
	struct rv_row *v;
	int            n;
};
struct rv_row *rv_add(struct rv_rows *rows, const char *label, int64_t n);
void rv_rows_free(struct rv_rows *rows);

struct rv_opts {
	const char *head;		/* column heads over the rows, or NULL */
	/* Enter on row i; NULL: rows do not open. */
	void (*open)(struct app *a, void *ctx, const struct rv_row *row);
	/* F2; NULL: no writing. */
	void (*write)(struct app *a, void *ctx);
	void *ctx;
	const char *empty;		/* what shows when there are no rows */
};

/* Show rows under title (both copied) until the person goes back. */
void reportview_run(struct app *a, const char *title, const char *subtitle,
    struct rv_rows *rows, const struct rv_opts *o);
#endif
