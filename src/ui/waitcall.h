/*
 * Waiting for a population-gateway call: a small box over the current screen
 * saying what is awaited and that Esc cancels, run modally through app_run. The
 * main loop drives the call meanwhile (app_wait_call), so the box goes the
 * moment the answer is in, keys (Esc, F1, F9, a resize) are answered at once,
 * and nothing spins.
 */
#ifndef HOSO_UI_WAITCALL_H
#define HOSO_UI_WAITCALL_H
#include "ui/app.h"

/* Wait for c, showing what (a message id, translated at each frame so that F9
 * switches it too) and how to cancel. Returns 0 once c is done (whatever its
 * outcome), -1 when the clerk cancelled it or the program is unwinding; c is
 * done (GW_CANCELLED) then too. c stays the caller's. */
int waitcall_run(struct app *a, struct gw_call *c, const char *what);
#endif
