/*
 * The dated HR alerts agencies act on every month, beside the retirement alert
 * (retirement.h): regular salary-step raises due, probations ending, fixed-term
 * contracts ending, for the people at work in an agency subtree from this month to
 * N months on, soonest first; and the counts the clerk's main menu shows. No SQL
 * and no curses here.
 *
 * A raise is due on next_step_date when the clerk wrote one (an early raise for
 * merit, a late one after discipline); otherwise on the last raise's date
 * (salary_date) plus the scale's interval (salary_scale.json's step_months: 3 years
 * for most scales, 2 for those below A0, Decree 204/2004). At the scale's last step
 * the raise is the over-frame allowance: first after the same interval, then, once
 * the allowance is given, every 12 months.
 */
#ifndef HOSO_REPORT_ALERTS_H
#define HOSO_REPORT_ALERTS_H
#include "db/org.h"
#include "db/stat.h"
#include "report/summary.h"
#include <stddef.h>

enum alert_kind { ALERT_RAISE, ALERT_PROBATION, ALERT_CONTRACT };

/* The window the main menu counts, in months after this one. */
#define ALERT_MENU_MONTHS 3

struct alert_entry {
	struct stat_person who;
	char               date[11];	/* due */
	char               scale[16];	/* raises: the scale and the step reached */
	int                step;	/* the next step; 0: the over-frame allowance;
					 * -1: not known (no step or scale given) */
};

struct alert {
	enum alert_kind     kind;
	struct org_info     org;
	char                date[11];	/* as of */
	int                 months;
	struct alert_entry *list;
	int                 n;
};

/* As of today (date NULL) or date (YYYY-MM-DD). Freed with alert_free. */
int  alert_new(struct db *db, enum alert_kind kind, const struct org_info *org,
    const char *date, int months, struct alert **out, char **err);
void alert_free(struct alert *a);
void alert_write(const struct alert *a, enum report_format f, FILE *out);
/* A raise's "A1 4" (scale and step reached) or "A1 over-frame", into out. */
void alert_raise_note(const struct alert_entry *e, char *out, size_t size);
/* The title of kind's list for months ahead; the caller frees it. */
char *alert_title_new(enum alert_kind kind, int months);

/* How many are due from this month to ALERT_MENU_MONTHS on: retirements, raises,
 * probation ends, contract ends. */
struct alert_counts {
	int retire, raise, probation, contract;
};
int alert_counts_get(struct db *db, const struct org_info *org,
    struct alert_counts *c, char **err);
/* "Due soon: 12 retirements, 30 raises, 2 probation ends" (only those not 0), or
 * NULL when nothing is due; the caller frees it. */
char *alert_counts_line_new(const struct alert_counts *c);
#endif
