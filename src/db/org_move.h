/*
 * Moving people, agencies and accounts between agencies (org_move.c), inside the
 * caller's transaction; for the agency and transfer modules of src/db/ only.
 */
#ifndef HOSO_ORG_MOVE_H
#define HOSO_ORG_MOVE_H
#include "db/db.h"
#include "db/org.h"

/* Make the empty temp tables move_person, move_org and move_account. */
int  org_move_begin(struct db *db, char **err);
/* Drop them. */
void org_move_end(struct db *db);
/* Carry out what the tables say, effective on date (ISO), why naming the action in
 * the people's audit rows ("merge", "split", "transfer"). */
int  org_move_apply(struct db *db, const struct actor *who, const char *date,
    const char *why, char **err);
/* Add to c what the tables say moves, by pair of agencies (and each person, as
 * "ID\tname\tfrom\tto\n" lines, if with_people). */
int  org_move_summary(struct db *db, struct org_change *c, int with_people, char **err);
#endif
