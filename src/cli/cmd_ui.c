/* hoso ui: placeholder until its module lands; replaced by the module's owner. */
#include "cli/cli.h"
#include "core/i18n.h"
#include <stdio.h>

static int
cmd_ui_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "hoso ui: not built yet\n");
	return 1;
}

const struct cli_command cmd_ui = {
	"ui", N_("[options]"), N_("ui"), cmd_ui_exec
};
