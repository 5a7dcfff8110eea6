/*
 * Pieces of the gateway client shared by its files and by the parser's fuzz
 * harness and corpus test; not for use elsewhere.
 *
 * The parsers take the raw bytes of an answer and accept only the contract's JSON:
 * the right top-level shape, every required key once with the right type and a
 * value from the contract's set, valid UTF-8 without control characters or NULs.
 * Unknown extra keys are tolerated (they cannot turn a failure into a match). On
 * failure they return -1 and leave nothing allocated.
 */
#ifndef HOSO_GW_INTERNAL_H
#define HOSO_GW_INTERNAL_H
#include "gateway/gateway.h"
#include <stdbool.h>
#include <stddef.h>

struct curl_slist;

int gw_parse_verify(const char *body, size_t len, struct gw_verify *out);
/* n results expected, in order. */
int gw_parse_batch(const char *body, size_t len, int n, struct gw_verify *out);
/* The look-up answer for id_number (the answer must name the same person). */
int gw_parse_citizen(const char *body, size_t len, const char *id_number,
    struct gw_citizen *out);
/* The 404 body {"error":"not_found"}: 0 if it is exactly that. */
int gw_parse_not_found(const char *body, size_t len);
/* *token is the caller's (wipe and free); *expires_in in seconds. */
int gw_parse_token(const char *body, size_t len, char **token, int *expires_in);
/* The "message" of an error body, cleaned for a screen and a log line (printable,
 * at most 200 characters); NULL when there is none. Caller frees. */
char *gw_parse_error_message(const char *body, size_t len);

/* One HTTP exchange (http.c). The easy handle's private pointer is the xfer. */
struct gw_xfer {
	void		*easy;		/* CURL * */
	struct curl_slist *headers;
	char		*answer;	/* received body, NUL-terminated */
	size_t		 answer_len;
	size_t		 max_body;
	bool		 too_big;
	char		*post;		/* request body; wiped when freed */
	size_t		 post_len;
	char		 request_id[37];
	int		 retry_after;	/* seconds from Retry-After, -1 when absent */
	double		 started;
	void		*owner;		/* the gw_call, or NULL for the token fetch */
};

/* method "GET" or "POST"; payload NULL for GET. bearer may be NULL (token fetch).
 * post is taken over by the xfer. */
struct gw_xfer *gw_xfer_new(const struct gw_config *cfg, const char *method,
    const char *path, const char *content_type, char *post, const char *bearer,
    const char *officer);
void gw_xfer_free(struct gw_xfer *x);
long gw_xfer_status(const struct gw_xfer *x);
/* s percent-encoded for a form body; caller frees (and wipes, for the secret). */
char *gw_form_escape(const char *s);

/* A fresh random UUID v4 into out[37]. */
void gw_uuid(char out[37]);
#endif
