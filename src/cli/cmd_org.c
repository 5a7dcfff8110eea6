/* hoso org import FILE.csv | list | export [FILE.csv]: the agency tree. */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/text.h"
#include "db/db.h"
#include "db/org.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ORG_IMPORT, ORG_LIST, ORG_EXPORT };
static const struct cli_spec org_import = {
	"org import", N_("FILE.csv"), 1, 1, NULL,
	N_("Loads the agency tree (code,name,parent_code); national administrators only.")
}, org_list = {
	"org list", NULL, 0, 0, NULL, N_("Prints the agencies in scope as a tree.")
}, org_export = {
	"org export", N_("[FILE.csv]"), 0, 1, NULL,
	N_("Writes the agencies in scope as CSV (to stdout without FILE).")
};
static const struct cli_spec *const org_specs[] = {
	[ORG_IMPORT] = &org_import, [ORG_LIST] = &org_list, [ORG_EXPORT] = &org_export, NULL
};

static int
cmd_org_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int sub, parsed = cli_parse_sub(org_specs, argc, argv, &a, &sub);
	if (parsed >= 0)
		return parsed;
	const char *file = a.narg > 0 ? a.arg[0] : NULL;
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:org", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (sub == ORG_IMPORT) {
		FILE *f = fopen(file, "r");
		if (f == NULL) {
			perror(file);
			rc = 1;
		} else {
			int n;
			if (db_org_import(db, &who, f, file, &n, &err) != DB_OK) {
				fprintf(stderr, "hoso org import: %s\n", err);
				free(err);
				rc = 1;
			} else
				printf(_("%d agencies loaded from %s\n"), n, file);
			fclose(f);
		}
	} else if (sub == ORG_LIST) {
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
	} else {
		FILE *out = file != NULL ? fopen(file, "w") : stdout;
		if (out == NULL) {
			perror(file);
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
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_org = {
	"org", org_specs, N_("manage the agency tree"),
	cmd_org_exec
};
