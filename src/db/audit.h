/*
 * The hash-chained audit trail (see audit.c). Inside a write transaction use
 * db_audit (db_internal.h); for a standalone event (a view, a search, a sign-in)
 * db_audit_event writes one row in its own transaction.
 */
#ifndef HOSO_AUDIT_H
#define HOSO_AUDIT_H
#include "db/db.h"

int  db_audit_event(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *detail, char **err);
/* Recompute the chain. *bad_seq is 0 when intact, else the first row that does not
 * match (changed, inserted or following a removed row). */
int  db_audit_verify(struct db *db, int64_t *bad_seq, int64_t *rows, char **err);
void audit_hash(const char *prev, const char *at, const char *actor,
    const char *session, const char *action, const char *entity, long long entity_id,
    int has_id, const char *before, const char *after, char out[65]);
#endif
