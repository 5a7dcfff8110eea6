/*
 * Local time for people (see showtime.h). Vietnam has kept UTC+7 without summer
 * time since 1975, so where the tz database is missing (a slim container) the
 * default zone is the POSIX rule "<+07>-7", which says the same.
 */
#include "core/showtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool chosen;

static bool
zone_known(const char *zone)
{
	if (strstr(zone, "..") != NULL || zone[0] == '/')
		return false;
	char path[256];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
	return access(path, R_OK) == 0;
}

bool
showtime_zone(const char *zone)
{
	bool ok = true;
	if (zone == NULL || *zone == '\0' || !zone_known(zone)) {
		ok = zone == NULL || *zone == '\0';
		zone = zone_known(SHOWTIME_DEFAULT_ZONE) ? SHOWTIME_DEFAULT_ZONE : "<+07>-7";
	}
	setenv("TZ", zone, 1);
	tzset();
	chosen = true;
	return ok;
}

bool
showtime_format(const char *iso_utc, char out[17])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	char sep = 0;
	if (iso_utc == NULL || sscanf(iso_utc, "%4d-%2d-%2d%c%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &sep, &tm.tm_hour, &tm.tm_min) != 6 ||
	    (sep != 'T' && sep != ' ')) {
		snprintf(out, 17, "%s", iso_utc != NULL ? iso_utc : "");
		return false;
	}
	if (!chosen)
		showtime_zone(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm lt;
	if (t == (time_t)-1 || localtime_r(&t, &lt) == NULL) {
		snprintf(out, 17, "%s", iso_utc);
		return false;
	}
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%02d:%02d %02d/%02d/%04d", lt.tm_hour, lt.tm_min,
	    lt.tm_mday, lt.tm_mon + 1, lt.tm_year + 1900);
	if (n != 16) {	/* a year past 9999 or before 1000: not a time of ours */
		snprintf(out, 17, "%s", iso_utc);
		return false;
	}
	memcpy(out, buf, 17);
	return true;
}
