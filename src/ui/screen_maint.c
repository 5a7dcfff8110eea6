/*
 * The maintenance menu of the administrators. Like the main menu, an entry keeps
 * its number for every role that sees it, and the data layer checks each action
 * again with the account's role and agency scope.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/textview.h"
#include "db/account.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/strbuf.h"

#include <stdlib.h>

enum { MM_ACCOUNTS = 1 };

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

void
maint_run(struct app *a)
{
	struct menu_item items[10];
	int n = 0, sel = 0;
	if (db_actor_may_manage_accounts(&a->actor))
		items[n++] = (struct menu_item){ MM_ACCOUNTS, '1', N_("Accounts") };
	while (a->quit == APP_RUNNING) {
		int id = menu_run(a, N_("Maintenance"), items, n, &sel);
		switch (id) {
		case MM_ACCOUNTS:
			show_accounts(a);
			break;
		default:
			return;
		}
	}
}
