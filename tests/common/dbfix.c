/* Data-layer fixtures; see dbfix.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "db/account.h"
#include "db/org.h"
#include "db/person.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>

char *
dbfix_file(const char *dir, const char *name, const char *text)
{
	char *path = tmpdir_path(dir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

struct db *
dbfix_open(const char *dir)
{
	char *path = tmpdir_path(dir, "hoso.db");
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(path, &db, &err) != DB_OK)
		fail_msg("db_open: %s", err);
	free(path);
	char *orgs = dbfix_file(dir, "orgs.csv",
	    "code,name,parent_code,kind,level\n"
	    FIX_HN_NV ",Sở Nội vụ Hà Nội," FIX_HN ",department,2\n"
	    FIX_HN ",UBND TP Hà Nội,,province,1\n"
	    FIX_HCM ",UBND TP Hồ Chí Minh,,province,1\n"
	    FIX_HCM_YT ",Sở Y tế TP Hồ Chí Minh," FIX_HCM ",department,2\n");
	FILE *f = fopen(orgs, "r");
	struct actor sys;
	db_actor_system(&sys, "test");
	int n;
	if (db_org_import(db, &sys, f, "orgs.csv", &n, &err) != DB_OK)
		fail_msg("org import: %s", err);
	fclose(f);
	free(orgs);
	return db;
}

void
dbfix_account(struct db *db, const char *username, enum role role, const char *org_code,
    struct actor *who)
{
	struct actor sys;
	db_actor_system(&sys, "test");
	char *err = NULL;
	if (db_account_add(db, &sys, username, username, role, org_code, "mat-khau-123",
	    &err) != DB_OK)
		fail_msg("account add %s: %s", username, err);
	if (db_account_actor(db, username, "test", who, &err) != DB_OK)
		fail_msg("account actor %s: %s", username, err);
}

int64_t
dbfix_person(struct db *db, const struct actor *who, const char *id_number,
    const char *name, const char *dob, const char *sex, const char *org_code)
{
	struct record *r = record_new();
	record_set(r, "id_number", id_number);
	record_set(r, "full_name", name);
	record_set(r, "date_of_birth", dob);
	record_set(r, "sex", sex);
	record_set(r, "org_code", org_code);
	record_set(r, "staff_category", "cong_chuc");
	int64_t id = 0;
	char *err = NULL;
	if (db_person_insert(db, who, r, &id, &err) != DB_OK)
		fail_msg("insert %s: %s", name, err);
	record_free(r);
	return id;
}

struct dbfix_env *
dbfix_env_new(const char *tag)
{
	struct dbfix_env *e = xcalloc(1, sizeof *e);
	e->dir = tmpdir_new(tag);
	e->db = dbfix_open(e->dir);
	db_actor_system(&e->sys, "test");
	return e;
}

void
dbfix_env_free(struct dbfix_env *e)
{
	db_close(e->db);
	tmpdir_remove(e->dir);
	free(e);
}
