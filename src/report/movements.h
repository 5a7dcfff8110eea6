/*
 * Movements of an agency subtree over a period: recruited, transferred in and out,
 * retired, resigned, dismissed, deceased, disciplined, appointed to a rank or a
 * position; each with where the number comes from (db/stat_moves.c). No SQL and no
 * curses here.
 */
#ifndef HOSO_REPORT_MOVEMENTS_H
#define HOSO_REPORT_MOVEMENTS_H
#include "db/org.h"
#include "db/stat.h"
#include "report/summary.h"

struct movements {
	struct org_info org;
	char            from[11], to[11];
	int64_t         n[STAT_MOVES];
};

/* from and to YYYY-MM-DD (NULL: the first of January of this year, today). */
int  movements_new(struct db *db, const struct org_info *org, const char *from,
    const char *to, struct movements **out, char **err);
void movements_free(struct movements *m);
/* The i-th movement's key, label and source (translated). */
const char *movements_key(int i);
const char *movements_label(int i);
const char *movements_source(int i);
void movements_write(const struct movements *m, enum report_format f, FILE *out);
#endif
