/*
 * SQLite's own errors as a sentence a clerk or an administrator can act on, in
 * their language: what happened and what to do. Every error the data layer makes
 * from a SQLite result code comes through here, so that "database is locked" or
 * "attempt to write a readonly database" never reaches a person raw. SQLite's
 * words stay at the end, in brackets, for whoever reads the logs.
 */
#include "db/db.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <sqlite3.h>
#include <stddef.h>

static const char *
advice(int code, int sys)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return N_("the database is busy: another program is writing to it. Nothing "
		    "was saved; wait a moment and try again");
	case SQLITE_READONLY:
		return N_("the database cannot be written: check that the file, its -wal and "
		    "-shm files and their folder may be written by the account hoso runs as");
	case SQLITE_FULL:
		return N_("the disk is full (or the database file may grow no larger): free "
		    "some space and try again");
	case SQLITE_IOERR:
		if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
			return N_("the disk is full (or the database file may grow no larger): "
			    "free some space and try again");
		return N_("the disk could not read or write the database: check the disk and "
		    "the system log, then run hoso check");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return N_("the database file is damaged or is not a hoso database: check that "
		    "--db names the right file; run hoso check, and restore the last backup if "
		    "it finds damage");
	case SQLITE_CANTOPEN:
		return N_("the database file cannot be opened: check that its folder exists "
		    "and that the account hoso runs as may read and write there");
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return N_("the operating system refused access to the database file: check its "
		    "permissions");
	case SQLITE_NOMEM:
		return N_("the computer ran out of memory: close other programs and try again");
	default:
		return NULL;
	}
}

char *
db_error_text_new(int code, int sys, const char *detail)
{
	const char *a = advice(code, sys);
	if (detail == NULL || *detail == '\0')
		detail = sqlite3_errstr(code);
	if (a == NULL)
		return xasprintf(_("database error: %s"), detail);
	return xasprintf("%s (%s)", _(a), detail);
}
