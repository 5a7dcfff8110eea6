/*
 * The contract's routes (token, verify, look-up, batch verify) and the switches that
 * make answers fail. Every check the real gateway would make on a request is made
 * here too (bearer token, X-Request-Id as a UUID, X-Officer-Id, body shape), so that
 * a client passing the tests against the simulator speaks the contract.
 *
 * GET /_sim/stats is the simulator's own: counters that let tests see what reached
 * the server (how many tokens, calls, retries; the last request's headers).
 */
#include "gwsim.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TOKENS	4096
#define BATCH_MAX	100

struct token {
	char	 value[40];
	double	 expires;
};

static const struct sim_opts *opts;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t rng;
static struct token tokens[MAX_TOKENS];
static int ntokens;
static int fault_first_left[SIM_MAX_FAULTS];
static double bucket, bucket_at;
static unsigned garbage_next;

static struct {
	long	tokens, calls, verify, lookup, batch, items, faults, inflight,
		inflight_max;
	char	last_request_id[128], last_officer_id[128], last_user_agent[128];
} stats;

static double
now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: callers hold the lock. */
static double
roll(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double)((rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

void
sim_api_init(const struct sim_opts *o)
{
	opts = o;
	rng = o->seed ? o->seed : (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
	rng |= 1;
	for (int i = 0; i < o->nfaults; i++)
		fault_first_left[i] = o->faults[i].first;
	bucket = o->rate_limit;
	bucket_at = now_mono();
}

static void
set_json(struct sim_response *resp, int status, cJSON *body)
{
	resp->status = status;
	resp->body = cJSON_PrintUnformatted(body);
	resp->body_len = strlen(resp->body);
	cJSON_Delete(body);
}

static void
set_text(struct sim_response *resp, int status, const char *body)
{
	resp->status = status;
	resp->body = xstrdup(body);
	resp->body_len = strlen(body);
}

static void
set_error(struct sim_response *resp, int status, const char *error, const char *message)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", error);
	if (message != NULL)
		cJSON_AddStringToObject(o, "message", message);
	set_json(resp, status, o);
}

static void
utc_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- token endpoint ---------------------------------------------------------- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The url-decoded value of key in an x-www-form-urlencoded body; caller frees. */
static char *
form_value(const char *body, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = body; p != NULL && *p; ) {
		const char *amp = strchr(p, '&');
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			struct strbuf sb;
			sb_init(&sb);
			for (size_t i = klen + 1; i < n; i++) {
				if (p[i] == '+')
					sb_addc(&sb, ' ');
				else if (p[i] == '%' && i + 2 < n + 1 &&
				    hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
					sb_addc(&sb, (char)(hexval(p[i + 1]) * 16 +
					    hexval(p[i + 2])));
					i += 2;
				} else
					sb_addc(&sb, p[i]);
			}
			return sb_detach(&sb);
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static void
handle_token(const struct sim_request *rq, struct sim_response *resp)
{
	if (strcmp(rq->method, "POST") != 0) {
		set_error(resp, 405, "invalid_request", "POST only");
		return;
	}
	char *grant = form_value(rq->body, "grant_type");
	char *id = form_value(rq->body, "client_id");
	char *secret = form_value(rq->body, "client_secret");
	if (grant == NULL || strcmp(grant, "client_credentials") != 0)
		set_error(resp, 400, "unsupported_grant_type", NULL);
	else if (id == NULL || secret == NULL ||
	    (opts->client_id && strcmp(id, opts->client_id) != 0) ||
	    (opts->secret && strcmp(secret, opts->secret) != 0))
		set_error(resp, 401, "invalid_client", NULL);
	else {
		struct token t;
		pthread_mutex_lock(&lock);
		snprintf(t.value, sizeof t.value, "tok-%08x%08x%08x%08x",
		    (unsigned)(roll() * 4294967295.0), (unsigned)(roll() * 4294967295.0),
		    (unsigned)(roll() * 4294967295.0), (unsigned)(roll() * 4294967295.0));
		t.expires = now_mono() + opts->token_ttl;
		if (ntokens == MAX_TOKENS) {
			memmove(tokens, tokens + 1, sizeof tokens - sizeof tokens[0]);
			ntokens--;
		}
		tokens[ntokens++] = t;
		stats.tokens++;
		pthread_mutex_unlock(&lock);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "access_token", t.value);
		cJSON_AddStringToObject(o, "token_type", "Bearer");
		cJSON_AddNumberToObject(o, "expires_in", opts->token_ttl);
		set_json(resp, 200, o);
	}
	free(grant);
	free(id);
	if (secret != NULL)
		memset(secret, 0, strlen(secret));
	free(secret);
}

static bool
token_valid(const char *authorization)
{
	if (authorization == NULL || strncmp(authorization, "Bearer ", 7) != 0)
		return false;
	const char *v = authorization + 7;
	bool ok = false;
	pthread_mutex_lock(&lock);
	double now = now_mono();
	for (int i = 0; i < ntokens && !ok; i++)
		ok = strcmp(tokens[i].value, v) == 0 && tokens[i].expires > now;
	pthread_mutex_unlock(&lock);
	return ok;
}

/* --- verify and look-up ------------------------------------------------------ */

static bool
is_idnum(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!isdigit((unsigned char)s[n]))
			return false;
	return n == 12;
}

static bool
is_iso_date(const char *s)
{
	int y, m, d;
	char tail;
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && date_valid(y, m, d);
}

static const char *
string_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Check one verify body; returns NULL when it is well formed, else the message. */
static const char *
verify_body_problem(const cJSON *o)
{
	if (!cJSON_IsObject(o))
		return "a verify item must be a JSON object";
	const char *id = string_of(o, "id_number");
	const char *name = string_of(o, "full_name");
	const char *dob = string_of(o, "date_of_birth");
	const char *sex = string_of(o, "sex");
	if (id == NULL || !is_idnum(id))
		return "id_number must be 12 digits";
	if (name == NULL || *name == '\0' || strlen(name) > 300 ||
	    !text_is_utf8(name, strlen(name)))
		return "full_name is missing or malformed";
	if (dob == NULL || !is_iso_date(dob))
		return "date_of_birth must be YYYY-MM-DD";
	if (sex == NULL || (strcmp(sex, "M") != 0 && strcmp(sex, "F") != 0))
		return "sex must be M or F";
	return NULL;
}

static cJSON *
verify_answer(const cJSON *o, const char *request_id)
{
	const char *id = string_of(o, "id_number");
	const struct citizen *c = citizens_find(id);
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "request_id", request_id);
	cJSON *mis = cJSON_CreateArray();
	const char *result = "not_found";
	if (c != NULL) {
		char *name = text_nfc_new(string_of(o, "full_name"));
		if (name == NULL || strcmp(name, c->full_name) != 0)
			cJSON_AddItemToArray(mis, cJSON_CreateString("full_name"));
		if (strcmp(string_of(o, "date_of_birth"), c->date_of_birth) != 0)
			cJSON_AddItemToArray(mis, cJSON_CreateString("date_of_birth"));
		if (strcmp(string_of(o, "sex"), c->sex) != 0)
			cJSON_AddItemToArray(mis, cJSON_CreateString("sex"));
		free(name);
		result = cJSON_GetArraySize(mis) ? "mismatch" : "match";
	}
	cJSON_AddStringToObject(a, "result", result);
	cJSON_AddItemToObject(a, "mismatched", mis);
	char at[32];
	utc_now(at);
	cJSON_AddStringToObject(a, "checked_at", at);
	return a;
}

static void
handle_verify(const struct sim_request *rq, struct sim_response *resp)
{
	cJSON *o = cJSON_ParseWithLength(rq->body, rq->body_len);
	const char *why = o ? verify_body_problem(o) : "the body is not JSON";
	if (why != NULL)
		set_error(resp, 400, "invalid_request", why);
	else
		set_json(resp, 200, verify_answer(o, rq->request_id));
	cJSON_Delete(o);
}

static void
handle_batch(const struct sim_request *rq, struct sim_response *resp)
{
	cJSON *o = cJSON_ParseWithLength(rq->body, rq->body_len);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
	int n = cJSON_IsArray(items) ? cJSON_GetArraySize(items) : -1;
	char why[128] = "";
	if (o == NULL)
		snprintf(why, sizeof why, "the body is not JSON");
	else if (n < 1 || n > BATCH_MAX)
		snprintf(why, sizeof why, "items must be an array of 1 to %d", BATCH_MAX);
	for (int i = 0; i < n && !*why; i++) {
		const char *p = verify_body_problem(cJSON_GetArrayItem(items, i));
		if (p != NULL)
			snprintf(why, sizeof why, "item %d: %s", i, p);
	}
	if (*why) {
		set_error(resp, 400, "invalid_request", why);
		cJSON_Delete(o);
		return;
	}
	cJSON *results = cJSON_CreateArray();
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
		cJSON_AddItemToArray(results, verify_answer(it, rq->request_id));
	cJSON *a = cJSON_CreateObject();
	cJSON_AddItemToObject(a, "results", results);
	set_json(resp, 200, a);
	pthread_mutex_lock(&lock);
	stats.items += n;
	pthread_mutex_unlock(&lock);
	cJSON_Delete(o);
}

static void
handle_lookup(const char *id, struct sim_response *resp)
{
	if (!is_idnum(id)) {
		set_error(resp, 400, "invalid_request", "id_number must be 12 digits");
		return;
	}
	const struct citizen *c = citizens_find(id);
	if (c == NULL) {
		set_error(resp, 404, "not_found", NULL);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id_number", c->id_number);
	cJSON_AddStringToObject(o, "full_name", c->full_name);
	cJSON_AddStringToObject(o, "date_of_birth", c->date_of_birth);
	cJSON_AddStringToObject(o, "sex", c->sex);
	cJSON_AddStringToObject(o, "ethnicity", c->ethnicity);
	cJSON_AddStringToObject(o, "religion", c->religion);
	cJSON_AddStringToObject(o, "nationality", c->nationality);
	cJSON_AddStringToObject(o, "place_of_origin", c->place_of_origin);
	cJSON_AddStringToObject(o, "place_of_residence", c->place_of_residence);
	cJSON_AddStringToObject(o, "status", c->status);
	set_json(resp, 200, o);
}

/* --- faults ------------------------------------------------------------------ */

/* Bodies a broken proxy or a buggy gateway might send with a 200; none of them is
 * the contract's JSON for any route. Served in turn so a test sees every kind. */
static const char *const garbage_bodies[] = {
	"<html><head><title>502 Proxy Error</title></head><body>Proxy Error</body></html>",
	"",
	"{\"request_id\":7,\"result\":\"match\",\"mismatched\":[],\"checked_at\":7}",
	"{\"result\":\"match\"}",
	"{\"request_id\":\"x\",\"result\":\"maybe\",\"mismatched\":[],"
	    "\"checked_at\":\"2026-11-25T08:00:00Z\"}",
	"null",
	"[\"match\"]",
	"{\"request_id\":\"x\",\"result\":\"ma",
	"\x89PNG\r\n\x1a\n\x01\x02IHDR\xff\xfe",
};
#define NGARBAGE (sizeof garbage_bodies / sizeof garbage_bodies[0])

/* Decide, under the lock, whether this call fails and how. 0: serve it. */
static int
injected_status(int *drop)
{
	int code = 0;
	*drop = opts->reset > 0 && roll() < opts->reset ? SIM_SEND_RESET :
	    opts->drop > 0 && roll() < opts->drop ? SIM_SEND_DROPPED : 0;
	if (*drop)
		return 0;
	for (int i = 0; i < opts->nfaults && code == 0; i++)
		if (fault_first_left[i] > 0) {
			fault_first_left[i]--;
			code = opts->faults[i].code;
		}
	for (int i = 0; i < opts->nfaults && code == 0; i++)
		if (opts->faults[i].share > 0 && roll() < opts->faults[i].share)
			code = opts->faults[i].code;
	if (code == 0 && opts->rate_limit > 0) {
		double now = now_mono();
		bucket += (now - bucket_at) * opts->rate_limit;
		if (bucket > opts->rate_limit)
			bucket = opts->rate_limit;
		bucket_at = now;
		if (bucket < 1)
			code = -429;	/* the limiter's own, with a computed wait */
		else
			bucket -= 1;
	}
	if (code != 0)
		stats.faults++;
	return code;
}

static void
set_injected(struct sim_response *resp, int code)
{
	switch (code) {
	case 400:
		set_error(resp, 400, "invalid_request", "simulated: request refused");
		break;
	case 401:
		set_error(resp, 401, "invalid_token", NULL);
		break;
	case 403:
		set_error(resp, 403, "forbidden",
		    "simulated: this agency may not call this service");
		break;
	case 429:
	case -429:
		set_error(resp, 429, "rate_limited", NULL);
		resp->retry_after = code == 429 ? opts->retry_after : 1;
		break;
	case 502:
		/* What a reverse proxy in front of the gateway typically answers. */
		set_text(resp, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
		break;
	default:
		set_error(resp, code, "unavailable", NULL);
	}
}

static bool
is_uuid(const char *s)
{
	if (s == NULL || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

static void
handle_citizens(const struct sim_request *rq, struct sim_response *resp)
{
	int drop;
	pthread_mutex_lock(&lock);
	stats.calls++;
	snprintf(stats.last_request_id, sizeof stats.last_request_id, "%s",
	    rq->request_id ? rq->request_id : "");
	snprintf(stats.last_officer_id, sizeof stats.last_officer_id, "%s",
	    rq->officer_id ? rq->officer_id : "");
	snprintf(stats.last_user_agent, sizeof stats.last_user_agent, "%s",
	    rq->user_agent ? rq->user_agent : "");
	int code = injected_status(&drop);
	pthread_mutex_unlock(&lock);
	if (drop) {
		set_error(resp, 200, "dropped", NULL);
		resp->how = drop;
		return;
	}
	if (code != 0) {
		set_injected(resp, code);
		return;
	}
	if (!token_valid(rq->authorization)) {
		set_error(resp, 401, "invalid_token", NULL);
		return;
	}
	if (!is_uuid(rq->request_id)) {
		set_error(resp, 400, "invalid_request", "X-Request-Id must be a UUID");
		return;
	}
	if (rq->officer_id == NULL || *rq->officer_id == '\0') {
		set_error(resp, 400, "invalid_request", "X-Officer-Id is required");
		return;
	}
	const char *rest = rq->path + strlen("/citizens/");
	bool post = strcmp(rq->method, "POST") == 0;
	long *counter = NULL;
	if (post && strcmp(rest, "verify") == 0) {
		handle_verify(rq, resp);
		counter = &stats.verify;
	} else if (post && strcmp(rest, "verify-batch") == 0) {
		handle_batch(rq, resp);
		counter = &stats.batch;
	} else if (strcmp(rq->method, "GET") == 0 && strchr(rest, '/') == NULL) {
		handle_lookup(rest, resp);
		counter = &stats.lookup;
	} else
		set_error(resp, 404, "no_such_route", NULL);
	if (counter == NULL)
		return;
	pthread_mutex_lock(&lock);
	(*counter)++;
	if (resp->status == 200) {
		if (opts->huge > 0 && roll() < opts->huge)
			resp->how = SIM_SEND_HUGE;
		else if (opts->truncate > 0 && roll() < opts->truncate)
			resp->how = SIM_SEND_TRUNCATED;
		else if (opts->garbage > 0 && roll() < opts->garbage) {
			free(resp->body);
			set_text(resp, 200, garbage_bodies[garbage_next++ % NGARBAGE]);
		}
	}
	pthread_mutex_unlock(&lock);
}

char *
sim_api_stats_new(void)
{
	pthread_mutex_lock(&lock);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "tokens", (double)stats.tokens);
	cJSON_AddNumberToObject(o, "calls", (double)stats.calls);
	cJSON_AddNumberToObject(o, "verify", (double)stats.verify);
	cJSON_AddNumberToObject(o, "lookup", (double)stats.lookup);
	cJSON_AddNumberToObject(o, "batch", (double)stats.batch);
	cJSON_AddNumberToObject(o, "items", (double)stats.items);
	cJSON_AddNumberToObject(o, "faults", (double)stats.faults);
	cJSON_AddNumberToObject(o, "inflight_max", (double)stats.inflight_max);
	cJSON_AddStringToObject(o, "last_request_id", stats.last_request_id);
	cJSON_AddStringToObject(o, "last_officer_id", stats.last_officer_id);
	cJSON_AddStringToObject(o, "last_user_agent", stats.last_user_agent);
	pthread_mutex_unlock(&lock);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

void
sim_api_handle(const struct sim_request *rq, struct sim_response *resp)
{
	memset(resp, 0, sizeof *resp);
	resp->how = SIM_SEND_ALL;
	if (strcmp(rq->path, "/_sim/stats") == 0) {
		char *s = sim_api_stats_new();
		set_text(resp, 200, s);
		free(s);
		return;
	}
	pthread_mutex_lock(&lock);
	if (++stats.inflight > stats.inflight_max)
		stats.inflight_max = stats.inflight;
	pthread_mutex_unlock(&lock);
	if (opts->latency_ms > 0) {
		struct timespec ts = { opts->latency_ms / 1000,
		    (long)(opts->latency_ms % 1000) * 1000000L };
		while (nanosleep(&ts, &ts) != 0)
			;
	}
	if (strcmp(rq->path, "/oauth/token") == 0)
		handle_token(rq, resp);
	else if (strncmp(rq->path, "/citizens/", 10) == 0)
		handle_citizens(rq, resp);
	else
		set_error(resp, 404, "no_such_route", NULL);
	pthread_mutex_lock(&lock);
	stats.inflight--;
	pthread_mutex_unlock(&lock);
}
