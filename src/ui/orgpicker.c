/*
 * The agency tree widget and the agency picker (see orgpicker.h). The tree comes
 * in path order, which is depth-first, so a row's ancestors are the rows above it
 * with a shorter path that is a prefix of its own, and "is it shown" is one pass:
 * a row is hidden while the path of the last closed row above it is its prefix.
 * A national tree has thousands of agencies, not millions: every pass is linear
 * or close to it.
 */
#include "ui/orgpicker.h"
#include "ui/draw.h"
#include "ui/status.h"
#include "form/form.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

static int
path_depth(const char *path)
{
	int d = -1;
	for (const char *p = path; *p; p++)
		d += *p == '/';
	return d > 0 ? d - 1 : 0;
}

static bool
has_children(const struct orgtree *t, int i)
{
	return i + 1 < t->n && t->depth[i + 1] > t->depth[i] &&
	    strncmp(t->v[i + 1].path, t->v[i].path, strlen(t->v[i].path)) == 0;
}

/* Does a word of the folded key begin with w? ("ha" finds Hà Giang, not the "ha"
 * inside "nhan dan".) */
static bool
word_start(const char *key, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(key, w, n) == 0)
		return true;
	for (const char *p = strchr(key, ' '); p != NULL; p = strchr(p + 1, ' '))
		if (strncmp(p + 1, w, n) == 0)
			return true;
	return false;
}

/* Does the folded key hold every word typed, in any order, each at a word's start? */
static bool
matches(const char *key, const char *typed)
{
	char *copy = xstrdup(typed), *save = NULL;
	bool ok = true;
	for (char *w = strtok_r(copy, " ", &save); w != NULL && ok;
	    w = strtok_r(NULL, " ", &save))
		ok = word_start(key, w);
	free(copy);
	return ok;
}

/* The rows to show: by the open flags, or, while something is typed, the matches
 * and their ancestors. */
static void
reshow(struct orgtree *t)
{
	char *typed = lineedit_text_new(&t->find);
	char *key = codes_key_new(typed);
	free(t->last);
	t->last = typed;
	const struct org_info *was = orgtree_selected(t);
	int64_t was_id = was != NULL ? was->id : 0;
	t->nshown = 0;
	if (key != NULL && key[0] != '\0') {
		bool *keep = xcalloc((size_t)t->n + 1, sizeof *keep);
		for (int i = 0; i < t->n; i++) {
			if (!matches(t->keys[i], key))
				continue;
			keep[i] = true;
			/* Its ancestors: walking up, each shallower row on the way. */
			int d = t->depth[i];
			for (int k = i - 1; k >= 0 && d > 0; k--)
				if (t->depth[k] < d) {
					keep[k] = true;
					d = t->depth[k];
				}
		}
		for (int i = 0; i < t->n; i++)
			if (keep[i])
				t->shown[t->nshown++] = i;
		free(keep);
	} else {
		const char *closed = NULL;
		for (int i = 0; i < t->n; i++) {
			if (closed != NULL && strncmp(t->v[i].path, closed, strlen(closed)) == 0)
				continue;
			closed = NULL;
			t->shown[t->nshown++] = i;
			if (!t->open[i] && has_children(t, i))
				closed = t->v[i].path;
		}
	}
	free(key);
	listview_set_count(&t->lv, t->nshown);
	t->lv.sel = 0;
	for (int k = 0; k < t->nshown; k++)
		if (t->v[t->shown[k]].id == was_id)
			t->lv.sel = k;
	listview_set_count(&t->lv, t->nshown);
}

int
orgtree_load(struct orgtree *t, struct app *a, bool open_only, bool whole,
    const char *current, char **err)
{
	memset(t, 0, sizeof *t);
	t->open_only = open_only;
	struct org_info *all;
	int n;
	int rc = whole ? db_org_list_all(a->db, &all, &n, err) :
	    db_org_list(a->db, &a->actor, &all, &n, err);
	if (rc != DB_OK)
		return rc;
	/* Leaving out a closed agency leaves out what still hangs under it too:
	 * merged agencies keep no people, and a closed one's children moved away. */
	t->v = xcalloc((size_t)n + 1, sizeof *t->v);
	for (int i = 0; i < n; i++)
		if (!open_only || all[i].valid_to[0] == '\0')
			t->v[t->n++] = all[i];
	free(all);
	t->depth = xcalloc((size_t)t->n + 1, sizeof *t->depth);
	t->keys = xcalloc((size_t)t->n + 1, sizeof *t->keys);
	t->open = xcalloc((size_t)t->n + 1, sizeof *t->open);
	t->marked = xcalloc((size_t)t->n + 1, sizeof *t->marked);
	t->shown = xcalloc((size_t)t->n + 1, sizeof *t->shown);
	int top = t->n > 0 ? path_depth(t->v[0].path) : 0;
	for (int i = 0; i < t->n; i++) {
		t->depth[i] = path_depth(t->v[i].path) - top;
		char *joined = xasprintf("%s %s", t->v[i].code, t->v[i].name);
		t->keys[i] = codes_key_new(joined);
		if (t->keys[i] == NULL)
			t->keys[i] = xstrdup("");
		free(joined);
		/* The account's own agency open: its first level shows. */
		t->open[i] = t->depth[i] == 0;
	}
	lineedit_init(&t->find, 60);
	listview_init(&t->lv);
	reshow(t);
	if (current != NULL && *current)
		orgtree_select(t, current);
	return DB_OK;
}

void
orgtree_free(struct orgtree *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->v);
	free(t->depth);
	free(t->open);
	free(t->marked);
	free(t->shown);
	free(t->last);
	lineedit_free(&t->find);
	memset(t, 0, sizeof *t);
}

const struct org_info *
orgtree_selected(const struct orgtree *t)
{
	if (t->shown == NULL || t->nshown == 0)
		return NULL;
	return &t->v[t->shown[t->lv.sel]];
}

void
orgtree_select(struct orgtree *t, const char *code)
{
	int i;
	for (i = 0; i < t->n && strcmp(t->v[i].code, code) != 0; i++)
		;
	if (i == t->n)
		return;
	int d = t->depth[i];
	for (int k = i - 1; k >= 0 && d > 0; k--)
		if (t->depth[k] < d) {
			t->open[k] = true;
			d = t->depth[k];
		}
	reshow(t);
	for (int k = 0; k < t->nshown; k++)
		if (t->shown[k] == i)
			t->lv.sel = k;
	listview_set_count(&t->lv, t->nshown);
}

static void
tree_row(void *ctx, int k, int y, int x, int w, bool selected)
{
	struct orgtree *t = ctx;
	int i = t->shown[k];
	const struct org_info *o = &t->v[i];
	bool closed = o->valid_to[0] != '\0';
	enum draw_role r = selected ? DR_SELECTED : closed ? DR_DIM : DR_NORMAL;
	draw_blank(y, x, w, r);
	int col = x + 1 + 2 * (t->depth[i] < 12 ? t->depth[i] : 12);
	const char *mark = !has_children(t, i) ? " " : t->open[i] || t->last[0] ? "-" : "+";
	if (t->multi)	/* a mark only where there is one: the tree stays quiet */
		col += draw_text(y, col, t->marked[i] ? "*" : " ", x + w - col, r) + 1;
	col += draw_text(y, col, mark, x + w - col, r) + 1;
	col += draw_text(y, col, o->code, x + w - col, r) + 2;
	if (col >= x + w)
		return;
	char *label = NULL;
	if (closed) {
		char d[11];
		date_display(o->valid_to, d);
		label = o->merged_into[0] ? xasprintf(_("%s (merged into %s after %s)"), o->name,
		    o->merged_into, d) : xasprintf(_("%s (closed after %s)"), o->name, d);
	}
	draw_text(y, col, label ? label : o->name, x + w - col, r);
	free(label);
}

int
orgtree_draw(struct orgtree *t, int y, int x, int h, int w)
{
	int lw = draw_text(y, x + 1, _("Find:"), w - 2, DR_LABEL) + 1;
	int cx = lineedit_draw(&t->find, y, x + 1 + lw, w - 2 - lw, DR_INPUT);
	if (t->nshown == 0)
		draw_text(y + 1, x + 1, _("Nothing matches."), w - 2, DR_DIM);
	listview_draw(&t->lv, y + 1, x, h - 1, w, tree_row, t);
	return cx;
}

int
orgtree_key(struct orgtree *t, int key)
{
	int i = t->nshown > 0 ? t->shown[t->lv.sel] : -1;
	bool finding = t->last != NULL && t->last[0] != '\0';
	if (i >= 0 && !finding && (key == K(KEY_RIGHT) || key == '+')) {
		t->open[i] = true;
		reshow(t);
		return 1;
	}
	if (i >= 0 && !finding && (key == K(KEY_LEFT) || key == '-')) {
		if (t->open[i] && has_children(t, i))
			t->open[i] = false;
		else	/* already closed: up to the parent */
			for (int k = i - 1; k >= 0; k--)
				if (t->depth[k] < t->depth[i]) {
					t->open[k] = false;
					orgtree_select(t, t->v[k].code);
					return 1;
				}
		reshow(t);
		return 1;
	}
	if (i >= 0 && t->multi && !finding && key == ' ') {
		t->marked[i] = !t->marked[i];
		return 1;
	}
	if (listview_key(&t->lv, key) != LV_IGNORED)
		return 1;
	if (lineedit_key(&t->find, key)) {
		char *now = lineedit_text_new(&t->find);
		if (t->last == NULL || strcmp(now, t->last) != 0)
			reshow(t);
		free(now);
		return 1;
	}
	return 0;
}

/* The picker: a box over the screen. */
struct orgpicker {
	struct screen  base;
	struct orgtree t;
	const char    *title;
	char          *out;
};

static const struct screen_key picker_keys[] = {
	{ ACT_OPEN, N_("Choose") }, { ACT_BACK, N_("Cancel") }, { ACT_NONE, NULL }
};

static void
picker_draw(struct screen *s, int top, int height, int width)
{
	struct orgpicker *p = (struct orgpicker *)s;
	int bw = width - 2 < 76 ? width - 2 : 76;
	int bh = height - 2;
	if (bw < 20)
		bw = width;
	if (bh < 6)
		bh = height;
	int y = top + (height - bh) / 2, x = (width - bw) / 2;
	for (int i = 0; i < bh; i++)
		draw_blank(y + i, x, bw, DR_NORMAL);
	draw_box(y, x, bh, bw);
	char *t = xasprintf(" %s ", p->title);
	draw_text_center(y, x + 1, t, bw - 2, DR_HEADING);
	free(t);
	s->cy = y + 1;
	s->cx = orgtree_draw(&p->t, y + 1, x + 1, bh - 2, bw - 2);
}

static int
picker_key(struct screen *s, int key)
{
	struct orgpicker *p = (struct orgpicker *)s;
	if (key == K_ENTER) {
		const struct org_info *o = orgtree_selected(&p->t);
		if (o == NULL)
			return 1;
		snprintf(p->out, 40, "%s", o->code);
		s->done = true;
		s->result = 1;
		return 1;
	}
	return orgtree_key(&p->t, key);
}

static void
picker_free(struct screen *s)
{
	struct orgpicker *p = (struct orgpicker *)s;
	orgtree_free(&p->t);
	free(p);
}

static const struct screen_ops picker_ops = {
	.draw = picker_draw,
	.key = picker_key,
	.free = picker_free,
};

int
orgpicker_run(struct app *a, const char *title, const char *current, bool whole,
    char out[40])
{
	struct orgpicker *p = xcalloc(1, sizeof *p);
	char *err = NULL;
	if (orgtree_load(&p->t, a, true, whole, current, &err) != DB_OK) {
		status_error("%s", err != NULL ? err : "");
		free(err);
		free(p);
		return 0;
	}
	screen_init(&p->base, &picker_ops, a);
	p->base.overlay = true;
	p->base.keys = picker_keys;
	p->title = title;
	p->out = out;
	status_hint(_("Type part of a name or code to find it; Right/Left (+/-) open and "
	    "close; Enter chooses."));
	int r = app_run(a, &p->base);
	status_hint(NULL);
	return r;
}

char *
orgpicker_label_new(struct app *a, const char *code)
{
	return db_org_label_new(a->db, code);
}
