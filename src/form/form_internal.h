/*
 * What the files of src/form share and nobody else needs: the cache lock, reading a
 * file of forms/, and a small string-keyed hash used to find fields and codes in
 * constant time (an import checks millions of values).
 */
#ifndef HOSO_FORM_INTERNAL_H
#define HOSO_FORM_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>

/* files.c. The cache lock is recursive: loading a form loads its code lists. */
void  form_lock(void);
void  form_unlock(void);
/* Frees every cached code list; called by form_cache_clear under the lock. */
void  codes_cache_clear(void);
/* The whole file as a string the caller frees; NULL with *err (caller frees). */
char *form_read_file(const char *path, char **err);
/* True when name is a safe file stem: [a-z0-9_], 1 to 64 characters. */
bool  form_name_ok(const char *name);

/*
 * Open addressing over borrowed keys. A key added twice for different values is
 * remembered as ambiguous: nindex_find then answers NINDEX_AMBIGUOUS.
 */
#define NINDEX_NONE	 (-1)
#define NINDEX_AMBIGUOUS (-2)
struct nindex {
	size_t	 mask;
	struct nindex_slot {
		const char *key;
		int	    value;
	} *slots;
};
void nindex_init(struct nindex *x, int expected);
/* false when key was already present (with any value). */
bool nindex_add(struct nindex *x, const char *key, int value);
int  nindex_find(const struct nindex *x, const char *key);
void nindex_free(struct nindex *x);
#endif
