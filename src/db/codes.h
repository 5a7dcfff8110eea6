/*
 * The code lists as the data layer serves them: extended by national
 * administrators (the item goes into forms/codes/<list>.json, mirrored into the
 * code table, audited), and how many records use a value (before anyone thinks of
 * removing it: a value in use is never removed).
 */
#ifndef HOSO_DB_CODES_H
#define HOSO_DB_CODES_H
#include "db/db.h"

/* Add code (label_vi, label_en may be NULL) to list. DB_DENIED for anyone but a
 * national administrator; DB_INVALID when the code or label is taken. */
int db_code_add(struct db *db, const struct actor *who, const char *list,
    const char *code, const char *label_vi, const char *label_en, char **err);
/* The people in who's scope whose record (or one of its sub-records) holds code in
 * a field of list. */
int db_code_usage(struct db *db, const struct actor *who, const char *list,
    const char *code, long *people, char **err);
#endif
