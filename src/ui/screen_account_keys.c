/*
 * An account's SSH public keys: each with its type, SHA256 fingerprint (as
 * `ssh-keygen -l` prints it on the person's computer, to compare) and comment. F7
 * adds one by pasting the line of its .pub file; F8 removes the selected one.
 */
#include "ui/screens.h"
#include "ui/account_ui.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/listview.h"
#include "ui/status.h"
#include "db/account.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct keys {
	struct screen           base;
	char                    user[64];
	struct account_key_info *k;
	int                      n;
	struct listview          lv;
};

static const struct screen_key keys_keys[] = {
	{ ACT_HELP, NULL }, { ACT_NEW, N_("Add key") }, { ACT_DELETE, N_("Remove key") },
	{ ACT_LANG, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};

static const char *
ky_title(struct screen *s)
{
	(void)s;
	return _("SSH keys");
}

static void
load(struct keys *ky)
{
	struct app *a = ky->base.app;
	char *err = NULL;
	free(ky->k);
	ky->k = NULL;
	ky->n = 0;
	if (db_account_key_list(a->db, &a->actor, ky->user, &ky->k, &ky->n, &err) != DB_OK)
		status_error("%s", err != NULL ? err : "");
	free(err);
	listview_set_count(&ky->lv, ky->n);
}

static void
key_row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct keys *ky = ctx;
	const struct account_key_info *k = &ky->k[i];
	enum draw_role r = selected ? DR_SELECTED : DR_NORMAL;
	draw_blank(y, x, w, r);
	char *line = xasprintf("%s %s %s", k->fingerprint, k->type, k->comment);
	char *fit = draw_fit_new(line, w);
	draw_text(y, x, fit, w, r);
	free(fit);
	free(line);
}

static void
ky_draw(struct screen *s, int top, int height, int width)
{
	struct keys *ky = (struct keys *)s;
	char *head = xasprintf(_("Keys of the account %s"), ky->user);
	draw_text(top, 0, head, width, DR_HEADING);
	free(head);
	if (ky->n == 0)
		draw_text(top + 2, 0, _("No SSH keys. F7 adds one."), width, DR_DIM);
	else
		listview_draw(&ky->lv, top + 2, 0, height - 2, width, key_row, ky);
}

static int
ky_action(struct screen *s, int act)
{
	struct keys *ky = (struct keys *)s;
	struct app *a = s->app;
	char *err = NULL;
	if (act == ACT_NEW) {
		char *line = dialog_input(a, _("Add key"), _("Public key line (ssh-ed25519 AAAA... "
		    "comment):"), NULL, 8000);
		if (line == NULL || line[0] == '\0') {
			free(line);
			return 1;
		}
		char fp[64];
		int rc = db_account_key_check(line, fp, &err);
		if (rc == DB_OK)
			rc = db_account_key_add(a->db, &a->actor, ky->user, line, &err);
		if (rc == DB_OK)
			status_info(_("Key %s added."), fp);
		else
			status_error("%s", err != NULL ? err : "");
		free(line);
		free(err);
		load(ky);
		return 1;
	}
	if (act == ACT_DELETE && ky->n > 0) {
		const struct account_key_info *k = &ky->k[ky->lv.sel];
		char *q = xasprintf(_("Remove the key %s (%s) from %s? It will no longer sign in."),
		    k->fingerprint, k->comment, ky->user);
		int yes = dialog_yesno(a, _("Remove key"), q);
		free(q);
		if (yes == 1) {
			if (db_account_key_remove(a->db, &a->actor, ky->user, k->fingerprint, &err)
			    == DB_OK)
				status_info("%s", _("Key removed."));
			else
				status_error("%s", err != NULL ? err : "");
			free(err);
			load(ky);
		}
		return 1;
	}
	return 0;
}

static int
ky_key(struct screen *s, int key)
{
	struct keys *ky = (struct keys *)s;
	return listview_key(&ky->lv, key) != LV_IGNORED;
}

static void
ky_free(struct screen *s)
{
	struct keys *ky = (struct keys *)s;
	free(ky->k);
	free(ky);
}

static const struct screen_ops keys_ops = {
	.title = ky_title,
	.draw = ky_draw,
	.key = ky_key,
	.action = ky_action,
	.free = ky_free,
};

void
account_keys_run(struct app *a, const char *username)
{
	struct keys *ky = xcalloc(1, sizeof *ky);
	screen_init(&ky->base, &keys_ops, a);
	ky->base.keys = keys_keys;
	snprintf(ky->user, sizeof ky->user, "%s", username);
	listview_init(&ky->lv);
	load(ky);
	app_run(a, &ky->base);
}
