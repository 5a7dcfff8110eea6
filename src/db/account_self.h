/*
 * A civil servant's own account (ROLE_SELF), bound to their record by ID number:
 * it takes the person's agency, and a person has at most one. The binding is what
 * db_actor_sees_person reads (struct actor's person_id): an account of this role
 * that is bound to nobody sees nobody.
 */
#ifndef HOSO_ACCOUNT_SELF_H
#define HOSO_ACCOUNT_SELF_H
#include "db/db.h"

/* Create the self account username for the person with this ID number (who must
 * see the person and manage accounts of its agency), with a password or, when
 * key_line is not NULL, an SSH public key. DB_CONFLICT when the person has an
 * account already. */
int db_account_add_self(struct db *db, const struct actor *who, const char *username,
    const char *id_number, const char *password, const char *key_line, char **err);

/* A person of an agency who has no self account yet. */
struct self_candidate {
	int64_t person_id;
	char    id_number[13];
	char    full_name[128];
};
/* Everyone of the agency org_code's subtree (within who's scope) without a self
 * account, by ID number; *out is an array the caller frees. */
int db_self_unbound_list(struct db *db, const struct actor *who, const char *org_code,
    struct self_candidate **out, int *n, char **err);
#endif
