/*
 * Who looked at a person's record, from the audit trail (viewersview.c).
 */
#ifndef HOSO_UI_VIEWERSVIEW_H
#define HOSO_UI_VIEWERSVIEW_H
#include <stdint.h>
#include "ui/app.h"

void viewers_show(struct app *a, int64_t person_id);
#endif
