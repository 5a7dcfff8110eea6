/* See termcheck.h. The terminfo entry is loaded, looked at, and dropped again, so
 * that initscr starts from nothing. */
#include "ui/termcheck.h"

#include <curses.h>
#include <term.h>
#include <unistd.h>

bool
termcheck_addressable(void)
{
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	return ok;
}
