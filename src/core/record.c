/* Name/value records; see record.h. */
#include "core/record.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record *
record_new(void)
{
	return xcalloc(1, sizeof(struct record));
}

void
record_free(struct record *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->n; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
	free(r->names);
	free(r->values);
	free(r->room);
	free(r->slots);
	free(r);
}

/* Records are read field by field for every form field and every import row:
 * a hash index (str_hash) keeps that from being a quadratic walk of strcmp. */
static int
record_find(const struct record *r, const char *name)
{
	if (r->nslots == 0)
		return -1;
	unsigned mask = (unsigned)r->nslots - 1;
	for (unsigned i = str_hash(name) & mask;; i = (i + 1) & mask) {
		int k = r->slots[i];
		if (k == 0)
			return -1;
		if (strcmp(r->names[k - 1], name) == 0)
			return k - 1;
	}
}

static void
record_index(struct record *r, int k)
{
	unsigned mask = (unsigned)r->nslots - 1;
	unsigned i = str_hash(r->names[k]) & mask;
	while (r->slots[i] != 0)
		i = (i + 1) & mask;
	r->slots[i] = k + 1;
}

struct record *
record_dup(const struct record *r)
{
	struct record *d = record_new();
	d->id = r->id;
	d->version = r->version;
	for (int i = 0; i < r->n; i++)
		record_set(d, r->names[i], r->values[i]);
	return d;
}

const char *
record_get(const struct record *r, const char *name)
{
	int k = record_find(r, name);
	return k >= 0 ? r->values[k] : NULL;
}

void
record_set_at(struct record *r, int k, const char *value)
{
	if (value == NULL)
		value = "";
	size_t len = strlen(value);
	/* Reuse the buffer when the new value fits: import rows overwrite in place. */
	if (len >= r->room[k]) {
		free(r->values[k]);
		r->room[k] = (len + 16) & ~(size_t)15;
		r->values[k] = xmalloc(r->room[k]);
	}
	memmove(r->values[k], value, len + 1);
}

void
record_set(struct record *r, const char *name, const char *value)
{
	int k = record_find(r, name);
	if (k >= 0) {
		record_set_at(r, k, value);
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->names = xrealloc(r->names, sizeof(char *) * (size_t)r->cap);
		r->values = xrealloc(r->values, sizeof(char *) * (size_t)r->cap);
		r->room = xrealloc(r->room, sizeof(size_t) * (size_t)r->cap);
		free(r->slots);
		r->nslots = r->cap * 4;
		r->slots = xcalloc((size_t)r->nslots, sizeof(int));
		for (int i = 0; i < r->n; i++)
			record_index(r, i);
	}
	static atomic_ullong layouts;
	r->layout = atomic_fetch_add(&layouts, 1) + 1;
	r->names[r->n] = xstrdup(name);
	r->values[r->n] = xstrdup(value ? value : "");
	r->room[r->n] = strlen(r->values[r->n]) + 1;
	record_index(r, r->n);
	r->n++;
}

char *
record_to_json(const struct record *r)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addc(&sb, '{');
	int first = 1;
	for (int i = 0; i < r->n; i++) {
		if (r->values[i][0] == '\0')
			continue;
		if (!first)
			sb_addc(&sb, ',');
		first = 0;
		sb_add_json_str(&sb, r->names[i]);
		sb_addc(&sb, ':');
		sb_add_json_str(&sb, r->values[i]);
	}
	sb_addc(&sb, '}');
	return sb_detach(&sb);
}

/*
 * A copy of json with every \u0000 escape made \u007f: cJSON would decode it to a
 * NUL that ends the value's C string there, so that "Nguyen\u0000Van C" became
 * "Nguyen". As DEL it stays in the value, whose check then refuses the control
 * character and names the field. Caller frees.
 */
static char *
json_nul_escapes_to_del_new(const char *json)
{
	char *s = xstrdup(json);
	for (char *p = s; *p; p++) {
		if (*p != '\\' || p[1] == '\0')
			continue;
		if (p[1] == 'u' && strncmp(p + 2, "0000", 4) == 0)
			memcpy(p + 2, "007f", 4);
		p++;	/* past the escaped character: \\u0000 is text, not a NUL */
	}
	return s;
}

struct record *
record_from_json(const char *json)
{
	char *safe = json_nul_escapes_to_del_new(json);
	cJSON *root = cJSON_Parse(safe);
	free(safe);
	if (root == NULL || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	struct record *r = record_new();
	cJSON *it;
	cJSON_ArrayForEach(it, root) {
		if (cJSON_IsString(it))
			record_set(r, it->string, it->valuestring);
		else if (cJSON_IsNumber(it)) {
			char num[64];
			snprintf(num, sizeof num, "%.15g", it->valuedouble);
			record_set(r, it->string, num);
		}
	}
	cJSON_Delete(root);
	return r;
}
