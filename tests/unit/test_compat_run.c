/* compat-db: judging runs, running under a stand-in abirun (exit status,
 * signals, timeouts, refusals, --stats), the manifest format and the CLI. */
#include "test_compat.h"

#include <signal.h>
#include <stdarg.h>

/* A stand-in for abirun with its interface: --stats=json:FILE -- PROGRAM ARGS.
 * It runs PROGRAM natively and writes statistics, except when told to fail
 * like abirun does. */
static const char FAKE[] =
	"#!/bin/sh\n"
	"stats=\n"
	"while [ $# -gt 0 ]; do\n"
	"  case $1 in\n"
	"    --stats=json:*) stats=${1#--stats=json:}; shift;;\n"
	"    --) shift; break;;\n"
	"    *) echo \"abirun: unknown option $1\" >&2; exit 126;;\n"
	"  esac\n"
	"done\n"
	"case $1 in *refuse*) echo 'abirun: prog is a NetBSD program; only FreeBSD programs are supported' >&2; exit 126;; esac\n"
	"command -v \"$1\" >/dev/null 2>&1 || { echo \"abirun: $1: not found\" >&2; exit 127; }\n"
	"\"$@\"; rc=$?\n"
	"[ -n \"$stats\" ] && printf '{\"abi\":\"freebsd-amd64\",\"program\":\"%s\",\"syscalls\":[{\"nr\":4,\"name\":\"write\",\"status\":\"full\",\"count\":2,\"errors\":0,\"enosys\":0},{\"nr\":85,\"name\":\"swapon\",\"status\":\"missing\",\"count\":1,\"errors\":1,\"enosys\":1}],\"unknown\":[],\"totals\":{\"calls\":3,\"errors\":1,\"enosys\":1}}' \"$1\" > \"$stats\"\n"
	"if [ $rc -gt 128 ]; then kill -s $((rc - 128)) $$; fi\n"
	"exit $rc\n";

static char *dir;

static void setup(void)
{
	dir = tc_tmpdir();
	char *p = compat_xasprintf("%s/fake-abirun", dir);
	tc_write(p, FAKE, strlen(FAKE), 0755);
	setenv("ABIRUN_COMPAT_ABIRUN", p, 1);
	free(p);
	setenv("ABIRUN_COMPAT_VERSION", "v-unit", 1);
}

static void teardown(void)
{
	tc_rm_rf(dir);
	free(dir);
}

TestSuite(compat_run, .init = setup, .fini = teardown);

static void exec_sh(const char *script, const struct compat_run_opts *o, struct compat_run_result *r)
{
	char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
	cr_assert_eq(compat_run_exec(o, argv, 3, r), 0);
}

Test(compat_run, exit_status_output_and_stats)
{
	struct compat_run_opts o = {.name = "t", .expect = "hello", .timeout_s = 20};
	struct compat_run_result r;
	exec_sh("echo hello world; echo oops >&2; exit 0", &o, &r);
	cr_assert_str_eq(r.outcome, "exit");
	cr_assert_eq(r.exit_code, 0);
	cr_assert_str_eq(r.verdict, "pass", "%s", r.reason);
	cr_assert_eq(r.expect_matched, 1);
	cr_assert_eq(r.stdout_bytes, 12);
	char want[65];
	compat_sha256_hex("hello world\n", 12, want);
	cr_assert_str_eq(r.stdout_sha256, want);
	cr_assert_str_eq(r.stderr_head, "oops\n");
	cr_assert_eq(r.have_stats, 1);
	cr_assert_eq(r.stats.nrows, 2);
	cr_assert_str_eq(r.version, "v-unit");
	cr_assert(strstr(r.host_kernel, "Linux") != NULL);
	compat_run_result_free(&r);
}

Test(compat_run, wrong_output_and_exit_status)
{
	struct compat_run_opts o = {.expect = "bye", .timeout_s = 20};
	struct compat_run_result r;
	exec_sh("echo hello", &o, &r);
	cr_assert_str_eq(r.verdict, "fail");
	cr_assert_eq(r.expect_matched, 0);
	cr_assert(strstr(r.reason, "does not contain \"bye\"") != NULL, "%s", r.reason);
	compat_run_result_free(&r);

	struct compat_run_opts o2 = {.timeout_s = 20};
	exec_sh("exit 3", &o2, &r);
	cr_assert_str_eq(r.verdict, "fail");
	cr_assert_str_eq(r.reason, "exit status 3 (expected 0)");
	compat_run_result_free(&r);

	struct compat_run_opts o3 = {.timeout_s = 20, .expect_exit = 3};
	exec_sh("exit 3", &o3, &r);
	cr_assert_str_eq(r.verdict, "pass");
	compat_run_result_free(&r);
}

Test(compat_run, exact_expectations)
{
	struct compat_run_opts o = {.expect = "0.28.2", .expect_exact = 1, .timeout_s = 20};
	struct compat_run_result r;
	exec_sh("echo 0.28.2", &o, &r);
	cr_assert_str_eq(r.verdict, "pass", "%s", r.reason);
	compat_run_result_free(&r);
	exec_sh("echo 0.28.2x", &o, &r);
	cr_assert_str_eq(r.verdict, "fail");
	cr_assert(strstr(r.reason, "does not equal") != NULL, "%s", r.reason);
	compat_run_result_free(&r);
	exec_sh("printf 0.28.2", &o, &r);
	cr_assert_str_eq(r.verdict, "pass");
	compat_run_result_free(&r);
}

Test(compat_run, death_by_signal)
{
	struct compat_run_opts o = {.timeout_s = 20};
	struct compat_run_result r;
	exec_sh("kill -s SEGV $$", &o, &r);
	cr_assert_str_eq(r.outcome, "signal");
	cr_assert_eq(r.signal, SIGSEGV);
	cr_assert_str_eq(r.verdict, "fail");
	cr_assert_str_eq(r.reason, "killed by SIGSEGV");
	compat_run_result_free(&r);
}

Test(compat_run, timeout_kills_the_process_group, .timeout = 30)
{
	struct compat_run_opts o = {.timeout_s = 1};
	struct compat_run_result r;
	/* a child that would outlive its parent, and holds the pipes */
	exec_sh("sleep 30 & sleep 30; echo never", &o, &r);
	cr_assert_str_eq(r.outcome, "timeout");
	cr_assert_str_eq(r.verdict, "fail");
	cr_assert_str_eq(r.reason, "timed out after 1 s");
	cr_assert_lt(r.duration_ms, 5000);
	cr_assert_geq(r.duration_ms, 900);
	compat_run_result_free(&r);
}

Test(compat_run, refusals_and_missing_runner)
{
	struct compat_run_opts o = {.timeout_s = 20};
	struct compat_run_result r;
	char *argv[] = {"/nonexistent/program", NULL};
	cr_assert_eq(compat_run_exec(&o, argv, 1, &r), 0);
	cr_assert_str_eq(r.outcome, "not-found");
	cr_assert_eq(r.exit_code, 127);
	compat_run_result_free(&r);

	char *argv2[] = {"/tmp/refuse-me", NULL};
	cr_assert_eq(compat_run_exec(&o, argv2, 1, &r), 0);
	cr_assert_str_eq(r.outcome, "cannot-execute");
	cr_assert(strstr(r.reason, "NetBSD program") != NULL, "%s", r.reason);
	compat_run_result_free(&r);

	setenv("ABIRUN_COMPAT_ABIRUN", "/nonexistent/abirun", 1);
	exec_sh("true", &o, &r);
	cr_assert_str_eq(r.outcome, "spawn-error");
	cr_assert_str_eq(r.verdict, "fail");
	compat_run_result_free(&r);
}

Test(compat_run, cwd_and_stdin)
{
	char *in = compat_xasprintf("%s/input.txt", dir);
	tc_write(in, "from stdin\n", 11, 0644);
	struct compat_run_opts o = {.timeout_s = 20, .cwd = dir, .stdin_path = in, .expect_exact = 1};
	char *want = compat_xasprintf("%s from stdin", dir);
	o.expect = want;
	struct compat_run_result r;
	exec_sh("printf '%s ' \"$(pwd -P)\"; cat", &o, &r);
	char real[4096];
	cr_assert_not_null(realpath(dir, real));
	cr_assert(strstr(r.stdout_head, real) != NULL, "%s", r.stdout_head);
	cr_assert(strstr(r.stdout_head, "from stdin") != NULL, "%s", r.stdout_head);
	compat_run_result_free(&r);
}

Test(compat_run, judge_without_expectation)
{
	struct compat_run_result r;
	memset(&r, 0, sizeof r);
	snprintf(r.outcome, sizeof r.outcome, "exit");
	r.exit_code = 0;
	compat_run_judge(&r);
	cr_assert_str_eq(r.verdict, "pass");
	cr_assert_eq(r.expect_matched, -1);
	snprintf(r.outcome, sizeof r.outcome, "cannot-execute");
	r.stderr_head = "\nabirun: x is dynamically linked\nmore\n";
	compat_run_judge(&r);
	cr_assert_str_eq(r.verdict, "fail");
	cr_assert_str_eq(r.reason, "cannot-execute: abirun: x is dynamically linked");
}

/* ---------------------------------------------------------- the manifest */

Test(compat_run, split_words)
{
	char **w;
	int n = compat_split_words("  a 'b c'  \"d \\\"e\\\"\" f\\ g x'y'z ", &w);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(w[0], "a");
	cr_assert_str_eq(w[1], "b c");
	cr_assert_str_eq(w[2], "d \"e\"");
	cr_assert_str_eq(w[3], "f g");
	cr_assert_str_eq(w[4], "xyz");
	cr_assert_null(w[5]);
	cr_assert_eq(compat_split_words("", &w), 0);
	cr_assert_eq(compat_split_words("'open", &w), -1);
	cr_assert_eq(compat_split_words("\"open", &w), -1);
}

static const char GOOD[] =
	"# corpus\n"
	"root ..\n"
	"cache cache-dir\n"
	"\n"
	"[tool-version]\n"
	"source    npm @scope/tool-x64@1.2.3 package/bin/tool\n"
	"integrity sha512-78XJTJkvPs0kz2w61301PJjXl4g7q3JqiYMZ/M/yVI73EHBrCRTgkhu9oqG7vPqq+a/yadEW8aD+agKlk5xrmg==\n"
	"sha256    8a237e222bee0e50556e7b00d83ec2ff43721bf72f19811a5f0ee56f1d40177c\n"
	"args      --version 'two words' {root}/data/x.ts\n"
	"expect-exact \"1.2.3\"\n"
	"timeout   30\n"
	"abi       freebsd-amd64\n"
	"\n"
	"[local]\n"
	"source  path build/prog\n"
	"optional yes\n"
	"exit    42\n"
	"stdin   data/in.txt\n"
	"expect  some text with  spaces\n";

Test(compat_run, manifest_parses)
{
	struct compat_manifest m;
	char err[512] = "";
	char *file = compat_xasprintf("%s/sub/manifest", dir);
	cr_assert_eq(compat_manifest_parse(file, GOOD, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m.n, 2);
	char *root = compat_xstrdup(dir);	/* sub/.. = dir (sub does not exist: not canonicalised) */
	cr_assert(strstr(m.root, "..") || !strcmp(m.root, root), "root %s", m.root);
	cr_assert(strstr(m.cache, "cache-dir") != NULL);
	struct compat_manifest_entry *e = &m.e[0];
	cr_assert_str_eq(e->name, "tool-version");
	cr_assert_str_eq(e->source_kind, "npm");
	cr_assert_str_eq(e->npm_spec, "@scope/tool-x64@1.2.3");
	cr_assert_str_eq(e->npm_file, "package/bin/tool");
	cr_assert_eq(e->nargs, 3);
	cr_assert_str_eq(e->args[1], "two words");
	cr_assert(strstr(e->args[2], "/data/x.ts") && !strstr(e->args[2], "{root}"), "%s", e->args[2]);
	cr_assert_str_eq(e->expect, "1.2.3");
	cr_assert_eq(e->expect_exact, 1);
	cr_assert_eq(e->timeout_s, 30);
	e = &m.e[1];
	cr_assert_str_eq(e->source_kind, "path");
	cr_assert_eq(e->path[0], '/');
	cr_assert(strstr(e->path, "build/prog") != NULL);
	cr_assert_eq(e->optional, 1);
	cr_assert_eq(e->expect_exit, 42);
	cr_assert_str_eq(e->expect, "some text with  spaces");
	cr_assert_eq(e->expect_exact, 0);
	cr_assert(strstr(e->stdin_path, "data/in.txt") != NULL);
	compat_manifest_free(&m);
	free(root);
}

Test(compat_run, manifest_errors_name_the_line)
{
	static const struct { const char *text, *msg; } bad[] = {
		{"[a]\nsource path x\nbogus 1\n", ":3: unknown key 'bogus'"},
		{"source path x\n", ":1: unknown global key"},
		{"[a]\nsource npm pkg@1 f\n", "needs both integrity"},
		{"[a]\nsource npm pkg f\nintegrity sha512-x\nsha256 " "8a237e222bee0e50556e7b00d83ec2ff43721bf72f19811a5f0ee56f1d40177c\n", "exact version"},
		{"[a]\nsource path x\n[a]\nsource path y\n", "duplicate entry [a]"},
		{"[a]\n", "has no source"},
		{"[a]\nsource path x\nsha256 abc\n", "64 lowercase hex"},
		{"[a]\nsource path x\nexit 300\n", "exit must be"},
		{"[a]\nsource path x\nargs 'open\n", "unbalanced quotes"},
		{"[a\n", "malformed entry header"},
		{"[a]\nsource npm p@1 ../../etc/passwd\n", "source must be"},
		{"[a]\nsource path x\nintegrity sha1-abc\n", "sha512"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct compat_manifest m;
		char err[512] = "";
		cr_assert_eq(compat_manifest_parse("/x/manifest", bad[i].text, &m, err, sizeof err), -1, "accepted #%zu", i);
		cr_assert(strstr(err, bad[i].msg) != NULL, "#%zu: '%s' lacks '%s'", i, err, bad[i].msg);
	}
}

Test(compat_run, project_manifest_is_valid)
{
	struct compat_manifest m;
	if (access("tests/corpus/manifest", R_OK) != 0)
		cr_skip_test("run from the repository root");
	cr_assert_eq(compat_manifest_load("tests/corpus/manifest", &m), 0);
	int npm = 0, freebsd = 0, netbsd = 0;
	for (int i = 0; i < m.n; i++) {
		npm += !strcmp(m.e[i].source_kind, "npm");
		if (m.e[i].npm_spec) {
			freebsd += strstr(m.e[i].npm_spec, "@esbuild/freebsd-x64@0.28.2") != NULL;
			netbsd += strstr(m.e[i].npm_spec, "@esbuild/netbsd-x64@0.28.2") != NULL;
		}
	}
	cr_assert_geq(freebsd, 1);
	cr_assert_geq(netbsd, 1);
	cr_assert(strstr(m.cache, "build/corpus-cache") != NULL, "%s", m.cache);
	compat_manifest_free(&m);
}

Test(compat_run, path_source_checksum)
{
	char *f = compat_xasprintf("%s/bin", dir);
	tc_write(f, "abc", 3, 0755);
	char *text = compat_xasprintf(
		"[ok]\nsource path %s\nsha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n"
		"[bad]\nsource path %s\nsha256 0000000000000000000000000000000000000000000000000000000000000000\n"
		"[gone]\nsource path %s/nothing\noptional yes\n", f, f, dir);
	struct compat_manifest m;
	char err[512];
	cr_assert_eq(compat_manifest_parse("/x/m", text, &m, err, sizeof err), 0, "%s", err);
	int skipped;
	char *p = compat_manifest_fetch(&m, &m.e[0], &skipped);
	cr_assert_str_eq(p, f);
	free(p);
	int saved = dup(2), dn = open("/dev/null", O_WRONLY);
	dup2(dn, 2);
	p = compat_manifest_fetch(&m, &m.e[1], &skipped);
	dup2(saved, 2);
	cr_assert_null(p);
	cr_assert_eq(skipped, 0);
	p = compat_manifest_fetch(&m, &m.e[2], &skipped);
	cr_assert_null(p);
	cr_assert_eq(skipped, 1);
	compat_manifest_free(&m);
}

/* ------------------------------------------------------------- the CLI */

struct cli {
	int argc;
	char **argv;
};

static int call_cli(void *a)
{
	struct cli *c = a;
	return compat_main(c->argc, c->argv);
}

static char *cli(int *rc, ...)
{
	char *args[32];
	int n = 0;
	va_list ap;
	va_start(ap, rc);
	for (char *s; (s = va_arg(ap, char *));)
		args[n++] = s;
	va_end(ap);
	args[n] = NULL;
	struct cli c = {n, args};
	return tc_capture(call_cli, &c, rc);
}

Test(compat_run, cli_end_to_end_with_stand_in)
{
	char *db = compat_xasprintf("%s/cli.db", dir);
	int rc;
	char *out = cli(&rc, "compat", "--db", db, "run", "--name", "greeter", "--expect", "hi", "--",
			"/bin/sh", "-c", "echo hi", NULL);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert(strstr(out, "greeter: PASS") != NULL, "%s", out);
	cr_assert(strstr(out, "1 not implemented: swapon") != NULL, "%s", out);
	free(out);
	setenv("ABIRUN_COMPAT_VERSION", "v-unit-2", 1);
	out = cli(&rc, "compat", "run", "--db", db, "--name", "greeter", "--expect", "hi", "/bin/sh", "-c", "echo bye", NULL);
	cr_assert_eq(rc, 1);
	cr_assert(strstr(out, "greeter: FAIL") != NULL, "%s", out);
	free(out);
	out = cli(&rc, "compat", "--db", db, "regressions", NULL);
	cr_assert_eq(rc, 1, "%s", out);
	cr_assert(strstr(out, "greeter") && strstr(out, "regressed"), "%s", out);
	free(out);
	out = cli(&rc, "compat", "--db", db, "report", "--json", NULL);
	cr_assert_eq(rc, 0);
	cr_assert_not_null(compat_json_parse(out, strlen(out), NULL, NULL, 0));
	free(out);
	out = cli(&rc, "compat", "--db", db, "missing", NULL);
	cr_assert(strstr(out, "swapon") != NULL, "%s", out);
	free(out);
	out = cli(&rc, "compat", "--db", db, "versions", NULL);
	cr_assert(strstr(out, "v-unit-2") && strstr(out, "v-unit "), "%s", out);
	free(out);
	out = cli(&rc, "compat", "--db", db, "scan", "/bin/ls", "/etc/hostname", NULL);
	cr_assert_eq(rc, 1, "a non-ELF file named explicitly is reported");
	cr_assert(strstr(out, "linux-amd64") != NULL, "%s", out);
	free(out);
	out = cli(&rc, "compat", "help", NULL);
	cr_assert_eq(rc, 0);
	cr_assert(strstr(out, "run-manifest") && strstr(out, "regressions"), "%s", out);
	free(out);
	int saved = dup(2), dn = open("/dev/null", O_WRONLY);
	dup2(dn, 2);
	out = cli(&rc, "compat", "frobnicate", NULL);
	cr_assert_eq(rc, 2);
	free(out);
	out = cli(&rc, "compat", "--db", db, "run", "--timeout", "zero", "--", "x", NULL);
	cr_assert_eq(rc, 2);
	free(out);
	char *none = compat_xasprintf("%s/none.db", dir);
	out = cli(&rc, "compat", "--db", none, "report", NULL);
	cr_assert_eq(rc, 2);
	cr_assert_neq(access(none, F_OK), 0);
	free(out);
	out = cli(&rc, "compat", "--db", db, "regressions", "--from", "v-nope", NULL);
	cr_assert_eq(rc, 2);
	free(out);
	dup2(saved, 2);
}
