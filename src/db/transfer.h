/*
 * Transfers of people between agencies. A clerk (or administrator) of the sending
 * agency starts one: receiving agency, effective date, decision. Until it is taken
 * over the record stays with the sending agency, which keeps reading and writing
 * it (the person still works there); the receiving agency sees the transfer in its
 * arriving list (who, from where, from when) but not yet the record. The receiving
 * agency takes it over from the effective date on: then the person moves (work
 * history, audit, headcounts: org_move.c) and the sending agency's access ends.
 * A transfer not taken over within TRANSFER_LATE_DAYS working days of its date
 * shows as late on both sides.
 */
#ifndef HOSO_TRANSFER_H
#define HOSO_TRANSFER_H
#include "db/db.h"
#include <stdbool.h>

#define TRANSFER_LATE_DAYS 10

struct transfer_info {
	int64_t id;
	char    id_number[16];
	char    full_name[160];
	char    from_code[40], from_name[256];
	char    to_code[40], to_name[256];
	char    date[11];
	char    decision[256];
	char    started_by[64];
	char    accepted_at[32];	/* "" while open */
	bool    arriving;	/* the account's side: receiving (else sending) */
	bool    late;	/* open, and more than TRANSFER_LATE_DAYS working days after
			 * its date (as of the day asked) */
};

/* Start a transfer of the person with this ID number to the agency to, effective
 * on date (NULL or "": today). */
int db_transfer_start(struct db *db, const struct actor *who, const char *id_number,
    const char *to, const char *date, const char *decision, char **err);
/* The receiving agency takes the person's open transfer over (on or after its
 * date: today is asked as on, NULL: today). */
int db_transfer_accept(struct db *db, const struct actor *who, const char *id_number,
    const char *on, char **err);
/* Open transfers into (arriving) and out of (leaving) the account's subtree, and
 * those taken over in the last 30 days; arriving and leaving both false: both.
 * late is worked out as of on (NULL: today). *out is an array the caller frees. */
int db_transfer_list(struct db *db, const struct actor *who, bool arriving,
    bool leaving, const char *on, struct transfer_info **out, int *n, char **err);
#endif
