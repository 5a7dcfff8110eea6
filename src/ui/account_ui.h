/*
 * The pieces of the Accounts screen (screen_accounts.c): the New/Edit form
 * (screen_account_form.c) and an account's SSH keys (screen_account_keys.c).
 */
#ifndef HOSO_UI_ACCOUNT_UI_H
#define HOSO_UI_ACCOUNT_UI_H
#include "ui/app.h"
#include "db/account.h"

/* Edit acc's name, role, agency and language. Returns 1 when saved. */
int  account_form_run(struct app *a, const struct account_info *acc);
/* A new account; its name is written to made[64] when created. Returns 1 then. */
int  account_form_new(struct app *a, char made[64]);
/* The keys of an account: list with fingerprints, add by pasting a line, remove. */
void account_keys_run(struct app *a, const char *username);
/* A role as the role code list labels it, in the language shown. */
const char *account_role_label(enum role r);
#endif
