/*
 * Working days, for deadlines such as a transfer's ten days or a first
 * declaration's three: Monday to Friday, less the days off of a list (public
 * holidays, their compensatory weekdays, swapped days), plus the weekend days of a
 * list that are worked instead (make-up Saturdays). The lists are data
 * (forms/codes/holiday.json and makeup_workday.json, see form_workdays_new); this
 * file only counts. Dates are "YYYY-MM-DD".
 *
 * Two ways in: a calendar object (struct workdays) passed around, or the
 * process's calendar behind working_day and working_days_between, which the
 * commands and the terminal set from the data at start (workdays_use).
 */
#ifndef HOSO_CORE_WORKDAYS_H
#define HOSO_CORE_WORKDAYS_H
#include <stdbool.h>

struct workdays;

struct workdays *workdays_new(void);
void             workdays_free(struct workdays *w);
/* A weekday off (a holiday); a weekend day worked. Invalid dates are ignored. */
void workdays_add_off(struct workdays *w, const char *ymd);
void workdays_add_worked(struct workdays *w, const char *ymd);
/* Is the date a working day? false for an invalid date. */
bool workdays_is_working(const struct workdays *w, const char *ymd);
/* The n-th working day after ymd (n >= 1; the day itself does not count) into
 * out. -1 for an invalid date or n. */
int  workdays_add(const struct workdays *w, const char *ymd, int n, char out[11]);
/* Working days after from, up to and including to: workdays_add(from, k) <= to
 * for k up to the answer. 0 when to is not after from; -1 for an invalid date. */
int  workdays_between(const struct workdays *w, const char *from, const char *to);

/* The process's calendar: workdays_use hands it w (owned from then on; NULL:
 * weekends only). */
void workdays_use(struct workdays *w);
/* The working days after from up to and including to (ISO dates) in the process's
 * calendar; 0 when to is not after from, -1 when either is no date. */
int  working_days_between(const char *from, const char *to);
/* Is the ISO date a working day in the process's calendar? */
bool working_day(const char *iso);
/* The process's calendar made of these days off only (ISO dates, copied); n 0
 * forgets them. */
void workdays_set_holidays(const char *const *iso, int n);
#endif
