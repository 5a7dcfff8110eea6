/*
 * The retirement schedule (see retire.h). The age that applies depends on the year
 * it is reached in, which depends on the age: the year is found by stepping on from
 * the year of the old age until the two agree. As a year adds at most 4 months of
 * age, each step brings them a year closer, so the search ends within a few steps.
 */
#include "core/retire.h"

/* Retirement age in months for one reaching it in year y. */
static int
age_in(char sex, int y)
{
	int steps = y - 2020;
	if (steps < 0)
		steps = 0;
	if (sex == 'F')
		return 55 * 12 + 4 * (steps > 15 ? 15 : steps);
	return 60 * 12 + 3 * (steps > 8 ? 8 : steps);
}

int
retire_month(char sex, int birth_year, int birth_month)
{
	int born = birth_year * 12 + birth_month - 1;
	int y = (born + age_in(sex, 0)) / 12;
	for (int i = 0; i < 40; i++) {
		int at = born + age_in(sex, y);
		if (at / 12 <= y)
			return at;
		y++;
	}
	return born + age_in(sex, y);
}

void
retire_births(char sex, int first, int last, int *lo, int *hi)
{
	/* Retirement moves with birth monotonically: look from the youngest birth that
	 * could retire by last back to the oldest that could still be working at first. */
	*lo = 1;
	*hi = 0;
	for (int b = last - 55 * 12; b >= first - 63 * 12; b--) {
		int at = retire_month(sex, b / 12, b % 12 + 1);
		if (at < first || at > last)
			continue;
		if (*hi < *lo) {
			*hi = b;
			*lo = b;
		} else if (b < *lo)
			*lo = b;
	}
}
