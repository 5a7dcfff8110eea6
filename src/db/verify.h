/*
 * Verification against the population database: each person's state (verified,
 * mismatch, not_found, deceased, unchecked, queued) and the queue of checks waiting
 * for the gateway, kept in the database so it survives restarts.
 *
 * db_verify_enqueue is implemented in verify_queue.c (called by person.c inside
 * the saving transaction); the rest (taking due checks, recording answers, backoff,
 * queuing in bulk) is in verify.c.
 *
 * A queue row lives on after its answer, closed (next_at < 0), so that queuing the
 * same (person, version) again stays a no-op. Open rows are due when next_at (Unix
 * seconds) has come; taking one leases it (pushes next_at forward) so that two
 * drainers never send the same check. A check whose person was changed again since
 * (a newer version is queued) is superseded: closed without being sent, or, if
 * its answer arrives late, closed without touching the person.
 */
#ifndef HOSO_VERIFY_H
#define HOSO_VERIFY_H
#include "core/verify_state.h"
#include "db/db.h"

/* Queue a check of the person's identity as of this version, inside the caller's
 * transaction, and mark the person "queued". Queuing the same (person, version)
 * twice is a no-op, so no change is ever checked twice. */
int db_verify_enqueue(struct db *db, const struct actor *who, int64_t person_id,
    int64_t version, char **err);

/* A check taken from the queue: the identity as stored when it was taken. */
struct db_verify_item {
	int64_t	 queue_id;
	int64_t	 person_id;
	int64_t	 version;	/* the version queued */
	int	 attempts;	/* failed tries so far */
	char	 officer[64];	/* on whose behalf (X-Officer-Id) */
	char	 id_number[16];
	char	*full_name;
	char	 date_of_birth[11];
	char	 sex;		/* 'M' or 'F' */
};
void db_verify_items_free(struct db_verify_item *items, int n);

/* Take up to max due checks in the actor's scope, oldest first, leasing them for
 * lease_s seconds. *out (caller frees with db_verify_items_free) may be empty. */
int db_verify_take_due(struct db *db, const struct actor *who, int max, int lease_s,
    struct db_verify_item **out, int *n, char **err);

/* The gateway's answer for one taken check. */
struct db_verify_result {
	enum verify_state state; /* one the gateway answers (verify_state_answered) */
	const char *fields;	/* mismatched fields, "full_name,sex"; NULL for none */
	const char *request_id;	/* the gateway's id of the check */
	const char *checked_at;	/* RFC 3339; NULL: now */
};
/* Record n answers in one transaction: each person's verify_* columns (not its
 * version: this is no edit), the queue row closed, an audit row each. Superseded
 * checks are closed and change nothing else. */
int db_verify_record(struct db *db, const struct actor *who,
    const struct db_verify_item *items, const struct db_verify_result *results, int n,
    char **err);
/* Checks that could not be made this time: due again after delay_s seconds, or,
 * with delay_s < 0, after db_verify_backoff of their attempts. count says whether
 * this was a failed try (link down, 5xx) or merely handing the lease back. */
int db_verify_reschedule(struct db *db, const struct db_verify_item *items, int n,
    double delay_s, const char *why, int count, char **err);
/* A check the gateway refused for good (400): closed with the reason; the person
 * goes back to "unchecked". */
int db_verify_give_up(struct db *db, const struct actor *who,
    const struct db_verify_item *item, const char *why, char **err);
/* Seconds to wait after the nth failed try: 5 s doubling up to 5 min. */
double db_verify_backoff(int attempts);

/* Queue checks in bulk (hoso verify --all, --org, --stale): people in the actor's
 * scope, under org_code when it is not NULL, whose current version has not been
 * checked; with stale_days >= 0, also those last checked stale_days or more days
 * ago (their check is opened again). *queued counts the checks opened. */
int db_verify_queue_select(struct db *db, const struct actor *who, const char *org_code,
    int stale_days, int64_t *queued, char **err);
/* Open checks due now and waiting for later, in the actor's scope. */
int db_verify_counts(struct db *db, const struct actor *who, int64_t *due,
    int64_t *waiting, char **err);
/* One person's verification columns, for a screen that shows the record and
 * watches its state change (a cheap read: no audit row, no record). Strings
 * are empty when the column is NULL. */
struct db_verify_state {
	char	 state[16];		/* a verify_state_name */
	char	 at[40];		/* RFC 3339, as recorded */
	char	 request_id[72];	/* the gateway's id of the check */
	char	 by[64];		/* the account on whose behalf it was made */
	char	 fields[128];		/* mismatched fields, "full_name,sex" */
};
/* DB_NOTFOUND (with *err) when the person does not exist or is outside the
 * actor's scope. */
int db_verify_state_get(struct db *db, const struct actor *who, int64_t person_id,
    struct db_verify_state *out, char **err);
/* How many people in the actor's scope are in each state (indexed by the enum),
 * under org_code when it is not NULL. */
int db_verify_state_counts(struct db *db, const struct actor *who, const char *org_code,
    int64_t counts[VERIFY_NSTATES], char **err);
#endif
