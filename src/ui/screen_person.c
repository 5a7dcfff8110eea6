/*
 * A person's record: read-only until the clerk chooses Edit, then Save or Cancel.
 *
 * Two copies of the record are kept: orig, as read from the database, and rec, what
 * the screen shows and the clerk edits. Saving sends rec with orig's version; if
 * someone else saved in between, the data layer answers DB_CONFLICT naming who and
 * when, and the screen shows both versions of every field that differs and offers
 * to reload: the new stored record becomes orig, and the fields the clerk had
 * changed (rec differs from the old orig) are laid over it, so nothing typed is
 * lost and nothing the other person saved is overwritten unseen.
 *
 * Unsaved edits are never dropped silently: leaving a changed form asks, and a
 * dropped link keeps a draft (see draft.c) that the next sign-in offers back.
 *
 * The population database: while a new record, or a record whose ID number was
 * changed, holds a valid ID number, F12 looks it up (lookup.c) and can fill the
 * form from the registry. A saved record shows its verification state above the
 * form (verifyview.c); while it is shown read-only, the screen reads that state
 * again every few seconds, alone (db_verify_state_get, no record and no audit
 * row), so a check answered in the background shows without anyone acting, and
 * only the lines that changed go to the terminal.
 */
#include "ui/screens.h"
#include "core/clock.h"
#include "ui/dialog.h"
#include "ui/draft.h"
#include "ui/draw.h"
#include "ui/formview.h"
#include "ui/lookup.h"
#include "ui/propose.h"
#include "ui/resume.h"
#include "ui/status.h"
#include "ui/textview.h"
#include "ui/verifyview.h"
#include "ui/viewersview.h"
#include "db/person.h"
#include "db/role.h"
#include "db/verify.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/verify_state.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often a record shown read-only looks at its verification state again. */
#define WATCH_MS 3000

struct person {
	struct screen      base;
	int64_t            id;		/* 0 until a new record is first saved */
	const struct form *form;
	struct record     *orig;	/* as read; an empty record for a new one */
	struct record     *rec;		/* as shown and edited */
	struct formview    fv;
	bool               editing;
	char               title[192];
	double             watched;	/* when the state was last read (ms) */
};

static const struct screen_key view_keys[] = {
	{ ACT_HELP, NULL }, { ACT_EDIT, NULL }, { ACT_PRINT, N_("Resume 2C") },
	{ ACT_LANG, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};
/* A record the register disagrees with offers the comparison on the bar (F12
 * works on every saved record; the bar has room for it only when it matters). */
static const struct screen_key view_keys_mismatch[] = {
	{ ACT_HELP, NULL }, { ACT_EDIT, NULL }, { ACT_PRINT, N_("Resume 2C") },
	{ ACT_LOOKUP, N_("Compare") }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key view_keys_ro[] = {
	{ ACT_HELP, NULL }, { ACT_PRINT, N_("Resume 2C") }, { ACT_LANG, NULL },
	{ ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key grid_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, NULL }, { ACT_NEW, N_("Add row") },
	{ ACT_DELETE, N_("Delete row") }, { ACT_PRINT, N_("Print 2C") },
	{ ACT_BACK, NULL }, { ACT_NONE, NULL }
};
/* A civil servant's own record: edits become proposals. */
static const struct screen_key view_keys_self[] = {
	{ ACT_HELP, NULL }, { ACT_EDIT, N_("Propose a change") },
	{ ACT_SEARCH, N_("Who looked") }, { ACT_PRINT, N_("Resume 2C") },
	{ ACT_NEW, N_("Assets") }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key grid_keys_self[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, NULL }, { ACT_NEW, N_("Propose a row") },
	{ ACT_PRINT, N_("Print 2C") }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key grid_keys_ro[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, NULL }, { ACT_PRINT, N_("Print 2C") },
	{ ACT_LANG, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key edit_keys[] = {
	{ ACT_HELP, NULL }, { ACT_SAVE, NULL }, { ACT_BACK, N_("Cancel edit") },
	{ ACT_NONE, NULL }
};
static const struct screen_key edit_keys_lookup[] = {
	{ ACT_HELP, NULL }, { ACT_SAVE, NULL }, { ACT_LOOKUP, NULL },
	{ ACT_BACK, N_("Cancel edit") }, { ACT_NONE, NULL }
};
static const struct screen_key lookup_key[] = {
	{ ACT_LOOKUP, NULL }, { ACT_NONE, NULL }
};

/* The ID number the form holds now, normalised, or NULL when it is not a valid
 * one: while the clerk types it, the line editor's text. Caller frees. */
static char *
valid_id_new(struct person *p)
{
	int i = form_field_index(p->form, "id_number");
	if (i < 0)
		return NULL;
	char *typed;
	if (p->fv.editing && p->fv.cur == i && p->fv.le_field == i)
		typed = lineedit_text_new(&p->fv.le);
	else {
		const char *v = record_get(p->rec, "id_number");
		typed = xstrdup(v != NULL ? v : "");
	}
	char *norm = NULL;
	if (form_value_normalize(&p->form->fields[i], typed, &norm) != NULL ||
	    norm[0] == '\0') {
		free(norm);
		norm = NULL;
	}
	free(typed);
	return norm;
}

/* A look-up is offered while editing once the ID number is a valid one, new or
 * saved: for a saved record it is the re-check of a mismatch, shown field by
 * field beside what is stored. */
static bool
lookup_offered(struct person *p)
{
	if (!p->editing || !db_actor_may_write(&p->base.app->actor))
		return false;	/* a proposal of one's own record asks no register */
	char *id = valid_id_new(p);
	bool ok = id != NULL;
	free(id);
	return ok;
}

/* Is the grid page shown one whose rows the person declares? */
static bool
grid_proposable(const struct person *p)
{
	int g = formview_grid_page(&p->fv);
	const struct form *f = g >= 0 ? form_get(p->form->grids[g].form, NULL) : NULL;
	return f != NULL && f->self_declared;
}

static void
set_keys(struct person *p)
{
	bool w = db_actor_may_write(&p->base.app->actor);
	bool self = db_actor_is_self(&p->base.app->actor);
	p->base.help = N_("F12, ^Y: look the ID number up in the population database "
	    "and compare, field by field, what it records with the form; Space marks the "
	    "values to take, Enter takes them into the form (F2 saves), Esc cancels.\n");
	if (p->editing)
		p->base.keys = lookup_offered(p) ? edit_keys_lookup : edit_keys;
	else if (formview_grid_page(&p->fv) >= 0)
		p->base.keys = w ? grid_keys : self && grid_proposable(p) ? grid_keys_self :
		    grid_keys_ro;
	else if (!w)
		p->base.keys = self ? view_keys_self : view_keys_ro;
	else {
		const char *vs = record_get(p->rec, "verification");
		p->base.keys = vs != NULL && verify_state_parse(vs) == VERIFY_MISMATCH ?
		    view_keys_mismatch : view_keys;
	}
}

static void
set_title(struct person *p)
{
	const char *name = record_get(p->rec, "full_name");
	if (p->id == 0 && (name == NULL || !*name))
		snprintf(p->title, sizeof p->title, "%s", _("New record"));
	else
		snprintf(p->title, sizeof p->title, "%s", name != NULL ? name : "");
}

static const char *
pe_title(struct screen *s)
{
	return ((struct person *)s)->title;
}

/* Does the clerk's copy differ from what was read, in any field of the form? */
static bool
changed(struct person *p)
{
	if (p->editing)
		formview_take_typed(&p->fv);
	for (int i = 0; i < p->form->nfields; i++) {
		const char *n = p->form->fields[i].name;
		const char *a = record_get(p->orig, n), *b = record_get(p->rec, n);
		if (strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0)
			return true;
	}
	return false;
}

/* purpose: what the view is logged as, or NULL for reading again what this screen
 * already shows (after its own save): the who-viewed list holds real views only. */
static int
load(struct person *p, const char *purpose, struct record **out)
{
	struct app *a = p->base.app;
	char *err = NULL;
	int rc = db_person_get(a->db, &a->actor, p->id, purpose, out, &err);
	if (rc != DB_OK) {
		dialog_message(a, _("The record cannot be opened"),
		    err != NULL ? err : _("The record cannot be opened"));
		*out = NULL;
	}
	free(err);
	return rc;
}

static void
replace(struct person *p, struct record *orig, struct record *rec)
{
	if (p->orig != orig)
		record_free(p->orig);
	if (p->rec != rec)
		record_free(p->rec);
	p->orig = orig;
	p->rec = rec;
	formview_set_record(&p->fv, rec);
	set_title(p);
}

static void
set_editing(struct person *p, bool on)
{
	p->editing = on;
	formview_set_editing(&p->fv, on);
	set_keys(p);
}

static void
pe_draw(struct screen *s, int top, int height, int width)
{
	struct person *p = (struct person *)s;
	set_keys(p);
	/* One line that says whose record it is and whether it can be typed into. */
	const char *id = record_get(p->rec, "id_number");
	const char *dob = record_get(p->rec, "date_of_birth");
	char d[11] = "";
	if (dob != NULL)
		date_display(dob, d);
	char *head = xasprintf("%s  %s  %s", id != NULL ? id : "", d,
	    p->id > 0 ? "" : _("(not saved yet)"));
	draw_text(top, 0, head, width, DR_NORMAL);
	free(head);
	const char *mode = p->editing ? _("EDITING") : _("READ ONLY");
	int mw = draw_width(mode);
	draw_text(top, width - mw, mode, mw, p->editing ? DR_ERROR : DR_HEADING);
	int vr = 0;
	if (p->id > 0) {
		vr = verifyview_rows(width);
		verifyview_draw(p->rec, p->form, top + 1, vr, width);
	}
	formview_draw(&p->fv, top + 1 + vr, height - 1 - vr, width, &s->cy, &s->cx);
}

/* Set name to v in r; true if that changed it. */
static bool
set_changed(struct record *r, const char *name, const char *v)
{
	const char *old = record_get(r, name);
	if (strcmp(old != NULL ? old : "", v) == 0)
		return false;
	record_set(r, name, v);
	return true;
}

/* Read the verification state again (see the top). Both copies of the record
 * take it: it is no edit, and a later save must not see it as one. */
static void
pe_idle(struct screen *s)
{
	struct person *p = (struct person *)s;
	struct app *a = s->app;
	if (p->editing || p->id == 0)
		return;
	double now = clock_mono_ms();
	if (now - p->watched < WATCH_MS)
		return;
	p->watched = now;
	struct db_verify_state st;
	char *err = NULL;
	if (db_verify_state_get(a->db, &a->actor, p->id, &st, &err) != DB_OK) {
		free(err);	/* deleted or moved away meanwhile: F5-less screens keep
				 * showing what was read */
		return;
	}
	struct record *both[2] = { p->orig, p->rec };
	for (int i = 0; i < 2; i++) {
		set_changed(both[i], "verification", st.state);
		set_changed(both[i], "verified_at", st.at);
		set_changed(both[i], "verification_request", st.request_id);
		set_changed(both[i], "verified_by", st.by);
		set_changed(both[i], "verification_fields", st.fields);
	}
}

/* Look the ID number up and fill the form from the registry (lookup.c). */
static void
lookup(struct person *p)
{
	struct app *a = p->base.app;
	if (!lookup_offered(p)) {
		status_error("%s", _("Type a valid ID number first."));
		return;
	}
	if (formview_commit(&p->fv) < 0)
		return;
	char *id = xstrdup(record_get(p->rec, "id_number"));
	int n = lookup_run(a, p->form, p->rec, id);
	free(id);
	if (n > 0) {
		p->fv.dirty = true;
		formview_set_record(&p->fv, p->rec);
		set_title(p);
	}
	set_keys(p);
}

static int pe_action(struct screen *s, int act);

static const struct screen_key change_keys[] = {
	{ ACT_EDIT, NULL }, { ACT_NEW, NULL }, { ACT_DELETE, NULL }, { ACT_LOOKUP, NULL },
	{ ACT_NONE, NULL }
};

static int
pe_key(struct screen *s, int key)
{
	struct person *p = (struct person *)s;
	if (p->editing && keys_match(lookup_key, key) == ACT_LOOKUP) {
		lookup(p);	/* not offered now: says why */
		return 1;
	}
	if (!p->editing && keys_match(lookup_key, key) == ACT_LOOKUP &&
	    db_actor_may_write(&s->app->actor))
		return pe_action(s, ACT_LOOKUP);
	/* Not offered, and not silent either: a viewer pressing F4 learns why. */
	if (!p->editing && !db_actor_may_write(&s->app->actor) &&
	    keys_match(change_keys, key) != ACT_NONE) {
		status_error("%s", _("Your account may read records but not change them."));
		return 1;
	}
	int r = formview_key(&p->fv, key);
	set_keys(p);
	return r;
}

/* ---- saving and conflicts ---- */

/* "    Yours:      value", the values lined up in columns whatever the
 * language's words for yours and saved. */
static void
add_value(struct strbuf *sb, const struct form_field *f, const char *who,
    int whow, const char *v)
{
	char *shown = form_value_display_new(f, v);
	sb_addf(sb, "    %s", who);
	for (int pad = whow - text_width(who) + 1; pad > 0; pad--)
		sb_addc(sb, ' ');
	sb_addf(sb, "%s\n", shown[0] ? shown : _("(empty)"));
	free(shown);
}

enum { CONFLICT_KEEP = ACT_RELOAD, CONFLICT_THEIRS = ACT_DELETE };

static int
conflict_action(void *ctx, int act)
{
	(void)ctx;
	return act == CONFLICT_KEEP || act == CONFLICT_THEIRS ? 2 : 0;
}

static void
conflict(struct person *p, const char *why)
{
	struct app *a = p->base.app;
	struct record *fresh = NULL;
	if (load(p, "conflict", &fresh) != DB_OK)
		return;
	formview_take_typed(&p->fv);
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, _("Not saved: this record was %s."), why);
	sb_addf(&sb, "\n%s\n\n", _("Fields that differ, yours and as saved now:"));
	int ndiff = 0;
	const char *yours = _("Yours:"), *saved = _("Saved:");
	int whow = text_width(yours) > text_width(saved) ? text_width(yours) :
	    text_width(saved);
	for (int i = 0; i < p->form->nfields; i++) {
		const struct form_field *f = &p->form->fields[i];
		const char *base = record_get(p->orig, f->name);
		const char *mine = record_get(p->rec, f->name);
		const char *theirs = record_get(fresh, f->name);
		base = base != NULL ? base : "";
		mine = mine != NULL ? mine : "";
		theirs = theirs != NULL ? theirs : "";
		if (strcmp(mine, theirs) == 0)
			continue;
		ndiff++;
		sb_addf(&sb, "%s%s\n", _(f->label),
		    strcmp(mine, base) != 0 && strcmp(theirs, base) != 0 ?
		    _("  (changed by both)") : "");
		add_value(&sb, f, yours, whow, mine);
		add_value(&sb, f, saved, whow, theirs);
	}
	if (ndiff == 0)
		sb_addf(&sb, "%s\n", _("No field differs."));
	sb_addf(&sb, "\n%s\n", _("F5: take the saved record and keep what you typed on "
	    "top of it (then F2 saves). F8: drop what you typed. Esc: back to editing."));
	static const struct screen_key keys[] = {
		{ ACT_RELOAD, N_("Reload, keep mine") }, { ACT_DELETE, N_("Drop mine") },
		{ ACT_BACK, N_("Back to editing") }, { ACT_NONE, NULL }
	};
	struct textview_opts o = { keys, conflict_action, p };
	int r = textview_run(a, _("Saved by someone else"), sb.buf, &o);
	sb_free(&sb);
	if (r == CONFLICT_KEEP) {
		struct record *merged = record_dup(fresh);
		for (int i = 0; i < p->form->nfields; i++) {
			const char *n = p->form->fields[i].name;
			const char *base = record_get(p->orig, n), *mine = record_get(p->rec, n);
			if (strcmp(base != NULL ? base : "", mine != NULL ? mine : "") != 0)
				record_set(merged, n, mine);
		}
		replace(p, fresh, merged);
		set_editing(p, true);
		p->fv.dirty = true;
		status_info("%s", _("Reloaded; what you typed is kept. Check it and press F2 to save."));
	} else if (r == CONFLICT_THEIRS) {
		replace(p, fresh, record_dup(fresh));
		set_editing(p, false);
		draft_forget(a, "person", p->id);
		status_info("%s", _("Your changes were dropped; this is the record as saved."));
	} else
		record_free(fresh);
}

static void
save(struct person *p)
{
	struct app *a = p->base.app;
	if (formview_commit(&p->fv) < 0)
		return;
	if (formview_check(&p->fv) > 0)
		return;
	if (p->id != 0 && !changed(p)) {
		set_editing(p, false);
		status_info("%s", _("Nothing changed."));
		return;
	}
	if (db_actor_is_self(&a->actor)) {
		/* The record stays as it is until a clerk approves. */
		if (propose_send(a, "person", 0, p->form, p->orig, p->rec)) {
			draft_forget(a, "person", p->id);
			replace(p, p->orig, record_dup(p->orig));
			set_editing(p, false);
		}
		return;
	}
	char *err = NULL;
	int rc;
	int64_t new_id = 0;
	struct record *send = record_dup(p->rec);
	send->id = p->id;
	send->version = p->orig->version;
	if (p->id == 0)
		rc = db_person_insert(a->db, &a->actor, send, &new_id, &err);
	else
		rc = db_person_update(a->db, &a->actor, send, &err);
	record_free(send);
	if (rc == DB_CONFLICT && p->id != 0) {
		conflict(p, err != NULL ? err : "");
		free(err);
		return;
	}
	if (rc != DB_OK) {
		/* The data layer lists every problem, one per line: show the first. */
		char *msg = err != NULL ? err : xstrdup(_("The record was not saved."));
		msg[strcspn(msg, "\n")] = '\0';
		status_error("%s", msg);
		free(msg);
		return;
	}
	free(err);
	draft_forget(a, "person", p->id);
	if (p->id == 0)
		p->id = new_id;
	struct record *fresh = NULL;
	if (load(p, NULL, &fresh) == DB_OK)
		replace(p, fresh, record_dup(fresh));
	set_editing(p, false);
	status_info("%s", _("Saved."));
}

static bool
leave_edit(struct person *p)
{
	struct app *a = p->base.app;
	if (changed(p)) {
		int r = dialog_yesno(a, _("Unsaved changes"),
		    _("You have changed this record. Drop the changes?"));
		if (r != 1)
			return false;
	}
	if (p->id == 0) {
		p->base.done = true;
		return true;
	}
	replace(p, p->orig, record_dup(p->orig));
	set_editing(p, false);
	status_info("%s", _("Changes dropped."));
	return true;
}

/* ---- sub-record grids ---- */

static void
grid_load(void *ctx, int g, struct record ***rows, int *n)
{
	struct person *p = ctx;
	struct app *a = p->base.app;
	char *err = NULL;
	*rows = NULL;
	*n = 0;
	if (p->id == 0)
		return;
	if (db_item_list(a->db, &a->actor, p->id, p->form->grids[g].name, rows, n,
	    &err) != DB_OK)
		status_error("%s", err != NULL ? err : "");
	free(err);
}

/* After a row changed, the person's version moved on: read it again. */
static void
after_row_change(struct person *p, int g)
{
	struct record *fresh = NULL;
	if (load(p, NULL, &fresh) == DB_OK)
		replace(p, fresh, record_dup(fresh));
	formview_grid_reload(&p->fv, g);
}

static void
grid_open(void *ctx, int g, int i)
{
	struct person *p = ctx;
	struct app *a = p->base.app;
	if (p->editing) {
		status_error("%s", _("Save or cancel the edit of the record first."));
		return;
	}
	struct record *row = i >= 0 ? record_dup(p->fv.grid_rows[g][i]) : record_new();
	int saved = item_run(a, p->id, p->title, &p->form->grids[g], row, i < 0,
	    NULL);
	record_free(row);
	if (saved == 1)
		after_row_change(p, g);
}

static void
grid_remove(void *ctx, int g, int i)
{
	struct person *p = ctx;
	struct app *a = p->base.app;
	if (i < 0 || i >= p->fv.grid_n[g])
		return;
	if (dialog_yesno(a, _("Delete row"), _("Delete this row for good?")) != 1)
		return;
	char *err = NULL;
	if (db_item_delete(a->db, &a->actor, p->id, p->fv.grid_rows[g][i]->id, &err) != DB_OK)
		status_error("%s", err != NULL ? err : "");
	else {
		status_info("%s", _("Row deleted."));
		after_row_change(p, g);
	}
	free(err);
}

/* ---- actions ---- */

static int
pe_action(struct screen *s, int act)
{
	struct person *p = (struct person *)s;
	struct app *a = s->app;
	int g = formview_grid_page(&p->fv);
	switch (act) {
	case ACT_EDIT:
		if (p->editing || !(db_actor_may_write(&a->actor) ||
		    db_actor_is_self(&a->actor)))
			return 1;
		p->fv.self_only = db_actor_is_self(&a->actor);
		if (g >= 0) {
			status_error("%s", _("Open a row with Enter to change it."));
			return 1;
		}
		set_editing(p, true);
		status_info("%s", _("Editing: F2 saves, Esc cancels."));
		return 1;
	case ACT_SAVE:
		if (p->editing)
			save(p);
		return 1;
	case ACT_LOOKUP:
		if (p->editing) {
			lookup(p);
			return 1;
		}
		if (p->id == 0 || g >= 0 || !db_actor_may_write(&a->actor))
			return 1;
		/* A saved record: compare it with the register, in an edit that ends
		 * as it began when nothing is taken. */
		set_editing(p, true);
		lookup(p);
		if (!changed(p))
			set_editing(p, false);
		return 1;
	case ACT_BACK:
		if (p->editing)
			leave_edit(p);
		else
			s->done = true;
		set_keys(p);
		return 1;
	case ACT_PRINT:
		if (!p->editing && p->id != 0)
			resume_show(a, p->id);
		return 1;
	case ACT_SEARCH:
		if (!p->editing && db_actor_is_self(&a->actor))
			viewers_show(a, p->id);
		return 1;
	case ACT_NEW:
		if (g >= 0 && !p->editing && (db_actor_may_write(&a->actor) ||
		    (db_actor_is_self(&a->actor) && grid_proposable(p))))
			grid_open(p, g, -1);
		else if (g < 0 && !p->editing && db_actor_is_self(&a->actor))
			assets_run(a);
		return 1;
	case ACT_DELETE:
		if (g >= 0 && !p->editing && db_actor_may_write(&a->actor))
			grid_remove(p, g, p->fv.grid_lv[g].sel);
		return 1;
	default:
		return 0;
	}
}

static void
pe_hangup(struct screen *s)
{
	struct person *p = (struct person *)s;
	if (p->editing && changed(p))
		draft_keep(s->app, "person", p->id, 0, p->form, p->orig, p->rec,
		    p->title);
}

static void
pe_free(struct screen *s)
{
	struct person *p = (struct person *)s;
	formview_free(&p->fv);
	record_free(p->orig);
	record_free(p->rec);
	free(p);
}

static const struct screen_ops person_ops = {
	.title = pe_title,
	.draw = pe_draw,
	.key = pe_key,
	.action = pe_action,
	.idle = pe_idle,
	.hangup = pe_hangup,
	.free = pe_free,
};

static struct person *
person_new(struct app *a, int64_t id)
{
	char *err = NULL;
	const struct form *f = form_get("person", &err);
	if (f == NULL) {
		dialog_message(a, _("The record cannot be opened"), err != NULL ? err : "");
		free(err);
		return NULL;
	}
	struct person *p = xcalloc(1, sizeof *p);
	screen_init(&p->base, &person_ops, a);
	p->id = id;
	p->form = f;
	if (id != 0) {
		if (load(p, "open", &p->orig) != DB_OK) {
			free(p);
			return NULL;
		}
		p->rec = record_dup(p->orig);
	} else {
		p->orig = record_new();
		p->rec = record_new();
		/* Both copies: the defaults are nobody's typing, so an untouched new
		 * record leaves without a question. */
		for (int i = 0; i < f->nfields; i++)
			if (f->fields[i].def != NULL) {
				record_set(p->orig, f->fields[i].name, f->fields[i].def);
				record_set(p->rec, f->fields[i].name, f->fields[i].def);
			}
	}
	struct formview_grids grids = { grid_load, grid_open, grid_remove, p };
	formview_init(&p->fv, a, f, p->rec, &grids);
	set_title(p);
	set_keys(p);
	return p;
}

void
person_run(struct app *a, int64_t id)
{
	struct person *p = person_new(a, id);
	if (p == NULL)
		return;
	if (id == 0) {
		if (!db_actor_may_write(&a->actor)) {
			pe_free(&p->base);
			return;
		}
		set_editing(p, true);
	}
	app_run(a, &p->base);
}

void
person_run_draft(struct app *a, int64_t id, const struct record *typed,
    int64_t version)
{
	struct person *p = person_new(a, id);
	if (p == NULL)
		return;
	set_editing(p, true);
	for (int i = 0; i < typed->n; i++)
		if (form_field(p->form, typed->names[i]) != NULL)
			record_set(p->rec, typed->names[i], typed->values[i]);
	formview_set_record(&p->fv, p->rec);
	p->fv.dirty = true;
	set_title(p);
	if (id != 0 && version != p->orig->version)
		status_info("%s", _("Restored. Someone saved this record after you typed: "
		    "check before saving."));
	else
		status_info("%s", _("Restored what you had typed. F2 saves it."));
	app_run(a, &p->base);
}
