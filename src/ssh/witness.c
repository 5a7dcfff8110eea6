/*
 * The hourly witness of the audit trail's head (db/audit.h): a line in
 * <db>.witness and one in the log, so that rows deleted from the trail's end or a
 * chain rewritten whole show even between backups. The listener holds no database:
 * it opens one for the moment of writing, never across a fork.
 */
#include "ssh/serve_internal.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/audit.h"
#include "db/db.h"
#include <stdlib.h>

#define WITNESS_EVERY 3600.0	/* seconds */

void
serve_witness_tick(const struct serve_opts *o)
{
	static double next;
	double now = clock_mono_s();
	if (now < next)
		return;
	next = now + WITNESS_EVERY;
	struct db *db = NULL;
	char *err = NULL;
	int64_t seq = 0;
	int written = 0;
	if (db_open(o->db_path, &db, &err) != DB_OK ||
	    db_audit_witness(db, &seq, &written, &err) != DB_OK)
		log_warn("audit witness: %s", err != NULL ? err : "?");
	else if (seq > 0)	/* logged even when the file has it already: an hourly sign */
		log_info("audit witness: row %lld%s", (long long)seq,
		    written ? "" : " (unchanged)");
	db_close(db);
	free(err);
}
