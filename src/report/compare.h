/*
 * Several agencies side by side: their summaries (summary.h) as one table whose
 * rows are every breakdown's values found in any of them and whose columns are
 * the agencies, in the order asked. No SQL and no curses here.
 */
#ifndef HOSO_REPORT_COMPARE_H
#define HOSO_REPORT_COMPARE_H
#include "report/summary.h"

#define COMPARE_MAX 8	/* agencies at once: 80 columns hold five, a file more */

struct compare_row {
	const char *group;		/* the breakdown's name (static) */
	const char *title;		/* its title, a message id (static) */
	char        key[64];
	char       *label;		/* owned */
	int64_t     n[COMPARE_MAX];
};

struct compare {
	struct summary    *s[COMPARE_MAX];	/* owned */
	int                norgs;
	struct compare_row *rows;
	int                nrows;
};

/* The summaries of the agencies orgs[0..n-1] (each from db_stat_scope), side by
 * side. Freed with compare_free. */
int  compare_new(struct db *db, const struct org_info *orgs, int n,
    struct compare **out, char **err);
void compare_free(struct compare *c);
void compare_write(const struct compare *c, enum report_format f, FILE *out);
#endif
