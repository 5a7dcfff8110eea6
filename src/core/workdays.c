/* Working days (see workdays.h): counted day by day, as deadlines are a few weeks. */
#include "core/workdays.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char (*holidays)[11];
static int nholidays;

void
workdays_set_holidays(const char *const *iso, int n)
{
	free(holidays);
	holidays = n > 0 ? xcalloc((size_t)n, sizeof *holidays) : NULL;
	nholidays = n > 0 ? n : 0;
	for (int i = 0; i < nholidays; i++)
		snprintf(holidays[i], 11, "%s", iso[i]);
}

static long
day_of(const char *iso)
{
	int y, m, d;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !date_valid(y, m, d))
		return -1000000000L;
	return date_day_number(y, m, d);
}

bool
working_day(const char *iso)
{
	long n = day_of(iso);
	/* 1970-01-01 was a Thursday: day 0 is weekday 4 (Monday 1 ... Sunday 7). */
	long wd = ((n % 7) + 7 + 3) % 7 + 1;
	if (wd >= 6)
		return false;
	for (int i = 0; i < nholidays; i++)
		if (strcmp(holidays[i], iso) == 0)
			return false;
	return true;
}

int
working_days_between(const char *from, const char *to)
{
	long a = day_of(from), b = day_of(to);
	if (a < -999999999L || b < -999999999L)
		return -1;
	int count = 0;
	char day[11];
	snprintf(day, sizeof day, "%s", from);
	for (long k = a; k < b; k++) {
		if (!date_add_days(day, 1, day))
			break;
		count += working_day(day);
	}
	return count;
}
