/*
 * Drafts: unsaved edits kept when a session ends without saving (the link dropped,
 * the server stopped), offered back at the account's next sign-in. One draft per
 * account, form and record (record 0: a record not yet created); saving a draft
 * again replaces it. A draft is the account's own scratch, not a change of any
 * record: it is not audited, and nobody else sees it.
 *
 * A draft holds only what the clerk changed (the fields whose value differs from the
 * record as read; an emptied field is kept as empty), the version they were typed
 * over, and a title to name it by. Stored as JSON, which only this file reads and
 * writes: {"version": N, "title": "...", "person": P, "fields": {"name": "v"}}
 * ("person" only for sub-records, whose form is "item:<kind>").
 */
#ifndef HOSO_DRAFT_H
#define HOSO_DRAFT_H
#include "db/db.h"
#include "core/record.h"

struct draft_info {
	char    form[64];	/* "person", or "item:<kind>" */
	int64_t record_id;
	char    saved_at[32];	/* RFC 3339, UTC */
	int64_t version;	/* the version the fields were typed over */
	int64_t person_id;	/* a sub-record's person; 0 for a person */
	char   *title;
	struct record *fields;	/* the typed fields; NULL: the row is no draft */
};

/* fields: the changed fields only; title may be NULL. */
int  db_draft_save(struct db *db, const struct actor *who, const char *form,
    int64_t record_id, int64_t version, int64_t person_id, const char *title,
    const struct record *fields, char **err);
/* The actor's drafts, newest first; *out is an array freed with db_drafts_free. */
int  db_draft_list(struct db *db, const struct actor *who, struct draft_info **out,
    int *n, char **err);
int  db_draft_delete(struct db *db, const struct actor *who, const char *form,
    int64_t record_id, char **err);
void db_drafts_free(struct draft_info *d, int n);
#endif
