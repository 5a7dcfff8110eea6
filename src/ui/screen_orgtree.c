/*
 * Maintenance → Agency tree: the tree (ui/orgpicker.h) with the actions of
 * hoso org on it. A merge or a split is guided: the agencies are chosen in the
 * tree (Space marks several), the data layer's dry run is shown as the preview,
 * and the action runs only on an explicit Yes (No is the default answer). The
 * data layer checks the role and scope of every action again.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/orgpicker.h"
#include "ui/status.h"
#include "db/org.h"
#include "db/role.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct orgscreen {
	struct screen  base;
	struct orgtree t;
};

static const struct screen_key view_keys[] = {
	{ ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key change_keys[] = {
	{ ACT_NEW, N_("Add") }, { ACT_EDIT, N_("Rename") }, { ACT_PRINT, N_("Move") },
	{ ACT_DELETE, N_("Merge") }, { ACT_RELOAD, N_("Split") }, { ACT_BACK, NULL },
	{ ACT_NONE, NULL }
};

static const char *
tree_title(struct screen *s)
{
	(void)s;
	return _("Agency tree");
}

static void
tree_draw(struct screen *s, int top, int height, int width)
{
	struct orgscreen *o = (struct orgscreen *)s;
	s->cy = top;
	s->cx = orgtree_draw(&o->t, top, 0, height, width);
}

/* Load the tree again after a change, keeping the agency selected. */
static void
reload(struct orgscreen *o, const char *select)
{
	char keep[40];
	snprintf(keep, sizeof keep, "%s", select != NULL ? select : "");
	orgtree_free(&o->t);
	char *err = NULL;
	if (orgtree_load(&o->t, o->base.app, false, false, keep, &err) != DB_OK) {
		status_error("%s", err != NULL ? err : "");
		free(err);
	}
	o->t.multi = true;
}

/* The preview of a merge or split as text. */
static char *
preview_new(const struct org_change *c, bool done)
{
	struct strbuf sb;
	sb_init(&sb);
	char d[11];
	date_display(c->date, d);
	sb_addf(&sb, done ? _("Done, from %s:") : _("From %s:"), d);
	sb_addc(&sb, '\n');
	for (int i = 0; i < c->nparts; i++) {
		const struct org_move_part *p = &c->parts[i];
		sb_addf(&sb, "%s -> %s: ", p->from, p->to);
		sb_addf(&sb, _("%ld people, %ld agencies, %ld accounts"), p->people,
		    p->agencies, p->accounts);
		sb_addc(&sb, '\n');
	}
	if (c->created)
		sb_addf(&sb, _("New agencies: %s\n"), c->created);
	if (c->reopened)
		sb_addf(&sb, _("Agencies opened again: %s\n"), c->reopened);
	if (c->closed)
		sb_addf(&sb, _("Agencies closed (kept as history): %s\n"), c->closed);
	if (c->accounts > 0)
		sb_adds(&sb, _("The accounts go with their agency's people.\n"));
	return sb_detach(&sb);
}

/* Ask No/Yes with No first: a merge is not undone by a slip of Enter. */
static bool
confirm(struct app *a, const char *title, const char *text)
{
	const char *buttons[2] = { _("No"), _("Yes") };
	char *q = xasprintf("%s\n%s", text, _("Carry it out?"));
	int r = dialog_choice(a, title, q, buttons, 2);
	free(q);
	return r == 1;
}

static char *
ask_date(struct app *a, const char *title)
{
	char today[11], shown[11];
	date_today(today);
	date_display(today, shown);
	return dialog_input(a, title, _("From (DD/MM/YYYY):"), shown, 10);
}

static void
do_merge(struct orgscreen *o)
{
	struct app *a = o->base.app;
	const struct org_info *sel = orgtree_selected(&o->t);
	char **codes = xcalloc((size_t)o->t.n + 1, sizeof *codes);
	int n = 0;
	for (int i = 0; i < o->t.n; i++)
		if (o->t.marked[i])
			codes[n++] = o->t.v[i].code;
	if (n == 0 && sel != NULL)
		codes[n++] = (char *)sel->code;
	if (n == 0) {
		free(codes);
		return;
	}
	char into[40];
	if (orgpicker_run(a, _("Merge into which agency?"), NULL, false, into) != 1) {
		free(codes);
		return;
	}
	char *date = ask_date(a, _("Merge"));
	struct org_change c;
	char *err = NULL;
	if (date != NULL && db_org_merge(a->db, &a->actor, codes, n, into, NULL, date, 1, 0,
	    &c, &err) == DB_OK) {
		char *text = preview_new(&c, false);
		db_org_change_free(&c);
		if (confirm(a, _("Merge"), text)) {
			if (db_org_merge(a->db, &a->actor, codes, n, into, NULL, date, 0, 0, &c,
			    &err) == DB_OK) {
				status_info(_("Merged into %s: %ld people moved."), into, c.people);
				db_org_change_free(&c);
				reload(o, into);
			}
		}
		free(text);
	}
	if (err != NULL) {
		dialog_message(a, _("Merge"), err);
		free(err);
	}
	free(date);
	free(codes);
}

static void
do_split(struct orgscreen *o)
{
	struct app *a = o->base.app;
	const struct org_info *sel = orgtree_selected(&o->t);
	if (sel == NULL)
		return;
	char code[40];
	snprintf(code, sizeof code, "%s", sel->code);
	char *file = dialog_input(a, _("Split"), _("Plan (CSV file: member,to,to_name):"),
	    "", 250);
	if (file == NULL)
		return;
	char *date = ask_date(a, _("Split"));
	char *err = NULL;
	for (int run = 0; date != NULL && run < 2; run++) {
		FILE *f = fopen(file, "r");
		if (f == NULL) {
			err = xasprintf(_("%s cannot be read"), file);
			break;
		}
		struct org_change c;
		int rc = db_org_split(a->db, &a->actor, code, f, file, date, run == 0, 0, &c,
		    &err);
		fclose(f);
		if (rc != DB_OK)
			break;
		char *text = preview_new(&c, false);
		long people = c.people;
		db_org_change_free(&c);
		bool go = run == 0 && confirm(a, _("Split"), text);
		free(text);
		if (run == 1) {
			status_info(_("Split: %ld people moved."), people);
			reload(o, code);
		}
		if (!go)
			break;
	}
	if (err != NULL) {
		dialog_message(a, _("Split"), err);
		free(err);
	}
	free(date);
	free(file);
}

static void
do_add(struct orgscreen *o)
{
	struct app *a = o->base.app;
	const struct org_info *sel = orgtree_selected(&o->t);
	char parent[40];
	snprintf(parent, sizeof parent, "%s", sel != NULL ? sel->code : "");
	char *code = dialog_input(a, _("Add an agency"), _("Code:"), "", 35);
	char *name = code != NULL ? dialog_input(a, _("Add an agency"), _("Name:"), "", 250) :
	    NULL;
	char *err = NULL;
	if (name != NULL) {
		if (db_org_add(a->db, &a->actor, code, name, parent, NULL, &err) == DB_OK) {
			status_info(_("Agency %s added under %s."), code, parent);
			reload(o, code);
		} else {
			dialog_message(a, _("Add an agency"), err);
			free(err);
		}
	}
	free(code);
	free(name);
}

static void
do_rename(struct orgscreen *o)
{
	struct app *a = o->base.app;
	const struct org_info *sel = orgtree_selected(&o->t);
	if (sel == NULL)
		return;
	char code[40];
	snprintf(code, sizeof code, "%s", sel->code);
	char *name = dialog_input(a, _("Rename"), _("Name:"), sel->name, 250);
	char *err = NULL;
	if (name != NULL) {
		if (db_org_rename(a->db, &a->actor, code, name, &err) == DB_OK) {
			status_info(_("Agency %s renamed."), code);
			reload(o, code);
		} else {
			dialog_message(a, _("Rename"), err);
			free(err);
		}
	}
	free(name);
}

static void
do_move(struct orgscreen *o)
{
	struct app *a = o->base.app;
	const struct org_info *sel = orgtree_selected(&o->t);
	if (sel == NULL)
		return;
	char code[40], parent[40];
	snprintf(code, sizeof code, "%s", sel->code);
	if (orgpicker_run(a, _("Move under which agency?"), sel->parent_code, false, parent) != 1)
		return;
	char *q = xasprintf(_("Move %s, with everything under it, under %s?"), code, parent);
	bool go = confirm(a, _("Move"), q);
	free(q);
	char *err = NULL;
	if (!go)
		return;
	if (db_org_move(a->db, &a->actor, code, parent, &err) == DB_OK) {
		status_info(_("Agency %s moved."), code);
		reload(o, code);
	} else {
		dialog_message(a, _("Move"), err);
		free(err);
	}
}

static int
tree_action(struct screen *s, int act)
{
	struct orgscreen *o = (struct orgscreen *)s;
	switch (act) {
	case ACT_NEW:	do_add(o); return 1;
	case ACT_EDIT:	do_rename(o); return 1;
	case ACT_PRINT:	do_move(o); return 1;
	case ACT_DELETE: do_merge(o); return 1;
	case ACT_RELOAD: do_split(o); return 1;
	default:	return 0;
	}
}

static int
tree_key(struct screen *s, int key)
{
	struct orgscreen *o = (struct orgscreen *)s;
	if (key == K_ENTER) {
		const struct org_info *sel = orgtree_selected(&o->t);
		if (sel != NULL)
			return orgtree_key(&o->t, o->t.open[o->t.shown[o->t.lv.sel]] ? '-' : '+');
		return 1;
	}
	return orgtree_key(&o->t, key);
}

static void
tree_free(struct screen *s)
{
	struct orgscreen *o = (struct orgscreen *)s;
	orgtree_free(&o->t);
	free(o);
}

static const struct screen_ops tree_ops = {
	.title = tree_title,
	.draw = tree_draw,
	.key = tree_key,
	.action = tree_action,
	.free = tree_free,
};

void
orgtree_run(struct app *a)
{
	struct orgscreen *o = xcalloc(1, sizeof *o);
	screen_init(&o->base, &tree_ops, a);
	o->base.keys = db_actor_may_change_agencies(&a->actor) ? change_keys : view_keys;
	o->base.help = N_("Right or + opens an agency, Left or - closes it, Enter does "
	    "either; typing finds agencies by code or by name without diacritics; Space "
	    "marks agencies to merge together.");
	reload(o, NULL);
	status_hint(_("Space marks agencies to merge; F8 merges them into another."));
	app_run(a, &o->base);
	status_hint(NULL);
}
