/*
 * What each role may do (see role.h): one table per question would be overkill
 * for five roles; one function each keeps the answer greppable.
 */
#include "db/role.h"

bool
db_actor_may_write(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN || who->role == ROLE_AGENCY_ADMIN ||
	    who->role == ROLE_CLERK;
}

bool
db_actor_may_delete(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN || who->role == ROLE_AGENCY_ADMIN;
}

bool
db_actor_may_manage_accounts(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN || who->role == ROLE_AGENCY_ADMIN;
}

bool
db_actor_may_read_records(const struct actor *who)
{
	return who->role != ROLE_SELF;
}

bool
db_actor_may_maintain(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN || who->role == ROLE_AGENCY_ADMIN;
}

bool
db_actor_may_grant_role(const struct actor *who, enum role r)
{
	return db_actor_may_manage_accounts(who) &&
	    (r != ROLE_NATIONAL_ADMIN || who->role == ROLE_NATIONAL_ADMIN);
}

bool
db_actor_may_edit_codes(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN;
}

bool
db_actor_may_change_agencies(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN || who->role == ROLE_AGENCY_ADMIN;
}

bool
db_actor_may_back_up(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN;
}

bool
db_actor_may_read_audit(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN || who->role == ROLE_AGENCY_ADMIN;
}

bool
db_role_needs_person(enum role r)
{
	return r == ROLE_SELF;
}

bool
db_actor_is_self(const struct actor *who)
{
	return db_role_needs_person(who->role);
}

bool
db_actor_may_read_reports(const struct actor *who)
{
	return !db_actor_is_self(who);
}
