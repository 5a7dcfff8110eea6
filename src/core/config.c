/* The key = value settings file of the Configuration section of the contracts. */
#include "core/config.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config_item {
	char *key;
	char *value;
};

struct config {
	struct config_item *items;
	int                 n;
};

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

struct config *
config_load(const char *path, char **err)
{
	struct config *cf = xcalloc(1, sizeof *cf);
	*err = NULL;
	if (path == NULL)
		return cf;
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		*err = xasprintf(_("cannot open configuration %s: %s"), path, strerror(errno));
		config_free(cf);
		return NULL;
	}
	char line[4096];
	int lineno = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		char *s = trim(line);
		if (*s == '\0')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			*err = xasprintf(_("%s line %d: expected key = value"), path, lineno);
			fclose(f);
			config_free(cf);
			return NULL;
		}
		*eq = '\0';
		cf->items = xrealloc(cf->items, sizeof *cf->items * (size_t)(cf->n + 1));
		cf->items[cf->n].key = xstrdup(trim(s));
		cf->items[cf->n].value = xstrdup(trim(eq + 1));
		cf->n++;
	}
	fclose(f);
	return cf;
}

void
config_free(struct config *cf)
{
	if (cf == NULL)
		return;
	for (int i = 0; i < cf->n; i++) {
		free(cf->items[i].key);
		free(cf->items[i].value);
	}
	free(cf->items);
	free(cf);
}

const char *
config_get(const struct config *cf, const char *key, const char *def)
{
	/* The last occurrence wins, as in sshd_config's Match-less files. */
	for (int i = cf ? cf->n - 1 : -1; i >= 0; i--)
		if (strcmp(cf->items[i].key, key) == 0)
			return cf->items[i].value;
	return def;
}

int
config_get_int(const struct config *cf, const char *key, int def)
{
	const char *v = config_get(cf, key, NULL);
	if (v == NULL || *v == '\0')
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	return *end == '\0' ? (int)n : def;
}
