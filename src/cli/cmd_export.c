/* hoso export [FILE.csv] [--labels] [--excel]: people in scope, in the import
 * format (the default, which imports back), or labelled for reading. */
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/db.h"
#include "db/import.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_LABELS, O_EXCEL };
static const struct cli_opt export_opts[] = {
	[O_LABELS] = { "labels", NULL, N_("labels instead of codes, dates as DD/MM/YYYY, "
	    "the columns' names in the chosen language: for reading (does not import back)"),
	    0 },
	[O_EXCEL] = { "excel", NULL, N_("begin with the byte-order mark Excel needs to read "
	    "UTF-8"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec export_spec = {
	"export", N_("[FILE.csv]"), 0, 1, export_opts,
	N_("Writes the people in scope in the import format (to stdout without FILE).")
};
static const struct cli_spec *const export_specs[] = { &export_spec, NULL };

static int
cmd_export_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&export_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	argc = 1 + a.narg;
	FILE *out = argc == 2 ? fopen(argv[1], "w") : stdout;
	if (out == NULL) {
		perror(argv[1]);
		return 1;
	}
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:export", &db, &who) != 0)
		return 1;
	long long rows;
	char *err = NULL;
	/* A file or a pipe gets the export byte for byte (it imports back). */
	FILE *w = cli_terminal_stream_new(out);
	if (a.value[O_EXCEL] != NULL)
		fputs("\xEF\xBB\xBF", w);	/* import skips it too */
	int rc = db_export_people_as(db, &who, w, a.value[O_LABELS] != NULL, &rows, &err);
	db_close(db);
	cli_escaping_stream_free(w, out);
	if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
		perror(argc == 2 ? argv[1] : "stdout");
		rc = DB_ERROR;
	}
	if (rc != DB_OK) {
		fprintf(stderr, "hoso export: %s\n", err ? err : "?");
		free(err);
		return 1;
	}
	if (argc == 2)
		fprintf(stderr, _("%lld people written to %s\n"), rows, argv[1]);
	return 0;
}

const struct cli_command cmd_export = {
	"export", export_specs, N_("write the people in scope as CSV"), cmd_export_exec
};
