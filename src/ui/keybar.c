/*
 * The action table (one function key and one Ctrl letter per action, the same on
 * every screen) and the key bar that shows a screen's actions. Ctrl letters avoid
 * those a terminal reserves or that equal other keys: ^H (Backspace), ^I (Tab),
 * ^J/^M (Enter), ^[ (Esc), ^C/^Z/^\ (signals when not in raw mode).
 */
#include "ui/keybar.h"
#include "ui/draw.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int         fkey;
	char        ctrl;
	const char *label;	/* message id */
} acts[ACT_COUNT] = {
	[ACT_HELP]   = { 1, 'G', N_("Help") },
	[ACT_SAVE]   = { 2, 'S', N_("Save") },
	[ACT_SEARCH] = { 3, 'F', N_("Search") },
	[ACT_EDIT]   = { 4, 'E', N_("Edit") },
	[ACT_RELOAD] = { 5, 'R', N_("Reload") },
	[ACT_PRINT]  = { 6, 'P', N_("Print") },
	[ACT_NEW]    = { 7, 'N', N_("New") },
	[ACT_DELETE] = { 8, 'D', N_("Delete") },
	[ACT_LANG]   = { 9, 'T', N_("Language") },
	[ACT_BACK]   = { 10, 'Q', N_("Back") },
	[ACT_OPEN]   = { 0, 0, N_("Open") },
	[ACT_LOOKUP] = { 12, 'Y', N_("Look up") },
};

int
keys_match(const struct screen_key *keys, int key)
{
	for (int i = 0; keys != NULL && keys[i].act != ACT_NONE; i++) {
		int a = keys[i].act;
		if (a <= ACT_NONE || a >= ACT_COUNT || a == ACT_OPEN)
			continue;
		if (acts[a].fkey > 0 && key == K(KEY_F(acts[a].fkey)))
			return a;
		char c = acts[a].ctrl;
		if (c != 0 && (key == K_CTRL(c) || key == K_ALT(c) ||
		    key == K_ALT(c - 'A' + 'a')))
			return a;
		if (a == ACT_BACK && key == K_ESC)
			return a;
	}
	return ACT_NONE;
}

const char *
keys_fname(int act)
{
	static char buf[8];
	if (act <= ACT_NONE || act >= ACT_COUNT)
		return "";
	if (act == ACT_OPEN)
		return "Enter";
	snprintf(buf, sizeof buf, "F%d", acts[act].fkey);
	return buf;
}

char
keys_ctrl(int act)
{
	return act > ACT_NONE && act < ACT_COUNT ? acts[act].ctrl : 0;
}

const char *
keys_label(int act)
{
	return act > ACT_NONE && act < ACT_COUNT ? acts[act].label : "";
}

const char *
keys_name(int key)
{
	static char buf[16];
	if (key == K_ENTER)
		return "Enter";
	if (key == K_ESC)
		return "Esc";
	if (key == K_TAB)
		return "Tab";
	for (int f = 1; f <= 12; f++)
		if (key == K(KEY_F(f))) {
			snprintf(buf, sizeof buf, "F%d", f);
			return buf;
		}
	if (key > 0 && key < 32) {
		snprintf(buf, sizeof buf, "^%c", key + '@');
		return buf;
	}
	if (K_IS_ALT(key)) {
		snprintf(buf, sizeof buf, "Alt-%c", (char)(key - K_ALT_BASE));
		return buf;
	}
	if (key > 32 && key < 127) {
		snprintf(buf, sizeof buf, "%c", key);
		return buf;
	}
	snprintf(buf, sizeof buf, "#%x", (unsigned)key);
	return buf;
}

/* The key part of one entry at a level of detail: 0 full, 1 short. */
static void
key_text(int act, int level, char *buf, size_t len)
{
	if (act == ACT_OPEN)
		snprintf(buf, len, "Enter");
	else if (act == ACT_BACK)
		snprintf(buf, len, level == 0 ? "F10/Esc" : "Esc");
	else if (level == 0)
		snprintf(buf, len, "F%d/^%c", acts[act].fkey, acts[act].ctrl);
	else
		snprintf(buf, len, "F%d", acts[act].fkey);
}

static const char *
entry_label(const struct screen_key *k)
{
	/* A language is offered in its own name, whatever the current one is. */
	if (k->act == ACT_LANG && k->label == NULL)
		return strcmp(i18n_lang(), "vi") == 0 ? "English" : "Tiếng Việt";
	return _(k->label != NULL ? k->label : keys_label(k->act));
}

/* How much of one entry shows: its key's fallback or not, its label's first
 * words only (0: all), or not at all. */
struct entry_fit {
	int  keylevel;
	int  words;
	bool hidden;
};

/* The label as shown with at most `words` whole words: "Reload, keep mine" gives
 * "Reload" at one word. A word is never cut: a cut word reads as another word. */
static void
label_text(const struct screen_key *k, int words, char *buf, size_t len)
{
	const char *l = entry_label(k);
	if (words == 1 && k->act == ACT_LANG && k->label == NULL)
		l = strcmp(i18n_lang(), "vi") == 0 ? "EN" : "VI";
	snprintf(buf, len, "%s", l);
	if (words <= 0)
		return;
	int n = 0;
	for (char *p = buf; *p; p++)
		if (*p == ' ' && ++n == words) {
			*p = '\0';
			break;
		}
	size_t e = strlen(buf);
	while (e > 0 && (buf[e - 1] == ',' || buf[e - 1] == ';' || buf[e - 1] == ':'))
		buf[--e] = '\0';
}

static int
bar_width(const struct screen_key *keys, int n, const struct entry_fit *fit)
{
	int w = 0;
	for (int i = 0; i < n; i++) {
		if (fit[i].hidden)
			continue;
		char kb[16], lb[128];
		key_text(keys[i].act, fit[i].keylevel, kb, sizeof kb);
		label_text(&keys[i], fit[i].words, lb, sizeof lb);
		w += (int)strlen(kb) + 1 + draw_width(lb) + 1;
	}
	return w - 1;
}

void
keybar_draw(int y, int width, const struct screen_key *keys)
{
	draw_blank(y, 0, width, DR_KEYLABEL);
	if (keys == NULL)
		return;
	int n = 0;
	struct entry_fit fit[ACT_COUNT + 1];
	memset(fit, 0, sizeof fit);
	while (keys[n].act != ACT_NONE && n < ACT_COUNT)
		n++;
	/* Too wide: the fallbacks go first, from the last entry back, so the
	 * commonest actions keep theirs longest; then labels keep fewer whole
	 * words; last, entries other than Enter and Back go from the end (help
	 * still lists them all). Nothing is ever cut in the middle. */
	for (int i = n - 1; i >= 0 && bar_width(keys, n, fit) > width; i--)
		fit[i].keylevel = 1;
	while (bar_width(keys, n, fit) > width) {
		/* The label with most words loses its last one. */
		int best = -1, most = 1;
		for (int i = 0; i < n; i++) {
			char lb[128];
			label_text(&keys[i], fit[i].words, lb, sizeof lb);
			int w = 1;
			for (const char *p = lb; *p; p++)
				w += *p == ' ';
			if (w > most) {
				best = i;
				most = w;
			}
		}
		if (best < 0)
			break;
		fit[best].words = most - 1;
	}
	for (int i = 0; i < n && bar_width(keys, n, fit) > width; i++)
		if (keys[i].act == ACT_LANG)
			fit[i].words = 1;
	for (int i = n - 1; i >= 0 && bar_width(keys, n, fit) > width; i--)
		if (keys[i].act != ACT_BACK && keys[i].act != ACT_OPEN)
			fit[i].hidden = true;
	int x = 0;
	for (int i = 0; i < n && x < width; i++) {
		if (fit[i].hidden)
			continue;
		char kb[16], lb[128];
		key_text(keys[i].act, fit[i].keylevel, kb, sizeof kb);
		label_text(&keys[i], fit[i].words, lb, sizeof lb);
		if (x + (int)strlen(kb) + 1 + draw_width(lb) > width)
			break;
		x += draw_text(y, x, kb, width - x, DR_KEY);
		x++;
		x += draw_text(y, x, lb, width - x, DR_KEYLABEL);
		x++;
	}
}

char *
keybar_help_new(const struct screen_key *keys)
{
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; keys != NULL && keys[i].act != ACT_NONE; i++) {
		int a = keys[i].act;
		char kb[32];
		if (a == ACT_OPEN)
			snprintf(kb, sizeof kb, "Enter");
		else if (a == ACT_BACK)
			snprintf(kb, sizeof kb, "F10 Esc ^Q");
		else
			snprintf(kb, sizeof kb, "F%d ^%c Alt-%c", acts[a].fkey, acts[a].ctrl,
			    acts[a].ctrl - 'A' + 'a');
		sb_addf(&sb, "%-14s %s\n", kb, entry_label(&keys[i]));
	}
	return sb_detach(&sb);
}
