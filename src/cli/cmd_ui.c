/*
 * hoso ui: the clerk's terminal. Also what `hoso` runs with no command.
 *
 *   hoso ui [--db PATH] [--config FILE] [--lang vi|en] [--ascii | --utf8] [--mono]
 *           [--account NAME]
 *
 * Terminal: ASCII mode (no line drawing, Vietnamese folded to plain letters) is
 * chosen when the locale the terminal was started with (LC_ALL, else LC_CTYPE,
 * else LANG) does not name UTF-8, including an unset locale, which means "C";
 * --ascii and --utf8 override that. The process itself always runs in a UTF-8
 * locale (i18n_init): ASCII mode is only about what is written to the terminal.
 * --mono leaves colour off (so does NO_COLOR).
 *
 * Language: Vietnamese unless told otherwise. A choice made for this session
 * wins: --lang, else HOSO_LANG (which hoso serve sets from the SSH client's
 * locale when it names vi or en). Without one, the account's own language applies
 * from sign-in on (set in the main menu). F9 (or ^T) switches the session live.
 *
 * Who is signed in: normally the sign-in screen asks for an account and password.
 * --account NAME skips it ONLY when the SSH server (hoso serve) started this
 * process for a client that already signed in over SSH, which is established by
 * serve_vouch_account() (src/ssh/vouch.h), never by the option alone:
 *   - HOSO_SSH_AUTHENTICATED=1 and HOSO_SSH_FD=<n> are in the environment,
 *   - fd n is an AF_UNIX socket whose peer is this process's parent, running
 *     under the same uid (SO_PEERCRED), and
 *   - the first line read from it is "account NAME" with the same NAME.
 * If any of that fails, --account is ignored (the refusal is logged) and the
 * sign-in screen shows as usual: typing `hoso ui --account admin` in a shell, or
 * setting the variables by hand, gets a sign-in screen and nothing more. Anyone
 * who can run programs as the service account can also read the database file,
 * so the file's permissions remain the real boundary; the check above keeps SSH
 * clients, who control neither the environment nor the arguments, out.
 * Log lines (refused --account, drafts kept) go to the configuration's ui.log,
 * else serve.log, else $HOSO_LOG; with none of them they are dropped, since the
 * terminal (stderr) shows the screens.
 * The population gateway (look-ups from the person screen) is the one the
 * configuration's gateway.* keys describe (--config, else HOSO_CONFIG), built by
 * gw_new_from_config as hoso verify builds it; calls go out on behalf of the
 * signed-in account. Settings the client refuses (a secret file others can
 * read...) do not keep the clerk from working: the look-up says why instead.
 * Documents (the 2C résumé's F2, see ui/deliver.h): run locally they are written
 * only into the account's own folder, ui.output_dir/NAME (default output/NAME
 * beside the database); in a vouched session they are printed on the client's
 * terminal (ANSI media copy) and nothing is written on the server.
 * A vouched session ends at sign-out (the SSH client signs in again by SSH).
 * The same socket then carries the server's notices: an idle warning, "active"
 * when input resumed, "shutdown" (keep drafts and leave) and end of file (the
 * session process is gone).
 */
#include "cli/cli.h"
#include "core/backupdir.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/logfile.h"
#include "core/outfile.h"
#include "core/showtime.h"
#include "core/workdays.h"
#include "core/xalloc.h"
#include "db/account.h"
#include "db/db.h"
#include "form/form.h"
#include "gateway/gateway.h"
#include "ssh/vouch.h"
#include "ui/app.h"
#include "ui/draft.h"
#include "ui/help.h"
#include "ui/screens.h"
#include "ui/status.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Does the locale the user started us with say UTF-8? */
static bool
locale_is_utf8(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (v == NULL || *v == '\0')
			continue;
		char low[128];
		size_t k = 0;
		for (; v[k] && k < sizeof low - 1; k++)
			low[k] = (char)tolower((unsigned char)v[k]);
		low[k] = '\0';
		return strstr(low, "utf-8") != NULL || strstr(low, "utf8") != NULL;
	}
	return false;
}

/* The folder beside the database, "." when the path has none. Caller frees. */
static char *
db_dir_new(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	if (slash == NULL)
		return xstrdup(".");
	return slash == db_path ? xstrdup("/") : xstrndup(db_path, (size_t)(slash - db_path));
}

/* Where local files written on request go (each account in its own folder below,
 * see ui/deliver.h): ui.output_dir, else "output" beside the database. */
static char *
output_base_new(const struct config *cf, const char *db_path)
{
	const char *v = config_get(cf, "ui.output_dir", NULL);
	if (v != NULL && *v)
		return xstrdup(v);
	char *dir = db_dir_new(db_path);
	char *base = xasprintf("%s/output", dir);
	free(dir);
	return base;
}

/* The server's files this process does not open itself but an output folder set
 * to the data folder could reach: its host key, the gateway's secret, the
 * configuration. */
static void
protect_server_files(const struct config *cf, const char *db_path, const char *config_path)
{
	const char *key = config_get(cf, "serve.host_key", NULL);
	if (key != NULL && *key)
		outfile_protect(key);
	char *dir = db_dir_new(db_path);
	char *def = xasprintf("%s/ssh_host_ed25519_key", dir);
	outfile_protect(def);
	free(def);
	free(dir);
	outfile_protect(config_get(cf, "gateway.secret_file", NULL));
	outfile_protect(config_path);
}

struct notices {
	int fd;
};

/* The SSH server's notices (see vouch.h), polled by the main loop. */
static void
poll_notices(struct app *a)
{
	struct notices *n = a->poll_ctx;
	if (n->fd < 0)
		return;
	for (;;) {
		int seconds = 0;
		enum serve_notice what = serve_vouch_notice(n->fd, &seconds);
		switch (what) {
		case SERVE_NOTICE_NONE:
			return;
		case SERVE_NOTICE_IDLE:
			status_error(_("No key pressed for a while: the session closes in %d "
			    "seconds unless you press a key."), seconds);
			break;
		case SERVE_NOTICE_ACTIVE:
			status_key();
			break;
		case SERVE_NOTICE_SHUTDOWN:
		case SERVE_NOTICE_GONE:
			close(n->fd);
			n->fd = -1;
			app_request_hangup();
			return;
		}
	}
}

enum { O_ASCII, O_UTF8, O_MONO, O_ACCOUNT };
static const struct cli_opt ui_opts[] = {
	[O_ASCII] = { "ascii", NULL, N_("draw with ASCII only"), 0 },
	[O_UTF8] = { "utf8", NULL, N_("draw with UTF-8 lines and letters"), 0 },
	[O_MONO] = { "mono", NULL, N_("no colours (as NO_COLOR does)"), 0 },
	[O_ACCOUNT] = { "account", N_("NAME"), N_("signed in already by hoso serve "
	    "(ignored otherwise)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec ui_spec = {
	"ui", NULL, 0, 0, ui_opts, N_("The clerk's terminal (the default command).")
};
static const struct cli_spec *const ui_specs[] = { &ui_spec, NULL };

static int
cmd_ui_exec(int argc, char **argv)
{
	struct cli_common c;
	argc = cli_common_opts(argc, argv, &c);
	if (argc < 0)
		return 2;
	/* The last of --ascii and --utf8 wins (read before the parser gathers argv);
	 * neither: as the locale says. */
	int ascii = -1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--ascii") == 0 || strcmp(argv[i], "--utf8") == 0)
			ascii = argv[i][2] == 'a';
	struct cli_args args;
	int parsed = cli_parse(&ui_spec, argc, argv, &args);
	if (parsed >= 0)
		return parsed;
	bool colour = getenv("NO_COLOR") == NULL && args.value[O_MONO] == NULL;
	const char *account = args.value[O_ACCOUNT];
	if (ascii < 0)
		ascii = !locale_is_utf8();
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("hoso ui: needs a terminal\n"));
		return 1;
	}

	/* stderr is the terminal: log lines must go to a file or nowhere. */
	char *err = NULL;
	struct config *cf = NULL;
	if (c.config_path != NULL && (cf = config_load(c.config_path, &err)) == NULL) {
		fprintf(stderr, "hoso ui: %s\n", err != NULL ? err : c.config_path);
		free(err);
		return 1;
	}
	const char *logpath = config_get(cf, "ui.log", config_get(cf, "serve.log",
	    getenv("HOSO_LOG")));
	logfile_open(logpath != NULL && *logpath ? logpath : "/dev/null");
	char *output_base = output_base_new(cf, c.db_path);
	char *backup_dir = backupdir_new(cf, c.db_path);
	const char *log_conf = config_get(cf, "serve.log", NULL);
	char *serve_log = log_conf != NULL && *log_conf ? xstrdup(log_conf) : NULL;
	const char *zone = config_get(cf, "ui.timezone", NULL);
	if (!showtime_zone(zone))
		log_warn("ui: ui.timezone %s unknown here: times shown in %s", zone,
		    SHOWTIME_DEFAULT_ZONE);
	protect_server_files(cf, c.db_path, c.config_path);
	char *gw_problem = NULL;
	struct gw *gw = gw_new_from_config(cf, &gw_problem);
	if (gw == NULL)
		log_warn("ui: population gateway settings refused: %s", gw_problem);
	config_free(cf);

	/* Who the SSH server vouches for, if anyone; see the comment at the top. */
	struct notices notices = { -1 };
	char *vouched = NULL;
	if (account != NULL || getenv("HOSO_SSH_AUTHENTICATED") != NULL) {
		const char *why = NULL;
		vouched = serve_vouch_account(&notices.fd, &why);
		if (vouched == NULL || account == NULL || strcmp(vouched, account) != 0) {
			log_warn("ui: --account %s not honoured: %s", account ? account : "-",
			    why != NULL ? why : "the server vouched for another account");
			free(vouched);
			vouched = NULL;
		}
	}

	/* Deadlines in working days count the holidays of the data. */
	workdays_use(form_workdays_new(NULL));
	struct db *db = NULL;
	if (db_open(c.db_path, &db, &err) != DB_OK) {
		fprintf(stderr, "hoso ui: %s\n", err != NULL ? err : c.db_path);
		free(err);
		free(vouched);
		gw_free(gw);
		free(gw_problem);
		free(output_base);
		free(backup_dir);
		free(serve_log);
		return 1;
	}
	/* Load the person form now: a broken forms/ should say so before curses. */
	const struct form *pf = form_get("person", &err);
	if (pf == NULL) {
		fprintf(stderr, "hoso ui: %s\n", err != NULL ? err : "forms");
		free(err);
		db_close(db);
		free(vouched);
		gw_free(gw);
		free(gw_problem);
		free(output_base);
		free(backup_dir);
		free(serve_log);
		return 1;
	}


	struct app a;
	memset(&a, 0, sizeof a);
	a.db = db;
	const char *env_lang = getenv("HOSO_LANG");
	a.lang_fixed = c.lang != NULL || (env_lang != NULL &&
	    (strcmp(env_lang, "vi") == 0 || strcmp(env_lang, "en") == 0));
	a.poll = poll_notices;
	a.poll_ctx = &notices;
	a.help = help_show;
	a.gw = gw;
	a.gw_problem = gw_problem;
	a.remote = vouched != NULL;
	a.output_base = output_base;
	a.db_path = c.db_path;
	a.backup_dir = backup_dir;
	a.serve_log = serve_log;
	app_signals();
	app_start(&a, ascii != 0, colour);
	for (;;) {
		if (vouched != NULL) {
			char session[96];
			serve_vouch_session(session, sizeof session, (long)getpid());
			if (db_account_actor(db, vouched, session, &a.actor, &err) != DB_OK) {
				app_stop(&a);
				fprintf(stderr, "hoso ui: %s\n", err != NULL ? err : vouched);
				free(err);
				break;
			}
			a.signed_in = true;
		} else if (signin_run(&a) != 1)
			break;
		if (!a.lang_fixed && a.actor.lang[0])
			i18n_init(a.actor.lang);
		status_clear();
		/* A reset password is changed before anything else, however the
		 * account came in (a key too: the temporary password is known to
		 * whoever reset it). */
		if (newpass_run(&a) != 1) {
			if (a.quit == APP_RUNNING && vouched == NULL) {
				a.signed_in = false;
				memset(&a.actor, 0, sizeof a.actor);
				continue;
			}
			break;
		}
		draft_offer(&a);
		mainmenu_run(&a);
		if (a.quit == APP_SIGNOUT && vouched == NULL) {
			a.quit = APP_RUNNING;
			a.signed_in = false;
			memset(&a.actor, 0, sizeof a.actor);
			status_clear();
			continue;
		}
		break;
	}
	app_stop(&a);
	int rc = a.quit == APP_HANGUP ? 1 : 0;
	db_close(db);
	gw_free(gw);
	free(gw_problem);
	free(output_base);
	free(backup_dir);
	free(serve_log);
	free(vouched);
	if (notices.fd >= 0)
		close(notices.fd);
	return rc;
}

const struct cli_command cmd_ui = {
	"ui", ui_specs, N_("the clerk's terminal (the default command)"), cmd_ui_exec
};
