/*
 * The retirement alert: the people at work in an agency subtree who reach
 * retirement age (core/retire.h) from this month to N months on, soonest first,
 * and how it is written out. No SQL and no curses here.
 */
#ifndef HOSO_REPORT_RETIREMENT_H
#define HOSO_REPORT_RETIREMENT_H
#include "db/org.h"
#include "db/stat.h"
#include "report/summary.h"

struct retirement_entry {
	struct stat_person who;
	char               date[11];	/* the retirement date: the end of the month */
};

struct retirement {
	struct org_info          org;
	char                     date[11];	/* as of */
	int                      months;
	struct retirement_entry *list;
	int                      n;
};

/* As of today (date NULL) or date (YYYY-MM-DD). Freed with retirement_free. */
int  retirement_new(struct db *db, const struct org_info *org, const char *date,
    int months, struct retirement **out, char **err);
void retirement_free(struct retirement *r);
void retirement_write(const struct retirement *r, enum report_format f, FILE *out);
#endif
