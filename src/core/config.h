/*
 * Settings file: "key = value" lines, '#' comments. Loaded once; values are owned by
 * the config and live until config_free.
 */
#ifndef HOSO_CONFIG_H
#define HOSO_CONFIG_H

struct config;

/* Load path; NULL path means an empty config. On a bad file returns NULL and sets
 * *err to a message the caller frees (it names the line). */
struct config *config_load(const char *path, char **err);
void           config_free(struct config *cf);
const char    *config_get(const struct config *cf, const char *key, const char *def);
int            config_get_int(const struct config *cf, const char *key, int def);
#endif
