/*
 * Who has declared: for each person of an agency subtree, when the dossier was
 * made, when the person first sent a declaration (their first proposal), and
 * their own account's last sign-in. report/deadlines.c turns it into the list of
 * who is late (Decree 27/2026: 3 working days after the dossier's creation).
 */
#ifndef HOSO_DECLARE_H
#define HOSO_DECLARE_H
#include "db/db.h"

struct declare_status {
	int64_t person_id;
	char    id_number[13];
	char    full_name[128];
	char    org_code[64];
	char    created_at[32];	/* the dossier's creation, UTC */
	char    declared_at[32];	/* the first proposal, UTC; "" none */
	char    account[64];	/* the person's own account; "" none */
	char    last_login[32];	/* its last sign-in, UTC; "" never */
};

/* Everyone of org_code's subtree (NULL: the actor's own scope), by ID number; the
 * listing is audited. Not for self accounts. *out: caller frees. */
int db_declare_status_list(struct db *db, const struct actor *who, const char *org_code,
    struct declare_status **out, int *n, char **err);
#endif
