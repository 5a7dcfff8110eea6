/*
 * What the data-quality report reads (report/quality.c judges): the people at work
 * of an agency subtree as records of the person form, and the suspected duplicates.
 */
#ifndef HOSO_DB_QUALITY_H
#define HOSO_DB_QUALITY_H
#include "db/db.h"
#include "db/org.h"
#include "db/stat.h"
#include <stdbool.h>

struct record;

/* Called for each person at work (or everyone, people who left too), by name: org_path is their agency's path, rec
 * holds those of fields (person form names, NULL-terminated) that have a value
 * (borrowed for the call), verify the verification state. Return non-zero to
 * stop. Also the pass of the BM01/BM02 forms (report/bm.c), whose columns cross
 * breakdowns the kept counts keep apart. */
typedef int (*db_quality_fn)(void *ctx, const struct stat_person *who,
    const char *org_path, const struct record *rec, const char *verify);
int db_quality_scan(struct db *db, const struct org_info *org,
    const char *const *fields, bool everyone, db_quality_fn fn, void *ctx, char **err);

/* Two records of the subtree with the same folded name and date of birth under
 * different ID numbers. */
struct quality_pair {
	struct stat_person a, b;
};
int db_quality_duplicates(struct db *db, const struct org_info *org,
    struct quality_pair **list, int *n, char **err);
#endif
