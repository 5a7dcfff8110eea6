/*
 * Dialogs: boxes over the current screen that ask one thing and return the
 * answer, run modally through app_run. Every function returns -1 (or NULL) when
 * the program is unwinding, which callers treat as "no".
 */
#ifndef HOSO_UI_DIALOG_H
#define HOSO_UI_DIALOG_H
#include "ui/app.h"

/* Yes (1) or no (0); Esc is no. Y/C answer yes, N/K answer no. */
int   dialog_yesno(struct app *a, const char *title, const char *text);
/* One of n buttons (translated labels); returns its index, or -1 for Esc. The
 * first button is selected at first. */
int   dialog_choice(struct app *a, const char *title, const char *text,
    const char *const *buttons, int n);
void  dialog_message(struct app *a, const char *title, const char *text);
/* One line of input; returns the text (caller frees) or NULL on Esc. */
char *dialog_input(struct app *a, const char *title, const char *label,
    const char *initial, int maxlen);
#endif
