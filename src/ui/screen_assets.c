/*
 * My declarations of assets and income (db/assets.h), for a self account: the
 * list of what was submitted (each read in full), and a new declaration asked
 * group by group, pre-filled from the last, with the change since it shown and,
 * for an increase from the rules' threshold, its origin asked for. What is
 * submitted never changes; the data layer holds every rule again.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/status.h"
#include "ui/textview.h"
#include "db/assets.h"
#include "form/form.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
show_one(struct app *a, const struct asset_rules *rules, int64_t id)
{
	struct asset_decl d;
	char *err = NULL;
	if (db_asset_get(a->db, &a->actor, id, &d, &err) != DB_OK) {
		dialog_message(a, _("Declaration of assets and income"), err ? err : "");
		free(err);
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	const struct asset_item *k = asset_rules_find(rules->kinds, rules->nkinds, d.kind);
	char at[17];
	if (!showtime_format(d.submitted_at, at))
		snprintf(at, sizeof at, "%.16s", d.submitted_at);
	sb_addf(&sb, "%s %d, %s %d, %s\n\n", k ? asset_item_label(k) : d.kind, d.year,
	    _("version"), d.version, at);
	for (int i = 0; i < rules->ngroups; i++) {
		const char *v = record_get(d.amounts, rules->groups[i].code);
		sb_addf(&sb, "%s\n    %s VND\n", asset_item_label(&rules->groups[i]),
		    v != NULL ? v : "0");
		const char *o = record_get(d.origins, rules->groups[i].code);
		if (o != NULL && *o)
			sb_addf(&sb, "    %s %s\n", _("origin:"), o);
	}
	textview_run(a, _("Declaration of assets and income"), sb.buf, NULL);
	sb_free(&sb);
	db_asset_clear(&d);
}

/* Ask for a new declaration and submit it. */
static void
declare_new(struct app *a, const struct asset_rules *rules)
{
	struct menu_item *kinds = xcalloc((size_t)rules->nkinds, sizeof *kinds);
	for (int i = 0; i < rules->nkinds; i++)
		kinds[i] = (struct menu_item){ i, (char)('1' + i),
		    asset_item_label(&rules->kinds[i]) };
	int ksel = 0;
	int kind = menu_run(a, N_("Kind of declaration"), kinds, rules->nkinds, &ksel);
	free(kinds);
	if (kind < 0)
		return;
	char today[11];
	date_today(today);
	char year_s[8];
	snprintf(year_s, sizeof year_s, "%.4s", today);
	char *year = dialog_input(a, _("Declaration of assets and income"), _("Year"), year_s,
	    4);
	if (year == NULL)
		return;
	struct asset_decl last;
	char *err = NULL;
	bool have_last = db_asset_last(a->db, &a->actor, a->actor.person_id, &last, &err) ==
	    DB_OK;
	free(err);
	err = NULL;
	struct record *amounts = record_new(), *origins = record_new();
	bool cancelled = false;
	for (int i = 0; i < rules->ngroups && !cancelled; i++) {
		const struct asset_item *g = &rules->groups[i];
		const char *was = have_last ? record_get(last.amounts, g->code) : NULL;
		char *v = dialog_input(a, _("Amount in VND, digits only"), asset_item_label(g),
		    was != NULL ? was : "0", 16);
		if (v == NULL) {
			cancelled = true;
			break;
		}
		record_set(amounts, g->code, v);
		long long rise = atoll(v) - (was != NULL ? atoll(was) : 0);
		free(v);
		if (g->stock && have_last && rise >= rules->increase_threshold) {
			char *q = xasprintf(_("Up %lld VND since the last declaration: where did "
			    "it come from?"), rise);
			char *o = dialog_input(a, asset_item_label(g), q, "", 250);
			free(q);
			if (o == NULL)
				cancelled = true;
			else
				record_set(origins, g->code, o);
			free(o);
		}
	}
	if (!cancelled) {
		int64_t id;
		if (db_asset_submit(a->db, &a->actor, rules->kinds[kind].code, atoi(year),
		    amounts, origins, &id, &err) != DB_OK) {
			dialog_message(a, _("Declaration of assets and income"), err ? err : "");
			free(err);
		} else
			status_info("%s", _("Declaration submitted; it can no longer change."));
	}
	free(year);
	record_free(amounts);
	record_free(origins);
	if (have_last)
		db_asset_clear(&last);
}

void
assets_run(struct app *a)
{
	char *err = NULL;
	struct asset_rules *rules = asset_rules_new(&err);
	if (rules == NULL) {
		dialog_message(a, _("Declaration of assets and income"), err ? err : "");
		free(err);
		return;
	}
	int sel = 0;
	while (a->quit == APP_RUNNING) {
		struct asset_decl *v = NULL;
		int n = 0;
		if (db_asset_list(a->db, &a->actor, a->actor.person_id, &v, &n, &err) != DB_OK) {
			dialog_message(a, _("Declaration of assets and income"), err ? err : "");
			free(err);
			break;
		}
		struct menu_item *items = xcalloc((size_t)n + 1, sizeof *items);
		char **labels = xcalloc((size_t)n + 1, sizeof *labels);
		items[0] = (struct menu_item){ 0, '1', N_("New declaration") };
		for (int i = 0; i < n; i++) {
			const struct asset_item *k = asset_rules_find(rules->kinds, rules->nkinds,
			    v[i].kind);
			labels[i] = xasprintf("%s %d (v%d)", k ? asset_item_label(k) : v[i].kind,
			    v[i].year, v[i].version);
			items[i + 1] = (struct menu_item){ i + 1, i + 1 < 9 ? (char)('2' + i) : ' ',
			    labels[i] };
		}
		int chosen = menu_run(a, N_("My declarations of assets"), items, n + 1, &sel);
		int64_t id = chosen >= 1 && chosen <= n ? v[chosen - 1].id : 0;
		for (int i = 0; i < n; i++)
			free(labels[i]);
		free(labels);
		free(items);
		db_assets_free(v, n);
		if (chosen < 0)
			break;
		if (chosen == 0)
			declare_new(a, rules);
		else if (id != 0)
			show_one(a, rules, id);
	}
	asset_rules_free(rules);
}
