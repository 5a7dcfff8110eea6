/*
 * The working-day calendar from the code lists forms/codes/holiday.json (weekdays
 * off) and makeup_workday.json (weekend days worked): data that an administrator
 * updates when the year's days off are announced, counted by core/workdays.
 */
#include "form/form.h"
#include "core/workdays.h"

struct workdays *
form_workdays_new(char **err)
{
	const struct code_list *off = codes_get("holiday", err);
	if (off == NULL)
		return NULL;
	const struct code_list *worked = codes_get("makeup_workday", err);
	if (worked == NULL)
		return NULL;
	struct workdays *w = workdays_new();
	for (int i = 0; i < off->nitems; i++)
		workdays_add_off(w, off->items[i].code);
	for (int i = 0; i < worked->nitems; i++)
		workdays_add_worked(w, worked->items[i].code);
	return w;
}
