/*
 * Dates as whole days since 1970-01-01, so that ages, intervals and "three years
 * later" are plain arithmetic. The conversions are the civil-calendar formulas of
 * the proleptic Gregorian calendar (eras of 400 years).
 */
#include "gen.h"

int
day_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
day_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
day_year(int day)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	return y;
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

int
day_iso(int day, char *out)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	put2(out, y / 100);
	put2(out + 2, y % 100);
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = '\0';
	return 10;
}

int
day_dmy(int day, char *out)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	put2(out, d);
	out[2] = '/';
	put2(out + 3, m);
	out[5] = '/';
	put2(out + 6, y / 100);
	put2(out + 8, y % 100);
	out[10] = '\0';
	return 10;
}

int
day_parse(const char *iso)
{
	int v[3] = {0, 0, 0}, k = 0, digits = 0;
	for (const char *p = iso; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			v[k] = v[k] * 10 + (*p - '0');
			digits++;
		} else if (*p == '-' && k < 2 && digits > 0) {
			k++;
			digits = 0;
		} else
			return -1;
	}
	if (k != 2 || digits == 0 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return -1;
	return day_from_ymd(v[0], v[1], v[2]);
}
