/* Integrity of the database file: SQLite's own checks, foreign keys included. */
#ifndef HOSO_CHECK_H
#define HOSO_CHECK_H
#include "db/db.h"
#include <stdint.h>

/* *problems is NULL when all is well, else a report the caller frees. */
int db_check_integrity(struct db *db, char **problems, char **err);
/* People unchanged since their import against the content hash in their import's
 * audit row: *bad_id is 0 when all match, else the first person that does not. */
int db_check_imported(struct db *db, int64_t *bad_id, int64_t *checked, char **err);
#endif
