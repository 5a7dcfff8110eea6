/* Integrity of the database file: SQLite's own checks, foreign keys included. */
#ifndef HOSO_CHECK_H
#define HOSO_CHECK_H
#include "db/db.h"
#include <stdint.h>

/* *problems is NULL when all is well, else a report the caller frees. */
int db_check_integrity(struct db *db, char **problems, char **err);

enum row_fault {
	ROW_OK,
	ROW_CHANGED,	/* the row differs from what its last audit row wrote */
	ROW_UNAUDITED,	/* a row no audit row wrote (or whose last one deleted it) */
	ROW_DELETED	/* gone, though no audit row deleted it */
};

struct row_findings {
	int64_t        checked;		/* rows compared with their last audit row */
	int64_t        unverifiable;	/* last written by a release that kept no hash */
	int64_t        bad;		/* rows found wrong */
	enum row_fault fault;		/* the first of them (lowest id): */
	int64_t        bad_id;		/* its id (0 when all is well) */
	int64_t        audit_seq;	/* its last audit row, 0 for none */
};

/* Every person (items 0) or sub-record (items 1) row against its last audit row
 * that wrote it, and every row the trail wrote against the table. */
int db_check_rows(struct db *db, int items, struct row_findings *f, char **err);
/* People only, reduced: *bad_id is 0 when all match, else the first that does not. */
int db_check_imported(struct db *db, int64_t *bad_id, int64_t *checked, char **err);
#endif
