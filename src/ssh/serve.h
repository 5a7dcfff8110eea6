/*
 * hoso serve: the embedded SSH server (libssh) that gives remote offices the very
 * same UI as local use. One process per connection after accept; the listener only
 * accepts, counts and reaps. See src/ssh/README for the process picture.
 */
#ifndef HOSO_SSH_SERVE_H
#define HOSO_SSH_SERVE_H

struct config;

/* Settings, from the command line and the serve.* keys of the configuration.
 * Strings are owned by the struct (serve_opts_free). Times are in seconds. */
struct serve_opts {
	char	*listen_addr;		/* serve.listen host part; default 0.0.0.0 */
	char	*listen_port;		/* serve.listen port part; default 2222 */
	char	*host_key;		/* serve.host_key; default beside the database */
	char	*db_path;
	char	*config_path;		/* passed on to the UI; may be NULL */
	char	*log_path;		/* serve.log; NULL: stderr */
	char	*user;			/* serve.user: run as this account when started as root */
	int	 grace_time;		/* serve.grace_time: to sign in and open the shell */
	int	 kex_grace;		/* serve.kex_grace: to finish the key exchange */
	int	 max_unauth;		/* connections not yet signed in: full (max_startups) */
	int	 max_unauth_start;	/* ... from here on shed or randomly refused */
	int	 max_unauth_rate;	/* ... refused with this percentage at start */
	int	 max_unauth_per_source;	/* serve.max_unauth_per_source */
	int	 max_sessions;		/* serve.max_sessions: signed-in sessions in all */
	int	 max_sessions_per_account; /* serve.max_sessions_per_account */
	int	 max_auth_tries;	/* serve.max_auth_tries: failures per connection */
	int	 idle_timeout;		/* serve.idle_timeout: no input, then closed; 0: never */
	int	 idle_warning;		/* serve.idle_warning: warned this long before */
	int	 keepalive;		/* serve.keepalive: interval; 0: none */
	int	 keepalive_count;	/* serve.keepalive_count: unanswered intervals */
	int	 shutdown_grace;	/* serve.shutdown_grace: sessions' time to save */
	int	 verify;		/* gateway.url is set: run the verification worker */
	int	 verify_interval;	/* serve.verify_interval: looks at the queue this often */
	int	 backup_every;		/* backup.every: seconds between backups; 0: none */
	int	 backup_keep;		/* backup.keep: scheduled backups kept */
	char	*backup_dir;		/* backup.dir, else backups/ beside the database */
};

/* Defaults, then the config's serve.* keys (cf may be NULL). Returns 0, or -1 with
 * *err (caller frees) for a bad value. */
int  serve_opts_init(struct serve_opts *o, const struct config *cf, const char *db_path,
    const char *config_path, char **err);
/* Parse "ADDR:PORT", "[V6]:PORT", ":PORT", "PORT" or "ADDR" into o. 0 or -1. */
int  serve_opts_set_listen(struct serve_opts *o, const char *spec);
void serve_opts_free(struct serve_opts *o);

/* Run the server until SIGTERM or SIGINT. Returns the process exit status. */
int  serve_run(const struct serve_opts *o);
#endif
