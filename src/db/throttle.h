/*
 * Sign-in throttles. A wrong password from a source address counts against that
 * account *and* that source only: after THROTTLE_PAIR_LIMIT failures in the
 * window, password sign-in to the account from that source waits out a fixed
 * throttle, while the account's owner elsewhere (and any registered key, from
 * anywhere) still gets in. A source that fails on many accounts is throttled for
 * passwords on all of them (the row of account "*"). Failures while throttled are
 * not counted, so they never move the end. Administrators list and lift throttles.
 */
#ifndef HOSO_THROTTLE_H
#define HOSO_THROTTLE_H
#include "db/db.h"

#define THROTTLE_WINDOW_S     900	/* failures older than this are forgotten */
#define THROTTLE_SECONDS      900	/* how long a throttle lasts */
#define THROTTLE_PAIR_LIMIT   8		/* failures on one account from one source */
#define THROTTLE_SOURCE_LIMIT 60	/* failures from one source, all accounts */
#define THROTTLE_ANY_ACCOUNT  "*"	/* the account name of a source's own row */

struct throttle_info {
	char username[64];	/* "*": the source on every account */
	char source[64];
	int  failures;		/* in the current window */
	char first_at[32];	/* RFC 3339, UTC: the window's first failure */
	char until[32];		/* RFC 3339, UTC; "" while not (yet) throttled */
};

/* Throttles and counts still running that who may see (administrators: their
 * agencies' accounts; national administrators: all, source rows too). *out is
 * the caller's to free. DB_DENIED for anyone else. */
int db_throttle_list(struct db *db, const struct actor *who,
    struct throttle_info **out, int *n, char **err);
/* Lift (forget) the throttles of username (NULL: every account, national
 * administrators only) from source (NULL: every source); audited. *lifted: how
 * many rows went. */
int db_throttle_lift(struct db *db, const struct actor *who, const char *username,
    const char *source, int *lifted, char **err);

/* For db/account.c. */
/* DB_LOCKED with a message saying until when if password sign-in to username
 * from source is throttled; DB_OK if not. */
int throttle_check(struct db *db, const char *username, const char *source, char **err);
/* Count a failure against the account and source and the source alone (inside
 * the caller's transaction); *failures: the account and source's count now. */
int throttle_count(struct db *db, const char *username, const char *source,
    int *failures, char **err);
/* Forget the account and source's failures (inside the caller's transaction). */
int throttle_forget(struct db *db, const char *username, const char *source, char **err);
#endif
