/*
 * The agency tree. Each agency has its official code (letters, digits and dots, at
 * most 35 characters), a parent, and a materialised path "/1/5/23/" of row ids from
 * the root, so that "this agency and everything under it" is one prefix range.
 */
#ifndef HOSO_ORG_H
#define HOSO_ORG_H
#include "db/db.h"
#include <stdio.h>

struct org_info {
	int64_t id;
	char    code[40];
	char    name[256];
	char    parent_code[40];
	char    kind[64];
	int     level;
	int     headcount;	/* assigned headcount; 0 if not given */
	char    path[256];
};

/* Load agencies from CSV (code,name,parent_code[,kind,level,headcount]).
 * All-or-nothing: on DB_INVALID *err names every bad line. An existing code is
 * updated in place. *count receives the rows read. */
int db_org_import(struct db *db, const struct actor *who, FILE *f,
    const char *filename, int *count, char **err);
/* Agencies within the actor's scope, in tree order; *out is an array caller frees. */
int db_org_list(struct db *db, const struct actor *who, struct org_info **out,
    int *n, char **err);
int db_org_find(struct db *db, const char *code, struct org_info *out, char **err);
int db_org_by_id(struct db *db, int64_t id, struct org_info *out, char **err);
/* Write the agencies in scope in the import format. */
int db_org_export(struct db *db, const struct actor *who, FILE *out, char **err);
/* Valid agency code shape (Decision 20/2020/QĐ-TTg). */
int db_org_code_ok(const char *code);
#endif
