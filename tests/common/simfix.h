/*
 * The gateway simulator as a test fixture: start the real build/hoso-gwsim (or
 * $HOSO_GWSIM) on a free loopback port with the switches a test wants, read its
 * counters, stop it with SIGTERM. Any failure fails the test (cmocka fail_msg).
 */
#ifndef HOSO_TEST_SIMFIX_H
#define HOSO_TEST_SIMFIX_H

struct simfix;

/* The simulator binary: $HOSO_GWSIM, else hoso-gwsim beside the build's tests/. */
const char *simfix_binary(void);
/* Start with citizens file (may be NULL) and a NULL-terminated list of extra
 * switches (may be NULL); returns once it printed "listening on". */
struct simfix *simfix_start(const char *citizens, const char *const args[]);
/* "http://127.0.0.1:PORT" */
const char *simfix_url(const struct simfix *s);
int         simfix_port(const struct simfix *s);
/* A number from GET /_sim/stats ("tokens", "calls", "verify", ...). */
long        simfix_stat(struct simfix *s, const char *key);
/* A string from the same (last_request_id, last_officer_id, last_user_agent);
 * caller frees. */
char       *simfix_stat_str(struct simfix *s, const char *key);
/* SIGTERM, then wait (bounded); fails the test unless it exits 0. */
void        simfix_stop(struct simfix *s);
/* A loopback port on which nothing listens (bound, then closed). */
int         simfix_dead_port(void);
#endif
