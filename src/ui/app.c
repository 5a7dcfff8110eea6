/*
 * The main loop and the screen stack (see app.h).
 *
 * One loop serves every screen: read a key (a short wait, so other work can be
 * polled; ui/keyread.c turns each client's spelling of it into one), hand it to the
 * top screen as an action or a key, and draw only when no further key is already
 * waiting, so a burst of typing costs one frame. KEY_RESIZE needs nothing but a
 * new frame: screens lay themselves out from the size they are given each time.
 */
#include "ui/app.h"
#include "core/clock.h"
#include "ui/draw.h"
#include "ui/keybar.h"
#include "ui/keyread.h"
#include "ui/status.h"
#include "ui/termcheck.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "gateway/gateway.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hup;

static void
on_hup(int sig)
{
	(void)sig;
	hup = 1;
}

void
app_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool
app_hungup(void)
{
	return hup != 0;
}

void
app_request_hangup(void)
{
	hup = 1;
}

void
app_start(struct app *a, bool ascii, bool colour)
{
	if (a->tick_ms <= 0)
		a->tick_ms = 1000;
	keyread_init();
	/* A terminal type that cannot move the cursor (dumb, an unknown name) would
	 * turn every frame into scrolling garbage: use one that the emulator at the
	 * other end understands (termcheck.h). */
	const char *term = getenv("TERM");
	const char *instead = termcheck_substitute(term);
	if (instead != NULL) {
		log_warn("ui: terminal type %s cannot address the cursor here; using %s",
		    term != NULL ? term : "(none)", instead);
		setenv("TERM", instead, 1);
	}
	initscr();
	raw();		/* ^S, ^Q, ^Z, ^C reach us as keys, not as flow control or signals */
	noecho();
	nonl();
	/* Off: escape sequences are read by ui/keyread.c, whatever TERM says. This
	 * also leaves the cursor keys and the keypad in their normal modes. */
	keypad(stdscr, FALSE);
	meta(stdscr, TRUE);
	idlok(stdscr, TRUE);
	draw_init(ascii, colour);
	curs_set(0);
	a->cursor_on = false;
	a->curses_on = true;
}

void
app_stop(struct app *a)
{
	if (!a->curses_on)
		return;
	curs_set(1);
	endwin();
	a->curses_on = false;
}

void
screen_init(struct screen *s, const struct screen_ops *ops, struct app *a)
{
	memset(s, 0, sizeof *s);
	s->ops = ops;
	s->app = a;
	s->cy = s->cx = -1;
}

void
app_wait_call(struct app *a, struct gw_call *c)
{
	a->wait_call = c;
}

/* The next key within tick_ms, or 0; a call being waited on is driven meanwhile
 * and cuts the wait short when it finishes. */
static int
wait_key(struct app *a)
{
	if (a->wait_call == NULL || gw_call_done(a->wait_call))
		return keyread_get(a->tick_ms);
	/* What curses has already read from the terminal, poll() cannot see. */
	int key = keyread_get(0);
	if (key != 0)
		return key;
	gw_call_poll(a->wait_call, a->tick_ms, STDIN_FILENO);
	return keyread_get(0);
}

static const char *
role_label(enum role r)
{
	switch (r) {
	case ROLE_NATIONAL_ADMIN:
		return _("national administrator");
	case ROLE_AGENCY_ADMIN:
		return _("agency administrator");
	case ROLE_CLERK:
		return _("clerk");
	case ROLE_VIEWER:
		return _("viewer");
	case ROLE_SELF:
		return _("own record");
	}
	return "";
}

static void
draw_title(struct app *a, int cols)
{
	const char *title = NULL;
	for (int i = a->depth - 1; i >= 0 && title == NULL; i--)
		if (a->stack[i]->ops->title != NULL)
			title = a->stack[i]->ops->title(a->stack[i]);
	draw_blank(0, 0, cols, DR_TITLE);
	int x = 1;
	x += draw_text(0, x, _("HOSO"), cols - x, DR_TITLE);
	if (title != NULL && *title) {
		x += draw_text(0, x, " - ", cols - x, DR_TITLE);
		x += draw_text(0, x, title, cols - x, DR_TITLE);
	}
	char right[192];
	if (a->signed_in)
		snprintf(right, sizeof right, "%s (%s) %s ", a->actor.username,
		    role_label(a->actor.role), strcmp(i18n_lang(), "vi") == 0 ? "VI" : "EN");
	else
		snprintf(right, sizeof right, "%s ",
		    strcmp(i18n_lang(), "vi") == 0 ? "VI" : "EN");
	int rw = draw_width(right);
	if (x + 2 + rw <= cols)
		draw_text(0, cols - rw, right, rw, DR_TITLE);
}

static void
draw_frame(struct app *a)
{
	int rows = LINES, cols = COLS;
	erase();
	struct screen *top = a->stack[a->depth - 1];
	top->cy = top->cx = -1;
	if (rows < 8 || cols < 30) {
		draw_text(0, 0, _("The window is too small."), cols, DR_ERROR);
	} else {
		int base = a->depth - 1;
		while (base > 0 && a->stack[base]->overlay)
			base--;
		draw_title(a, cols);
		/* A long message takes lines from the screen rather than being cut;
		 * a third of the screen at most, so the screen stays readable. */
		int sl = status_lines(cols, (rows - 3) / 3);
		for (int i = base; i < a->depth; i++) {
			a->stack[i]->cy = a->stack[i]->cx = -1;
			a->stack[i]->ops->draw(a->stack[i], 1, rows - 2 - sl, cols);
		}
		status_draw(rows - 1 - sl, sl, cols);
		keybar_draw(rows - 1, cols, top->keys);
	}
	bool want = top->cy >= 0 && top->cx >= 0 && top->cy < rows && top->cx < cols;
	if (want)
		move(top->cy, top->cx);
	else
		move(rows - 1, cols - 1);
	if (want != a->cursor_on) {
		curs_set(want ? 1 : 0);
		a->cursor_on = want;
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void
app_toggle_lang(struct app *a)
{
	(void)a;
	i18n_init(strcmp(i18n_lang(), "vi") == 0 ? "en" : "vi");
	status_info("%s", _("Language: English"));
}

static void
dispatch(struct app *a, struct screen *s, int key)
{
	static const struct screen_key global[] = {
		{ ACT_HELP, NULL }, { ACT_LANG, NULL }, { ACT_NONE, NULL }
	};
	status_key();
	if (key == K(KEY_RESIZE))
		return;
	if (key == K_CTRL('L')) {
		clearok(curscr, TRUE);
		return;
	}
	int act = keys_match(s->keys, key);
	if (act == ACT_NONE)
		act = keys_match(global, key);
	if (act == ACT_NONE && K_IS_ALT(key)) {
		/* Esc and a character that came together but name no action: the
		 * person typed Esc and then the character. Neither is lost. */
		keyread_push(key - K_ALT_BASE);
		key = K_ESC;
		act = keys_match(s->keys, key);
	}
	if (act != ACT_NONE && s->ops->action != NULL && s->ops->action(s, act))
		return;
	switch (act) {
	case ACT_HELP:
		if (a->help != NULL)
			a->help(a, s);
		return;
	case ACT_LANG:
		app_toggle_lang(a);
		return;
	case ACT_BACK:
		s->done = true;
		s->result = s->back_result;
		return;
	default:
		break;
	}
	if (s->ops->key != NULL)
		s->ops->key(s, key);
}

static void
hangup_all(struct app *a)
{
	if (a->quit == APP_HANGUP)
		return;
	a->quit = APP_HANGUP;
	for (int i = a->depth - 1; i >= 0; i--)
		if (a->stack[i]->ops->hangup != NULL)
			a->stack[i]->ops->hangup(a->stack[i]);
}

int
app_run(struct app *a, struct screen *s)
{
	if (a->quit != APP_RUNNING || a->depth >= (int)(sizeof a->stack /
	    sizeof a->stack[0])) {
		if (s->ops->free != NULL)
			s->ops->free(s);
		return -1;
	}
	a->stack[a->depth++] = s;
	/* The hint and message below were about the screen underneath: they go
	 * now, and its hint comes back when this one closes. */
	char *under_hint = xstrdup(status_hint_text());
	status_clear();
	int key = 0, quick = 0;
	while (!s->done && a->quit == APP_RUNNING) {
		if (a->poll != NULL)
			a->poll(a);
		if (hup) {
			hangup_all(a);
			break;
		}
		if (key == 0) {
			if (s->ops->idle != NULL)
				s->ops->idle(s);
			if (s->done)
				continue;	/* e.g. the call it waited on came back */
			draw_frame(a);
			double t0 = clock_mono_ms();
			key = wait_key(a);
			if (key == 0) {
				/* A terminal that has gone answers at once, again and again. */
				quick = clock_mono_ms() - t0 < a->tick_ms / 4 ? quick + 1 : 0;
				if (quick > 50)
					hangup_all(a);
				continue;
			}
			quick = 0;
		}
		dispatch(a, s, key);
		key = 0;
		if (!s->done && a->quit == APP_RUNNING && !hup)
			key = keyread_get(0);	/* typed ahead: handle it before drawing */
	}
	a->depth--;
	status_hint(under_hint);
	free(under_hint);
	int result = s->done ? s->result : -1;
	if (s->ops->free != NULL)
		s->ops->free(s);
	return result;
}
