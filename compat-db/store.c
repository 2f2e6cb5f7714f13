/* compat-db: writing fingerprints and runs. */
#include "compat-db/compat.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(struct compat_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		compat_db_error(db, what);
		return -1;
	}
	return 0;
}

int64_t compat_store_binary(struct compat_db *db, const struct compat_fingerprint *fp)
{
	char now[32];
	int64_t id = -1;
	compat_now_iso(now);
	sqlite3_stmt *st = compat_db_prepare(db,
		"INSERT INTO binaries (sha256, size, format, error, abi, os, arch, elf_class, osabi,"
		"  elf_type, os_version, os_version_str, linkage, interp, lang, go_version, go_info,"
		"  go_module, go_module_version, first_seen, last_seen)"
		" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?20)"
		" ON CONFLICT (sha256) DO UPDATE SET format=excluded.format, error=excluded.error,"
		"  abi=excluded.abi, os=excluded.os, arch=excluded.arch, elf_class=excluded.elf_class,"
		"  osabi=excluded.osabi, elf_type=excluded.elf_type, os_version=excluded.os_version,"
		"  os_version_str=excluded.os_version_str, linkage=excluded.linkage, interp=excluded.interp,"
		"  lang=excluded.lang, go_version=excluded.go_version, go_info=excluded.go_info,"
		"  go_module=excluded.go_module, go_module_version=excluded.go_module_version,"
		"  last_seen=excluded.last_seen"
		" RETURNING id");
	if (!st)
		return -1;
	int elf = !strcmp(fp->format, "elf");
	bind_str(st, 1, fp->sha256);
	sqlite3_bind_int64(st, 2, fp->size);
	bind_str(st, 3, fp->format);
	bind_str(st, 4, fp->error);
	bind_str(st, 5, elf ? fp->abi : NULL);
	bind_str(st, 6, elf ? fp->os : NULL);
	bind_str(st, 7, elf ? fp->arch : NULL);
	if (elf) {
		sqlite3_bind_int(st, 8, fp->elf_class);
		sqlite3_bind_int(st, 9, fp->osabi);
	}
	bind_str(st, 10, elf ? fp->elf_type : NULL);
	if (elf && fp->os_version >= 0)
		sqlite3_bind_int64(st, 11, fp->os_version);
	bind_str(st, 12, fp->os_version_str);
	bind_str(st, 13, elf ? fp->linkage : NULL);
	bind_str(st, 14, fp->interp);
	bind_str(st, 15, fp->lang);
	bind_str(st, 16, fp->go_version);
	bind_str(st, 17, fp->go_info);
	bind_str(st, 18, fp->go_module);
	bind_str(st, 19, fp->go_module_version);
	bind_str(st, 20, now);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else
		compat_db_error(db, "recording a binary");
	sqlite3_finalize(st);
	if (id < 0)
		return -1;

	/* the needed list is derived from the bytes: refresh it */
	st = compat_db_prepare(db, "DELETE FROM binary_needed WHERE binary_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int r = step_done(db, st, "recording needed libraries");
	sqlite3_finalize(st);
	if (r < 0)
		return -1;
	st = compat_db_prepare(db, "INSERT INTO binary_needed (binary_id, seq, lib) VALUES (?,?,?)");
	if (!st)
		return -1;
	for (int i = 0; i < fp->nneeded; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i);
		bind_str(st, 3, fp->needed[i]);
		if (step_done(db, st, "recording needed libraries") < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);

	if (fp->path[0]) {
		char abs[PATH_MAX];
		const char *p = realpath(fp->path, abs) ? abs : fp->path;
		st = compat_db_prepare(db,
			"INSERT INTO binary_paths (binary_id, path, last_seen) VALUES (?,?,?)"
			" ON CONFLICT (binary_id, path) DO UPDATE SET last_seen = excluded.last_seen");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, p);
		bind_str(st, 3, now);
		r = step_done(db, st, "recording a path");
		sqlite3_finalize(st);
		if (r < 0)
			return -1;
	}
	return id;
}

int64_t compat_store_run(struct compat_db *db, const struct compat_fingerprint *fp,
			 const struct compat_run_result *r)
{
	int64_t bin = 0, run = -1;
	struct compat_buf args = {0};
	sqlite3_stmt *st = NULL;

	compat_buf_puts(&args, "[");
	for (int i = 0; i < r->argc; i++) {
		if (i)
			compat_buf_puts(&args, ",");
		compat_buf_json_str(&args, r->argv[i]);
	}
	compat_buf_puts(&args, "]");

	if (compat_db_begin(db) < 0)
		goto out;
	if (fp && fp->sha256[0] && (bin = compat_store_binary(db, fp)) < 0)
		goto fail;
	st = compat_db_prepare(db,
		"INSERT INTO runs (name, binary_id, program, args, abirun_version, host_kernel,"
		"  started_at, duration_ms, outcome, exit_code, signal, timeout_s,"
		"  stdout_sha256, stdout_bytes, stderr_sha256, stderr_bytes, stderr_head,"
		"  expect, expect_mode, expect_matched, verdict, reason,"
		"  stats_abi, total_calls, total_errors, total_enosys, source, expect_exit)"
		" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
		"  ?21,?22,?23,?24,?25,?26,?27,?28)");
	if (!st)
		goto fail;
	bind_str(st, 1, r->name);
	if (bin > 0)
		sqlite3_bind_int64(st, 2, bin);
	bind_str(st, 3, r->program);
	bind_str(st, 4, args.p);
	bind_str(st, 5, r->version);
	bind_str(st, 6, r->host_kernel);
	bind_str(st, 7, r->started_at);
	sqlite3_bind_int64(st, 8, r->duration_ms);
	bind_str(st, 9, r->outcome);
	if (r->exit_code >= 0)
		sqlite3_bind_int(st, 10, r->exit_code);
	if (r->signal > 0)
		sqlite3_bind_int(st, 11, r->signal);
	sqlite3_bind_int(st, 12, r->timeout_s);
	bind_str(st, 13, r->stdout_sha256);
	sqlite3_bind_int64(st, 14, r->stdout_bytes);
	bind_str(st, 15, r->stderr_sha256);
	sqlite3_bind_int64(st, 16, r->stderr_bytes);
	if (r->stderr_head && r->stderr_head[0]) {
		size_t n = strlen(r->stderr_head);
		sqlite3_bind_text(st, 17, r->stderr_head, n > 4096 ? 4096 : (int)n, SQLITE_TRANSIENT);
	}
	if (r->expect) {
		sqlite3_bind_text(st, 18, r->expect, -1, SQLITE_TRANSIENT);
		bind_str(st, 19, r->expect_mode);
		sqlite3_bind_int(st, 20, r->expect_matched > 0);
	}
	bind_str(st, 21, r->verdict);
	bind_str(st, 22, r->reason);
	if (r->have_stats) {
		bind_str(st, 23, r->stats.abi);
		sqlite3_bind_int64(st, 24, r->stats.calls);
		sqlite3_bind_int64(st, 25, r->stats.errors);
		sqlite3_bind_int64(st, 26, r->stats.enosys);
	}
	bind_str(st, 27, r->source);
	sqlite3_bind_int(st, 28, r->expect_exit);
	if (step_done(db, st, "recording the run") < 0)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	run = sqlite3_last_insert_rowid(db->h);

	if (r->have_stats && r->stats.nrows) {
		st = compat_db_prepare(db,
			"INSERT INTO run_syscalls (run_id, nr, name, status, count, errors, enosys)"
			" VALUES (?,?,?,?,?,?,?)");
		if (!st)
			goto fail;
		for (int i = 0; i < r->stats.nrows; i++) {
			const struct compat_stat_row *s = &r->stats.rows[i];
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, run);
			sqlite3_bind_int64(st, 2, s->nr);
			bind_str(st, 3, s->name);
			bind_str(st, 4, s->status[0] ? s->status : "full");
			sqlite3_bind_int64(st, 5, s->count);
			sqlite3_bind_int64(st, 6, s->errors);
			sqlite3_bind_int64(st, 7, s->enosys);
			if (step_done(db, st, "recording syscall counts") < 0)
				goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	if (compat_db_commit(db) < 0) {
		run = -1;
		goto out;
	}
	goto out;
fail:
	run = -1;
	sqlite3_finalize(st);
	st = NULL;
	compat_db_rollback(db);
out:
	sqlite3_finalize(st);
	compat_buf_free(&args);
	return run;
}
