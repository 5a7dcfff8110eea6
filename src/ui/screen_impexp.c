/*
 * The Import and export screen: the CSV files of the account's own folder
 * (ui/deliver.h: ui.output_dir/NAME, else output/NAME beside the database; over
 * SSH too it is that folder on the server, never a path the client types).
 * F7 imports one, named from the list, as hoso import does (all or nothing, or
 * skipping the bad rows into FILE.rejected.csv in the same folder), with a
 * progress bar; the result and every bad row's reason are shown after. F2 exports
 * the people in scope into a new file of the folder, as hoso export does.
 */
#include "ui/screens.h"
#include "ui/deliver.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/textview.h"
#include "core/filemode.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "db/import.h"
#include "db/role.h"
#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

static char *
folder_text(const char *dir)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, _("Your folder: %s"), dir);
	sb_adds(&sb, "\n\n");
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (!outfile_name_ok(e->d_name) || !ends_with(e->d_name, ".csv"))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			char *name = text_escape_new(e->d_name);
			sb_addf(&sb, "%-50s %lld KiB\n", name, (long long)(st.st_size + 1023) / 1024);
			free(name);
			n++;
		}
		free(p);
	}
	if (d != NULL)
		closedir(d);
	if (n == 0)
		sb_adds(&sb, _("No CSV files in this folder."));
	return sb_detach(&sb);
}

/* The import's progress as a bar on the line above the key bar, drawn at once. */
static void
import_progress(const struct import_progress *p, void *ctx)
{
	(void)ctx;
	int w = COLS > 30 ? COLS - 30 : 10;
	double frac = p->total_bytes > 0 ? (double)p->bytes / (double)p->total_bytes : 0;
	if (p->pass == IMPORT_INDEXING)
		frac = 1;
	int fill = (int)(frac * w);
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, p->pass == 1 ? _("checking") : p->pass == 2 ? _("writing") :
	    _("indexes"));
	sb_adds(&sb, " [");
	for (int i = 0; i < w; i++)
		sb_addc(&sb, i < fill ? '#' : '.');
	sb_addf(&sb, "] %3d%%", (int)(frac * 100));
	draw_text_pad(LINES - 2, 0, sb.buf, COLS, DR_NORMAL);
	sb_free(&sb);
	refresh();
}

/* A file of dir for the import to write into (the reject file), replaced if there. */
static FILE *
open_in(const char *dir, const char *name, struct outfile **of, char **err)
{
	if (outfile_open(dir, name, OUTFILE_REPLACE, of, err) != OUTFILE_OK)
		return NULL;
	int fd = dup(outfile_fd(*of));
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		outfile_abort(*of);
		*of = NULL;
		*err = xstrdup(strerror(errno));
	}
	return f;
}

static void
do_import(struct app *a, const char *dir)
{
	char *name = dialog_input(a, _("Import"), _("File name (from the list)"), "", 255);
	if (name == NULL || !*name) {
		free(name);
		return;
	}
	if (!outfile_name_ok(name) || !ends_with(name, ".csv")) {
		dialog_message(a, _("Import"), _("Not a CSV file of the list."));
		free(name);
		return;
	}
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *in = fd >= 0 ? fdopen(fd, "r") : NULL;
	free(path);
	if (in == NULL) {
		if (fd >= 0)
			close(fd);
		dialog_message(a, _("Import"), strerror(errno));
		free(name);
		return;
	}
	const char *modes[] = { _("All or nothing"), _("Skip bad rows"), _("Cancel") };
	int mode = dialog_choice(a, _("Import"), _("One bad row keeps the whole file out, or "
	    "the good rows go in and the bad ones into a reject file?"), modes, 3);
	if (mode != 0 && mode != 1) {
		fclose(in);
		free(name);
		return;
	}
	struct stat st;
	char *reject_name = xasprintf("%s.rejected.csv", name);
	struct outfile *rej = NULL;
	char *err = NULL;
	struct import_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.filename = name;
	opts.skip_bad = mode == 1;
	opts.total_bytes = fstat(fileno(in), &st) == 0 ? (long long)st.st_size : 0;
	opts.progress = import_progress;
	char *bad = NULL;
	size_t badlen = 0;
	opts.report = open_memstream(&bad, &badlen);
	if (opts.skip_bad && (opts.reject = open_in(dir, reject_name, &rej, &err)) == NULL) {
		dialog_message(a, _("Import"), err != NULL ? err : "?");
		free(err);
		fclose(in);
		if (opts.report != NULL)
			fclose(opts.report);
		free(bad);
		free(reject_name);
		free(name);
		return;
	}
	struct import_report rep;
	memset(&rep, 0, sizeof rep);
	int rc = db_import_people(a->db, &a->actor, in, &opts, &rep, &err);
	fclose(in);
	if (opts.report != NULL)
		fclose(opts.report);
	if (opts.reject != NULL) {
		fclose(opts.reject);
		char *e2 = NULL;
		if (rep.rejected > 0)
			outfile_close(rej, &e2);
		else
			outfile_abort(rej);	/* no bad row: no reject file */
		free(e2);
	}
	struct strbuf sb;
	sb_init(&sb);
	if (rc != DB_OK && err != NULL)
		sb_addf(&sb, "%s\n\n", err);
	sb_addf(&sb, _("%s: %lld rows read, %lld written, %lld updated, %lld rejected in "
	    "%.1f s (%.0f rows/s)\n"), name, rep.read, rep.written, rep.updated,
	    rep.rejected, rep.seconds, rep.seconds > 0 ? rep.read / rep.seconds : 0);
	if (rep.rolled_back)
		sb_adds(&sb, _("nothing was written because of the rejected rows; correct them, or "
		    "use --skip-bad to load the good rows\n"));
	if (opts.skip_bad && rep.rejected > 0)
		sb_addf(&sb, _("rejected rows, each with its reason, are in %s\n"), reject_name);
	if (bad != NULL && *bad) {
		sb_adds(&sb, "\n");
		char *e = text_escape_new(bad);
		sb_adds(&sb, e);
		free(e);
	}
	textview_run(a, _("Import"), sb.buf, NULL);
	sb_free(&sb);
	free(err);
	free(bad);
	free(reject_name);
	free(name);
}

static void
do_export(struct app *a, const char *dir)
{
	char name[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(name, sizeof name, "export-%Y%m%d-%H%M%S.csv", &tm);
	struct outfile *of = NULL;
	char *err = NULL;
	FILE *f = open_in(dir, name, &of, &err);
	if (f == NULL) {
		dialog_message(a, _("Export"), err != NULL ? err : "?");
		free(err);
		return;
	}
	long long rows = 0;
	int rc = db_export_people(a->db, &a->actor, f, &rows, &err);
	if (fclose(f) != 0 && rc == DB_OK) {
		rc = DB_ERROR;
		err = xstrdup(strerror(errno));
	}
	if (rc == DB_OK && outfile_close(of, &err) != OUTFILE_OK)
		rc = DB_ERROR;
	else if (rc != DB_OK)
		outfile_abort(of);
	char msg[512];
	if (rc == DB_OK)
		snprintf(msg, sizeof msg, _("%lld people written to %s\n"), rows, name);
	else
		snprintf(msg, sizeof msg, "%s", err != NULL ? err : "?");
	free(err);
	dialog_message(a, _("Export"), msg);
}

static int
impexp_action(void *ctx, int act)
{
	(void)ctx;
	return act == ACT_NEW || act == ACT_SAVE ? 2 : 0;
}

void
impexp_run(struct app *a)
{
	static const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_NEW, N_("Import") }, { ACT_SAVE, N_("Export") },
		{ ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	char *dir = deliver_output_dir(a);
	if (dir == NULL) {
		dialog_message(a, _("Import and export"), _("This account has no folder of its "
		    "own."));
		return;
	}
	/* The folder is made as outfile makes it: private. */
	char *base = xstrdup(dir);
	char *slash = strrchr(base, '/');
	if (slash != NULL) {
		*slash = '\0';
		mkdir(base, filemode_dir());
	}
	free(base);
	mkdir(dir, filemode_dir());
	while (a->quit == APP_RUNNING) {
		char *text = folder_text(dir);
		struct textview_opts o = { keys, impexp_action, NULL };
		int r = textview_run(a, _("Import and export"), text, &o);
		free(text);
		if (r == ACT_NEW && db_actor_may_write(&a->actor))
			do_import(a, dir);
		else if (r == ACT_NEW)
			dialog_message(a, _("Import"), _("This account may not write records."));
		else if (r == ACT_SAVE)
			do_export(a, dir);
		else
			break;
	}
	free(dir);
}
