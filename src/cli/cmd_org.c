/*
 * hoso org import FILE.csv | list | export [FILE.csv]: the agency tree;
 * hoso org add CODE --name NAME [--parent CODE] [--date D] | rename CODE --name NAME |
 *     move CODE --parent CODE: one agency;
 * hoso org merge CODE... --into CODE [--name NAME] [--date D] [--dry-run] [--people]
 * hoso org split CODE --plan FILE.csv [--date D] [--dry-run] [--people]
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "db/db.h"
#include "db/org.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ORG_IMPORT, ORG_LIST, ORG_EXPORT, ORG_ADD, ORG_RENAME, ORG_MOVE, ORG_MERGE,
    ORG_SPLIT };
enum { A_NAME, A_PARENT, A_DATE };
static const struct cli_opt add_opts[] = {
	[A_NAME] = { "name", N_("NAME"), N_("the agency's name"), 0 },
	[A_PARENT] = { "parent", N_("CODE"), N_("the agency it belongs to (none: a root)"), 0 },
	[A_DATE] = { "date", N_("D"), N_("the day it exists from"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt rename_opts[] = {
	{ "name", N_("NAME"), N_("the agency's new name"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_opt move_opts[] = {
	{ "parent", N_("CODE"), N_("the agency it goes under"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { M_INTO, M_NAME, M_DATE, M_DRY, M_PEOPLE };
static const struct cli_opt merge_opts[] = {
	[M_INTO] = { "into", N_("CODE"), N_("the agency that receives them (made when new, "
	    "with --name)"), 0 },
	[M_NAME] = { "name", N_("NAME"), N_("the name of a new receiving agency"), 0 },
	[M_DATE] = { "date", N_("D"), N_("the first day of the merged agency (default: "
	    "today)"), 0 },
	[M_DRY] = { "dry-run", NULL, N_("say what would move, change nothing"), 0 },
	[M_PEOPLE] = { "people", NULL, N_("list every person who moves"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { S_PLAN, S_DATE, S_DRY, S_PEOPLE };
static const struct cli_opt split_opts[] = {
	[S_PLAN] = { "plan", N_("FILE.csv"), N_("member,to[,to_name]: an ID number, a code "
	    "of an agency under it, @ACCOUNT or * (the rest), and where it goes"), 0 },
	[S_DATE] = { "date", N_("D"), N_("the first day of the new agencies (default: "
	    "today)"), 0 },
	[S_DRY] = { "dry-run", NULL, N_("say what would move, change nothing"), 0 },
	[S_PEOPLE] = { "people", NULL, N_("list every person who moves"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec org_import = {
	"org import", N_("FILE.csv"), 1, 1, NULL,
	N_("Loads the agency tree (code,name,parent_code); national administrators only.")
}, org_list = {
	"org list", NULL, 0, 0, NULL, N_("Prints the agencies in scope as a tree.")
}, org_export = {
	"org export", N_("[FILE.csv]"), 0, 1, NULL,
	N_("Writes the agencies in scope as CSV (to stdout without FILE).")
};
static const struct cli_spec org_add = {
	"org add", N_("CODE"), 1, 1, add_opts, N_("Adds an agency.")
}, org_rename = {
	"org rename", N_("CODE"), 1, 1, rename_opts, N_("Renames an agency.")
}, org_move = {
	"org move", N_("CODE"), 1, 1, move_opts,
	N_("Moves an agency, with everything under it, under another.")
}, org_merge = {
	"org merge", N_("CODE..."), 1, -1, merge_opts,
	N_("Merges agencies into one, in one transaction: their people (each person's work "
	    "history gains a row), the agencies under them and their accounts go to the "
	    "receiving agency; they are closed the day before the date and kept as history. "
	    "A split undoes it.")
}, org_split = {
	"org split", N_("CODE"), 1, 1, split_opts,
	N_("Splits an agency by a plan, in one transaction; a plan that sends people back "
	    "to an agency merged into it opens that agency again (it undoes the merge).")
};
static const struct cli_spec *const org_specs[] = {
	[ORG_IMPORT] = &org_import, [ORG_LIST] = &org_list, [ORG_EXPORT] = &org_export,
	[ORG_ADD] = &org_add, [ORG_RENAME] = &org_rename, [ORG_MOVE] = &org_move,
	[ORG_MERGE] = &org_merge, [ORG_SPLIT] = &org_split, NULL
};

static int
report(const char *sub, int rc, char *err)
{
	if (rc == DB_OK)
		return 0;
	fprintf(stderr, "hoso org %s: %s\n", sub, err ? err : "?");
	free(err);
	return 1;
}

/* The preview, or the account of what was done. */
static void
print_change(struct org_change *c, int dry_run)
{
	char d[11];
	date_display(c->date, d);
	printf(dry_run ? _("Would move, from %s (nothing is changed):\n") :
	    _("Moved, from %s:\n"), d);
	for (int i = 0; i < c->nparts; i++) {
		const struct org_move_part *p = &c->parts[i];
		cli_printf("  %s %s -> %s %s: ", p->from, p->from_name, p->to, p->to_name);
		printf(_("%ld people, %ld agencies, %ld accounts\n"), p->people, p->agencies,
		    p->accounts);
	}
	printf(_("In all: %ld people, %ld agencies, %ld accounts.\n"), c->people,
	    c->agencies, c->accounts);
	if (c->created)
		cli_printf(_("New agencies: %s\n"), c->created);
	if (c->reopened)
		cli_printf(_("Agencies opened again: %s\n"), c->reopened);
	if (c->closed)
		cli_printf(_("Agencies closed (kept as history): %s\n"), c->closed);
	if (c->accounts > 0)
		printf(_("The accounts go with their agency's people.\n"));
	/* "ID\tname\tfrom\tto" lines, as "ID  name: from -> to". */
	for (char *line = c->people_lines, *next; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		char *f[4] = { line, "", "", "" };
		for (int k = 1; k < 4 && f[k - 1] != NULL; k++) {
			char *tab = strchr(f[k - 1], '\t');
			if (tab == NULL)
				break;
			*tab = '\0';
			f[k] = tab + 1;
		}
		cli_printf("  %s  %s: %s -> %s\n", f[0], f[1], f[2], f[3]);
	}
}

static int
change(struct db *db, const struct actor *who, int sub, const struct cli_args *a)
{
	char *err = NULL;
	struct org_change c;
	int rc;
	if (sub == ORG_MERGE) {
		if (a->value[M_INTO] == NULL) {
			fprintf(stderr, _("hoso org merge: --into CODE is needed\n"));
			cli_print_usage((const struct cli_spec *const[]){ &org_merge, NULL },
			    stderr);
			return 2;
		}
		rc = db_org_merge(db, who, a->arg, a->narg, a->value[M_INTO], a->value[M_NAME],
		    a->value[M_DATE], a->value[M_DRY] != NULL, a->value[M_PEOPLE] != NULL, &c,
		    &err);
	} else {
		if (a->value[S_PLAN] == NULL) {
			fprintf(stderr, _("hoso org split: --plan FILE.csv is needed\n"));
			cli_print_usage((const struct cli_spec *const[]){ &org_split, NULL },
			    stderr);
			return 2;
		}
		FILE *f = fopen(a->value[S_PLAN], "r");
		if (f == NULL) {
			perror(a->value[S_PLAN]);
			return 1;
		}
		rc = db_org_split(db, who, a->arg[0], f, a->value[S_PLAN], a->value[S_DATE],
		    a->value[S_DRY] != NULL, a->value[S_PEOPLE] != NULL, &c, &err);
		fclose(f);
	}
	if (rc == DB_OK)
		print_change(&c, a->value[sub == ORG_MERGE ? M_DRY : S_DRY] != NULL);
	db_org_change_free(&c);
	return report(sub == ORG_MERGE ? "merge" : "split", rc, err);
}

static int
edit(struct db *db, const struct actor *who, int sub, const struct cli_args *a)
{
	char *err = NULL;
	const char *code = a->arg[0];
	int rc;
	if (sub == ORG_ADD || sub == ORG_RENAME) {
		const char *name = a->value[A_NAME];
		if (name == NULL) {
			fprintf(stderr, _("hoso org: --name NAME is needed\n"));
			return 2;
		}
		rc = sub == ORG_ADD ? db_org_add(db, who, code, name, a->value[A_PARENT],
		    a->value[A_DATE], &err) : db_org_rename(db, who, code, name, &err);
	} else {
		if (a->value[0] == NULL) {
			fprintf(stderr, _("hoso org move: --parent CODE is needed\n"));
			return 2;
		}
		rc = db_org_move(db, who, code, a->value[0], &err);
	}
	if (rc == DB_OK)
		cli_printf(sub == ORG_ADD ? _("agency %s added\n") : sub == ORG_RENAME ?
		    _("agency %s renamed\n") : _("agency %s moved\n"), code);
	return report(sub == ORG_ADD ? "add" : sub == ORG_RENAME ? "rename" : "move", rc,
	    err);
}

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
	int reads = sub != ORG_IMPORT;
	if ((reads ? cli_open_existing : cli_open)(&c, "cli:org", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (sub == ORG_MERGE || sub == ORG_SPLIT)
		rc = change(db, &who, sub, &a);
	else if (sub == ORG_ADD || sub == ORG_RENAME || sub == ORG_MOVE)
		rc = edit(db, &who, sub, &a);
	else if (sub == ORG_IMPORT) {
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
				cli_printf("%*s%s  %s", depth * 2, "", v[i].code,
				    v[i].name);
				char d[11];
				date_display(v[i].valid_to, d);
				if (v[i].merged_into[0])
					cli_printf(_("  (merged into %s after %s)"),
					    v[i].merged_into, d);
				else if (v[i].valid_to[0])
					cli_printf(_("  (closed after %s)"), d);
				putchar('\n');
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
