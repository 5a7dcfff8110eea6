/*
 * The new password an account must choose before going on, after an administrator
 * reset it to a temporary one: asked right after every sign-in (the sign-in screen's,
 * or the SSH server's by password or by key) while the data layer says the account
 * must change it. Nothing else is offered: Esc signs out. The passwords live only
 * in the line editors and are wiped when the screen ends.
 */
#include "ui/screens.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/status.h"
#include "db/account.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct newpass {
	struct screen   base;
	struct lineedit pw[2];	/* the new password, and the same again */
	int             focus;
};

static const struct screen_key newpass_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, N_("Change") }, { ACT_LANG, NULL },
	{ ACT_BACK, N_("Sign out") }, { ACT_NONE, NULL }
};

static const char *
np_title(struct screen *s)
{
	(void)s;
	return _("New password");
}

static void
np_draw(struct screen *s, int top, int height, int width)
{
	struct newpass *np = (struct newpass *)s;
	int w = width < 64 ? width : 64;
	int x = (width - w) / 2, y = top + (height > 14 ? (height - 12) / 2 : 0);
	/* Wrapped, never cut: the translation may be longer than the English. */
	const char *text[2] = {
		_("Your password was reset: choose your own before going on."),
		_("At least 8 characters, not the temporary password.")
	};
	for (int t = 0; t < 2; t++) {
		char **lines = NULL;
		int n = draw_wrap(text[t], w, &lines);
		for (int i = 0; i < n; i++)
			draw_text_center(y++, x, lines[i], w, t == 0 ? DR_HEADING : DR_DIM);
		draw_lines_free(lines, n);
	}
	const char *label[2] = { _("New password:"), _("Once more:") };
	int lw = draw_width(label[0]) > draw_width(label[1]) ? draw_width(label[0]) :
	    draw_width(label[1]);
	lw += 1;
	int fw = w - lw - 2 > 32 ? 32 : w - lw - 2;
	for (int i = 0; i < 2; i++) {
		draw_text(y + 1 + 2 * i, x, label[i], lw, DR_LABEL);
		int c = lineedit_draw(&np->pw[i], y + 1 + 2 * i, x + lw + 1, fw, DR_INPUT);
		if (np->focus == i) {
			s->cy = y + 1 + 2 * i;
			s->cx = c;
		}
	}
}

static void
wipe(struct lineedit *le)
{
	if (le->buf != NULL)
		memset(le->buf, 0, (size_t)le->cap * sizeof *le->buf);
	le->len = le->cur = 0;
}

static void
try_change(struct newpass *np)
{
	struct app *a = np->base.app;
	char *p1 = lineedit_text_new(&np->pw[0]);
	char *p2 = lineedit_text_new(&np->pw[1]);
	char *err = NULL;
	if (strcmp(p1, p2) != 0)
		status_error("%s", _("The two passwords differ: type them again."));
	else if (db_account_change_own_password(a->db, &a->actor, p1, &err) == DB_OK) {
		status_info("%s", _("Password changed."));
		np->base.done = true;
		np->base.result = 1;
	} else
		status_error("%s", err != NULL ? err : _("The password was not changed."));
	free(err);
	if (!np->base.done) {
		wipe(&np->pw[0]);
		wipe(&np->pw[1]);
		np->focus = 0;
	}
	memset(p1, 0, strlen(p1));
	memset(p2, 0, strlen(p2));
	free(p1);
	free(p2);
}

static int
np_key(struct screen *s, int key)
{
	struct newpass *np = (struct newpass *)s;
	if (key == K_ENTER) {
		if (np->focus == 0)
			np->focus = 1;
		else
			try_change(np);
		return 1;
	}
	if (key == K_TAB || key == K(KEY_DOWN) || key == K(KEY_BTAB) || key == K(KEY_UP)) {
		np->focus = !np->focus;
		return 1;
	}
	return lineedit_key(&np->pw[np->focus], key);
}

static void
np_free(struct screen *s)
{
	struct newpass *np = (struct newpass *)s;
	for (int i = 0; i < 2; i++) {
		wipe(&np->pw[i]);
		lineedit_free(&np->pw[i]);
	}
	free(np);
}

static const struct screen_ops newpass_ops = {
	.title = np_title,
	.draw = np_draw,
	.key = np_key,
	.free = np_free,
};

int
newpass_run(struct app *a)
{
	bool must = false;
	char *err = NULL;
	if (db_account_must_change(a->db, a->actor.username, &must, &err) != DB_OK) {
		/* Unknown is not "no": the account goes no further. */
		status_error("%s", err != NULL ? err : _("Signing in failed."));
		free(err);
		return 0;
	}
	if (!must)
		return 1;
	struct newpass *np = xcalloc(1, sizeof *np);
	screen_init(&np->base, &newpass_ops, a);
	np->base.keys = newpass_keys;
	for (int i = 0; i < 2; i++) {
		lineedit_init(&np->pw[i], 256);
		np->pw[i].secret = true;
	}
	return app_run(a, &np->base) == 1;
}
