/*
 * The résumé of a person in the official layout of form 2C (Mẫu 2C-BNV/2008, "Sơ
 * yếu lý lịch cán bộ, công chức"): its header, the 32 numbered items in order, the
 * tables of training, work history, family and salary progression, and the
 * signature blocks, as plain text 80 columns wide. Labels follow the session's
 * language (Vietnamese by default, as the form is written).
 */
#ifndef HOSO_REPORT_RESUME_2C_H
#define HOSO_REPORT_RESUME_2C_H
#include <stdint.h>
#include "db/db.h"

/* The résumé as UTF-8 text; caller frees. NULL with *err (caller frees) when the
 * record cannot be read. The read is logged as a view with purpose "print". */
char *resume_2c_new(struct db *db, const struct actor *who, int64_t id, char **err);
#endif
