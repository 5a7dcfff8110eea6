/* Date parsing and formatting; every failure is a message id for i18n. */
#include "core/date.h"
#include "core/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool
date_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1800 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* Reads 1..maxd digits; returns the number of digits read. */
static int
read_num(const char **p, int maxd, int *out)
{
	int n = 0, v = 0;
	while (n < maxd && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

const char *
date_parse(const char *in, char iso[11])
{
	int y, m, d;
	const char *p = in;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return N_("date is empty");
	const char *start = p;
	int n = read_num(&p, 8, &y);
	if (n == 8) {
		/* Eight digits in a row, as a clerk types quickly: DDMMYYYY. */
		d = (start[0] - '0') * 10 + (start[1] - '0');
		m = (start[2] - '0') * 10 + (start[3] - '0');
		y = y % 10000;
	} else if (n == 4 && *p == '-') {
		p++;
		if (read_num(&p, 2, &m) != 2 || *p++ != '-' || read_num(&p, 2, &d) != 2)
			return N_("date must be DD/MM/YYYY or YYYY-MM-DD");
	} else if ((n == 1 || n == 2) && (*p == '/' || *p == '-' || *p == '.')) {
		/* D/M/YYYY with '/', '-' or '.', the same one twice. */
		char sep = *p++;
		d = y;
		int nm = read_num(&p, 2, &m);
		if (nm < 1 || *p++ != sep || read_num(&p, 4, &y) != 4)
			return N_("date must be DD/MM/YYYY or YYYY-MM-DD");
	} else
		return N_("date must be DD/MM/YYYY or YYYY-MM-DD");
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return N_("date must be DD/MM/YYYY or YYYY-MM-DD");
	if (m < 1 || m > 12)
		return N_("no such date: the month must be 1 to 12");
	if (!date_valid(y, m, d) && y >= 1800 && y <= 2999 && d >= 1)
		return N_("no such date: that month has fewer days");
	if (!date_valid(y, m, d))
		return N_("no such calendar date");
	/* By hand, not snprintf: every date of every imported row comes through here. */
	unsigned v[3] = {(unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u};
	iso[0] = (char)('0' + v[0] / 1000);
	iso[1] = (char)('0' + v[0] / 100 % 10);
	iso[2] = (char)('0' + v[0] / 10 % 10);
	iso[3] = (char)('0' + v[0] % 10);
	iso[4] = iso[7] = '-';
	iso[5] = (char)('0' + v[1] / 10);
	iso[6] = (char)('0' + v[1] % 10);
	iso[8] = (char)('0' + v[2] / 10);
	iso[9] = (char)('0' + v[2] % 10);
	iso[10] = '\0';
	return NULL;
}

void
date_today(char iso[11])
{
	/* Asked for every date of every imported row; localtime_r takes a lock. */
	static _Thread_local time_t last;
	static _Thread_local char cached[11];
	time_t t = time(NULL);
	if (t != last) {
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(cached, sizeof cached, "%Y-%m-%d", &tm);
		last = t;
	}
	memcpy(iso, cached, 11);
}

void
date_display(const char *iso, char out[11])
{
	if (iso != NULL && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 11, "%s", iso ? iso : "");
}

int
date_age(const char *birth, const char *on)
{
	int by, bm, bd, y, m, d;
	if (sscanf(birth, "%d-%d-%d", &by, &bm, &bd) != 3 ||
	    sscanf(on, "%d-%d-%d", &y, &m, &d) != 3)
		return -1;
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

/* Howard Hinnant's days-from-civil: exact for every Gregorian date, no time zone
 * or mktime in the way. */
long
date_day_number(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool
date_add_days(const char *iso, int days, char out[11])
{
	int y, m, d;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !date_valid(y, m, d))
		return false;
	long z = date_day_number(y, m, d) + days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	long yy = yoe + era * 400 + (mm <= 2);
	if (yy < 1 || yy > 9999)
		return false;
	snprintf(out, 11, "%04ld-%02d-%02d", yy, mm, dd);
	return true;
}

void
date_month_last(int month, char out[11])
{
	int y = month / 12, m = month % 12 + 1, d = 31;
	while (d > 28 && !date_valid(y, m, d))
		d--;
	char full[40];
	snprintf(full, sizeof full, "%04d-%02d-%02d", y % 10000, m, d);
	snprintf(out, 11, "%.10s", full);
}
