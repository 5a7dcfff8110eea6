/*
 * The simulator's population register: a CSV file (header row naming the contract's
 * fields, RFC 4180 quoting, so that "Xã Tân Hội, Huyện Đan Phượng" keeps its commas)
 * or a JSON array of objects with the same keys. Rows are sorted by ID number once
 * and then only read, so connection threads share them without locking.
 */
#include "gwsim.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[] = {
	"id_number", "full_name", "date_of_birth", "sex", "ethnicity", "religion",
	"nationality", "place_of_origin", "place_of_residence", "status"
};
#define NFIELDS (sizeof field_names / sizeof field_names[0])

static struct citizen *rows;
static size_t nrows, caprows;

static char **
citizen_slot(struct citizen *c, size_t i)
{
	char **slots[NFIELDS] = {
		&c->id_number, &c->full_name, &c->date_of_birth, &c->sex, &c->ethnicity,
		&c->religion, &c->nationality, &c->place_of_origin,
		&c->place_of_residence, &c->status
	};
	return slots[i];
}

static int
field_index(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(field_names[i], name) == 0)
			return (int)i;
	return -1;
}

/* Add one row from values[NFIELDS] (NULL: absent). Returns a message id or NULL. */
static const char *
add_row(char *values[NFIELDS])
{
	if (values[0] == NULL || *values[0] == '\0')
		return "row without id_number";
	if (nrows == caprows) {
		caprows = caprows ? caprows * 2 : 1024;
		rows = xrealloc(rows, caprows * sizeof *rows);
	}
	struct citizen *c = &rows[nrows];
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = values[i] ? values[i] : "";
		char *nfc = text_nfc_new(v);
		if (nfc == NULL) {
			for (size_t j = 0; j < i; j++)
				free(*citizen_slot(c, j));
			return "text that is not UTF-8";
		}
		*citizen_slot(c, i) = nfc;
	}
	if (*c->status == '\0') {
		free(c->status);
		c->status = xstrdup("alive");
	}
	nrows++;
	return NULL;
}

/* One CSV record into fields; returns the count, -1 at end of file. Quoted fields
 * may hold commas, doubled quotes and newlines. */
static int
csv_record(FILE *f, struct strbuf *fields, int max)
{
	int n = 0, ch;
	bool quoted = false, any = false;
	sb_reset(&fields[0]);
	while ((ch = getc(f)) != EOF) {
		any = true;
		if (quoted) {
			if (ch == '"') {
				int next = getc(f);
				if (next == '"') {
					sb_addc(&fields[n], '"');
					continue;
				}
				quoted = false;
				if (next == EOF)
					break;
				ch = next;
			} else {
				sb_addc(&fields[n], (char)ch);
				continue;
			}
		}
		if (ch == '"' && fields[n].len == 0)
			quoted = true;
		else if (ch == ',') {
			if (n + 1 < max)
				sb_reset(&fields[++n]);
		} else if (ch == '\n')
			return n + 1;
		else if (ch != '\r')
			sb_addc(&fields[n], (char)ch);
	}
	return any ? n + 1 : -1;
}

#define CSV_MAX 32

static int
load_csv(FILE *f, const char *path, char **err)
{
	struct strbuf fields[CSV_MAX];
	for (int i = 0; i < CSV_MAX; i++)
		sb_init(&fields[i]);
	int map[CSV_MAX];
	int ncols = csv_record(f, fields, CSV_MAX);
	int rc = 0;
	for (int i = 0; i < ncols; i++) {
		/* A byte-order mark from a spreadsheet would hide the first name. */
		const char *name = fields[i].buf;
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3;
		map[i] = field_index(name);
	}
	bool have_id = false;
	for (int i = 0; i < ncols; i++)
		have_id |= map[i] == 0;
	if (!have_id) {
		*err = xasprintf("%s: the header row has no id_number column", path);
		rc = -1;
		goto out;
	}
	int line = 1, n;
	while ((n = csv_record(f, fields, CSV_MAX)) >= 0) {
		line++;
		if (n == 1 && fields[0].len == 0)
			continue;	/* blank line */
		char *values[NFIELDS] = { 0 };
		for (int i = 0; i < n && i < ncols; i++)
			if (map[i] >= 0)
				values[map[i]] = fields[i].buf;
		const char *why = add_row(values);
		if (why != NULL) {
			*err = xasprintf("%s record %d: %s", path, line, why);
			rc = -1;
			goto out;
		}
	}
out:
	for (int i = 0; i < CSV_MAX; i++)
		sb_free(&fields[i]);
	return rc;
}

static int
load_json(FILE *f, const char *path, char **err)
{
	struct strbuf sb;
	sb_init(&sb);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(&sb, buf, n);
	cJSON *root = cJSON_ParseWithLength(sb.buf, sb.len);
	sb_free(&sb);
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		*err = xasprintf("%s: expected a JSON array of citizens", path);
		return -1;
	}
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, root) {
		i++;
		char *values[NFIELDS] = { 0 };
		for (size_t k = 0; k < NFIELDS; k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, field_names[k]);
			values[k] = cJSON_IsString(v) ? v->valuestring : NULL;
		}
		const char *why = add_row(values);
		if (why != NULL) {
			*err = xasprintf("%s item %d: %s", path, i, why);
			cJSON_Delete(root);
			return -1;
		}
	}
	cJSON_Delete(root);
	return 0;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct citizen *)a)->id_number,
	    ((const struct citizen *)b)->id_number);
}

int
citizens_load(const char *path, char **err)
{
	*err = NULL;
	if (path == NULL)
		return 0;	/* an empty register: every check answers not_found */
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		*err = xasprintf("cannot open %s", path);
		return -1;
	}
	int c;
	while ((c = getc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t')
		;
	ungetc(c, f);
	int rc = c == '[' ? load_json(f, path, err) : load_csv(f, path, err);
	fclose(f);
	if (rc == 0)
		qsort(rows, nrows, sizeof *rows, by_id);
	return rc;
}

const struct citizen *
citizens_find(const char *id_number)
{
	struct citizen key = { .id_number = (char *)id_number };
	return nrows ? bsearch(&key, rows, nrows, sizeof *rows, by_id) : NULL;
}

size_t
citizens_count(void)
{
	return nrows;
}
