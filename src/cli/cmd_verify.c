/* hoso verify: placeholder until its module lands; replaced by the module's owner. */
#include "cli/cli.h"
#include "core/i18n.h"
#include <stdio.h>

static int
cmd_verify_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "hoso verify: not built yet\n");
	return 1;
}

const struct cli_command cmd_verify = {
	"verify", N_("[options]"), N_("verify"), cmd_verify_exec
};
