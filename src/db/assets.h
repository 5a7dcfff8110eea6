/*
 * Declarations of assets and income (Law on Anti-corruption 2018, Decree
 * 130/2020/NĐ-CP): made by the person through their own account, by kind (first,
 * yearly, supplementary, appointment) and year, with an amount in VND per group
 * of forms/assets.json and, for an asset group that rose by the rules' increase
 * threshold or more since the last declaration, where the increase came from.
 * A submitted declaration never changes: a correction is a new version. Readable
 * by the person, by the agency's designated officers (an account flag) and by
 * national administrators only; every read and every refusal is audited.
 */
#ifndef HOSO_ASSETS_H
#define HOSO_ASSETS_H
#include <stdbool.h>
#include "db/db.h"
#include "core/record.h"

struct asset_decl {
	int64_t        id;
	int64_t        person_id;
	char           id_number[13];
	char           full_name[128];
	char           kind[16];
	int            year;
	int            version;		/* 1, then each correction */
	int64_t        supersedes;	/* the version it corrects; 0 */
	char           submitted_by[64];
	char           submitted_at[32];
	struct record *amounts;		/* group code -> VND, digits */
	struct record *origins;		/* group code -> where an increase came from */
};

/* The self account's declaration; *id the new row. DB_INVALID says every
 * problem, one per line (an unknown group or kind, an amount that is not a whole
 * number of VND, an increase without its origin). */
int  db_asset_submit(struct db *db, const struct actor *who, const char *kind, int year,
    const struct record *amounts, const struct record *origins, int64_t *id,
    char **err);
/* The person's declarations, newest first. */
int  db_asset_list(struct db *db, const struct actor *who, int64_t person_id,
    struct asset_decl **out, int *n, char **err);
/* One declaration. */
int  db_asset_get(struct db *db, const struct actor *who, int64_t id,
    struct asset_decl *out, char **err);
/* The person's latest declaration (to pre-fill the next); DB_NOTFOUND if none. */
int  db_asset_last(struct db *db, const struct actor *who, int64_t person_id,
    struct asset_decl *out, char **err);
/* Mark an account as one of the agency's designated readers (administrators over
 * the account's agency). */
int  db_account_set_asset_officer(struct db *db, const struct actor *who,
    const char *username, bool on, char **err);
void db_asset_clear(struct asset_decl *d);
void db_assets_free(struct asset_decl *v, int n);
#endif
