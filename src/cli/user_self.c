/*
 * Self accounts from the command line (user_self.h). First passwords come from
 * libsodium's generator over letters and digits that are not mistaken for one
 * another when read off paper (no 0/O, 1/l/I); they are printed once, on stdout,
 * and stored only as their hash.
 */
#include "cli/user_self.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/account_self.h"
#include "db/db.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
first_password(char out[13])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 12; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
	out[12] = '\0';
}

int
user_self_add(struct db *db, const struct actor *who, const char *name,
    const char *id_number, const char *password, const char *key_line)
{
	char *err = NULL;
	int rc = db_account_add_self(db, who, name, id_number, password, key_line, &err);
	if (rc != DB_OK) {
		fputs("hoso user: ", stderr);
		cli_put_escaped(stderr, err ? err : "?");
		fputc('\n', stderr);
		free(err);
		return 1;
	}
	printf(_("account %s created (%s)\n"), name, "self");
	return 0;
}

/* DIR/ID_NUMBER.pub's first line, or NULL when there is none. */
static char *
key_for(const char *dir, const char *id_number)
{
	if (dir == NULL)
		return NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.pub", dir, id_number);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

int
user_self_add_org(struct db *db, const struct actor *who, const char *org_code,
    const char *key_dir)
{
	struct self_candidate *v;
	int n;
	char *err = NULL;
	if (db_self_unbound_list(db, who, org_code, &v, &n, &err) != DB_OK) {
		fputs("hoso user: ", stderr);
		cli_put_escaped(stderr, err ? err : "?");
		fputc('\n', stderr);
		free(err);
		return 1;
	}
	int failed = 0, made = 0;
	for (int i = 0; i < n; i++) {
		char pw[13];
		char *key = key_for(key_dir, v[i].id_number);
		if (key == NULL)
			first_password(pw);
		/* The ID number names the account: unique, and known to its owner. */
		int rc = db_account_add_self(db, who, v[i].id_number, v[i].id_number,
		    key ? NULL : pw, key, &err);
		if (rc == DB_OK) {
			/* Tab-separated for a script to hand out; the name as stored,
			 * escaped. */
			printf("%s\t%s\t", v[i].id_number, key ? _("(key)") : pw);
			cli_put_escaped(stdout, v[i].full_name);
			putchar('\n');
			made++;
		} else {
			fprintf(stderr, "hoso user: %s: ", v[i].id_number);
			cli_put_escaped(stderr, err ? err : "?");
			fputc('\n', stderr);
			failed++;
		}
		free(err);
		err = NULL;
		free(key);
		sodium_memzero(pw, sizeof pw);
	}
	free(v);
	fprintf(stderr, _("%d account(s) created, %d refused\n"), made, failed);
	return failed > 0 ? 1 : 0;
}
