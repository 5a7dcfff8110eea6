/*
 * The witness: <db>.witness, an append-only text file beside the database with one
 * line per witnessed head of the audit trail, "SEQ HASH TIME". The chain shows a
 * changed or removed row only while later rows exist; deleting the last rows, or
 * rewriting the whole chain and re-hashing it (possible without a key, for the rows
 * before it), leaves a shorter or different chain that is consistent in itself. The
 * witness remembers what the trail was: a witnessed row that is gone, or whose hash
 * differs, names the damage.
 *
 * Lines are written at the end of an import, at every hoso check and backup, and
 * hourly by hoso serve; each writer logs the line too, so that a copy lives where
 * the logs go.
 */
#include "db/audit.h"
#include "db/audit_files.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One line: "SEQ HASH TIME"; 0 when it is not one. */
static int
witness_parse(const char *line, int64_t *seq, char hash[65], char at[32])
{
	long long s;
	char h[65], t[32];
	if (sscanf(line, "%lld %64s %31s", &s, h, t) != 3 || s < 1 || strlen(h) != 64)
		return 0;
	*seq = s;
	memcpy(hash, h, 65);
	snprintf(at, 32, "%s", t);
	return 1;
}

static int
head_read(struct db *db, int64_t *seq, char hash[65], char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT seq, hash FROM audit ORDER BY seq DESC"
	    " LIMIT 1", err);
	if (st == NULL)
		return DB_ERROR;
	*seq = 0;
	hash[0] = '\0';
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

/* The last line of the file, read from its end (it grows by a line an hour). */
static void
witness_last(int fd, char *line, size_t size)
{
	line[0] = '\0';
	struct stat sb;
	if (fstat(fd, &sb) != 0 || sb.st_size == 0)
		return;
	char buf[512];
	off_t off = sb.st_size > (off_t)sizeof buf - 1 ? sb.st_size - (off_t)sizeof buf + 1 : 0;
	ssize_t r = pread(fd, buf, sizeof buf - 1, off);
	if (r <= 0)
		return;
	buf[r] = '\0';
	while (r > 0 && buf[r - 1] == '\n')
		buf[--r] = '\0';
	const char *nl = strrchr(buf, '\n');
	const char *from = nl != NULL ? nl + 1 : buf;
	size_t n = strlen(from);
	if (n >= size)
		n = size - 1;
	memcpy(line, from, n);
	line[n] = '\0';
}

int
db_audit_witness(struct db *db, int64_t *seq, int *written, char **err)
{
	*seq = 0;
	*written = 0;
	char hash[65];
	if (head_read(db, seq, hash, err) != DB_OK)
		return DB_ERROR;
	char *path = audit_file_path_new(db, AUDIT_WITNESS_SUFFIX);
	if (path == NULL || *seq == 0) {
		free(path);
		*seq = 0;
		return DB_OK;
	}
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*err = xasprintf(_("cannot write the audit witness %s: %s"), path,
		    strerror(errno));
		free(path);
		return DB_ERROR;
	}
	char last[256], at[32], lhash[65];
	int64_t lseq;
	witness_last(fd, last, sizeof last);
	int rc = DB_OK;
	if (!witness_parse(last, &lseq, lhash, at) || lseq != *seq || strcmp(lhash, hash) != 0) {
		db_now(at);
		char line[160];
		int n = snprintf(line, sizeof line, "%lld %s %s\n", (long long)*seq, hash, at);
		if (write(fd, line, (size_t)n) != n || fsync(fd) != 0) {
			*err = xasprintf(_("cannot write the audit witness %s: %s"), path,
			    strerror(errno));
			rc = DB_ERROR;
		} else
			*written = 1;
	}
	close(fd);
	free(path);
	return rc;
}

int
audit_witness_check(struct db *db, struct audit_verdict *v, char **err)
{
	char *path = audit_file_path_new(db, AUDIT_WITNESS_SUFFIX);
	if (path == NULL)
		return DB_OK;
	FILE *f = fopen(path, "re");
	if (f == NULL) {
		int e = errno;
		if (e == ENOENT) {
			free(path);
			return DB_OK;
		}
		*err = xasprintf(_("cannot read the audit witness %s: %s"), path, strerror(e));
		free(path);
		return DB_ERROR;
	}
	free(path);
	sqlite3_stmt *st = db_stmt(db, "SELECT hash FROM audit WHERE seq = ?", err);
	if (st == NULL) {
		fclose(f);
		return DB_ERROR;
	}
	char line[256];
	int rc = DB_OK;
	while (rc == DB_OK && fgets(line, sizeof line, f) != NULL) {
		int64_t seq;
		char hash[65], at[32];
		if (!witness_parse(line, &seq, hash, at))
			continue;
		v->witnesses++;
		v->witnessed_seq = seq;
		snprintf(v->witnessed_at, sizeof v->witnessed_at, "%s", at);
		if (seq > v->head_seq) {
			/* The chain is intact up to its head: what went is its end. */
			v->fault = AUDIT_TRUNCATED;
			v->bad_seq = v->head_seq + 1;
			break;
		}
		sqlite3_bind_int64(st, 1, seq);
		int r = sqlite3_step(st);
		const char *have = r == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			rc = db_fail(db, err);
		else if (have == NULL || strcmp(have, hash) != 0) {
			v->fault = AUDIT_REWRITTEN;
			v->bad_seq = seq;
		}
		sqlite3_reset(st);
		if (v->fault != AUDIT_OK)
			break;
	}
	fclose(f);
	return rc;
}
