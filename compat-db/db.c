/* compat-db: opening the SQLite database safely.
 *
 * Location: --db PATH, else $XDG_DATA_HOME/abirun/compat.db, else
 * ~/.local/share/abirun/compat.db.  WAL journal and a busy timeout make
 * concurrent writers safe; every write is one IMMEDIATE transaction.  A
 * missing (for read commands), locked, corrupt, foreign or newer-schema
 * database gets a clear message and is never modified. */
#include "compat-db/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *compat_db_default_path(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	if (x && x[0] == '/')
		return compat_xasprintf("%s/abirun/compat.db", x);
	/* no getpwuid(): abirun is linked statically, where NSS is unreliable */
	const char *home = getenv("HOME");
	if (!home || home[0] != '/')
		return NULL;
	return compat_xasprintf("%s/.local/share/abirun/compat.db", home);
}

void compat_db_error(struct compat_db *db, const char *what)
{
	int code = db->h ? sqlite3_extended_errcode(db->h) : SQLITE_CANTOPEN;
	const char *msg = db->h ? sqlite3_errmsg(db->h) : "cannot open";
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		compat_err("%s: the database %s is locked by another process (gave up after the busy "
			   "timeout); nothing was changed, try again", what, db->path);
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		compat_err("%s: %s is not an SQLite database or is corrupt (%s); it was left untouched — "
			   "move it aside or pass --db to use another file", what, db->path, msg);
		break;
	case SQLITE_READONLY:
		compat_err("%s: the database %s is read-only (%s)", what, db->path, msg);
		break;
	case SQLITE_FULL:
		compat_err("%s: disk full while writing %s; the transaction was rolled back", what, db->path);
		break;
	case SQLITE_CANTOPEN:
		compat_err("%s: cannot open the database %s (%s)", what, db->path, msg);
		break;
	default:
		compat_err("%s: database %s: %s", what, db->path, msg);
	}
}

int compat_db_exec(struct compat_db *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int compat_db_begin(struct compat_db *db)
{
	if (compat_db_exec(db, "BEGIN IMMEDIATE") < 0) {
		compat_db_error(db, "starting a transaction");
		return -1;
	}
	return 0;
}

int compat_db_commit(struct compat_db *db)
{
	if (compat_db_exec(db, "COMMIT") < 0) {
		compat_db_error(db, "committing");
		compat_db_rollback(db);
		return -1;
	}
	return 0;
}

void compat_db_rollback(struct compat_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		compat_db_exec(db, "ROLLBACK");
}

sqlite3_stmt *compat_db_prepare(struct compat_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		compat_db_error(db, "preparing a query");
		return NULL;
	}
	return st;
}

static int pragma_int(struct compat_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	return -1;
}

int compat_db_user_version(struct compat_db *db)
{
	int v = -1;
	pragma_int(db, "PRAGMA user_version", &v);
	return v;
}

static int busy_ms(void)
{
	const char *e = getenv("ABIRUN_COMPAT_BUSY_MS");
	if (e && *e) {
		long v = strtol(e, NULL, 10);
		if (v >= 0 && v < 3600000)
			return (int)v;
	}
	return 15000;
}

int compat_db_open_at(struct compat_db *db, const char *path, enum compat_db_mode mode, int target)
{
	struct stat st;
	int appid = 0, ver = 0, ntables = 0;

	memset(db, 0, sizeof *db);
	db->path = path ? compat_xstrdup(path) : compat_db_default_path();
	if (!db->path) {
		compat_err("cannot locate the compat database: neither XDG_DATA_HOME nor HOME is set; pass --db PATH");
		return -1;
	}
	if (stat(db->path, &st) < 0) {
		if (errno != ENOENT) {
			compat_err("cannot access the database %s: %s", db->path, strerror(errno));
			goto fail;
		}
		if (mode == COMPAT_DB_EXISTING) {
			compat_err("no compat database at %s yet: record something first with "
				   "`abirun compat scan PATH...` or `abirun compat run -- PROGRAM`, or pass --db PATH",
				   db->path);
			goto fail;
		}
		char *dir = compat_dirname(db->path);
		if (compat_mkdir_p(dir, 0755) < 0) {
			compat_err("cannot create the directory %s for the database: %s", dir, strerror(errno));
			free(dir);
			goto fail;
		}
		free(dir);
	} else if (!S_ISREG(st.st_mode)) {
		compat_err("the database path %s is not a regular file", db->path);
		goto fail;
	}

	int flags = SQLITE_OPEN_READWRITE | (mode == COMPAT_DB_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(db->path, &db->h, flags, NULL) != SQLITE_OK) {
		compat_db_error(db, "opening");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, busy_ms());

	/* Reading the schema is the first real access: it is what fails on a
	 * file that is not a database or whose header is damaged. */
	if (pragma_int(db, "SELECT count(*) FROM sqlite_schema", &ntables) < 0 ||
	    pragma_int(db, "PRAGMA application_id", &appid) < 0 ||
	    pragma_int(db, "PRAGMA user_version", &ver) < 0) {
		compat_db_error(db, "reading the database");
		goto fail;
	}
	if (appid != COMPAT_APPLICATION_ID && (appid != 0 || ver != 0 || ntables != 0)) {
		compat_err("%s is an SQLite database but not an abirun compat database "
			   "(application_id %#x); it was left untouched — pass --db to use another file",
			   db->path, (unsigned)appid);
		goto fail;
	}
	if (ver > COMPAT_SCHEMA_VERSION) {
		compat_err("the database %s has schema version %d, newer than this abirun understands "
			   "(%d): it was written by a newer abirun; upgrade abirun (%s) or pass --db",
			   db->path, ver, COMPAT_SCHEMA_VERSION, compat_version());
		goto fail;
	}

	/* WAL: readers never block the writer; synchronous=FULL: a committed
	 * run survives a power cut. */
	if (compat_db_exec(db, "PRAGMA journal_mode=WAL") < 0 ||
	    compat_db_exec(db, "PRAGMA synchronous=FULL") < 0 ||
	    compat_db_exec(db, "PRAGMA foreign_keys=ON") < 0) {
		compat_db_error(db, "configuring the database");
		goto fail;
	}
	if (ver < target && compat_migrate(db, target) < 0)
		goto fail;
	return 0;
fail:
	compat_db_close(db);
	return -1;
}

int compat_db_open(struct compat_db *db, const char *path, enum compat_db_mode mode)
{
	return compat_db_open_at(db, path, mode, COMPAT_SCHEMA_VERSION);
}

void compat_db_close(struct compat_db *db)
{
	if (db->h)
		sqlite3_close_v2(db->h);
	db->h = NULL;
	free(db->path);
	db->path = NULL;
}
