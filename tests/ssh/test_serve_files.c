/*
 * Issue 12 over SSH: nothing a session types reaches the server's files, files are
 * private, root is given up, connection processes are sandboxed.
 *   - the 2C résumé's F2 over SSH is "Print": the document goes to the client's
 *     terminal between ESC [ 5 i and ESC [ 4 i (media copy), byte for byte the
 *     résumé in UTF-8, and no file is written on the server (no path box at all);
 *   - a report's F2 prints its text formats the same way and refuses a
 *     spreadsheet, writing nothing on the server;
 *   - the database, its -wal and -shm, the UI's log and the host key are 0600;
 *   - started by root without serve.user the server refuses, with the reason; with
 *     serve.user but a database the account cannot use, it says whose it must be;
 *     with serve.user the listener, connection and UI processes are not root;
 *   - a connection that has not signed in runs under a seccomp filter
 *     (/proc/PID/status "Seccomp: 2", no_new_privs), and so does the UI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/i18n.h"
#include "db/account.h"
#include "db/db.h"
#include "report/resume_2c.h"

/* A line of /proc/PID/status ("Uid", "Seccomp", ...): its value, or "" if none. */
static const char *
proc_status(pid_t pid, const char *key)
{
	static char value[256];
	value[0] = '\0';
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return value;
	char line[256];
	size_t kl = strlen(key);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			const char *v = line + kl + 1;
			v += strspn(v, " \t");
			snprintf(value, sizeof value, "%.*s", (int)strcspn(v, "\n"), v);
			break;
		}
	fclose(f);
	return value;
}

/* Children of pid, from /proc/N/stat's fourth field. */
static int
children(pid_t parent, pid_t *out, int max)
{
	int n = 0;
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d != NULL && (de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		char path[300], buf[512];
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		FILE *f = fopen(path, "r");
		if (f == NULL)
			continue;
		size_t k = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[k] = '\0';
		const char *rp = strrchr(buf, ')');
		int ppid = 0;
		if (rp != NULL && sscanf(rp + 2, "%*c %d", &ppid) == 1 && ppid == parent)
			out[n++] = atoi(de->d_name);
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* Not root, whichever of the real, effective, saved and file-system uids. */
static void
assert_not_root(pid_t pid)
{
	unsigned r = 0, e = 0, s = 0, fs = 0;
	const char *uid = proc_status(pid, "Uid");
	assert_int_equal(sscanf(uid, "%u %u %u %u", &r, &e, &s, &fs), 4);
	assert_true(r != 0 && e != 0 && s != 0 && fs != 0);
}

static void
assert_private(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		fail_msg("%s is missing", path);
	if ((st.st_mode & 077) != 0)
		fail_msg("%s is %04o, readable by others", path, (unsigned)(st.st_mode & 07777));
}

static struct term *
signed_in(struct sshsrv *s)
{
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, NULL, 30, 100);
	sshsrv_argv_free(argv);
	assert_true(sshui_menu(t, 20000));
	return t;
}

/* The résumé as the UI makes it, in English, for alice. */
static char *
expected_resume(struct sshsrv *s, int64_t id)
{
	i18n_init("en");
	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(s->db, &db, &err), DB_OK);
	struct actor who;
	assert_int_equal(db_account_actor(db, "alice", "test", &who, &err), DB_OK);
	char *text = resume_2c_new(db, &who, id, &err);
	assert_non_null(text);
	db_close(db);
	return text;
}

static void
test_resume_printed_on_client(void **state)
{
	(void)state;
	struct sshsrv *s = sshsrv_new_started("ssh-files", 5, 0, "ui.output_dir = output\n");
	assert_non_null(s);
	long long idn = sshsrv_sql_int(s, "SELECT id_number FROM person WHERE id = 2");
	char id[16];
	snprintf(id, sizeof id, "%012lld", idn);
	struct term *t = signed_in(s);
	assert_true(sshui_open_person(t, id, 15000));
	term_send_key(t, "F6");
	assert_true(term_wait_text(t, "CURRICULUM VITAE", 15000));
	/* Over SSH the key says Print: there is no file to name. */
	term_settle(t, 300, 5000);
	if (strstr(term_row(t, 29), "Print") == NULL || term_has_text(t, "Write to file"))
		term_dump(t, "key bar");
	assert_non_null(strstr(term_row(t, 29), "Print"));
	assert_false(term_has_text(t, "Write to file"));
	term_raw_reset(t);
	term_send_key(t, "F2");
	assert_true(term_wait_text(t, "printer", 15000));
	term_settle(t, 300, 5000);
	assert_false(term_has_text(t, "File name"));

	size_t len;
	const char *raw = term_raw(t, &len);
	const char *on = strstr(raw, "\033[5i");
	assert_non_null(on);
	const char *off = strstr(on, "\033[4i");
	assert_non_null(off);
	/* Between the two, the résumé and nothing else: CR LF line ends, a form feed. */
	char *text = expected_resume(s, 2);
	size_t cap = strlen(text) * 2 + 8, k = 0;
	char *want = malloc(cap);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			want[k++] = '\r';
		want[k++] = *p;
	}
	want[k++] = '\f';
	want[k] = '\0';
	size_t got = (size_t)(off - (on + 4));
	if (got != k || memcmp(on + 4, want, k) != 0)
		fail_msg("passthrough differs: %zu bytes, %zu expected", got, k);
	assert_non_null(strstr(want, "CURRICULUM VITAE OF A CADRE OR CIVIL SERVANT"));
	free(want);
	free(text);
	term_hangup(t);
	term_close(t, 10000);

	/* Nothing was written on the server: no output folder, the database whole. */
	char *out = tmpdir_path(s->dir, "output");
	assert_int_equal(access(out, F_OK), -1);
	free(out);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM pragma_integrity_check"
	    " WHERE integrity_check = 'ok'"), 1);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
}

/* A report's F2 over SSH prints the text formats on the client's side as the
 * résumé does, and refuses a spreadsheet, which has no way there; nothing is
 * written on the server. */
static void
test_report_printed_on_client(void **state)
{
	(void)state;
	struct sshsrv *s = sshsrv_new_started("ssh-report", 5, 0, "ui.output_dir = output\n");
	assert_non_null(s);
	struct term *t = signed_in(s);
	term_send(t, "5");
	assert_true(term_wait_text(t, "Headcount summary", 15000));
	term_send(t, "1");
	assert_true(term_wait_text(t, "people at work on", 15000));
	term_settle(t, 300, 5000);
	assert_non_null(strstr(term_row(t, 29), "Print"));
	term_raw_reset(t);
	term_send_key(t, "F2");
	assert_true(term_wait_text(t, "In which format?", 15000));
	term_send(t, "c");
	assert_true(term_wait_text(t, "printer", 15000));
	term_settle(t, 300, 5000);
	size_t len;
	const char *raw = term_raw(t, &len);
	const char *on = strstr(raw, "\033[5i");
	assert_non_null(on);
	const char *off = strstr(on, "\033[4i");
	assert_non_null(off);
	/* The CSV between the two, its lines ended CR LF. */
	char *between = strndup(on + 4, (size_t)(off - (on + 4)));
	assert_non_null(strstr(between, "breakdown,code,label,count\r\n"));
	assert_non_null(strstr(between, "\r\nsex,"));
	free(between);
	term_send_key(t, "F2");
	assert_true(term_wait_text(t, "In which format?", 15000));
	term_send(t, "x");
	assert_true(term_wait_text(t, "spreadsheet cannot go through the terminal", 15000));
	term_hangup(t);
	term_close(t, 10000);
	char *out = tmpdir_path(s->dir, "output");
	assert_int_equal(access(out, F_OK), -1);
	free(out);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
}

static void
test_files_private(void **state)
{
	(void)state;
	/* Whatever the umask hoso is started with, its files are its own. */
	umask(022);
	char conf[512];
	struct sshsrv *s = sshsrv_new("ssh-files-modes", 3, 0, NULL);
	char *uilog = tmpdir_path(s->dir, "ui.log");
	snprintf(conf, sizeof conf, "ui.log = %s\n", uilog);
	FILE *f = fopen(s->config, "a");
	fputs(conf, f);
	fclose(f);
	/* Made by the CLI (sshsrv_new): the database. */
	assert_private(s->db);
	assert_true(sshsrv_start(s));
	struct term *t = signed_in(s);
	char wal[1024], shm[1024];
	snprintf(wal, sizeof wal, "%s-wal", s->db);
	snprintf(shm, sizeof shm, "%s-shm", s->db);
	/* While a session has the database open: made by the server and the UI. */
	assert_private(s->db);
	assert_private(wal);
	assert_private(shm);
	assert_private(s->log);
	assert_private(s->host_key);
	assert_private(uilog);
	term_hangup(t);
	term_close(t, 10000);
	free(uilog);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
}

static void
test_root_refused_without_user(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	char *dir = tmpdir_new("ssh-files-root");
	char *db = tmpdir_path(dir, "hoso.db");
	char *conf = tmpdir_path(dir, "hoso.conf");
	FILE *f = fopen(conf, "w");
	fputs("serve.grace_time = 5\n", f);
	fclose(f);
	char *argv[] = { (char *)term_hoso_path(), "serve", "--db", db, "--config", conf,
	    "--listen", "127.0.0.1:0", NULL };
	char *env[] = { "HOSO_LANG=en", NULL };
	char *out = NULL;
	/* A database made by root (hoso's CLI), 0600: not the service account's. (A
	 * command that writes makes it: one that only reads refuses a missing file.) */
	char *mk[] = { (char *)term_hoso_path(), "org", "import", "/dev/null", "--db", db,
	    NULL };
	sshsrv_run(mk, env, &out, 20000);
	free(out);
	assert_int_equal(sshsrv_run(argv, env, &out, 20000), 1);
	if (strstr(out, "refusing to run as root") == NULL || strstr(out, "serve.user") == NULL)
		fail_msg("no reason given: %s", out);
	free(out);
	/* With serve.user but a database the account cannot use: said whose it must be. */
	f = fopen(conf, "a");
	fputs("serve.user = " SSHSRV_USER "\n", f);
	fclose(f);
	assert_int_equal(sshsrv_run(argv, env, &out, 20000), 1);
	if (strstr(out, SSHSRV_USER) == NULL || strstr(out, "owner") == NULL)
		fail_msg("no owner named: %s", out);
	free(out);
	free(db);
	free(conf);
	tmpdir_remove(dir);
}

static void
test_privileges_and_sandbox(void **state)
{
	(void)state;
	struct sshsrv *s = sshsrv_new_started("ssh-files-priv", 3, 0, NULL);
	assert_non_null(s);
	if (geteuid() == 0)
		assert_not_root(s->pid);
	/* A connection that never signs in: its process is sandboxed already. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(s->port)) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	char banner[64];
	assert_true(read(fd, banner, sizeof banner) > 0);	/* the server's SSH banner */
	pid_t kids[16];
	int n = 0;
	for (int i = 0; i < 200 && n == 0; i++) {
		n = children(s->pid, kids, 16);
		if (n == 0)
			usleep(10000);
	}
	assert_int_equal(n, 1);
	assert_string_equal(proc_status(kids[0], "Seccomp"), "2");
	assert_string_equal(proc_status(kids[0], "NoNewPrivs"), "1");
	if (geteuid() == 0)
		assert_not_root(kids[0]);
	close(fd);
	for (int i = 0; i < 300 && children(s->pid, kids, 16) > 0; i++)
		usleep(10000);

	/* Signed in: the connection process and the UI it started, the same. */
	struct term *t = signed_in(s);
	n = children(s->pid, kids, 16);
	assert_int_equal(n, 1);
	pid_t ui[4];
	assert_int_equal(children(kids[0], ui, 4), 1);
	assert_string_equal(proc_status(kids[0], "Seccomp"), "2");
	assert_string_equal(proc_status(ui[0], "Seccomp"), "2");
	if (geteuid() == 0) {
		assert_not_root(kids[0]);
		assert_not_root(ui[0]);
	}
	term_hangup(t);
	term_close(t, 10000);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resume_printed_on_client),
		cmocka_unit_test(test_report_printed_on_client),
		cmocka_unit_test(test_files_private),
		cmocka_unit_test(test_root_refused_without_user),
		cmocka_unit_test(test_privileges_and_sandbox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
