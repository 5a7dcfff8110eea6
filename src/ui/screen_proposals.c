/*
 * Proposals to review (clerks and administrators: the pending proposals of their
 * agency's people) and My proposals (a self account: its own, with the outcome
 * and the reason). One proposal is read field by field, before and after; a clerk
 * approves it (F2), corrects then approves it (F4), or returns it with a reason
 * (F8). The data layer decides who may do what; the keys only follow it.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/status.h"
#include "ui/textview.h"
#include "db/proposal.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct form *
kind_form(const char *kind)
{
	const struct form *pf = form_get("person", NULL);
	if (pf == NULL || strcmp(kind, "person") == 0)
		return pf;
	const struct form_grid *g = form_grid(pf, kind);
	return g != NULL ? form_get(g->form, NULL) : NULL;
}

static const char *
kind_label(const char *kind)
{
	const struct form *pf = form_get("person", NULL);
	const struct form_grid *g = pf != NULL ? form_grid(pf, kind) : NULL;
	return g != NULL ? _(g->label) : _("Personnel record");
}

static const char *
state_label(const char *state)
{
	if (strcmp(state, "pending") == 0)
		return _("waiting for review");
	return strcmp(state, "approved") == 0 ? _("approved") : _("returned");
}

/* A value as a person reads it (a code's label, a date as DD/MM/YYYY). */
static void
add_value(struct strbuf *sb, const struct form *f, const char *name, const char *v)
{
	const struct form_field *fl = f != NULL ? form_field(f, name) : NULL;
	if (v == NULL || *v == '\0') {
		sb_adds(sb, _("(empty)"));
		return;
	}
	char *shown = fl != NULL ? form_value_display_new(fl, v) : xstrdup(v);
	sb_adds(sb, shown);
	free(shown);
}

static char *
describe_new(const struct proposal *p)
{
	const struct form *f = kind_form(p->kind);
	struct strbuf sb;
	sb_init(&sb);
	char at[17];
	if (!showtime_format(p->proposed_at, at))
		snprintf(at, sizeof at, "%.16s", p->proposed_at);
	sb_addf(&sb, "%s — %s\n", p->full_name, p->id_number);
	sb_addf(&sb, _("Proposed by %s at %s: %s%s\n"), p->proposed_by, at,
	    kind_label(p->kind), strcmp(p->kind, "person") != 0 && p->item_id == 0 ?
	    _(" (a new row)") : "");
	sb_addf(&sb, _("State: %s\n\n"), state_label(p->state));
	for (int i = 0; i < p->after->n; i++) {
		const char *name = p->after->names[i];
		const struct form_field *fl = f != NULL ? form_field(f, name) : NULL;
		sb_addf(&sb, "%s\n    %s ", fl != NULL ? _(fl->label) : name, _("before:"));
		add_value(&sb, f, name, record_get(p->before, name));
		sb_addf(&sb, "\n    %s ", _("after: "));
		add_value(&sb, f, name, p->after->values[i]);
		const char *w = p->written != NULL ? record_get(p->written, name) : NULL;
		if (w != NULL && strcmp(w, p->after->values[i]) != 0) {
			sb_addf(&sb, "\n    %s ", _("written:"));
			add_value(&sb, f, name, w);
		}
		sb_addc(&sb, '\n');
	}
	if (p->decided_by[0]) {
		if (!showtime_format(p->decided_at, at))
			snprintf(at, sizeof at, "%.16s", p->decided_at);
		sb_addf(&sb, _("\n%s by %s at %s\n"), state_label(p->state), p->decided_by, at);
	}
	if (p->reason[0])
		sb_addf(&sb, _("Reason: %s\n"), p->reason);
	return sb_detach(&sb);
}

/* The clerk's corrections: each proposed value offered for change. NULL on Esc. */
static struct record *
corrections_new(struct app *a, const struct proposal *p)
{
	const struct form *f = kind_form(p->kind);
	struct record *c = record_new();
	for (int i = 0; i < p->after->n; i++) {
		const struct form_field *fl = f != NULL ? form_field(f, p->after->names[i]) :
		    NULL;
		char *v = dialog_input(a, _("Correct then approve"), fl != NULL ?
		    _(fl->label) : p->after->names[i], p->after->values[i],
		    fl != NULL && fl->maxlen > 0 ? fl->maxlen : 250);
		if (v == NULL) {
			record_free(c);
			return NULL;
		}
		record_set(c, p->after->names[i], v);
		free(v);
	}
	return c;
}

static int
detail_action(void *ctx, int act)
{
	(void)ctx;
	return act == ACT_SAVE || act == ACT_EDIT || act == ACT_DELETE ? 2 : 0;
}

/* One proposal; a clerk decides on a pending one. */
static void
review_one(struct app *a, int64_t id)
{
	struct proposal p;
	char *err = NULL;
	if (db_proposal_get(a->db, &a->actor, id, &p, &err) != DB_OK) {
		dialog_message(a, _("Proposals"), err != NULL ? err : "");
		free(err);
		return;
	}
	char *text = describe_new(&p);
	bool decide = db_actor_may_write(&a->actor) && strcmp(p.state, "pending") == 0;
	const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_SAVE, N_("Approve") },
		{ ACT_EDIT, N_("Correct then approve") }, { ACT_DELETE, N_("Return") },
		{ ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	struct textview_opts o = { keys, detail_action, NULL };
	int act = textview_run(a, _("Proposal"), text, decide ? &o : NULL);
	free(text);
	int rc = -1;
	if (decide && act == ACT_SAVE)
		rc = db_proposal_approve(a->db, &a->actor, id, NULL, &err);
	else if (decide && act == ACT_EDIT) {
		struct record *c = corrections_new(a, &p);
		if (c != NULL)
			rc = db_proposal_approve(a->db, &a->actor, id, c, &err);
		record_free(c);
	} else if (decide && act == ACT_DELETE) {
		char *why = dialog_input(a, _("Return the proposal"),
		    _("Reason (the person reads it)"), "", 500);
		if (why != NULL)
			rc = db_proposal_return(a->db, &a->actor, id, why, &err);
		free(why);
	}
	if (rc == DB_OK)
		status_info("%s", act == ACT_DELETE ? _("Returned to the person.") :
		    _("Approved and written to the record."));
	else if (rc != -1) {
		char *msg = err != NULL ? err : xstrdup(_("Nothing was changed."));
		msg[strcspn(msg, "\n")] = '\0';
		dialog_message(a, _("Proposal"), msg);
		free(msg);
		err = NULL;
	}
	free(err);
	db_proposal_clear(&p);
}

void
proposals_run(struct app *a)
{
	bool self = db_actor_is_self(&a->actor);
	int sel = 0;
	while (a->quit == APP_RUNNING) {
		struct proposal *v;
		int n;
		char *err = NULL;
		if (db_proposal_list(a->db, &a->actor, self ? NULL : "pending", &v, &n,
		    &err) != DB_OK) {
			dialog_message(a, _("Proposals"), err != NULL ? err : "");
			free(err);
			return;
		}
		if (n == 0) {
			dialog_message(a, self ? _("My proposals") : _("Proposals to review"),
			    self ? _("You have proposed no changes.") :
			    _("No proposals are waiting for review."));
			db_proposals_free(v, n);
			return;
		}
		struct menu_item *items = xcalloc((size_t)n, sizeof *items);
		char **labels = xcalloc((size_t)n, sizeof *labels);
		for (int i = 0; i < n; i++) {
			char at[17];
			if (!showtime_format(v[i].proposed_at, at))
				snprintf(at, sizeof at, "%.16s", v[i].proposed_at);
			labels[i] = self ? xasprintf("%s  %s: %s", at, kind_label(v[i].kind),
			    state_label(v[i].state)) : xasprintf("%s  %s  %s", at,
			    v[i].full_name, kind_label(v[i].kind));
			items[i] = (struct menu_item){ i, i < 9 ? (char)('1' + i) : ' ',
			    labels[i] };
		}
		int chosen = menu_run(a, self ? N_("My proposals") : N_("Proposals to review"),
		    items, n, &sel);
		int64_t id = chosen >= 0 && chosen < n ? v[chosen].id : 0;
		for (int i = 0; i < n; i++)
			free(labels[i]);
		free(labels);
		free(items);
		db_proposals_free(v, n);
		if (id == 0)
			return;
		review_one(a, id);
	}
}
