/*
 * The 2C résumé on the screen (see resume.h); its text is report/resume_2c.c's.
 */
#include "ui/resume.h"
#include "ui/deliver.h"
#include "ui/dialog.h"
#include "ui/textview.h"
#include "report/resume_2c.h"
#include "db/person.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <stdlib.h>

struct show {
	struct app *a;
	int64_t     id;
	const char *text;
};

static int
show_action(void *ctx, int act)
{
	struct show *s = ctx;
	if (act != ACT_SAVE)
		return 0;
	char *err = NULL;
	struct record *p = NULL;
	char *def = NULL;
	if (db_person_get(s->a->db, &s->a->actor, s->id, "print", &p, &err) == DB_OK) {
		const char *idn = record_get(p, "id_number");
		def = xasprintf("2C-%s.txt", idn != NULL ? idn : "hoso");
	} else
		def = xstrdup("2C.txt");
	record_free(p);
	free(err);
	deliver_text(s->a, s->text, def);
	free(def);
	return 1;
}

void
resume_show(struct app *a, int64_t id)
{
	char *err = NULL;
	char *text = resume_2c_new(a->db, &a->actor, id, &err);
	if (text == NULL) {
		dialog_message(a, _("Resume 2C"), err != NULL ? err : "");
		free(err);
		return;
	}
	const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_SAVE, deliver_key_label(a) }, { ACT_BACK, NULL },
		{ ACT_NONE, NULL }
	};
	struct show s = { a, id, text };
	struct textview_opts o = { keys, show_action, &s };
	textview_run(a, _("Resume 2C"), text, &o);
	free(text);
}
