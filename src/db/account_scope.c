/* Accounts within an actor's agency scope (account_scope.h). */
#include "db/account_scope.h"
#include "db/db_internal.h"
#include <string.h>

int
db_account_in_scope(struct db *db, const struct actor *who, const char *username,
    bool *in, char **err)
{
	*in = false;
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(o.path, '/') FROM account a LEFT JOIN"
	    " org o ON o.id = a.org_id WHERE a.username = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*in = db_scope_covers(who, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
