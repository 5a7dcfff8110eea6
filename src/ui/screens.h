/*
 * The screens of the clerk's terminal, one file each (screen_<name>.c), each run
 * modally through app_run by the function declared here.
 */
#ifndef HOSO_UI_SCREENS_H
#define HOSO_UI_SCREENS_H
#include <stdbool.h>
#include <stdint.h>
#include "ui/app.h"
#include "form/form.h"
#include "core/record.h"

/* Sign-in: fills a->actor and sets a->signed_in. Returns 1 when signed in, 0 when
 * the clerk chose to leave, -1 when unwinding. */
int  signin_run(struct app *a);
/* After a sign-in: when the account must change its password (an administrator
 * reset it), ask for the new one until it is changed. Returns 1 when the account
 * may go on, 0 when it signed out instead (or the program is unwinding). */
int  newpass_run(struct app *a);
/* The main menu, with what the account's role may do, until sign-out or exit
 * (a->quit says which). */
void mainmenu_run(struct app *a);
/* The administrators' maintenance menu (accounts, agencies, backups, audit...). */
void maint_run(struct app *a);
/* Maintenance: the accounts this administrator manages (nothing for other roles). */
void accounts_run(struct app *a);
/* Maintenance: the code lists, found, viewed and (national administrators)
 * extended. */
void codes_run(struct app *a);
/* Main menu → Transfers: people arriving and leaving; take over, transfer out. */
void transfers_run(struct app *a);
/* Start a transfer of the person with this ID number (NULL: asked for): the
 * receiving agency from the tree, the date, the decision. 1 if started. For a
 * record's screen to offer too (its key bar is full at 60 columns today). */
int  transfer_out_run(struct app *a, const char *id_number);
/* Maintenance → Agency tree: browse, add, rename, move, merge, split. */
void orgtree_run(struct app *a);

/* Maintenance screens (screen_<name>.c): who is signed in and End; the backup
 * folder, Back up now and Verify; the audit trail with its filter and Verify chain;
 * the health report. */
void sessions_run(struct app *a);
void backups_run(struct app *a);
void audit_run(struct app *a);
void health_run(struct app *a);
/* The account's own folder: import a CSV from it, export into it. */
void impexp_run(struct app *a);
/* A self account's own record, read-only (screen_myself.c). */
void myself_run(struct app *a);
/* Proposals: a clerk's queue to review, or a self account's own with their
 * outcome (screen_proposals.c). */
void proposals_run(struct app *a);
/* A self account's declarations of assets and income (screen_assets.c). */
void assets_run(struct app *a);
/* Find people; Enter opens one. */
void search_run(struct app *a);
/* The Reports screen: statistics and HR alerts of an agency in the scope. */
void reports_run(struct app *a);
/* A person's record, read-only until Edit; id 0 starts a new record. */
void person_run(struct app *a, int64_t id);
/* The same, restoring typed values kept in a draft: typed holds the fields the
 * clerk had changed; version is the version they were typed over. */
void person_run_draft(struct app *a, int64_t id, const struct record *typed,
    int64_t version);
/* One sub-record of a grid: row is the caller's (a new record for a new row);
 * edit starts in edit mode; typed, if not NULL, holds values to lay over the row
 * (a restored draft). Returns 1 if the row was saved or deleted. */
int  item_run(struct app *a, int64_t person_id, const char *person_name,
    const struct form_grid *grid, struct record *row, bool edit,
    const struct record *typed);
#endif
