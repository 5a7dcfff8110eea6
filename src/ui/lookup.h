/*
 * Looking an ID number up in the population database to fill a person's form:
 * the call runs while the loop keeps answering keys (Esc cancels), the answer is
 * shown side by side with what the form holds, and one key copies the
 * registry's values into the form. Nothing is saved here.
 */
#ifndef HOSO_UI_LOOKUP_H
#define HOSO_UI_LOOKUP_H
#include "ui/app.h"
#include "form/form.h"
#include "core/record.h"

/* Look id_number up on behalf of the signed-in account and offer the answer for
 * rec (a record of form f, the caller's). Every failure (link down, not found,
 * refused, cancelled...) ends with a message on the status line or in a box and
 * rec untouched. Returns the number of fields changed in rec (0 when the clerk
 * kept the form), or -1 when the program is unwinding. */
int lookup_run(struct app *a, const struct form *f, struct record *rec,
    const char *id_number);
#endif
