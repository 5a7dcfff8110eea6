/*
 * Keys and actions. A key is one int: a character (its Unicode code point), a curses
 * key code moved above Unicode (K(KEY_UP)), or an Alt-character (Esc then the
 * character). Screens never see the many spellings of one key: ui/keyread.c makes
 * Enter, Backspace, Alt and every client's escape sequences uniform before they
 * arrive.
 *
 * An action (Save, Edit, Back, ...) has the same function key on every screen and a
 * Ctrl-letter fallback that any client can send, also accepted as Alt-letter. The
 * table lives in keybar.c; a screen lists the actions it offers now and the key bar
 * shows exactly that list.
 */
#ifndef HOSO_UI_KEYS_H
#define HOSO_UI_KEYS_H

#define K_FN_BASE	0x110000
#define K_ALT_BASE	0x120000
#define K(code)		(K_FN_BASE + (code))	/* K(KEY_UP), K(KEY_F(2)) */
#define K_ALT(c)	(K_ALT_BASE + (c))
#define K_CTRL(c)	((c) & 0x1f)
#define K_TAB		9
#define K_ENTER		13
#define K_ESC		27
#define K_IS_CHAR(k)	((k) >= 32 && (k) != 127 && (k) < K_FN_BASE)
#define K_IS_ALT(k)	((k) >= K_ALT_BASE)

enum ui_act {
	ACT_NONE = 0,
	ACT_HELP,	/* F1   ^G */
	ACT_SAVE,	/* F2   ^S */
	ACT_SEARCH,	/* F3   ^F */
	ACT_EDIT,	/* F4   ^E */
	ACT_RELOAD,	/* F5   ^R */
	ACT_PRINT,	/* F6   ^P */
	ACT_NEW,	/* F7   ^N */
	ACT_DELETE,	/* F8   ^D */
	ACT_LANG,	/* F9   ^T */
	ACT_BACK,	/* F10  ^Q  Esc */
	ACT_OPEN,	/* Enter (key bar only) */
	ACT_LOOKUP,	/* F12  ^Y  look an ID number up in the population database
			 * ("yank" the registry's values into the form) */
	ACT_COUNT
};

/* One entry of a screen's key bar: the action, and a label (message id) that
 * replaces the action's usual one, or NULL. Arrays end with ACT_NONE. */
struct screen_key {
	int         act;
	const char *label;
};

/* The action a key means among keys, or ACT_NONE. */
int         keys_match(const struct screen_key *keys, int key);
/* "F2", "^S", the usual label (message id) of an action. */
const char *keys_fname(int act);
char        keys_ctrl(int act);
const char *keys_label(int act);
/* A key as text for messages: "F2", "Enter", "x". Static buffer. */
const char *keys_name(int key);
#endif
