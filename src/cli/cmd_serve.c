/*
 * hoso serve [--listen ADDR:PORT] [--host-key FILE] [--db PATH] [--config FILE]
 * The embedded SSH server (src/ssh/). Options on the command line win over the
 * serve.* keys of the configuration file. The database must exist: the server
 * serves an existing register, it does not start an empty one. With gateway.url
 * set, the server also sends queued identity checks (src/ssh/verifier.c).
 */
#include "cli/cli.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "gateway/gateway.h"
#include "ssh/serve.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A gateway configuration the verification worker would refuse (a secret file
 * others can read, plain http to another host) stops the start here, where the
 * operator sees it, rather than in the worker's log. Nothing of it is kept: the
 * worker reads it again after the fork, and the secret is wiped at once. */
static int
serve_check_gateway(const struct config *cf, char **err)
{
	struct gw_config gc;
	if (gw_config_load(cf, &gc, err) != 0)
		return -1;
	gw_config_clear(&gc);
	return 0;
}

enum { O_LISTEN, O_HOST_KEY };
static const struct cli_opt serve_options[] = {
	[O_LISTEN] = { "listen", N_("ADDR:PORT"), N_("the address and port to listen on"), 0 },
	[O_HOST_KEY] = { "host-key", N_("FILE"), N_("the server's host key"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec serve_spec = {
	"serve", NULL, 0, 0, serve_options,
	N_("Serves the clerk's terminal over SSH; the options win over the serve.* keys "
	    "of the configuration file.")
};
static const struct cli_spec *const serve_specs[] = { &serve_spec, NULL };

static int
cmd_serve_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&serve_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	const char *listen = a.value[O_LISTEN], *host_key = a.value[O_HOST_KEY];
	char *err = NULL;
	struct config *cf = config_load(c.config_path, &err);
	if (cf == NULL) {
		fprintf(stderr, "hoso serve: %s\n", err);
		free(err);
		return 1;
	}
	struct serve_opts o;
	int rc = serve_opts_init(&o, cf, c.db_path, c.config_path, &err);
	if (rc == 0 && o.verify)
		rc = serve_check_gateway(cf, &err);
	config_free(cf);
	if (rc != 0) {
		fprintf(stderr, "hoso serve: %s\n", err);
		free(err);
		serve_opts_free(&o);
		return 1;
	}
	if (listen != NULL && serve_opts_set_listen(&o, listen) != 0) {
		fprintf(stderr, _("hoso serve: --listen wants ADDRESS:PORT, not '%s'\n"), listen);
		serve_opts_free(&o);
		return 2;
	}
	if (host_key != NULL) {
		free(o.host_key);
		o.host_key = xstrdup(host_key);
	}
	if (access(o.db_path, R_OK | W_OK) != 0) {
		fprintf(stderr, _("hoso serve: cannot use the database %s (create it first, "
		    "e.g. with hoso org import)\n"), o.db_path);
		serve_opts_free(&o);
		return 1;
	}
	rc = serve_run(&o);
	serve_opts_free(&o);
	return rc;
}

const struct cli_command cmd_serve = {
	"serve", serve_specs,
	N_("serve the terminal to remote offices over SSH"), cmd_serve_exec
};
