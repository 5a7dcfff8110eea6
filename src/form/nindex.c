/*
 * The hash behind form_field and codes_find: FNV-1a over borrowed keys, linear
 * probing, sized once at build time to at most half full, so it never grows and a
 * probe always ends at an empty slot.
 */
#include "form/form_internal.h"
#include "core/xalloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t
nindex_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

void
nindex_init(struct nindex *x, int expected)
{
	size_t size = 16;
	while (size < (size_t)(expected > 0 ? expected : 1) * 2)
		size *= 2;
	x->mask = size - 1;
	x->slots = xcalloc(size, sizeof *x->slots);
}

bool
nindex_add(struct nindex *x, const char *key, int value)
{
	size_t i = nindex_hash(key) & x->mask;
	for (;; i = (i + 1) & x->mask) {
		struct nindex_slot *s = &x->slots[i];
		if (s->key == NULL) {
			s->key = key;
			s->value = value;
			return true;
		}
		if (strcmp(s->key, key) == 0) {
			if (s->value != value)
				s->value = NINDEX_AMBIGUOUS;
			return false;
		}
	}
}

int
nindex_find(const struct nindex *x, const char *key)
{
	if (x->slots == NULL)
		return NINDEX_NONE;
	size_t i = nindex_hash(key) & x->mask;
	for (;; i = (i + 1) & x->mask) {
		const struct nindex_slot *s = &x->slots[i];
		if (s->key == NULL)
			return NINDEX_NONE;
		if (strcmp(s->key, key) == 0)
			return s->value;
	}
}

void
nindex_free(struct nindex *x)
{
	free(x->slots);
	x->slots = NULL;
	x->mask = 0;
}
