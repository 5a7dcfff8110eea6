/*
 * A real `hoso serve` for tests and benchmarks, on 127.0.0.1 with a port the kernel
 * picks, over a database built with the real CLI in a temporary directory, and the
 * real OpenSSH client to talk to it (no ~/.ssh, no system ssh_config: -F /dev/null,
 * a private known_hosts, keys made with ssh-keygen, passwords through SSH_ASKPASS).
 *
 * Accounts made by sshsrv_new:
 *   alice   admin, password SSHSRV_PASSWORD and the key sshsrv.key
 *   bob     admin, password SSHSRV_PASSWORD, locked
 *   uN      (N < users) admin, key only (its own key, sshsrv_key_path): for
 *           load tests
 * Started by root, the server gives root up for SSHSRV_USER (see sshsrv_start).
 * Everything is removed by sshsrv_free. Failures to set up exit the test
 * program (status 99): they are not what a test asserts.
 */
#ifndef HOSO_TEST_SSHSRV_H
#define HOSO_TEST_SSHSRV_H
#include <stdbool.h>
#include <sys/types.h>

#define SSHSRV_PASSWORD "correct horse 42"
/* Run as root (CI), the server runs as this account (serve.user), and the test's
 * directory is given to it at each sshsrv_start. */
#define SSHSRV_USER "nobody"

struct sshsrv {
	char	*dir;
	char	*db;
	char	*config;
	char	*log;		/* the server's log (serve.log) */
	char	*out;		/* the server's stdout and stderr */
	char	*key;		/* private key of alice and the uN accounts */
	char	*known_hosts;
	char	*askpass;	/* prints $SSHSRV_PW */
	char	*host_key;
	pid_t	 pid;		/* 0 when not running */
	char	 port[8];
};

/*
 * Build the directory, database and keys. people > 0 loads that many generated
 * people (hoso-gen, no sub-records); users adds u0..u(users-1). extra_config is
 * appended to the configuration file (serve.* lines), may be NULL.
 */
struct sshsrv *sshsrv_new(const char *tag, int people, int users, const char *extra_config);
/* Start the server and wait until it listens. false if it did not (output kept). */
bool sshsrv_start(struct sshsrv *s);
/* SIGTERM and wait up to timeout_ms: the exit status, 128+N for signal N, -1 if it
 * had to be killed. */
int  sshsrv_stop(struct sshsrv *s, int timeout_ms);
/* Stop if running and remove everything. If a server-side process (listener,
 * connection, UI) wrote a sanitizer report, print it and exit(1): the test
 * program fails. SSHSRV_KEEP=1 keeps the directory. */
void sshsrv_free(struct sshsrv *s);
/* sshsrv_new and sshsrv_start together: NULL (all freed) if it would not start. */
struct sshsrv *sshsrv_new_started(const char *tag, int people, int users,
    const char *extra_config);
/* cmocka teardown for a *state that is a started server: stop (asserting a clean
 * exit) and free. */
int  sshsrv_cm_teardown(void **state);

/*
 * An ssh command line (NULL-terminated, free with sshsrv_argv_free) for user,
 * authenticating by key (key true: BatchMode, only publickey) or by password
 * (key false: askpass, PreferredAuthentications method, one prompt). opts are
 * more arguments (may be NULL), placed first so that they win over the fixture's
 * own -o settings; command, if not NULL, is placed after the destination.
 */
char **sshsrv_ssh_argv(const struct sshsrv *s, const char *user, bool key,
    const char *method, const char *const *opts, const char *command);
void   sshsrv_argv_free(char **argv);
/* The private key file of user (alice and bob share s->key). Caller frees. */
char  *sshsrv_key_path(const struct sshsrv *s, const char *user);
/* The environment for a password sign-in through askpass (for term_spawn or
 * sshsrv_run): static strings, valid until the next call. */
char *const *sshsrv_askpass_env(const struct sshsrv *s, const char *password);

/* Run argv without a terminal (stdin /dev/null), output (stdout and stderr) into
 * *output (caller frees; may be NULL), killed after timeout_ms. Returns the exit
 * status, 128+N for a signal, -1 on time-out. env as for term_spawn. */
int  sshsrv_run(char *const argv[], char *const env[], char **output, int timeout_ms);
/* Run hoso with args (NULL-terminated), stdin from input (may be NULL). */
int  sshsrv_hoso(const struct sshsrv *s, const char *input, char **output, ...)
    __attribute__((sentinel));

/* Wait until the server log holds text. */
bool sshsrv_log_wait(const struct sshsrv *s, const char *text, int timeout_ms);
/* How often text occurs in the server log now. */
int  sshsrv_log_count(const struct sshsrv *s, const char *text);
/* First column of the first row of a query on the database, as an integer. */
long long sshsrv_sql_int(const struct sshsrv *s, const char *sql);

double sshsrv_now_ms(void);
#endif
