/*
 * make run's gateway simulator on a machine with two demos: each demo's
 * simulator gets a free port of its own and says which (a fixed port made the
 * second one fail), and a demo's own sim-stop and sim-start keep its port, so
 * that the configuration written for it stays right. Runs contrib/demo.sh's
 * sim-start and sim-stop against the real simulator, in two build folders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir;
static char top[PATH_MAX];

/* A build folder with the simulator and what sim-start needs of a demo. */
static void
make_build(const char *name)
{
	char sim[PATH_MAX + 16], hoso[PATH_MAX];
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	snprintf(sim, sizeof sim, "%s", hoso);
	strcpy(strrchr(sim, '/') + 1, "hoso-gwsim");
	char *out = NULL;
	if (shrun(dir, &out, "mkdir -p %s/demo/data && ln -sf %s %s/hoso-gwsim && "
	    "echo 'gateway.url = x' > %s/demo/hoso.conf && printf '%%s\\n' "
	    "'id_number,full_name,date_of_birth,sex,ethnicity,religion,nationality,"
	    "place_of_origin,place_of_residence,status' > %s/demo/data/citizens.csv",
	    name, sim, name, name, name) != 0)
		fail_msg("set-up: %s", out);
	free(out);
}

/* sim-start in build folder name: the port it says, or -1. */
static int
sim_start(const char *name)
{
	char *out = NULL;
	int rc = shrun(dir, &out, "env -u HOSO_DEMO_GW_PORT BUILD=%s/%s sh %s/contrib/demo.sh "
	    "sim-start", dir, name, top);
	const char *at = out != NULL ? strstr(out, "started on port ") : NULL;
	int port = rc == 0 && at != NULL ? atoi(at + strlen("started on port ")) : -1;
	if (port <= 0)
		print_message("sim-start %s (%d): %s\n", name, rc, out != NULL ? out : "");
	free(out);
	return port;
}

static void
sim_stop(const char *name)
{
	shrun(dir, NULL, "BUILD=%s/%s sh %s/contrib/demo.sh sim-stop", dir, name, top);
}

static void
test_two_demos_each_get_a_port(void **state)
{
	(void)state;
	dir = tmpdir_new("demoports");
	if (realpath(paths_forms_dir(), top) == NULL)
		fail_msg("no source tree at %s", paths_forms_dir());
	*strrchr(top, '/') = '\0';
	make_build("one");
	make_build("two");
	int p1 = sim_start("one");
	int p2 = sim_start("two");
	if (p1 <= 0 || p2 <= 0 || p1 == p2) {
		sim_stop("one");
		sim_stop("two");
		fail_msg("ports %d and %d", p1, p2);
	}
	/* Each configuration names its own simulator. */
	char *out = NULL;
	assert_int_equal(shrun(dir, &out, "grep -h gateway.url one/demo/hoso.conf "
	    "two/demo/hoso.conf"), 0);
	char u1[64], u2[64];
	snprintf(u1, sizeof u1, "127.0.0.1:%d", p1);
	snprintf(u2, sizeof u2, "127.0.0.1:%d", p2);
	assert_non_null(strstr(out, u1));
	assert_non_null(strstr(out, u2));
	free(out);
	/* Stopped and started again, a demo keeps its port. */
	sim_stop("one");
	int again = sim_start("one");
	sim_stop("one");
	sim_stop("two");
	assert_int_equal(again, p1);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_demos_each_get_a_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
