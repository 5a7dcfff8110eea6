/*
 * The main menu. It lists only what the account's role may do; the data layer
 * checks every action again, so the menu is about not offering doors that are
 * locked, not about locking them.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/status.h"
#include "ui/textview.h"
#include "db/account.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

enum { M_SEARCH = 1, M_NEW, M_ACCOUNTS, M_LANG, M_SIGNOUT, M_QUIT };

static void
show_accounts(struct app *a)
{
	struct account_info *acc = NULL;
	int n = 0;
	char *err = NULL;
	if (db_account_list(a->db, &a->actor, &acc, &n, &err) != DB_OK) {
		dialog_message(a, _("Accounts"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < n; i++) {
		sb_addf(&sb, "%-16s %-14s %s%s\n", acc[i].username,
		    db_role_name(acc[i].role), acc[i].org_code,
		    acc[i].locked ? _(" (locked)") : "");
		if (acc[i].full_name[0])
			sb_addf(&sb, "    %s\n", acc[i].full_name);
	}
	if (n == 0)
		sb_adds(&sb, _("No accounts."));
	textview_run(a, _("Accounts"), sb.buf, NULL);
	sb_free(&sb);
	free(acc);
}

/* The language the account opens in at every sign-in; switched now too. */
static void
account_language(struct app *a)
{
	const char *buttons[2] = { "Tiếng Việt", "English" };
	int r = dialog_choice(a, _("Language of my account"),
	    _("Which language should your account open in?"), buttons, 2);
	if (r < 0)
		return;
	const char *lang = r == 0 ? "vi" : "en";
	char *err = NULL;
	if (db_account_set_lang(a->db, &a->actor, a->actor.username, lang, &err) != DB_OK) {
		status_error("%s", err != NULL ? err : "");
		free(err);
		return;
	}
	snprintf(a->actor.lang, sizeof a->actor.lang, "%s", lang);
	i18n_init(lang);
	status_info("%s", _("Language: English"));
}

void
mainmenu_run(struct app *a)
{
	struct menu_item items[8];
	int n = 0, sel = 0;
	items[n++] = (struct menu_item){ M_SEARCH, N_("Find a person's record") };
	if (db_actor_may_write(&a->actor))
		items[n++] = (struct menu_item){ M_NEW, N_("New record") };
	if (db_actor_may_manage_accounts(&a->actor))
		items[n++] = (struct menu_item){ M_ACCOUNTS, N_("Accounts") };
	items[n++] = (struct menu_item){ M_LANG, N_("Language of my account") };
	items[n++] = (struct menu_item){ M_SIGNOUT, N_("Sign out") };
	items[n++] = (struct menu_item){ M_QUIT, N_("Quit") };
	while (a->quit == APP_RUNNING) {
		int id = menu_run(a, N_("Main menu"), items, n, &sel);
		switch (id) {
		case M_SEARCH:
			search_run(a);
			break;
		case M_NEW:
			person_run(a, 0);
			break;
		case M_ACCOUNTS:
			show_accounts(a);
			break;
		case M_LANG:
			account_language(a);
			break;
		case M_SIGNOUT:
			a->quit = APP_SIGNOUT;
			break;
		case M_QUIT:
			a->quit = APP_EXIT;
			break;
		default:
			if (a->quit != APP_RUNNING)
				return;
			if (dialog_yesno(a, _("Quit"), _("Leave the program?")) == 1)
				a->quit = APP_EXIT;
			break;
		}
	}
}
