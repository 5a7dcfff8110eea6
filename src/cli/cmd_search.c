/* hoso search [TEXT] [--dob DATE] [--org CODE] [--rank CODE] [--page N] [--limit N] */
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "db/db.h"
#include "db/search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmd_search_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	if (cli_wants_help(argc, argv)) {
		printf(_("usage: hoso search [NAME or ID digits] [--dob DD/MM/YYYY] [--org CODE] "
		    "[--rank CODE] [--verification STATE] [--page N] [--limit N]\nNames match without "
		    "diacritics; the last word may be a prefix. STATE: verified, mismatch, not_found, "
		    "deceased, unchecked, queued.\n"));
		return 0;
	}
	struct search_query q = {0};
	char dob[11];
	int page = 1;
	char text[512] = "";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dob") == 0 && i + 1 < argc) {
			const char *e = date_parse(argv[++i], dob);
			if (e != NULL) {
				fprintf(stderr, "hoso search: --dob: %s\n", _(e));
				return 2;
			}
			q.dob = dob;
		} else if (strcmp(argv[i], "--org") == 0 && i + 1 < argc)
			q.org_code = argv[++i];
		else if (strcmp(argv[i], "--rank") == 0 && i + 1 < argc)
			q.rank_code = argv[++i];
		else if (strcmp(argv[i], "--verification") == 0 && i + 1 < argc)
			q.verification = argv[++i];
		else if (strcmp(argv[i], "--page") == 0 && i + 1 < argc)
			page = atoi(argv[++i]);
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
			q.limit = atoi(argv[++i]);
		else if (argv[i][0] != '-') {
			size_t n = strlen(text);
			snprintf(text + n, sizeof text - n, "%s%s", n ? " " : "", argv[i]);
		} else {
			fprintf(stderr, _("hoso search: unexpected argument '%s'\n"), argv[i]);
			return 2;
		}
	}
	q.text = text;
	q.limit = q.limit > 0 ? q.limit : 20;
	q.offset = (page > 1 ? page - 1 : 0) * q.limit;
	q.log = 1;
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:search", &db, &who) != 0)
		return 1;
	struct search_hit *hits;
	int n, more;
	char *err = NULL;
	int rc = db_search(db, &who, &q, &hits, &n, &more, &err);
	db_close(db);
	if (rc != DB_OK) {
		fprintf(stderr, "hoso search: %s\n", err);
		free(err);
		return rc == DB_INVALID ? 2 : 1;
	}
	for (int i = 0; i < n; i++) {
		char d[11];
		date_display(hits[i].date_of_birth, d);
		int pad = 32 - text_width(hits[i].full_name);
		cli_printf("%s  %s%*s  %s  %s  %-14s %s\n", hits[i].id_number,
		    hits[i].full_name, pad > 0 ? pad : 0, "", d,
		    hits[i].sex == 'F' ? _("F") : _("M"),
		    hits[i].org_code, hits[i].verification);
	}
	if (n == 0)
		fprintf(stderr, _("nobody found\n"));
	else if (more)
		fprintf(stderr, _("more results: --page %d\n"), page + 1);
	free(hits);
	return 0;
}

const struct cli_command cmd_search = {
	"search", N_("[TEXT] [--dob DATE] [--org CODE] [--rank CODE] [--page N]"),
	N_("find people by name, ID number, date of birth, agency or rank"), cmd_search_exec
};
