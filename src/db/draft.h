/*
 * Drafts: unsaved edits kept when a session ends without saving (the link dropped,
 * the server stopped), offered back at the account's next sign-in. One draft per
 * account, form and record (record 0: a record not yet created); saving a draft
 * again replaces it. A draft is the account's own scratch, not a change of any
 * record: it is not audited, and nobody else sees it.
 */
#ifndef HOSO_DRAFT_H
#define HOSO_DRAFT_H
#include "db/db.h"

struct draft_info {
	char    form[64];	/* "person", or a sub-record kind */
	int64_t record_id;
	char    saved_at[32];	/* RFC 3339, UTC */
	char   *data;		/* JSON as saved */
};

int  db_draft_save(struct db *db, const struct actor *who, const char *form,
    int64_t record_id, const char *data, char **err);
/* The actor's drafts, newest first; *out is an array freed with db_drafts_free. */
int  db_draft_list(struct db *db, const struct actor *who, struct draft_info **out,
    int *n, char **err);
int  db_draft_delete(struct db *db, const struct actor *who, const char *form,
    int64_t record_id, char **err);
void db_drafts_free(struct draft_info *d, int n);
#endif
