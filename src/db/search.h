/*
 * Finding people: by name (accent-insensitive, the last word may be a prefix), by
 * ID number or its prefix, by date of birth, by agency subtree, by rank. Results are
 * ranked (exact name first, then name prefix, then the words in other places) and
 * paged. Always within the actor's scope.
 */
#ifndef HOSO_SEARCH_H
#define HOSO_SEARCH_H
#include "db/db.h"

struct search_query {
	const char *text;	/* name words or ID digits, as typed; may be NULL */
	const char *dob;	/* YYYY-MM-DD or NULL */
	const char *org_code;	/* agency whose subtree to search, or NULL */
	const char *rank_code;	/* or NULL */
	const char *verification; /* a verify_state_name, or NULL */
	int         offset;
	int         limit;	/* rows per page; 0 means 20 */
	int         log;	/* 1: write the look-up to the audit trail (a clerk's
				 * deliberate search, not each keystroke) */
	int64_t     only_person;/* non-zero: this person's row id only (the data
				 * layer sets it for a self account, whatever the caller
				 * put) */
};

struct search_hit {
	int64_t id;
	char    id_number[13];
	char    full_name[128];
	char    date_of_birth[11];
	char    sex;
	char    org_code[64];
	char    org_name[160];
	char    rank_code[16];
	char    verification[16];
};

/* Matches counted up to this many; more show as "more than". */
#define SEARCH_COUNT_CAP 1000

/* *hits is an array the caller frees; *more is 1 when a further page exists.
 * Names come in Vietnamese alphabetical order when at most SEARCH_COUNT_CAP
 * match (by the folded key past that); matches of the name from the family name
 * on come before those from the given name. */
int db_search(struct db *db, const struct actor *who, const struct search_query *q,
    struct search_hit **hits, int *n, int *more, char **err);
/* The same, and *total gets how many match: at most SEARCH_COUNT_CAP, or
 * SEARCH_COUNT_CAP + 1 for more than that. */
int db_search_total(struct db *db, const struct actor *who, const struct search_query *q,
    struct search_hit **hits, int *n, int *more, int *total, char **err);
#endif
