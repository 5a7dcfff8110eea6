/*
 * The asset declaration's rules (forms/assets.json): kinds, groups in the order of
 * Decree 130/2020's form, each group's reporting threshold, and the increase that
 * must be explained. Data, read when needed (a small file).
 */
#include "form/form.h"
#include "form/form_internal.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static char *
str_dup(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

static int
items(const cJSON *arr, struct asset_item **out)
{
	int n = cJSON_GetArraySize(arr), k = 0;
	*out = xcalloc(n > 0 ? (size_t)n : 1, sizeof **out);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		struct asset_item *g = &(*out)[k];
		g->code = str_dup(it, "code");
		g->label = str_dup(it, "label");
		g->label_en = str_dup(it, "label_en");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "min_each");
		g->min_each = cJSON_IsNumber(m) ? (long long)m->valuedouble : 0;
		g->stock = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "stock"));
		k++;
		if (g->code == NULL || g->label == NULL)
			return -1;
	}
	return k;
}

struct asset_rules *
asset_rules_new(char **err)
{
	char *path = xasprintf("%s/assets.json", paths_forms_dir());
	char *text = form_read_file(path, err);
	if (text == NULL) {
		free(path);
		return NULL;
	}
	cJSON *root = cJSON_Parse(text);
	free(text);
	struct asset_rules *r = xcalloc(1, sizeof *r);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "increase_threshold");
	r->increase_threshold = cJSON_IsNumber(t) ? (long long)t->valuedouble : 0;
	r->nkinds = items(cJSON_GetObjectItemCaseSensitive(root, "kinds"), &r->kinds);
	r->ngroups = items(cJSON_GetObjectItemCaseSensitive(root, "groups"), &r->groups);
	cJSON_Delete(root);
	if (r->nkinds <= 0 || r->ngroups <= 0 || r->increase_threshold <= 0) {
		*err = xasprintf(_("%s: kinds, groups and increase_threshold are needed"), path);
		free(path);
		asset_rules_free(r);
		return NULL;
	}
	free(path);
	return r;
}

static void
items_free(struct asset_item *v, int n)
{
	for (int i = 0; v != NULL && i < n; i++) {
		free(v[i].code);
		free(v[i].label);
		free(v[i].label_en);
	}
	free(v);
}

void
asset_rules_free(struct asset_rules *r)
{
	if (r == NULL)
		return;
	items_free(r->kinds, r->nkinds > 0 ? r->nkinds : 0);
	items_free(r->groups, r->ngroups > 0 ? r->ngroups : 0);
	free(r);
}

const struct asset_item *
asset_rules_find(const struct asset_item *v, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

const char *
asset_item_label(const struct asset_item *it)
{
	return strcmp(i18n_lang(), "en") == 0 && it->label_en != NULL ? it->label_en :
	    it->label;
}
