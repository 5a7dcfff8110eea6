/*
 * What the agency modules (org.c, org_edit.c, org_change.c) share; src/db/ only.
 */
#ifndef HOSO_ORG_INTERNAL_H
#define HOSO_ORG_INTERNAL_H
#include "db/db.h"
#include "core/strbuf.h"
#include "db/org.h"

/* Recompute every path and level from the parent links inside the caller's
 * transaction; a cycle is written to problems (DB_INVALID). */
int org_recompute_paths(struct db *db, struct strbuf *problems, char **err);
/* A new agency under parent_id (0: a root) valid from valid_from (NULL: no date),
 * with its path and ancestor list, audited; *id its row. Checks the code's shape
 * and that it is free. */
int org_insert(struct db *db, const struct actor *who, const char *code,
    const char *name, int64_t parent_id, const char *valid_from, int64_t *id,
    char **err);
/* May who change this agency (role, and its scope)? DB_OK, or DB_DENIED with *err. */
int org_may_change(const struct actor *who, const struct org_info *o, char **err);
/* Why an agency closed on valid_to (NULL: it is open) takes nobody now, naming
 * its successor if it was merged; NULL when it is open. Caller frees. */
char *org_closed_message_new(const char *code, const char *valid_to,
    const char *successor);
/* A date as typed (NULL or "": today) into iso; DB_INVALID with *err if bad. */
int org_date(const char *in, char iso[11], char **err);
#endif
