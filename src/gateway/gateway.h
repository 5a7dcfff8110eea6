/*
 * Client of the population-database gateway (contract: population-gateway.md):
 * OAuth2 client-credentials token, verify one person, look one up, verify up to 100
 * at a time. libcurl's multi interface does the I/O so that the interface never
 * freezes: a call is started, then driven by gw_call_poll from the caller's own
 * loop (which can also wake on the terminal's fd), and Esc maps to gw_call_cancel.
 * Blocking wrappers serve the command line.
 *
 * Every failure comes back as an outcome, never as a result: a call is a match
 * only when a well-formed 200 said so. Each HTTP exchange is logged (request id,
 * officer, outcome) through core/log.h; the secret and the token never are.
 *
 * In a screen's loop (keys read with a timeout or nodelay):
 *
 *	struct gw_call *c = gw_verify_start(gw, who->username, &p);
 *	while (!gw_call_poll(c, 100, STDIN_FILENO)) {
 *		if (key_pending() == ESC)
 *			gw_call_cancel(c);	(the next poll returns true)
 *		else
 *			show_waiting();
 *	}
 *	if (gw_call_outcome(c) == GW_OK) ... gw_call_result(c, 0)->status ...
 *	else ... gw_outcome_text(gw_call_outcome(c)), gw_call_message(c) ...
 *	gw_call_free(c);
 *
 * The client knows no database: the queue of checks, and what becomes of a call
 * that did not come back GW_OK, are src/verify/'s (drain.h).
 */
#ifndef HOSO_GATEWAY_H
#define HOSO_GATEWAY_H
#include <stdbool.h>
#include <stddef.h>

struct config;

enum gw_outcome {
	GW_OK = 0,
	GW_LINK_DOWN,		/* connect failure, timeout, reset: queue, retry later */
	GW_REJECTED,		/* 400: the request was malformed; never retried */
	GW_FORBIDDEN,		/* 403, or the gateway refused hoso's credentials */
	GW_BAD_ANSWER,		/* not the contract's answer (HTML, cut, wrong types, huge) */
	GW_UNAVAILABLE,		/* 5xx until the retries ran out */
	GW_RATE_LIMITED,	/* 429 asking for a longer wait than a call may take */
	GW_CANCELLED,
	GW_NOT_CONFIGURED	/* no gateway.url: checks stay queued */
};

enum gw_status { GW_MATCH = 0, GW_MISMATCH, GW_NOT_FOUND };

/* Bits of gw_verify.mismatched. */
#define GW_FIELD_NAME	0x1u
#define GW_FIELD_DOB	0x2u
#define GW_FIELD_SEX	0x4u

/* The identity sent for a check; strings are borrowed for the call's start only. */
struct gw_person {
	const char	*id_number;	/* 12 digits */
	const char	*full_name;	/* UTF-8; sent as NFC */
	const char	*date_of_birth;	/* YYYY-MM-DD */
	char		 sex;		/* 'M' or 'F' */
};

struct gw_verify {
	enum gw_status	 status;
	unsigned	 mismatched;	/* GW_FIELD_* */
	char		 request_id[65];/* the gateway's id of the check */
	char		 checked_at[21];/* YYYY-MM-DDTHH:MM:SSZ */
};

/* A look-up answer. found is false for the contract's 404 not_found. Strings are
 * NFC and owned by the struct: gw_citizen_clear frees them. */
struct gw_citizen {
	bool	 found;
	char	 id_number[13];
	char	*full_name;
	char	 date_of_birth[11];
	char	 sex;
	char	*ethnicity;
	char	*religion;
	char	*nationality;
	char	*place_of_origin;
	char	*place_of_residence;
	bool	 deceased;
};
void gw_citizen_clear(struct gw_citizen *c);

/* Settings: the contract's gateway.* keys plus tunables that are not configuration
 * (tests shorten them). Strings owned; gw_config_clear frees them and wipes the
 * secret. */
struct gw_config {
	char	*url;			/* NULL: not configured */
	char	*client_id;
	char	*secret;		/* read from gateway.secret_file */
	char	*ca_file, *cert_file, *key_file;
	int	 connect_timeout_ms;	/* gateway.connect_timeout, default 5 s */
	int	 timeout_ms;		/* gateway.timeout: one HTTP exchange, default 15 s */
	int	 retries;		/* further tries after a 5xx (default 2) */
	int	 backoff_ms;		/* first wait after a 5xx, doubled each time */
	int	 max_retry_after;	/* seconds a call waits on a 429 (default 30) */
	size_t	 max_body;		/* answers longer than this are broken */
};
/* Fill *out from cf (NULL: defaults, not configured). Refuses a secret file that its
 * group or others may read, and plain http:// to anything but loopback. Returns 0,
 * or -1 with *err (translated, caller frees). */
int  gw_config_load(const struct config *cf, struct gw_config *out, char **err);
void gw_config_defaults(struct gw_config *out);
void gw_config_clear(struct gw_config *c);

struct gw;
struct gw_call;

/* The client copies cfg. One client per process is the rule; it is not thread-safe. */
struct gw *gw_new(const struct gw_config *cfg);
void       gw_free(struct gw *gw);
bool       gw_configured(const struct gw *gw);
/* The client cf describes (cf may be NULL; without gateway.url the client is
 * not configured and every call ends GW_NOT_CONFIGURED): gw_config_load and
 * gw_new in one, for the commands and the terminal alike. NULL with *err
 * (translated, caller frees) when the settings are refused. */
struct gw *gw_new_from_config(const struct config *cf, char **err);

/* Start a call on behalf of officer (the account name sent as X-Officer-Id).
 * Never NULL: a call that cannot be made is born done with its outcome. */
struct gw_call *gw_verify_start(struct gw *gw, const char *officer,
    const struct gw_person *p);
struct gw_call *gw_lookup_start(struct gw *gw, const char *officer, const char *id_number);
/* 1..GW_BATCH_MAX items; results come back in the same order. */
#define GW_BATCH_MAX	100
struct gw_call *gw_batch_start(struct gw *gw, const char *officer,
    const struct gw_person *items, int n);

/* Drive every call of the client for at most timeout_ms (0: do what is ready and
 * return). Returns early when c finishes or when wake_fd (>= 0, e.g. the terminal)
 * becomes readable. Returns true once c is done. */
bool gw_call_poll(struct gw_call *c, int timeout_ms, int wake_fd);
/* Drive every call of gw until one of them finishes or timeout_ms passed (for
 * callers running several calls at once). False on timeout or when none runs. */
bool gw_drive_any(struct gw *gw, int timeout_ms);
bool gw_call_done(const struct gw_call *c);
/* Stop c now; its outcome becomes GW_CANCELLED. */
void gw_call_cancel(struct gw_call *c);
/* Cancels c if it is still running. */
void gw_call_free(struct gw_call *c);

enum gw_outcome gw_call_outcome(const struct gw_call *c);
/* The gateway's own words for a 400 or 403 (cleaned), or NULL. Owned by c. */
const char *gw_call_message(const struct gw_call *c);
/* Seconds the gateway asked to wait (GW_RATE_LIMITED), else 0. */
int gw_call_retry_after(const struct gw_call *c);
/* X-Request-Id of the call's last HTTP exchange ("" before the first). */
const char *gw_call_request_id(const struct gw_call *c);
/* Result i of a GW_OK verify (i = 0) or batch call; NULL otherwise. */
const struct gw_verify *gw_call_result(const struct gw_call *c, int i);
/* The answer of a GW_OK look-up; NULL otherwise. */
const struct gw_citizen *gw_call_citizen(const struct gw_call *c);

/* Blocking forms for the command line. *msg (may be NULL) receives the gateway's
 * message for GW_REJECTED/GW_FORBIDDEN; caller frees. */
enum gw_outcome gw_verify(struct gw *gw, const char *officer, const struct gw_person *p,
    struct gw_verify *out, char **msg);
enum gw_outcome gw_lookup(struct gw *gw, const char *officer, const char *id_number,
    struct gw_citizen *out, char **msg);
enum gw_outcome gw_batch_verify(struct gw *gw, const char *officer,
    const struct gw_person *items, int n, struct gw_verify *out, char **msg);
/* Verify n items as ceil(n/100) batch calls, at most parallel at once (bulk
 * imports). out[i] is item i's result; outcomes[i] the outcome of the batch that
 * carried item i. Returns the number of items with GW_OK. */
int gw_batch_verify_many(struct gw *gw, const char *officer,
    const struct gw_person *items, int n, int parallel, struct gw_verify *out,
    enum gw_outcome *outcomes);

/* Is the gateway there and does it take hoso's credentials? A token fetched now,
 * blocking up to timeout_ms (0: the connect and exchange timeouts; hoso health).
 * GW_OK, or why not (GW_LINK_DOWN when no answer came in time). */
enum gw_outcome gw_ping(struct gw *gw, const char *officer, int timeout_ms);

/* "ok", "link_down", ...: for logs and scripts. */
const char *gw_outcome_name(enum gw_outcome o);
/* A sentence for the person at the screen, translated. */
const char *gw_outcome_text(enum gw_outcome o);
/* "full_name,sex" for a mismatched mask, into out (as stored in the database). */
void gw_fields_text(unsigned mask, char *out, size_t len);
#endif
