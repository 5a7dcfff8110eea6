/*
 * gettext set-up. The process runs in a UTF-8 locale whatever the environment says
 * (C.UTF-8 is always present on Debian), and LANGUAGE picks the catalog: that is
 * how one process switches between Vietnamese and English at run time.
 */
#include "core/i18n.h"
#include "core/paths.h"
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static char current[8] = "vi";

void
i18n_init(const char *lang)
{
	static int bound;
	if (lang == NULL || !*lang)
		lang = getenv("HOSO_LANG");
	if (lang == NULL || (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0))
		lang = "vi";
	strcpy(current, lang);
	if (!bound) {
		if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
			setlocale(LC_ALL, "C.UTF-8");
		bindtextdomain("hoso", paths_locale_dir());
		bind_textdomain_codeset("hoso", "UTF-8");
		textdomain("hoso");
		bound = 1;
	}
	setenv("LANGUAGE", current, 1);
	/* glibc caches translations per language; a change of LANGUAGE needs this. */
	textdomain("hoso");
}

const char *
i18n_lang(void)
{
	return current;
}
