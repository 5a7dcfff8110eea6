/*
 * What stat.c (the breakdowns and their triggers) and stat_recount.c (the one-pass
 * recount) share. Not for use outside src/db/.
 */
#ifndef HOSO_STAT_INTERNAL_H
#define HOSO_STAT_INTERNAL_H
#include "db/db.h"

/* How the recount finds a breakdown's value; every kind but STAT_STATUS counts
 * only the people at work (employment status empty, working or on leave). */
enum stat_how {
	STAT_COL,		/* the column src, "" when NULL */
	STAT_JSON,		/* the data JSON's member src, "" when absent */
	STAT_BIRTH,		/* sex and year-month of birth: "F1975-03" */
	STAT_WOMEN_LEADERS,	/* a woman's position, when she has one */
	STAT_PARTY,		/* "member" when the JSON member src is not empty */
	STAT_STATUS		/* everyone's employment status, "" when none */
};

struct stat_def {
	const char   *name;
	const char   *expr;	/* SQL over a person row "@" (the triggers') */
	enum stat_how how;
	const char   *src;
};
extern const struct stat_def stat_defs[];
extern const int stat_ndefs;

/* Count every person row, for each agency and all above it (org_ancestor), into
 * table ("stat_count" or a temporary one), which the caller has emptied. */
int stat_recount_into(struct db *db, const char *table, char **err);
#endif
