/*
 * What each breakdown counts (see stat_internal.h): the SQL the triggers run over a
 * person row, written with "@" for the row, and how the recount finds the same value
 * in C. A table of its own, used by stat.c and stat_recount.c alike.
 */
#include "db/stat_internal.h"
#include <stddef.h>

/* At work: what every breakdown but employment_status counts. */
#define AT_WORK "coalesce(@.employment_status, '') IN ('', 'working', 'on_leave')"
#define WORKING(e) "CASE WHEN " AT_WORK " THEN " e " END"
#define DATA(f) "coalesce(json_extract(@.data, '$." f "'), '')"

const struct stat_def stat_defs[] = {
	{ "sex",               WORKING("@.sex"),                        STAT_COL,    "sex" },
	{ "birth",             WORKING("@.sex || substr(@.date_of_birth, 1, 7)"),
	    STAT_BIRTH, NULL },
	{ "staff_category",    WORKING("coalesce(@.staff_category, '')"),
	    STAT_COL, "staff_category" },
	{ "ethnicity",         WORKING("coalesce(@.ethnicity, '')"),     STAT_COL,    "ethnicity" },
	{ "religion",          WORKING("coalesce(@.religion, '')"),      STAT_COL,    "religion" },
	{ "rank",              WORKING("coalesce(@.rank_code, '')"),     STAT_COL,    "rank_code" },
	/* The rank's group is the salary scale's (A3.1 ... C3, Decree 204/2004). */
	{ "rank_group",        WORKING(DATA("salary_scale")),            STAT_JSON,   "salary_scale" },
	{ "position",          WORKING("coalesce(@.position, '')"),      STAT_COL,    "position" },
	{ "women_leaders",     "CASE WHEN " AT_WORK " AND @.sex = 'F' AND"
	    " coalesce(@.position, '') <> '' THEN @.position END",       STAT_WOMEN_LEADERS, NULL },
	{ "highest_degree",    WORKING(DATA("highest_degree")),          STAT_JSON,   "highest_degree" },
	{ "political_theory",  WORKING(DATA("political_theory")),        STAT_JSON,   "political_theory" },
	{ "state_management",  WORKING(DATA("state_management")),        STAT_JSON,   "state_management" },
	{ "foreign_language",  WORKING(DATA("foreign_language")),        STAT_JSON,   "foreign_language" },
	{ "it_level",          WORKING(DATA("it_level")),                STAT_JSON,   "it_level" },
	{ "party",             WORKING("CASE WHEN " DATA("party_join_date") " <> ''"
	    " THEN 'member' ELSE 'not_member' END"),                     STAT_PARTY,  "party_join_date" },
	{ "employment_status", "coalesce(@.employment_status, '')",      STAT_STATUS, NULL },
};
const int stat_ndefs = (int)(sizeof stat_defs / sizeof stat_defs[0]);
