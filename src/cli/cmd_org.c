/* hoso org import FILE.csv | list | export [FILE.csv]: the agency tree. */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/text.h"
#include "db/db.h"
#include "db/org.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmd_org_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fprintf(argc < 2 ? stderr : stdout, _("usage: hoso org import FILE.csv | list | "
		    "export [FILE.csv]\n"));
		return argc < 2 ? 2 : 0;
	}
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:org", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (strcmp(argv[1], "import") == 0 && argc == 3) {
		FILE *f = fopen(argv[2], "r");
		if (f == NULL) {
			perror(argv[2]);
			rc = 1;
		} else {
			int n;
			if (db_org_import(db, &who, f, argv[2], &n, &err) != DB_OK) {
				fprintf(stderr, "hoso org import: %s\n", err);
				free(err);
				rc = 1;
			} else
				printf(_("%d agencies loaded from %s\n"), n, argv[2]);
			fclose(f);
		}
	} else if (strcmp(argv[1], "list") == 0) {
		struct org_info *v;
		int n;
		if (db_org_list(db, &who, &v, &n, &err) != DB_OK) {
			fprintf(stderr, "hoso org: %s\n", err);
			free(err);
			rc = 1;
		} else {
			for (int i = 0; i < n; i++) {
				int depth = v[i].level > 1 ? v[i].level - 1 : 0;
				cli_printf("%*s%s  %s\n", depth * 2, "", v[i].code,
				    v[i].name);
			}
			free(v);
		}
	} else if (strcmp(argv[1], "export") == 0 && argc <= 3) {
		FILE *out = argc == 3 ? fopen(argv[2], "w") : stdout;
		if (out == NULL) {
			perror(argv[2]);
			rc = 1;
		} else {
			FILE *w = cli_terminal_stream_new(out);
			if (db_org_export(db, &who, w, &err) != DB_OK) {
				fprintf(stderr, "hoso org: %s\n", err);
				free(err);
				rc = 1;
			}
			cli_escaping_stream_free(w, out);
			if (out != stdout)
				fclose(out);
		}
	} else {
		fprintf(stderr, _("hoso org: unknown sub-command (try --help)\n"));
		rc = 2;
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_org = {
	"org", N_("import FILE.csv | list | export [FILE.csv]"), N_("manage the agency tree"),
	cmd_org_exec
};
