/* Documents to the person's own side (see deliver.h). */
#include "ui/deliver.h"
#include "ui/dialog.h"
#include "ui/status.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ANSI media copy: "printer controller" on, then off. */
#define MC_ON  "\033[5i"
#define MC_OFF "\033[4i"

const char *
deliver_key_label(const struct app *a)
{
	return a->remote ? N_("Print") : N_("Write to file");
}

char *
deliver_output_dir(const struct app *a)
{
	const char *base = a->output_base != NULL && *a->output_base ? a->output_base :
	    "output";
	/* Account names may be "." or "..": such a name is no folder of its own. */
	if (!outfile_name_ok(a->actor.username))
		return NULL;
	return xasprintf("%s/%s", base, a->actor.username);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
print_on_terminal(struct app *a, const char *text)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, MC_ON);
	/* A printer fed raw bytes wants CR LF, and a form feed to end the page. */
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			sb_addc(&sb, '\r');
		sb_addc(&sb, *p);
	}
	sb_adds(&sb, "\f" MC_OFF);
	/* Curses has written everything it holds; the document goes whole after it,
	 * straight to the terminal, and nothing of curses can land inside it. */
	fflush(stdout);
	int rc = write_all(STDOUT_FILENO, sb.buf, sb.len);
	sb_free(&sb);
	/* A terminal that does not know media copy shows the text instead: paint the
	 * whole screen again at the next frame. */
	if (a->curses_on)
		clearok(curscr, TRUE);
	if (rc != 0)
		status_error(_("Could not send to the terminal: %s"), strerror(errno));
	else
		status_info(_("Sent to your terminal's printer. If nothing printed, select the "
		    "text on the screen and copy it."));
}

static void
write_local(struct app *a, const char *text, size_t len, const char *suggested)
{
	char *dir = deliver_output_dir(a);
	if (dir == NULL) {
		status_error(_("The account's name cannot name a folder: nothing written."));
		return;
	}
	char *label = xasprintf(_("File name (in %s):"), dir);
	char *name = dialog_input(a, _("Write to a file"), label, suggested, 255);
	free(label);
	if (name == NULL || name[0] == '\0') {
		free(name);
		free(dir);
		return;
	}
	char *err = NULL;
	int rc = outfile_write(dir, name, 0, text, len, &err);
	if (rc == OUTFILE_EXISTS) {
		free(err);
		err = NULL;
		const char *buttons[2] = { _("No"), _("Replace") };
		char *q = xasprintf(_("%s already exists. Replace it?"), name);
		int choice = dialog_choice(a, _("Write to a file"), q, buttons, 2);
		free(q);
		if (choice != 1) {
			status_info(_("Not written."));
			free(name);
			free(dir);
			return;
		}
		rc = outfile_write(dir, name, OUTFILE_REPLACE, text, len, &err);
	}
	if (rc == OUTFILE_OK)
		status_info(_("Written to %s/%s."), dir, name);
	else
		status_error("%s", err != NULL ? err : name);
	free(err);
	free(name);
	free(dir);
}

void
deliver_text(struct app *a, const char *text, const char *suggested)
{
	if (a->remote)
		print_on_terminal(a, text);
	else
		write_local(a, text, strlen(text), suggested);
}

void
deliver_file(struct app *a, const char *data, size_t len, const char *suggested)
{
	/* A terminal's printer takes text: a spreadsheet has no way there. */
	if (a->remote)
		status_error("%s", _("A spreadsheet cannot go through the terminal: choose "
		    "text, CSV or JSON to print it."));
	else
		write_local(a, data, len, suggested);
}
