/*
 * Code lists live in forms/codes/ as JSON files (data an administrator can edit, not code);
 * the code table mirrors them so that reports can join labels in SQL. The mirror is
 * refreshed at open when the files' fingerprint (names, sizes, times) differs from
 * the stored one, which costs a stat per list and one small read on every other
 * open.
 */
#include "db/db_internal.h"
#include "form/form.h"
#include "core/strbuf.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include <sys/stat.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int
db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
db_codes_sync(struct db *db, char **err)
{
	const char **names = codes_list_names();
	if (names == NULL || names[0] == NULL) {
		/* No forms directory (a bare test database): nothing to mirror. */
		free(names);
		return DB_OK;
	}
	/* The fingerprint is of the files' names, sizes and times, not their contents:
	 * every process opens the database (each SSH session does), and reading every
	 * code list there would put their parsing on the way to the first screen. */
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	for (int i = 0; names[i] != NULL; i++) {
		char *path = xasprintf("%s/codes/%s.json", paths_forms_dir(), names[i]);
		struct stat st;
		memset(&st, 0, sizeof st);
		char line[512];
		int n = snprintf(line, sizeof line, "%s %lld %lld.%09ld\n", names[i],
		    stat(path, &st) == 0 ? (long long)st.st_size : -1LL,
		    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
		free(path);
		crypto_hash_sha256_update(&hs, (const unsigned char *)line,
		    (unsigned long long)(n > 0 && n < (int)sizeof line ? n : 0));
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256_final(&hs, h);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);

	sqlite3_stmt *st = db_stmt(db, "SELECT label FROM code WHERE list = '' AND code = ''", err);
	if (st == NULL) {
		free(names);
		return DB_ERROR;
	}
	int same = sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), hex) == 0;
	sqlite3_reset(st);
	if (same) {
		free(names);
		return DB_OK;
	}
	if (db_begin(db, err) != DB_OK) {
		free(names);
		return DB_ERROR;
	}
	int rc = DB_OK;
	if (sqlite3_exec(db_sqlite(db), "DELETE FROM code; DELETE FROM code_alias", NULL, NULL,
	    NULL) != SQLITE_OK)
		rc = db_fail(db, err);
	for (int i = 0; rc == DB_OK && names[i] != NULL; i++) {
		char *e = NULL;
		const struct code_list *cl = codes_get(names[i], &e);
		free(e);
		if (cl == NULL)
			continue;
		for (int k = 0; rc == DB_OK && k < cl->nitems; k++) {
			st = db_stmt(db, "INSERT OR REPLACE INTO code (list, code, label, label_en)"
			    " VALUES (?,?,?,?)", err);
			if (st == NULL) {
				rc = DB_ERROR;
				break;
			}
			sqlite3_bind_text(st, 1, cl->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, cl->items[k].code, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, cl->items[k].label, -1, SQLITE_STATIC);
			db_bind_text_or_null(st, 4, cl->items[k].label_en);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, err);
		}
		for (int k = 0; rc == DB_OK && k < cl->nretired; k++) {
			st = db_stmt(db, "INSERT OR REPLACE INTO code_alias (list, old_code, code,"
			    " label) VALUES (?,?,?,?)", err);
			if (st == NULL) {
				rc = DB_ERROR;
				break;
			}
			sqlite3_bind_text(st, 1, cl->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, cl->retired[k].code, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, cl->retired[k].current, -1, SQLITE_STATIC);
			db_bind_text_or_null(st, 4, cl->retired[k].label);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, err);
		}
	}
	if (rc == DB_OK) {
		/* The fingerprint row: list '' code ''. */
		st = db_stmt(db, "INSERT INTO code (list, code, label) VALUES ('', '', ?)", err);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_text(st, 1, hex, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, err);
		}
	}
	free(names);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}
