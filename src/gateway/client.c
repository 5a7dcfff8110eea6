/*
 * The client's state machine over libcurl's multi interface. A call moves
 *
 *	TOKEN --(token valid)--> RUNNING --(answer)--> DONE
 *	  ^                         |
 *	  +---- TIMER <-------------+ (5xx backoff, 429 wait, 401: fresh token once)
 *
 * All calls of one client share one multi handle (so connections are reused and
 * batch calls run side by side) and one token, fetched by a single exchange that
 * every waiting call shares. Nothing blocks: gw_call_poll waits in curl_multi_poll
 * for at most the time it is given, also waking on the caller's fd.
 *
 * The rows of the contract's error table are applied in call_failed and nowhere
 * else. Calls are kept in an array walked from the end, so that finishing the
 * current call (which swaps in the last one) never skips or repeats a call.
 */
#include "gateway/gw_internal.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <curl/curl.h>
#include <ctype.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_429_WAITS	3

struct gw {
	struct gw_config	 cfg;
	CURLM			*multi;
	char			*token;
	double			 token_until;	/* monotonic; reuse before this */
	unsigned		 token_gen;	/* bumped by every new token */
	struct gw_xfer		*token_x;	/* the shared token fetch, if any */
	int			 token_class;	/* the last fetch's enum xclass */
	struct gw_call		**calls;	/* calls not yet done */
	int			 ncalls, capcalls;
	unsigned long		 finished;	/* count of calls done, to notice one */
	uint64_t		 rng;
};

enum call_kind { CALL_VERIFY, CALL_LOOKUP, CALL_BATCH };
enum call_state { ST_TOKEN, ST_RUNNING, ST_TIMER, ST_DONE };

struct gw_call {
	struct gw		*gw;
	enum call_kind		 kind;
	enum call_state		 state;
	char			*officer;
	char			*path;
	char			*payload;	/* JSON body; NULL for a GET */
	char			 lookup_id[13];
	int			 n;		/* results expected */
	struct gw_xfer		*x;
	unsigned		 token_gen;	/* the token the exchange carried */
	double			 wake_at;
	int			 tries_5xx, waits_429;
	bool			 reauthed;
	enum gw_outcome		 outcome;
	char			*message;
	int			 retry_after;
	char			 request_id[37];
	struct gw_verify	*results;
	struct gw_citizen	 citizen;
};

/* What an exchange came to, before the call decides what to do about it. */
enum xclass { X_OK, X_NOT_FOUND, X_400, X_401, X_403, X_CRED, X_429, X_5XX, X_LINK,
	X_BAD };

static const char *const kind_name[] = { "verify", "lookup", "verify-batch" };

/* --- the client -------------------------------------------------------------- */

struct gw *
gw_new(const struct gw_config *cfg)
{
	static bool curl_ready;
	if (!curl_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = true;
	}
	struct gw *gw = xcalloc(1, sizeof *gw);
	gw->cfg = *cfg;
	gw->cfg.url = cfg->url ? xstrdup(cfg->url) : NULL;
	gw->cfg.client_id = cfg->client_id ? xstrdup(cfg->client_id) : NULL;
	gw->cfg.secret = cfg->secret ? xstrdup(cfg->secret) : NULL;
	gw->cfg.ca_file = cfg->ca_file ? xstrdup(cfg->ca_file) : NULL;
	gw->cfg.cert_file = cfg->cert_file ? xstrdup(cfg->cert_file) : NULL;
	gw->cfg.key_file = cfg->key_file ? xstrdup(cfg->key_file) : NULL;
	if (gw->cfg.max_body == 0)
		gw->cfg.max_body = 1024 * 1024;
	gw->multi = curl_multi_init();
	curl_multi_setopt(gw->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 32L);
	char seed[37];
	gw_uuid(seed);
	for (int i = 0; seed[i]; i++)
		gw->rng = gw->rng * 131 + (unsigned char)seed[i];
	gw->rng |= 1;
	return gw;
}

static void
drop_token(struct gw *gw)
{
	if (gw->token != NULL) {
		explicit_bzero(gw->token, strlen(gw->token));
		free(gw->token);
	}
	gw->token = NULL;
	gw->token_until = 0;
}

static void call_finish(struct gw_call *c, enum gw_outcome o, const char *message);

void
gw_free(struct gw *gw)
{
	if (gw == NULL)
		return;
	/* Calls still running are cancelled and let go of; the caller frees them. */
	while (gw->ncalls > 0) {
		struct gw_call *c = gw->calls[gw->ncalls - 1];
		gw_call_cancel(c);
		c->gw = NULL;
	}
	if (gw->token_x != NULL) {
		curl_multi_remove_handle(gw->multi, gw->token_x->easy);
		gw_xfer_free(gw->token_x);
	}
	drop_token(gw);
	curl_multi_cleanup(gw->multi);
	free(gw->calls);
	gw_config_clear(&gw->cfg);
	free(gw);
}

struct gw *
gw_new_from_config(const struct config *cf, char **err)
{
	struct gw_config gc;
	if (gw_config_load(cf, &gc, err) != 0)
		return NULL;
	struct gw *gw = gw_new(&gc);
	gw_config_clear(&gc);
	return gw;
}

bool
gw_configured(const struct gw *gw)
{
	return gw != NULL && gw->cfg.url != NULL;
}

static bool
token_fresh(const struct gw *gw)
{
	return gw->token != NULL && clock_mono_s() < gw->token_until;
}

/* 0.75..1.25: spreads retries of many clients after one outage. */
static double
jitter(struct gw *gw)
{
	gw->rng ^= gw->rng >> 12;
	gw->rng ^= gw->rng << 25;
	gw->rng ^= gw->rng >> 27;
	return 0.75 + (double)((gw->rng * 2685821657736338717ULL) >> 11) /
	    9007199254740992.0 / 2;
}

/* --- classifying an exchange ------------------------------------------------- */

static enum xclass
classify(CURLcode res, long status, const struct gw_xfer *x, bool lookup)
{
	switch (res) {
	case CURLE_OK:
		break;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_TOO_MANY_REDIRECTS:
		/* It answered, but not with anything we can read. */
		return x->too_big || res != CURLE_WRITE_ERROR ? X_BAD : X_LINK;
	default:
		return X_LINK;	/* connect, timeout, reset, TLS: the link */
	}
	switch (status) {
	case 200: return X_OK;
	case 404: return lookup ? X_NOT_FOUND : X_BAD;
	case 400: return X_400;
	case 401: return X_401;
	case 403: return X_403;
	case 429: return X_429;
	case 500: case 502: case 503: case 504: return X_5XX;
	default:  return X_BAD;
	}
}

static void
log_exchange(const char *what, const struct gw_xfer *x, const char *officer,
    CURLcode res, long status, const char *result)
{
	int ms = (int)((clock_mono_s() - x->started) * 1000);
	if (res != CURLE_OK)
		log_info("gateway %s request %s officer %s: %s (%s, %d ms)", what,
		    x->request_id, officer, result, curl_easy_strerror(res), ms);
	else
		log_info("gateway %s request %s officer %s: %s (HTTP %ld, %d ms)", what,
		    x->request_id, officer, result, status, ms);
}

/* --- calls ------------------------------------------------------------------- */

static void
registry_remove(struct gw_call *c)
{
	struct gw *gw = c->gw;
	if (gw == NULL)
		return;
	for (int i = 0; i < gw->ncalls; i++)
		if (gw->calls[i] == c) {
			gw->calls[i] = gw->calls[--gw->ncalls];
			return;
		}
}

static void
call_finish(struct gw_call *c, enum gw_outcome o, const char *message)
{
	if (c->state == ST_DONE)
		return;
	if (c->x != NULL) {
		curl_multi_remove_handle(c->gw->multi, c->x->easy);
		gw_xfer_free(c->x);
		c->x = NULL;
	}
	c->state = ST_DONE;
	c->outcome = o;
	free(c->message);
	c->message = message ? xstrdup(message) : NULL;
	if (o != GW_OK)
		log_info("gateway %s call for officer %s: %s%s%s (last request %s)",
		    kind_name[c->kind], c->officer, gw_outcome_name(o),
		    c->message ? ": " : "", c->message ? c->message : "",
		    c->request_id[0] ? c->request_id : "none");
	if (c->gw != NULL) {
		c->gw->finished++;
		registry_remove(c);
	}
}

/* The error table of the contract, for an exchange that did not succeed. */
static void
call_failed(struct gw_call *c, enum xclass cls, int retry_after, const char *message)
{
	struct gw *gw = c->gw;
	switch (cls) {
	case X_400:
		call_finish(c, GW_REJECTED, message);
		break;
	case X_403:
		call_finish(c, GW_FORBIDDEN, message);
		break;
	case X_CRED:
		call_finish(c, GW_FORBIDDEN, message ? message :
		    _("the gateway refused hoso's client credentials"));
		break;
	case X_401:
		if (c->reauthed) {
			call_finish(c, GW_FORBIDDEN,
			    _("the gateway refused a freshly issued token"));
			break;
		}
		/* New token once, repeat once; leave a token fetched meanwhile alone. */
		c->reauthed = true;
		if (c->token_gen == gw->token_gen)
			drop_token(gw);
		c->state = ST_TOKEN;
		break;
	case X_429:
		if (retry_after < 0)
			retry_after = 1;
		if (retry_after > gw->cfg.max_retry_after || c->waits_429 >= MAX_429_WAITS) {
			c->retry_after = retry_after;
			call_finish(c, GW_RATE_LIMITED, NULL);
			break;
		}
		c->waits_429++;
		c->wake_at = clock_mono_s() + retry_after;
		c->state = ST_TIMER;
		break;
	case X_5XX:
		if (c->tries_5xx >= gw->cfg.retries) {
			call_finish(c, GW_UNAVAILABLE, NULL);
			break;
		}
		c->wake_at = clock_mono_s() + gw->cfg.backoff_ms / 1000.0 *
		    ldexp(1.0, c->tries_5xx) * jitter(gw);
		c->tries_5xx++;
		c->state = ST_TIMER;
		break;
	case X_LINK:
		call_finish(c, GW_LINK_DOWN, NULL);
		break;
	case X_OK:
	case X_NOT_FOUND:
	case X_BAD:
		call_finish(c, GW_BAD_ANSWER, message);
		break;
	}
}

/* An exchange of c ended. */
static void
call_exchange_done(struct gw_call *c, CURLcode res)
{
	struct gw_xfer *x = c->x;
	c->x = NULL;
	long status = gw_xfer_status(x);
	enum xclass cls = classify(res, status, x, c->kind == CALL_LOOKUP);
	const char *why = NULL;
	if (cls == X_OK && c->kind == CALL_LOOKUP) {
		gw_citizen_clear(&c->citizen);
		if (gw_parse_citizen(x->answer, x->answer_len, c->lookup_id,
		    &c->citizen) != 0)
			cls = X_BAD, why = "look-up answer is not the contract's JSON";
	} else if (cls == X_OK && c->kind == CALL_VERIFY) {
		if (gw_parse_verify(x->answer, x->answer_len, &c->results[0]) != 0)
			cls = X_BAD, why = "verify answer is not the contract's JSON";
	} else if (cls == X_OK) {
		if (gw_parse_batch(x->answer, x->answer_len, c->n, c->results) != 0)
			cls = X_BAD, why = "batch answer is not the contract's JSON";
	} else if (cls == X_NOT_FOUND) {
		gw_citizen_clear(&c->citizen);
		if (gw_parse_not_found(x->answer, x->answer_len) != 0)
			cls = X_BAD, why = "404 body is not {\"error\":\"not_found\"}";
	} else if (cls == X_BAD)
		why = x->too_big ? "answer too large" : res != CURLE_OK ?
		    "answer cut short or malformed" : "unexpected HTTP status";
	char *message = NULL;
	if (cls == X_400 || cls == X_403)
		message = gw_parse_error_message(x->answer, x->answer_len);

	int retry_after = x->retry_after;
	char result[80];
	snprintf(result, sizeof result, "%s", cls == X_OK || cls == X_NOT_FOUND ? "ok" :
	    cls == X_BAD ? "broken answer" : cls == X_LINK ? "link down" : "refused");
	if (cls == X_BAD) {
		log_warn("gateway %s request %s officer %s: broken answer (%s; HTTP %ld, "
		    "%zu bytes, %s)", kind_name[c->kind], x->request_id, c->officer, why,
		    status, x->answer_len, curl_easy_strerror(res));
	} else
		log_exchange(kind_name[c->kind], x, c->officer, res, status, result);
	gw_xfer_free(x);

	if (cls == X_OK || cls == X_NOT_FOUND)
		call_finish(c, GW_OK, NULL);
	else
		call_failed(c, cls, retry_after, cls == X_BAD ? NULL : message);
	free(message);
}

static void
token_start(struct gw *gw, const char *officer)
{
	char *id = gw_form_escape(gw->cfg.client_id ? gw->cfg.client_id : "");
	char *secret = gw_form_escape(gw->cfg.secret ? gw->cfg.secret : "");
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "grant_type=client_credentials&client_id=%s&client_secret=%s",
	    id, secret);
	explicit_bzero(secret, strlen(secret));
	free(secret);
	free(id);
	gw->token_x = gw_xfer_new(&gw->cfg, "POST", "/oauth/token",
	    "application/x-www-form-urlencoded", sb_detach(&sb), NULL, officer);
	curl_multi_add_handle(gw->multi, gw->token_x->easy);
}

static void
token_done(struct gw *gw, CURLcode res)
{
	struct gw_xfer *x = gw->token_x;
	gw->token_x = NULL;
	long status = gw_xfer_status(x);
	enum xclass cls = classify(res, status, x, false);
	char *tok = NULL;
	int ttl = 0;
	if (cls == X_OK && gw_parse_token(x->answer, x->answer_len, &tok, &ttl) != 0)
		cls = X_BAD;
	if (cls == X_400 || cls == X_401 || cls == X_403)
		cls = X_CRED;	/* the token endpoint refusing us is not a stale token */
	gw->token_class = (int)cls;
	if (cls == X_BAD)
		log_warn("gateway token request %s: broken answer (HTTP %ld, %zu bytes)",
		    x->request_id, status, x->answer_len);
	else
		log_exchange("token", x, "-", res, status, cls == X_OK ? "ok" :
		    cls == X_LINK ? "link down" : "refused");
	int retry_after = x->retry_after;
	gw_xfer_free(x);
	if (cls == X_OK) {
		drop_token(gw);
		gw->token = tok;
		/* Renew a little before the end, so no call carries a dying token. */
		double margin = ttl / 10.0 < 60 ? ttl / 10.0 : 60;
		gw->token_until = clock_mono_s() + ttl - margin;
		gw->token_gen++;
		return;
	}
	for (int i = gw->ncalls - 1; i >= 0; i--) {
		if (i >= gw->ncalls)
			continue;
		struct gw_call *c = gw->calls[i];
		if (c->state == ST_TOKEN)
			call_failed(c, cls, retry_after, NULL);
	}
}

static void
call_send(struct gw_call *c)
{
	struct gw *gw = c->gw;
	c->x = gw_xfer_new(&gw->cfg, c->payload ? "POST" : "GET", c->path,
	    "application/json", c->payload ? xstrdup(c->payload) : NULL, gw->token,
	    c->officer);
	c->x->owner = c;
	c->token_gen = gw->token_gen;
	memcpy(c->request_id, c->x->request_id, sizeof c->request_id);
	curl_multi_add_handle(gw->multi, c->x->easy);
	c->state = ST_RUNNING;
}

/* Move every call whose turn has come; start the token fetch when one waits.
 * Returns true when it started an exchange. */
static bool
advance(struct gw *gw)
{
	double now = clock_mono_s();
	bool started = false;
	for (int i = gw->ncalls - 1; i >= 0; i--) {
		if (i >= gw->ncalls)
			continue;
		struct gw_call *c = gw->calls[i];
		if (c->state == ST_TIMER && now >= c->wake_at)
			c->state = ST_TOKEN;
		if (c->state != ST_TOKEN)
			continue;
		if (token_fresh(gw)) {
			call_send(c);
			started = true;
		} else if (gw->token_x == NULL) {
			token_start(gw, c->officer);
			started = true;
		}
	}
	return started;
}

/* Let curl move, act on what finished, start what may; again until nothing
 * changes, so that no finished exchange waits in curl's queue for a poll. */
static void
run(struct gw *gw)
{
	bool again = true;
	while (again) {
		int running;
		curl_multi_perform(gw->multi, &running);
		again = false;
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(gw->multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			CURL *e = m->easy_handle;
			CURLcode res = m->data.result;
			char *priv = NULL;
			curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
			struct gw_xfer *x = (struct gw_xfer *)(void *)priv;
			curl_multi_remove_handle(gw->multi, e);
			if (x == gw->token_x)
				token_done(gw, res);
			else if (x != NULL && x->owner != NULL)
				call_exchange_done(x->owner, res);
			again = true;
		}
		if (advance(gw))
			again = true;
	}
}

/* Milliseconds until the earliest timer of a waiting call, or -1 for none. */
static int
next_timer_ms(const struct gw *gw)
{
	double now = clock_mono_s(), best = -1;
	for (int i = 0; i < gw->ncalls; i++) {
		const struct gw_call *c = gw->calls[i];
		if (c->state == ST_TIMER && (best < 0 || c->wake_at - now < best))
			best = c->wake_at - now;
	}
	return best < 0 ? -1 : best <= 0 ? 0 : (int)ceil(best * 1000);
}

/* Drive every call until c is done (c NULL: until any call finishes), wake_fd is
 * readable, or timeout_ms passed. Returns true when the awaited event happened. */
static bool
drive(struct gw *gw, struct gw_call *c, int timeout_ms, int wake_fd)
{
	double deadline = clock_mono_s() + timeout_ms / 1000.0;
	unsigned long finished = gw->finished;
	for (;;) {
		run(gw);
		if (c != NULL ? c->state == ST_DONE : gw->finished != finished)
			return true;
		if (c == NULL && gw->ncalls == 0)
			return false;
		int left = (int)ceil((deadline - clock_mono_s()) * 1000);
		if (left <= 0)
			return false;
		int t = next_timer_ms(gw);
		if (t >= 0 && t < left)
			left = t + 1;
		struct curl_waitfd extra = { .fd = wake_fd, .events = CURL_WAIT_POLLIN };
		int nfds = 0;
		curl_multi_poll(gw->multi, wake_fd >= 0 ? &extra : NULL,
		    wake_fd >= 0 ? 1 : 0, left, &nfds);
		if (wake_fd >= 0 && (extra.revents & CURL_WAIT_POLLIN)) {
			run(gw);
			return c != NULL && c->state == ST_DONE;
		}
	}
}

bool
gw_call_poll(struct gw_call *c, int timeout_ms, int wake_fd)
{
	if (c->state == ST_DONE || c->gw == NULL)
		return true;
	return drive(c->gw, c, timeout_ms < 0 ? 0 : timeout_ms, wake_fd);
}

bool
gw_call_done(const struct gw_call *c)
{
	return c->state == ST_DONE;
}

void
gw_call_cancel(struct gw_call *c)
{
	call_finish(c, GW_CANCELLED, NULL);
}

void
gw_call_free(struct gw_call *c)
{
	if (c == NULL)
		return;
	gw_call_cancel(c);
	free(c->officer);
	free(c->path);
	free(c->payload);
	free(c->message);
	free(c->results);
	gw_citizen_clear(&c->citizen);
	free(c);
}

/* --- starting calls ---------------------------------------------------------- */

static struct gw_call *
call_new(struct gw *gw, enum call_kind kind, const char *officer, int n)
{
	struct gw_call *c = xcalloc(1, sizeof *c);
	c->gw = gw;
	c->kind = kind;
	c->officer = xstrdup(officer && *officer ? officer : "system");
	c->n = n;
	c->results = xcalloc(n > 0 ? (size_t)n : 1, sizeof *c->results);
	c->state = ST_TOKEN;
	if (gw->ncalls == gw->capcalls) {
		gw->capcalls = gw->capcalls ? gw->capcalls * 2 : 8;
		gw->calls = xrealloc(gw->calls, sizeof *gw->calls * (size_t)gw->capcalls);
	}
	gw->calls[gw->ncalls++] = c;
	return c;
}

static bool
digits12(const char *s)
{
	if (s == NULL || strlen(s) != 12)
		return false;
	for (int i = 0; i < 12; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Append p as a verify body; false if p could never pass the gateway's checks,
 * which is found here rather than by spending a call on a certain 400. */
static bool
add_person(struct strbuf *sb, const struct gw_person *p)
{
	const char *d = p->date_of_birth;
	if (!digits12(p->id_number) || p->full_name == NULL || d == NULL ||
	    strlen(d) != 10 || d[4] != '-' || d[7] != '-' || (p->sex != 'M' && p->sex != 'F'))
		return false;
	char *name = text_clean_new(p->full_name);
	if (name == NULL || *name == '\0' || strlen(name) > 300) {
		free(name);
		return false;
	}
	char sex[2] = { p->sex, '\0' };
	sb_adds(sb, "{\"id_number\":");
	sb_add_json_str(sb, p->id_number);
	sb_adds(sb, ",\"full_name\":");
	sb_add_json_str(sb, name);
	sb_adds(sb, ",\"date_of_birth\":");
	sb_add_json_str(sb, d);
	sb_adds(sb, ",\"sex\":");
	sb_add_json_str(sb, sex);
	sb_addc(sb, '}');
	free(name);
	return true;
}

/* A call that ends before it starts (not configured, or a bad request). */
static struct gw_call *
born_done(struct gw_call *c, enum gw_outcome o, const char *message)
{
	call_finish(c, o, message);
	return c;
}

struct gw_call *
gw_verify_start(struct gw *gw, const char *officer, const struct gw_person *p)
{
	struct gw_call *c = call_new(gw, CALL_VERIFY, officer, 1);
	if (!gw_configured(gw))
		return born_done(c, GW_NOT_CONFIGURED, NULL);
	struct strbuf sb;
	sb_init(&sb);
	if (!add_person(&sb, p)) {
		sb_free(&sb);
		return born_done(c, GW_REJECTED, _("the ID number, name, date of birth "
		    "or sex of the record is missing or malformed"));
	}
	c->path = xstrdup("/citizens/verify");
	c->payload = sb_detach(&sb);
	return c;
}

struct gw_call *
gw_lookup_start(struct gw *gw, const char *officer, const char *id_number)
{
	struct gw_call *c = call_new(gw, CALL_LOOKUP, officer, 0);
	if (!gw_configured(gw))
		return born_done(c, GW_NOT_CONFIGURED, NULL);
	if (!digits12(id_number))
		return born_done(c, GW_REJECTED, _("an ID number has 12 digits"));
	memcpy(c->lookup_id, id_number, 13);
	c->path = xasprintf("/citizens/%s", id_number);
	return c;
}

struct gw_call *
gw_batch_start(struct gw *gw, const char *officer, const struct gw_person *items, int n)
{
	struct gw_call *c = call_new(gw, CALL_BATCH, officer, n);
	if (!gw_configured(gw))
		return born_done(c, GW_NOT_CONFIGURED, NULL);
	if (n < 1 || n > GW_BATCH_MAX)
		return born_done(c, GW_REJECTED, _("a batch holds 1 to 100 people"));
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (i > 0)
			sb_addc(&sb, ',');
		if (!add_person(&sb, &items[i])) {
			sb_free(&sb);
			char *m = xasprintf(_("item %d of the batch: the ID number, name, "
			    "date of birth or sex is missing or malformed"), i + 1);
			born_done(c, GW_REJECTED, m);
			free(m);
			return c;
		}
	}
	sb_adds(&sb, "]}");
	c->path = xstrdup("/citizens/verify-batch");
	c->payload = sb_detach(&sb);
	return c;
}

/* --- results ----------------------------------------------------------------- */

enum gw_outcome
gw_call_outcome(const struct gw_call *c)
{
	return c->state == ST_DONE ? c->outcome : GW_CANCELLED;
}

const char *
gw_call_message(const struct gw_call *c)
{
	return c->message;
}

int
gw_call_retry_after(const struct gw_call *c)
{
	return c->outcome == GW_RATE_LIMITED ? c->retry_after : 0;
}

const char *
gw_call_request_id(const struct gw_call *c)
{
	return c->request_id;
}

const struct gw_verify *
gw_call_result(const struct gw_call *c, int i)
{
	if (c->state != ST_DONE || c->outcome != GW_OK || c->kind == CALL_LOOKUP ||
	    i < 0 || i >= c->n)
		return NULL;
	return &c->results[i];
}

const struct gw_citizen *
gw_call_citizen(const struct gw_call *c)
{
	if (c->state != ST_DONE || c->outcome != GW_OK || c->kind != CALL_LOOKUP)
		return NULL;
	return &c->citizen;
}

bool
gw_drive_any(struct gw *gw, int timeout_ms)
{
	return drive(gw, NULL, timeout_ms, -1);
}

enum gw_outcome
gw_ping(struct gw *gw, const char *officer, int timeout_ms)
{
	if (!gw_configured(gw))
		return GW_NOT_CONFIGURED;
	/* A token fetched now: the link, the gateway and hoso's credentials, and no
	 * citizen asked about. */
	if (gw->token_x == NULL) {
		drop_token(gw);
		token_start(gw, officer);
	}
	int ms = gw->cfg.connect_timeout_ms + gw->cfg.timeout_ms;
	if (timeout_ms > 0 && timeout_ms < ms)
		ms = timeout_ms;
	double end = clock_mono_s() + ms / 1000.0;
	while (clock_mono_s() < end) {
		run(gw);
		if (gw->token_x == NULL)
			break;
		int nfds = 0;
		curl_multi_poll(gw->multi, NULL, 0, 100, &nfds);
	}
	if (gw->token_x != NULL)
		return GW_LINK_DOWN;
	switch ((enum xclass)gw->token_class) {
	case X_OK: return GW_OK;
	case X_CRED: return GW_FORBIDDEN;
	case X_BAD: return GW_BAD_ANSWER;
	case X_5XX: return GW_UNAVAILABLE;
	case X_429: return GW_RATE_LIMITED;
	default: return GW_LINK_DOWN;
	}
}
