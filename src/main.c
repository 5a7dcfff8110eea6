/*
 * hoso: personnel records of Vietnam's cadres, civil servants and public employees.
 * This file only picks the sub-command; each lives in src/cli/cmd_<name>.c.
 */
#include "cli/cli.h"
#include "core/filemode.h"
#include "core/i18n.h"
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	/* Before anything can create a file: the database, its -wal and -shm, logs,
	 * keys and outputs are the service account's alone. */
	filemode_private();
	i18n_init(NULL);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)) {
		cli_usage_all();
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("hoso %s\n", HOSO_VERSION);
		return 0;
	}
	const char *name = "ui";
	int first = 1;
	if (argc >= 2 && argv[1][0] != '-') {
		name = argv[1];
		first = 1;
	} else
		first = 0;	/* "hoso --db x" means "hoso ui --db x" */
	const struct cli_command *cmd = cli_find(name);
	if (cmd == NULL) {
		fprintf(stderr, _("hoso: unknown command '%s' (try 'hoso --help')\n"), name);
		return 2;
	}
	if (first == 0) {
		/* Shift so that argv[0] names the command, as every exec expects. */
		argv[0] = (char *)cmd->name;
		return cmd->exec(argc, argv);
	}
	return cmd->exec(argc - 1, argv + 1);
}
