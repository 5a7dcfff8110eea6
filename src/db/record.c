/* Name/value records; see record.h. */
#include "db/record.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
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
	free(r);
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
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->values[i];
	return NULL;
}

void
record_set(struct record *r, const char *name, const char *value)
{
	for (int i = 0; i < r->n; i++) {
		if (strcmp(r->names[i], name) == 0) {
			free(r->values[i]);
			r->values[i] = xstrdup(value ? value : "");
			return;
		}
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->names = xrealloc(r->names, sizeof(char *) * (size_t)r->cap);
		r->values = xrealloc(r->values, sizeof(char *) * (size_t)r->cap);
	}
	r->names[r->n] = xstrdup(name);
	r->values[r->n] = xstrdup(value ? value : "");
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

struct record *
record_from_json(const char *json)
{
	cJSON *root = cJSON_Parse(json);
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
