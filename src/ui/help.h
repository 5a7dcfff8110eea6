/*
 * The Help page of a screen (see help.c); cmd_ui.c hands it to the loop as a->help.
 */
#ifndef HOSO_UI_HELP_H
#define HOSO_UI_HELP_H
#include "ui/app.h"

void help_show(struct app *a, struct screen *s);
#endif
