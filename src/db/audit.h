/*
 * The hash-chained audit trail (see audit.c). Inside a write transaction use
 * db_audit (db_internal.h); for a standalone event (a view, a search, a sign-in)
 * db_audit_event writes one row in its own transaction.
 */
#ifndef HOSO_AUDIT_H
#define HOSO_AUDIT_H
#include "db/db.h"
#include <stdint.h>

int  db_audit_event(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *detail, char **err);

/* The files beside the database: "<db>.auditkey" holds the chain's key (0600, made
 * on the first write), "<db>.witness" the heads witnessed, one line each. */
#define AUDIT_KEY_SUFFIX     ".auditkey"
#define AUDIT_WITNESS_SUFFIX ".witness"

enum audit_fault {
	AUDIT_OK,
	AUDIT_BROKEN,		/* row bad_seq does not match its link (changed,
				 * inserted, re-hashed without the key, or after a
				 * removed row) */
	AUDIT_TRUNCATED,	/* rows from bad_seq on are gone: the witness saw row
				 * witnessed_seq */
	AUDIT_REWRITTEN,	/* row bad_seq is not what the witness saw: the chain
				 * was rewritten and re-hashed */
	AUDIT_KEY_MISSING	/* the trail is keyed but its key file is not beside
				 * the database: nothing can be checked */
};

struct audit_verdict {
	enum audit_fault fault;
	int64_t bad_seq;	/* the first bad row, 0 when all is well */
	int64_t rows;		/* rows checked */
	int64_t head_seq;	/* the last row */
	int64_t keyed_from;	/* first row linked with the key, 0: no key file */
	int64_t witnesses;	/* witness lines compared */
	int64_t witnessed_seq;	/* the latest (or the offending) line's row */
	char    witnessed_at[32];
};

/* Recompute the chain, then compare it with the witness. */
int  db_audit_check(struct db *db, struct audit_verdict *v, char **err);
/* The same, reduced: *bad_seq is 0 when intact, else the first bad row. */
int  db_audit_verify(struct db *db, int64_t *bad_seq, int64_t *rows, char **err);
/* Append the trail's head to the witness unless it is the last line already
 * (*seq: the head, 0 for an empty trail; *written: whether a line was added). An
 * in-memory database has no witness (*seq 0). */
int  db_audit_witness(struct db *db, int64_t *seq, int *written, char **err);
/* One link: HMAC-SHA-256 with key, or SHA-256 when key is NULL (rows written before
 * the key existed). row_hash is NULL on rows that write no person or sub-record. */
struct audit_key;
void audit_hash(const struct audit_key *key, const char *prev, const char *at,
    const char *actor, const char *session, const char *action, const char *entity,
    long long entity_id, int has_id, const char *before, const char *after,
    const char *row_hash, char out[65]);
#endif
