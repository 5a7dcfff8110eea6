/*
 * What each role may do, asked in one place: by the data layer before it writes,
 * and by the screens and commands before they offer a key or a menu entry, so that
 * what is offered is what the data layer will allow. (The agency scope is checked
 * per record by the data layer: db_scope_covers.)
 */
#ifndef HOSO_DB_ROLE_H
#define HOSO_DB_ROLE_H
#include <stdbool.h>
#include "db/db.h"

/* May change people and their sub-records (create, save, import). */
bool db_actor_may_write(const struct actor *who);
/* May delete a person's record. */
bool db_actor_may_delete(const struct actor *who);
/* May manage accounts (of its own agency subtree, or all for the national admin). */
bool db_actor_may_manage_accounts(const struct actor *who);
/* May open the maintenance menus (accounts, agencies, backups, audit, health); each
 * action there is checked again by its own predicate and the agency scope. */
bool db_actor_may_maintain(const struct actor *who);
/* May give an account this role (a national administrator only by another). */
bool db_actor_may_grant_role(const struct actor *who, enum role r);
/* May extend the national code lists (national administrators). */
bool db_actor_may_edit_codes(const struct actor *who);
/* May change the agency tree (its own subtree for an agency administrator):
 * add, rename, move, merge, split. */
bool db_actor_may_change_agencies(const struct actor *who);
/* May search and read others' records (everyone but a civil servant's own account). */
bool db_actor_may_read_records(const struct actor *who);
/* May back up and restore the whole database (it holds every agency: the national
 * administrator only, and the system account). */
bool db_actor_may_back_up(const struct actor *who);
/* May read the audit trail (of its own agency subtree, or all for the national
 * admin) and the signed-in sessions, and end them. */
bool db_actor_may_read_audit(const struct actor *who);
/* An account of this role is bound to one person's record and needs one (self). */
bool db_role_needs_person(enum role r);
/* A civil servant's own account: its own dossier, proposals and declarations only
 * (db_actor_sees_person). */
bool db_actor_is_self(const struct actor *who);
/* May read the statistics and alerts of its scope (everyone but a self account). */
bool db_actor_may_read_reports(const struct actor *who);
#endif
