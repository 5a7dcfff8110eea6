/*
 * The gateway client wired to a running simulator, for gateway tests: a temporary
 * directory with a citizens file, a secret file (mode 600) and a configuration file
 * naming the simulator, loaded through the real configuration path; the client's
 * waits are shortened so that error-table tests stay fast.
 */
#ifndef HOSO_TEST_GWFIX_H
#define HOSO_TEST_GWFIX_H
#include "gateway/gateway.h"
#include "common/simfix.h"

#define GWFIX_CLIENT_ID	"hoso-test"
#define GWFIX_SECRET	"S3cr3t-never-in-any-log"
#define GWFIX_GENERATED	2000	/* extra citizens 001090000000 + i, all matching */

struct gwfix {
	char			*dir;
	char			*citizens;	/* path */
	struct simfix		*sim;
	struct gw_config	 cfg;
	struct gw		*gw;
};

/* Three named citizens (see gwfix.c) plus GWFIX_GENERATED generated ones. The
 * fixture is freed by gwfix_stop (or gwfix_teardown). */
struct gwfix *gwfix_start(const char *const sim_args[]);
/* Point a fresh client at url (NULL: the simulator), replacing f->gw. */
void gwfix_client(struct gwfix *f, const char *url);
void gwfix_stop(struct gwfix *f);
/* cmocka teardown: stops any fixture a failed test left running (a failing assert
 * leaves the test function before its gwfix_stop). */
int  gwfix_teardown(void **state);
/* Identity of generated citizen i, as the simulator holds it; strings static
 * per slot (i modulo 256 slots). */
void gwfix_generated(int i, struct gw_person *p);

/* One log file for the whole test program (core/log.h), in its own directory. */
void  gwfix_log_init(void);
void  gwfix_log_done(void);
/* Bytes of the log so far, and the log from an offset as a string (caller frees). */
long  gwfix_log_size(void);
char *gwfix_log_since(long offset);
#endif
