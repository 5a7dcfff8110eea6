/*
 * Start the UI for a signed-in session: a new pty, then fork, login_tty (new
 * session, the pty as controlling terminal, so the UI gets SIGHUP when the link
 * drops and the master closes) and exec of this very program as
 *     hoso ui --db PATH --account NAME [--config FILE] [--lang vi|en]
 * The environment is built from nothing: TERM from the pty request (sanitised),
 * LANG=C.UTF-8, HOSO_LANG from the client's LANG/LC_* when it names vi or en, the
 * vouch variables (vouch.h), and the few server settings that locate files. Nothing
 * else the client said reaches the UI. Only the UI binary is ever executed.
 */
#define _GNU_SOURCE	/* close_range */
#include "ssh/serve_internal.h"
#include "ssh/vouch.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>

void
serve_spawn_term(char *dst, size_t size, const char *term)
{
	/* A terminfo name: letters, digits and a few marks. Anything else (a path, a
	 * very long string, shell characters) is not a terminal we can trust. */
	int ok = term != NULL && *term && strlen(term) < 40 && term[0] != '.' &&
	    term[0] != '-';
	for (const char *p = term; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.' ||
		    *p == '_';
	snprintf(dst, size, "%s", ok ? term : "xterm");
}

/* "vi_VN.UTF-8" -> "vi", "en_US.UTF-8" -> "en", "C" or unset -> "" */
static const char *
spawn_lang_of(const char *v)
{
	if (v[0] == 'v' && v[1] == 'i' && (v[2] == '\0' || v[2] == '_' || v[2] == '.'))
		return "vi";
	if (v[0] == 'e' && v[1] == 'n' && (v[2] == '\0' || v[2] == '_' || v[2] == '.'))
		return "en";
	return NULL;
}

const char *
serve_spawn_lang(const struct serve_conn *c)
{
	/* POSIX precedence for messages: LC_ALL, then LC_MESSAGES, then LANG. */
	if (c->lang_all[0])
		return c->lang_all;
	if (c->lang_messages[0])
		return c->lang_messages;
	if (c->lang_lang[0])
		return c->lang_lang;
	return NULL;
}

const char *
serve_spawn_reduce_lang(const char *value)
{
	const char *l = value ? spawn_lang_of(value) : NULL;
	return l ? l : "";
}

static void
spawn_child(struct serve_conn *c, int slave, int ui_end) __attribute__((noreturn));

static void
spawn_child(struct serve_conn *c, int slave, int ui_end)
{
	serve_sig_reset();
	if (login_tty(slave) != 0)
		_exit(127);
	if (ui_end != SERVE_VOUCH_FD) {
		if (dup2(ui_end, SERVE_VOUCH_FD) < 0)
			_exit(127);
	} else if (fcntl(ui_end, F_SETFD, 0) != 0)
		_exit(127);
	/* Nothing of the server's (client socket, listener socket, logs) leaks in. */
	close_range(SERVE_VOUCH_FD + 1, ~0U, 0);

	char *env[24];
	int n = 0;
	env[n++] = xasprintf("TERM=%s", c->term);
	env[n++] = xstrdup("LANG=C.UTF-8");
	env[n++] = xstrdup("PATH=/usr/local/bin:/usr/bin:/bin");
	env[n++] = xstrdup("HOSO_SSH_AUTHENTICATED=1");
	env[n++] = xasprintf("HOSO_SSH_FD=%d", SERVE_VOUCH_FD);
	env[n++] = xasprintf("HOSO_SSH_PEER=%s", c->where);
	const char *lang = serve_spawn_lang(c);
	if (lang != NULL)
		env[n++] = xasprintf("HOSO_LANG=%s", lang);
	/* Settings of the server itself, not of the client. */
	static const char *keep[] = { "HOME", "TMPDIR", "TZ", "HOSO_FORMS",
	    "HOSO_LOCALEDIR", "HOSO_CONFIG", "ASAN_OPTIONS", "UBSAN_OPTIONS",
	    "LSAN_OPTIONS", NULL };
	for (int i = 0; keep[i] != NULL; i++) {
		const char *v = getenv(keep[i]);
		if (v != NULL)
			env[n++] = xasprintf("%s=%s", keep[i], v);
	}
	env[n] = NULL;

	char *argv[12];
	int a = 0;
	argv[a++] = "hoso";
	argv[a++] = "ui";
	argv[a++] = "--db";
	argv[a++] = c->o->db_path;
	argv[a++] = "--account";
	argv[a++] = c->account;
	if (c->o->config_path != NULL) {
		argv[a++] = "--config";
		argv[a++] = c->o->config_path;
	}
	/* The language the client asked for wins over the account's own for this
	 * session, as --lang does locally. */
	if (lang != NULL) {
		argv[a++] = "--lang";
		argv[a++] = (char *)lang;
	}
	argv[a] = NULL;
	/* /proc/self/exe: the program this server runs, even if the file on disk was
	 * replaced by an upgrade since it started. */
	execve(serve_ui_program, argv, env);	/* this very string: sandbox.c */
	_exit(127);
}

int
serve_spawn_ui(struct serve_conn *c, char **err)
{
	int master, slave, srv_end, ui_end;
	if (openpty(&master, &slave, NULL, NULL, &c->ws) != 0) {
		*err = xasprintf("openpty: %s", strerror(errno));
		return -1;
	}
	if (serve_vouch_pair(&srv_end, &ui_end) != 0) {
		*err = xasprintf("socketpair: %s", strerror(errno));
		close(master);
		close(slave);
		return -1;
	}
	/* The account line waits in the socket before the UI starts reading it. */
	if (serve_vouch_send_account(srv_end, c->account) != 0) {
		*err = xstrdup("cannot write to the vouch socket");
		goto fail;
	}
	pid_t pid = fork();
	if (pid < 0) {
		*err = xasprintf("fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		close(master);
		close(srv_end);
		spawn_child(c, slave, ui_end);
	}
	close(slave);
	close(ui_end);
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	c->ui = pid;
	c->master = master;
	c->vouch = srv_end;
	return 0;
fail:
	close(master);
	close(slave);
	close(srv_end);
	close(ui_end);
	return -1;
}
