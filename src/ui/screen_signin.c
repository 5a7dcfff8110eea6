/*
 * Sign-in: account name and password, checked by the data layer (Argon2id, failures
 * counted per account and per source in the database). When the data layer says
 * to slow down, the screen waits as told before answering, so guessing is slow
 * through this screen as through any other door. The password is kept only in
 * the line editor and wiped when the screen ends.
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
#include <unistd.h>

struct signin {
	struct screen   base;
	struct lineedit user;
	struct lineedit pass;
	int             focus;	/* 0 account, 1 password */
};

static const struct screen_key signin_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, N_("Sign in") }, { ACT_LANG, NULL },
	{ ACT_BACK, N_("Quit") }, { ACT_NONE, NULL }
};

static const char *
si_title(struct screen *s)
{
	(void)s;
	return _("Sign in");
}

static void
si_draw(struct screen *s, int top, int height, int width)
{
	struct signin *si = (struct signin *)s;
	int w = width < 60 ? width : 60;
	int x = (width - w) / 2, y = top + (height > 12 ? (height - 10) / 2 : 0);
	draw_text_center(y, x, _("Personnel records of cadres, civil servants and public employees"),
	    w, DR_HEADING);
	draw_text_center(y + 1, x, _("Please sign in."), w, DR_DIM);
	const char *l1 = _("Account:"), *l2 = _("Password:");
	int lw = draw_width(l1) > draw_width(l2) ? draw_width(l1) : draw_width(l2);
	lw += 1;
	int fw = w - lw - 2;
	if (fw > 32)
		fw = 32;
	draw_text(y + 3, x, l1, lw, DR_LABEL);
	draw_text(y + 5, x, l2, lw, DR_LABEL);
	int c1 = lineedit_draw(&si->user, y + 3, x + lw + 1, fw, DR_INPUT);
	int c2 = lineedit_draw(&si->pass, y + 5, x + lw + 1, fw, DR_INPUT);
	s->cy = si->focus == 0 ? y + 3 : y + 5;
	s->cx = si->focus == 0 ? c1 : c2;
}

static void
wipe(struct lineedit *le)
{
	if (le->buf != NULL)
		memset(le->buf, 0, (size_t)le->cap * sizeof *le->buf);
	le->len = le->cur = 0;
}

static void
try_signin(struct signin *si)
{
	struct app *a = si->base.app;
	char *user = lineedit_text_new(&si->user);
	char *pass = lineedit_text_new(&si->pass);
	if (user[0] == '\0') {
		status_error("%s", _("Type your account name."));
		si->focus = 0;
		goto out;
	}
	/* Under a stock OpenSSH ForceCommand the client's address is known. */
	char source[64] = "local", session[96];
	const char *ssh = getenv("SSH_CLIENT");
	if (ssh != NULL && *ssh)
		snprintf(source, sizeof source, "%.*s", (int)strcspn(ssh, " "), ssh);
	snprintf(session, sizeof session, "%s:%s:%d", ssh != NULL ? "ssh" : "local",
	    source, (int)getpid());
	int delay = 0;
	char *err = NULL;
	int rc = db_account_auth_password(a->db, user, pass, source, session,
	    &a->actor, &delay, &err);
	if (delay > 0) {
		/* Answer no sooner than the data layer asks, whatever the outcome. */
		napms(delay > 10000 ? 10000 : delay);
	}
	if (rc == DB_OK) {
		a->signed_in = true;
		si->base.done = true;
		si->base.result = 1;
		free(err);
		goto out;
	}
	if (rc == DB_DENIED)
		status_error("%s", _("Wrong account name or password."));
	else
		status_error("%s", err != NULL ? err : _("Signing in failed."));
	free(err);
	wipe(&si->pass);
	si->focus = 1;
out:
	memset(pass, 0, strlen(pass));
	free(pass);
	free(user);
}

static int
si_key(struct screen *s, int key)
{
	struct signin *si = (struct signin *)s;
	if (key == K_ENTER) {
		if (si->focus == 0)
			si->focus = 1;
		else
			try_signin(si);
		return 1;
	}
	if (key == K_TAB || key == K(KEY_DOWN) || key == K(KEY_BTAB) || key == K(KEY_UP)) {
		si->focus = !si->focus;
		return 1;
	}
	return lineedit_key(si->focus == 0 ? &si->user : &si->pass, key);
}

static void
si_free(struct screen *s)
{
	struct signin *si = (struct signin *)s;
	wipe(&si->pass);
	lineedit_free(&si->user);
	lineedit_free(&si->pass);
	free(si);
}

static const struct screen_ops signin_ops = {
	.title = si_title,
	.draw = si_draw,
	.key = si_key,
	.free = si_free,
};

int
signin_run(struct app *a)
{
	struct signin *si = xcalloc(1, sizeof *si);
	screen_init(&si->base, &signin_ops, a);
	si->base.keys = signin_keys;
	lineedit_init(&si->user, 63);
	lineedit_init(&si->pass, 256);
	si->pass.secret = true;
	a->signed_in = false;
	status_hint(NULL);
	return app_run(a, &si->base);
}
