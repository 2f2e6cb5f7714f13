/* compat-db: regression logic and reports on a synthetic two-version history. */
#include "test_compat.h"

#include <signal.h>

static struct compat_db db;
static char *dir;

struct fake {
	const char *name, *version, *verdict, *outcome;
	int code, sig;
	const char *stdout_sha;
	const char *missing;	/* space-separated syscall numbers that answered ENOSYS */
	const char *abi;
};

static void record(const struct fake *f)
{
	struct compat_run_result r;
	memset(&r, 0, sizeof r);
	r.name = f->name;
	r.program = "/corpus/prog";
	r.version = f->version;
	snprintf(r.host_kernel, sizeof r.host_kernel, "Linux 6.1.0 x86_64");
	snprintf(r.started_at, sizeof r.started_at, "2025-01-01T00:00:00Z");
	snprintf(r.outcome, sizeof r.outcome, "%s", f->outcome);
	r.exit_code = f->code;
	r.signal = f->sig;
	r.duration_ms = 12;
	r.timeout_s = 60;
	snprintf(r.verdict, sizeof r.verdict, "%s", f->verdict);
	snprintf(r.stdout_sha256, sizeof r.stdout_sha256, "%s", f->stdout_sha ? f->stdout_sha : "aaaa");
	r.expect_matched = -1;
	r.have_stats = 1;
	snprintf(r.stats.abi, sizeof r.stats.abi, "%s", f->abi ? f->abi : "freebsd-amd64");
	struct compat_stat_row rows[8];
	int n = 0;
	rows[n++] = (struct compat_stat_row){.nr = 4, .name = "write", .status = "full", .count = 2};
	if (f->missing) {
		char *copy = compat_xstrdup(f->missing), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			struct compat_stat_row *s = &rows[n++];
			memset(s, 0, sizeof *s);
			s->nr = atol(t);
			snprintf(s->name, sizeof s->name, "sys%ld", s->nr);
			snprintf(s->status, sizeof s->status, "missing");
			s->count = s->enosys = s->errors = s->nr == 97 ? 3 : 1;
		}
		free(copy);
	}
	r.stats.rows = rows;
	r.stats.nrows = n;
	r.stats.calls = 10;
	/* a binary per name, so `missing` can count distinct binaries */
	struct compat_fingerprint fp;
	memset(&fp, 0, sizeof fp);
	compat_sha256_hex(f->name, strlen(f->name), fp.sha256);
	snprintf(fp.format, sizeof fp.format, "elf");
	compat_strlcpy(fp.abi, r.stats.abi, sizeof fp.abi);
	snprintf(fp.linkage, sizeof fp.linkage, "static");
	fp.os_version = -1;
	cr_assert_gt(compat_store_run(&db, &fp, &r), 0);
}

static void setup(void)
{
	dir = tc_tmpdir();
	char *p = compat_xasprintf("%s/history.db", dir);
	cr_assert_eq(compat_db_open(&db, p, COMPAT_DB_CREATE), 0);
	free(p);
	static const struct fake hist[] = {
		/* version 1 */
		{"bravo", "v1.0", "fail", "exit", 1, 0, NULL, NULL, NULL},	/* superseded below */
		{"alpha", "v1.0", "pass", "exit", 0, 0, "1111", NULL, NULL},
		{"bravo", "v1.0", "pass", "exit", 0, 0, NULL, "97", NULL},
		{"charlie", "v1.0", "fail", "timeout", -1, 0, NULL, "97 118", NULL},
		{"delta", "v1.0", "fail", "exit", 3, 0, NULL, NULL, NULL},
		{"echo", "v1.0", "pass", "exit", 0, 0, NULL, NULL, NULL},
		{"netbsd-tool", "v1.0", "fail", "cannot-execute", 126, 0, NULL, NULL, "netbsd-amd64"},
		/* version 2 */
		{"alpha", "v2.0", "pass", "exit", 0, 0, "2222", NULL, NULL},
		{"bravo", "v2.0", "fail", "signal", -1, SIGSEGV, NULL, "97 240", NULL},
		{"charlie", "v2.0", "pass", "exit", 0, 0, NULL, NULL, NULL},
		{"delta", "v2.0", "fail", "exit", 3, 0, NULL, "97", NULL},
		{"foxtrot", "v2.0", "pass", "exit", 0, 0, NULL, "240", NULL},
		{"netbsd-tool", "v2.0", "fail", "cannot-execute", 126, 0, NULL, NULL, "netbsd-amd64"},
	};
	for (size_t i = 0; i < sizeof hist / sizeof hist[0]; i++)
		record(&hist[i]);
}

static void teardown(void)
{
	compat_db_close(&db);
	tc_rm_rf(dir);
	free(dir);
}

TestSuite(compat_regress, .init = setup, .fini = teardown);

Test(compat_regress, classify_truth_table)
{
	cr_assert_eq(compat_classify("pass", "pass"), COMPAT_SAME_PASS);
	cr_assert_eq(compat_classify("fail", "fail"), COMPAT_SAME_FAIL);
	cr_assert_eq(compat_classify("pass", "fail"), COMPAT_REGRESSED);
	cr_assert_eq(compat_classify("fail", "pass"), COMPAT_FIXED);
	cr_assert_eq(compat_classify(NULL, "pass"), COMPAT_ONLY_TO);
	cr_assert_eq(compat_classify("pass", NULL), COMPAT_ONLY_FROM);
}

static const struct compat_regression *find(const struct compat_regression *g, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(g[i].name, name))
			return &g[i];
	cr_assert_fail("%s missing from the comparison", name);
	return NULL;
}

Test(compat_regress, two_versions)
{
	struct compat_regression *g;
	int n = compat_regressions(&db, "v1.0", "v2.0", &g);
	cr_assert_eq(n, 7);
	/* sorted: regressions first */
	cr_assert_eq(g[0].change, COMPAT_REGRESSED);
	cr_assert_str_eq(g[0].name, "bravo");
	const struct compat_regression *b = find(g, n, "bravo");
	cr_assert_str_eq(b->from_verdict, "pass", "the latest v1 run of bravo passed");
	cr_assert_str_eq(b->to_detail, "SIGSEGV");
	cr_assert_str_eq(b->new_missing, "sys240");
	cr_assert_eq(find(g, n, "charlie")->change, COMPAT_FIXED);
	cr_assert_null(find(g, n, "charlie")->new_missing);
	cr_assert_eq(find(g, n, "delta")->change, COMPAT_SAME_FAIL);
	cr_assert_str_eq(find(g, n, "delta")->new_missing, "sys97");
	cr_assert_eq(find(g, n, "echo")->change, COMPAT_ONLY_FROM);
	cr_assert_eq(find(g, n, "foxtrot")->change, COMPAT_ONLY_TO);
	const struct compat_regression *a = find(g, n, "alpha");
	cr_assert_eq(a->change, COMPAT_SAME_PASS);
	cr_assert_eq(a->output_changed, 1);
	cr_assert_eq(find(g, n, "netbsd-tool")->change, COMPAT_SAME_FAIL);
	compat_regressions_free(g, n);

	/* the other direction swaps regressions and fixes */
	n = compat_regressions(&db, "v2.0", "v1.0", &g);
	cr_assert_eq(find(g, n, "bravo")->change, COMPAT_FIXED);
	cr_assert_eq(find(g, n, "charlie")->change, COMPAT_REGRESSED);
	compat_regressions_free(g, n);
}

Test(compat_regress, version_aliases)
{
	char *v = compat_resolve_version(&db, "latest");
	cr_assert_str_eq(v, "v2.0");
	free(v);
	v = compat_resolve_version(&db, "previous");
	cr_assert_str_eq(v, "v1.0");
	free(v);
	v = compat_resolve_version(&db, "v1.0");
	cr_assert_str_eq(v, "v1.0");
	free(v);
	int saved = dup(2), dn = open("/dev/null", O_WRONLY);
	dup2(dn, 2);
	v = compat_resolve_version(&db, "v9.9");
	dup2(saved, 2);
	cr_assert_null(v);
}

Test(compat_regress, missing_ranked_by_binaries)
{
	struct compat_rows m;
	cr_assert_eq(compat_q_missing(&db, NULL, &m), 0);
	/* latest runs: bravo (97, 240), delta (97), foxtrot (240) */
	cr_assert_eq(m.nrows, 2);
	cr_assert_eq(compat_rows_int(&m, 0, "binaries"), 2);
	cr_assert_eq(compat_rows_int(&m, 1, "binaries"), 2);
	/* equal binaries: more calls first (97 answered ENOSYS 3 times per run) */
	cr_assert_str_eq(compat_rows_get(&m, 0, "name"), "sys97");
	cr_assert_eq(compat_rows_int(&m, 0, "calls"), 6);
	cr_assert_str_eq(compat_rows_get(&m, 1, "name"), "sys240");
	compat_rows_free(&m);
	/* restricted to version 1: charlie's 118 and bravo's/charlie's 97 */
	cr_assert_eq(compat_q_missing(&db, "v1.0", &m), 0);
	cr_assert_eq(m.nrows, 2);
	cr_assert_str_eq(compat_rows_get(&m, 0, "name"), "sys97");
	cr_assert_eq(compat_rows_int(&m, 0, "binaries"), 2);
	compat_rows_free(&m);
}

Test(compat_regress, latest_runs)
{
	struct compat_rows r;
	cr_assert_eq(compat_q_latest_runs(&db, NULL, &r), 0);
	cr_assert_eq(r.nrows, 7);	/* alpha..foxtrot + netbsd-tool, echo only in v1 */
	cr_assert_str_eq(compat_rows_get(&r, 0, "name"), "alpha");
	cr_assert_str_eq(compat_rows_get(&r, 0, "version"), "v2.0");
	for (int i = 0; i < r.nrows; i++)
		if (!strcmp(compat_rows_get(&r, i, "name"), "echo"))
			cr_assert_str_eq(compat_rows_get(&r, i, "version"), "v1.0");
	compat_rows_free(&r);
	struct compat_rows v;
	cr_assert_eq(compat_q_versions(&db, &v), 0);
	cr_assert_eq(v.nrows, 2);
	cr_assert_eq(compat_rows_int(&v, 0, "binaries"), 6);
	cr_assert_eq(compat_rows_int(&v, 0, "runs"), 7);
	cr_assert_eq(compat_rows_int(&v, 1, "pass"), 3);
	compat_rows_free(&v);
}

/* JSON outputs must parse */
static int do_report(void *a) { (void)a; return compat_cmd_report(&db, 1, NULL); }
static int do_regress(void *a) { (void)a; return compat_cmd_regressions(&db, "v1.0", "v2.0", 1); }
static int do_regress_text(void *a) { (void)a; return compat_cmd_regressions(&db, NULL, NULL, 0); }
static int do_missing(void *a) { (void)a; return compat_cmd_missing(&db, 1, NULL); }
static int do_versions(void *a) { (void)a; return compat_cmd_versions(&db, 1); }
static int do_text(void *a) { (void)a; return compat_cmd_report(&db, 0, NULL) | compat_cmd_missing(&db, 0, NULL); }

Test(compat_regress, json_outputs_are_valid)
{
	int (*fns[])(void *) = {do_report, do_regress, do_missing, do_versions};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		int rc;
		char *out = tc_capture(fns[i], NULL, &rc);
		char err[200];
		struct compat_json *v = compat_json_parse(out, strlen(out), NULL, err, sizeof err);
		cr_assert_not_null(v, "output %zu is not JSON (%s):\n%s", i, err, out);
		compat_json_free(v);
		free(out);
	}
	int rc;
	char *out = tc_capture(do_regress, NULL, &rc);
	cr_assert_eq(rc, COMPAT_EXIT_NEGATIVE, "regressions found: exit status 1");
	struct compat_json *v = compat_json_parse(out, strlen(out), NULL, NULL, 0);
	const struct compat_json *s = compat_json_get(v, "summary");
	int64_t k;
	cr_assert_eq(compat_json_get_i64(s, "regressed", &k), 0);
	cr_assert_eq(k, 1);
	cr_assert_eq(compat_json_get_i64(s, "fixed", &k), 0);
	cr_assert_eq(k, 1);
	compat_json_free(v);
	free(out);
}

Test(compat_regress, text_outputs)
{
	int rc;
	char *out = tc_capture(do_regress_text, NULL, &rc);
	cr_assert(strstr(out, "Changes from abirun v1.0 to v2.0") != NULL, "%s", out);
	cr_assert(strstr(out, "regressed") != NULL);
	cr_assert(strstr(out, "newly not implemented: sys240") != NULL, "%s", out);
	cr_assert(strstr(out, "1 regressed, 1 fixed") != NULL, "%s", out);
	free(out);
	out = tc_capture(do_text, NULL, &rc);
	cr_assert(strstr(out, "bravo") && strstr(out, "SIGSEGV"), "%s", out);
	cr_assert(strstr(out, "sys97") != NULL);
	free(out);
}

Test(compat_regress, html_page)
{
	/* a hostile name must come out escaped */
	struct fake evil = {"<script>alert(1)</script>", "v2.0", "fail", "exit", 1, 0, NULL, NULL, NULL};
	record(&evil);
	char *tabs = compat_xasprintf("%s/tables", dir);
	char *abi = compat_xasprintf("%s/freebsd-amd64", tabs);
	compat_mkdir_p(abi, 0755);
	char *tab = compat_xasprintf("%s/syscalls.tab", abi);
	const char *t = "# comment\n1 exit rval:int sys_exit full\n3 read fd:fd buf:ptr n:size sys_read partial short\n"
			"4 write fd:fd buf:ptr nbyte:size sys_write full\n2 fork - missing\n";
	tc_write(tab, t, strlen(t), 0644);
	char *out = compat_xasprintf("%s/page.html", dir);
	int saved = tc_quiet_begin();
	int rc = compat_cmd_html(&db, out, tabs);
	tc_quiet_end(saved);
	cr_assert_eq(rc, 0);
	char *html;
	cr_assert_eq(compat_read_file(out, 1 << 22, &html, NULL), 0);
	cr_assert_eq(strncmp(html, "<!DOCTYPE html>", 15), 0);
	cr_assert(strstr(html, "</html>") != NULL);
	cr_assert(strstr(html, "<svg") && strstr(html, "</svg>"));
	cr_assert(strstr(html, "<script") == NULL, "unescaped script tag in the page");
	cr_assert(strstr(html, "&lt;script&gt;") != NULL);
	cr_assert(strstr(html, "2/4 full") != NULL, "coverage numbers missing");
	cr_assert(strstr(html, "bravo") && strstr(html, "sys240"));
	cr_assert(strstr(html, "http://") == NULL || strstr(html, "xmlns=\"http://www.w3.org/2000/svg\""),
		  "the page must not load anything");
	free(html);
	/* without a database, the page still shows the coverage */
	cr_assert_eq(compat_cmd_html(NULL, out, tabs), 0);
}

Test(compat_regress, tables_parse)
{
	struct compat_abi_coverage c;
	memset(&c, 0, sizeof c);
	const char *t = "# nr name args handler status note\n"
			"0    syscall   number:int   -  missing indirect\n"
			"2    fork                   sys_fork  full\n"
			"3    read  fd:fd buf:ptr nbyte:size  sys_read partial  short reads\n"
			"   \n"
			"not a row\n"
			"5 open path:cstr flags:oflags mode:mode sys_open stub\n";
	compat_tables_parse(t, &c);
	cr_assert_eq(c.total, 4);
	cr_assert_eq(c.full, 1);
	cr_assert_eq(c.partial, 1);
	cr_assert_eq(c.missing, 1);
	cr_assert_eq(c.other, 1);
	/* the project's own tables parse, and every row has a known status */
	struct compat_abi_coverage *cov;
	int n = compat_tables_load("abi-tables", &cov);
	if (n <= 0)
		cr_skip_test("no abi-tables/ here (run from the repository root)");
	for (int i = 0; i < n; i++) {
		cr_assert_gt(cov[i].total, 100, "%s has %d rows", cov[i].abi, cov[i].total);
		cr_assert_eq(cov[i].other, 0, "%s has rows with unknown status", cov[i].abi);
	}
	free(cov);
}
