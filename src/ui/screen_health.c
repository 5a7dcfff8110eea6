/*
 * The Health screen: the health report (report/health.h) as hoso health writes it,
 * the gateway asked through the terminal's own client (a token fetched now, three
 * seconds at most). F5 runs the quick check and verifies the last backup, which
 * read every page: on demand only.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/textview.h"
#include "core/i18n.h"
#include "gateway/gateway.h"
#include "report/health.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEALTH_GATEWAY_MS 3000

static int
gateway_line(struct app *a, char *line, size_t size)
{
	if (a->gw == NULL) {
		snprintf(line, size, _("gateway: configuration refused: %s"),
		    a->gw_problem != NULL ? a->gw_problem : "?");
		return 1;
	}
	if (!gw_configured(a->gw)) {
		snprintf(line, size, _("gateway: not configured (gateway.url): checks stay "
		    "queued"));
		return 0;
	}
	enum gw_outcome o = gw_ping(a->gw, a->actor.username, HEALTH_GATEWAY_MS);
	if (o == GW_OK) {
		snprintf(line, size, _("gateway: reachable"));
		return 0;
	}
	snprintf(line, size, _("gateway: NOT REACHABLE: %s"), gw_outcome_text(o));
	return 1;
}

static int
health_action(void *ctx, int act)
{
	(void)ctx;
	return act == ACT_RELOAD ? 2 : 0;
}

void
health_run(struct app *a)
{
	static const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_RELOAD, N_("Check") }, { ACT_BACK, NULL },
		{ ACT_NONE, NULL }
	};
	int check = 0;
	while (a->quit == APP_RUNNING) {
		char gw[512];
		struct health_input in = { a->db, &a->actor, a->db_path, a->backup_dir,
		    a->serve_log, check, gw, 0 };
		in.gateway_bad = gateway_line(a, gw, sizeof gw);
		char *text = NULL, *err = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		if (f == NULL)
			return;
		int rc = health_write(&in, f, &err);
		fclose(f);
		if (rc < 0) {
			dialog_message(a, _("Health"), err != NULL ? err : "?");
			free(err);
			free(text);
			return;
		}
		struct textview_opts o = { keys, health_action, NULL };
		int r = textview_run(a, _("Health"), text, &o);
		free(text);
		if (r != ACT_RELOAD)
			return;
		check = 1;
	}
}
