/*
 * Retirement age by the rising schedule of Decree 135/2020/ND-CP: before 2021 men
 * retire at 60 and women at 55; from 2021 the age rises each year, men by 3 months
 * from 60 years 3 months to 62 (2028), women by 4 months from 55 years 4 months to
 * 60 (2035). The age that applies is the one of the year in which it is reached,
 * and the retirement time is the end of that month. Months are counted as
 * year * 12 + (month - 1).
 */
#ifndef HOSO_RETIRE_H
#define HOSO_RETIRE_H

/* The month (year * 12 + month - 1) at whose end a person of sex 'M' or 'F' born in
 * that year and month (1-12) retires. */
int retire_month(char sex, int birth_year, int birth_month);
/* The birth months (as above) of those of sex who retire from month first to last,
 * both included: *lo > *hi when nobody does. */
void retire_births(char sex, int first, int last, int *lo, int *hi);
#endif
