/*
 * Where hoso finds its data files. Run from the source tree (build/hoso) it uses the
 * tree's forms/ and build/locale; installed it uses PREFIX/share. HOSO_FORMS and
 * HOSO_LOCALEDIR override both. Returned strings are static; do not free.
 */
#ifndef HOSO_PATHS_H
#define HOSO_PATHS_H

const char *paths_forms_dir(void);
const char *paths_locale_dir(void);
/* Default database: $HOSO_DB, else ./hoso.db (the demo and tests pass --db). */
const char *paths_default_db(void);
#endif
