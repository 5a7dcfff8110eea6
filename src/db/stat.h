/*
 * Headcounts kept current (stat.c) and the answers read from them (stat_read.c).
 *
 * The table stat_count holds, per agency, breakdown and value, how many people the
 * agency and everything under it have (agency 0: the nation): triggers on person
 * add and take away in the same transaction as every insert, update and delete, so
 * a count is never behind its rows. A first load sets the triggers aside and counts
 * once at its end. A report reads its agency's rows instead of its people.
 *
 * Every breakdown but employment_status counts the people at work (employment
 * status empty, working or on leave); each of them has exactly one value in each
 * breakdown ("" when the field is empty), but women_leaders (women with a position:
 * the position). "birth" is the sex and year-month of birth ("F1975-03"): age bands
 * and retirement are derived from it at read time, since they move with the date.
 */
#ifndef HOSO_STAT_H
#define HOSO_STAT_H
#include "db/db.h"
#include "db/org.h"
#include <stdint.h>

/* The name of the i-th breakdown kept, NULL past the last. */
const char *db_stat_breakdown(int i);

/* Make the triggers and the first count when they are missing (at open). */
int db_stat_ensure(struct db *db, char **err);

/* hoso check: the kept counts against a recount (one pass over person). */
struct stat_findings {
	int64_t cells;		/* non-zero counts compared */
	int64_t bad;		/* cells that differ */
	int64_t org_id;		/* the first of them (by agency, breakdown, value): */
	char    org_code[40];
	char    breakdown[32];
	char    value[64];
	int64_t kept, counted;
};
int db_stat_check(struct db *db, struct stat_findings *f, char **err);

/* The agency a report is about: code NULL is the actor's own agency, or the nation
 * (org->id 0, code "", path "/") for a national scope. DB_DENIED outside the actor's
 * scope or for the self role; DB_NOTFOUND for an unknown code. */
int db_stat_scope(struct db *db, const struct actor *who, const char *code,
    struct org_info *org, char **err);

struct stat_cell {
	char    breakdown[32];
	char    value[64];
	int64_t n;
};
/* The counts of an agency's subtree (org from db_stat_scope), in breakdown and
 * value order; *cells is the caller's to free. */
int db_stat_counts(struct db *db, const struct org_info *org, struct stat_cell **cells,
    int *ncells, char **err);
/* The same cells as db_stat_counts, as of a past date (YYYY-MM-DD), from the
 * records' histories where they keep one (stat_asof.c says which): one pass over
 * the subtree's people. */
int db_stat_counts_asof(struct db *db, const struct org_info *org, const char *date,
    struct stat_cell **cells, int *ncells, char **err);
/* People at work in the subtree born on a day from lo to hi (YYYY-MM-DD, both
 * included): what a month's birth count does not tell (who has had their birthday). */
int db_stat_born_between(struct db *db, const struct org_info *org, const char *lo,
    const char *hi, int64_t *n, char **err);

/* One person of a list (the retirement alert). */
struct stat_person {
	int64_t id;
	char    id_number[16];
	char    full_name[128];
	char    org_code[40];
	char    sex;
	char    date_of_birth[11];
};
/* People at work in the subtree of sex 'M' or 'F' born from lo to hi (YYYY-MM-DD,
 * both included), appended to *list (grown; the caller frees it). */
int db_stat_people_born(struct db *db, const struct org_info *org, char sex,
    const char *lo, const char *hi, struct stat_person **list, int *n, char **err);

/* The HR alerts' dates, each read through an index on (agency, [scale,] date). */
enum stat_date_field {
	STAT_NEXT_STEP,		/* next_step_date, when the clerk wrote one */
	STAT_SALARY_DATE,	/* salary_date of one salary scale (the last raise) */
	STAT_PROBATION_END,	/* probation_end_date */
	STAT_CONTRACT_END	/* contract_end_date */
};
struct stat_dated {
	struct stat_person who;
	char    date[11];	/* the field read */
	char    scale[16];	/* salary_scale, "" when not given */
	int     step;		/* salary_step, 0 when not given */
	double  over_frame;	/* over_frame_allowance_pct, 0 when not given */
	char    next_step[11];	/* next_step_date, "" when not given */
	char    salary_date[11];
};
/* People at work in the subtree whose field f (of salary scale scale, for
 * STAT_SALARY_DATE) is from lo to hi (YYYY-MM-DD, both included), appended to *list
 * (grown; the caller frees it). */
int db_stat_people_dated(struct db *db, const struct org_info *org,
    enum stat_date_field f, const char *scale, const char *lo, const char *hi,
    struct stat_dated **list, int *n, char **err);

/* An agency's children (org id 0: the top agencies) with the headcount of each
 * child's subtree, by code; *list is the caller's to free. */
struct stat_child {
	int64_t id;
	char    code[40];
	char    name[256];
	char    path[256];
	int     headcount;	/* assigned; 0 if not given */
	int64_t n;
};
int db_stat_children(struct db *db, const struct org_info *org,
    struct stat_child **list, int *n, char **err);
/* The people behind a count, by name, at most limit: those of the subtree whose
 * breakdown (a kept one, or "ethnic_minority": kinh, minority) has value; or, with
 * breakdown NULL, the people at work born from dob_lo to dob_hi. DB_NOTFOUND for a
 * breakdown that has no list. *list is the caller's to free. */
int db_stat_people_in(struct db *db, const struct org_info *org,
    const char *breakdown, const char *value, const char *dob_lo, const char *dob_hi,
    int limit, struct stat_person **list, int *n, char **err);

/* Movements of an agency subtree from one date to another (YYYY-MM-DD, both
 * included): what stat_moves.c says the records can tell. */
enum {
	STAT_MOVE_RECRUITED, STAT_MOVE_IN, STAT_MOVE_OUT, STAT_MOVE_RETIRED,
	STAT_MOVE_RESIGNED, STAT_MOVE_DISMISSED, STAT_MOVE_DECEASED,
	STAT_MOVE_DISCIPLINED, STAT_MOVE_RANK, STAT_MOVE_POSITION, STAT_MOVES
};
int db_stat_movements(struct db *db, const struct org_info *org, const char *from,
    const char *to, int64_t n[STAT_MOVES], char **err);

/* An audit row for a report run: who, which report, which agency. */
int db_stat_audit_run(struct db *db, const struct actor *who, const char *report,
    const struct org_info *org, char **err);
#endif
