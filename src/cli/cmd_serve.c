/* hoso serve: placeholder until its module lands; replaced by the module's owner. */
#include "cli/cli.h"
#include "core/i18n.h"
#include <stdio.h>

static int
cmd_serve_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "hoso serve: not built yet\n");
	return 1;
}

const struct cli_command cmd_serve = {
	"serve", N_("[options]"), N_("serve"), cmd_serve_exec
};
