/* Names and sentences for call outcomes and mismatched fields. */
#include "gateway/gateway.h"
#include "core/i18n.h"
#include <stdio.h>
#include <string.h>

static const char *const names[] = {
	[GW_OK] = "ok",
	[GW_LINK_DOWN] = "link_down",
	[GW_REJECTED] = "rejected",
	[GW_FORBIDDEN] = "forbidden",
	[GW_BAD_ANSWER] = "bad_answer",
	[GW_UNAVAILABLE] = "unavailable",
	[GW_RATE_LIMITED] = "rate_limited",
	[GW_CANCELLED] = "cancelled",
	[GW_NOT_CONFIGURED] = "not_configured",
};

static const char *const texts[] = {
	[GW_OK] = N_("checked"),
	[GW_LINK_DOWN] = N_("the population gateway cannot be reached; the check is "
	    "queued and will be retried"),
	[GW_REJECTED] = N_("the population gateway rejected the request"),
	[GW_FORBIDDEN] = N_("this agency is not allowed to use the population gateway"),
	[GW_BAD_ANSWER] = N_("the population gateway sent an answer that cannot be "
	    "read; nothing was recorded"),
	[GW_UNAVAILABLE] = N_("the population gateway is having trouble; try again "
	    "later"),
	[GW_RATE_LIMITED] = N_("the population gateway asks hoso to slow down; the "
	    "check is queued"),
	[GW_CANCELLED] = N_("check cancelled"),
	[GW_NOT_CONFIGURED] = N_("no population gateway is configured; the check "
	    "stays queued"),
};

const char *
gw_outcome_name(enum gw_outcome o)
{
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "unknown";
}

const char *
gw_outcome_text(enum gw_outcome o)
{
	return (unsigned)o < sizeof texts / sizeof texts[0] ? _(texts[o]) : "?";
}

void
gw_fields_text(unsigned mask, char *out, size_t len)
{
	static const struct { unsigned bit; const char *name; } f[] = {
		{ GW_FIELD_NAME, "full_name" },
		{ GW_FIELD_DOB, "date_of_birth" },
		{ GW_FIELD_SEX, "sex" },
	};
	size_t used = 0;
	if (len == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (!(mask & f[i].bit))
			continue;
		int w = snprintf(out + used, len - used, "%s%s", used ? "," : "", f[i].name);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}
