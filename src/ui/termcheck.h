/*
 * Is the terminal type in TERM usable, and if not, which one to use instead? Kept
 * apart because <term.h> defines a macro for every terminfo capability
 * ("hangup", "lines", ...), which must not leak into the rest of the UI.
 */
#ifndef HOSO_UI_TERMCHECK_H
#define HOSO_UI_TERMCHECK_H
#include <stdbool.h>

/* True when the terminal type name has a terminfo entry here with cursor
 * addressing. Call before initscr. */
bool        termcheck_addressable(const char *name);
/* The type to use instead of name, or NULL when name will do: a client of the
 * putty or xterm family whose entry is not installed here is an xterm
 * (xterm-256color when the name says 256 colours), so it keeps its colours;
 * anything else that cannot address the cursor (dumb, an unknown name) is a
 * VT100, which whoever is at the other end of a pty understands. */
const char *termcheck_substitute(const char *name);
#endif
