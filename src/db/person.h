/*
 * People and their sub-records. A person is a record whose field names are those of
 * forms/person.json; sub-records (work history, training, salary, rewards,
 * discipline, family, ...) are records of the form named by their kind.
 *
 * Every read checks the actor's scope and is logged as a view; every write is one
 * transaction with its audit row. Updates name the version they read: if someone
 * saved in between, DB_CONFLICT and *err says who and when.
 */
#ifndef HOSO_PERSON_H
#define HOSO_PERSON_H
#include "db/db.h"
#include "core/record.h"

/* purpose is logged with the view ("open", "print", "export"). */
int db_person_get(struct db *db, const struct actor *who, int64_t id,
    const char *purpose, struct record **out, char **err);
int db_person_get_by_idnum(struct db *db, const struct actor *who,
    const char *id_number, const char *purpose, struct record **out, char **err);
/* Validate (form rules plus ID number against sex and date of birth) and insert;
 * on DB_INVALID, *err lists every problem, one per line. */
int db_person_insert(struct db *db, const struct actor *who, struct record *rec,
    int64_t *new_id, char **err);
/* rec->id and rec->version must be those read. Fields absent from rec keep their
 * stored value. On success rec->version is the new version. */
int db_person_update(struct db *db, const struct actor *who, struct record *rec,
    char **err);
int db_person_delete(struct db *db, const struct actor *who, int64_t id,
    int64_t version, char **err);

/* Sub-records of one kind for a person, ordered by date; *out is an array of
 * records the caller frees with db_records_free. */
int db_item_list(struct db *db, const struct actor *who, int64_t person_id,
    const char *kind, struct record ***out, int *n, char **err);
/* Insert (rec->id == 0) or update one sub-record; bumps the person's version too,
 * so that a concurrent edit of the person notices. */
int db_item_save(struct db *db, const struct actor *who, int64_t person_id,
    const char *kind, struct record *rec, char **err);
int db_item_delete(struct db *db, const struct actor *who, int64_t person_id,
    int64_t item_id, char **err);
void db_records_free(struct record **recs, int n);
#endif
