/* Numbered schema migrations (1-based); see schema.c. */
#ifndef HOSO_SCHEMA_H
#define HOSO_SCHEMA_H
int         schema_count(void);
const char *schema_migration(int n);
#endif
