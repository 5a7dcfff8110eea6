/*
 * A person's identity-check state against the population database: the one list
 * of states and of their names as stored (person.verify_state), exported, searched
 * (--verification) and looked up in the "verification" code list of forms/.
 */
#ifndef HOSO_CORE_VERIFY_STATE_H
#define HOSO_CORE_VERIFY_STATE_H
#include <stdbool.h>

enum verify_state {
	VERIFY_VERIFIED,	/* the register agrees */
	VERIFY_MISMATCH,	/* the register differs in some fields */
	VERIFY_NOT_FOUND,	/* the register does not know the ID number */
	VERIFY_DECEASED,	/* the register records the person as deceased */
	VERIFY_UNCHECKED,	/* never checked, or the last check was refused */
	VERIFY_QUEUED,		/* a check of this version waits in the queue */
	VERIFY_NSTATES
};

/* The stored name ("verified" …); NULL outside the enum. */
const char *verify_state_name(enum verify_state s);
/* The state a stored name stands for, or -1 when it names none (NULL too). */
int         verify_state_parse(const char *name);
/* The gateway answered (the four final states), as opposed to unchecked/queued. */
bool        verify_state_answered(enum verify_state s);
#endif
