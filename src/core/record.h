/*
 * A record: ordered name/value pairs (names are the field names of forms/), plus the
 * row id and the version the reader saw. The data layer hands it out and takes it
 * in, the form layer checks it; it sits below both and knows neither. Values are
 * UTF-8 strings; an absent or empty value means "not recorded".
 * The record owns every string in it; record_free releases them all.
 */
#ifndef HOSO_CORE_RECORD_H
#define HOSO_CORE_RECORD_H
#include <stddef.h>
#include <stdint.h>

struct record {
	int64_t  id;		/* 0 for a new record */
	int64_t  version;	/* the version read; 0 for a new record */
	int      n;
	int      cap;
	char   **names;
	char   **values;
	size_t  *room;		/* bytes each value's buffer holds, for reuse */
	int     *slots;		/* hash index over names: field index + 1, 0 = empty */
	int      nslots;	/* a power of two, at least twice cap */
	unsigned long long layout;	/* new, never reused, whenever a name is added:
					 * what caches of field positions key on */
};

struct record *record_new(void);
void           record_free(struct record *r);
struct record *record_dup(const struct record *r);
/* NULL when absent. The pointer stays valid until the field is set again. */
const char    *record_get(const struct record *r, const char *name);
/* Copies value (NULL clears to empty). */
void           record_set(struct record *r, const char *name, const char *value);
/* The same for entry k (0 <= k < r->n), whose name is already known. */
void           record_set_at(struct record *r, int k, const char *value);
/* The record as a JSON object of its non-empty fields; caller frees. */
char          *record_to_json(const struct record *r);
/* Fields from a JSON object of strings; NULL if json is not such an object. */
struct record *record_from_json(const char *json);
#endif
