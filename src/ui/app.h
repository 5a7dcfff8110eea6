/*
 * The terminal application: curses set-up, the screen stack and the one main loop.
 *
 * A screen is a struct that begins with struct screen (its "base") and a table of
 * callbacks. app_run shows a screen on top of the stack and runs the loop until the
 * screen says it is done, then frees it and returns its result: a dialog is just a
 * screen run from inside another screen's key handler, so code reads top to bottom
 * ("if (dialog_yesno(...)) save();"). Only the top screen gets keys; it draws, and
 * if it is an overlay (dialogs, pick lists) the screens below it draw first.
 *
 * Every frame is drawn whole into stdscr after erase(), and curses sends only the
 * cells that differ from what the terminal shows, so redrawing is cheap on the wire;
 * nothing calls clear() except Ctrl-L, the clerk's own "repaint everything".
 *
 * A gateway call does not stop the loop either: a screen that waits on one hands
 * it to app_wait_call, and the loop then sleeps in gw_call_poll on the call and the
 * terminal together instead of in curses alone, so keys are answered at once,
 * the call's answer wakes the loop (the screen's idle callback sees it), and
 * nothing spins while the call is under way.
 *
 * A dropped link (SIGHUP) or SIGTERM sets a flag only; the loop then asks every
 * screen on the stack to keep a draft of unsaved edits (hangup callback) and
 * unwinds all loops: app_run returns -1 and refuses new screens.
 */
#ifndef HOSO_UI_APP_H
#define HOSO_UI_APP_H
#include <stdbool.h>
#include "db/db.h"
#include "ui/keys.h"

struct app;
struct screen;
struct gw;
struct gw_call;

struct screen_ops {
	/* Title for the top bar (translated); NULL: the title of the screen below. */
	const char *(*title)(struct screen *s);
	/* Draw in rows top .. top+height-1, all columns. Set s->cy/s->cx to show the
	 * cursor there (they are -1 before each draw). */
	void (*draw)(struct screen *s, int top, int height, int width);
	/* A key no action claimed; return 1 if used. */
	int  (*key)(struct screen *s, int key);
	/* An action of s->keys; return 1 if handled (0 lets ACT_BACK close the screen
	 * with s->back_result, and ACT_HELP/ACT_LANG do their usual thing). */
	int  (*action)(struct screen *s, int act);
	/* Deferred work before a frame is drawn when no key is waiting (search). */
	void (*idle)(struct screen *s);
	/* The link dropped: save what must not be lost. No drawing, no dialogs. */
	void (*hangup)(struct screen *s);
	void (*free)(struct screen *s);
};

struct screen {
	const struct screen_ops *ops;
	struct app              *app;
	const struct screen_key *keys;	/* actions offered now; the key bar shows them */
	const char              *help;	/* message id: more for the Help page, or NULL */
	bool                     overlay;
	bool                     done;
	int                      result;
	int                      back_result;	/* result of an unhandled ACT_BACK (0) */
	int                      cy, cx;
};

enum app_quit {
	APP_RUNNING = 0,
	APP_SIGNOUT,	/* back to the sign-in screen */
	APP_EXIT,	/* leave the program */
	APP_HANGUP	/* the link dropped or we were told to stop */
};

struct app {
	struct db     *db;
	struct actor   actor;
	bool           signed_in;
	bool           lang_fixed;	/* the session chose a language: the account's is not applied */
	enum app_quit  quit;
	struct screen *stack[32];
	int            depth;
	int            tick_ms;		/* how often the loop wakes with no key */
	/* Called on every turn of the loop (at least every tick_ms): other work
	 * that must not wait for a key, e.g. notices from the SSH server. */
	void         (*poll)(struct app *a);
	void          *poll_ctx;
	/* F1 on s: the Help page (help_show of ui/help.h, set by whoever starts the
	 * terminal, so that the loop needs no screen of its own); NULL: nothing. */
	void         (*help)(struct app *a, struct screen *s);
	bool           cursor_on;
	bool           curses_on;
	/* The population gateway of the configuration (owned by whoever started
	 * the terminal). NULL when the settings were refused: gw_problem says why
	 * (translated). A client without gateway.url answers GW_NOT_CONFIGURED. */
	struct gw     *gw;
	const char    *gw_problem;
	struct gw_call *wait_call;	/* see app_wait_call */
	/* Run for a client of hoso serve (vouched): documents go to the client's own
	 * side, never into the server's files (ui/deliver.h). */
	bool           remote;
	const char    *output_base;	/* ui.output_dir, else <database's folder>/output */
	/* For the maintenance screens: the database file, the backup folder
	 * (core/backupdir.h) and the server's log (serve.log, or NULL). */
	const char    *db_path;
	const char    *backup_dir;
	const char    *serve_log;
};

/* Start curses on the terminal (raw, no echo; keys read by ui/keyread.c). */
void app_start(struct app *a, bool ascii, bool colour);
void app_stop(struct app *a);
/* Fill the base of a new screen. */
void screen_init(struct screen *s, const struct screen_ops *ops, struct app *a);
/* Run s until it is done; frees it; returns its result, or -1 when the program is
 * unwinding (sign-out, exit, hangup) or the stack is full. */
int  app_run(struct app *a, struct screen *s);
/* Wait on c in the loop (see the top): while c runs, the loop wakes when it
 * finishes, when a key comes, or every tick_ms. NULL stops waiting; whoever set
 * it clears it before freeing c. */
void app_wait_call(struct app *a, struct gw_call *c);
/* Switch the language of this session live (the account's own language, used at
 * sign-in, is set from the main menu). */
void app_toggle_lang(struct app *a);
/* Set by the signal handlers; read by the loop. */
bool app_hungup(void);
/* Behave as if the link dropped: keep drafts and unwind (safe in handlers). */
void app_request_hangup(void);
/* Install the SIGHUP/SIGTERM handlers. */
void app_signals(void);
#endif
