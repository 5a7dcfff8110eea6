/*
 * Sign-in for one connection: password, keyboard-interactive (a password asked by
 * prompt, for clients configured that way) and public key, all decided by the data
 * layer, which counts failures per account and per source address across every
 * process and writes the audit trail. This file adds what belongs to the
 * connection: the delay imposed before answering a failure (so one connection
 * cannot guess fast), the per-connection failure count, log lines with the source
 * address (never a password), and asking the listener whether the account may open
 * one more session.
 *
 * Invariant: c->authenticated is set only here, only after the data layer said
 * DB_OK, and never reset; nothing the client sends afterwards can change the
 * account.
 */
#include "ssh/serve_internal.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/account.h"
#include "db/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Even a first failure, or a locked account, waits this long: it flattens timing
 * and slows scripted guessing. The data layer's delay grows from there. */
#define AUTH_MIN_DELAY_MS 500

static struct db *
auth_db(struct serve_conn *c)
{
	if (c->db != NULL)
		return c->db;
	char *err = NULL;
	if (db_open(c->o->db_path, &c->db, &err) != DB_OK) {
		log_warn("cannot open the database for sign-in: %s", err ? err : "?");
		free(err);
		c->db = NULL;
	}
	return c->db;
}

static int
auth_name_ok(const char *user)
{
	return user != NULL && *user && strlen(user) < sizeof ((struct serve_conn *)0)->account;
}

static void
auth_granted(struct serve_conn *c, const char *user, const char *method)
{
	c->authenticated = 1;
	snprintf(c->account, sizeof c->account, "%s", user);
	log_info("sign-in: account %s from %s by %s", user, c->peer, method);
	c->verdict = serve_ctl_ask(c->ctl, user, 5000);
	if (c->verdict == SERVE_VERDICT_FULL)
		log_warn("session refused: account %s from %s: the server is full",
		    user, c->peer);
	else if (c->verdict == SERVE_VERDICT_FULL_ACCOUNT)
		log_warn("session refused: account %s from %s: too many sessions of this account",
		    user, c->peer);
	else if (c->verdict != SERVE_VERDICT_OK)
		log_warn("session refused: account %s from %s: no answer from the listener",
		    user, c->peer);
}

static void
auth_failed(struct serve_conn *c, const char *user, const char *method,
    const char *why, int delay_ms)
{
	char name[64];
	serve_clean(name, sizeof name, user);
	c->failures++;
	/* A failing connection is the first to go when places run short. */
	serve_ctl_note(c->ctl, "fail");
	log_warn("sign-in refused: account %s from %s by %s: %s (failure %d)", name,
	    c->peer, method, why, c->failures);
	serve_sleep_ms(delay_ms > AUTH_MIN_DELAY_MS ? delay_ms : AUTH_MIN_DELAY_MS);
}

/* Tell the person why, when it is not a guess they could learn from: a locked
 * account or too many failures. OpenSSH shows this banner before "Permission
 * denied". */
static void
auth_banner(struct serve_conn *c, const char *text)
{
	if (text == NULL)
		return;
	char *line = xasprintf("%s\r\n", text);
	ssh_string s = ssh_string_from_char(line);
	if (s != NULL)
		ssh_send_issue_banner(c->ssh, s);
	ssh_string_free(s);
	free(line);
}

/* Password or keyboard-interactive answer. Returns 1 when signed in. */
static int
auth_check_password(struct serve_conn *c, const char *user, const char *password,
    const char *method)
{
	if (!auth_name_ok(user) || password == NULL) {
		auth_failed(c, user, method, "malformed request", 0);
		return 0;
	}
	struct db *db = auth_db(c);
	if (db == NULL) {
		auth_failed(c, user, method, "database unavailable", 0);
		return 0;
	}
	struct actor actor;
	int delay = 0;
	char *err = NULL;
	int rc = db_account_auth_password(db, user, password, c->peer, c->tag, &actor,
	    &delay, &err);
	if (rc == DB_OK) {
		free(err);
		auth_granted(c, user, method);
		return 1;
	}
	if (rc == DB_LOCKED)
		auth_banner(c, err);
	auth_failed(c, user, method, rc == DB_LOCKED ? "locked or throttled" :
	    rc == DB_DENIED ? "wrong name or password" : (err ? err : "error"), delay);
	free(err);
	return 0;
}

static int
auth_password(ssh_session s, const char *user, const char *password, void *ud)
{
	(void)s;
	struct serve_conn *c = ud;
	if (c->authenticated)
		return SSH_AUTH_DENIED;
	return auth_check_password(c, user, password, "password") ?
	    SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
}

static int
auth_pubkey(ssh_session s, const char *user, struct ssh_key_struct *pubkey,
    char state, void *ud)
{
	(void)s;
	struct serve_conn *c = ud;
	if (c->authenticated || !auth_name_ok(user))
		return SSH_AUTH_DENIED;
	struct db *db = auth_db(c);
	if (db == NULL)
		return SSH_AUTH_DENIED;
	const char *type = ssh_key_type_to_char(ssh_key_type(pubkey));
	char *b64 = NULL;
	if (type == NULL || ssh_pki_export_pubkey_base64(pubkey, &b64) != SSH_OK)
		return SSH_AUTH_DENIED;
	char *err = NULL;
	int allowed = db_account_key_allowed(db, user, type, b64, &err) == DB_OK;
	free(err);
	ssh_string_free_char(b64);
	/* The probe ("would you take this key?") is checked against the account's
	 * keys too, but a refusal is no failure: clients offer each key they hold. */
	if (state == SSH_PUBLICKEY_STATE_NONE) {
		/* ... but a client offering key after key is searching: past twice the
		 * failure limit, each refused offer counts as a failure. */
		if (!allowed && ++c->probes > 2 * c->o->max_auth_tries)
			auth_failed(c, user, "publickey", "too many keys offered", 0);
		return allowed ? SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
	}
	if (state != SSH_PUBLICKEY_STATE_VALID || !allowed) {
		auth_failed(c, user, "publickey", state == SSH_PUBLICKEY_STATE_VALID ?
		    "key not registered" : "bad signature", 0);
		return SSH_AUTH_DENIED;
	}
	struct actor actor;
	int rc = db_account_auth_key(db, user, c->peer, c->tag, &actor, &err);
	if (rc == DB_OK) {
		free(err);
		auth_granted(c, user, "publickey");
		return SSH_AUTH_SUCCESS;
	}
	if (rc == DB_LOCKED)
		auth_banner(c, err);
	auth_failed(c, user, "publickey", rc == DB_LOCKED ? "locked or throttled" :
	    (err ? err : "refused"), 0);
	free(err);
	return SSH_AUTH_DENIED;
}

/* Keyboard-interactive has no server callback in libssh 0.10: it arrives as a
 * message. Returning 1 lets libssh give its default answer (a refusal). */
static int
auth_message(ssh_session s, ssh_message msg, void *ud)
{
	struct serve_conn *c = ud;
	int type = ssh_message_type(msg), sub = ssh_message_subtype(msg);
	/* Forwarding of any kind, and a second channel, end here refused; say so in
	 * the log, since someone asked for it on purpose. */
	if (type == SSH_REQUEST_CHANNEL_OPEN) {
		log_warn("refused: %s channel from %s (account %s)",
		    sub == SSH_CHANNEL_DIRECT_TCPIP ? "port forwarding (direct-tcpip)" :
		    sub == SSH_CHANNEL_FORWARDED_TCPIP ? "forwarded-tcpip" :
		    sub == SSH_CHANNEL_X11 ? "X11" : sub == SSH_CHANNEL_AUTH_AGENT ?
		    "agent" : sub == SSH_CHANNEL_SESSION ? "a second session" : "unknown",
		    c->peer, c->authenticated ? c->account : "-");
		return 1;
	}
	if (type == SSH_REQUEST_GLOBAL && (sub == SSH_GLOBAL_REQUEST_TCPIP_FORWARD ||
	    sub == SSH_GLOBAL_REQUEST_CANCEL_TCPIP_FORWARD)) {
		log_warn("refused: remote port forwarding from %s (account %s)", c->peer,
		    c->authenticated ? c->account : "-");
		return 1;
	}
	if (type != SSH_REQUEST_AUTH || sub != SSH_AUTH_METHOD_INTERACTIVE || c->authenticated)
		return 1;
	if (!ssh_message_auth_kbdint_is_response(msg)) {
		const char *user = ssh_message_auth_user(msg);
		if (!auth_name_ok(user))
			return 1;
		snprintf(c->kbd_user, sizeof c->kbd_user, "%s", user);
		const char *prompts[1] = { _("Password: ") };
		char echo[1] = { 0 };
		if (ssh_message_auth_interactive_request(msg, "", "", 1, prompts, echo) != SSH_OK)
			return 1;
		return 0;
	}
	int ok = 0;
	if (c->kbd_user[0] && ssh_userauth_kbdint_getnanswers(s) == 1)
		ok = auth_check_password(c, c->kbd_user, ssh_userauth_kbdint_getanswer(s, 0),
		    "keyboard-interactive");
	else
		auth_failed(c, c->kbd_user, "keyboard-interactive", "no answer", 0);
	c->kbd_user[0] = '\0';
	if (ok)
		ssh_message_auth_reply_success(msg, 0);
	else
		ssh_message_reply_default(msg);
	return 0;
}

static ssh_channel
auth_channel_open(ssh_session s, void *ud)
{
	struct serve_conn *c = ud;
	/* One session channel per connection, and only once signed in (libssh checks
	 * the state too; this does not rely on it). */
	if (!c->authenticated || c->chan != NULL)
		return NULL;
	c->chan = ssh_channel_new(s);
	if (c->chan == NULL)
		return NULL;
	serve_session_channel_init(c);
	return c->chan;
}

void
serve_auth_install(struct serve_conn *c)
{
	memset(&c->server_cb, 0, sizeof c->server_cb);
	c->server_cb.userdata = c;
	c->server_cb.auth_password_function = auth_password;
	c->server_cb.auth_pubkey_function = auth_pubkey;
	c->server_cb.channel_open_request_session_function = auth_channel_open;
	ssh_callbacks_init(&c->server_cb);
	ssh_set_server_callbacks(c->ssh, &c->server_cb);
	ssh_set_message_callback(c->ssh, auth_message, c);
	ssh_set_auth_methods(c->ssh, SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD |
	    SSH_AUTH_METHOD_INTERACTIVE);
}

void
serve_auth_done(struct serve_conn *c)
{
	if (c->db != NULL)
		db_close(c->db);
	c->db = NULL;
}
