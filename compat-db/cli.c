/* compat-db: `abirun compat SUBCOMMAND ...` — option parsing and help. */
#include "compat-db/compat.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE[] =
	"usage: abirun compat [--db PATH] SUBCOMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"Records which foreign binaries run under abirun, how well, and what changed\n"
	"between abirun versions, in an SQLite database.\n"
	"\n"
	"subcommands:\n"
	"  scan PATH...              fingerprint ELF files (directories: recursively):\n"
	"                            sha256, ABI and OS version, static/dynamic,\n"
	"                            interpreter, needed libraries, Go version and module\n"
	"  run [OPTIONS] -- PROGRAM [ARGS...]\n"
	"                            run PROGRAM under abirun and record the outcome,\n"
	"                            output hashes and per-syscall statistics\n"
	"      --expect TEXT         pass only if stdout contains TEXT\n"
	"      --expect-exact TEXT   pass only if stdout is TEXT (one trailing newline ignored)\n"
	"      --exit N              expected exit status (default 0)\n"
	"      --name NAME           name to record it under (default: the program's file name)\n"
	"      --timeout SEC         kill it after SEC seconds (default 60)\n"
	"  run-manifest [--timeout SEC] [--cache DIR] FILE [NAME...]\n"
	"                            fetch (npm packages are checksum-verified), run and\n"
	"                            record every entry of a corpus manifest, or the named ones\n"
	"  report [--json] [--version V]\n"
	"                            latest result of each binary, and the scanned binaries\n"
	"  regressions [--from V1] [--to V2] [--json]\n"
	"                            what passed under V1 and fails under V2, and what newly\n"
	"                            passes (defaults: previous and latest recorded versions)\n"
	"  missing [--json] [--version V]\n"
	"                            not-implemented syscalls, ranked by binaries hitting them\n"
	"  versions [--json]         abirun versions recorded, with pass/fail counts\n"
	"  html [--tables DIR] OUT   write a self-contained HTML page (tables, coverage chart)\n"
	"  help                      this text\n"
	"\n"
	"global options (before or after the subcommand):\n"
	"  --db PATH                 database file (default $XDG_DATA_HOME/abirun/compat.db,\n"
	"                            else ~/.local/share/abirun/compat.db)\n"
	"  --tables DIR              ABI tables for the coverage chart (default: abi-tables\n"
	"                            next to the abirun binary's directory, else ./abi-tables)\n"
	"\n"
	"versions: V is an abirun version as recorded (git describe), or 'latest' or\n"
	"'previous'. ABIRUN_COMPAT_VERSION overrides the version recorded by run.\n"
	"\n"
	"exit status: 0 success; 1 a run failed, a regression was found or a file could\n"
	"not be scanned; 2 usage, database or system error.\n"
	"\n"
	"The manifest format and the schema are described in docs/compat-db.md.\n";

struct globals {
	const char *db;
	const char *tables;
	int json;
};

/* Matches --name VALUE or --name=VALUE at argv[*i]; 1 on match, -1 on missing value. */
static int opt_val(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc) {
		compat_err("option %s needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

static int global_opt(int argc, char **argv, int *i, struct globals *g)
{
	int r;
	if ((r = opt_val(argc, argv, i, "--db", &g->db)))
		return r;
	if ((r = opt_val(argc, argv, i, "--tables", &g->tables)))
		return r;
	return 0;
}

static int parse_int(const char *opt, const char *v, int lo, int hi, int *out)
{
	char *e;
	long x = strtol(v, &e, 10);
	if (!*v || *e || x < lo || x > hi) {
		compat_err("%s: expected a number from %d to %d, got '%s'", opt, lo, hi, v);
		return -1;
	}
	*out = (int)x;
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("abirun compat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see `abirun compat help`)\n", stderr);
	return COMPAT_EXIT_ERROR;
}

/* ------------------------------------------------------------------ scan */

static struct {
	struct compat_db *db;
	int files, stored, failed, pending;
} scan_state;

static int scan_one(const char *path, int explicit)
{
	struct compat_fingerprint fp;
	if (compat_scan_file(path, &fp) < 0) {
		compat_err("%s: %s", path, fp.error);
		scan_state.failed++;
		return 0;
	}
	scan_state.files++;
	if (!strcmp(fp.format, "not-elf")) {
		if (explicit) {
			printf("%s: not an ELF file (%s), not recorded\n", path, fp.error);
			scan_state.failed++;
		}
		compat_fingerprint_free(&fp);
		return 0;
	}
	compat_fingerprint_print(&fp, stdout);
	if (!strcmp(fp.format, "malformed"))
		scan_state.failed++;
	if (compat_store_binary(scan_state.db, &fp) < 0) {
		compat_fingerprint_free(&fp);
		return -1;
	}
	compat_fingerprint_free(&fp);
	scan_state.stored++;
	/* commit in batches: durable progress on big trees without an fsync per file */
	if (++scan_state.pending >= 200) {
		if (compat_db_commit(scan_state.db) < 0 || compat_db_begin(scan_state.db) < 0)
			return -1;
		scan_state.pending = 0;
	}
	return 0;
}

static int walk_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0)
		return scan_one(path, 0) < 0 ? 1 : 0;
	if (type == FTW_DNR) {
		compat_err("%s: cannot read the directory", path);
		scan_state.failed++;
	}
	return 0;
}

static int cmd_scan(struct compat_db *db, char **paths, int n)
{
	memset(&scan_state, 0, sizeof scan_state);
	scan_state.db = db;
	if (compat_db_begin(db) < 0)
		return COMPAT_EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		struct stat st;
		int r = 0;
		if (stat(paths[i], &st) < 0) {
			compat_err("%s: %s", paths[i], strerror(errno));
			scan_state.failed++;
			continue;
		}
		if (S_ISDIR(st.st_mode))
			r = nftw(paths[i], walk_cb, 32, FTW_PHYS);
		else
			r = scan_one(paths[i], 1);
		if (r != 0) {
			compat_db_rollback(db);
			compat_err("scan aborted: nothing from the last %d files was recorded", scan_state.pending);
			return COMPAT_EXIT_ERROR;
		}
	}
	if (compat_db_commit(db) < 0)
		return COMPAT_EXIT_ERROR;
	printf("scanned %d files: %d recorded in %s%s\n", scan_state.files, scan_state.stored, db->path,
	       scan_state.failed ? " (some could not be read or are not valid ELF files)" : "");
	return scan_state.failed ? COMPAT_EXIT_NEGATIVE : COMPAT_EXIT_OK;
}

/* ------------------------------------------------------------------ main */

static int open_db(struct globals *g, struct compat_db *db, enum compat_db_mode mode)
{
	return compat_db_open(db, g->db, mode);
}

int compat_main(int argc, char **argv)
{
	struct globals g = {0};
	struct compat_db db = {0};
	int i = 1, r;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(USAGE, stdout);
			return COMPAT_EXIT_OK;
		}
		if ((r = global_opt(argc, argv, &i, &g)) < 0)
			return COMPAT_EXIT_ERROR;
		if (!r)
			return usage_error("unknown option %s", argv[i]);
	}
	if (i >= argc) {
		fputs(USAGE, stderr);
		return COMPAT_EXIT_ERROR;
	}
	const char *sub = argv[i++];
	if (!strcmp(sub, "help")) {
		fputs(USAGE, stdout);
		return COMPAT_EXIT_OK;
	}

	/* subcommand options; global ones are accepted here too */
	const char *expect = NULL, *expect_exact = NULL, *name = NULL, *from = NULL, *to = NULL,
		   *version = NULL, *cache = NULL, *sval = NULL;
	int timeout = 0, exit_code = 0, json = 0;
	char **rest = NULL;
	int nrest = 0;
	int takes_program = !strcmp(sub, "run");
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1]) {
			if (takes_program)
				break;	/* run PROGRAM ARGS... without -- */
			rest = compat_xrealloc(rest, sizeof(char *) * (size_t)(nrest + 1));
			rest[nrest++] = argv[i];
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(USAGE, stdout);
			free(rest);
			return COMPAT_EXIT_OK;
		}
		if ((r = global_opt(argc, argv, &i, &g)) != 0) {
			if (r < 0)
				goto usage;
			continue;
		}
		if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		}
#define OPT(n, var) if ((r = opt_val(argc, argv, &i, n, &var)) != 0) { if (r < 0) goto usage; continue; }
		OPT("--expect-exact", expect_exact);
		OPT("--expect", expect);
		OPT("--name", name);
		OPT("--from", from);
		OPT("--to", to);
		OPT("--version", version);
		OPT("--cache", cache);
		if ((r = opt_val(argc, argv, &i, "--timeout", &sval)) != 0) {
			if (r < 0 || parse_int("--timeout", sval, 1, 86400, &timeout) < 0)
				goto usage;
			continue;
		}
		if ((r = opt_val(argc, argv, &i, "--exit", &sval)) != 0) {
			if (r < 0 || parse_int("--exit", sval, 0, 255, &exit_code) < 0)
				goto usage;
			continue;
		}
#undef OPT
		free(rest);
		return usage_error("unknown option %s", a);
	}
	for (; i < argc; i++) {
		rest = compat_xrealloc(rest, sizeof(char *) * (size_t)(nrest + 1));
		rest[nrest++] = argv[i];
	}

	r = COMPAT_EXIT_ERROR;
	if (!strcmp(sub, "scan")) {
		if (!nrest) {
			usage_error("%s needs at least one PATH", "scan");
			goto out;
		}
		if (open_db(&g, &db, COMPAT_DB_CREATE) == 0)
			r = cmd_scan(&db, rest, nrest);
	} else if (!strcmp(sub, "run")) {
		if (!nrest) {
			usage_error("%s needs a PROGRAM (run [OPTIONS] -- PROGRAM ARGS...)", "run");
			goto out;
		}
		if (expect && expect_exact) {
			usage_error("%s: give --expect or --expect-exact, not both", "run");
			goto out;
		}
		if (open_db(&g, &db, COMPAT_DB_CREATE) == 0) {
			struct compat_run_opts o = {
				.name = name, .expect = expect_exact ? expect_exact : expect,
				.expect_exact = expect_exact != NULL, .expect_exit = exit_code,
				.timeout_s = timeout ? timeout : 60,
			};
			char summary[1024] = "";
			int passed = 0;
			r = compat_run_and_record(&db, &o, rest, nrest, &passed, summary, sizeof summary);
			if (r != COMPAT_EXIT_ERROR)
				printf("%s\n", summary);
		}
	} else if (!strcmp(sub, "run-manifest")) {
		if (nrest < 1) {
			usage_error("%s needs a manifest FILE", "run-manifest");
			goto out;
		}
		if (open_db(&g, &db, COMPAT_DB_CREATE) == 0)
			r = compat_cmd_run_manifest(&db, rest[0], rest + 1, nrest - 1, timeout, cache);
	} else if (!strcmp(sub, "report") || !strcmp(sub, "missing") || !strcmp(sub, "versions") ||
		   !strcmp(sub, "regressions")) {
		if (nrest) {
			usage_error("unexpected argument %s", rest[0]);
			goto out;
		}
		if (open_db(&g, &db, COMPAT_DB_EXISTING) == 0) {
			if (!strcmp(sub, "report"))
				r = compat_cmd_report(&db, json, version);
			else if (!strcmp(sub, "missing"))
				r = compat_cmd_missing(&db, json, version);
			else if (!strcmp(sub, "versions"))
				r = compat_cmd_versions(&db, json);
			else
				r = compat_cmd_regressions(&db, from, to, json);
		}
	} else if (!strcmp(sub, "html")) {
		if (nrest != 1) {
			usage_error("%s needs exactly one OUT file", "html");
			goto out;
		}
		char *tables = g.tables ? compat_xstrdup(g.tables) : compat_tables_default_dir();
		/* without any database yet, the page still shows the coverage chart */
		char *path = g.db ? compat_xstrdup(g.db) : compat_db_default_path();
		if (path && access(path, F_OK) != 0 && errno == ENOENT) {
			r = compat_cmd_html(NULL, rest[0], tables);
		} else if (open_db(&g, &db, COMPAT_DB_EXISTING) == 0) {
			r = compat_cmd_html(&db, rest[0], tables);
		}
		free(path);
		free(tables);
	} else {
		usage_error("unknown subcommand '%s'", sub);
	}
out:
	compat_db_close(&db);
	free(rest);
	fflush(stdout);
	return r;
usage:
	free(rest);
	return COMPAT_EXIT_ERROR;
}
