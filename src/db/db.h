/*
 * The data layer's handle: one SQLite connection (WAL, synchronous=FULL, foreign
 * keys, busy timeout) with its migrations applied. Only src/db/ writes SQL.
 *
 * Every function that reads or writes people takes the acting account (struct actor)
 * and enforces its agency scope here, not in the screens. Functions return DB_OK or
 * an error code and, on error, set *err to a translated message the caller frees.
 *
 * Open the database after fork(), never before: a connection must not cross fork().
 */
#ifndef HOSO_DB_H
#define HOSO_DB_H
#include <stdint.h>
#include <sqlite3.h>

enum db_status {
	DB_OK = 0,
	DB_ERROR,	/* SQLite or I/O failure */
	DB_INVALID,	/* the input broke a rule */
	DB_NOTFOUND,
	DB_DENIED,	/* outside the actor's scope or role */
	DB_CONFLICT,	/* saved by someone else since it was read; or a duplicate */
	DB_LOCKED	/* account locked or signing in too fast */
};

enum role {
	ROLE_NATIONAL_ADMIN = 0,	/* everything, everywhere */
	ROLE_AGENCY_ADMIN,		/* accounts and records of its agency subtree */
	ROLE_CLERK,			/* records of its agency subtree */
	ROLE_VIEWER,			/* reads and reports only */
	ROLE_SELF			/* one's own record, proposals only */
};

struct actor {
	int64_t   account_id;	/* 0: the system itself (migrations, tests) */
	char      username[64];
	enum role role;
	int64_t   org_id;	/* scope root; 0 with ROLE_NATIONAL_ADMIN: all */
	char      org_path[256];/* materialised path of the scope root, "/1/5/" */
	char      session[64];	/* "local:<pid>", "ssh:<addr>:<pid>", "cli:import" ... */
	char      lang[4];	/* "vi" or "en" */
	int64_t   person_id;	/* ROLE_SELF: the one person this account is bound to
				 * (0: none yet, and it sees nobody) */
	int       asset_officer;/* designated to read the agency's asset
				 * declarations (db/assets.h) */
};

struct db;

int      db_open(const char *path, struct db **out, char **err);
void     db_close(struct db *db);
sqlite3 *db_sqlite(struct db *db);	/* for src/db/ modules only */

/* Write transactions: BEGIN IMMEDIATE ... COMMIT, retried on SQLITE_BUSY. */
int  db_begin(struct db *db, char **err);
int  db_commit(struct db *db, char **err);
void db_rollback(struct db *db);

/* A cached prepared statement, reset and unbound; owned by db. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql, char **err);
/* Did the last failure reported through db_fail come from a write the disk (or the
 * process's file size limit) refused? */
int db_out_of_space(struct db *db);
/* A SQLite result code (extended or not), the system's errno of the failure (0 if
 * unknown) and SQLite's own message (may be NULL) as one translated sentence that
 * says what to do (errtext.c); caller frees. */
char *db_error_text_new(int code, int sys, const char *detail);
/* Translate the last SQLite error into *err and return DB_ERROR. */
int  db_fail(struct db *db, char **err);
/* The system actor for maintenance tools: national scope, named user. */
void db_actor_system(struct actor *a, const char *session);
/* Role names as stored and typed: "admin", "agency_admin", "clerk", "viewer", "self". */
const char *db_role_name(enum role r);
int         db_role_parse(const char *s, enum role *out);
/* True when the actor may read records of the agency with this materialised path.
 * Never for a self account: its scope is one person, not an agency. */
int  db_scope_covers(const struct actor *a, const char *org_path);
/* True when the actor may read this person (row id, agency path): the agency scope,
 * or for a self account its own bound person only. */
int  db_actor_sees_person(const struct actor *a, int64_t person_id, const char *org_path);
#endif
