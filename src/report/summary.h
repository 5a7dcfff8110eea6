/*
 * The summary report: every standard breakdown of an agency subtree's headcount
 * (domain.md, "Standard statistics") in one table model, built from the data
 * layer's kept counts, and written as text (80 columns, for paper), CSV or JSON.
 * No SQL and no curses here.
 */
#ifndef HOSO_REPORT_SUMMARY_H
#define HOSO_REPORT_SUMMARY_H
#include "db/org.h"
#include <stdint.h>
#include <stdio.h>

struct db;

struct summary_row {
	char    key[64];	/* the code-list code ("" for not given) or a band name */
	char   *label;		/* owned: what a reader sees */
	int64_t n;
};

struct summary_group {
	const char         *name;	/* "sex", "age_band", ... (the JSON key) */
	const char         *title;	/* message id */
	struct summary_row *rows;
	int                 nrows;
};

struct summary {
	struct org_info       org;	/* id 0: the nation */
	char                  date[11];
	int64_t               total;	/* people at work */
	struct summary_group *groups;
	int                   ngroups;
};

/* The summary of org's subtree (from db_stat_scope) as of today (date NULL) or of
 * date (YYYY-MM-DD; only the ages and retirement move with it: the counts are
 * today's). *out is the caller's, freed with summary_free. */
int  summary_new(struct db *db, const struct org_info *org, const char *date,
    struct summary **out, char **err);
/* The same, but a past date is counted from the records' histories
 * (db_stat_counts_asof: one pass over the subtree, with the limits it names). */
int  summary_as_of(struct db *db, const struct org_info *org, const char *date,
    struct summary **out, char **err);
void summary_free(struct summary *s);

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_XLSX };
/* "text", "csv", "json", "xlsx"; -1 if unknown. */
int  report_format_parse(const char *s);
void summary_write(const struct summary *s, enum report_format f, FILE *out);
#endif
