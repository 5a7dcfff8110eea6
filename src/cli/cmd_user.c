/*
 * hoso user add NAME --role ROLE [--org CODE] [--name "Full Name"]
 *     [--password-stdin | --key "ssh-ed25519 AAAA... comment"] [--person ID_NUMBER]
 * hoso user add-self --org CODE [--keys DIR]
 * hoso user edit NAME [--role ROLE] [--org CODE] [--name "Full Name"] [--lang vi|en]
 * hoso user passwd NAME [--password-stdin] | reset NAME | lock NAME | unlock NAME | list
 * hoso user key-add NAME ["ssh-ed25519 AAAA... comment" | --file FILE.pub]
 *     (also spelt "key add", as before) | key-remove NAME SHA256:... | keys NAME
 * hoso user throttles | unthrottle NAME [--source ADDR] | unthrottle --source ADDR
 * Passwords are read from standard input (one line), never from the command line,
 * where other users could see them in the process list.
 */
#include "cli/cli.h"
#include "cli/user_self.h"
#include "core/i18n.h"
#include "db/account.h"
#include "db/db.h"
#include "db/role.h"
#include "db/throttle.h"
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One line from stdin; prompts without echo on a terminal. Caller frees. */
static char *
read_password(const char *prompt)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (n <= 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

/* Takes the address of err: the callee sets it, and C does not order the
 * evaluation of a call's arguments. */
static int
report(int rc, char **errp)
{
	char *err = *errp;
	*errp = NULL;
	if (rc == DB_OK)
		return 0;
	fprintf(stderr, "hoso user: %s\n", err ? err : "?");
	free(err);
	return 1;
}

enum { USER_ADD, USER_EDIT, USER_PASSWD, USER_RESET, USER_LOCK, USER_UNLOCK, USER_LIST,
    USER_KEY_ADD, USER_KEY_ADD_OLD, USER_KEY_REMOVE, USER_KEYS, USER_THROTTLES,
    USER_UNTHROTTLE, USER_ADD_SELF };
enum { O_ROLE, O_ORG, O_NAME, O_PASSWORD_STDIN, O_KEY, O_PERSON };
enum { E_ROLE, E_ORG, E_NAME, E_LANG };
/* The roles, said once for add and edit. */
#define ROLES_HELP N_("admin (national administrator: everything), agency_admin " \
	"(accounts and records of its agency's subtree), clerk (records of its agency's " \
	"subtree), viewer (reads and reports only) or self (a civil servant's own record)")
static const struct cli_opt add_opts[] = {
	[O_ROLE] = { "role", N_("ROLE"), ROLES_HELP, 0 },
	[O_ORG] = { "org", N_("CODE"), N_("its agency (the scope of its records)"), 0 },
	[O_NAME] = { "name", N_("\"Full Name\""), N_("the person's full name"), 0 },
	[O_PASSWORD_STDIN] = { "password-stdin", NULL, N_("read the password from standard "
	    "input even when it is no terminal"), 0 },
	[O_KEY] = { "key", N_("\"KEY\""), N_("an account that signs in with this SSH "
	    "public key only (not with --password-stdin)"), 0 },
	[O_PERSON] = { "person", N_("ID_NUMBER"), N_("with --role self: the person whose "
	    "own account it is (its agency is theirs)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt add_self_opts[] = {
	{ "org", N_("CODE"), N_("the agency (and those under it) whose people get "
	    "accounts"), 0 },
	{ "keys", N_("DIR"), N_("DIR/ID_NUMBER.pub is that person's SSH public key"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt edit_opts[] = {
	[E_ROLE] = { "role", N_("ROLE"), ROLES_HELP, 0 },
	[E_ORG] = { "org", N_("CODE"), N_("its agency (the scope of its records)"), 0 },
	[E_NAME] = { "name", N_("\"Full Name\""), N_("the person's full name"), 0 },
	[E_LANG] = { "account-lang", N_("vi|en"), N_("the language the account opens "
	    "in"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt key_add_opts[] = {
	{ "file", N_("FILE.pub"), N_("read the key line from this file (on this "
	    "computer)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt passwd_opts[] = {
	{ "password-stdin", NULL, N_("read the password from standard input (as without "
	    "it)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt unthrottle_opts[] = {
	{ "source", N_("ADDR"), N_("only the throttles of this address (without NAME: of "
	    "every account)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec user_add = {
	"user add", N_("NAME"), 1, 1, add_opts, N_("Creates an account; its password is "
	    "asked for on a terminal, or read with --password-stdin; an account needs a "
	    "password or a key.")
}, user_edit = {
	"user edit", N_("NAME"), 1, 1, edit_opts, N_("Changes an account's role, agency, "
	    "name or language; what is not given stays as it is. (Without --role the "
	    "default of add does not apply.)")
}, user_reset = {
	"user reset", N_("NAME"), 1, 1, NULL, N_("Gives an account a new temporary "
	    "password, printed once, that its owner must change at the next sign-in.")
}, user_key_add2 = {
	"user key-add", N_("NAME [\"ssh-ed25519 AAAA... comment\"]"), 1, 2, key_add_opts,
	N_("Registers an SSH public key for an account, given as its line or in a file "
	    "(--file), and prints its fingerprint.")
}, user_key_remove = {
	"user key-remove", N_("NAME SHA256:..."), 2, 2, NULL,
	N_("Removes the key with that fingerprint from an account (see user keys).")
}, user_keys = {
	"user keys", N_("NAME"), 1, 1, NULL, N_("Lists an account's SSH keys with their "
	    "fingerprints.")
}, user_passwd = {
	"user passwd", N_("NAME"), 1, 1, passwd_opts, N_("Sets an account's password, read "
	    "from standard input.")
}, user_lock = {
	"user lock", N_("NAME"), 1, 1, NULL, N_("Locks an account: it can no longer sign in.")
}, user_unlock = {
	"user unlock", N_("NAME"), 1, 1, NULL, N_("Unlocks an account.")
}, user_list = {
	"user list", NULL, 0, 0, NULL, N_("Lists the accounts in scope.")
}, user_key_add = {
	"user key add", N_("NAME \"ssh-ed25519 AAAA... comment\""), 2, 2, NULL,
	N_("Registers an SSH public key for an account.")
}, user_throttles = {
	"user throttles", NULL, 0, 0, NULL,
	N_("Lists the accounts and addresses whose sign-ins wrong passwords have slowed.")
}, user_unthrottle = {
	"user unthrottle", N_("[NAME]"), 0, 1, unthrottle_opts,
	N_("Lifts the sign-in throttles of an account, of an address, or of both.")
}, user_add_self = {
	"user add-self", NULL, 0, 0, add_self_opts, N_("Creates an own account for "
	    "everyone of an agency who has none, named by ID number: prints each first "
	    "password once, or signs them in by the key found for them.")
};
static const struct cli_spec *const user_specs[] = {
	[USER_ADD] = &user_add, [USER_EDIT] = &user_edit, [USER_PASSWD] = &user_passwd,
	[USER_RESET] = &user_reset, [USER_LOCK] = &user_lock, [USER_UNLOCK] = &user_unlock,
	[USER_LIST] = &user_list, [USER_KEY_ADD] = &user_key_add2,
	[USER_KEY_ADD_OLD] = &user_key_add, [USER_KEY_REMOVE] = &user_key_remove,
	[USER_KEYS] = &user_keys,
	[USER_THROTTLES] = &user_throttles, [USER_UNTHROTTLE] = &user_unthrottle,
	[USER_ADD_SELF] = &user_add_self, NULL
};

static int
add(struct db *db, const struct actor *who, const struct cli_args *a)
{
	const char *name = a->arg[0], *org = a->value[O_ORG];
	const char *role_s = a->value[O_ROLE] != NULL ? a->value[O_ROLE] : "clerk";
	const char *full = a->value[O_NAME] != NULL ? a->value[O_NAME] : "";
	int pw_stdin = a->value[O_PASSWORD_STDIN] != NULL;
	const char *key = a->value[O_KEY];
	enum role role;
	if (db_role_parse(role_s, &role) != DB_OK || (key != NULL && pw_stdin)) {
		if (key != NULL && pw_stdin)
			fprintf(stderr, _("hoso user add: --key or --password-stdin, not both\n"));
		else
			fprintf(stderr, _("hoso user add: unknown role '%s'\n"), role_s);
		cli_print_usage((const struct cli_spec *const[]){ &user_add, NULL }, stderr);
		return 2;
	}
	/* A self account is bound to its person, or it would see nobody. */
	const char *person = a->value[O_PERSON];
	if (person != NULL && !db_role_needs_person(role)) {
		fprintf(stderr, _("hoso user add: --person goes with --role self only\n"));
		return 2;
	}
	if (person == NULL && db_role_needs_person(role) && (key != NULL || pw_stdin ||
	    isatty(STDIN_FILENO))) {
		fprintf(stderr, _("hoso user add: --role self needs --person ID_NUMBER\n"));
		return 2;
	}
	char *err = NULL;
	if (key != NULL) {
		if (person != NULL)
			return user_self_add(db, who, name, person, NULL, key);
		int rc = db_account_add_with_key(db, who, name, full, role, org, key, &err);
		if (rc == DB_OK)
			printf(_("account %s created (%s)\n"), name, role_s);
		return report(rc, &err);
	}
	char *pw = NULL;
	/* Without a terminal or --password-stdin there is no password to read, and
	 * db_account_add refuses the account, saying how to give one. */
	if (pw_stdin || isatty(STDIN_FILENO)) {
		pw = read_password(_("Password: "));
		if (pw == NULL) {
			fprintf(stderr, _("hoso user add: no password given\n"));
			return 1;
		}
	}
	if (person != NULL && pw != NULL) {
		int st = user_self_add(db, who, name, person, pw, NULL);
		free(pw);
		return st;
	}
	int rc = db_account_add(db, who, name, full, role, org, pw, &err);
	free(pw);
	if (rc == DB_OK)
		printf(_("account %s created (%s)\n"), name, role_s);
	return report(rc, &err);
}

static int
throttles(struct db *db, const struct actor *who)
{
	struct throttle_info *v;
	int n;
	char *err = NULL;
	int rc = report(db_throttle_list(db, who, &v, &n, &err), &err);
	if (rc != 0)
		return rc;
	if (n > 0)
		printf("%-20s %-39s %8s  %-20s %s\n", _("ACCOUNT"), _("SOURCE"), _("FAILURES"),
		    _("SINCE"), _("THROTTLED UNTIL"));
	for (int i = 0; i < n; i++)
		printf("%-20s %-39s %8d  %-20s %s\n", v[i].username, v[i].source,
		    v[i].failures, v[i].first_at, v[i].until[0] ? v[i].until : "-");
	if (n == 0)
		printf(_("no sign-in throttles\n"));
	free(v);
	return 0;
}

/* unthrottle NAME [--source ADDR] | unthrottle --source ADDR */
static int
unthrottle(struct db *db, const struct actor *who, const struct cli_args *a)
{
	const char *name = a->narg > 0 ? a->arg[0] : NULL, *source = a->value[0];
	if (name == NULL && source == NULL) {
		cli_print_usage((const struct cli_spec *const[]){ &user_unthrottle, NULL },
		    stderr);
		return 2;
	}
	char *err = NULL;
	int lifted;
	int rc = report(db_throttle_lift(db, who, name, source, &lifted, &err), &err);
	if (rc == 0)
		printf(_("%d sign-in throttle(s) lifted\n"), lifted);
	return rc;
}

static int
edit(struct db *db, const struct actor *who, const struct cli_args *a)
{
	struct account_edit e = { .full_name = a->value[E_NAME], .org_code = a->value[E_ORG],
	    .lang = a->value[E_LANG] };
	if (a->value[E_ROLE] != NULL) {
		if (db_role_parse(a->value[E_ROLE], &e.role) != DB_OK) {
			fprintf(stderr, _("hoso user edit: unknown role '%s'\n"), a->value[E_ROLE]);
			cli_print_usage((const struct cli_spec *const[]){ &user_edit, NULL }, stderr);
			return 2;
		}
		e.role_set = true;
	}
	char *err = NULL;
	int rc = report(db_account_edit(db, who, a->arg[0], &e, &err), &err);
	if (rc == 0)
		printf(_("account %s changed\n"), a->arg[0]);
	return rc;
}

static int
reset(struct db *db, const struct actor *who, const char *name)
{
	char tmp[ACCOUNT_TMP_PASSWORD_LEN + 1];
	char *err = NULL;
	int rc = report(db_account_reset_password(db, who, name, tmp, &err), &err);
	if (rc == 0) {
		printf(_("temporary password of %s (shown once; to be changed at the next "
		    "sign-in): %s\n"), name, tmp);
		sodium_memzero(tmp, sizeof tmp);
	}
	return rc;
}

/* The first line of a .pub file that is not blank or a comment. Caller frees. */
static char *
key_from_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, _("hoso user: cannot read %s: %s\n"), path, strerror(errno));
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		const char *p = line + strspn(line, " \t");
		if (*p != '#' && *p != '\n' && *p != '\r' && *p != '\0') {
			fclose(f);
			return line;
		}
	}
	fclose(f);
	free(line);
	fprintf(stderr, _("hoso user: %s holds no key line\n"), path);
	return NULL;
}

static int
key_add(struct db *db, const struct actor *who, const struct cli_args *a, int sub)
{
	const char *file = sub == USER_KEY_ADD ? a->value[0] : NULL;
	if ((file != NULL) == (a->narg == 2)) {
		fprintf(stderr, _("hoso user key-add: give the key line or --file, one of them\n"));
		cli_print_usage((const struct cli_spec *const[]){ &user_key_add2, NULL }, stderr);
		return 2;
	}
	char *line = file != NULL ? key_from_file(file) : strdup(a->arg[1]);
	if (line == NULL)
		return 1;
	char *err = NULL, fp[64];
	int rc = db_account_key_check(line, fp, &err);
	if (rc == DB_OK)
		rc = db_account_key_add(db, who, a->arg[0], line, &err);
	free(line);
	if ((rc = report(rc, &err)) == 0)
		printf(_("key %s added to %s\n"), fp, a->arg[0]);
	return rc;
}

static int
keys(struct db *db, const struct actor *who, const char *name)
{
	struct account_key_info *v;
	int n;
	char *err = NULL;
	int rc = report(db_account_key_list(db, who, name, &v, &n, &err), &err);
	if (rc != 0)
		return rc;
	for (int i = 0; i < n; i++)
		cli_printf("%s %s %s %.10s\n", v[i].fingerprint, v[i].type, v[i].comment,
		    v[i].created_at);
	if (n == 0)
		printf(_("%s has no SSH keys\n"), name);
	free(v);
	return 0;
}

static int
list(struct db *db, const struct actor *who)
{
	struct account_info *v;
	int n;
	char *err = NULL;
	int rc = report(db_account_list(db, who, &v, &n, &err), &err);
	if (rc != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		char last[17] = "-";
		if (v[i].last_login[0])
			snprintf(last, sizeof last, "%.10s %.5s", v[i].last_login,
			    v[i].last_login + 11);
		cli_printf("%-20s %-13s %-16s %-3s %-6s %-16s %s\n", v[i].username,
		    db_role_name(v[i].role), v[i].org_code[0] ? v[i].org_code : "-", v[i].lang,
		    v[i].locked ? _("locked") : v[i].must_change ? _("reset") : _("active"),
		    last, v[i].full_name);
	}
	if (n == 0)
		printf(_("no accounts\n"));
	free(v);
	return 0;
}

static int
cmd_user_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int sub, parsed = cli_parse_sub(user_specs, argc, argv, &a, &sub);
	if (parsed >= 0)
		return parsed;
	struct db *db;
	struct actor who;
	int reads = sub == USER_LIST || sub == USER_THROTTLES || sub == USER_KEYS;
	if ((reads ? cli_open_existing : cli_open)(&c, "cli:user", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc;
	if (sub == USER_ADD)
		rc = add(db, &who, &a);
	else if (sub == USER_PASSWD) {
		char *pw = read_password(_("New password: "));
		rc = pw == NULL ? (fprintf(stderr, _("hoso user: no password given\n")), 1) :
		    report(db_account_set_password(db, &who, a.arg[0], pw, &err), &err);
		if (rc == 0)
			printf(_("password of %s changed\n"), a.arg[0]);
		free(pw);
	} else if (sub == USER_LOCK || sub == USER_UNLOCK) {
		bool lock = sub == USER_LOCK;
		rc = report(db_account_set_locked(db, &who, a.arg[0], lock, &err), &err);
		if (rc == 0)
			printf(lock ? _("account %s locked\n") : _("account %s unlocked\n"), a.arg[0]);
	} else if (sub == USER_LIST) {
		rc = list(db, &who);
	} else if (sub == USER_EDIT) {
		rc = edit(db, &who, &a);
	} else if (sub == USER_RESET) {
		rc = reset(db, &who, a.arg[0]);
	} else if (sub == USER_KEY_ADD || sub == USER_KEY_ADD_OLD) {
		rc = key_add(db, &who, &a, sub);
	} else if (sub == USER_KEY_REMOVE) {
		rc = report(db_account_key_remove(db, &who, a.arg[0], a.arg[1], &err), &err);
		if (rc == 0)
			printf(_("key %s removed from %s\n"), a.arg[1], a.arg[0]);
	} else if (sub == USER_KEYS) {
		rc = keys(db, &who, a.arg[0]);
	} else if (sub == USER_THROTTLES) {
		rc = throttles(db, &who);
	} else if (sub == USER_ADD_SELF) {
		rc = a.value[0] == NULL ? (cli_print_usage((const struct cli_spec *const[]){
		    &user_add_self, NULL }, stderr), 2) :
		    user_self_add_org(db, &who, a.value[0], a.value[1]);
	} else {
		rc = unthrottle(db, &who, &a);
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_user = {
	"user", user_specs, N_("manage accounts"),
	cmd_user_exec
};
