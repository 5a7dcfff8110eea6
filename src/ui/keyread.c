/*
 * The key reader: bytes from the terminal into keys (keys.h), escape sequences
 * read whole and looked up in one table of what the clients offices use send.
 *
 * Why not ncurses' keypad(): it knows only the sequences of the terminfo entry
 * that TERM names, and TERM is often wrong. PuTTY says "xterm" by default yet
 * sends F1 as ESC [ 11 ~ and Home as ESC [ 1 ~, which xterm's entry does not
 * have; "putty" may have no entry on the server at all; an xterm-like client
 * under TERM=vt100 sends F9 as ESC [ 20 ~, which vt100's entry lacks. keypad()
 * then returns Esc and leaves the rest of the sequence to be read as typed
 * characters: "12~" landed in a name field and was saved. So curses runs with
 * keypad off and this file reads every sequence itself, the same for every TERM:
 *
 *   - after Esc, '[' starts a CSI sequence (ECMA-48: parameter bytes 0x30-0x3F,
 *     intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E; the Linux
 *     console's ESC [ [ A..E take one byte more) and 'O' an SS3 one (one final
 *     byte, after optional parameters: ESC O 5 P from older xterm-likes);
 *   - a complete sequence is looked up in the table below; one that no client
 *     sends for a key (answers to queries, keys we have no use for) is dropped
 *     whole, never typed;
 *   - modifiers (ESC [ 1 ; 5 P is Ctrl-F1) are ignored: the key is the key;
 *   - Esc alone (nothing within the Esc delay, 100 ms unless ESCDELAY says
 *     otherwise) is Esc. Esc and one printable ASCII character that came with it
 *     is Alt-character: the loop gives it its action (Alt-S saves) or, when it
 *     has none, takes it as Esc and then the character (app.c), so a quick Esc
 *     followed by a key loses neither. Esc followed by anything else (another
 *     Esc, Enter, a Vietnamese letter) is Esc, then that key.
 *   - a sequence cut short (silence, or a byte that cannot belong to it) is
 *     dropped; ESC [ or ESC O alone is Alt-[ or Alt-O, as typed.
 *
 * Where clients disagree, the table follows the commonest and says so:
 *   - PuTTY's SCO mode sends Delete as DEL (0x7F), which every other client sends
 *     for Backspace: it is Backspace.
 *   - PuTTY's VT400 mode sends the six editing keys by their place on a VT220
 *     keypad (Insert as Find ESC [ 1 ~, Home as Insert ESC [ 2 ~ ...): they are
 *     read as the VT220 keys they name (Find is Home, Select is End, Remove is
 *     Delete), like every other client's.
 *   - ESC O w is End from PuTTY's "rxvt" Home/End setting; it is also keypad 7
 *     in application keypad mode, which hoso never asks for (keypad off). The
 *     other keypad codes (ESC O p..y) still give their digits, for a terminal
 *     left in that mode.
 *   - PuTTY's SCO Shift-F2 is ESC [ Z, everyone's Shift-Tab: Shift-Tab.
 * The sequences, client by client, are in tests/common/clientkeys.c.
 */
#include "ui/keyread.h"
#include "ui/keys.h"
#include "core/clock.h"

#include <curses.h>
#include <stdbool.h>
#include <stdlib.h>

static int esc_ms = 100;

/* Characters read but not yet used (last in, first out) and keys handed back
 * by the loop (first in, first out). */
static struct raw {
	wint_t wc;
	bool   code;	/* a curses key code (KEY_RESIZE), not a character */
} back[8];
static int nback;
static int queue[8];
static int nqueue;

void
keyread_init(void)
{
	const char *v = getenv("ESCDELAY");
	int ms = v != NULL ? atoi(v) : 0;
	esc_ms = ms > 0 && ms <= 10000 ? ms : 100;
	nback = nqueue = 0;
}

void
keyread_push(int key)
{
	if (nqueue < (int)(sizeof queue / sizeof queue[0]))
		queue[nqueue++] = key;
}

/* ---- the table ---- */

/* ESC [ n ~ (also rxvt's ^ and @ finals, for Ctrl and Ctrl-Shift). */
static int
tilde_key(int n)
{
	switch (n) {
	case 1: case 7:	return K(KEY_HOME);	/* Find; rxvt 7 */
	case 2:		return K(KEY_IC);
	case 3:		return K(KEY_DC);	/* Remove */
	case 4: case 8:	return K(KEY_END);	/* Select; rxvt 8 */
	case 5:		return K(KEY_PPAGE);
	case 6:		return K(KEY_NPAGE);
	}
	/* 11-15 F1-F5, 17-21 F6-F10, 23-26 F11-F14, 28-29 F15-F16, 31-34 F17-F20:
	 * the gaps are the VT220's. PuTTY sends Shift-F1..F10 as F11..F20. */
	static const signed char f[] = {
		1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10, 0, 11, 12, 13, 14, 0, 15, 16, 0,
		17, 18, 19, 20
	};
	if (n >= 11 && n < 11 + (int)sizeof f && f[n - 11] > 0)
		return K(KEY_F(f[n - 11]));
	return KEYREAD_DROP;
}

/* A complete CSI sequence: parameters p (np bytes), then final byte fin. */
static int
csi_key(const unsigned char *p, size_t np, unsigned char fin)
{
	/* Private parameters (ESC [ ? ..., ESC [ < ...) are answers and reports. */
	if (np > 0 && p[0] >= '<')
		return KEYREAD_DROP;
	int v[2] = { -1, -1 }, nv = 0;
	for (size_t i = 0; i < np; i++) {
		if (p[i] == ';' || p[i] == ':') {
			nv++;
			continue;
		}
		if (p[i] < '0' || p[i] > '9')
			return KEYREAD_DROP;
		if (nv >= 2)
			continue;
		v[nv] = (v[nv] < 0 ? 0 : v[nv] * 10) + (p[i] - '0');
		if (v[nv] > 9999)
			return KEYREAD_DROP;
	}
	bool bare = np == 0;
	switch (fin) {
	case '~':
		if (bare)	/* Win32 OpenSSH's console keyboard: Shift-Tab */
			return K(KEY_BTAB);
		return tilde_key(v[0]);
	case '^': case '@':
		return bare ? KEYREAD_DROP : tilde_key(v[0]);
	case 'A': return K(KEY_UP);
	case 'B': return K(KEY_DOWN);
	case 'C': return K(KEY_RIGHT);
	case 'D': return K(KEY_LEFT);
	case 'H': return K(KEY_HOME);
	case 'F': return K(KEY_END);
	case 'Z': return K(KEY_BTAB);
	case 'P': case 'Q': case 'R': case 'S':
		/* xterm's modified F1-F4 (ESC [ 1 ; 5 P); bare, SCO's F4-F7. With
		 * other parameters ESC [ r ; c R is a cursor position report. */
		if (bare)
			return K(KEY_F(4 + fin - 'P'));
		return v[0] == 1 ? K(KEY_F(1 + fin - 'P')) : KEYREAD_DROP;
	}
	if (!bare)
		return KEYREAD_DROP;
	/* PuTTY's SCO mode: F1-F12 are ESC [ M..X, and its editing keys. */
	if (fin >= 'M' && fin <= 'X')
		return K(KEY_F(1 + fin - 'M'));
	switch (fin) {
	case 'L': return K(KEY_IC);
	case 'I': return K(KEY_PPAGE);
	case 'G': return K(KEY_NPAGE);
	}
	return KEYREAD_DROP;
}

/* ESC O and one final byte. */
static int
ss3_key(unsigned char fin)
{
	switch (fin) {
	case 'A': return K(KEY_UP);
	case 'B': return K(KEY_DOWN);
	case 'C': return K(KEY_RIGHT);
	case 'D': return K(KEY_LEFT);
	case 'H': return K(KEY_HOME);
	case 'F': return K(KEY_END);
	case 'w': return K(KEY_END);	/* PuTTY, Home/End "rxvt" */
	case 'M': return K_ENTER;	/* keypad Enter */
	case 'j': return '*';
	case 'k': return '+';
	case 'l': return ',';
	case 'm': return '-';
	case 'n': return '.';
	case 'o': return '/';
	}
	/* VT100 PF1-PF4 (xterm's F1-F4), then PuTTY's VT100+ F5-F12: T..Z, [. */
	if (fin >= 'P' && fin <= '[')
		return K(KEY_F(1 + fin - 'P'));
	if (fin >= 'p' && fin <= 'y')
		return '0' + (fin - 'p');
	return KEYREAD_DROP;
}

int
keyread_seq(const unsigned char *seq, size_t n)
{
	if (n == 0)
		return KEYREAD_MORE;
	if (seq[0] != '[' && seq[0] != 'O')
		return KEYREAD_NOSEQ;
	if (n == 1)
		return KEYREAD_MORE;
	if (seq[0] == '[' && seq[1] == '[') {	/* Linux console: ESC [ [ A..E */
		if (n == 2)
			return KEYREAD_MORE;
		if (n > 3 || seq[2] < 0x40 || seq[2] > 0x7e)
			return KEYREAD_NOSEQ;
		return seq[2] >= 'A' && seq[2] <= 'E' ? K(KEY_F(1 + seq[2] - 'A')) :
		    KEYREAD_DROP;
	}
	/* Parameters, then (CSI only) intermediates, then the final byte. */
	size_t i = 1, params;
	while (i < n && seq[i] >= 0x30 && seq[i] <= 0x3f)
		i++;
	params = i - 1;
	bool inter = false;
	while (seq[0] == '[' && i < n && seq[i] >= 0x20 && seq[i] <= 0x2f) {
		inter = true;
		i++;
	}
	if (i == n)
		return KEYREAD_MORE;
	if (i != n - 1 || seq[i] < 0x40 || seq[i] > 0x7e)
		return KEYREAD_NOSEQ;
	if (inter)
		return KEYREAD_DROP;	/* no key sends one */
	if (seq[0] == 'O')
		return ss3_key(seq[i]);
	return csi_key(seq + 1, params, seq[i]);
}

/* ---- reading ---- */

static bool
next_raw(int wait_ms, struct raw *r)
{
	if (nback > 0) {
		*r = back[--nback];
		return true;
	}
	timeout(wait_ms);
	wint_t wc;
	int rc = get_wch(&wc);
	if (rc == ERR)
		return false;
	r->wc = wc;
	r->code = rc == KEY_CODE_YES;
	return true;
}

static void
unread(struct raw r)
{
	if (nback < (int)(sizeof back / sizeof back[0]))
		back[nback++] = r;
}

/* A sequence that ended early: silence, or a byte that is no part of it. */
static int
cut_short(const unsigned char *seq, size_t n)
{
	/* Esc and '[' or 'O' typed, not sent by a key: Alt-[, Alt-O. */
	return n == 1 ? K_ALT(seq[0]) : KEYREAD_DROP;
}

/* The rest of a sequence begun with ESC and intro ('[' or 'O'). */
static int
read_seq(unsigned char intro)
{
	unsigned char seq[32];
	size_t n = 0;
	seq[n++] = intro;
	for (;;) {
		struct raw r;
		if (!next_raw(esc_ms, &r))
			return cut_short(seq, n);
		if (r.code || r.wc < 0x20 || r.wc > 0x7e) {
			unread(r);
			return cut_short(seq, n);
		}
		if (n == sizeof seq) {
			/* Longer than any key's: read to its final byte, keep none. */
			if (r.wc >= 0x40)
				return KEYREAD_DROP;
			continue;
		}
		seq[n++] = (unsigned char)r.wc;
		int k = keyread_seq(seq, n);
		if (k == KEYREAD_MORE)
			continue;
		if (k == KEYREAD_NOSEQ) {
			unread(r);
			return cut_short(seq, n - 1);
		}
		return k;
	}
}

static int
after_esc(void)
{
	struct raw r;
	if (!next_raw(esc_ms, &r))
		return K_ESC;
	if (!r.code && (r.wc == '[' || r.wc == 'O'))
		return read_seq((unsigned char)r.wc);
	if (!r.code && r.wc > 32 && r.wc < 127)
		return K_ALT((int)r.wc);
	unread(r);
	return K_ESC;
}

static int
decode(struct raw r)
{
	if (r.code)
		return r.wc == KEY_ENTER ? K_ENTER : K((int)r.wc);
	switch (r.wc) {
	case 27:	return after_esc();
	case 0x9b:	return read_seq('[');	/* the 8-bit CSI and SS3 */
	case 0x8f:	return read_seq('O');
	case '\r':
	case '\n':	return K_ENTER;
	case 127:
	case 8:		return K(KEY_BACKSPACE);
	}
	return (int)r.wc;
}

int
keyread_get(int wait_ms)
{
	if (nqueue > 0) {
		int k = queue[0];
		nqueue--;
		for (int i = 0; i < nqueue; i++)
			queue[i] = queue[i + 1];
		return k;
	}
	double end = clock_mono_ms() + wait_ms;
	for (;;) {
		int left = wait_ms < 0 ? -1 : (int)(end - clock_mono_ms());
		struct raw r;
		if (!next_raw(left < 0 && wait_ms >= 0 ? 0 : left, &r))
			return 0;
		int k = decode(r);
		if (k != KEYREAD_DROP)
			return k;
	}
}
