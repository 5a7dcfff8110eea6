/*
 * Translation through gettext. Message ids are English; i18n/vi.po and i18n/en.po
 * translate them, Vietnamese being the default language. N_() marks a string for
 * extraction where it is translated later (tables, returned error ids).
 */
#ifndef HOSO_I18N_H
#define HOSO_I18N_H
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Select "vi" or "en" (NULL: $HOSO_LANG, then "vi"). Safe to call again to switch. */
void        i18n_init(const char *lang);
const char *i18n_lang(void);
#endif
