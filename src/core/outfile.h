/*
 * The one way hoso writes a file someone asked for (a résumé today; reports,
 * exports and backups from menus later): only inside an output directory, under
 * a plain name, never over a file it was not told it may replace, never through a
 * symbolic link, and never onto the program's own files (the database, its -wal,
 * -shm and -journal, keys, logs), whatever the directory is set to.
 *
 * A name is checked before anything is opened (outfile_name_ok): no '/', not
 * starting with '.', no control characters, valid UTF-8, at most 255 bytes.
 * The directory is created 0700 when missing and opened O_DIRECTORY|O_NOFOLLOW;
 * the file is opened relative to it with openat(O_CREAT|O_EXCL|O_NOFOLLOW, 0600)
 * (0750 and 0640 with files.group, core/filemode.h). With
 * OUTFILE_REPLACE an existing regular file may be replaced: the text goes to a
 * temporary file in the same directory which is renamed over it at
 * outfile_close, so a failed write leaves the old file whole.
 *
 * Protected files are registered once by whoever owns them (db_open registers the
 * database and its companions, logfile_open the log, the SSH server its host key);
 * they are compared by device and inode with the target, so neither a hard link,
 * a symbolic link nor an output directory set to the data directory reaches them.
 */
#ifndef HOSO_OUTFILE_H
#define HOSO_OUTFILE_H
#include <stdbool.h>
#include <stddef.h>

enum outfile_rc {
	OUTFILE_OK = 0,
	OUTFILE_EXISTS,		/* the name is taken: ask, then try with OUTFILE_REPLACE */
	OUTFILE_REFUSED,	/* bad name, a link, not a regular file, a protected file */
	OUTFILE_ERROR		/* the system said no (errno in the message) */
};

#define OUTFILE_REPLACE 1u	/* an existing regular file may be replaced */

struct outfile;

/* Is name acceptable as a file name in an output directory? */
bool outfile_name_ok(const char *name);
/* Never let an output file be path (nor a link to it). Missing files are checked
 * again at each open: a -wal appears after the database. path is copied. */
void outfile_protect(const char *path);

/* Open dir/name for writing. On OUTFILE_OK *out is the file; otherwise *err (may
 * be NULL) receives a translated reason, caller frees. */
int  outfile_open(const char *dir, const char *name, unsigned flags,
    struct outfile **out, char **err);
int  outfile_fd(const struct outfile *of);
/* Flush to disk, close and (when replacing) put the file in place; frees of.
 * OUTFILE_OK or OUTFILE_ERROR with *err; the target is untouched on error. */
int  outfile_close(struct outfile *of, char **err);
/* Give up: the new file (or the temporary one) is removed; frees of. */
void outfile_abort(struct outfile *of);
/* open, write len bytes of buf, close. */
int  outfile_write(const char *dir, const char *name, unsigned flags,
    const void *buf, size_t len, char **err);
#endif
