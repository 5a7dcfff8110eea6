/*
 * Can the terminal type in TERM move the cursor? Kept apart because <term.h>
 * defines a macro for every terminfo capability ("hangup", "lines", ...), which
 * must not leak into the rest of the UI.
 */
#ifndef HOSO_UI_TERMCHECK_H
#define HOSO_UI_TERMCHECK_H
#include <stdbool.h>

/* True when TERM names a known terminal with cursor addressing. Call before
 * initscr. */
bool termcheck_addressable(void);
#endif
