/*
 * The audit trail's files beside the database: the chain's key, <db>.auditkey
 * (audit_key.c), and the witness of its head, <db>.witness (audit_witness.c). Not
 * for use outside src/db/.
 */
#ifndef HOSO_AUDIT_FILES_H
#define HOSO_AUDIT_FILES_H
#include "db/db.h"
#include <stddef.h>
#include <stdint.h>

struct audit_key;
struct audit_verdict;

/* Protect the key and the witness of the database at db_path (open.c; in
 * audit_key.c). */
void    audit_files_guard(const char *db_path);
/* "<database file><suffix>" (caller frees), or NULL for an in-memory database. */
char   *audit_file_path_new(struct db *db, const char *suffix);
/* DB_OK with *out, DB_NOTFOUND when there is no key file, DB_ERROR (*err) when it
 * cannot be read or is damaged. */
int     audit_key_load(const char *path, struct audit_key **out, char **err);
/* Make a new key, keying the chain from row from on (0600, never over an existing
 * file: if one appeared meanwhile, it is loaded instead). */
int     audit_key_create(const char *path, int64_t from, struct audit_key **out,
    char **err);
/* The first row keyed. */
int64_t audit_key_from(const struct audit_key *k);
void    audit_key_mac(const struct audit_key *k, const void *data, size_t len,
    char out[65]);
void    audit_key_free(struct audit_key *k);

/* Compare the trail (v->head_seq, the chain already found intact) with every line
 * of the witness: sets v->fault, bad_seq and witnessed_* on the first difference,
 * v->witnesses to the lines read. */
int     audit_witness_check(struct db *db, struct audit_verdict *v, char **err);
#endif
