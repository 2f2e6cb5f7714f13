/* compat-db: schema, migrations, and the refusals that protect recorded data
 * (missing, locked, corrupt, foreign and newer-schema databases); concurrent
 * writers. */
#include "test_compat.h"

#include <sys/wait.h>

static int count(struct compat_db *db, const char *sql)
{
	sqlite3_stmt *st = compat_db_prepare(db, sql);
	cr_assert_not_null(st);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *stderr_of(void (*fn)(const char *), const char *arg)
{
	char path[] = "/tmp/compat-err-XXXXXX";
	int fd = mkstemp(path);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	char *text;
	cr_assert_eq(compat_read_file(path, 1 << 20, &text, NULL), 0);
	unlink(path);
	return text;
}

static int open_result;
static void try_open_existing(const char *path)
{
	struct compat_db db;
	open_result = compat_db_open(&db, path, COMPAT_DB_EXISTING);
	if (open_result == 0)
		compat_db_close(&db);
}

static void try_open_create(const char *path)
{
	struct compat_db db;
	open_result = compat_db_open(&db, path, COMPAT_DB_CREATE);
	if (open_result == 0)
		compat_db_close(&db);
}

static void sample_run(struct compat_run_result *r, const char *name, const char *verdict)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	r->program = "/bin/true";
	r->version = "v-test";
	snprintf(r->host_kernel, sizeof r->host_kernel, "Linux test");
	snprintf(r->started_at, sizeof r->started_at, "2025-01-01T00:00:00Z");
	snprintf(r->outcome, sizeof r->outcome, "exit");
	r->exit_code = 0;
	snprintf(r->verdict, sizeof r->verdict, "%s", verdict);
	r->expect_matched = -1;
}

Test(compat_db, fresh_database_has_schema)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/sub/dir/compat.db", d);	/* directories are created */
	struct compat_db db;
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	cr_assert_eq(compat_db_user_version(&db), COMPAT_SCHEMA_VERSION);
	cr_assert_eq(count(&db, "PRAGMA application_id"), COMPAT_APPLICATION_ID);
	cr_assert_eq(count(&db, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name IN "
			   "('binaries','binary_paths','binary_needed','runs','run_syscalls')"), 5);
	sqlite3_stmt *st = compat_db_prepare(&db, "PRAGMA journal_mode");
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* v2 columns */
	cr_assert_eq(count(&db, "SELECT count(*) FROM pragma_table_info('runs') WHERE name IN ('source','expect_exit')"), 2);
	compat_db_close(&db);
	/* reopening is idempotent */
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_EXISTING), 0);
	cr_assert_eq(compat_db_user_version(&db), COMPAT_SCHEMA_VERSION);
	compat_db_close(&db);
	tc_rm_rf(d);
}

Test(compat_db, migration_from_v1_keeps_data_and_a_copy)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/compat.db", d);
	struct compat_db db;
	cr_assert_eq(compat_db_open_at(&db, p, COMPAT_DB_CREATE, 1), 0);
	cr_assert_eq(compat_db_user_version(&db), 1);
	cr_assert_eq(count(&db, "SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'source'"), 0);
	/* data written by a version-1 abirun */
	cr_assert_eq(compat_db_exec(&db,
		"INSERT INTO binaries (sha256, size, format, abi, first_seen, last_seen)"
		"  VALUES ('aa', 1, 'elf', 'freebsd-amd64', 't', 't');"
		"INSERT INTO runs (name, binary_id, program, args, abirun_version, host_kernel, started_at,"
		"  duration_ms, outcome, exit_code, verdict) VALUES ('old', 1, '/x', '[]', 'v0', 'Linux', 't', 5, 'exit', 0, 'pass');"
		"INSERT INTO run_syscalls VALUES (1, 4, 'write', 'full', 3, 0, 0);"), 0);
	compat_db_close(&db);

	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_EXISTING), 0);
	cr_assert_eq(compat_db_user_version(&db), COMPAT_SCHEMA_VERSION);
	cr_assert_eq(count(&db, "SELECT count(*) FROM runs WHERE name = 'old' AND verdict = 'pass'"), 1);
	cr_assert_eq(count(&db, "SELECT count(*) FROM run_syscalls WHERE nr = 4 AND count = 3"), 1);
	cr_assert_eq(count(&db, "SELECT expect_exit FROM runs WHERE name = 'old'"), 0);
	compat_db_close(&db);
	/* the pre-migration copy is a readable version-1 database */
	char *bak = compat_xasprintf("%s.schema-v1.bak", p);
	cr_assert_eq(access(bak, R_OK), 0, "no backup %s", bak);
	sqlite3 *h;
	cr_assert_eq(sqlite3_open(bak, &h), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT count(*) FROM runs", -1, &st, NULL);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(h);
	tc_rm_rf(d);
}

Test(compat_db, missing_database_is_an_error_for_readers)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/none.db", d);
	char *err = stderr_of(try_open_existing, p);
	cr_assert_eq(open_result, -1);
	cr_assert(strstr(err, "no compat database") != NULL, "%s", err);
	cr_assert_neq(access(p, F_OK), 0, "a reader must not create the file");
	tc_rm_rf(d);
}

Test(compat_db, corrupt_file_is_refused_and_untouched)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/garbage.db", d);
	char junk[8192];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7 + 3);
	tc_write(p, junk, sizeof junk, 0644);
	char *err = stderr_of(try_open_create, p);
	cr_assert_eq(open_result, -1);
	cr_assert(strstr(err, "corrupt") != NULL, "%s", err);
	char *after;
	size_t len;
	cr_assert_eq(compat_read_file(p, 1 << 20, &after, &len), 0);
	cr_assert_eq(len, sizeof junk);
	cr_assert_eq(memcmp(after, junk, len), 0, "the corrupt file was modified");

	/* a real database whose pages were damaged */
	char *q = compat_xasprintf("%s/damaged.db", d);
	struct compat_db db;
	cr_assert_eq(compat_db_open(&db, q, COMPAT_DB_CREATE), 0);
	compat_db_exec(&db, "PRAGMA wal_checkpoint(TRUNCATE)");
	compat_db_close(&db);
	int fd = open(q, O_WRONLY);
	cr_assert(fd >= 0);
	cr_assert_eq(pwrite(fd, "XXXXXXXXXXXXXXXXXXXX", 20, 0), 20);	/* the header magic */
	close(fd);
	err = stderr_of(try_open_create, q);
	cr_assert_eq(open_result, -1);
	cr_assert(strstr(err, "corrupt") != NULL, "%s", err);
	tc_rm_rf(d);
}

Test(compat_db, foreign_sqlite_database_is_refused)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/other.db", d);
	sqlite3 *h;
	cr_assert_eq(sqlite3_open(p, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (42);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	char *err = stderr_of(try_open_create, p);
	cr_assert_eq(open_result, -1);
	cr_assert(strstr(err, "not an abirun compat database") != NULL, "%s", err);
	cr_assert_eq(sqlite3_open(p, &h), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL);
	sqlite3_step(st);
	cr_assert_eq(sqlite3_column_int(st, 0), 1, "tables were added to a foreign database");
	sqlite3_finalize(st);
	sqlite3_close(h);
	tc_rm_rf(d);
}

Test(compat_db, newer_schema_is_refused)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/newer.db", d);
	struct compat_db db;
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", COMPAT_SCHEMA_VERSION + 5);
	cr_assert_eq(compat_db_exec(&db, sql), 0);
	compat_db_close(&db);
	char *err = stderr_of(try_open_create, p);
	cr_assert_eq(open_result, -1);
	cr_assert(strstr(err, "newer") != NULL, "%s", err);
	cr_assert_eq(compat_db_open_at(&db, p, COMPAT_DB_CREATE, 0), -1);
	tc_rm_rf(d);
}

Test(compat_db, locked_database_gives_a_clear_error)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/locked.db", d);
	struct compat_db db, other;
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	/* another process holds the write lock for longer than our busy timeout */
	int ready[2];
	cr_assert_eq(pipe(ready), 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct compat_db c;
		if (compat_db_open(&c, p, COMPAT_DB_EXISTING) < 0 || compat_db_begin(&c) < 0)
			_exit(1);
		compat_db_exec(&c, "INSERT INTO binaries (sha256,size,format,first_seen,last_seen) VALUES ('x',1,'elf','t','t')");
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		sleep(3);
		compat_db_commit(&c);
		_exit(0);
	}
	char c;
	cr_assert_eq(read(ready[0], &c, 1), 1);
	setenv("ABIRUN_COMPAT_BUSY_MS", "300", 1);
	cr_assert_eq(compat_db_open(&other, p, COMPAT_DB_EXISTING), 0);
	int saved = dup(2), dn = open("/dev/null", O_WRONLY);
	dup2(dn, 2);
	int r = compat_db_begin(&other);
	dup2(saved, 2);
	cr_assert_eq(r, -1, "BEGIN IMMEDIATE should time out while locked");
	cr_assert_eq(sqlite3_extended_errcode(other.h) & 0xff, SQLITE_BUSY);
	compat_db_close(&other);
	int st;
	waitpid(pid, &st, 0);
	cr_assert_eq(WEXITSTATUS(st), 0);
	/* nothing was lost: the holder's row is there */
	cr_assert_eq(count(&db, "SELECT count(*) FROM binaries WHERE sha256 = 'x'"), 1);
	compat_db_close(&db);
	tc_rm_rf(d);
}

Test(compat_db, concurrent_writers_lose_nothing, .timeout = 60)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/busy.db", d);
	struct compat_db db;
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	compat_db_close(&db);
	enum { WRITERS = 6, RUNS = 15 };
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			struct compat_db c;
			if (compat_db_open(&c, p, COMPAT_DB_CREATE) < 0)
				_exit(1);
			for (int i = 0; i < RUNS; i++) {
				struct compat_run_result r;
				char name[32];
				snprintf(name, sizeof name, "w%d-%d", w, i);
				sample_run(&r, name, i % 2 ? "pass" : "fail");
				struct compat_stat_row row = {.nr = 4, .name = "write", .status = "full", .count = 1};
				r.have_stats = 1;
				r.stats.rows = &row;
				r.stats.nrows = 1;
				if (compat_store_run(&c, NULL, &r) < 0)
					_exit(2);
			}
			compat_db_close(&c);
			_exit(0);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		int st;
		waitpid(pids[w], &st, 0);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", w);
	}
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_EXISTING), 0);
	cr_assert_eq(count(&db, "SELECT count(*) FROM runs"), WRITERS * RUNS);
	cr_assert_eq(count(&db, "SELECT count(*) FROM run_syscalls"), WRITERS * RUNS);
	compat_db_close(&db);
	tc_rm_rf(d);
}

Test(compat_db, failed_write_rolls_back_whole_run)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/rb.db", d);
	struct compat_db db;
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	struct compat_run_result r;
	sample_run(&r, "dup", "pass");
	/* two rows with the same syscall number violate the primary key on the
	 * second insert: the run row itself must not stay behind */
	struct compat_stat_row rows[2] = {{.nr = 4, .status = "full", .count = 1},
					  {.nr = 4, .status = "full", .count = 1}};
	r.have_stats = 1;
	r.stats.rows = rows;
	r.stats.nrows = 2;
	int saved = dup(2), dn = open("/dev/null", O_WRONLY);
	dup2(dn, 2);
	int64_t id = compat_store_run(&db, NULL, &r);
	dup2(saved, 2);
	cr_assert_eq(id, -1);
	cr_assert_eq(count(&db, "SELECT count(*) FROM runs"), 0);
	r.stats.nrows = 1;
	cr_assert_gt(compat_store_run(&db, NULL, &r), 0);
	cr_assert_eq(count(&db, "SELECT count(*) FROM runs"), 1);
	compat_db_close(&db);
	tc_rm_rf(d);
}

Test(compat_db, default_path_follows_xdg)
{
	setenv("XDG_DATA_HOME", "/xdg/data", 1);
	char *p = compat_db_default_path();
	cr_assert_str_eq(p, "/xdg/data/abirun/compat.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/someone", 1);
	p = compat_db_default_path();
	cr_assert_str_eq(p, "/home/someone/.local/share/abirun/compat.db");
	free(p);
	setenv("XDG_DATA_HOME", "relative/ignored", 1);	/* the spec says: absolute only */
	p = compat_db_default_path();
	cr_assert_str_eq(p, "/home/someone/.local/share/abirun/compat.db");
	free(p);
}

Test(compat_db, binaries_upsert_by_hash)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/b.db", d);
	struct compat_db db;
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	struct compat_fingerprint fp;
	cr_assert_eq(compat_scan_file("/bin/ls", &fp), 0);
	cr_assert_eq(compat_db_begin(&db), 0);
	int64_t a = compat_store_binary(&db, &fp);
	int64_t b = compat_store_binary(&db, &fp);
	snprintf(fp.path, sizeof fp.path, "/usr/bin/ls-elsewhere");
	int64_t c = compat_store_binary(&db, &fp);
	cr_assert_eq(compat_db_commit(&db), 0);
	cr_assert(a > 0);
	cr_assert_eq(a, b);
	cr_assert_eq(a, c);
	cr_assert_eq(count(&db, "SELECT count(*) FROM binaries"), 1);
	cr_assert_eq(count(&db, "SELECT count(*) FROM binary_paths"), 2);
	cr_assert_eq(count(&db, "SELECT count(*) FROM binary_needed"), fp.nneeded);
	compat_fingerprint_free(&fp);
	compat_db_close(&db);
	tc_rm_rf(d);
}
