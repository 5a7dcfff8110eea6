/*
 * Working-day arithmetic (workdays.h). Days are counted as days since 1970-01-01
 * (civil calendar, proleptic Gregorian), so a weekday is a modulo and a list is a
 * sorted array searched by bisection; a deadline of a few days walks day by day,
 * which costs nothing at these sizes.
 */
#include "core/workdays.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct daylist {
	long *v;
	int   n, cap;
};

struct workdays {
	struct daylist off, worked;
};

/* Days since 1970-01-01 of a valid "YYYY-MM-DD", else -1 (Howard Hinnant's
 * days_from_civil). */
static long
day_number(const char *ymd)
{
	int y, m, d;
	char tail;
	if (ymd == NULL || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    strlen(ymd) != 10 || m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999)
		return -1;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	y -= m <= 2;
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
day_format(long z, char out[11])
{
	z += 719468;
	long era = z / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	char buf[64];
	snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static void
list_add(struct daylist *l, long day)
{
	if (day < 0)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, sizeof *l->v * (size_t)l->cap);
	}
	l->v[l->n++] = day;
	qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_long);
}

static bool
list_has(const struct daylist *l, long day)
{
	return l->n > 0 && bsearch(&day, l->v, (size_t)l->n, sizeof *l->v, cmp_long) != NULL;
}

struct workdays *
workdays_new(void)
{
	return xcalloc(1, sizeof(struct workdays));
}

void
workdays_free(struct workdays *w)
{
	if (w == NULL)
		return;
	free(w->off.v);
	free(w->worked.v);
	free(w);
}

void
workdays_add_off(struct workdays *w, const char *ymd)
{
	list_add(&w->off, day_number(ymd));
}

void
workdays_add_worked(struct workdays *w, const char *ymd)
{
	list_add(&w->worked, day_number(ymd));
}

static bool
working(const struct workdays *w, long day)
{
	/* 1970-01-01 was a Thursday: day 2 is a Saturday, day 3 a Sunday. */
	long wd = ((day % 7) + 7 + 3) % 7;	/* 0 Monday ... 6 Sunday */
	if (wd >= 5)
		return list_has(&w->worked, day);
	return !list_has(&w->off, day);
}

bool
workdays_is_working(const struct workdays *w, const char *ymd)
{
	long day = day_number(ymd);
	return day >= 0 && working(w, day);
}

int
workdays_add(const struct workdays *w, const char *ymd, int n, char out[11])
{
	long day = day_number(ymd);
	if (day < 0 || n < 1 || n > 100000)
		return -1;
	while (n > 0)
		if (working(w, ++day))
			n--;
	day_format(day, out);
	return 0;
}

int
workdays_between(const struct workdays *w, const char *from, const char *to)
{
	long a = day_number(from), b = day_number(to);
	if (a < 0 || b < 0)
		return -1;
	int n = 0;
	for (long d = a + 1; d <= b; d++)
		n += working(w, d);
	return n;
}

/* The process's calendar (workdays_use); NULL: weekends only. */
static struct workdays *process_calendar;
static const struct workdays no_days_off;

static const struct workdays *
calendar(void)
{
	return process_calendar != NULL ? process_calendar : &no_days_off;
}

void
workdays_use(struct workdays *w)
{
	workdays_free(process_calendar);
	process_calendar = w;
}

int
working_days_between(const char *from, const char *to)
{
	return workdays_between(calendar(), from, to);
}

bool
working_day(const char *iso)
{
	return workdays_is_working(calendar(), iso);
}

void
workdays_set_holidays(const char *const *iso, int n)
{
	struct workdays *w = workdays_new();
	for (int i = 0; i < n; i++)
		workdays_add_off(w, iso[i]);
	workdays_use(w);
}
