/*
 * The database's own figures for hoso health (health.c): its size in pages, and
 * SQLite's quick check on demand.
 */
#ifndef HOSO_DB_HEALTH_H
#define HOSO_DB_HEALTH_H
#include "db/db.h"
#include <stdint.h>

struct db_size {
	int64_t pages, page_size, free_pages;
	int64_t wal_bytes;	/* the -wal file now (0: none) */
};
int db_size_get(struct db *db, struct db_size *out, char **err);
/* PRAGMA quick_check (every page and index entry, not the indexes' content): *problems
 * NULL when ok, else what it found (caller frees). */
int db_quick_check(struct db *db, char **problems, char **err);
#endif
