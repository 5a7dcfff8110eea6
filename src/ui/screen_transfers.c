/*
 * Main menu → 3 Transfers: the people arriving at the account's agencies and
 * those leaving them (db/transfer.h), late ones marked; Enter takes an arriving
 * person over (No is the default answer), F7 starts a transfer out: the ID
 * number, the receiving agency from the tree, the date and the decision.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/listview.h"
#include "ui/orgpicker.h"
#include "ui/status.h"
#include "db/transfer.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct transfers {
	struct screen         base;
	struct transfer_info *v;
	int                   n;
	struct listview       lv;
};

static const struct screen_key transfer_keys[] = {
	{ ACT_OPEN, N_("Take over") }, { ACT_NEW, N_("Transfer out") },
	{ ACT_RELOAD, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};

static const char *
tr_title(struct screen *s)
{
	(void)s;
	return _("Transfers");
}

static void
load(struct transfers *t)
{
	struct app *a = t->base.app;
	free(t->v);
	t->v = NULL;
	t->n = 0;
	char *err = NULL;
	if (db_transfer_list(a->db, &a->actor, false, false, NULL, &t->v, &t->n, &err) !=
	    DB_OK) {
		status_error("%s", err != NULL ? err : "");
		free(err);
	}
	/* Arriving first: what waits for this agency's hand. */
	int k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = k; i < t->n; i++)
			if (t->v[i].arriving == (pass == 0)) {
				struct transfer_info x = t->v[i];
				memmove(&t->v[k + 1], &t->v[k], sizeof x * (size_t)(i - k));
				t->v[k++] = x;
			}
	listview_set_count(&t->lv, t->n);
}

static const char *
state_of(const struct transfer_info *x)
{
	return x->accepted_at[0] ? _("taken over") : x->late ? _("LATE") : _("waiting");
}

static void
row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct transfers *t = ctx;
	const struct transfer_info *v = &t->v[i];
	enum draw_role r = selected ? DR_SELECTED : v->late ? DR_ERROR : DR_NORMAL;
	draw_blank(y, x, w, r);
	char d[11];
	date_display(v->date, d);
	char *line = xasprintf("%-9s %-10s %s  %s  %s  %s -> %s", v->arriving ?
	    _("arriving") : _("leaving"), state_of(v), d, v->id_number, v->full_name,
	    v->from_code, v->to_code);
	char *fit = draw_fit_new(line, w - 1);
	draw_text(y, x + 1, fit, w - 1, r);
	free(fit);
	free(line);
}

static void
tr_draw(struct screen *s, int top, int height, int width)
{
	struct transfers *t = (struct transfers *)s;
	draw_text(top, 0, _("Arriving and leaving; not taken over within 10 working days: "
	    "late."), width, DR_DIM);
	if (t->n == 0)
		draw_text(top + 2, 1, _("No transfers."), width - 1, DR_DIM);
	listview_draw(&t->lv, top + 2, 0, height - 2, width, row, t);
}

static void
take_over(struct transfers *t)
{
	struct app *a = t->base.app;
	if (t->n == 0)
		return;
	struct transfer_info x = t->v[t->lv.sel];
	if (!x.arriving || x.accepted_at[0]) {
		status_error("%s", _("Only a person arriving and not yet taken over can be "
		    "taken over here."));
		return;
	}
	char d[11];
	date_display(x.date, d);
	char *q = xasprintf(_("Take over %s (%s) from %s, from %s? The record moves to %s."),
	    x.full_name, x.id_number, x.from_code, d, x.to_code);
	const char *buttons[2] = { _("No"), _("Yes") };
	int r = dialog_choice(a, _("Take over"), q, buttons, 2);
	free(q);
	if (r != 1)
		return;
	char *err = NULL;
	if (db_transfer_accept(a->db, &a->actor, x.id_number, NULL, &err) == DB_OK)
		status_info(_("%s taken over."), x.full_name);
	else {
		dialog_message(a, _("Take over"), err != NULL ? err : "");
		free(err);
	}
	load(t);
}

int
transfer_out_run(struct app *a, const char *id_number)
{
	char *id = id_number != NULL ? xstrdup(id_number) :
	    dialog_input(a, _("Transfer out"), _("ID number:"), "", 12);
	if (id == NULL)
		return 0;
	char to[40];
	char today[11], shown[11];
	date_today(today);
	date_display(today, shown);
	char *date = NULL, *decision = NULL;
	int started = 0;
	if (orgpicker_run(a, _("Transfer to which agency?"), NULL, true, to) == 1 &&
	    (date = dialog_input(a, _("Transfer out"), _("From (DD/MM/YYYY):"), shown, 10)) !=
	    NULL &&
	    (decision = dialog_input(a, _("Transfer out"), _("Decision:"), "", 200)) != NULL) {
		char *err = NULL;
		if (db_transfer_start(a->db, &a->actor, id, to, date, decision, &err) == DB_OK) {
			status_info(_("Transfer of %s to %s started."), id, to);
			started = 1;
		} else {
			dialog_message(a, _("Transfer out"), err != NULL ? err : "");
			free(err);
		}
	}
	free(id);
	free(date);
	free(decision);
	return started;
}

static void
transfer_out(struct transfers *t)
{
	transfer_out_run(t->base.app, NULL);
	load(t);
}

static int
tr_action(struct screen *s, int act)
{
	struct transfers *t = (struct transfers *)s;
	switch (act) {
	case ACT_OPEN:	take_over(t); return 1;
	case ACT_NEW:	transfer_out(t); return 1;
	case ACT_RELOAD: load(t); return 1;
	default:	return 0;
	}
}

static int
tr_key(struct screen *s, int key)
{
	struct transfers *t = (struct transfers *)s;
	if (key == K_ENTER) {
		take_over(t);
		return 1;
	}
	return listview_key(&t->lv, key) != LV_IGNORED;
}

static void
tr_free(struct screen *s)
{
	struct transfers *t = (struct transfers *)s;
	free(t->v);
	free(t);
}

static const struct screen_ops transfer_ops = {
	.title = tr_title,
	.draw = tr_draw,
	.key = tr_key,
	.action = tr_action,
	.free = tr_free,
};

void
transfers_run(struct app *a)
{
	struct transfers *t = xcalloc(1, sizeof *t);
	screen_init(&t->base, &transfer_ops, a);
	t->base.keys = transfer_keys;
	listview_init(&t->lv);
	load(t);
	app_run(a, &t->base);
}
