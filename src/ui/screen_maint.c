/*
 * The maintenance menu of the administrators. Like the main menu, an entry keeps
 * its number for every role that sees it, and the data layer checks each action
 * again with the account's role and agency scope.
 */
#include "ui/screens.h"
#include "ui/menu.h"
#include "db/role.h"
#include "core/i18n.h"

#include <stdlib.h>

enum { MM_ACCOUNTS = 1, MM_ORGS = 3, MM_CODES = 4 };

void
maint_run(struct app *a)
{
	struct menu_item items[10];
	int n = 0, sel = 0;
	if (db_actor_may_manage_accounts(&a->actor))
		items[n++] = (struct menu_item){ MM_ACCOUNTS, '1', N_("Accounts") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ MM_ORGS, '3', N_("Agency tree") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ MM_CODES, '4', N_("Code lists") };
	while (a->quit == APP_RUNNING) {
		int id = menu_run(a, N_("Maintenance"), items, n, &sel);
		switch (id) {
		case MM_ACCOUNTS:
			accounts_run(a);
			break;
		case MM_CODES:
			codes_run(a);
			break;
		case MM_ORGS:
			orgtree_run(a);
			break;
		default:
			return;
		}
	}
}
