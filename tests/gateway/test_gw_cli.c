/*
 * `hoso verify` as an operator runs it: the real program on a real database file,
 * against the real simulator. --drain empties the queue; --all queues nothing new
 * once every version was checked; --stale 0 checks everyone again; a link that is
 * down ends with exit status 1 and the checks still queued; bad usage exits 2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/gwfix.h"
#include "common/tmpdir.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NGEN 150

struct fix {
	char	*dir;
	char	*db_path;
	char	 hoso[PATH_MAX + 16];
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	f->dir = tmpdir_new("gwcli");
	f->db_path = tmpdir_path(f->dir, "hoso.db");
	struct db *db = dbfix_open(f->dir);
	struct actor hn;
	dbfix_account(db, "clerk.hn", ROLE_CLERK, FIX_HN, &hn);
	dbfix_person(db, &hn, "079175000042", "Trần Thị Bich", "1975-02-03", "F", FIX_HN);
	for (int i = 0; i < NGEN; i++) {
		struct gw_person p;
		gwfix_generated(i, &p);
		dbfix_person(db, &hn, p.id_number, p.full_name, p.date_of_birth, "M",
		    FIX_HN_NV);
	}
	db_close(db);
	/* build/hoso, beside build/hoso-gwsim */
	snprintf(f->hoso, sizeof f->hoso, "%s", simfix_binary());
	char *slash = strrchr(f->hoso, '/');
	snprintf(slash ? slash + 1 : f->hoso, 8, "hoso");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	gwfix_teardown(NULL);
	free(f->db_path);
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* Run hoso verify with args; returns the exit status, *out its stderr. */
static int
run(struct fix *f, struct gwfix *g, const char *const args[], char **out)
{
	char *conf = tmpdir_path(g->dir, "hoso.conf");
	char *errf = tmpdir_path(f->dir, "stderr.txt");
	const char *argv[32];
	int n = 0;
	argv[n++] = f->hoso;
	argv[n++] = "verify";
	argv[n++] = "--db";
	argv[n++] = f->db_path;
	argv[n++] = "--config";
	argv[n++] = conf;
	argv[n++] = "--lang";
	argv[n++] = "en";
	for (int i = 0; args[i] != NULL && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (freopen(errf, "w", stderr) == NULL)
			_exit(99);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	FILE *in = fopen(errf, "r");
	assert_non_null(in);
	static char buf[65536];
	size_t len = fread(buf, 1, sizeof buf - 1, in);
	buf[len] = '\0';
	fclose(in);
	*out = strdup(buf);
	free(conf);
	free(errf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
expect(const char *out, const char *text)
{
	if (strstr(out, text) == NULL)
		fail_msg("expected \"%s\" in:\n%s", text, out);
}

static void
test_drain_all_stale(void **state)
{
	struct fix *f = *state;
	struct gwfix *g = gwfix_start(NULL);
	char *out;
	const char *drain[] = { "--drain", NULL };
	assert_int_equal(run(f, g, drain, &out), 0);
	expect(out, "151 checked: 150 verified, 1 mismatch, 0 not found, 0 refused");
	assert_null(strstr(out, "stay queued"));
	free(out);
	assert_int_equal(simfix_stat(g->sim, "items"), NGEN + 1);

	const char *all[] = { "--all", NULL };
	assert_int_equal(run(f, g, all, &out), 0);
	expect(out, "0 checks queued");
	free(out);

	const char *stale[] = { "--stale", "0", "--org", FIX_HN_NV, "--parallel", "2", NULL };
	assert_int_equal(run(f, g, stale, &out), 0);
	expect(out, "150 checks queued");
	expect(out, "150 checked: 150 verified");
	free(out);
	assert_int_equal(simfix_stat(g->sim, "items"), 2 * NGEN + 1);
	gwfix_stop(g);
}

static void
test_link_down_keeps_queue(void **state)
{
	struct fix *f = *state;
	struct gwfix *g = gwfix_start(NULL);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", simfix_dead_port());
	gwfix_client(g, url);	/* rewrites hoso.conf with the dead address */
	char *out;
	const char *drain[] = { "--drain", NULL };
	assert_int_equal(run(f, g, drain, &out), 1);
	expect(out, "cannot be reached");
	expect(out, "151 checks stay queued");
	free(out);
	gwfix_stop(g);
}

static void
test_usage(void **state)
{
	struct fix *f = *state;
	struct gwfix *g = gwfix_start(NULL);
	char *out;
	const char *none[] = { NULL };
	assert_int_equal(run(f, g, none, &out), 2);
	expect(out, "usage: hoso verify");
	free(out);
	const char *bad[] = { "--stale", "soon", NULL };
	assert_int_equal(run(f, g, bad, &out), 2);
	free(out);
	const char *org[] = { "--org", "no-such-agency", NULL };
	assert_int_equal(run(f, g, org, &out), 1);
	expect(out, "no-such-agency");
	free(out);
	assert_int_equal(simfix_stat(g->sim, "calls"), 0);
	gwfix_stop(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drain_all_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_down_keeps_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
