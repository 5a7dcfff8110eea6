/*
 * Fixtures for data-layer tests: a real database file in a temporary directory with
 * a small agency tree (two provinces, each with a department) and accounts.
 * Every helper fails the test (cmocka fail_msg) when the data layer refuses.
 */
#ifndef HOSO_TEST_DBFIX_H
#define HOSO_TEST_DBFIX_H
#include "db/db.h"
#include <stdint.h>

/* Agency codes of the fixture tree. */
#define FIX_HN      "000.00.00.H01"	/* Hà Nội */
#define FIX_HN_NV   "000.00.01.H01"	/* Sở Nội vụ Hà Nội, under FIX_HN */
#define FIX_HCM     "000.00.00.H79"	/* TP Hồ Chí Minh */
#define FIX_HCM_YT  "000.00.02.H79"	/* Sở Y tế TP HCM, under FIX_HCM */

/* A test's own directory and database with the tree loaded, and the system actor:
 * what most data-layer tests start from. dbfix_env_free removes it all. */
struct dbfix_env {
	char        *dir;
	struct db   *db;
	struct actor sys;
};
struct dbfix_env *dbfix_env_new(const char *tag);
void              dbfix_env_free(struct dbfix_env *e);

/* Open dir/hoso.db (created) with the agency tree loaded. */
struct db *dbfix_open(const char *dir);
/* Create an account (password "mat-khau-123") and load it as *who. */
void dbfix_account(struct db *db, const char *username, enum role role,
    const char *org_code, struct actor *who);
/* Insert a person; returns the row id. sex is "M" or "F", dob YYYY-MM-DD. */
int64_t dbfix_person(struct db *db, const struct actor *who, const char *id_number,
    const char *name, const char *dob, const char *sex, const char *org_code);
/* Write text to dir/name; returns the path (caller frees). */
char *dbfix_file(const char *dir, const char *name, const char *text);
#endif
