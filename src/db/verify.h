/*
 * Verification against the population database: each person's state (verified,
 * mismatch, not_found, deceased, unchecked, queued) and the queue of checks waiting
 * for the gateway, kept in the database so it survives restarts.
 *
 * db_verify_enqueue is implemented in verify_queue.c (called by person.c inside
 * the saving transaction); the gateway work adds the rest of this module (taking
 * due items, recording results, backoff) in verify.c.
 */
#ifndef HOSO_VERIFY_H
#define HOSO_VERIFY_H
#include "db/db.h"

/* Queue a check of the person's identity as of this version, inside the caller's
 * transaction, and mark the person "queued". Queuing the same (person, version)
 * twice is a no-op, so no change is ever checked twice. */
int db_verify_enqueue(struct db *db, const struct actor *who, int64_t person_id,
    int64_t version, char **err);
#endif
