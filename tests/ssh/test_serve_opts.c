/*
 * hoso serve's settings: --listen forms, the serve.* keys of a real configuration
 * file, their defaults, and that a value out of range or not a number is an error
 * rather than quietly the default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/tmpdir.h"
#include "core/config.h"
#include "ssh/serve.h"

static void
test_listen_forms(void **state)
{
	(void)state;
	struct serve_opts o;
	char *err;
	assert_int_equal(serve_opts_init(&o, NULL, "/var/lib/hoso/hoso.db", NULL, &err), 0);
	assert_string_equal(o.listen_addr, "0.0.0.0");
	assert_string_equal(o.listen_port, "2222");
	assert_string_equal(o.host_key, "/var/lib/hoso/ssh_host_ed25519_key");
	static const struct { const char *spec, *addr, *port; } ok[] = {
		{ "127.0.0.1:2022", "127.0.0.1", "2022" },
		{ ":2200", "0.0.0.0", "2200" },
		{ "2300", "0.0.0.0", "2300" },
		{ "10.1.2.3", "10.1.2.3", "2222" },
		{ "[::1]:2400", "::1", "2400" },
		{ "::1", "::1", "2222" },
		{ "127.0.0.1:0", "127.0.0.1", "0" },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(serve_opts_set_listen(&o, ok[i].spec), 0);
		assert_string_equal(o.listen_addr, ok[i].addr);
		assert_string_equal(o.listen_port, ok[i].port);
	}
	static const char *bad[] = { "127.0.0.1:", "127.0.0.1:65536", "host:port", "[::1",
	    "[::1]x", "127.0.0.1:22x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(serve_opts_set_listen(&o, bad[i]), -1);
	/* A refused value leaves the last good one. */
	assert_string_equal(o.listen_port, "0");
	serve_opts_free(&o);
}

static struct config *
config_of(const char *dir, const char *text)
{
	char *path = tmpdir_path(dir, "hoso.conf");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	char *err = NULL;
	struct config *cf = config_load(path, &err);
	assert_non_null(cf);
	free(path);
	return cf;
}

static void
test_config_keys(void **state)
{
	(void)state;
	char *dir = tmpdir_new("serve-opts");
	struct config *cf = config_of(dir, "serve.listen = 127.0.0.1:2022\n"
	    "serve.host_key = /etc/hoso/key\nserve.grace_time = 30\nserve.max_unauth = 5\n"
	    "serve.max_sessions_per_account = 2\nserve.idle_timeout = 0\n"
	    "serve.keepalive = 15\nserve.log = /var/log/hoso.log\n"
	    "serve.verify_interval = 2\ngateway.url = https://gw.example/v1\n"
	    "serve.user = hoso\n");
	struct serve_opts o;
	char *err = NULL;
	assert_int_equal(serve_opts_init(&o, cf, "db", "/etc/hoso.conf", &err), 0);
	assert_string_equal(o.listen_addr, "127.0.0.1");
	assert_string_equal(o.listen_port, "2022");
	assert_string_equal(o.host_key, "/etc/hoso/key");
	assert_string_equal(o.config_path, "/etc/hoso.conf");
	assert_string_equal(o.log_path, "/var/log/hoso.log");
	assert_string_equal(o.user, "hoso");
	assert_int_equal(o.grace_time, 30);
	assert_int_equal(o.max_unauth, 5);
	assert_int_equal(o.max_unauth_start, 5);	/* max_unauth alone: start = full */
	assert_int_equal(o.max_sessions_per_account, 2);
	assert_int_equal(o.idle_timeout, 0);
	assert_int_equal(o.keepalive, 15);
	assert_int_equal(o.verify_interval, 2);
	assert_int_equal(o.verify, 1);
	/* Untouched keys keep their defaults. */
	assert_int_equal(o.max_sessions, 300);
	assert_int_equal(o.max_auth_tries, 6);
	assert_int_equal(o.keepalive_count, 3);
	serve_opts_free(&o);
	config_free(cf);

	cf = config_of(dir, "serve.max_startups = 20:50:80\nserve.kex_grace = 90\n");
	assert_int_equal(serve_opts_init(&o, cf, "db", NULL, &err), 0);
	assert_int_equal(o.max_unauth_start, 20);
	assert_int_equal(o.max_unauth_rate, 50);
	assert_int_equal(o.max_unauth, 80);
	assert_int_equal(o.kex_grace, 60);	/* never past grace_time */
	serve_opts_free(&o);
	config_free(cf);
	cf = config_of(dir, "");
	assert_int_equal(serve_opts_init(&o, cf, "db", NULL, &err), 0);
	assert_int_equal(o.max_unauth_start, 100);
	assert_int_equal(o.max_unauth_rate, 30);
	assert_int_equal(o.max_unauth, 300);
	/* The defaults leave room for an office of 100 signing in together, and a
	 * source can hold at most half the places. */
	assert_int_equal(o.max_unauth_per_source, 150);
	assert_int_equal(o.kex_grace, 10);
	serve_opts_free(&o);
	config_free(cf);

	/* No gateway: no worker; the interval keeps its default. */
	cf = config_of(dir, "gateway.url =\n");
	assert_int_equal(serve_opts_init(&o, cf, "db", NULL, &err), 0);
	assert_int_equal(o.verify, 0);
	assert_int_equal(o.verify_interval, 5);
	assert_null(o.user);
	serve_opts_free(&o);
	config_free(cf);

	static const char *bad[] = { "serve.grace_time = 0\n", "serve.max_unauth = lots\n",
	    "serve.keepalive = -1\n", "serve.max_sessions = 10 # ok?\nserve.idle_timeout = 1e3\n",
	    "serve.listen = nowhere:x\n", "serve.verify_interval = 0\n",
	    "serve.verify_interval = 61\n", "serve.max_startups = 10:30\n",
	    "serve.max_startups = 50:30:10\n", "serve.max_startups = 10:130:100\n",
	    "serve.max_startups = 10:30:100x\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cf = config_of(dir, bad[i]);
		err = NULL;
		assert_int_equal(serve_opts_init(&o, cf, "db", NULL, &err), -1);
		assert_non_null(err);
		assert_non_null(strstr(err, "serve."));
		free(err);
		serve_opts_free(&o);
		config_free(cf);
	}
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listen_forms),
		cmocka_unit_test(test_config_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
