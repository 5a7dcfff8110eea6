/*
 * Loading forms/<name>.json into struct form, and the cache that owns every loaded
 * form. A form is checked whole when it loads (names unique, types and sections
 * known, code lists present, patterns compiling, no unknown keys), so a typing error
 * in forms/ shows at start-up with the file and field named, not as a strange
 * rejection later. Everything in a struct form is immutable once cached.
 */
#include "form/form.h"
#include "form/form_internal.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <regex.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct form **forms;
static int           nforms;

static const char *const type_names[] = {
	[FT_TEXT] = "text", [FT_NUMBER] = "number", [FT_DATE] = "date",
	[FT_CODE] = "code", [FT_IDNUM] = "idnum", [FT_PHONE] = "phone",
	[FT_EMAIL] = "email", [FT_BOOL] = "bool"
};
#define NTYPES ((int)(sizeof type_names / sizeof type_names[0]))

static const char *const field_keys[] = {
	"name", "label", "help", "type", "width", "maxlen", "required", "readonly",
	"codes", "pattern", "min", "max", "section", "not_future", "upper", "default",
	"no_formula", "agency", "owner", NULL
};

/* "owner": "self" (the person declares it) or "agency" (the default). NULL: not
 * given; "?" for anything else. */
static const char *
json_owner(const cJSON *obj)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "owner");
	if (v == NULL)
		return NULL;
	if (cJSON_IsString(v) && (strcmp(v->valuestring, "self") == 0 ||
	    strcmp(v->valuestring, "agency") == 0))
		return v->valuestring;
	return "?";
}

const char *
form_type_name(enum field_type t)
{
	return (int)t >= 0 && (int)t < NTYPES ? type_names[t] : "?";
}

int
form_type_parse(const char *name)
{
	for (int i = 0; name != NULL && i < NTYPES; i++)
		if (strcmp(type_names[i], name) == 0)
			return i;
	return -1;
}

static void
form_free(struct form *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < f->nfields; i++) {
		struct form_field *fl = &f->fields[i];
		free(fl->name);
		free(fl->label);
		free(fl->help);
		free(fl->codes);
		free(fl->pattern);
		free(fl->def);
		if (fl->regex != NULL) {
			regfree(fl->regex);
			free(fl->regex);
		}
	}
	free(f->fields);
	for (int i = 0; i < f->nsections; i++) {
		free(f->sections[i].name);
		free(f->sections[i].label);
	}
	free(f->sections);
	for (int i = 0; i < f->ngrids; i++) {
		struct form_grid *g = &f->grids[i];
		free(g->name);
		free(g->label);
		free(g->form);
		for (int j = 0; j < g->ncolumns; j++)
			free(g->columns[j]);
		free(g->columns);
	}
	free(f->grids);
	if (f->index != NULL) {
		nindex_free(f->index);
		free(f->index);
	}
	free(f->name);
	free(f->title);
	free(f);
}

static char *
json_strdup(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) && v->valuestring[0] ? xstrdup(v->valuestring) : NULL;
}

static bool
json_bool(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static int
json_int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

static int
form_section_find(const struct form *f, const char *name)
{
	for (int i = 0; i < f->nsections; i++)
		if (strcmp(f->sections[i].name, name) == 0)
			return i;
	return -1;
}

/* Sections first: fields name theirs. A form without sections gets one, titled
 * as the form. */
static const char *
form_build_sections(struct form *f, const cJSON *arr)
{
	int n = cJSON_GetArraySize(arr);
	f->sections = xcalloc((size_t)(n > 0 ? n : 1), sizeof *f->sections);
	const cJSON *s;
	cJSON_ArrayForEach(s, arr) {
		char *name = json_strdup(s, "name");
		char *label = json_strdup(s, "label");
		if (name == NULL || label == NULL || form_section_find(f, name) >= 0) {
			free(name);
			free(label);
			return N_("a section needs a unique name and a label");
		}
		f->sections[f->nsections].name = name;
		f->sections[f->nsections].label = label;
		f->nsections++;
	}
	if (f->nsections == 0) {
		f->sections[0].name = xstrdup("main");
		f->sections[0].label = xstrdup(f->title);
		f->nsections = 1;
	}
	return NULL;
}

/* Does the pattern mean the same byte by byte as character by character? ASCII
 * only, no "any character" and no bracket expression that could take in more than
 * the ASCII bytes it names. */
static bool
pattern_byte_safe(const char *p)
{
	for (const char *c = p; *c; c++) {
		if ((unsigned char)*c >= 0x80)
			return false;
		if (*c == '\\' && c[1] != '\0') {
			c++;
			continue;
		}
		if (*c == '.' || (c[0] == '[' && (c[1] == '^' || c[1] == ':')))
			return false;
	}
	return true;
}

/* A byte-safe pattern is compiled for the C locale: glibc then matches it over the
 * bytes, instead of decoding every value to wide characters first (a national
 * import matches several fields of every row). */
static int
pattern_compile(regex_t *re, const char *pattern)
{
	locale_t c_locale = (locale_t)0, before = (locale_t)0;
	if (pattern_byte_safe(pattern) &&
	    (c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0)) != (locale_t)0)
		before = uselocale(c_locale);
	int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
	if (c_locale != (locale_t)0) {
		uselocale(before);
		freelocale(c_locale);
	}
	return rc;
}

/* One field; returns a message id on error (*detail may name a key or list). */
static const char *
form_build_field(struct form *f, struct form_field *fl, const cJSON *j, char **detail)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, j) {
		int known = 0;
		for (int i = 0; field_keys[i] != NULL; i++)
			known |= strcmp(field_keys[i], k->string) == 0;
		if (!known) {
			*detail = xstrdup(k->string);
			return N_("unknown key");
		}
	}
	fl->name = json_strdup(j, "name");
	fl->label = json_strdup(j, "label");
	fl->help = json_strdup(j, "help");
	fl->codes = json_strdup(j, "codes");
	fl->pattern = json_strdup(j, "pattern");
	fl->def = json_strdup(j, "default");
	fl->width = json_int(j, "width");
	fl->maxlen = json_int(j, "maxlen");
	fl->required = json_bool(j, "required");
	fl->readonly = json_bool(j, "readonly");
	fl->not_future = json_bool(j, "not_future");
	fl->upper = json_bool(j, "upper");
	fl->no_formula = json_bool(j, "no_formula");
	fl->agency = json_bool(j, "agency");
	const char *owner = json_owner(j);
	if (owner != NULL && owner[0] == '?')
		return N_("owner is self or agency");
	fl->self_declared = owner != NULL ? owner[0] == 's' : f->self_declared;
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(j, "min");
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(j, "max");
	fl->min = cJSON_IsNumber(min) ? min->valuedouble : 0;
	fl->max = cJSON_IsNumber(max) ? max->valuedouble : 0;
	if (fl->name == NULL || !form_name_ok(fl->name))
		return N_("a field needs a name of a-z, 0-9 and _");
	if (fl->label == NULL)
		return N_("the field has no label");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
	int t = form_type_parse(cJSON_IsString(type) ? type->valuestring : "text");
	if (t < 0)
		return N_("unknown type");
	fl->type = (enum field_type)t;
	if (fl->width <= 0)
		fl->width = 20;
	char *section = json_strdup(j, "section");
	fl->section = section != NULL ? form_section_find(f, section) : 0;
	free(section);
	if (fl->section < 0)
		return N_("unknown section");
	if (fl->type == FT_CODE) {
		char *err = NULL;
		if (fl->codes == NULL)
			return N_("a code field needs a code list");
		fl->code_list = codes_get(fl->codes, &err);
		if (fl->code_list == NULL) {
			*detail = err;
			return N_("its code list cannot be loaded");
		}
	}
	if (fl->pattern != NULL) {
		char *anchored = xasprintf("^(%s)$", fl->pattern);
		regex_t *re = xmalloc(sizeof *re);
		int rc = pattern_compile(re, anchored);
		free(anchored);
		if (rc != 0) {
			free(re);
			return N_("the pattern is not a valid regular expression");
		}
		fl->regex = re;
	}
	return NULL;
}

static const char *
form_build_grids(struct form *f, const cJSON *arr)
{
	int n = cJSON_GetArraySize(arr);
	f->grids = xcalloc((size_t)(n > 0 ? n : 1), sizeof *f->grids);
	const cJSON *g;
	cJSON_ArrayForEach(g, arr) {
		struct form_grid *gr = &f->grids[f->ngrids++];
		gr->name = json_strdup(g, "name");
		gr->label = json_strdup(g, "label");
		gr->form = json_strdup(g, "form");
		const cJSON *cols = cJSON_GetObjectItemCaseSensitive(g, "columns");
		gr->columns = xcalloc((size_t)cJSON_GetArraySize(cols) + 1, sizeof(char *));
		const cJSON *c;
		cJSON_ArrayForEach(c, cols)
			if (cJSON_IsString(c))
				gr->columns[gr->ncolumns++] = xstrdup(c->valuestring);
		if (gr->name == NULL || gr->label == NULL || gr->form == NULL ||
		    !form_name_ok(gr->form) || gr->ncolumns == 0)
			return N_("a grid needs a name, a label, a form and columns");
	}
	return NULL;
}

static struct form *
form_build(const char *name, const char *path, const cJSON *root, char **err)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
	struct form *f = xcalloc(1, sizeof *f);
	static atomic_ulong serials;
	f->serial = atomic_fetch_add(&serials, 1) + 1;
	const char *why = NULL;
	char *detail = NULL, *where = NULL;
	f->name = xstrdup(name);
	f->title = json_strdup(root, "title");
	const char *owner = json_owner(root);
	f->self_declared = owner != NULL && owner[0] == 's';
	char *jname = json_strdup(root, "name");
	if (jname != NULL && strcmp(jname, name) != 0)
		why = N_("the name inside is not the file name");
	else if (f->title == NULL || !cJSON_IsArray(fields) ||
	    cJSON_GetArraySize(fields) == 0)
		why = N_("a form needs a title and fields");
	free(jname);
	if (why == NULL && owner != NULL && owner[0] == '?')
		why = N_("owner is self or agency");
	if (why == NULL)
		why = form_build_sections(f,
		    cJSON_GetObjectItemCaseSensitive(root, "sections"));
	if (why == NULL) {
		int n = cJSON_GetArraySize(fields);
		f->fields = xcalloc((size_t)n, sizeof *f->fields);
		struct nindex *ix = xcalloc(1, sizeof *ix);
		nindex_init(ix, n);
		f->index = ix;
		const cJSON *j;
		cJSON_ArrayForEach(j, fields) {
			struct form_field *fl = &f->fields[f->nfields++];
			why = form_build_field(f, fl, j, &detail);
			if (why == NULL && !nindex_add(ix, fl->name, f->nfields - 1))
				why = N_("the name is used twice");
			if (why != NULL) {
				where = fl->name != NULL ? xstrdup(fl->name) :
				    xasprintf("#%d", f->nfields);
				break;
			}
		}
	}
	if (why == NULL)
		why = form_build_grids(f, cJSON_GetObjectItemCaseSensitive(root, "grids"));
	if (why == NULL)
		return f;
	if (where != NULL && detail != NULL)
		*err = xasprintf(_("%s: field %s: %s (%s)"), path, where, _(why), detail);
	else if (where != NULL)
		*err = xasprintf(_("%s: field %s: %s"), path, where, _(why));
	else
		*err = xasprintf("%s: %s", path, _(why));
	free(where);
	free(detail);
	form_free(f);
	return NULL;
}

static struct form *
form_load(const char *name, char **err)
{
	char *path = xasprintf("%s/%s.json", paths_forms_dir(), name);
	char *text = form_read_file(path, err);
	struct form *f = NULL;
	if (text != NULL) {
		cJSON *root = cJSON_Parse(text);
		if (root == NULL || !cJSON_IsObject(root))
			*err = xasprintf(_("%s: not valid JSON"), path);
		else
			f = form_build(name, path, root, err);
		cJSON_Delete(root);
		free(text);
	}
	free(path);
	return f;
}

static struct form *
form_get_locked(const char *name, char **err)
{
	if (name == NULL || !form_name_ok(name)) {
		*err = xasprintf(_("no form named \"%s\""), name ? name : "");
		return NULL;
	}
	for (int i = 0; i < nforms; i++) {
		if (strcmp(forms[i]->name, name) == 0)
			return forms[i];
	}
	struct form *f = form_load(name, err);
	if (f != NULL) {
		forms = xrealloc(forms, sizeof *forms * (size_t)(nforms + 1));
		forms[nforms++] = f;
	}
	return f;
}

/* err may be NULL when the caller has no use for the reason. */
const struct form *
form_get(const char *name, char **err)
{
	char *e = NULL;
	form_lock();
	struct form *x = form_get_locked(name, &e);
	form_unlock();
	if (err != NULL)
		*err = e;
	else
		free(e);
	return x;
}

void
form_cache_clear(void)
{
	form_lock();
	for (int i = 0; i < nforms; i++)
		form_free(forms[i]);
	free(forms);
	forms = NULL;
	nforms = 0;
	codes_cache_clear();
	form_unlock();
}

int
form_field_index(const struct form *f, const char *name)
{
	if (f == NULL || name == NULL)
		return -1;
	int i = nindex_find(f->index, name);
	return i >= 0 ? i : -1;
}

const struct form_field *
form_field(const struct form *f, const char *name)
{
	int i = form_field_index(f, name);
	return i >= 0 ? &f->fields[i] : NULL;
}

const struct form_grid *
form_grid(const struct form *f, const char *name)
{
	for (int i = 0; f != NULL && name != NULL && i < f->ngrids; i++)
		if (strcmp(f->grids[i].name, name) == 0)
			return &f->grids[i];
	return NULL;
}
