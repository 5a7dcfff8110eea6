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

enum { MM_ACCOUNTS = 1, MM_SESSIONS = 2, MM_ORGS = 3, MM_CODES = 4, MM_BACKUPS = 5,
    MM_AUDIT = 6, MM_HEALTH = 7, MM_IMPEXP = 8 };

void
maint_run(struct app *a)
{
	struct menu_item items[10];
	int n = 0, sel = 0;
	if (db_actor_may_manage_accounts(&a->actor))
		items[n++] = (struct menu_item){ MM_ACCOUNTS, '1', N_("Accounts") };
	if (db_actor_may_read_audit(&a->actor))
		items[n++] = (struct menu_item){ MM_SESSIONS, '2', N_("Signed-in sessions") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ MM_ORGS, '3', N_("Agency tree") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ MM_CODES, '4', N_("Code lists") };
	if (db_actor_may_back_up(&a->actor))
		items[n++] = (struct menu_item){ MM_BACKUPS, '5', N_("Backups") };
	if (db_actor_may_read_audit(&a->actor))
		items[n++] = (struct menu_item){ MM_AUDIT, '6', N_("Audit trail") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ MM_HEALTH, '7', N_("Health") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ MM_IMPEXP, '8', N_("Import and export") };
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
		case MM_SESSIONS:
			sessions_run(a);
			break;
		case MM_BACKUPS:
			backups_run(a);
			break;
		case MM_AUDIT:
			audit_run(a);
			break;
		case MM_HEALTH:
			health_run(a);
			break;
		case MM_IMPEXP:
			impexp_run(a);
			break;
		default:
			return;
		}
	}
}
