/*
 * Code lists: forms/codes/<name>.json loaded on first use and kept until
 * form_cache_clear. Each list carries two hashes: codes as written, and matching
 * keys (see codes_key_new) of codes, labels, English labels and aliases, so that
 * what a clerk types or an old file holds ("kinh", "Nu", "female") finds its code
 * in constant time. A key shared by two items is ambiguous and matches neither:
 * guessing is worse than asking.
 */
#include "form/form.h"
#include "form/form_internal.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct codes_index {
	struct nindex  by_code;
	struct nindex  by_codekey;	/* codes folded: "m" finds M */
	struct nindex  by_key;		/* labels, English labels and aliases */
	struct nindex  by_retired;	/* retired codes: index into retired */
	char         **keys;	/* owned keys other than item->fold */
	int            nkeys;
};

static struct code_list **lists;
static int                nlists;
static char             **names;	/* sorted file stems of forms/codes */
static int                nnames = -1;	/* -1: directory not read yet */

char *
codes_key_new(const char *s)
{
	char *f = text_fold_new(s);
	if (f == NULL)
		return NULL;
	/* After folding, only ASCII punctuation and symbols remain to unify. */
	size_t j = 0;
	bool space = false;
	for (size_t i = 0; f[i]; i++) {
		unsigned char c = (unsigned char)f[i];
		if (c == '\'' || c == '`')
			continue;
		if (c == 0xE2 && (unsigned char)f[i + 1] == 0x80 &&
		    ((unsigned char)f[i + 2] == 0x99 || (unsigned char)f[i + 2] == 0x93 ||
		    (unsigned char)f[i + 2] == 0x94)) {
			/* ’ is dropped like ', – and — become spaces like -. */
			bool dash = (unsigned char)f[i + 2] != 0x99;
			i += 2;
			if (!dash)
				continue;
			c = ' ';
		}
		if (c == '-' || c == '.' || c == ',' || c == '_' || c == ' ') {
			space = j > 0;
			continue;
		}
		if (space)
			f[j++] = ' ';
		space = false;
		f[j++] = (char)c;
	}
	f[j] = '\0';
	return f;
}

void
codes_list_free(struct code_list *cl)
{
	if (cl == NULL)
		return;
	for (int i = 0; i < cl->nitems; i++) {
		free(cl->items[i].code);
		free(cl->items[i].label);
		free(cl->items[i].label_en);
		free(cl->items[i].fold);
	}
	free(cl->items);
	for (int i = 0; i < cl->nretired; i++) {
		free(cl->retired[i].code);
		free(cl->retired[i].current);
		free(cl->retired[i].label);
	}
	free(cl->retired);
	struct codes_index *ix = cl->index;
	if (ix != NULL) {
		nindex_free(&ix->by_retired);
		nindex_free(&ix->by_code);
		nindex_free(&ix->by_codekey);
		nindex_free(&ix->by_key);
		for (int i = 0; i < ix->nkeys; i++)
			free(ix->keys[i]);
		free(ix->keys);
		free(ix);
	}
	free(cl->name);
	free(cl->title);
	free(cl);
}

static const char *
json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* Adds a matching key owned by the index to x. */
static void
codes_index_key(struct codes_index *ix, struct nindex *x, char *key, int item)
{
	if (key == NULL || key[0] == '\0') {
		free(key);
		return;
	}
	ix->keys = xrealloc(ix->keys, sizeof(char *) * (size_t)(ix->nkeys + 1));
	ix->keys[ix->nkeys++] = key;
	nindex_add(x, key, item);
}

/* "retired": [{"code": old, "current": new, "label": "..."}]: each old code must
 * not be a code of the list still, and its current code must be. */
static int
codes_build_retired(struct code_list *cl, const char *path, const cJSON *retired,
    char **err)
{
	struct codes_index *ix = cl->index;
	int n = cJSON_IsArray(retired) ? cJSON_GetArraySize(retired) : 0;
	nindex_init(&ix->by_retired, n);
	if (retired != NULL && !cJSON_IsArray(retired)) {
		*err = xasprintf(_("%s: \"retired\" must be a list"), path);
		return -1;
	}
	cl->retired = xcalloc((size_t)(n > 0 ? n : 1), sizeof *cl->retired);
	const cJSON *r;
	cJSON_ArrayForEach(r, retired) {
		const char *code = json_str(r, "code"), *current = json_str(r, "current");
		const char *label = json_str(r, "label");
		if (code == NULL || current == NULL || codes_find(cl, current) == NULL ||
		    codes_find(cl, code) != NULL) {
			*err = xasprintf(_("%s: retired code %d needs \"code\" (no longer in the "
			    "list) and \"current\" (a code of the list)"), path, cl->nretired + 1);
			return -1;
		}
		struct code_retired *x = &cl->retired[cl->nretired];
		x->code = xstrdup(code);
		x->current = xstrdup(current);
		x->label = label != NULL ? xstrdup(label) : NULL;
		if (!nindex_add(&ix->by_retired, x->code, cl->nretired)) {
			*err = xasprintf(_("%s: code \"%s\" appears twice"), path, code);
			free(x->code), free(x->current), free(x->label);
			return -1;
		}
		cl->nretired++;
	}
	return 0;
}

/* Builds the list from parsed JSON; NULL with *err naming the problem. */
static struct code_list *
codes_build(const char *name, const char *path, const cJSON *root, char **err)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
	const char *title = json_str(root, "title");
	const char *jname = json_str(root, "name");
	if (!cJSON_IsObject(root) || !cJSON_IsArray(items) || title == NULL) {
		*err = xasprintf(_("%s: a code list needs \"title\" and \"items\""), path);
		return NULL;
	}
	if (jname != NULL && strcmp(jname, name) != 0) {
		*err = xasprintf(_("%s: the name inside is not the file name"), path);
		return NULL;
	}
	struct code_list *cl = xcalloc(1, sizeof *cl);
	cl->name = xstrdup(name);
	cl->title = xstrdup(title);
	int n = cJSON_GetArraySize(items);
	cl->items = xcalloc((size_t)(n > 0 ? n : 1), sizeof *cl->items);
	struct codes_index *ix = xcalloc(1, sizeof *ix);
	cl->index = ix;
	nindex_init(&ix->by_code, n);
	nindex_init(&ix->by_codekey, n);
	/* Keys per item: label, English label, aliases. */
	int nkeys = 2 * n;
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
		nkeys += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "aliases"));
	nindex_init(&ix->by_key, nkeys);
	cJSON_ArrayForEach(it, items) {
		const char *code = json_str(it, "code");
		const char *label = json_str(it, "label");
		const char *label_en = json_str(it, "label_en");
		int i = cl->nitems;
		if (code == NULL || label == NULL) {
			*err = xasprintf(_("%s: item %d needs \"code\" and \"label\""),
			    path, i + 1);
			goto fail;
		}
		struct code_item *ci = &cl->items[i];
		ci->code = xstrdup(code);
		ci->label = text_clean_new(label);
		ci->label_en = label_en != NULL ? text_clean_new(label_en) : NULL;
		/* A salary scale's data, which the raise alert needs (0 elsewhere). */
		const cJSON *sm = cJSON_GetObjectItemCaseSensitive(it, "step_months");
		if (cJSON_IsNumber(sm))
			ci->step_months = sm->valueint;
		ci->nsteps = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it,
		    "coefficients"));
		cl->nitems++;
		if (ci->label == NULL || (label_en != NULL && ci->label_en == NULL)) {
			*err = xasprintf(_("%s: item %d is not valid UTF-8"), path, i + 1);
			goto fail;
		}
		ci->fold = codes_key_new(ci->label);
		if (!nindex_add(&ix->by_code, ci->code, i)) {
			*err = xasprintf(_("%s: code \"%s\" appears twice"), path, code);
			goto fail;
		}
	}
	for (int i = 0; i < cl->nitems; i++) {
		struct code_item *ci = &cl->items[i];
		codes_index_key(ix, &ix->by_codekey, codes_key_new(ci->code), i);
		if (ci->fold != NULL && ci->fold[0])
			nindex_add(&ix->by_key, ci->fold, i);
		if (ci->label_en != NULL)
			codes_index_key(ix, &ix->by_key, codes_key_new(ci->label_en), i);
		const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetArrayItem(items, i), "aliases");
		const cJSON *a;
		cJSON_ArrayForEach(a, aliases)
			if (cJSON_IsString(a))
				codes_index_key(ix, &ix->by_key,
				    codes_key_new(a->valuestring), i);
	}
	if (codes_build_retired(cl, path, cJSON_GetObjectItemCaseSensitive(root, "retired"),
	    err) != 0)
		goto fail;
	return cl;
fail:
	codes_list_free(cl);
	return NULL;
}

struct code_list *
codes_load(const char *name, char **err)
{
	char *path = xasprintf("%s/codes/%s.json", paths_forms_dir(), name);
	char *text = form_read_file(path, err);
	struct code_list *cl = NULL;
	if (text != NULL) {
		cJSON *root = cJSON_Parse(text);
		if (root == NULL)
			*err = xasprintf(_("%s: not valid JSON"), path);
		else
			cl = codes_build(name, path, root, err);
		cJSON_Delete(root);
		free(text);
	}
	free(path);
	return cl;
}

static struct code_list *
codes_get_locked(const char *name, char **err)
{
	if (name == NULL || !form_name_ok(name)) {
		*err = xasprintf(_("no code list named \"%s\""), name ? name : "");
		return NULL;
	}
	for (int i = 0; i < nlists; i++) {
		if (strcmp(lists[i]->name, name) == 0)
			return lists[i];
	}
	struct code_list *cl = codes_load(name, err);
	if (cl != NULL) {
		lists = xrealloc(lists, sizeof *lists * (size_t)(nlists + 1));
		lists[nlists++] = cl;
	}
	return cl;
}

/* err may be NULL when the caller has no use for the reason. */
const struct code_list *
codes_get(const char *name, char **err)
{
	char *e = NULL;
	form_lock();
	struct code_list *x = codes_get_locked(name, &e);
	form_unlock();
	if (err != NULL)
		*err = e;
	else
		free(e);
	return x;
}

static int
codes_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char **
codes_list_names(void)
{
	form_lock();
	if (nnames < 0) {
		nnames = 0;
		char *dir = xasprintf("%s/codes", paths_forms_dir());
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
				continue;
			char *stem = xstrndup(e->d_name, len - 5);
			if (!form_name_ok(stem)) {
				free(stem);
				continue;
			}
			names = xrealloc(names, sizeof *names * (size_t)(nnames + 1));
			names[nnames++] = stem;
		}
		if (d != NULL)
			closedir(d);
		free(dir);
		if (nnames > 0)
			qsort(names, (size_t)nnames, sizeof *names, codes_name_cmp);
	}
	const char **out = xcalloc((size_t)nnames + 1, sizeof *out);
	for (int i = 0; i < nnames; i++)
		out[i] = names[i];
	form_unlock();
	return out;
}

void
codes_cache_clear(void)
{
	for (int i = 0; i < nlists; i++)
		codes_list_free(lists[i]);
	free(lists);
	lists = NULL;
	nlists = 0;
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	names = NULL;
	nnames = -1;
}

const struct code_item *
codes_find(const struct code_list *cl, const char *code)
{
	if (cl == NULL || code == NULL)
		return NULL;
	const struct codes_index *ix = cl->index;
	int i = nindex_find(&ix->by_code, code);
	return i >= 0 ? &cl->items[i] : NULL;
}

const struct code_retired *
codes_retired(const struct code_list *cl, const char *code)
{
	if (cl == NULL || code == NULL || cl->nretired == 0)
		return NULL;
	const struct codes_index *ix = cl->index;
	int i = nindex_find(&ix->by_retired, code);
	return i >= 0 ? &cl->retired[i] : NULL;
}

/* The item a code stands for: itself, or the one that replaced it. */
static const struct code_item *
codes_find_current(const struct code_list *cl, const char *code)
{
	const struct code_item *it = codes_find(cl, code);
	if (it == NULL) {
		const struct code_retired *r = codes_retired(cl, code);
		if (r != NULL)
			it = codes_find(cl, r->current);
	}
	return it;
}

const struct code_item *
codes_match(const struct code_list *cl, const char *text)
{
	if (cl == NULL || text == NULL)
		return NULL;
	const struct code_item *it = codes_find_current(cl, text);
	if (it != NULL)
		return it;
	char *clean = text_clean_new(text);
	if (clean == NULL)
		return NULL;
	it = codes_find_current(cl, clean);
	if (it == NULL && clean[0]) {
		char *key = codes_key_new(clean);
		if (key != NULL) {
			const struct codes_index *ix = cl->index;
			/* A code in another case is explicit, so it wins over labels. */
			int i = nindex_find(&ix->by_codekey, key);
			if (i == NINDEX_NONE)
				i = nindex_find(&ix->by_key, key);
			it = i >= 0 ? &cl->items[i] : NULL;
		}
		free(key);
	}
	free(clean);
	return it;
}

const char *
codes_label(const struct code_item *it)
{
	if (it == NULL)
		return "";
	if (it->label_en != NULL && strcmp(i18n_lang(), "en") == 0)
		return it->label_en;
	return it->label;
}
