/*
 * The 2C résumé of a person on the screen (its text: report/resume_2c.h).
 */
#ifndef HOSO_UI_RESUME_H
#define HOSO_UI_RESUME_H
#include <stdint.h>
#include "db/db.h"
#include "ui/app.h"

/* Show person id's résumé; F2 hands it over (ui/deliver.h: printed on the client's
 * terminal over SSH, a file in the account's output directory locally). */
void  resume_show(struct app *a, int64_t id);
#endif
