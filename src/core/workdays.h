/*
 * Working days, for deadlines such as a transfer's ten days: Saturdays and Sundays
 * are not working days, nor the holidays the program has been told of (none until
 * then: a holiday list is to come, and learns through workdays_set_holidays).
 */
#ifndef HOSO_WORKDAYS_H
#define HOSO_WORKDAYS_H
#include <stdbool.h>

/* The working days after from up to and including to (ISO dates); 0 when to is
 * not after from, -1 when either is no date. */
int  working_days_between(const char *from, const char *to);
/* Is the ISO date a working day? */
bool working_day(const char *iso);
/* Holidays from now on (ISO dates, copied); n 0 forgets them. */
void workdays_set_holidays(const char *const *iso, int n);
#endif
