/*
 * One sub-record (a row of a grid under a person: a job, a training, a salary
 * step, a reward, ...), shown through its own form: read-only until Edit, saved
 * on its own with db_item_save, which also moves the person's version on so that
 * a concurrent edit of the person notices.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/draft.h"
#include "ui/draw.h"
#include "ui/formview.h"
#include "ui/propose.h"
#include "ui/status.h"
#include "db/person.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	struct screen           base;
	int64_t                 person_id;
	char                    person_name[160];
	const struct form_grid *grid;
	const struct form      *form;
	struct record          *orig;	/* the caller's row, as read */
	struct record          *rec;	/* as shown and edited */
	struct formview         fv;
	bool                    editing;
	char                    title[256];
};

static const struct screen_key view_keys[] = {
	{ ACT_HELP, NULL }, { ACT_EDIT, NULL }, { ACT_DELETE, NULL }, { ACT_LANG, NULL },
	{ ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key view_keys_ro[] = {
	{ ACT_HELP, NULL }, { ACT_LANG, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key edit_keys[] = {
	{ ACT_HELP, NULL }, { ACT_SAVE, NULL }, { ACT_BACK, N_("Cancel edit") },
	{ ACT_NONE, NULL }
};

static const struct screen_key view_keys_self[] = {
	{ ACT_HELP, NULL }, { ACT_EDIT, N_("Propose a change") }, { ACT_LANG, NULL },
	{ ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key edit_keys_self[] = {
	{ ACT_HELP, NULL }, { ACT_SAVE, N_("Send for review") },
	{ ACT_BACK, N_("Cancel edit") }, { ACT_NONE, NULL }
};

/* A civil servant proposes rows of the kinds that are theirs to declare. */
static bool
proposes(const struct item *it)
{
	return db_actor_is_self(&it->base.app->actor) && it->form->self_declared;
}

static bool
may_edit(const struct item *it)
{
	return db_actor_may_write(&it->base.app->actor) || proposes(it);
}

static void
set_mode(struct item *it, bool editing)
{
	it->editing = editing;
	formview_set_editing(&it->fv, editing);
	bool self = proposes(it);
	it->base.keys = editing ? (self ? edit_keys_self : edit_keys) :
	    db_actor_may_write(&it->base.app->actor) ? view_keys :
	    self ? view_keys_self : view_keys_ro;
}

static const char *
it_title(struct screen *s)
{
	struct item *it = (struct item *)s;
	snprintf(it->title, sizeof it->title, "%s: %s", it->person_name,
	    _(it->grid->label));
	return it->title;
}

static void
it_draw(struct screen *s, int top, int height, int width)
{
	struct item *it = (struct item *)s;
	const char *head = it->rec->id == 0 ? _("New row") : _(it->form->title);
	draw_text(top, 0, head, width, DR_NORMAL);
	const char *mode = it->editing ? _("EDITING") : _("READ ONLY");
	int mw = draw_width(mode);
	draw_text(top, width - mw, mode, mw, it->editing ? DR_ERROR : DR_HEADING);
	formview_draw(&it->fv, top + 1, height - 1, width, &s->cy, &s->cx);
}

static int
it_key(struct screen *s, int key)
{
	return formview_key(&((struct item *)s)->fv, key);
}

static bool
changed(struct item *it)
{
	if (it->editing)
		formview_take_typed(&it->fv);
	for (int i = 0; i < it->form->nfields; i++) {
		const char *n = it->form->fields[i].name;
		const char *a = record_get(it->orig, n), *b = record_get(it->rec, n);
		if (strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0)
			return true;
	}
	return false;
}

static void
draft_name(const struct item *it, char *buf, size_t len)
{
	snprintf(buf, len, "item:%s", it->grid->name);
}

static void
save(struct item *it)
{
	struct app *a = it->base.app;
	if (formview_commit(&it->fv) < 0 || formview_check(&it->fv) > 0)
		return;
	if (!changed(it)) {
		if (it->rec->id == 0) {
			status_error("%s", _("The row is empty."));
			return;
		}
		set_mode(it, false);
		status_info("%s", _("Nothing changed."));
		return;
	}
	if (proposes(it)) {
		if (!propose_send(a, it->grid->name, it->rec->id, it->form, it->orig, it->rec))
			return;
		char dn[80];
		draft_name(it, dn, sizeof dn);
		draft_forget(a, dn, it->rec->id);
		it->base.done = true;
		return;
	}
	/* Only the form's fields go to the data layer. */
	struct record *send = record_new();
	send->id = it->rec->id;
	send->version = it->rec->version;
	for (int i = 0; i < it->form->nfields; i++) {
		const char *v = record_get(it->rec, it->form->fields[i].name);
		if (v != NULL)
			record_set(send, it->form->fields[i].name, v);
	}
	char *err = NULL;
	int rc = db_item_save(a->db, &a->actor, it->person_id, it->grid->name, send, &err);
	record_free(send);
	if (rc != DB_OK) {
		char *msg = err != NULL ? err : xstrdup(_("The row was not saved."));
		msg[strcspn(msg, "\n")] = '\0';
		status_error("%s", msg);
		free(msg);
		return;
	}
	free(err);
	char dn[80];
	draft_name(it, dn, sizeof dn);
	draft_forget(a, dn, it->rec->id);
	it->base.result = 1;
	it->base.done = true;
	status_info("%s", _("Saved."));
}

static int
it_action(struct screen *s, int act)
{
	struct item *it = (struct item *)s;
	struct app *a = s->app;
	switch (act) {
	case ACT_EDIT:
		if (!it->editing && may_edit(it))
			set_mode(it, true);
		return 1;
	case ACT_SAVE:
		if (it->editing)
			save(it);
		return 1;
	case ACT_DELETE: {
		if (it->editing || it->rec->id == 0 || !db_actor_may_write(&a->actor))
			return 1;
		if (dialog_yesno(a, _("Delete row"), _("Delete this row for good?")) != 1)
			return 1;
		char *err = NULL;
		if (db_item_delete(a->db, &a->actor, it->person_id, it->rec->id, &err) != DB_OK)
			status_error("%s", err != NULL ? err : "");
		else {
			status_info("%s", _("Row deleted."));
			s->result = 1;
			s->done = true;
		}
		free(err);
		return 1;
	}
	case ACT_BACK:
		if (it->editing && changed(it) &&
		    dialog_yesno(a, _("Unsaved changes"),
		    _("You have changed this row. Drop the changes?")) != 1)
			return 1;
		if (it->editing && it->orig->id != 0) {
			char dn[80];
			draft_name(it, dn, sizeof dn);
			draft_forget(a, dn, it->orig->id);
			record_free(it->rec);
			it->rec = record_dup(it->orig);
			formview_set_record(&it->fv, it->rec);
			set_mode(it, false);
			return 1;
		}
		s->done = true;
		return 1;
	default:
		return 0;
	}
}

static void
it_hangup(struct screen *s)
{
	struct item *it = (struct item *)s;
	if (!it->editing || !changed(it))
		return;
	char dn[80];
	draft_name(it, dn, sizeof dn);
	draft_keep(s->app, dn, it->rec->id, it->person_id, it->form, it->orig, it->rec,
	    it_title(s));
}

static void
it_free(struct screen *s)
{
	struct item *it = (struct item *)s;
	formview_free(&it->fv);
	record_free(it->rec);
	free(it);
}

static const struct screen_ops item_ops = {
	.title = it_title,
	.draw = it_draw,
	.key = it_key,
	.action = it_action,
	.hangup = it_hangup,
	.free = it_free,
};

int
item_run(struct app *a, int64_t person_id, const char *person_name,
    const struct form_grid *grid, struct record *row, bool edit,
    const struct record *typed)
{
	char *err = NULL;
	const struct form *f = form_get(grid->form, &err);
	if (f == NULL) {
		dialog_message(a, _(grid->label), err != NULL ? err : "");
		free(err);
		return 0;
	}
	struct item *it = xcalloc(1, sizeof *it);
	screen_init(&it->base, &item_ops, a);
	it->person_id = person_id;
	snprintf(it->person_name, sizeof it->person_name, "%s",
	    person_name != NULL ? person_name : "");
	it->grid = grid;
	it->form = f;
	it->orig = row;
	it->rec = record_dup(row);
	/* A new row's defaults in both copies: untouched, it leaves without a question. */
	if (row->id == 0)
		for (int i = 0; i < f->nfields; i++)
			if (f->fields[i].def != NULL && record_get(it->rec, f->fields[i].name) == NULL) {
				record_set(it->rec, f->fields[i].name, f->fields[i].def);
				record_set(it->orig, f->fields[i].name, f->fields[i].def);
			}
	for (int i = 0; typed != NULL && i < typed->n; i++)
		if (form_field(f, typed->names[i]) != NULL)
			record_set(it->rec, typed->names[i], typed->values[i]);
	formview_init(&it->fv, a, f, it->rec, NULL);
	set_mode(it, edit && may_edit(it));
	if (typed != NULL)
		status_info("%s", _("Restored what you had typed. F2 saves it."));
	return app_run(a, &it->base);
}
