/*
 * The Ministry of Home Affairs' yearly statistical forms of Circular
 * 11/2012/TT-BNV (the reporting regime for civil servants, as at 31 December):
 * BM01/BNV, the civil servants (công chức) of district level and above, and
 * BM02/BNV, the commune-level cadres and civil servants; one row per agency under
 * the one asked about (each with its subtree), one for the people of that agency
 * itself, and the total. The columns are those of the form as two independent
 * implementations print it (notes/domain-research.md §4): assigned and actual
 * headcount, women, Party members, ethnic minorities, religious, by rank, degree,
 * political theory, state management, IT, foreign language and age.
 *
 * The table is one model written as text (each agency a block of 80 columns, for
 * paper), CSV, JSON and xlsx. No SQL and no curses here.
 */
#ifndef HOSO_REPORT_BM_H
#define HOSO_REPORT_BM_H
#include "db/org.h"
#include "report/summary.h"
#include <stdint.h>

enum bm_form { BM01, BM02 };

struct bm_column {
	const char *key;	/* the JSON and CSV name */
	const char *label;	/* message id: the printed form's heading */
	const char *group;	/* message id of the heading above it, or NULL */
};

struct bm_row {
	char    code[40];	/* "" for the total */
	char    name[256];
	int64_t *v;		/* one per column */
};

struct bm_table {
	enum bm_form            form;
	struct org_info         org;
	char                    date[11];
	const struct bm_column *cols;
	int                     ncols;
	struct bm_row          *rows;	/* the last is the total */
	int                     nrows;
};

/* The form for org's subtree as of date (YYYY-MM-DD; NULL: today), counting the
 * records as they are (ages as of date). Freed with bm_free. */
int  bm_new(struct db *db, enum bm_form form, const struct org_info *org,
    const char *date, struct bm_table **out, char **err);
void bm_free(struct bm_table *t);
/* "BM01/BNV" and the form's title, translated. */
const char *bm_form_code(enum bm_form f);
const char *bm_form_title(enum bm_form f);
void bm_write(const struct bm_table *t, enum report_format f, FILE *out);
#endif
