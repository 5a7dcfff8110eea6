/*
 * The verification states' names (see verify_state.h). The order is the enum's,
 * which is also the order in which hoso verify --status and the search screen's
 * filter list them.
 */
#include "core/verify_state.h"
#include <stddef.h>
#include <string.h>

static const char *const names[VERIFY_NSTATES] = {
	"verified", "mismatch", "not_found", "deceased", "unchecked", "queued"
};

const char *
verify_state_name(enum verify_state s)
{
	return (unsigned)s < VERIFY_NSTATES ? names[s] : NULL;
}

int
verify_state_parse(const char *name)
{
	for (int i = 0; name != NULL && i < VERIFY_NSTATES; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

bool
verify_state_answered(enum verify_state s)
{
	return s == VERIFY_VERIFIED || s == VERIFY_MISMATCH || s == VERIFY_NOT_FOUND ||
	    s == VERIFY_DECEASED;
}
