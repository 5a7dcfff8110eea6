/*
 * core/outfile (files written on request) and core/filemode (private files),
 * against real files: names that climb out (.., absolute paths, slashes), hidden
 * and control-character names, a link planted in the output folder pointing at
 * the database, a hard link to it, the output folder set to the data folder with
 * the database's own names, an existing file (refused, then replaced only when
 * asked), a folder that is a link or writable by anyone; a database and log left
 * 0644 by an older hoso narrowed when opened; files.group (0640, the group's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "core/filemode.h"
#include "core/log.h"
#include "core/logfile.h"
#include "core/outfile.h"
#include "db/db.h"

#include <dirent.h>
#include <grp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct env {
	char      *dir;	/* the data folder: hoso.db */
	char      *db_path;
	struct db *db;
	char      *out;	/* an output folder inside it */
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	e->dir = tmpdir_new("outfile");
	e->db = dbfix_open(e->dir);
	e->db_path = tmpdir_path(e->dir, "hoso.db");
	e->out = tmpdir_path(e->dir, "output/alice");
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	db_close(e->db);
	free(e->db_path);
	free(e->out);
	tmpdir_remove(e->dir);
	free(e);
	return 0;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The database is still a database and still answers. */
static void
assert_db_whole(struct env *e)
{
	char *head = slurp(e->db_path);
	assert_non_null(head);
	assert_memory_equal(head, "SQLite format 3", 15);
}

/* Entries of a folder, dot files included ("." and ".." not). */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_names(void **state)
{
	struct env *e = *state;
	const char *bad[] = {
		"..", "../hoso.db", "../../etc/x", "/tmp/x", "a/b", ".hidden", ".", "",
		"a\nb", "tab\there", "esc\033[2J", "del\x7f", "c1\xc2\x9b" "x", "bad\xff",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(outfile_name_ok(bad[i]));
		char *err = NULL;
		assert_int_equal(outfile_write(e->out, bad[i], OUTFILE_REPLACE, "x", 1, &err),
		    OUTFILE_REFUSED);
		assert_non_null(err);
		free(err);
	}
	char longname[300];
	memset(longname, 'a', 256);
	longname[256] = '\0';
	assert_false(outfile_name_ok(longname));
	assert_true(outfile_name_ok("2C-001088012345.txt"));
	assert_true(outfile_name_ok("Sơ yếu lý lịch.txt"));
	assert_true(outfile_name_ok("a..b"));
	assert_db_whole(e);
}

static void
test_new_file_private(void **state)
{
	struct env *e = *state;
	mode_t old = umask(022);	/* the file's own mode, whatever the umask */
	char *err = NULL;
	const char *body = "nội dung\n";
	assert_int_equal(outfile_write(e->out, "Sơ yếu.txt", 0, body, strlen(body), &err),
	    OUTFILE_OK);
	umask(old);
	assert_null(err);
	char *p = tmpdir_path(e->out, "Sơ yếu.txt");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(slurp(p), "nội dung\n");
	free(p);
	assert_int_equal(stat(e->out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void
test_existing_file(void **state)
{
	struct env *e = *state;
	char *err = NULL;
	assert_int_equal(outfile_write(e->out, "r.txt", 0, "first", 5, &err), OUTFILE_OK);
	assert_int_equal(outfile_write(e->out, "r.txt", 0, "second", 6, &err), OUTFILE_EXISTS);
	assert_non_null(err);
	free(err);
	char *p = tmpdir_path(e->out, "r.txt");
	assert_string_equal(slurp(p), "first");
	err = NULL;
	assert_int_equal(outfile_write(e->out, "r.txt", OUTFILE_REPLACE, "second", 6, &err),
	    OUTFILE_OK);
	assert_string_equal(slurp(p), "second");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(p);
	/* The temporary file of the replacement is gone. */
	assert_int_equal(entries(e->out), 1);
	/* A file given up on is removed. */
	struct outfile *of;
	assert_int_equal(outfile_open(e->out, "half.txt", 0, &of, NULL), OUTFILE_OK);
	assert_int_equal(write(outfile_fd(of), "x", 1), 1);
	outfile_abort(of);
	assert_int_equal(entries(e->out), 1);
}

static void
test_symlink_to_database(void **state)
{
	struct env *e = *state;
	char *err = NULL;
	/* Make the folder, then plant links in it. */
	assert_int_equal(outfile_write(e->out, "seed.txt", 0, "s", 1, &err), OUTFILE_OK);
	char *sym = tmpdir_path(e->out, "2C.txt");
	assert_int_equal(symlink(e->db_path, sym), 0);
	char *dangling = tmpdir_path(e->out, "new.txt");
	char *victim = tmpdir_path(e->dir, "victim");
	assert_int_equal(symlink(victim, dangling), 0);
	for (int replace = 0; replace < 2; replace++) {
		assert_int_equal(outfile_write(e->out, "2C.txt", replace ? OUTFILE_REPLACE : 0,
		    "résumé", 7, &err), OUTFILE_REFUSED);
		free(err);
		err = NULL;
		assert_int_not_equal(outfile_write(e->out, "new.txt", replace ? OUTFILE_REPLACE : 0,
		    "résumé", 7, &err), OUTFILE_OK);
		free(err);
		err = NULL;
	}
	/* Neither link was followed: the database is whole, the victim never made. */
	assert_db_whole(e);
	assert_int_equal(access(victim, F_OK), -1);
	struct stat st;
	assert_int_equal(lstat(sym, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* A hard link to the database is the database. */
	char *hard = tmpdir_path(e->out, "hard.txt");
	assert_int_equal(link(e->db_path, hard), 0);
	assert_int_equal(outfile_write(e->out, "hard.txt", OUTFILE_REPLACE, "x", 1, &err),
	    OUTFILE_REFUSED);
	free(err);
	assert_db_whole(e);
	free(hard);
	free(sym);
	free(dangling);
	free(victim);
}

static void
test_output_folder_is_data_folder(void **state)
{
	struct env *e = *state;
	/* A write makes the -wal; the log is protected by opening it. */
	char *logp = tmpdir_path(e->dir, "hoso.log");
	logfile_open(logp);
	log_info("test line");
	const char *names[] = { "hoso.db", "hoso.db-wal", "hoso.db-shm", "hoso.log" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *p = tmpdir_path(e->dir, names[i]);
		struct stat before;
		int existed = stat(p, &before) == 0;
		char *err = NULL;
		int rc = outfile_write(e->dir, names[i], OUTFILE_REPLACE, "résumé", 7, &err);
		if (existed) {
			assert_int_equal(rc, OUTFILE_REFUSED);
			struct stat after;
			assert_int_equal(stat(p, &after), 0);
			assert_int_equal(after.st_ino, before.st_ino);
			assert_int_equal(after.st_size, before.st_size);
		}
		free(err);
		free(p);
	}
	assert_db_whole(e);
	free(logp);
}

static void
test_folder_checks(void **state)
{
	struct env *e = *state;
	/* The output folder itself a link to elsewhere: not followed. */
	char *elsewhere = tmpdir_path(e->dir, "elsewhere");
	assert_int_equal(mkdir(elsewhere, 0700), 0);
	char *linked = tmpdir_path(e->dir, "linked");
	assert_int_equal(symlink(elsewhere, linked), 0);
	char *err = NULL;
	assert_int_not_equal(outfile_write(linked, "a.txt", 0, "x", 1, &err), OUTFILE_OK);
	free(err);
	assert_int_equal(entries(elsewhere), 0);
	/* A folder anyone may write in: someone may plant files there. */
	char *open_dir = tmpdir_path(e->dir, "open");
	assert_int_equal(mkdir(open_dir, 0700), 0);
	assert_int_equal(chmod(open_dir, 0777), 0);
	err = NULL;
	assert_int_equal(outfile_write(open_dir, "a.txt", 0, "x", 1, &err), OUTFILE_REFUSED);
	free(err);
	assert_int_equal(entries(open_dir), 0);
	free(elsewhere);
	free(linked);
	free(open_dir);
}

static void
test_wide_files_narrowed(void **state)
{
	struct env *e = *state;
	db_close(e->db);
	e->db = NULL;
	/* An older hoso (no umask) left the database and its WAL readable by all. */
	assert_int_equal(chmod(e->db_path, 0644), 0);
	char *wal = tmpdir_path(e->dir, "hoso.db-wal");
	int fd = open(wal, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(wal, 0644), 0);
	char *err = NULL;
	assert_int_equal(db_open(e->db_path, &e->db, &err), DB_OK);
	struct stat st;
	assert_int_equal(stat(e->db_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(wal);
	/* The same for a log. */
	char *logp = dbfix_file(e->dir, "old.log", "old line\n");
	assert_int_equal(chmod(logp, 0644), 0);
	logfile_open(logp);
	assert_int_equal(stat(logp, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(logp);
	/* And files made under hoso's umask are private from the start. */
	mode_t old = umask(022);
	filemode_private();
	char *fresh = dbfix_file(e->dir, "fresh", "x");
	umask(old);
	assert_int_equal(stat(fresh, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(fresh);
}

/* A group the test may give files to: root any (nogroup), others their own. */
static const char *
some_group(void)
{
	struct group *g = geteuid() == 0 ? getgrnam("nogroup") : NULL;
	if (g == NULL)
		g = getgrgid(getgid());
	return g != NULL ? g->gr_name : NULL;
}

/* files.group: group members may read (0640, folders 0750), files given to it.
 * Last in this program: the setting holds for the rest of the process. */
static void
test_group(void **state)
{
	struct env *e = *state;
	char *err = NULL;
	char *bad = dbfix_file(e->dir, "bad.conf", "files.group = no-such-group-hoso\n");
	assert_int_equal(filemode_setup(bad, &err), -1);
	assert_non_null(strstr(err, "no-such-group-hoso"));
	free(err);
	free(bad);
	/* A copy: getgr* answers in static storage the next call overwrites. */
	assert_non_null(some_group());
	char gname[64];
	snprintf(gname, sizeof gname, "%s", some_group());
	gid_t gid = getgrnam(gname)->gr_gid;
	char line[128];
	snprintf(line, sizeof line, "files.group = %s\n", gname);
	char *conf = dbfix_file(e->dir, "group.conf", line);
	assert_int_equal(filemode_setup(conf, &err), 0);
	free(conf);
	/* A new database and its -wal, made under the group's umask. */
	char *path = tmpdir_path(e->dir, "group.db");
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db, &err), DB_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(st.st_gid, gid);
	db_close(db);
	free(path);
	/* An old file open to all is narrowed to the group. */
	char *old = dbfix_file(e->dir, "old.log", "x\n");
	assert_int_equal(chmod(old, 0666), 0);
	logfile_open(old);
	assert_int_equal(stat(old, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(st.st_gid, gid);
	free(old);
	/* An output. */
	assert_int_equal(outfile_write(e->out, "g.txt", 0, "g", 1, &err), OUTFILE_OK);
	char *g = tmpdir_path(e->out, "g.txt");
	assert_int_equal(stat(g, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	free(g);
	assert_int_equal(stat(e->out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0750);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_file_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_to_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_folder_is_data_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_files_narrowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
