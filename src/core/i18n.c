/*
 * gettext set-up. The process runs in a UTF-8 locale whatever the environment says
 * (C.UTF-8 is always present on Debian), and LANGUAGE picks the catalog: that is
 * how one process switches between Vietnamese and English at run time.
 */
#include "core/i18n.h"
#include "core/paths.h"
#include <langinfo.h>
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
		/* Not only a single-byte locale: EUC-JP, GBK and the like are multibyte
		 * and still cannot hold Vietnamese, which the C library's own messages
		 * (strerror) would then reach the logs as "K???t n???i". */
		const char *cs = setlocale(LC_ALL, "") != NULL ? nl_langinfo(CODESET) : "";
		if (strcmp(cs, "UTF-8") != 0)
			setlocale(LC_ALL, "C.UTF-8");
		bindtextdomain("hoso", paths_locale_dir());
		bind_textdomain_codeset("hoso", "UTF-8");
		bind_textdomain_codeset("libc", "UTF-8");
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
