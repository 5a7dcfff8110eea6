/*
 * hoso user's self accounts (user_self.c): one bound to a person by ID number,
 * and one for everyone of an agency who has none, each with a first password
 * printed once or the key found for them.
 */
#ifndef HOSO_CLI_USER_SELF_H
#define HOSO_CLI_USER_SELF_H
struct db;
struct actor;

/* hoso user add NAME --role self --person ID_NUMBER, with the password (or key
 * line) add() read. Returns the exit status. */
int user_self_add(struct db *db, const struct actor *who, const char *name,
    const char *id_number, const char *password, const char *key_line);
/* hoso user add-self --org CODE [--keys DIR]: accounts named by ID number; DIR's
 * ID_NUMBER.pub, when there, is the account's key, else a first password is made
 * and printed once. Returns the exit status. */
int user_self_add_org(struct db *db, const struct actor *who, const char *org_code,
    const char *key_dir);
#endif
