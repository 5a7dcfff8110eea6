/*
 * Choosing a value from a code list: a box with a filter line over the list.
 * Typing narrows the list accent-insensitively ("kinh" finds Kinh, "nu" finds
 * Nữ), matching the code or any word of the label; labels that begin with what was
 * typed come first.
 */
#ifndef HOSO_UI_PICKLIST_H
#define HOSO_UI_PICKLIST_H
#include "ui/app.h"
#include "form/form.h"

/* initial pre-fills the filter (the key that opened the list); current is the
 * code now chosen, selected at first when the filter is empty. Returns the item
 * chosen (owned by the form cache), or NULL on Esc. */
const struct code_item *picklist_run(struct app *a, const struct code_list *cl,
    const char *initial, const char *current);
#endif
