/*
 * Calendar dates as clerks type them (DD/MM/YYYY) and as stored (YYYY-MM-DD).
 */
#ifndef HOSO_DATE_H
#define HOSO_DATE_H
#include <stdbool.h>

/* Parse "YYYY-MM-DD", "DD/MM/YYYY" (also D/M/YYYY, D-M-YYYY, D.M.YYYY) or eight
 * digits DDMMYYYY into iso[11] as YYYY-MM-DD; 31/02 and the like are refused.
 * Returns NULL on success or an untranslated message id saying what is wrong. */
const char *date_parse(const char *in, char iso[11]);
bool        date_valid(int y, int m, int d);
/* Today in local time as YYYY-MM-DD. */
void        date_today(char iso[11]);
/* "YYYY-MM-DD" -> "DD/MM/YYYY" into out[11]; copies in unchanged if not ISO. */
void        date_display(const char *iso, char out[11]);
/* iso plus days (negative: earlier) into out[11]; false if iso is no valid date. */
bool        date_add_days(const char *iso, int days, char out[11]);
/* Days since 1970-01-01 of a valid ISO date (proleptic Gregorian), for arithmetic. */
long        date_day_number(int y, int m, int d);
/* The last day of a month counted as year * 12 + (month - 1), as YYYY-MM-DD. */
void        date_month_last(int month, char out[11]);
/* Whole years between birth (ISO) and on (ISO). */
int         date_age(const char *birth, const char *on);
#endif
