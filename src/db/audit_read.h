/*
 * Reading the audit trail (audit_read.c): rows by account, person, agency, action
 * and date, within the reader's scope, and the fields one change changed. Every
 * reading leaves an audit row of its own ("view", "audit").
 */
#ifndef HOSO_DB_AUDIT_READ_H
#define HOSO_DB_AUDIT_READ_H
#include "db/db.h"
#include <stdint.h>

struct audit_filter {
	const char *id_number;	/* a person's whole history: their rows and their
				 * sub-records' rows */
	const char *account;	/* rows written by this account */
	const char *org_code;	/* rows about the people and accounts of this agency's
				 * subtree, and written by its accounts */
	const char *from, *to;	/* "YYYY-MM-DD", both days included (UTC) */
	const char *action;	/* "update", "view", "login" ... */
	int64_t     after_seq;	/* rows after this one (paging); 0: from the start */
	int64_t     before_seq;	/* rows before this one; 0: to the end */
	int         limit;	/* at most this many; 0: all */
	int         newest_first;
};

/* One row as read. The strings live until the callback returns. */
struct audit_entry {
	int64_t     seq;
	const char *at;		/* UTC, as stored */
	const char *actor, *session, *action, *entity;
	int64_t     entity_id;	/* 0 with has_id 0 */
	int         has_id;
	const char *before, *after;	/* JSON or NULL */
};

/* Called per row; a non-zero return stops the reading (and is returned). */
typedef int (*db_audit_entry_fn)(void *arg, const struct audit_entry *e);

/* The rows of f that who may read (db_actor_may_read_audit; an agency
 * administrator's: rows about people and accounts of its subtree, and rows written
 * by its accounts), oldest first unless f->newest_first, to fn. *rows: how many.
 * A person or agency outside the scope is answered as a missing one (DB_NOTFOUND,
 * *err). The reading is audited. */
int db_audit_read(struct db *db, const struct actor *who, const struct audit_filter *f,
    db_audit_entry_fn fn, void *arg, int64_t *rows, char **err);

/* The fields of one change: every key whose value differs between the JSON objects
 * before and after (either may be NULL), in key order, to fn with the values as
 * text (NULL: absent). A value that is not a JSON object gives no fields (*fields
 * 0). */
typedef void (*db_audit_field_fn)(void *arg, const char *field, const char *before,
    const char *after);
int db_audit_fields(struct db *db, const char *before, const char *after,
    db_audit_field_fn fn, void *arg, int *fields, char **err);
#endif
