/*
 * Who looked: every read of a person's record (a view, a refused view, a
 * proposal read) and every list that named them (a search page, the declarations
 * list) is an audit row; these read them back. A person sees who looked at their
 * record; an administrator sees who looked at a record of their agency, and what
 * an account of their agency looked at. Reading this is audited too.
 */
#ifndef HOSO_VIEWERS_H
#define HOSO_VIEWERS_H
#include "db/db.h"

struct viewer_row {
	char    at[32];		/* UTC */
	char    actor[64];
	char    session[64];
	char    action[24];	/* "view", "refused view", "search", ... */
	int64_t person_id;	/* for db_viewed_by: whom (0: a list of several) */
	char    detail[160];	/* the purpose, or what was searched */
};

/* Who read or listed the person (newest first, at most 500); for a self account
 * its own person (its own reads left out), for an administrator one in scope. */
int db_viewers_of(struct db *db, const struct actor *who, int64_t person_id,
    struct viewer_row **out, int *n, char **err);
/* What the account looked at (newest first, at most 500): administrators over the
 * account's agency. */
int db_viewed_by(struct db *db, const struct actor *who, const char *username,
    struct viewer_row **out, int *n, char **err);
#endif
