/*
 * Defensive parsing of the gateway's answers (see gw_internal.h). Anything that is
 * not exactly the contract's shape is refused, because a refused answer only delays
 * a check while a misread one could record a false match against a person.
 * cJSON does the JSON; it neither validates UTF-8 nor notices duplicate keys or
 * "\u0000", so those are checked here before and after it.
 */
#include "gateway/gw_internal.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_MEMBERS	64	/* more keys than this in one object: not ours */
#define MAX_NAME	300	/* bytes of a full name */
#define MAX_TEXT	1000	/* bytes of a place or other text field */
#define MAX_TOKEN	4096

/* Raw bytes: non-empty, valid UTF-8, no NUL byte and no escaped one. */
static bool
body_ok(const char *body, size_t len)
{
	if (body == NULL || len == 0 || memchr(body, '\0', len) != NULL)
		return false;
	if (!text_is_utf8(body, len))
		return false;
	for (size_t i = 0; i + 6 <= len; i++)
		if (body[i] == '\\' && body[i + 1] == 'u' &&
		    memcmp(body + i + 2, "0000", 4) == 0)
			return false;
	return true;
}

/* The parsed body when it is one JSON value and nothing after it. */
static cJSON *
parse_root(const char *body, size_t len)
{
	if (!body_ok(body, len))
		return NULL;
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	if (root == NULL)
		return NULL;
	for (const char *p = end; p != NULL && p < body + len; p++)
		if (!isspace((unsigned char)*p)) {
			cJSON_Delete(root);
			return NULL;
		}
	return root;
}

/* An object whose keys are each present once, and not too many of them. */
static bool
object_ok(const cJSON *o)
{
	if (!cJSON_IsObject(o))
		return false;
	int n = 0;
	for (const cJSON *a = o->child; a != NULL; a = a->next, n++) {
		if (n >= MAX_MEMBERS || a->string == NULL)
			return false;
		for (const cJSON *b = o->child; b != a; b = b->next)
			if (strcmp(a->string, b->string) == 0)
				return false;
	}
	return true;
}

static const char *
get_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : NULL;
}

/* Text safe to store and show: UTF-8, no C0/C1 control characters, at most max
 * bytes. Returns its NFC copy, or NULL. */
static char *
clean_text(const char *s, size_t max, bool allow_empty)
{
	if (s == NULL)
		return NULL;
	size_t n = strlen(s);
	if (n > max || (n == 0 && !allow_empty) || !text_is_utf8(s, n))
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return NULL;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return NULL;
	}
	return text_nfc_new(s);
}

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool
iso_date_ok(const char *s)
{
	return s != NULL && strlen(s) == 10 && all_digits(s, 4) && s[4] == '-' &&
	    all_digits(s + 5, 2) && s[7] == '-' && all_digits(s + 8, 2) &&
	    date_valid(num(s, 4), num(s + 5, 2), num(s + 8, 2));
}

/* RFC 3339 in UTC ("Z" or "+00:00", optional fraction) into out[21] as
 * YYYY-MM-DDTHH:MM:SSZ. */
static bool
utc_time_ok(const char *s, char out[21])
{
	if (s == NULL || strlen(s) < 20 || strlen(s) > 40)
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!iso_date_ok(date) || (s[10] != 'T' && s[10] != 't'))
		return false;
	const char *t = s + 11;
	if (!all_digits(t, 2) || t[2] != ':' || !all_digits(t + 3, 2) || t[5] != ':' ||
	    !all_digits(t + 6, 2))
		return false;
	if (num(t, 2) > 23 || num(t + 3, 2) > 59 || num(t + 6, 2) > 60)
		return false;
	const char *z = t + 8;
	if (*z == '.') {
		z++;
		if (!isdigit((unsigned char)*z))
			return false;
		while (isdigit((unsigned char)*z))
			z++;
	}
	if (strcmp(z, "Z") != 0 && strcmp(z, "z") != 0 && strcmp(z, "+00:00") != 0)
		return false;
	snprintf(out, 21, "%.10sT%.8sZ", s, t);
	return true;
}

/* The gateway's opaque id: printable ASCII without spaces, as it goes in logs. */
static bool
request_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return false;
	return true;
}

static bool
verify_object(const cJSON *o, struct gw_verify *out)
{
	memset(out, 0, sizeof *out);
	if (!object_ok(o))
		return false;
	const char *rid = get_string(o, "request_id");
	const char *result = get_string(o, "result");
	const char *at = get_string(o, "checked_at");
	const cJSON *mis = cJSON_GetObjectItemCaseSensitive(o, "mismatched");
	if (!request_id_ok(rid) || result == NULL || !cJSON_IsArray(mis) ||
	    !utc_time_ok(at, out->checked_at))
		return false;
	snprintf(out->request_id, sizeof out->request_id, "%s", rid);
	const cJSON *f;
	cJSON_ArrayForEach(f, mis) {
		unsigned bit;
		if (!cJSON_IsString(f))
			return false;
		if (strcmp(f->valuestring, "full_name") == 0)
			bit = GW_FIELD_NAME;
		else if (strcmp(f->valuestring, "date_of_birth") == 0)
			bit = GW_FIELD_DOB;
		else if (strcmp(f->valuestring, "sex") == 0)
			bit = GW_FIELD_SEX;
		else
			return false;
		if (out->mismatched & bit)
			return false;
		out->mismatched |= bit;
	}
	/* The result and the list must agree, or the answer says two things. */
	if (strcmp(result, "match") == 0 && out->mismatched == 0)
		out->status = GW_MATCH;
	else if (strcmp(result, "mismatch") == 0 && out->mismatched != 0)
		out->status = GW_MISMATCH;
	else if (strcmp(result, "not_found") == 0 && out->mismatched == 0)
		out->status = GW_NOT_FOUND;
	else
		return false;
	return true;
}

int
gw_parse_verify(const char *body, size_t len, struct gw_verify *out)
{
	cJSON *root = parse_root(body, len);
	bool ok = root != NULL && verify_object(root, out);
	cJSON_Delete(root);
	if (!ok)
		memset(out, 0, sizeof *out);
	return ok ? 0 : -1;
}

int
gw_parse_batch(const char *body, size_t len, int n, struct gw_verify *out)
{
	cJSON *root = parse_root(body, len);
	const cJSON *results = object_ok(root) ?
	    cJSON_GetObjectItemCaseSensitive(root, "results") : NULL;
	bool ok = cJSON_IsArray(results) && n >= 1 && n <= GW_BATCH_MAX &&
	    cJSON_GetArraySize(results) == n;
	int i = 0;
	const cJSON *it;
	if (ok)
		cJSON_ArrayForEach(it, results)
			if (!(ok = verify_object(it, &out[i++])))
				break;
	cJSON_Delete(root);
	if (!ok && n > 0 && n <= GW_BATCH_MAX)
		memset(out, 0, sizeof *out * (size_t)n);
	return ok ? 0 : -1;
}

void
gw_citizen_clear(struct gw_citizen *c)
{
	free(c->full_name);
	free(c->ethnicity);
	free(c->religion);
	free(c->nationality);
	free(c->place_of_origin);
	free(c->place_of_residence);
	memset(c, 0, sizeof *c);
}

int
gw_parse_citizen(const char *body, size_t len, const char *id_number,
    struct gw_citizen *out)
{
	memset(out, 0, sizeof *out);
	cJSON *root = parse_root(body, len);
	bool ok = object_ok(root);
	const char *id = ok ? get_string(root, "id_number") : NULL;
	const char *dob = ok ? get_string(root, "date_of_birth") : NULL;
	const char *sex = ok ? get_string(root, "sex") : NULL;
	const char *status = ok ? get_string(root, "status") : NULL;
	ok = ok && id != NULL && id_number != NULL && strlen(id) == 12 &&
	    all_digits(id, 12) && strcmp(id, id_number) == 0 && iso_date_ok(dob) &&
	    sex != NULL && (strcmp(sex, "M") == 0 || strcmp(sex, "F") == 0) &&
	    status != NULL && (strcmp(status, "alive") == 0 ||
	    strcmp(status, "deceased") == 0);
	if (ok) {
		out->full_name = clean_text(get_string(root, "full_name"), MAX_NAME, false);
		out->ethnicity = clean_text(get_string(root, "ethnicity"), MAX_TEXT, true);
		out->religion = clean_text(get_string(root, "religion"), MAX_TEXT, true);
		out->nationality = clean_text(get_string(root, "nationality"), MAX_TEXT,
		    true);
		out->place_of_origin = clean_text(get_string(root, "place_of_origin"),
		    MAX_TEXT, true);
		out->place_of_residence = clean_text(get_string(root,
		    "place_of_residence"), MAX_TEXT, true);
		ok = out->full_name && out->ethnicity && out->religion &&
		    out->nationality && out->place_of_origin && out->place_of_residence;
	}
	if (ok) {
		out->found = true;
		memcpy(out->id_number, id, 13);
		memcpy(out->date_of_birth, dob, 11);
		out->sex = sex[0];
		out->deceased = strcmp(status, "deceased") == 0;
	} else
		gw_citizen_clear(out);
	cJSON_Delete(root);
	return ok ? 0 : -1;
}

int
gw_parse_not_found(const char *body, size_t len)
{
	cJSON *root = parse_root(body, len);
	const char *e = object_ok(root) ? get_string(root, "error") : NULL;
	bool ok = e != NULL && strcmp(e, "not_found") == 0;
	cJSON_Delete(root);
	return ok ? 0 : -1;
}

int
gw_parse_token(const char *body, size_t len, char **token, int *expires_in)
{
	*token = NULL;
	*expires_in = 0;
	cJSON *root = parse_root(body, len);
	bool ok = object_ok(root);
	const char *tok = ok ? get_string(root, "access_token") : NULL;
	const char *type = ok ? get_string(root, "token_type") : NULL;
	const cJSON *exp = ok ? cJSON_GetObjectItemCaseSensitive(root, "expires_in") : NULL;
	size_t n = tok ? strlen(tok) : 0;
	/* The token goes into a header line: a space, CR or LF in it would be an
	 * injection, so only the characters RFC 6750 allows pass. */
	ok = ok && n > 0 && n <= MAX_TOKEN && type != NULL &&
	    strcasecmp(type, "Bearer") == 0 && cJSON_IsNumber(exp) &&
	    exp->valuedouble >= 1 && exp->valuedouble <= 31536000 &&
	    exp->valuedouble == (double)(int)exp->valuedouble;
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)tok[i]) || strchr("-._~+/=", tok[i]) != NULL;
	if (ok) {
		*token = xstrdup(tok);
		*expires_in = (int)exp->valuedouble;
	}
	cJSON_Delete(root);
	return ok ? 0 : -1;
}

char *
gw_parse_error_message(const char *body, size_t len)
{
	cJSON *root = parse_root(body, len);
	const char *m = object_ok(root) ? get_string(root, "message") : NULL;
	char *out = NULL;
	if (m != NULL && text_is_utf8(m, strlen(m))) {
		/* Keep printable characters only, at most 200 of them. */
		struct strbuf sb;
		sb_init(&sb);
		int chars = 0;
		for (const unsigned char *p = (const unsigned char *)m; *p && chars < 200; ) {
			size_t cl = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
			bool ctl = *p < 0x20 || *p == 0x7f ||
			    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
			if (ctl)
				sb_addc(&sb, ' ');
			else
				sb_addn(&sb, (const char *)p, cl);
			p += cl;
			chars++;
		}
		if (sb.len > 0)
			out = text_nfc_new(sb.buf);
		sb_free(&sb);
	}
	cJSON_Delete(root);
	return out;
}
