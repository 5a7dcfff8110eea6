/*
 * The agency tree. Each agency has its official code (letters, digits and dots, at
 * most 35 characters), a parent, and a materialised path "/1/5/23/" of row ids from
 * the root, so that "this agency and everything under it" is one prefix range.
 *
 * History, for "as of date D": an agency existed on D when valid_from is NULL or
 * <= D and valid_to is NULL or >= D; merged agencies point to their successor
 * (merged_into) and stay in the tree where they were when closed. Every move made
 * by hoso (merge, split, transfer) closes the person's open work-history row
 * (person_item kind 'work') the day before and opens one from the date whose data
 * carries "agency_code" beside "agency": the rows with an agency_code say where a
 * person was on D; before a person's first such row, the agency was the
 * "from" of that first move (its audit row "move" names it as org_code).
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
	char    valid_from[11];	/* "" : since before records */
	char    valid_to[11];	/* its last day; "" while it exists */
	char    merged_into[40];	/* the successor's code when merged, else "" */
};

/* Load agencies from CSV (code,name,parent_code[,kind,level,headcount]).
 * All-or-nothing: on DB_INVALID *err names every bad line. An existing code is
 * updated in place. *count receives the rows read. */
int db_org_import(struct db *db, const struct actor *who, FILE *f,
    const char *filename, int *count, char **err);
/* Agencies within the actor's scope, in tree order (brothers by code); *out is
 * an array the caller frees. */
int db_org_list(struct db *db, const struct actor *who, struct org_info **out,
    int *n, char **err);
/* Every agency of the nation, in tree order: the tree itself is no secret, and a
 * transfer's receiving agency lies outside the sender's scope. */
int db_org_list_all(struct db *db, struct org_info **out, int *n, char **err);
int db_org_find(struct db *db, const char *code, struct org_info *out, char **err);
int db_org_by_id(struct db *db, int64_t id, struct org_info *out, char **err);
/* Write the agencies in scope in the import format. */
int db_org_export(struct db *db, const struct actor *who, FILE *out, char **err);
/* What a merge or split does, or would do (a dry run): what moves between each
 * pair of agencies. */
struct org_move_part {
	char from[40], from_name[256], to[40], to_name[256];
	long people;	/* people of the agency itself */
	long agencies;	/* agencies directly under it, with their subtrees */
	long accounts;
};
struct org_change {
	char  date[11];		/* effective date, ISO */
	int   nparts;
	struct org_move_part *parts;
	long  people, agencies, accounts;	/* the totals */
	char *created;		/* codes of agencies the action made, space-separated */
	char *closed;		/* codes it closed */
	char *reopened;		/* codes it opened again (a split undoing a merge) */
	char *people_lines;	/* "ID\tname\tfrom\tto\n" per person, when asked */
};
void db_org_change_free(struct org_change *c);

/* Merge the agencies codes[0..n) into into, effective on date (ISO; NULL: today):
 * their people, the agencies under them and their accounts go to into; they are
 * closed (valid until the day before, merged_into set), never deleted. into may be
 * new: then into_name names it and it is made beside the first of them; or closed
 * by a split: then it opens again (the merge undoes the split). One
 * transaction, audited (one row for the merge, one per person and history row
 * written); rolled back when dry_run, after filling *out all the same. */
int db_org_merge(struct db *db, const struct actor *who, char *const *codes, int n,
    const char *into, const char *into_name, const char *date, int dry_run,
    int with_people, struct org_change *out, char **err);
/* Split code by the plan, a CSV file with the columns member,to[,to_name]: member
 * is a person's ID number or the code of an agency directly under code, "@NAME" an
 * account, "*" everything not named; to an agency (made beside code, named to_name,
 * when new; opened again when it was merged into code; code itself: stays). code
 * is closed unless something stays. Otherwise as db_org_merge. */
int db_org_split(struct db *db, const struct actor *who, const char *code, FILE *plan,
    const char *plan_name, const char *date, int dry_run, int with_people,
    struct org_change *out, char **err);
/* Add an agency under parent (NULL or "": a root), valid from date (NULL: none). */
int db_org_add(struct db *db, const struct actor *who, const char *code,
    const char *name, const char *parent, const char *date, char **err);
int db_org_rename(struct db *db, const struct actor *who, const char *code,
    const char *name, char **err);
/* Hang code (with its subtree) under parent. */
int db_org_move(struct db *db, const struct actor *who, const char *code,
    const char *parent, char **err);

/* "Name (province)" of the agency with this code, for beside the code on screens
 * and in documents: the top of its tree, without "Ủy ban nhân dân" (or "UBND"), stands for
 * the province or ministry, unless the name says it already. "" when no
 * agency has the code. Caller frees. */
char *db_org_label_new(struct db *db, const char *code);

/* Valid agency code shape (Decision 20/2020/QĐ-TTg). */
int db_org_code_ok(const char *code);
#endif
