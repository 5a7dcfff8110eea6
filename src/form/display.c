/*
 * A stored value as a person reads it: a date as DD/MM/YYYY, yes/no in words, a
 * code by its label in the current language. Shared by the screens, the 2C résumé
 * and hoso show, so that every place shows a value the same way.
 */
#include "form/form.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

char *
form_value_display_new(const struct form_field *f, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return xstrdup("");
	if (f->type == FT_DATE) {
		char d[11];
		date_display(value, d);
		return xstrdup(d);
	}
	if (f->type == FT_BOOL)
		return xstrdup(strcmp(value, "1") == 0 ? _("Yes") : _("No"));
	if (f->type == FT_CODE) {
		const struct code_list *cl = f->code_list;
		char *err = NULL;
		if (cl == NULL && f->codes != NULL)
			cl = codes_get(f->codes, &err);
		free(err);
		const struct code_item *it = cl != NULL ? codes_find(cl, value) : NULL;
		if (it != NULL)
			return xstrdup(codes_label(it));
	}
	return xstrdup(value);
}
