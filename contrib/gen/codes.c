/*
 * Which values to write for coded fields. The importer accepts a code or its
 * label, but codes are what an export writes back, so the generator writes the
 * code whenever forms/codes has the list and the label (matched as the form module
 * matches what a clerk types: accents, case and aliases ignored), and the label
 * otherwise.
 *
 * The answer is cached by the label's address: every label passed in is a string
 * of the generator's own tables, so the address names it for the whole run, and a
 * hundred million look-ups cost a hash probe each.
 */
#include "gen.h"
#include "core/xalloc.h"
#include "form/form.h"
#include <stdlib.h>
#include <string.h>

#define CACHE_SIZE 4096		/* power of two, far above the tables' label count */

static struct {
	const char *list;
	const char *label;
	const char *value;
	bool        unknown;
} cache[CACHE_SIZE];

void
codes_setup(const char *forms_dir)
{
	if (forms_dir != NULL)
		setenv("HOSO_FORMS", forms_dir, 1);
}

static const struct code_list *
list_get(const char *name)
{
	char *err = NULL;
	const struct code_list *cl = codes_get(name, &err);
	free(err);
	return cl;
}

static unsigned
slot_of(const char *list, const char *label)
{
	uintptr_t h = (uintptr_t)label * 0x9e3779b97f4a7c15ULL ^ (uintptr_t)list;
	return (unsigned)(h >> 20) & (CACHE_SIZE - 1);
}

static unsigned
lookup(const char *list, const char *label)
{
	unsigned i = slot_of(list, label);
	while (cache[i].label != NULL &&
	    (cache[i].label != label || strcmp(cache[i].list, list) != 0))
		i = (i + 1) & (CACHE_SIZE - 1);
	if (cache[i].label != NULL)
		return i;
	cache[i].list = list;
	cache[i].label = label;
	cache[i].value = label;
	const struct code_list *cl = list_get(list);
	if (cl != NULL) {
		const struct code_item *it = codes_find(cl, label);
		if (it == NULL)
			it = codes_match(cl, label);
		if (it != NULL)
			cache[i].value = it->code;
		cache[i].unknown = it == NULL;
	}
	return i;
}

const char *
code_of(const char *list, const char *label)
{
	return cache[lookup(list, label)].value;
}

bool
code_unknown(const char *list, const char *code)
{
	return cache[lookup(list, code)].unknown;
}

bool
person_field_absent(const char *name)
{
	char *err = NULL;
	const struct form *f = form_get("person", &err);
	free(err);
	return f != NULL && form_field(f, name) == NULL;
}
