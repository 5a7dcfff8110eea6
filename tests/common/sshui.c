/* UI steps for the SSH tests; see sshui.h. */
#include "common/sshui.h"
#include "common/term.h"

#include <stdio.h>
#include <string.h>

const char *const sshui_ssh_opts[] = { "-tt", "-o", "SetEnv=LANG=en_US.UTF-8", NULL };

static bool
sshui_fail(struct term *t, const char *what)
{
	term_dump(t, what);
	return false;
}

bool
sshui_menu(struct term *t, int timeout_ms)
{
	if (!term_wait_text(t, "Main menu", timeout_ms) ||
	    !term_wait_text(t, "Find a person's record", timeout_ms) ||
	    !term_wait_text(t, "F10/Esc", timeout_ms))
		return sshui_fail(t, "no main menu");
	return true;
}

bool
sshui_open_person(struct term *t, const char *id_number, int timeout_ms)
{
	term_send(t, "1");
	if (!term_wait_text(t, "Name or ID number", timeout_ms))
		return sshui_fail(t, "no search screen");
	term_send(t, id_number);
	/* Found when the ID shows in the field and in the one result row. */
	bool found = false;
	for (int waited = 0; !found && waited < timeout_ms; waited += 20) {
		term_pump(t, 20);
		int rows, cols, n = 0;
		term_size(t, &rows, &cols);
		for (int r = 0; r < rows; r++)
			if (strstr(term_row(t, r), id_number) != NULL)
				n++;
		found = n >= 2 && term_has_text(t, "people 1-1");
	}
	if (!found)
		return sshui_fail(t, "person not found");
	term_send_key(t, "Enter");
	if (!term_wait_text(t, "READ ONLY", timeout_ms))
		return sshui_fail(t, "record did not open");
	return true;
}

bool
sshui_edit_field(struct term *t, const char *label, const char *text, int timeout_ms)
{
	term_send_key(t, "F4");
	if (!term_wait_text(t, "EDITING", timeout_ms))
		return sshui_fail(t, "edit mode did not start");
	int row = term_find_row(t, label);
	if (row < 0)
		return sshui_fail(t, "no such field");
	/* Down until the cursor sits on the field's row. */
	for (int i = 0; i < 30; i++) {
		int r, c;
		term_settle(t, 50, timeout_ms);
		term_cursor(t, &r, &c);
		if (r == row)
			break;
		term_send_key(t, r < row ? "Down" : "Up");
	}
	int r, c;
	term_cursor(t, &r, &c);
	if (r != row)
		return sshui_fail(t, "cursor never reached the field");
	term_send(t, text);
	if (!term_wait_text(t, text, timeout_ms))
		return sshui_fail(t, "typed text not shown");
	return true;
}

bool
sshui_save(struct term *t, int timeout_ms)
{
	term_send_key(t, "F2");
	if (!term_wait_text(t, "Saved.", timeout_ms) || !term_wait_text(t, "READ ONLY", timeout_ms))
		return sshui_fail(t, "not saved");
	return true;
}

bool
sshui_person_listed(struct term *t, const char *id)
{
	int rows, cols, n = 0;
	term_size(t, &rows, &cols);
	for (int r = 0; r < rows; r++)
		if (strstr(term_row(t, r), id) != NULL)
			n++;
	return n >= 2 && term_has_text(t, "people 1-1");
}
