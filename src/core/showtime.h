/*
 * Times as shown to people. Stored times are UTC ("2026-12-02T07:05:00.000Z");
 * a clerk reads them in the office's zone, hour first, the date day first:
 * "14:05 02/12/2026". The zone is ui.timezone, else Asia/Ho_Chi_Minh: a server
 * often runs in UTC, its clerks never do.
 */
#ifndef HOSO_CORE_SHOWTIME_H
#define HOSO_CORE_SHOWTIME_H
#include <stdbool.h>

#define SHOWTIME_DEFAULT_ZONE "Asia/Ho_Chi_Minh"

/* Show times in zone (a tz database name; NULL or "" for the default). Sets TZ
 * for the process, so date_today agrees. Returns false, keeping the default,
 * for a zone this system does not know. */
bool showtime_zone(const char *zone);
/* A stored UTC time ("YYYY-MM-DDTHH:MM[:SS[.fff]]Z", or with a space) as
 * "HH:MM DD/MM/YYYY" local time into out[17]. Anything else is copied as it is
 * (cut to 16 bytes) and false returned. */
bool showtime_format(const char *iso_utc, char out[17]);
#endif
