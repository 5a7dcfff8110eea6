/*
 * Checking and normalising values: what a clerk types, or a CSV cell holds, becomes
 * the one stored form of its type (NFC text, YYYY-MM-DD dates, codes of the list,
 * M/F, 1/0, plain decimals), or is refused with a message id saying why. Nothing is
 * guessed: a value that could mean two things is an error.
 */
#include "form/form.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define MSG_RANGE N_("is outside the allowed range")

/* The value without the separators people put in numbers: spaces, dots, dashes,
 * brackets. */
static char *
strip_chars(const char *s, const char *drop)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (strchr(drop, *s) == NULL)
			*o++ = *s;
	*o = '\0';
	return out;
}

static const char *
norm_number(const struct form_field *f, const char *v, char **out)
{
	char *s = strip_chars(v, " ");
	const char *p = s;
	struct strbuf sb;
	sb_init(&sb);
	if (*p == '+' || *p == '-') {
		if (*p == '-')
			sb_addc(&sb, '-');
		p++;
	}
	/* Leading zeros go, one digit stays before the decimal point. */
	const char *digits = p;
	while (isdigit((unsigned char)*p))
		p++;
	size_t nint = (size_t)(p - digits);
	const char *frac = NULL;
	size_t nfrac = 0;
	/* Vietnamese writes 4,98; files often 4.98. One separator, never grouping. */
	if (*p == '.' || *p == ',') {
		frac = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		nfrac = (size_t)(p - frac);
	}
	if (*p != '\0' || nint == 0 || (frac != NULL && nfrac == 0) ||
	    nint + nfrac > 30) {
		free(s);
		sb_free(&sb);
		return N_("must be a number");
	}
	while (nint > 1 && *digits == '0') {
		digits++;
		nint--;
	}
	sb_addn(&sb, digits, nint);
	if (frac != NULL) {
		sb_addc(&sb, '.');
		sb_addn(&sb, frac, nfrac);
	}
	free(s);
	char *num = sb_detach(&sb);
	if (strcmp(num, "-0") == 0 || strncmp(num, "-0.", 3) == 0) {
		bool zero = strspn(num + 2, ".0") == strlen(num + 2);
		if (zero)
			memmove(num, num + 1, strlen(num));
	}
	double d = strtod(num, NULL);
	if (f->min < f->max && (d < f->min || d > f->max)) {
		free(num);
		return MSG_RANGE;
	}
	*out = num;
	return NULL;
}

static const char *
norm_date(const struct form_field *f, const char *v, struct strbuf *out)
{
	char iso[11];
	const char *msg = date_parse(v, iso);
	if (msg != NULL)
		return msg;
	if (f->not_future) {
		char today[11];
		date_today(today);
		if (strcmp(iso, today) > 0)
			return N_("date is in the future");
	}
	sb_adds(out, iso);
	return NULL;
}

static const char *
norm_code(const struct form_field *f, const char *v, struct strbuf *out)
{
	const struct code_list *cl = f->code_list;
	char *err = NULL;
	if (cl == NULL && f->codes != NULL)
		cl = codes_get(f->codes, &err);
	free(err);
	if (cl == NULL)
		return N_("its code list cannot be loaded");
	const struct code_item *it = codes_match(cl, v);
	if (it == NULL)
		return N_("is not a code or a name of its list");
	sb_adds(out, it->code);
	return NULL;
}

static const char *
norm_idnum(const char *v, char **out)
{
	char *id = strip_chars(v, " .");
	bool known = false;
	if (idnum_shape_ok(id)) {
		char *err = NULL;
		char prov[4];
		memcpy(prov, id, 3);
		prov[3] = '\0';
		const struct code_list *cl = codes_get("id_province", &err);
		free(err);
		known = codes_find(cl, prov) != NULL;
	}
	const char *msg = idnum_check(id, 0, NULL, known);
	if (msg != NULL) {
		free(id);
		return msg;
	}
	*out = id;
	return NULL;
}

static const char *
norm_phone(const char *v, char **out)
{
	char *p = strip_chars(v, " .-()");
	size_t n = strlen(p), start = p[0] == '+';
	bool ok = n - start >= 8 && n - start <= 15;
	for (size_t i = start; ok && i < n; i++)
		ok = isdigit((unsigned char)p[i]);
	if (!ok) {
		free(p);
		return N_("a phone number is 8 to 15 digits, perhaps after +");
	}
	*out = p;
	return NULL;
}

static bool
email_local_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && strchr(".!#$%&'*+/=?^_`{|}~-", c) == NULL)
			return false;
		if (c == '.' && s[i + 1] == '.')
			return false;
	}
	return true;
}

static bool
email_domain_ok(const char *s)
{
	int labels = 0;
	const char *last = s;
	for (const char *p = s;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - last);
			if (n == 0 || n > 63 || last[0] == '-' || p[-1] == '-')
				return false;
			labels++;
			if (*p == '\0')
				break;
			last = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-')
			return false;
	}
	/* The top-level domain is letters, at least two. */
	size_t tld = strlen(last);
	for (size_t i = 0; i < tld; i++)
		if (!isalpha((unsigned char)last[i]))
			return false;
	return labels >= 2 && tld >= 2;
}

static const char *
norm_email(const char *v, char **out)
{
	const char *at = strchr(v, '@');
	if (strlen(v) > 254 || at == NULL || strchr(at + 1, '@') != NULL ||
	    !email_local_ok(v, (size_t)(at - v)) || !email_domain_ok(at + 1))
		return N_("is not a valid e-mail address");
	char *e = xstrdup(v);
	for (char *p = e + (at - v); *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*out = e;
	return NULL;
}

static const char *
norm_bool(const char *v, char **out)
{
	static const char *const yes[] = {"1", "y", "yes", "c", "co", "true", "x", NULL};
	static const char *const no[] = {"0", "n", "no", "k", "khong", "false", NULL};
	char *key = text_fold_new(v);
	const char *res = NULL;
	for (int i = 0; key != NULL && res == NULL && yes[i]; i++)
		if (strcmp(key, yes[i]) == 0)
			res = "1";
	for (int i = 0; key != NULL && res == NULL && no[i]; i++)
		if (strcmp(key, no[i]) == 0)
			res = "0";
	free(key);
	if (res == NULL)
		return N_("must be yes or no");
	*out = xstrdup(res);
	return NULL;
}

/*
 * The work of form_value_normalize, into out (reset first), with scratch for the
 * cleaned text: a check of a whole record reuses both for every field instead of
 * allocating two strings a field.
 */
static const char *
normalize_to(const struct form_field *f, const char *in, struct strbuf *out,
    struct strbuf *scratch)
{
	sb_reset(out);
	sb_reset(scratch);
	if (in == NULL)
		in = "";
	if (!text_clean_to(in, scratch))
		return N_("is not valid UTF-8 text");
	char *v = scratch->buf;
	if (text_has_control(v))
		return N_("contains control characters");
	if (v[0] == '\0') {
		sb_addn(out, "", 0);
		return NULL;
	}
	char *res = NULL;
	const char *msg = NULL;
	switch (f->type) {
	case FT_TEXT:
		if (f->no_formula && strchr("=+-@", v[0]) != NULL)
			return N_("cannot start with =, +, - or @");
		if (f->upper)
			for (char *p = v; *p; p++)
				*p = (char)toupper((unsigned char)*p);
		sb_addn(out, v, scratch->len);
		break;
	case FT_NUMBER:
		msg = norm_number(f, v, &res);
		break;
	case FT_DATE:	/* dates and codes, most fields: straight into out */
		msg = norm_date(f, v, out);
		break;
	case FT_CODE:
		msg = norm_code(f, v, out);
		break;
	case FT_IDNUM:
		msg = norm_idnum(v, &res);
		break;
	case FT_PHONE:
		msg = norm_phone(v, &res);
		break;
	case FT_EMAIL:
		msg = norm_email(v, &res);
		break;
	case FT_BOOL:
		msg = norm_bool(v, &res);
		break;
	}
	if (res != NULL) {
		sb_adds(out, res);
		free(res);
	}
	if (msg != NULL)
		return msg;
	/* Characters are never more than bytes: count them only when it matters. */
	size_t limit = f->maxlen > 0 ? (size_t)f->maxlen : (size_t)f->width * 4;
	if (limit > 0 && out->len > limit && text_length(out->buf) > limit)
		return N_("is too long");
	if (f->regex != NULL && regexec(f->regex, out->buf, 0, NULL, 0) != 0)
		return N_("does not have the expected form");
	return NULL;
}

const char *
form_value_normalize(const struct form_field *f, const char *in, char **out)
{
	struct strbuf res, scratch;
	sb_init(&res);
	sb_init(&scratch);
	const char *msg = normalize_to(f, in, &res, &scratch);
	sb_free(&scratch);
	if (msg != NULL) {
		sb_free(&res);
		return msg;
	}
	*out = sb_detach(&res);
	return NULL;
}

struct errlist {
	struct form_error *e;
	int                n;
};

/* Takes reason; the message is "label: reason", or the reason alone. */
static void
err_add(struct errlist *l, const char *field, const char *label, char *reason)
{
	l->e = xrealloc(l->e, sizeof *l->e * (size_t)(l->n + 1));
	l->e[l->n].field = field;
	l->e[l->n].reason = reason;
	l->e[l->n].message = label != NULL ? xasprintf("%s: %s", label, reason) :
	    xstrdup(reason);
	l->n++;
}

static void
err_field(struct errlist *l, const struct form_field *f, const char *msgid)
{
	if (strcmp(msgid, MSG_RANGE) == 0)
		err_add(l, f->name, _(f->label), xasprintf("%s (%g – %g)", _(msgid),
		    f->min, f->max));
	else
		err_add(l, f->name, _(f->label), xstrdup(_(msgid)));
}

/* Value of field name after its own check passed, else NULL. */
static const char *
good_value(const struct form *f, const struct record *r, const int *slot,
    const bool *bad, const char *name)
{
	int i = form_field_index(f, name);
	if (i < 0 || bad[i] || slot[i] == 0)
		return NULL;
	const char *v = r->values[slot[i] - 1];
	return v[0] ? v : NULL;
}

static void
check_across(const struct form *f, const struct record *r, const int *slot,
    const bool *bad, struct errlist *l)
{
	const char *sex = good_value(f, r, slot, bad, "sex");
	const char *dob = good_value(f, r, slot, bad, "date_of_birth");
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		if (fl->type != FT_IDNUM)
			continue;
		const char *id = good_value(f, r, slot, bad, fl->name);
		if (id == NULL)
			continue;
		const char *msg = idnum_check(id, sex != NULL && strlen(sex) == 1 ?
		    sex[0] : 0, dob, true);
		if (msg != NULL)
			err_field(l, fl, msg);
	}
	const char *from = good_value(f, r, slot, bad, "date_from");
	const char *to = good_value(f, r, slot, bad, "date_to");
	const struct form_field *tof = form_field(f, "date_to");
	if (from != NULL && to != NULL && tof->type == FT_DATE && strcmp(to, from) < 0)
		err_field(l, tof, N_("ends before it starts"));
}

/*
 * Driven by the record's own entries through the form's hash, not by the form's
 * fields through record_get: an import checks millions of records of a form with
 * dozens of fields, most of them absent.
 */
#define MEMO_FIELDS 256

/* The last record layout a thread checked against a form: which entry holds each
 * field. An import checks millions of rows of one layout. */
struct slot_memo {
	unsigned long      form;	/* serial */
	unsigned long long layout;
	bool               unknown;	/* an entry that is no field of the form */
	int                slot[MEMO_FIELDS];
};
static _Thread_local struct slot_memo memo;

static void
find_slots(const struct form *f, const struct record *r, int *slot, bool *unknown)
{
	if (f->nfields < MEMO_FIELDS && memo.form == f->serial && memo.layout == r->layout &&
	    r->layout != 0) {
		memcpy(slot, memo.slot, sizeof(int) * (size_t)(f->nfields + 1));
		*unknown = memo.unknown;
		return;
	}
	*unknown = false;
	for (int i = 0; i < r->n; i++) {
		int k = form_field_index(f, r->names[i]);
		if (k >= 0)
			slot[k] = i + 1;
		else
			*unknown = true;
	}
	if (f->nfields < MEMO_FIELDS) {
		memo.form = f->serial;
		memo.layout = r->layout;
		memo.unknown = *unknown;
		memcpy(memo.slot, slot, sizeof(int) * (size_t)(f->nfields + 1));
	}
}

int
form_check_record(const struct form *f, struct record *r, struct form_error **errs)
{
	struct errlist l = {NULL, 0};
	int *slot = xcalloc((size_t)f->nfields + 1, sizeof *slot);	/* entry + 1 */
	bool *bad = xcalloc((size_t)f->nfields + 1, sizeof *bad);
	bool unknown;
	find_slots(f, r, slot, &unknown);
	struct strbuf norm, scratch;
	sb_init(&norm);
	sb_init(&scratch);
	for (int k = 0; k < f->nfields; k++) {
		const struct form_field *fl = &f->fields[k];
		const char *out = NULL;
		if (slot[k] != 0) {
			const char *msg = normalize_to(fl, r->values[slot[k] - 1], &norm, &scratch);
			if (msg != NULL) {
				bad[k] = true;
				err_field(&l, fl, msg);
				continue;
			}
			/* Copied into the record's own buffer, which an import reuses row
			 * after row. */
			record_set_at(r, slot[k] - 1, norm.buf);
			out = r->values[slot[k] - 1];
		}
		if (fl->required && !fl->readonly && (out == NULL || out[0] == '\0')) {
			bad[k] = true;
			err_field(&l, fl, N_("is required"));
		}
	}
	sb_free(&norm);
	sb_free(&scratch);
	check_across(f, r, slot, bad, &l);
	for (int i = 0; unknown && i < r->n; i++)
		if (form_field_index(f, r->names[i]) < 0)
			err_add(&l, r->names[i], NULL, xasprintf(_("unknown field \"%s\""),
			    r->names[i]));
	free(slot);
	free(bad);
	*errs = l.e;
	return l.n;
}

void
form_errors_free(struct form_error *errs, int n)
{
	for (int i = 0; i < n; i++) {
		free(errs[i].message);
		free(errs[i].reason);
	}
	free(errs);
}
