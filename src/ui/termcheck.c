/* See termcheck.h. The terminfo entry is loaded, looked at, and dropped again, so
 * that initscr starts from nothing. */
#include "ui/termcheck.h"

#include <curses.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

bool
termcheck_addressable(const char *name)
{
	int err = 0;
	if (name == NULL || *name == '\0' ||
	    setupterm((char *)name, STDOUT_FILENO, &err) != OK)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	cur_term = NULL;
	return ok;
}

const char *
termcheck_substitute(const char *name)
{
	if (termcheck_addressable(name))
		return NULL;
	/* PuTTY's own names need Debian's ncurses-term; without it, PuTTY is an
	 * xterm as far as output goes (keys are read alike for all: keyread.c). */
	if (name != NULL && (strncmp(name, "putty", 5) == 0 ||
	    strncmp(name, "xterm", 5) == 0)) {
		const char *x = strstr(name, "256") != NULL ? "xterm-256color" : "xterm";
		if (termcheck_addressable(x))
			return x;
	}
	return "vt100";
}
