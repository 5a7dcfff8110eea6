/*
 * Whose sessions an administrator may see and end: the accounts of its agency
 * subtree (account_scope.c). The national administrator's: every account.
 */
#ifndef HOSO_DB_ACCOUNT_SCOPE_H
#define HOSO_DB_ACCOUNT_SCOPE_H
#include "db/db.h"
#include <stdbool.h>

/* *in: the account named username exists and its agency lies in who's scope (a
 * missing account is outside every agency's, the national administrator's too). */
int db_account_in_scope(struct db *db, const struct actor *who, const char *username,
    bool *in, char **err);
#endif
