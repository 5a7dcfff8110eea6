/* Integrity of the database file: SQLite's own checks, foreign keys included. */
#ifndef HOSO_CHECK_H
#define HOSO_CHECK_H
#include "db/db.h"

/* *problems is NULL when all is well, else a report the caller frees. */
int db_check_integrity(struct db *db, char **problems, char **err);
#endif
