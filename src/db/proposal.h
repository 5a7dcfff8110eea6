/*
 * Proposals: a civil servant's own change to the items that are theirs to declare
 * (the fields and sub-record forms marked "owner": "self" in forms/), kept as
 * before and after, never written to the record by them. A clerk of the person's
 * agency approves it (written to the record as any clerk's save: the version check
 * and the audit, and a row naming both people), possibly corrected first, or
 * returns it with a reason; the person reads the outcome.
 */
#ifndef HOSO_PROPOSAL_H
#define HOSO_PROPOSAL_H
#include "db/db.h"
#include "core/record.h"

struct proposal {
	int64_t        id;
	int64_t        person_id;
	char           id_number[13];
	char           full_name[128];
	char           kind[32];	/* "person" or a sub-record kind ("training") */
	int64_t        item_id;		/* the sub-record changed; 0: a new row, or the
					 * person */
	char           proposed_by[64];
	char           proposed_at[32];
	char           state[12];	/* "pending", "approved", "returned" */
	char           reason[512];	/* why it was returned */
	char           decided_by[64];
	char           decided_at[32];
	struct record *before;		/* the changed fields as they were */
	struct record *after;		/* as proposed */
	struct record *written;		/* as approved (a clerk's correction shows
					 * here); NULL until approved */
};

/* The self account's proposal for its own person: kind "person" (item_id 0) or
 * a sub-record kind (item_id 0 for a new row). typed holds the fields to change;
 * each must be the person's to declare and valid. DB_INVALID when nothing
 * changes. */
int  db_proposal_submit(struct db *db, const struct actor *who, const char *kind,
    int64_t item_id, const struct record *typed, int64_t *id, char **err);
/* Proposals who may see (its own for a self account; its agency subtree's for a
 * clerk or administrator), newest first; state NULL for all. Free with
 * db_proposals_free. */
int  db_proposal_list(struct db *db, const struct actor *who, const char *state,
    struct proposal **out, int *n, char **err);
/* One proposal; its read is audited. Free with db_proposal_clear. */
int  db_proposal_get(struct db *db, const struct actor *who, int64_t id,
    struct proposal *out, char **err);
/* Write a pending proposal to the record (correction, if not NULL, replaces
 * proposed values first). DB_CONFLICT when a field it changes no longer holds the
 * value the person saw. */
int  db_proposal_approve(struct db *db, const struct actor *who, int64_t id,
    const struct record *correction, char **err);
/* Send a pending proposal back with a reason (required). */
int  db_proposal_return(struct db *db, const struct actor *who, int64_t id,
    const char *reason, char **err);
void db_proposal_clear(struct proposal *p);
void db_proposals_free(struct proposal *v, int n);
#endif
