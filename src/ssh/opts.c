/*
 * The server's settings: defaults chosen after sshd's (LoginGraceTime, MaxStartups,
 * MaxAuthTries, ClientAlive*), then the serve.* keys of the configuration file. A
 * value that does not parse is an error, never silently the default: a typo in a
 * limit must not open the server wider than meant.
 */
#include "ssh/serve.h"
#include "core/backupdir.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key;
	size_t      off;
	int         def;
	int         min;
	int         max;
} opts_ints[] = {
	{ "serve.grace_time", offsetof(struct serve_opts, grace_time), 60, 1, 3600 },
	{ "serve.kex_grace", offsetof(struct serve_opts, kex_grace), 10, 1, 3600 },
	{ "serve.max_unauth", offsetof(struct serve_opts, max_unauth), 300, 1, 10000 },
	{ "serve.max_unauth_per_source", offsetof(struct serve_opts, max_unauth_per_source),
	  150, 1, 10000 },
	{ "serve.max_sessions", offsetof(struct serve_opts, max_sessions), 300, 1, 100000 },
	{ "serve.max_sessions_per_account",
	  offsetof(struct serve_opts, max_sessions_per_account), 4, 1, 10000 },
	{ "serve.max_auth_tries", offsetof(struct serve_opts, max_auth_tries), 6, 1, 100 },
	{ "serve.idle_timeout", offsetof(struct serve_opts, idle_timeout), 1800, 0, 604800 },
	{ "serve.idle_warning", offsetof(struct serve_opts, idle_warning), 60, 0, 3600 },
	{ "serve.keepalive", offsetof(struct serve_opts, keepalive), 30, 0, 3600 },
	{ "serve.keepalive_count", offsetof(struct serve_opts, keepalive_count), 3, 1, 100 },
	{ "serve.shutdown_grace", offsetof(struct serve_opts, shutdown_grace), 20, 1, 3600 },
	{ "serve.verify_interval", offsetof(struct serve_opts, verify_interval), 5, 1, 60 },
};

/* serve.max_startups' defaults: an office of a hundred clerks signing in together
 * is never shed; past that silent and failing connections go first, and new ones
 * are refused more often the fuller the server (as sshd's MaxStartups). */
#define OPTS_START 100
#define OPTS_RATE  30

/* "START:RATE:FULL", or "START" alone (then FULL too). */
static int
opts_startups(struct serve_opts *o, const char *v)
{
	char *end;
	long start = strtol(v, &end, 10), rate = 100, full = start;
	if (end == v)
		return -1;
	if (*end == ':') {
		const char *r = end + 1;
		rate = strtol(r, &end, 10);
		if (end == r || *end != ':')
			return -1;
		const char *f = end + 1;
		full = strtol(f, &end, 10);
		if (end == f)
			return -1;
	}
	if (*end != '\0' || start < 1 || full < start || full > 10000 || rate < 0 ||
	    rate > 100)
		return -1;
	o->max_unauth_start = (int)start;
	o->max_unauth_rate = (int)rate;
	o->max_unauth = (int)full;
	return 0;
}

/* The default host key lives beside the database: both are the server's state. */
static char *
opts_default_host_key(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	if (slash == NULL)
		return xstrdup("ssh_host_ed25519_key");
	return xasprintf("%.*s/ssh_host_ed25519_key", (int)(slash - db_path), db_path);
}

/* "90", "90s", "30m", "24h", "7d" as seconds; -1 when it is none of these. */
static long
opts_duration(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || n < 0)
		return -1;
	long unit = 1;
	if (*end == 'm')
		unit = 60;
	else if (*end == 'h')
		unit = 3600;
	else if (*end == 'd')
		unit = 86400;
	else if (*end != 's' && *end != '\0')
		return -1;
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (n > 366L * 86400 / unit)
		return -1;
	return n * unit;
}

/* Scheduled backups: backup.every (none by default), backup.keep, backup.dir. */
static int
opts_backup(struct serve_opts *o, const struct config *cf, const char *db_path,
    char **err)
{
	o->backup_dir = backupdir_new(cf, db_path);
	o->backup_keep = 7;
	const char *every = config_get(cf, "backup.every", NULL);
	if (every != NULL && *every && strcmp(every, "0") != 0 &&
	    (o->backup_every = (int)opts_duration(every)) <= 0) {
		*err = xasprintf(_("configuration: backup.every must be a time such as 24h, "
		    "30m or 3600 (seconds), or 0 for none"));
		return -1;
	}
	const char *keep = config_get(cf, "backup.keep", NULL);
	if (keep != NULL) {
		char *end;
		long n = strtol(keep, &end, 10);
		if (*keep == '\0' || *end != '\0' || n < 1 || n > 10000) {
			*err = xasprintf(_("configuration: %s must be a number from %d to %d"),
			    "backup.keep", 1, 10000);
			return -1;
		}
		o->backup_keep = (int)n;
	}
	return 0;
}

int
serve_opts_init(struct serve_opts *o, const struct config *cf, const char *db_path,
    const char *config_path, char **err)
{
	memset(o, 0, sizeof *o);
	*err = NULL;
	o->listen_addr = xstrdup("0.0.0.0");
	o->listen_port = xstrdup("2222");
	o->db_path = xstrdup(db_path);
	o->config_path = config_path ? xstrdup(config_path) : NULL;
	for (size_t i = 0; i < sizeof opts_ints / sizeof opts_ints[0]; i++) {
		int *slot = (int *)((char *)o + opts_ints[i].off);
		*slot = opts_ints[i].def;
		const char *v = config_get(cf, opts_ints[i].key, NULL);
		if (v == NULL)
			continue;
		char *end;
		long n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < opts_ints[i].min || n > opts_ints[i].max) {
			*err = xasprintf(_("configuration: %s must be a number from %d to %d"),
			    opts_ints[i].key, opts_ints[i].min, opts_ints[i].max);
			return -1;
		}
		*slot = (int)n;
	}
	/* serve.max_unauth alone is a hard cap, as it was before serve.max_startups:
	 * shedding, and no random refusals, start there. */
	o->max_unauth_start = config_get(cf, "serve.max_unauth", NULL) != NULL ?
	    o->max_unauth : OPTS_START;
	o->max_unauth_rate = OPTS_RATE;
	const char *startups = config_get(cf, "serve.max_startups", NULL);
	if (startups != NULL && opts_startups(o, startups) != 0) {
		*err = xasprintf(_("configuration: serve.max_startups must be START:RATE:FULL "
		    "(START <= FULL, RATE a percentage)"));
		return -1;
	}
	if (o->kex_grace > o->grace_time)
		o->kex_grace = o->grace_time;
	const char *listen = config_get(cf, "serve.listen", NULL);
	if (listen != NULL && serve_opts_set_listen(o, listen) != 0) {
		*err = xasprintf(_("configuration: serve.listen must be ADDRESS:PORT"));
		return -1;
	}
	const char *key = config_get(cf, "serve.host_key", NULL);
	o->host_key = key != NULL && *key ? xstrdup(key) : opts_default_host_key(db_path);
	const char *url = config_get(cf, "gateway.url", NULL);
	o->verify = url != NULL && *url != '\0';
	const char *log = config_get(cf, "serve.log", NULL);
	if (log != NULL && *log)
		o->log_path = xstrdup(log);
	const char *user = config_get(cf, "serve.user", NULL);
	if (user != NULL && *user)
		o->user = xstrdup(user);
	return opts_backup(o, cf, db_path, err);
}

static int
opts_port_ok(const char *p)
{
	if (*p == '\0' || strlen(p) > 5)
		return 0;
	for (const char *s = p; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	long n = strtol(p, NULL, 10);
	return n >= 0 && n <= 65535;
}

int
serve_opts_set_listen(struct serve_opts *o, const char *spec)
{
	char *addr = NULL, *port = NULL;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (close == NULL || (close[1] != '\0' && close[1] != ':'))
			return -1;
		addr = xstrndup(spec + 1, (size_t)(close - spec - 1));
		port = xstrdup(close[1] == ':' ? close + 2 : "2222");
	} else {
		const char *colon = strrchr(spec, ':');
		if (colon != NULL && strchr(spec, ':') != colon)
			colon = NULL;	/* a bare IPv6 address */
		if (colon != NULL) {
			addr = xstrndup(spec, (size_t)(colon - spec));
			port = xstrdup(colon + 1);
		} else if (opts_port_ok(spec)) {
			addr = xstrdup("");
			port = xstrdup(spec);
		} else {
			addr = xstrdup(spec);
			port = xstrdup("2222");
		}
	}
	if (!opts_port_ok(port)) {
		free(addr);
		free(port);
		return -1;
	}
	free(o->listen_addr);
	free(o->listen_port);
	o->listen_addr = *addr ? addr : (free(addr), xstrdup("0.0.0.0"));
	o->listen_port = port;
	return 0;
}

void
serve_opts_free(struct serve_opts *o)
{
	free(o->listen_addr);
	free(o->listen_port);
	free(o->host_key);
	free(o->db_path);
	free(o->config_path);
	free(o->log_path);
	free(o->user);
	free(o->backup_dir);
	memset(o, 0, sizeof *o);
}
