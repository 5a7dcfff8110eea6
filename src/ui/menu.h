/*
 * A menu: numbered choices, chosen with the arrows and Enter or with the number.
 */
#ifndef HOSO_UI_MENU_H
#define HOSO_UI_MENU_H
#include "ui/app.h"

struct menu_item {
	int         id;
	char        key;	/* the digit that chooses it, the same for every role */
	const char *label;	/* message id */
};

/* Run the menu titled title (a message id); a digit chooses the item whose key it
 * is, so that an entry keeps its number whichever entries a role does not see. *sel is the item selected at first and afterwards (so that a menu
 * shown again opens where it was left). Returns the id chosen, or -1 for Back or
 * when unwinding. */
int menu_run(struct app *a, const char *title, const struct menu_item *items, int n,
    int *sel);
/* The same with note (already translated, or NULL) on a line under the title. */
int menu_run_noted(struct app *a, const char *title, const char *note,
    const struct menu_item *items, int n, int *sel);
#endif
