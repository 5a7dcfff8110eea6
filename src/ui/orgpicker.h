/*
 * The agency tree as a widget: rows indented by depth, expanded and collapsed with
 * Right/Left or +/- (Enter too where it does not choose), a find line that narrows
 * the tree to the agencies whose code or name has a word beginning with each word
 * typed, without diacritics ("noi vu ha giang" finds Sở Nội vụ tỉnh Hà Giang),
 * with their ancestors around them. The agency picker (orgpicker_run) and the Agency tree screen
 * (screen_orgtree.c) are both made of it.
 */
#ifndef HOSO_UI_ORGPICKER_H
#define HOSO_UI_ORGPICKER_H
#include <stdbool.h>
#include "ui/app.h"
#include "ui/lineedit.h"
#include "ui/listview.h"
#include "db/org.h"

struct orgtree {
	struct org_info *v;	/* the agencies in scope, in tree order */
	int              n;
	int             *depth;
	char           **keys;	/* folded "code name" of each */
	bool            *open;	/* expanded */
	bool            *marked;	/* chosen with Space (several at once) */
	int             *shown;	/* indexes of the rows shown */
	int              nshown;
	bool             open_only;	/* leave out agencies that were closed */
	bool             multi;		/* Space marks rows */
	struct lineedit  find;
	char            *last;
	struct listview  lv;
};

/* Load the tree as a sees it, or the whole nation's when whole (expanded down to
 * its first level); current, if found, is selected and its ancestors opened. DB_OK
 * or the data layer's answer. */
int  orgtree_load(struct orgtree *t, struct app *a, bool open_only, bool whole,
    const char *current, char **err);
void orgtree_free(struct orgtree *t);
/* The selected agency, or NULL when nothing is shown. */
const struct org_info *orgtree_selected(const struct orgtree *t);
/* Draw the find line at y and the rows below it, h rows in all. Returns the
 * cursor's column on the find line. */
int  orgtree_draw(struct orgtree *t, int y, int x, int h, int w);
/* Movement, expanding, collapsing, Space (multi) and the find line; 1 if used. */
int  orgtree_key(struct orgtree *t, int key);
/* Select the agency with this code if it is in the tree (opening the way to it). */
void orgtree_select(struct orgtree *t, const char *code);

/* A box with the tree over the current screen (the account's subtree, or the
 * whole nation's when whole): Enter chooses an agency that exists now. current is
 * selected at first. Returns 1 and the code in out, 0 on Esc, -1 when unwinding. */
int  orgpicker_run(struct app *a, const char *title, const char *current, bool whole,
    char out[40]);
/* "Name (Province)" of the agency with this code, for beside a code on screen
 * and in documents; "" when unknown. Caller frees. */
char *orgpicker_label_new(struct app *a, const char *code);
#endif
