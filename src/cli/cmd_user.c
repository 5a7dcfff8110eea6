/*
 * hoso user add NAME --role ROLE [--org CODE] [--name "Full Name"]
 *     [--password-stdin | --key "ssh-ed25519 AAAA... comment"]
 * hoso user passwd NAME [--password-stdin] | lock NAME | unlock NAME | list
 * hoso user key add NAME "ssh-ed25519 AAAA... comment"
 * hoso user throttles | unthrottle NAME [--source ADDR] | unthrottle --source ADDR
 * Passwords are read from standard input (one line), never from the command line,
 * where other users could see them in the process list.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/account.h"
#include "db/db.h"
#include "db/throttle.h"
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

static int
user_add(struct db *db, const struct actor *who, int argc, char **argv)
{
	const char *name = NULL, *role_s = "clerk", *org = NULL, *full = "", *key = NULL;
	int pw_stdin = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role_s = argv[++i];
		else if (strcmp(argv[i], "--org") == 0 && i + 1 < argc)
			org = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			full = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") == 0)
			pw_stdin = 1;
		else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else {
			fprintf(stderr, _("hoso user add: unexpected argument '%s'\n"), argv[i]);
			return 2;
		}
	}
	enum role role;
	if (name == NULL || db_role_parse(role_s, &role) != DB_OK ||
	    (key != NULL && pw_stdin)) {
		fprintf(stderr, _("usage: hoso user add NAME --role admin|agency_admin|clerk|viewer"
		    "|self [--org CODE] [--name \"Full Name\"] "
		    "[--password-stdin | --key \"KEY\"]\n"));
		return 2;
	}
	char *err = NULL;
	if (key != NULL) {
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
	int rc = db_account_add(db, who, name, full, role, org, pw, &err);
	free(pw);
	if (rc == DB_OK)
		printf(_("account %s created (%s)\n"), name, role_s);
	return report(rc, &err);
}

static int
user_throttles(struct db *db, const struct actor *who)
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
user_unthrottle(struct db *db, const struct actor *who, int argc, char **argv)
{
	const char *name = NULL, *source = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
			source = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else {
			fprintf(stderr, _("hoso user unthrottle: unexpected argument '%s'\n"),
			    argv[i]);
			return 2;
		}
	}
	if (name == NULL && source == NULL) {
		fprintf(stderr, _("usage: hoso user unthrottle NAME [--source ADDR] | "
		    "unthrottle --source ADDR\n"));
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
cmd_user_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fprintf(argc < 2 ? stderr : stdout, _("usage: hoso user add NAME --role ROLE "
		    "[--org CODE] [--name \"Full Name\"] [--password-stdin]\n"
		    "       hoso user passwd NAME | lock NAME | unlock NAME | list\n"
		    "       hoso user key add NAME \"ssh-ed25519 AAAA... comment\"\n"
		    "       hoso user throttles | unthrottle NAME [--source ADDR] | "
		    "unthrottle --source ADDR\n"));
		return argc < 2 ? 2 : 0;
	}
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:user", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc;
	const char *sub = argv[1];
	if (strcmp(sub, "add") == 0)
		rc = user_add(db, &who, argc - 2, argv + 2);
	else if (strcmp(sub, "passwd") == 0 && argc >= 3) {
		char *pw = read_password(_("New password: "));
		rc = pw == NULL ? (fprintf(stderr, _("hoso user: no password given\n")), 1) :
		    report(db_account_set_password(db, &who, argv[2], pw, &err), &err);
		free(pw);
	} else if ((strcmp(sub, "lock") == 0 || strcmp(sub, "unlock") == 0) && argc == 3) {
		rc = report(db_account_set_locked(db, &who, argv[2], sub[0] == 'l', &err), &err);
		if (rc == 0)
			printf(sub[0] == 'l' ? _("account %s locked\n") : _("account %s unlocked\n"),
			    argv[2]);
	} else if (strcmp(sub, "list") == 0) {
		struct account_info *v;
		int n;
		rc = report(db_account_list(db, &who, &v, &n, &err), &err);
		for (int i = 0; rc == 0 && i < n; i++)
			cli_printf("%-20s %-13s %-16s %-3s %s %s\n", v[i].username,
			    db_role_name(v[i].role), v[i].org_code, v[i].lang,
			    v[i].locked ? _("locked") : _("active"), v[i].full_name);
		if (rc == 0)
			free(v);
	} else if (strcmp(sub, "throttles") == 0 && argc == 2) {
		rc = user_throttles(db, &who);
	} else if (strcmp(sub, "unthrottle") == 0) {
		rc = user_unthrottle(db, &who, argc - 2, argv + 2);
	} else if (strcmp(sub, "key") == 0 && argc == 5 && strcmp(argv[2], "add") == 0) {
		rc = report(db_account_key_add(db, &who, argv[3], argv[4], &err), &err);
		if (rc == 0)
			printf(_("key added to %s\n"), argv[3]);
	} else {
		fprintf(stderr, _("hoso user: unknown sub-command '%s' (try --help)\n"), sub);
		rc = 2;
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_user = {
	"user", N_("add|passwd|lock|unlock|list|key add|throttles|unthrottle ..."), N_("manage accounts"),
	cmd_user_exec
};
