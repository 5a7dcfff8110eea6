/*
 * The data-quality report: for the people at work in an agency subtree, the
 * records that lack a field the Ministry's forms need (BM01/BNV's breakdowns, the
 * 2C résumé's salary and recruitment), whose identity is not verified against the
 * population database or disagrees with it, that look like another record of the
 * same person (same folded name and date of birth, different ID numbers), or that
 * hold a value outside its code list (e.g. from an old import). One line per
 * finding, each naming the record. No SQL and no curses here.
 */
#ifndef HOSO_REPORT_QUALITY_H
#define HOSO_REPORT_QUALITY_H
#include "db/org.h"
#include "db/stat.h"
#include "report/summary.h"

enum quality_kind { Q_MISSING, Q_IDENTITY, Q_DUPLICATE, Q_CODE, Q_NKINDS };

struct quality_entry {
	enum quality_kind  kind;
	struct stat_person who;
	char               detail[256];	/* translated: what is wrong */
	char               key[128];	/* the same for files: fields, state, ID number */
};

struct quality {
	struct org_info       org;
	char                  date[11];
	int64_t               people;	/* people at work read */
	int                   count[Q_NKINDS];
	struct quality_entry *list;	/* by kind, then name */
	int                   n;
};

int  quality_new(struct db *db, const struct org_info *org, struct quality **out,
    char **err);
void quality_free(struct quality *q);
void quality_write(const struct quality *q, enum report_format f, FILE *out);
/* The kind's heading, translated. */
const char *quality_kind_title(enum quality_kind k);
#endif
