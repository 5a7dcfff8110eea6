/*
 * The form model: forms/<name>.json loaded into fields, sections and sub-record
 * grids. The same model drives the screens, validation, and the import and export
 * columns, so a new field is one edit in forms/. Labels and help lines are English
 * message ids, translated through i18n/ at display time.
 *
 * A struct form and everything in it belong to the form cache: form_get returns a
 * borrowed pointer valid until form_cache_clear. The cache is guarded by a lock, so
 * threads may call form_get and codes_get; form_cache_clear must run when no other
 * thread holds a pointer from it. The file format is described in forms/README.md.
 */
#ifndef HOSO_FORM_H
#define HOSO_FORM_H
#include <stdbool.h>
#include "core/record.h"

enum field_type {
	FT_TEXT,	/* free text, NFC, trimmed */
	FT_NUMBER,	/* decimal number; min/max when given */
	FT_DATE,	/* stored YYYY-MM-DD, typed DD/MM/YYYY or YYYY-MM-DD */
	FT_CODE,	/* a code of the code list named by codes */
	FT_IDNUM,	/* personal ID number: 12 digits, known province */
	FT_PHONE,	/* digits, optional leading +, 8-15 digits */
	FT_EMAIL,
	FT_BOOL		/* stored "1" / "0"; typed c/k, y/n, 1/0 */
};

struct form_field {
	char            *name;		/* storage and CSV column name */
	char            *label;		/* message id */
	char            *help;		/* message id, may be NULL */
	enum field_type  type;
	int              width;		/* columns on screen */
	int              maxlen;	/* characters; 0: no limit beyond width*4 */
	bool             required;
	bool             readonly;	/* shown, not typed (e.g. verification) */
	char            *codes;		/* code list name for FT_CODE */
	char            *pattern;	/* POSIX extended regex the value must match, or NULL */
	double           min, max;	/* FT_NUMBER bounds when min < max */
	int              section;	/* index into form->sections */
	/* Additions to the first contract: */
	bool             not_future;	/* FT_DATE: no later than today */
	bool             upper;		/* FT_TEXT: ASCII letters stored upper case */
	bool             agency;	/* FT_TEXT: an agency's code, chosen from the
					 * agency tree and shown with its name */
	bool             no_formula;	/* FT_TEXT: may not start with = + - @ (a
					 * spreadsheet would run it as a formula) */
	char            *def;		/* value a new record starts with, or NULL */
	bool             self_declared;	/* "owner": "self": the person declares it
					 * (a proposal a clerk approves), not the
					 * agency */
	const struct code_list *code_list;	/* FT_CODE: the list, resolved at load */
	void            *regex;		/* private: compiled pattern */
};

struct form_section {
	char *name;
	char *label;		/* message id */
};

struct form_grid {
	char  *name;		/* sub-record kind: "work", "training", ... */
	char  *label;		/* message id */
	char  *form;		/* the form of one row, e.g. "work" */
	int    ncolumns;
	char **columns;		/* field names shown as grid columns */
};

struct form {
	char                *name;
	char                *title;	/* message id */
	struct form_field   *fields;
	int                  nfields;
	struct form_section *sections;
	int                  nsections;
	struct form_grid    *grids;
	int                  ngrids;
	void                *index;	/* private: field names hashed */
	unsigned long        serial;	/* never reused: what caches of positions key on */
	bool                 self_declared;	/* "owner": "self" on the form: its
						 * fields are the person's to declare */
};

struct code_item {
	char *code;
	char *label;		/* Vietnamese, as the law writes it */
	char *label_en;		/* may be NULL: then label is shown in English too */
	char *fold;		/* folded label, for search and matching */
	int   step_months;	/* salary_scale: months between regular raises, else 0 */
	int   nsteps;		/* salary_scale: how many steps (coefficients), else 0 */
};

/* A code an older system still writes that the list no longer holds: kept as an
 * alias of the code that replaced it, so that its values are mapped, not refused. */
struct code_retired {
	char *code;
	char *current;		/* a code of the list */
	char *label;		/* what the retired code was called, or NULL */
};

struct code_list {
	char             *name;
	char             *title;	/* message id */
	struct code_item *items;
	int               nitems;
	struct code_retired *retired;
	int               nretired;
	void             *index;	/* private: codes and folded labels hashed */
};

/* Loaded on first use from paths_forms_dir(); NULL with *err (caller frees) if the
 * file is missing or malformed. err may be NULL. */
const struct form      *form_get(const char *name, char **err);
const struct code_list *codes_get(const char *name, char **err);
void                    form_cache_clear(void);
/* Names of every code list in forms/codes, NULL-terminated; caller frees the array
 * (not the strings, which belong to the cache). */
const char            **codes_list_names(void);

const struct form_field *form_field(const struct form *f, const char *name);
/* Index of the field in f->fields, or -1. */
int                      form_field_index(const struct form *f, const char *name);
const struct form_grid  *form_grid(const struct form *f, const char *name);
/* "text", "number", ... as written in forms/; NULL-safe reverse: -1 if unknown. */
const char              *form_type_name(enum field_type t);
int                      form_type_parse(const char *name);
const struct code_item  *codes_find(const struct code_list *cl, const char *code);
/* Match what a person typed or a file holds: a code, a retired code (its current
 * item), or a label compared accent-insensitively ("kinh" finds Kinh). NULL if none
 * matches exactly. */
const struct code_item  *codes_match(const struct code_list *cl, const char *text);
/* A list read afresh from its file, outside the cache (after codes_file_add, to
 * show what it holds now); the caller frees it with codes_list_free. */
struct code_list        *codes_load(const char *name, char **err);
void                     codes_list_free(struct code_list *cl);
/* Append an item to forms/codes/<list>.json, the file written whole under a new
 * name and renamed over the old: the code must be new to the list (and not one of
 * its retired codes), the label no other item's. Running processes keep the list
 * they loaded; new ones read the new file. 0, or -1 with *err (translated). */
int                      codes_file_add(const char *list, const char *code,
    const char *label, const char *label_en, char **err);
/* The retired code's entry, or NULL when code is not a retired code of cl. */
const struct code_retired *codes_retired(const struct code_list *cl, const char *code);
/* Label in the current language. */
const char              *codes_label(const struct code_item *it);
/* The matching key codes_match compares: folded (no marks, lower case, đ->d),
 * hyphens and dots made spaces, apostrophes dropped. Caller frees; NULL if s is not
 * UTF-8. Screens use it to filter a list as the user types. */
char                    *codes_key_new(const char *s);

/* Check and normalise one value for field f. Returns NULL and sets *out (caller
 * frees) to the stored form, or returns an untranslated message id saying what is
 * wrong (*out untouched). An empty value is accepted here even when required;
 * form_check_record reports missing required fields. */
const char *form_value_normalize(const struct form_field *f, const char *in, char **out);

/* The value as shown to a person (see display.c); caller frees. */
char *form_value_display_new(const struct form_field *f, const char *value);

struct form_error {
	const char *field;	/* borrowed from the form */
	char       *message;	/* translated, caller frees with form_errors_free */
	char       *reason;	/* the same without "Label: ", translated */
};
/* Normalise every field of r in place; returns the number of errors and an array
 * (caller frees with form_errors_free), in the form's field order, unknown fields
 * last. Unknown field names are errors too (then .field is the record's own name
 * string, valid while r is unchanged). Besides each value on its own it checks that
 * an FT_IDNUM value agrees with the fields "sex" and "date_of_birth", and that
 * "date_to" is not before "date_from". Messages are "Label: what is wrong". */
int  form_check_record(const struct form *f, struct record *r, struct form_error **errs);
void form_errors_free(struct form_error *errs, int n);

/* Vietnam's working-day calendar (core/workdays.h) from the code lists "holiday"
 * and "makeup_workday"; NULL with *err when they cannot be read. Free with
 * workdays_free. */
struct workdays;
struct workdays *form_workdays_new(char **err);

/* The asset declaration's rules, forms/assets.json (form/assets.c). */
struct asset_item {
	char      *code;
	char      *label;	/* Vietnamese */
	char      *label_en;	/* may be NULL */
	long long  min_each;	/* a group's items are declared from this value (VND) */
	bool       stock;	/* an asset held (its increase is compared), not a flow */
};
struct asset_rules {
	struct asset_item *kinds;
	int                nkinds;
	struct asset_item *groups;	/* in the order of the declaration form */
	int                ngroups;
	long long          increase_threshold;	/* an increase from this (VND) is
						 * explained: its origin */
};
/* NULL with *err when the file is missing or incomplete; free with
 * asset_rules_free. */
struct asset_rules *asset_rules_new(char **err);
void asset_rules_free(struct asset_rules *r);
const struct asset_item *asset_rules_find(const struct asset_item *v, int n,
    const char *code);
/* The label in the current language. */
const char *asset_item_label(const struct asset_item *it);
#endif
