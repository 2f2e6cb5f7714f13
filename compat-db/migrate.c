/* compat-db: versioned schema migrations.
 *
 * The schema version is PRAGMA user_version; PRAGMA application_id marks the
 * file as ours.  Migration N takes version N to N+1 inside one IMMEDIATE
 * transaction that also bumps user_version, so a crash or a concurrent
 * migrator leaves either the old or the new schema, never half of one.
 * Before migrating a database that already holds data, a copy is kept next
 * to it (PATH.schema-vN.bak).  Migrations only ever add: never drop or
 * rewrite recorded rows.  Append new ones at the end; never edit old ones. */
#include "compat-db/compat.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const migrations[] = {
	/* 0 -> 1: binaries, where they were seen, runs and per-syscall counts */
	"CREATE TABLE binaries ("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  size INTEGER NOT NULL,"
	"  format TEXT NOT NULL,"		/* elf, not-elf, malformed */
	"  error TEXT,"
	"  abi TEXT, os TEXT, arch TEXT,"
	"  elf_class INTEGER, osabi INTEGER, elf_type TEXT,"
	"  os_version INTEGER, os_version_str TEXT,"
	"  linkage TEXT, interp TEXT,"
	"  lang TEXT, go_version TEXT, go_info TEXT, go_module TEXT, go_module_version TEXT,"
	"  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);"
	"CREATE TABLE binary_paths ("
	"  binary_id INTEGER NOT NULL REFERENCES binaries(id),"
	"  path TEXT NOT NULL, last_seen TEXT NOT NULL,"
	"  PRIMARY KEY (binary_id, path));"
	"CREATE TABLE binary_needed ("
	"  binary_id INTEGER NOT NULL REFERENCES binaries(id),"
	"  seq INTEGER NOT NULL, lib TEXT NOT NULL,"
	"  PRIMARY KEY (binary_id, seq));"
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  binary_id INTEGER REFERENCES binaries(id),"
	"  program TEXT NOT NULL, args TEXT NOT NULL,"		/* args: JSON array */
	"  abirun_version TEXT NOT NULL, host_kernel TEXT NOT NULL,"
	"  started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL,"
	"  outcome TEXT NOT NULL,"	/* exit signal timeout cannot-execute not-found spawn-error */
	"  exit_code INTEGER, signal INTEGER, timeout_s INTEGER,"
	"  stdout_sha256 TEXT, stdout_bytes INTEGER, stderr_sha256 TEXT, stderr_bytes INTEGER,"
	"  stderr_head TEXT,"
	"  expect TEXT, expect_mode TEXT, expect_matched INTEGER,"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),"
	"  reason TEXT,"
	"  stats_abi TEXT, total_calls INTEGER, total_errors INTEGER, total_enosys INTEGER);"
	"CREATE INDEX runs_name_version ON runs(name, abirun_version);"
	"CREATE INDEX runs_version ON runs(abirun_version);"
	"CREATE TABLE run_syscalls ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  nr INTEGER NOT NULL, name TEXT,"
	"  status TEXT NOT NULL,"	/* full partial missing stub, or unknown (not in the ABI) */
	"  count INTEGER NOT NULL, errors INTEGER NOT NULL, enosys INTEGER NOT NULL,"
	"  PRIMARY KEY (run_id, nr));",

	/* 1 -> 2: corpus provenance (where a manifest run's binary came from),
	 * the exit status it was expected to give, and a per-syscall index for
	 * `missing` */
	"ALTER TABLE runs ADD COLUMN source TEXT;"
	"ALTER TABLE runs ADD COLUMN expect_exit INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX run_syscalls_nr ON run_syscalls(nr, enosys);",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(sizeof migrations / sizeof migrations[0] == COMPAT_SCHEMA_VERSION,
	       "COMPAT_SCHEMA_VERSION must equal the number of migrations");

static void backup(struct compat_db *db, int from)
{
	char *bak = compat_xasprintf("%s.schema-v%d.bak", db->path, from);
	if (access(bak, F_OK) != 0) {
		char *q = sqlite3_mprintf("VACUUM INTO %Q", bak);
		if (compat_db_exec(db, q) < 0)
			compat_err("warning: could not save a copy of %s before migrating it: %s",
				   db->path, sqlite3_errmsg(db->h));
		else
			fprintf(stderr, "abirun compat: migrating %s from schema %d to %d "
				"(a copy of the old file is kept as %s)\n", db->path, from,
				COMPAT_SCHEMA_VERSION, bak);
		sqlite3_free(q);
	}
	free(bak);
}

int compat_migrate(struct compat_db *db, int target)
{
	if (target > NMIGRATIONS)
		target = NMIGRATIONS;
	int cur = compat_db_user_version(db);
	if (cur < 0) {
		compat_db_error(db, "reading the schema version");
		return -1;
	}
	if (cur > 0 && cur < target)
		backup(db, cur);
	while (cur < target) {
		char sql[128];
		if (compat_db_begin(db) < 0)
			return -1;
		/* another process may have migrated while we waited for the lock */
		cur = compat_db_user_version(db);
		if (cur >= target) {
			compat_db_commit(db);
			break;
		}
		if (compat_db_exec(db, migrations[cur]) < 0) {
			char what[64];
			snprintf(what, sizeof what, "migrating the schema from version %d", cur);
			compat_db_error(db, what);
			compat_db_rollback(db);
			return -1;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
			 cur + 1, COMPAT_APPLICATION_ID);
		if (compat_db_exec(db, sql) < 0) {
			compat_db_error(db, "recording the schema version");
			compat_db_rollback(db);
			return -1;
		}
		if (compat_db_commit(db) < 0)
			return -1;
		cur++;
	}
	return 0;
}
