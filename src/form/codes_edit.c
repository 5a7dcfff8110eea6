/*
 * Extending a code list: one item appended to its JSON file. The file is data an
 * administrator may also edit by hand, so the new item is inserted as one more line
 * before the end of "items" and the rest is left as it was written; the result is
 * parsed again as a code list before it replaces the file (written to a temporary
 * name, flushed, renamed), so a mistake never leaves a broken list behind.
 */
#include "form/form.h"
#include "form/form_internal.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The offset of the "]" that closes the "items" array, or -1. Strings are
 * skipped so that a bracket inside a label does not count. */
static long
items_end(const char *t)
{
	const char *p = strstr(t, "\"items\"");
	if (p == NULL || (p = strchr(p, '[')) == NULL)
		return -1;
	int depth = 0;
	for (; *p; p++) {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return -1;
		} else if (*p == '[' || *p == '{')
			depth++;
		else if ((*p == ']' || *p == '}') && --depth == 0)
			return *p == ']' ? p - t : -1;
	}
	return -1;
}

static bool
code_ok(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)code[i] <= ' ' || code[i] == '"' || code[i] == '\\' ||
		    (unsigned char)code[i] >= 0x7f)
			return false;
	return true;
}

static int
write_whole(const char *path, const char *text, char **err)
{
	char *tmp = xasprintf("%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t len = strlen(text);
	bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		*err = xasprintf(_("cannot write %s"), path);
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : -1;
}

static int codes_file_add_locked(const char *list, const char *code, const char *label,
    const char *label_en, char **err);

/* Two administrators adding at once must not lose one addition: the read, the
 * change and the rename happen under a lock on a file of their own beside the list
 * (the list's own inode is replaced by each addition, so it cannot hold the lock). */
int
codes_file_add(const char *list, const char *code, const char *label,
    const char *label_en, char **err)
{
	*err = NULL;
	char *lock = xasprintf("%s/codes/.%s.lock", paths_forms_dir(), list);
	int fd = form_name_ok(list) ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
	free(lock);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		if (fd >= 0)
			close(fd);
		*err = form_name_ok(list) ? xasprintf(_("cannot write %s"), paths_forms_dir()) :
		    xasprintf(_("no code list named \"%s\""), list);
		return -1;
	}
	int rc = codes_file_add_locked(list, code, label, label_en, err);
	close(fd);
	return rc;
}

static int
codes_file_add_locked(const char *list, const char *code, const char *label,
    const char *label_en, char **err)
{
	struct code_list *cl = codes_load(list, err);
	if (cl == NULL)
		return -1;
	char *clean = label != NULL ? text_clean_new(label) : NULL;
	const struct code_item *same = clean != NULL && clean[0] ? codes_match(cl, clean) : NULL;
	int rc = -1;
	if (!code_ok(code))
		*err = xasprintf(_("\"%s\" is not a valid code (1-40 printable ASCII characters,"
		    " no spaces or quotes)"), code);
	else if (codes_find(cl, code) != NULL || codes_retired(cl, code) != NULL)
		*err = xasprintf(_("the list %s already has the code %s"), list, code);
	else if (clean == NULL || clean[0] == '\0')
		*err = xstrdup(_("a value needs a Vietnamese label"));
	else if (same != NULL)
		*err = xasprintf(_("\"%s\" is already the label of %s"), clean, same->code);
	else
		rc = 0;
	codes_list_free(cl);
	char *path = xasprintf("%s/codes/%s.json", paths_forms_dir(), list);
	char *text = rc == 0 ? form_read_file(path, err) : NULL;
	long end = text != NULL ? items_end(text) : -1;
	if (rc == 0 && text != NULL && end < 0) {
		*err = xasprintf(_("%s: no \"items\" list to add to"), path);
		rc = -1;
	}
	if (rc == 0 && text != NULL) {
		cJSON *item = cJSON_CreateObject();
		cJSON_AddStringToObject(item, "code", code);
		cJSON_AddStringToObject(item, "label", clean);
		if (label_en != NULL && *label_en)
			cJSON_AddStringToObject(item, "label_en", label_en);
		char *one = cJSON_PrintUnformatted(item);
		cJSON_Delete(item);
		/* After the last item (or as the first), on a line of its own. */
		long last = end;
		while (last > 0 && strchr(" \t\r\n", text[last - 1]) != NULL)
			last--;
		bool empty = last > 0 && text[last - 1] == '[';
		struct strbuf sb;
		sb_init(&sb);
		sb_addf(&sb, "%.*s%s\n\t\t%s\n\t%s", (int)last, text, empty ? "" : ",", one,
		    text + end);
		free(one);
		cJSON *check = cJSON_Parse(sb.buf);
		struct code_list *again = NULL;
		if (check != NULL)
			cJSON_Delete(check);
		if (check == NULL)
			*err = xasprintf(_("%s: not valid JSON"), path);
		rc = check != NULL ? write_whole(path, sb.buf, err) : -1;
		if (rc == 0 && (again = codes_load(list, err)) == NULL)
			rc = -1;
		codes_list_free(again);
		sb_free(&sb);
	}
	free(text);
	free(path);
	free(clean);
	return rc;
}
