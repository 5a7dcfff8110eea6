/*
 * The Accounts screen of the Maintenance menu: the accounts this administrator
 * manages (the data layer lists its subtree only), narrowed as one types, without
 * diacritics, by account name, full name or agency; Enter on one offers what can be
 * done to it (edit, lock or unlock, reset the password, SSH keys), F7 makes a new
 * one. Every change is the data layer's to allow and audit; the screen only offers.
 */
#include "ui/screens.h"
#include "ui/account_ui.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/listview.h"
#include "ui/menu.h"
#include "ui/status.h"
#include "db/account.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct accounts {
	struct screen        base;
	struct lineedit      find;
	char                *asked;	/* the find text the list was narrowed by */
	struct account_info *all;
	int                  n;
	int                 *shown;	/* indexes into all */
	int                  nshown;
	struct listview      lv;
};

static const struct screen_key accounts_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, N_("Actions") }, { ACT_EDIT, NULL },
	{ ACT_NEW, N_("New account") }, { ACT_LANG, NULL }, { ACT_BACK, NULL },
	{ ACT_NONE, NULL }
};

static const char *
ac_title(struct screen *s)
{
	(void)s;
	return _("Accounts");
}

/* Does the account match the folded words typed (each in one of its names)? */
static bool
matches(const struct account_info *a, const char *key)
{
	if (key == NULL || *key == '\0')
		return true;
	char *joined = xasprintf("%s %s %s %s", a->username, a->full_name, a->org_code,
	    a->org_name);
	char *hay = codes_key_new(joined);
	free(joined);
	bool all = hay != NULL;
	char *words = xstrdup(key), *save = NULL;
	for (char *w = strtok_r(words, " ", &save); all && w != NULL; w = strtok_r(NULL, " ", &save))
		all = strstr(hay, w) != NULL;
	free(words);
	free(hay);
	return all;
}

static void
refilter(struct accounts *ac)
{
	char *typed = lineedit_text_new(&ac->find);
	char *key = codes_key_new(typed);
	free(ac->asked);
	ac->asked = typed;
	ac->nshown = 0;
	for (int i = 0; i < ac->n; i++)
		if (matches(&ac->all[i], key))
			ac->shown[ac->nshown++] = i;
	free(key);
	listview_set_count(&ac->lv, ac->nshown);
}

/* Read the list again (after a change), keeping the selected account selected. */
static void
reload(struct accounts *ac, const char *select)
{
	struct app *a = ac->base.app;
	struct account_info *v = NULL;
	int n = 0;
	char *err = NULL;
	if (db_account_list(a->db, &a->actor, &v, &n, &err) != DB_OK) {
		status_error("%s", err != NULL ? err : _("The accounts could not be read."));
		free(err);
		return;
	}
	free(ac->all);
	free(ac->shown);
	ac->all = v;
	ac->n = n;
	ac->shown = xcalloc((size_t)n + 1, sizeof *ac->shown);
	refilter(ac);
	for (int i = 0; select != NULL && i < ac->nshown; i++)
		if (strcmp(ac->all[ac->shown[i]].username, select) == 0)
			ac->lv.sel = i;
}

/* Columns: account, role, agency code, agency name, state, last sign-in. The
 * agency's name gets a column when there is room (past 80 columns); the selected
 * account's name and agency always show on the detail line under the list. */
static void
columns(int width, int w[6])
{
	w[0] = 13;
	w[1] = 22;
	w[2] = 14;
	w[4] = 10;
	w[5] = 16;
	w[3] = width - w[0] - w[1] - w[2] - w[4] - w[5] - 5;
	if (w[3] < 12)
		w[3] = 0;
}

static const char *
state_label(const struct account_info *a)
{
	return a->locked ? _("locked") : a->must_change ? _("reset") : "";
}

const char *
account_role_label(enum role r)
{
	const struct code_list *cl = codes_get("role", NULL);
	const struct code_item *it = cl != NULL ? codes_find(cl, db_role_name(r)) : NULL;
	return it != NULL ? codes_label(it) : db_role_name(r);
}

static void
acc_row(void *ctx, int i, int y, int x, int width, bool selected)
{
	struct accounts *ac = ctx;
	const struct account_info *a = &ac->all[ac->shown[i]];
	enum draw_role r = selected ? DR_SELECTED : DR_NORMAL;
	int w[6];
	columns(width, w);
	draw_blank(y, x, width, r);
	const char *cell[6] = { a->username, account_role_label(a->role),
	    a->org_code[0] ? a->org_code : "-", a->org_name, state_label(a), "" };
	char when[17] = "";
	if (a->last_login[0]) {
		showtime_format(a->last_login, when);
		if (w[5] < 16)
			memmove(when, when + 6, 11);	/* "HH:MM " off: the date */
	}
	cell[5] = when;
	for (int c = 0; c < 6; c++) {
		if (w[c] > 0) {
			char *fit = draw_fit_new(cell[c], w[c]);
			draw_text(y, x, fit, w[c], c == 4 && a->locked && !selected ? DR_ERROR : r);
			free(fit);
		}
		if (w[c] > 0)
			x += w[c] + 1;
	}
}

static void
ac_draw(struct screen *s, int top, int height, int width)
{
	struct accounts *ac = (struct accounts *)s;
	const char *label = _("Find:");
	int lw = draw_width(label) + 1;
	draw_text(top, 0, label, lw, DR_LABEL);
	s->cy = top;
	s->cx = lineedit_draw(&ac->find, top, lw, width - lw - 1 < 40 ? width - lw - 1 : 40,
	    DR_INPUT);
	char *count = xasprintf(_("%d of %d accounts"), ac->nshown, ac->n);
	int cw = draw_width(count);
	if (lw + 42 + cw < width)
		draw_text(top, width - cw, count, cw, DR_DIM);
	free(count);
	int w[6];
	columns(width, w);
	const char *head[6] = { _("Account"), _("Role"), _("Agency code"), _("Agency name"),
	    _("State"), _("Last sign-in") };
	for (int c = 0, x = 0; c < 6; c++)
		if (w[c] > 0) {
			char *fit = draw_fit_new(head[c], w[c]);
			draw_text(top + 2, x, fit, w[c], DR_HEADING);
			free(fit);
			x += w[c] + 1;
		}
	int rows = height - 5 > 1 ? height - 5 : 1;
	const struct account_info *sel = ac->nshown > 0 ? &ac->all[ac->shown[ac->lv.sel]] : NULL;
	if (sel != NULL) {
		char *detail = xasprintf("%s: %s%s%s", sel->username,
		    sel->full_name[0] ? sel->full_name : "-", sel->org_name[0] ? " · " : "",
		    sel->org_name);
		char *fit = draw_fit_new(detail, width);
		draw_hline(top + height - 2, 0, width);
		draw_text(top + height - 1, 0, fit, width, DR_DIM);
		free(fit);
		free(detail);
	}
	if (ac->nshown == 0)
		draw_text(top + 3, 0, ac->n == 0 ? _("No accounts.") :
		    _("No account matches."), width, DR_DIM);
	else
		listview_draw(&ac->lv, top + 3, 0, rows, width, acc_row, ac);
}

static struct account_info *
selected(struct accounts *ac)
{
	return ac->nshown > 0 ? &ac->all[ac->shown[ac->lv.sel]] : NULL;
}

static void
lock_toggle(struct accounts *ac, const struct account_info *acc)
{
	struct app *a = ac->base.app;
	char *q = xasprintf(acc->locked ? _("Unlock the account %s?") :
	    _("Lock the account %s? It will no longer sign in."), acc->username);
	int yes = dialog_yesno(a, acc->locked ? _("Unlock") : _("Lock"), q);
	free(q);
	if (yes != 1)
		return;
	char *err = NULL;
	if (db_account_set_locked(a->db, &a->actor, acc->username, !acc->locked, &err) != DB_OK)
		status_error("%s", err != NULL ? err : "");
	else
		status_info(acc->locked ? _("Account %s unlocked.") : _("Account %s locked."),
		    acc->username);
	free(err);
}

static void
reset_password(struct accounts *ac, const struct account_info *acc)
{
	struct app *a = ac->base.app;
	char *q = xasprintf(_("Give %s a new temporary password? The present one stops "
	    "working, and the person must choose a new one at the next sign-in."),
	    acc->username);
	int yes = dialog_yesno(a, _("Reset password"), q);
	free(q);
	if (yes != 1)
		return;
	char tmp[ACCOUNT_TMP_PASSWORD_LEN + 1], *err = NULL;
	if (db_account_reset_password(a->db, &a->actor, acc->username, tmp, &err) != DB_OK) {
		status_error("%s", err != NULL ? err : "");
		free(err);
		return;
	}
	char *text = xasprintf(_("Temporary password of %s:\n\n    %s\n\nIt is shown this once: "
	    "give it to the person. They must choose their own at the next sign-in."),
	    acc->username, tmp);
	dialog_message(a, _("Reset password"), text);
	sodium_memzero(text, strlen(text));
	sodium_memzero(tmp, sizeof tmp);
	free(text);
}

enum { DO_EDIT = 1, DO_LOCK, DO_RESET, DO_KEYS };

static void
actions(struct accounts *ac)
{
	struct account_info *acc = selected(ac);
	if (acc == NULL)
		return;
	struct app *a = ac->base.app;
	char name[64];
	snprintf(name, sizeof name, "%s", acc->username);
	struct menu_item items[4] = {
		{ DO_EDIT, '1', N_("Edit") },
		{ DO_LOCK, '2', acc->locked ? N_("Unlock") : N_("Lock") },
		{ DO_RESET, '3', N_("Reset password") },
		{ DO_KEYS, '4', N_("SSH keys") },
	};
	int sel = 0;
	switch (menu_run(a, N_("What to do with the account?"), items, 4, &sel)) {
	case DO_EDIT:
		account_form_run(a, acc);
		break;
	case DO_LOCK:
		lock_toggle(ac, acc);
		break;
	case DO_RESET:
		reset_password(ac, acc);
		break;
	case DO_KEYS:
		account_keys_run(a, acc->username);
		break;
	default:
		return;
	}
	reload(ac, name);
}

static int
ac_action(struct screen *s, int act)
{
	struct accounts *ac = (struct accounts *)s;
	struct app *a = s->app;
	if (act == ACT_OPEN) {
		actions(ac);
		return 1;
	}
	if (act == ACT_EDIT) {
		struct account_info *acc = selected(ac);
		if (acc != NULL) {
			char name[64];
			snprintf(name, sizeof name, "%s", acc->username);
			account_form_run(a, acc);
			reload(ac, name);
		}
		return 1;
	}
	if (act == ACT_NEW) {
		char made[64] = "";
		account_form_new(a, made);
		reload(ac, made[0] ? made : NULL);
		return 1;
	}
	return 0;
}

static int
ac_key(struct screen *s, int key)
{
	struct accounts *ac = (struct accounts *)s;
	if (key == K_ENTER)
		return ac_action(s, ACT_OPEN);
	if (listview_key(&ac->lv, key) != LV_IGNORED)
		return 1;
	if (lineedit_key(&ac->find, key)) {
		char *now = lineedit_text_new(&ac->find);
		if (ac->asked == NULL || strcmp(now, ac->asked) != 0)
			refilter(ac);
		free(now);
		return 1;
	}
	return 0;
}

static void
ac_free(struct screen *s)
{
	struct accounts *ac = (struct accounts *)s;
	lineedit_free(&ac->find);
	free(ac->asked);
	free(ac->all);
	free(ac->shown);
	free(ac);
}

static const struct screen_ops accounts_ops = {
	.title = ac_title,
	.draw = ac_draw,
	.key = ac_key,
	.action = ac_action,
	.free = ac_free,
};

void
accounts_run(struct app *a)
{
	if (!db_actor_may_manage_accounts(&a->actor))
		return;
	struct accounts *ac = xcalloc(1, sizeof *ac);
	screen_init(&ac->base, &accounts_ops, a);
	ac->base.keys = accounts_keys;
	lineedit_init(&ac->find, 60);
	listview_init(&ac->lv);
	reload(ac, NULL);
	status_hint(_("Type to narrow the list; Enter: what to do with the account."));
	app_run(a, &ac->base);
	status_hint(NULL);
}
