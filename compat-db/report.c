/* compat-db: reports — latest status per binary, regressions between two
 * abirun versions, not-implemented syscalls ranked by how many binaries hit
 * them, recorded versions.  Text tables or JSON. */
#include "compat-db/compat.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* the latest run of each name (optionally: among runs of one version) */
#define LATEST_IDS(where) "SELECT max(id) FROM runs " where " GROUP BY name"

int compat_q_latest_runs(struct compat_db *db, const char *version, struct compat_rows *out)
{
	const char *sql =
		"SELECT r.id AS run_id, r.name, r.abirun_version AS version, r.verdict, r.outcome,"
		"  r.exit_code, r.signal, r.timeout_s, r.reason, r.duration_ms, r.started_at,"
		"  r.host_kernel, r.source, r.program,"
		"  coalesce(b.abi, r.stats_abi) AS abi, b.os_version_str AS os_version, b.linkage,"
		"  b.go_version, b.sha256, r.stdout_sha256, r.expect, r.expect_matched,"
		"  r.total_calls, r.total_enosys,"
		"  (SELECT count(*) FROM run_syscalls s WHERE s.run_id = r.id) AS syscalls,"
		"  (SELECT count(*) FROM run_syscalls s WHERE s.run_id = r.id AND s.enosys > 0) AS not_implemented,"
		"  (SELECT group_concat(n, ' ') FROM (SELECT coalesce(s.name, '#' || s.nr) AS n FROM run_syscalls s"
		"     WHERE s.run_id = r.id AND s.enosys > 0 ORDER BY s.nr)) AS not_implemented_names,"
		"  (SELECT count(*) FROM runs r2 WHERE r2.name = r.name) AS runs_recorded"
		" FROM runs r LEFT JOIN binaries b ON b.id = r.binary_id"
		" WHERE r.id IN (" LATEST_IDS("WHERE ?1 IS NULL OR abirun_version = ?1") ")"
		" ORDER BY r.name";
	const char *b[] = {version};
	return compat_rows_query(db, out, sql, 1, b);
}

int compat_q_binaries(struct compat_db *db, struct compat_rows *out)
{
	const char *sql =
		"SELECT b.sha256, b.size, b.format, b.error, b.abi, b.os, b.os_version_str AS os_version,"
		"  b.arch, b.elf_type, b.linkage, b.interp, b.lang, b.go_version, b.go_info, b.go_module,"
		"  b.go_module_version, b.first_seen, b.last_seen,"
		"  (SELECT p.path FROM binary_paths p WHERE p.binary_id = b.id ORDER BY p.last_seen DESC, p.path LIMIT 1) AS path,"
		"  (SELECT group_concat(lib, ' ') FROM (SELECT lib FROM binary_needed n WHERE n.binary_id = b.id ORDER BY seq)) AS needed,"
		"  (SELECT count(*) FROM runs r WHERE r.binary_id = b.id) AS runs"
		" FROM binaries b ORDER BY b.format, b.abi, path";
	return compat_rows_query(db, out, sql, 0, NULL);
}

int compat_q_missing(struct compat_db *db, const char *version, struct compat_rows *out)
{
	const char *sql =
		"SELECT coalesce(r.stats_abi, b.abi, '?') AS abi, s.nr, s.name, max(s.status) AS status,"
		"  count(DISTINCT coalesce(b.sha256, r.name)) AS binaries, sum(s.enosys) AS calls,"
		"  group_concat(DISTINCT r.name) AS names"
		" FROM runs r JOIN run_syscalls s ON s.run_id = r.id LEFT JOIN binaries b ON b.id = r.binary_id"
		" WHERE r.id IN (" LATEST_IDS("WHERE ?1 IS NULL OR abirun_version = ?1") ") AND s.enosys > 0"
		" GROUP BY 1, s.nr ORDER BY binaries DESC, calls DESC, abi, s.nr";
	const char *b[] = {version};
	return compat_rows_query(db, out, sql, 1, b);
}

int compat_q_versions(struct compat_db *db, struct compat_rows *out)
{
	const char *sql =
		"SELECT v.abirun_version AS version, count(*) AS binaries,"
		"  sum(r.verdict = 'pass') AS pass, sum(r.verdict = 'fail') AS fail,"
		"  (SELECT count(*) FROM runs x WHERE x.abirun_version = v.abirun_version) AS runs,"
		"  (SELECT min(started_at) FROM runs x WHERE x.abirun_version = v.abirun_version) AS first_run,"
		"  (SELECT max(started_at) FROM runs x WHERE x.abirun_version = v.abirun_version) AS last_run"
		" FROM (SELECT abirun_version, max(id) AS id, name FROM runs GROUP BY abirun_version, name) v"
		" JOIN runs r ON r.id = v.id"
		" GROUP BY v.abirun_version ORDER BY max(v.id)";
	return compat_rows_query(db, out, sql, 0, NULL);
}

void compat_outcome_text(const struct compat_rows *r, int row, char *out, size_t n)
{
	const char *o = compat_rows_get(r, row, "outcome");
	if (!o) {
		snprintf(out, n, "-");
	} else if (!strcmp(o, "exit")) {
		snprintf(out, n, "exit %lld", compat_rows_int(r, row, "exit_code"));
	} else if (!strcmp(o, "signal")) {
		int sig = (int)compat_rows_int(r, row, "signal");
		const char *a = sigabbrev_np(sig);
		if (a)
			snprintf(out, n, "SIG%s", a);
		else
			snprintf(out, n, "signal %d", sig);
	} else if (!strcmp(o, "timeout")) {
		snprintf(out, n, "timeout %llds", compat_rows_int(r, row, "timeout_s"));
	} else {
		snprintf(out, n, "%s", o);
	}
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int compat_cmd_report(struct compat_db *db, int json, const char *version)
{
	struct compat_rows runs, bins;
	if (compat_q_latest_runs(db, version, &runs) < 0)
		return COMPAT_EXIT_ERROR;
	if (compat_q_binaries(db, &bins) < 0) {
		compat_rows_free(&runs);
		return COMPAT_EXIT_ERROR;
	}
	int pass = 0;
	for (int i = 0; i < runs.nrows; i++)
		pass += !strcmp(nz(compat_rows_get(&runs, i, "verdict")), "pass");
	if (json) {
		printf("{\n  \"database\": ");
		compat_json_str(stdout, db->path);
		printf(",\n  \"version_filter\": ");
		compat_json_str(stdout, version);
		printf(",\n  \"summary\": {\"binaries\": %d, \"pass\": %d, \"fail\": %d, \"scanned\": %d},\n",
		       runs.nrows, pass, runs.nrows - pass, bins.nrows);
		printf("  \"runs\": ");
		compat_rows_json(&runs, stdout, "  ");
		printf(",\n  \"binaries\": ");
		compat_rows_json(&bins, stdout, "  ");
		printf("\n}\n");
	} else {
		static const char *const hdr[] = {"NAME", "RESULT", "OUTCOME", "ABI", "LINK", "ABIRUN",
						  "TIME", "SYSCALLS", "NOT IMPLEMENTED"};
		struct compat_table t;
		compat_table_init(&t, 9, hdr);
		for (int i = 0; i < runs.nrows; i++) {
			char oc[64], tm[32], sc[64], ni[200];
			compat_outcome_text(&runs, i, oc, sizeof oc);
			compat_fmt_ms(compat_rows_int(&runs, i, "duration_ms"), tm, sizeof tm);
			const char *tc = compat_rows_get(&runs, i, "total_calls");
			if (tc)
				snprintf(sc, sizeof sc, "%lld (%s calls)", compat_rows_int(&runs, i, "syscalls"), tc);
			else
				snprintf(sc, sizeof sc, "no stats");
			long long nn = compat_rows_int(&runs, i, "not_implemented");
			if (nn)
				snprintf(ni, sizeof ni, "%lld: %.150s", nn, nz(compat_rows_get(&runs, i, "not_implemented_names")));
			else
				snprintf(ni, sizeof ni, tc ? "0" : "-");
			const char *v = compat_rows_get(&runs, i, "verdict");
			const char *cells[] = {
				compat_rows_get(&runs, i, "name"), !strcmp(nz(v), "pass") ? "PASS" : "FAIL",
				oc, compat_rows_get(&runs, i, "abi"), compat_rows_get(&runs, i, "linkage"),
				compat_rows_get(&runs, i, "version"), tm, sc, ni,
			};
			compat_table_row(&t, cells);
		}
		printf("Latest run of each binary%s%s (database %s)\n\n", version ? " under abirun " : "",
		       version ? version : "", db->path);
		if (runs.nrows)
			compat_table_print(&t, stdout);
		else
			printf("(no runs recorded%s)\n", version ? " for this version" : "");
		compat_table_free(&t);
		for (int i = 0; i < runs.nrows; i++) {
			const char *reason = compat_rows_get(&runs, i, "reason");
			if (reason && *reason)
				printf("  %s: %s\n", compat_rows_get(&runs, i, "name"), reason);
		}
		printf("\n%d binaries run: %d pass, %d fail\n", runs.nrows, pass, runs.nrows - pass);

		static const char *const bh[] = {"PATH", "ABI", "OS VERSION", "LINK", "GO", "RUNS", "SHA256"};
		compat_table_init(&t, 7, bh);
		for (int i = 0; i < bins.nrows; i++) {
			char go[200] = "", sha[20], abi[200];
			const char *fmt = nz(compat_rows_get(&bins, i, "format"));
			if (compat_rows_get(&bins, i, "lang"))
				snprintf(go, sizeof go, "%s%s%s", nz(compat_rows_get(&bins, i, "go_version")),
					 compat_rows_get(&bins, i, "go_module") ? " " : "",
					 nz(compat_rows_get(&bins, i, "go_module")));
			if (!go[0] && compat_rows_get(&bins, i, "lang"))
				snprintf(go, sizeof go, "yes");
			snprintf(sha, sizeof sha, "%.16s", nz(compat_rows_get(&bins, i, "sha256")));
			if (strcmp(fmt, "elf"))
				snprintf(abi, sizeof abi, "%s: %s", fmt, nz(compat_rows_get(&bins, i, "error")));
			else
				snprintf(abi, sizeof abi, "%s", nz(compat_rows_get(&bins, i, "abi")));
			const char *cells[] = {
				compat_rows_get(&bins, i, "path"), abi, compat_rows_get(&bins, i, "os_version"),
				compat_rows_get(&bins, i, "linkage"), go, compat_rows_get(&bins, i, "runs"), sha,
			};
			compat_table_row(&t, cells);
		}
		printf("\nScanned binaries: %d\n\n", bins.nrows);
		if (bins.nrows)
			compat_table_print(&t, stdout);
		compat_table_free(&t);
	}
	compat_rows_free(&runs);
	compat_rows_free(&bins);
	return COMPAT_EXIT_OK;
}

int compat_cmd_missing(struct compat_db *db, int json, const char *version)
{
	struct compat_rows m;
	if (compat_q_missing(db, version, &m) < 0)
		return COMPAT_EXIT_ERROR;
	if (json) {
		printf("{\"version_filter\": ");
		compat_json_str(stdout, version);
		printf(", \"missing\": ");
		compat_rows_json(&m, stdout, "");
		printf("}\n");
	} else {
		static const char *const hdr[] = {"ABI", "NR", "SYSCALL", "STATUS", "BINARIES", "CALLS", "HIT BY"};
		struct compat_table t;
		compat_table_init(&t, 7, hdr);
		for (int i = 0; i < m.nrows; i++) {
			char names[160];
			snprintf(names, sizeof names, "%.150s", nz(compat_rows_get(&m, i, "names")));
			const char *cells[] = {
				compat_rows_get(&m, i, "abi"), compat_rows_get(&m, i, "nr"),
				compat_rows_get(&m, i, "name") ? compat_rows_get(&m, i, "name") : "(unknown number)",
				compat_rows_get(&m, i, "status"), compat_rows_get(&m, i, "binaries"),
				compat_rows_get(&m, i, "calls"), names,
			};
			compat_table_row(&t, cells);
		}
		printf("Not-implemented syscalls hit by the latest run of each binary%s%s\n\n",
		       version ? " under abirun " : "", version ? version : "");
		if (m.nrows)
			compat_table_print(&t, stdout);
		else
			printf("(none: every syscall the recorded runs made is implemented)\n");
		compat_table_free(&t);
	}
	compat_rows_free(&m);
	return COMPAT_EXIT_OK;
}

int compat_cmd_versions(struct compat_db *db, int json)
{
	struct compat_rows v;
	if (compat_q_versions(db, &v) < 0)
		return COMPAT_EXIT_ERROR;
	if (json) {
		compat_rows_json(&v, stdout, "");
		printf("\n");
	} else {
		static const char *const hdr[] = {"VERSION", "BINARIES", "PASS", "FAIL", "RUNS", "FIRST RUN", "LAST RUN"};
		struct compat_table t;
		compat_table_init(&t, 7, hdr);
		for (int i = 0; i < v.nrows; i++) {
			const char *cells[7];
			for (int c = 0; c < 7; c++)
				cells[c] = v.cells[i * v.ncols + c];
			compat_table_row(&t, cells);
		}
		if (v.nrows)
			compat_table_print(&t, stdout);
		else
			printf("(no runs recorded)\n");
		compat_table_free(&t);
	}
	compat_rows_free(&v);
	return COMPAT_EXIT_OK;
}

char *compat_resolve_version(struct compat_db *db, const char *v)
{
	struct compat_rows r;
	int idx = -1;
	if (compat_q_versions(db, &r) < 0)
		return NULL;
	if (!strcmp(v, "latest"))
		idx = r.nrows - 1;
	else if (!strcmp(v, "previous"))
		idx = r.nrows - 2;
	else
		for (int i = 0; i < r.nrows; i++)
			if (!strcmp(nz(compat_rows_get(&r, i, "version")), v))
				idx = i;
	char *res = NULL;
	if (idx >= 0) {
		res = compat_xstrdup(compat_rows_get(&r, idx, "version"));
	} else {
		struct compat_buf b = {0};
		for (int i = 0; i < r.nrows; i++)
			compat_buf_printf(&b, "%s%s", i ? ", " : "", compat_rows_get(&r, i, "version"));
		if (!strcmp(v, "latest") || !strcmp(v, "previous"))
			compat_err("there is no %s version: %d abirun version%s recorded%s%s", v, r.nrows,
				   r.nrows == 1 ? "" : "s", r.nrows ? ": " : "", nz(b.p));
		else
			compat_err("no runs recorded under abirun version '%s'%s%s", v,
				   r.nrows ? "; recorded versions: " : " (nothing recorded yet)", nz(b.p));
		compat_buf_free(&b);
	}
	compat_rows_free(&r);
	return res;
}

enum compat_change compat_classify(const char *from, const char *to)
{
	if (!from)
		return COMPAT_ONLY_TO;
	if (!to)
		return COMPAT_ONLY_FROM;
	int fp = !strcmp(from, "pass"), tp = !strcmp(to, "pass");
	if (fp && tp)
		return COMPAT_SAME_PASS;
	if (!fp && !tp)
		return COMPAT_SAME_FAIL;
	return fp ? COMPAT_REGRESSED : COMPAT_FIXED;
}

const char *compat_change_name(enum compat_change c)
{
	switch (c) {
	case COMPAT_SAME_PASS: return "still-passes";
	case COMPAT_SAME_FAIL: return "still-fails";
	case COMPAT_REGRESSED: return "regressed";
	case COMPAT_FIXED: return "fixed";
	case COMPAT_ONLY_FROM: return "only-in-from";
	case COMPAT_ONLY_TO: return "only-in-to";
	}
	return "?";
}

static int change_rank(enum compat_change c)
{
	static const int rank[] = {
		[COMPAT_REGRESSED] = 0, [COMPAT_FIXED] = 1, [COMPAT_SAME_FAIL] = 2,
		[COMPAT_ONLY_FROM] = 3, [COMPAT_ONLY_TO] = 4, [COMPAT_SAME_PASS] = 5,
	};
	return rank[c];
}

static int cmp_reg(const void *a, const void *b)
{
	const struct compat_regression *x = a, *y = b;
	int d = change_rank(x->change) - change_rank(y->change);
	return d ? d : strcmp(x->name, y->name);
}

static char *detail(const struct compat_rows *r, int i)
{
	char oc[64];
	if (i < 0)
		return NULL;
	compat_outcome_text(r, i, oc, sizeof oc);
	const char *reason = compat_rows_get(r, i, "reason");
	if (reason && *reason && strcmp(nz(compat_rows_get(r, i, "outcome")), "exit") == 0 &&
	    strstr(reason, "output"))
		return compat_xasprintf("%s, %s", oc, reason);
	return compat_xstrdup(oc);
}

int compat_regressions(struct compat_db *db, const char *from, const char *to,
		       struct compat_regression **out)
{
	struct compat_rows a, b;
	*out = NULL;
	if (compat_q_latest_runs(db, from, &a) < 0)
		return -1;
	if (compat_q_latest_runs(db, to, &b) < 0) {
		compat_rows_free(&a);
		return -1;
	}
	int n = 0, cap = a.nrows + b.nrows;
	struct compat_regression *res = compat_xcalloc((size_t)cap + 1, sizeof *res);
	sqlite3_stmt *nm = compat_db_prepare(db,
		"SELECT group_concat(n, ' ') FROM (SELECT coalesce(name, '#' || nr) AS n FROM run_syscalls"
		" WHERE run_id = ?2 AND enosys > 0 AND nr NOT IN"
		"  (SELECT nr FROM run_syscalls WHERE run_id = ?1 AND enosys > 0) ORDER BY nr)");
	if (!nm) {
		compat_rows_free(&a);
		compat_rows_free(&b);
		free(res);
		return -1;
	}
	/* both lists are sorted by name: merge */
	int i = 0, j = 0;
	while (i < a.nrows || j < b.nrows) {
		const char *an = i < a.nrows ? compat_rows_get(&a, i, "name") : NULL;
		const char *bn = j < b.nrows ? compat_rows_get(&b, j, "name") : NULL;
		int c = !an ? 1 : !bn ? -1 : strcmp(an, bn);
		int ia = c <= 0 ? i++ : -1, jb = c >= 0 ? j++ : -1;
		struct compat_regression *g = &res[n++];
		g->name = compat_xstrdup(ia >= 0 ? an : bn);
		g->from_verdict = ia >= 0 ? compat_xstrdup(compat_rows_get(&a, ia, "verdict")) : NULL;
		g->to_verdict = jb >= 0 ? compat_xstrdup(compat_rows_get(&b, jb, "verdict")) : NULL;
		g->change = compat_classify(g->from_verdict, g->to_verdict);
		g->from_detail = detail(&a, ia);
		g->to_detail = detail(&b, jb);
		if (ia >= 0 && compat_rows_get(&a, ia, "sha256"))
			g->from_sha = compat_xstrdup(compat_rows_get(&a, ia, "sha256"));
		if (jb >= 0 && compat_rows_get(&b, jb, "sha256"))
			g->to_sha = compat_xstrdup(compat_rows_get(&b, jb, "sha256"));
		if (ia >= 0 && jb >= 0) {
			const char *sa = compat_rows_get(&a, ia, "stdout_sha256"), *sb = compat_rows_get(&b, jb, "stdout_sha256");
			g->output_changed = sa && sb && strcmp(sa, sb) != 0;
			sqlite3_reset(nm);
			sqlite3_bind_int64(nm, 1, compat_rows_int(&a, ia, "run_id"));
			sqlite3_bind_int64(nm, 2, compat_rows_int(&b, jb, "run_id"));
			if (sqlite3_step(nm) == SQLITE_ROW && sqlite3_column_text(nm, 0))
				g->new_missing = compat_xstrdup((const char *)sqlite3_column_text(nm, 0));
		}
	}
	sqlite3_finalize(nm);
	compat_rows_free(&a);
	compat_rows_free(&b);
	qsort(res, (size_t)n, sizeof *res, cmp_reg);
	*out = res;
	return n;
}

void compat_regressions_free(struct compat_regression *r, int n)
{
	for (int i = 0; i < n; i++) {
		free(r[i].name);
		free(r[i].from_verdict);
		free(r[i].to_verdict);
		free(r[i].from_detail);
		free(r[i].to_detail);
		free(r[i].from_sha);
		free(r[i].to_sha);
		free(r[i].new_missing);
	}
	free(r);
}

int compat_cmd_regressions(struct compat_db *db, const char *from_arg, const char *to_arg, int json)
{
	char *from = compat_resolve_version(db, from_arg ? from_arg : "previous");
	if (!from)
		return COMPAT_EXIT_ERROR;
	char *to = compat_resolve_version(db, to_arg ? to_arg : "latest");
	if (!to) {
		free(from);
		return COMPAT_EXIT_ERROR;
	}
	struct compat_regression *g;
	int n = compat_regressions(db, from, to, &g);
	if (n < 0) {
		free(from);
		free(to);
		return COMPAT_EXIT_ERROR;
	}
	int count[6] = {0};
	for (int i = 0; i < n; i++)
		count[g[i].change]++;
	if (json) {
		printf("{\n  \"from\": ");
		compat_json_str(stdout, from);
		printf(", \"to\": ");
		compat_json_str(stdout, to);
		printf(",\n  \"summary\": {\"regressed\": %d, \"fixed\": %d, \"still_fails\": %d, "
		       "\"still_passes\": %d, \"only_in_from\": %d, \"only_in_to\": %d},\n  \"binaries\": [",
		       count[COMPAT_REGRESSED], count[COMPAT_FIXED], count[COMPAT_SAME_FAIL],
		       count[COMPAT_SAME_PASS], count[COMPAT_ONLY_FROM], count[COMPAT_ONLY_TO]);
		for (int i = 0; i < n; i++) {
			printf("%s\n    {\"name\": ", i ? "," : "");
			compat_json_str(stdout, g[i].name);
			printf(", \"change\": \"%s\", \"from\": ", compat_change_name(g[i].change));
			compat_json_str(stdout, g[i].from_verdict);
			printf(", \"to\": ");
			compat_json_str(stdout, g[i].to_verdict);
			printf(", \"from_outcome\": ");
			compat_json_str(stdout, g[i].from_detail);
			printf(", \"to_outcome\": ");
			compat_json_str(stdout, g[i].to_detail);
			printf(", \"binary_changed\": %s, \"output_changed\": %s, \"new_not_implemented\": ",
			       g[i].from_sha && g[i].to_sha && strcmp(g[i].from_sha, g[i].to_sha) ? "true" : "false",
			       g[i].output_changed ? "true" : "false");
			compat_json_str(stdout, g[i].new_missing);
			printf("}");
		}
		printf("%s]\n}\n", n ? "\n  " : "");
	} else {
		static const char *const hdr[] = {"NAME", "CHANGE", "FROM", "TO", "NOTES"};
		struct compat_table t;
		compat_table_init(&t, 5, hdr);
		for (int i = 0; i < n; i++) {
			char fromc[200], toc[200], notes[400] = "";
			snprintf(fromc, sizeof fromc, "%s%s%s%s", g[i].from_verdict ? g[i].from_verdict : "-",
				 g[i].from_detail ? " (" : "", nz(g[i].from_detail), g[i].from_detail ? ")" : "");
			snprintf(toc, sizeof toc, "%s%s%s%s", g[i].to_verdict ? g[i].to_verdict : "-",
				 g[i].to_detail ? " (" : "", nz(g[i].to_detail), g[i].to_detail ? ")" : "");
			if (g[i].from_sha && g[i].to_sha && strcmp(g[i].from_sha, g[i].to_sha))
				strcat(notes, "binary changed; ");
			if (g[i].output_changed)
				strcat(notes, "output changed; ");
			if (g[i].new_missing)
				snprintf(notes + strlen(notes), sizeof notes - strlen(notes),
					 "newly not implemented: %.200s; ", g[i].new_missing);
			size_t l = strlen(notes);
			if (l >= 2)
				notes[l - 2] = 0;
			const char *cells[] = {g[i].name, compat_change_name(g[i].change), fromc, toc, notes};
			compat_table_row(&t, cells);
		}
		printf("Changes from abirun %s to %s (latest run of each binary under each version)\n\n", from, to);
		if (n)
			compat_table_print(&t, stdout);
		compat_table_free(&t);
		printf("\n%d regressed, %d fixed, %d still fail, %d still pass, %d only in %s, %d only in %s\n",
		       count[COMPAT_REGRESSED], count[COMPAT_FIXED], count[COMPAT_SAME_FAIL],
		       count[COMPAT_SAME_PASS], count[COMPAT_ONLY_FROM], from, count[COMPAT_ONLY_TO], to);
	}
	compat_regressions_free(g, n);
	free(from);
	free(to);
	return count[COMPAT_REGRESSED] ? COMPAT_EXIT_NEGATIVE : COMPAT_EXIT_OK;
}
