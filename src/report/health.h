/*
 * The health report (health.c): what an administrator looks at first, written as
 * text for hoso health and the Health screen alike. The caller asks the gateway
 * (a token fetched now: report/ knows no gateway) and passes the answer in.
 */
#ifndef HOSO_REPORT_HEALTH_H
#define HOSO_REPORT_HEALTH_H
#include <stdio.h>
#include "db/db.h"

struct health_input {
	struct db          *db;
	const struct actor *who;
	const char         *db_path;
	const char         *backup_dir;	/* backup.dir, else backups/ beside the db */
	const char         *log_path;	/* serve.log, or NULL */
	int                 check;	/* quick check, and verify the last backup */
	const char         *gateway;	/* one line (translated) on the gateway */
	int                 gateway_bad;
};

/* Write the report to out. Returns 1 when something needs a person (a damaged
 * file, gateway_bad, a backup not sound, under 5 % of the disk left), 0 when all
 * is well, -1 (with *err) when the database could not be asked. */
int health_write(const struct health_input *in, FILE *out, char **err);
#endif
