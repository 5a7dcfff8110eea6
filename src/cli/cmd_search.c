/* hoso search [TEXT] [--dob DATE] [--org CODE] [--rank CODE] [--page N] [--limit N] */
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "db/db.h"
#include "db/search.h"
#include "form/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_DOB, O_ORG, O_RANK, O_VERIFICATION, O_PAGE, O_LIMIT };
static const struct cli_opt search_opts[] = {
	[O_DOB] = { "dob", N_("DD/MM/YYYY"), N_("born on that day"), 0 },
	[O_ORG] = { "org", N_("CODE"), N_("in that agency or under it"), 0 },
	[O_RANK] = { "rank", N_("CODE"), N_("of that rank"), 0 },
	[O_VERIFICATION] = { "verification", N_("STATE"), N_("in that state: verified, "
	    "mismatch, not_found, deceased, unchecked, queued"), 0 },
	[O_PAGE] = { "page", "N", N_("the page of results to show (default 1)"), 0 },
	[O_LIMIT] = { "limit", "N", N_("results per page (default 20)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec search_spec = {
	"search", N_("[NAME or ID digits]"), 0, -1, search_opts,
	N_("Finds people in scope. Names match without diacritics; the last word may be "
	    "a prefix.")
};
static const struct cli_spec *const search_specs[] = { &search_spec, NULL };

/* A code's label in the current language, or the code itself. */
static const char *
label_of(const char *list, const char *code)
{
	const struct code_list *cl = codes_get(list, NULL);
	const struct code_item *it = cl != NULL ? codes_find(cl, code) : NULL;
	return it != NULL ? codes_label(it) : code;
}

enum { C_ID, C_NAME, C_BORN, C_SEX, C_ORG, C_CHECK, NCOLS };

/* One row of cells, each padded to its column's width in display columns (a
 * Vietnamese letter with its marks is one column, whatever its bytes). */
static void
print_row(const char *const cell[NCOLS], const int width[NCOLS])
{
	for (int k = 0; k < NCOLS; k++) {
		cli_printf("%s", cell[k]);
		if (k + 1 < NCOLS)
			printf("%*s", width[k] - text_width(cell[k]) + 2, "");
	}
	putchar('\n');
}

/* A header, the people in aligned columns with their labels (not codes), and how
 * many matched. */
static void
print_hits(const struct search_hit *hits, int n, int total)
{
	if (n == 0) {
		fprintf(stderr, _("nobody found\n"));
		return;
	}
	const char *head[NCOLS] = { _("ID number"), _("Full name"), _("Born"), _("Sex"),
	    _("Agency"), _("Verification") };
	int width[NCOLS];
	for (int k = 0; k < NCOLS; k++)
		width[k] = text_width(head[k]);
	char (*born)[11] = calloc((size_t)n, sizeof *born);
	for (int i = 0; i < n; i++) {
		date_display(hits[i].date_of_birth, born[i]);
		const char *cell[NCOLS] = { hits[i].id_number, hits[i].full_name, born[i],
		    label_of("sex", hits[i].sex == 'F' ? "F" : "M"), hits[i].org_code,
		    label_of("verification", hits[i].verification) };
		for (int k = 0; k < NCOLS; k++)
			if (text_width(cell[k]) > width[k])
				width[k] = text_width(cell[k]);
	}
	print_row(head, width);
	for (int i = 0; i < n; i++) {
		const char *cell[NCOLS] = { hits[i].id_number, hits[i].full_name, born[i],
		    label_of("sex", hits[i].sex == 'F' ? "F" : "M"), hits[i].org_code,
		    label_of("verification", hits[i].verification) };
		print_row(cell, width);
	}
	free(born);
	if (total > SEARCH_COUNT_CAP)
		printf("%s\n", _("more than 1,000 people"));
	else if (total == 1)
		printf("%s\n", _("1 person"));
	else {
		printf(_("%d people"), total);
		putchar('\n');
	}
}

static int
cmd_search_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&search_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	struct search_query q = {0};
	char dob[11];
	if (a.value[O_DOB] != NULL) {
		const char *e = date_parse(a.value[O_DOB], dob);
		if (e != NULL) {
			fprintf(stderr, "hoso search: --dob: %s\n", _(e));
			return 2;
		}
		q.dob = dob;
	}
	q.org_code = a.value[O_ORG];
	q.rank_code = a.value[O_RANK];
	q.verification = a.value[O_VERIFICATION];
	/* As atoi: a page or limit that is no number is the default. */
	int page = a.value[O_PAGE] != NULL ? atoi(a.value[O_PAGE]) : 1;
	q.limit = a.value[O_LIMIT] != NULL ? atoi(a.value[O_LIMIT]) : 0;
	char text[512] = "";
	for (int i = 0; i < a.narg; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, "%s%s", n ? " " : "", a.arg[i]);
	}
	q.text = text;
	q.limit = q.limit > 0 ? q.limit : 20;
	q.offset = (page > 1 ? page - 1 : 0) * q.limit;
	q.log = 1;
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:search", &db, &who) != 0)
		return 1;
	struct search_hit *hits;
	int n, more;
	char *err = NULL;
	int total = 0;
	int rc = db_search_total(db, &who, &q, &hits, &n, &more, &total, &err);
	db_close(db);
	if (rc != DB_OK) {
		fprintf(stderr, "hoso search: %s\n", err);
		free(err);
		return rc == DB_INVALID ? 2 : 1;
	}
	print_hits(hits, n, total);
	if (n > 0 && more)
		fprintf(stderr, _("more results: --page %d\n"), page + 1);
	free(hits);
	return 0;
}

const struct cli_command cmd_search = {
	"search", search_specs,
	N_("find people by name, ID number, date of birth, agency or rank"), cmd_search_exec
};
