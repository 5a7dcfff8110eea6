/*
 * The schema as numbered migrations. PRAGMA user_version holds the number of the
 * last migration applied; db_open applies the rest, each in its own transaction.
 * Never edit a migration that has shipped: add the next one.
 *
 * Person fields that the data layer searches, scopes or reports on are columns;
 * every other field of forms/person.json lives in the JSON column `data`, so that a
 * new field is one edit in forms/. Sub-records share one table keyed by kind, with
 * from/to dates so that reports can answer "as of date D".
 */
#include "db/schema.h"
#include <stddef.h>

static const char *const migrations[] = {
	/* 1: the foundation */
	"CREATE TABLE org ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  parent_id INTEGER REFERENCES org(id),"
	"  kind TEXT, level INTEGER,"
	"  path TEXT NOT NULL,"		/* "/1/5/23/": the subtree is a prefix range */
	"  headcount INTEGER,"
	"  valid_from TEXT, valid_to TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX org_parent ON org(parent_id);"
	"CREATE INDEX org_path ON org(path);"
	"CREATE TABLE code ("
	"  list TEXT NOT NULL, code TEXT NOT NULL, label TEXT NOT NULL, label_en TEXT,"
	"  PRIMARY KEY (list, code)) WITHOUT ROWID;"
	"CREATE TABLE account ("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL UNIQUE,"
	"  full_name TEXT NOT NULL DEFAULT '',"
	"  pw_hash TEXT,"
	"  role TEXT NOT NULL,"
	"  org_id INTEGER REFERENCES org(id),"
	"  person_id INTEGER,"
	"  lang TEXT NOT NULL DEFAULT 'vi',"
	"  locked INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL,"
	"  last_login TEXT);"
	"CREATE TABLE account_key ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
	"  key_type TEXT NOT NULL, key_b64 TEXT NOT NULL, comment TEXT,"
	"  created_at TEXT NOT NULL,"
	"  UNIQUE (key_type, key_b64));"
	"CREATE TABLE auth_failure ("
	"  id INTEGER PRIMARY KEY, username TEXT NOT NULL, source TEXT NOT NULL,"
	"  at REAL NOT NULL);"
	"CREATE INDEX auth_failure_user ON auth_failure(username, at);"
	"CREATE INDEX auth_failure_source ON auth_failure(source, at);"
	"CREATE TABLE person ("
	"  id INTEGER PRIMARY KEY,"
	"  id_number TEXT NOT NULL UNIQUE,"
	"  full_name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL,"	/* folded full name: "nguyen van duc" */
	"  given_key TEXT NOT NULL,"	/* folded given name first: "duc nguyen van" */
	"  date_of_birth TEXT NOT NULL,"
	"  sex TEXT NOT NULL CHECK (sex IN ('M','F')),"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  staff_category TEXT, rank_code TEXT, position TEXT,"
	"  employment_status TEXT, ethnicity TEXT, religion TEXT,"
	"  data TEXT NOT NULL DEFAULT '{}',"
	"  verify_state TEXT NOT NULL DEFAULT 'unchecked',"
	"  verify_at TEXT, verify_request_id TEXT, verify_by TEXT, verify_fields TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"
	"CREATE INDEX person_name ON person(name_key);"
	"CREATE INDEX person_given ON person(given_key);"
	"CREATE INDEX person_org ON person(org_id);"
	"CREATE INDEX person_dob ON person(date_of_birth);"
	"CREATE INDEX person_rank ON person(rank_code);"
	"CREATE INDEX person_verify ON person(verify_state);"
	"CREATE TABLE person_item ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  date_from TEXT, date_to TEXT,"
	"  data TEXT NOT NULL DEFAULT '{}',"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"
	"CREATE INDEX person_item_person ON person_item(person_id, kind, date_from);"
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL, actor TEXT NOT NULL, session TEXT NOT NULL,"
	"  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER,"
	"  before TEXT, after TEXT,"
	"  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	/* Append-only for the program; the hash chain shows tampering by anyone else. */
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	"CREATE TABLE verify_queue ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  person_version INTEGER NOT NULL,"
	"  officer TEXT NOT NULL,"
	"  queued_at TEXT NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_at REAL NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  UNIQUE (person_id, person_version));"
	"CREATE INDEX verify_queue_next ON verify_queue(next_at);"
	"CREATE TABLE draft ("
	"  account_id INTEGER NOT NULL, form TEXT NOT NULL, record_id INTEGER NOT NULL,"
	"  data TEXT NOT NULL, saved_at TEXT NOT NULL,"
	"  PRIMARY KEY (account_id, form, record_id));"
	"CREATE TABLE import_run ("
	"  id INTEGER PRIMARY KEY, file TEXT NOT NULL, actor TEXT NOT NULL,"
	"  started_at TEXT NOT NULL, finished_at TEXT, rows_read INTEGER DEFAULT 0,"
	"  written INTEGER DEFAULT 0, updated INTEGER DEFAULT 0, rejected INTEGER DEFAULT 0,"
	"  status TEXT NOT NULL DEFAULT 'running');",
	/* 2: indexes set aside by a bulk load, to be rebuilt even if it dies */
	"CREATE TABLE pending_index ("
	"  name TEXT PRIMARY KEY, sql TEXT NOT NULL, owner_pid INTEGER NOT NULL);",
	/* 3: name indexes carry the rest of the result order, so a page of a common
	 * name is read in order instead of sorting everyone who shares it */
	"DROP INDEX person_name; DROP INDEX person_given;"
	"CREATE INDEX person_name ON person(name_key, date_of_birth, id);"
	"CREATE INDEX person_given ON person(given_key, date_of_birth, id);",
	/* 4: "everyone in this state" is listed in name order from the index */
	"DROP INDEX person_verify;"
	"CREATE INDEX person_verify ON person(verify_state, name_key, id);",
	/* 5: the name index carries the verification state, so "everyone in this state"
	 * is read in name order from it, filtered without reading the rows (a state
	 * nobody is in: the whole index, 0.2 s at 2.5 million); one index fewer to build
	 * on every national load */
	"DROP INDEX person_verify; DROP INDEX person_name;"
	"CREATE INDEX person_name ON person(name_key, date_of_birth, id, verify_state);",
	/* 6: the ID number's uniqueness is an index of its own instead of a constraint
	 * of the table, so that a first load can set it aside with the others and build
	 * it by sorting (kept up row by row it was a fifth of the writing); the import
	 * checks the file's own duplicates as it reads. SQLite cannot drop a
	 * constraint: the table is rebuilt, with the same rows and ids (migrations run
	 * with foreign keys off, so the sub-records stay as they are). */
	"CREATE TABLE person_new ("
	"  id INTEGER PRIMARY KEY,"
	"  id_number TEXT NOT NULL,"
	"  full_name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL,"
	"  given_key TEXT NOT NULL,"
	"  date_of_birth TEXT NOT NULL,"
	"  sex TEXT NOT NULL CHECK (sex IN ('M','F')),"
	"  org_id INTEGER NOT NULL REFERENCES org(id),"
	"  staff_category TEXT, rank_code TEXT, position TEXT,"
	"  employment_status TEXT, ethnicity TEXT, religion TEXT,"
	"  data TEXT NOT NULL DEFAULT '{}',"
	"  verify_state TEXT NOT NULL DEFAULT 'unchecked',"
	"  verify_at TEXT, verify_request_id TEXT, verify_by TEXT, verify_fields TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"
	"INSERT INTO person_new SELECT id, id_number, full_name, name_key, given_key,"
	"  date_of_birth, sex, org_id, staff_category, rank_code, position,"
	"  employment_status, ethnicity, religion, data, verify_state, verify_at,"
	"  verify_request_id, verify_by, verify_fields, version, created_at, updated_at,"
	"  updated_by FROM person;"
	"DROP TABLE person;"
	"ALTER TABLE person_new RENAME TO person;"
	"CREATE UNIQUE INDEX person_id_number ON person(id_number);"
	"CREATE INDEX IF NOT EXISTS person_name ON person(name_key, date_of_birth, id,"
	"  verify_state);"
	"CREATE INDEX IF NOT EXISTS person_given ON person(given_key, date_of_birth, id);"
	"CREATE INDEX IF NOT EXISTS person_org ON person(org_id);"
	"CREATE INDEX IF NOT EXISTS person_dob ON person(date_of_birth);"
	"CREATE INDEX IF NOT EXISTS person_rank ON person(rank_code);"
	"DELETE FROM pending_index WHERE name IN ('person_name', 'person_given',"
	"  'person_org', 'person_dob', 'person_rank');",
	/* 7: a row that writes a person or sub-record carries the content hash of the
	 * row as written, inside its link of the chain, for hoso check to compare the
	 * live row with (imports keep theirs in "after", as before) */
	"ALTER TABLE audit ADD COLUMN row_hash TEXT;",
	/* 8: sign-in throttles (db/throttle.c) per account and source address, and
	 * per source across accounts (username '*'), each with a fixed end that
	 * failures during it do not move; they replace auth_failure's row per failure,
	 * whose rolling count let an attacker lock an account for everyone. */
	"DROP TABLE auth_failure;"
	"CREATE TABLE auth_throttle ("
	"  username TEXT NOT NULL, source TEXT NOT NULL,"
	"  failures INTEGER NOT NULL,"	/* since first_at */
	"  first_at REAL NOT NULL,"	/* Unix seconds */
	"  until REAL,"			/* throttled until then; NULL: not throttled */
	"  PRIMARY KEY (username, source)) WITHOUT ROWID;"
	"CREATE INDEX auth_throttle_source ON auth_throttle(source);",
	/* 9: statistics kept current: headcounts of each agency's subtree (and of the
	 * nation, agency 0) per breakdown and value, kept by triggers on person in the
	 * same transaction as every write (stat.c makes them, the ancestor table and
	 * the first count, at open); the agency index carries sex and date of
	 * birth, so that the retirement alert reads an agency's people by birth range;
	 * it and the birth index carry the employment status too, so that a month's
	 * birthdays (the age bands' edges) are counted from an index alone */
	"CREATE TABLE org_ancestor ("	/* each agency's ancestors, itself and 0 (the nation) */
	"  org_id INTEGER NOT NULL, ancestor_id INTEGER NOT NULL,"
	"  PRIMARY KEY (org_id, ancestor_id)) WITHOUT ROWID;"
	"CREATE TABLE stat_count ("
	"  org_id INTEGER NOT NULL, breakdown TEXT NOT NULL, value TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (org_id, breakdown, value)) WITHOUT ROWID;"
	"DROP INDEX IF EXISTS person_org;"
	"DROP INDEX IF EXISTS person_dob;"
	"DELETE FROM pending_index WHERE name IN ('person_org', 'person_dob');"
	"CREATE INDEX person_org ON person(org_id, sex, date_of_birth, employment_status);"
	"CREATE INDEX person_dob ON person(date_of_birth, sex, employment_status);",
	/* An account whose password an administrator reset must
	 * choose its own at the next sign-in (db/account_admin.c) */
	"ALTER TABLE account ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;",
	/* Retired codes of the code lists (forms/codes "retired"),
	 * mirrored like the codes themselves: an old code and the code that replaced
	 * it, for reports over history rows that still hold the old one */
	"CREATE TABLE code_alias ("
	"  list TEXT NOT NULL, old_code TEXT NOT NULL, code TEXT NOT NULL, label TEXT,"
	"  PRIMARY KEY (list, old_code)) WITHOUT ROWID;"
	"DELETE FROM code WHERE list = '' AND code = '';",	/* sync again: fill it */
	/* agencies are closed, never deleted, when merged or split (org_change.c):
	 * valid_to is their last day and merged_into their successor, so that the
	 * old codes stay as history and "as of a date before the change" can be
	 * answered with the old tree (with the people's work-history rows) */
	"ALTER TABLE org ADD COLUMN merged_into INTEGER REFERENCES org(id);",
	/* transfers of people between agencies (transfer.c): started by the sending
	 * agency, taken over by the receiving one; at most one open per person */
	"CREATE TABLE transfer ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  from_org INTEGER NOT NULL REFERENCES org(id),"
	"  to_org INTEGER NOT NULL REFERENCES org(id),"
	"  date TEXT NOT NULL,"		/* effective: the first day at to_org */
	"  decision TEXT,"
	"  started_at TEXT NOT NULL, started_by TEXT NOT NULL,"
	"  accepted_at TEXT, accepted_by TEXT);"
	"CREATE UNIQUE INDEX transfer_open ON transfer(person_id) WHERE accepted_at IS NULL;"
	"CREATE INDEX transfer_to ON transfer(to_org, accepted_at);"
	"CREATE INDEX transfer_from ON transfer(from_org, accepted_at);",
	/* A civil servant's own account is bound to one person, and a person
	 * has at most one (db/account_self.c) */
	"CREATE UNIQUE INDEX account_person ON account(person_id)"
	"  WHERE person_id IS NOT NULL;",
	/* A person's proposed changes to their own items (db/proposal.c):
	 * before, after and what was written, as JSON objects of the changed fields */
	"CREATE TABLE proposal ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL, item_id INTEGER NOT NULL DEFAULT 0,"
	"  proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL,"
	"  before TEXT NOT NULL, after TEXT NOT NULL, written TEXT,"
	"  state TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (state IN ('pending', 'approved', 'returned')),"
	"  reason TEXT, decided_by TEXT, decided_at TEXT);"
	"CREATE INDEX proposal_person ON proposal(person_id, id);"
	"CREATE INDEX proposal_state ON proposal(state, id);",
	/* Declarations of assets and income (db/assets.c). A submitted one never
	 * changes: a correction is a new version of the same person, kind and year.
	 * The agency's designated officers who may read them are marked on their
	 * accounts. */
	"CREATE TABLE asset_decl ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  kind TEXT NOT NULL, year INTEGER NOT NULL, version INTEGER NOT NULL,"
	"  supersedes INTEGER REFERENCES asset_decl(id),"
	"  amounts TEXT NOT NULL, origins TEXT NOT NULL,"
	"  submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL,"
	"  UNIQUE (person_id, kind, year, version));"
	"CREATE TRIGGER asset_decl_no_update BEFORE UPDATE ON asset_decl"
	"  BEGIN SELECT RAISE(ABORT, 'a submitted declaration never changes'); END;"
	"CREATE TRIGGER asset_decl_no_delete BEFORE DELETE ON asset_decl"
	"  BEGIN SELECT RAISE(ABORT, 'a submitted declaration never changes'); END;"
	"ALTER TABLE account ADD COLUMN asset_officer INTEGER NOT NULL DEFAULT 0;",
	/* A bulk import of sub-records keeps, per row, the file's line it
	 * came from and the row's content hash (item_content_hash), instead of an audit
	 * row that repeated the whole row: packed per batch into one row of
	 * import_batch, sealed by an audit row (action 'import', entity 'person_item',
	 * the batch's items and lines in "after") whose row_hash is the SHA-256 of the
	 * packed rows, so the keyed chain vouches for every one (import_batch.c). seq
	 * is the seal's. */
	"CREATE TABLE import_batch ("
	"  seq INTEGER PRIMARY KEY,"
	"  first_item INTEGER NOT NULL, last_item INTEGER NOT NULL,"
	"  rows BLOB NOT NULL);"
	"CREATE TRIGGER import_batch_no_update BEFORE UPDATE ON import_batch"
	"  BEGIN SELECT RAISE(ABORT, 'import hashes are append-only'); END;"
	"CREATE TRIGGER import_batch_no_delete BEFORE DELETE ON import_batch"
	"  BEGIN SELECT RAISE(ABORT, 'import hashes are append-only'); END;"
	/* A person's sub-records are read all at once (some 30) and sorted there: the
	 * index need not carry kind and date, which made it 0.8 KiB a person. */
	"DROP INDEX IF EXISTS person_item_person;"
	"CREATE INDEX person_item_person ON person_item(person_id);",
	/* The HR alerts' dates (db/stat_dated.c), each read agency by
	 * agency through an index that starts with the agency: the next step date, the last raise's
	 * date by salary scale (the scale sets the interval), the probation's and the
	 * fixed-term contract's ends. Partial: most people have no such date. */
	"CREATE INDEX person_next_step ON person(org_id,"
	"  json_extract(data, '$.next_step_date'))"
	"  WHERE json_extract(data, '$.next_step_date') IS NOT NULL;"
	"CREATE INDEX person_salary_date ON person(org_id,"
	"  json_extract(data, '$.salary_scale'), json_extract(data, '$.salary_date'))"
	"  WHERE json_extract(data, '$.salary_date') IS NOT NULL;"
	"CREATE INDEX person_probation_end ON person(org_id,"
	"  json_extract(data, '$.probation_end_date'))"
	"  WHERE json_extract(data, '$.probation_end_date') IS NOT NULL;"
	"CREATE INDEX person_contract_end ON person(org_id,"
	"  json_extract(data, '$.contract_end_date'))"
	"  WHERE json_extract(data, '$.contract_end_date') IS NOT NULL;",
};

int
schema_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *
schema_migration(int n)
{
	return n >= 1 && n <= schema_count() ? migrations[n - 1] : NULL;
}
