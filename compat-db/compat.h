/* compat-db: the compatibility database of abirun.
 *
 * Host-side code (ordinary glibc), linked into build/abirun and reached as
 * `abirun compat SUBCOMMAND ...`.  Every global symbol starts with compat_.
 * docs/compat-db.md describes the commands, the schema and the manifest.
 */
#ifndef ABIRUN_COMPAT_H
#define ABIRUN_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

/* Entry point: argv[0] is "compat", argv[1] the subcommand. */
int compat_main(int argc, char **argv);

/* Exit statuses of compat_main. */
enum {
	COMPAT_EXIT_OK = 0,
	COMPAT_EXIT_NEGATIVE = 1,	/* a run failed, regressions found, a file could not be scanned */
	COMPAT_EXIT_ERROR = 2,		/* usage, database or system error */
};

/* ---------------------------------------------------------------- util.c */

struct compat_buf {
	char *p;
	size_t len, cap;
};

void compat_buf_add(struct compat_buf *b, const void *data, size_t n);
void compat_buf_puts(struct compat_buf *b, const char *s);
void compat_buf_printf(struct compat_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *compat_buf_take(struct compat_buf *b);	/* NUL-terminated, caller frees */
void compat_buf_free(struct compat_buf *b);

void compat_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *compat_xmalloc(size_t n);
void *compat_xcalloc(size_t n, size_t m);
void *compat_xrealloc(void *p, size_t n);
char *compat_xstrdup(const char *s);
void compat_strlcpy(char *dst, const char *src, size_t n);	/* truncating copy */
char *compat_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int compat_read_file(const char *path, size_t max, char **out, size_t *len);
int compat_mkdir_p(const char *dir, int mode);
void compat_now_iso(char out[32]);
void compat_fmt_ms(long long ms, char *out, size_t n);	/* "12 ms", "1.50 s" */		/* UTC, 2024-01-02T03:04:05Z */
const char *compat_version(void);		/* $ABIRUN_COMPAT_VERSION or ABIRUN_VERSION */
void compat_host_kernel(char *out, size_t n);	/* "Linux 6.1.0-... x86_64" */
char *compat_self_dir(void);			/* dirname(/proc/self/exe) */
char *compat_dirname(const char *path);
const char *compat_basename(const char *path);

/* JSON output helpers. */
void compat_json_str(FILE *f, const char *s);	/* quoted+escaped, or null */
void compat_buf_json_str(struct compat_buf *b, const char *s);

/* Plain-text tables. */
struct compat_table {
	int ncols, nrows, cap;
	char **cells;			/* nrows * ncols, row 0 = header */
};
void compat_table_init(struct compat_table *t, int ncols, const char *const *header);
void compat_table_row(struct compat_table *t, const char *const *cells);
void compat_table_print(const struct compat_table *t, FILE *f);
void compat_table_free(struct compat_table *t);

/* HTML escaping into a FILE. */
void compat_html_esc(FILE *f, const char *s);

/* -------------------------------------------------------------- sha256.c */

struct compat_sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t n;
};
void compat_sha256_init(struct compat_sha256 *c);
void compat_sha256_update(struct compat_sha256 *c, const void *data, size_t n);
void compat_sha256_final(struct compat_sha256 *c, uint8_t out[32]);
void compat_sha256_hex(const void *data, size_t n, char out[65]);
void compat_hex(const uint8_t *in, size_t n, char *out);	/* out: 2n+1 */
int compat_sha256_file(const char *path, char out[65]);

/* -------------------------------------------------------------- sha512.c */

struct compat_sha512 {
	uint64_t h[8];
	uint64_t len;
	uint8_t buf[128];
	size_t n;
};
void compat_sha512_init(struct compat_sha512 *c);
void compat_sha512_update(struct compat_sha512 *c, const void *data, size_t n);
void compat_sha512_final(struct compat_sha512 *c, uint8_t out[64]);
int compat_sha512_file(const char *path, uint8_t out[64]);
/* base64 (standard alphabet, padding optional); returns length or -1 */
long compat_base64_decode(const char *in, uint8_t *out, size_t outcap);

/* ---------------------------------------------------------------- json.c */

enum compat_json_type {
	COMPAT_JSON_NULL, COMPAT_JSON_BOOL, COMPAT_JSON_NUMBER,
	COMPAT_JSON_STRING, COMPAT_JSON_ARRAY, COMPAT_JSON_OBJECT,
};

struct compat_json {
	enum compat_json_type type;
	int boolean;
	double number;
	char *string;			/* STRING: value (NUL-terminated, may hold no NUL) */
	char *key;			/* set when this value is an object member */
	struct compat_json *child;	/* ARRAY/OBJECT: first element */
	struct compat_json *next;	/* next sibling */
};

/* Parses one JSON value from text[0..len); *end (if non-NULL) receives the
 * offset after it.  Returns NULL on a syntax error with a message in err. */
struct compat_json *compat_json_parse(const char *text, size_t len, size_t *end,
				      char *err, size_t errlen);
void compat_json_free(struct compat_json *v);
const struct compat_json *compat_json_get(const struct compat_json *obj, const char *key);
const char *compat_json_get_str(const struct compat_json *obj, const char *key);
int compat_json_get_i64(const struct compat_json *obj, const char *key, int64_t *out);

/* --------------------------------------------------------------- stats.c */

struct compat_stat_row {
	long nr;
	char name[64];
	char status[16];	/* full/partial/missing, or "unknown" for unknown numbers */
	int64_t count, errors, enosys;
};

struct compat_stats {
	char abi[64];
	char program[1024];
	struct compat_stat_row *rows;
	int nrows;
	int64_t calls, errors, enosys;
	int objects;		/* how many JSON objects were merged (forked guests) */
};

/* Parses the --stats=json output (one or more concatenated objects; counts
 * are summed per syscall).  Returns 0, or -1 with a message in err. */
int compat_stats_parse(const char *text, size_t len, struct compat_stats *st,
		       char *err, size_t errlen);
void compat_stats_free(struct compat_stats *st);

/* ---------------------------------------------------------------- scan.c */

struct compat_fingerprint {
	char path[4096];
	char sha256[65];
	int64_t size;
	char format[16];	/* "elf", "not-elf", "malformed" */
	char error[256];	/* why not-elf/malformed */
	char abi[48];		/* freebsd-amd64, netbsd-amd64, linux-amd64, unknown-amd64 ... */
	char os[24];		/* FreeBSD, NetBSD, DragonFly, Linux, unknown */
	char arch[16];		/* amd64, i386, arm64, ... */
	int elf_class;		/* 32 or 64 */
	int osabi;		/* EI_OSABI */
	char elf_type[16];	/* exec, dyn, rel, core */
	int64_t os_version;	/* note descriptor, -1 if none */
	char os_version_str[32];
	char linkage[16];	/* static, dynamic, static-pie, shared-object, relocatable */
	char interp[256];
	char **needed;		/* DT_NEEDED, nneeded entries */
	int nneeded;
	char lang[8];		/* "go" or "" */
	char go_version[32];
	char go_info[16];	/* "buildinfo" or "rodata" (heuristic) */
	char go_module[256];
	char go_module_version[128];
};

/* Fingerprints a file.  Returns 0 when the file could be read (check
 * fp->format for ELF-ness), -1 if it could not be opened/read (errno set,
 * message in fp->error). */
int compat_scan_file(const char *path, struct compat_fingerprint *fp);
/* The same on a memory image (used by the file variant and by tests). */
void compat_scan_mem(const void *data, size_t size, struct compat_fingerprint *fp);
void compat_fingerprint_free(struct compat_fingerprint *fp);
void compat_fingerprint_print(const struct compat_fingerprint *fp, FILE *f);

/* ------------------------------------------------------------- gobuild.c */

/* Parses Go build information found at data[0..len) (starts with the
 * "\xff Go buildinf:" magic).  vaddr translation is needed for the pre-1.18
 * pointer format: map(ctx, vaddr, &avail) returns a pointer to file bytes. */
typedef const uint8_t *(*compat_vaddr_fn)(void *ctx, uint64_t vaddr, size_t *avail);
int compat_go_buildinfo(const uint8_t *data, size_t len, compat_vaddr_fn map, void *ctx,
			struct compat_fingerprint *fp);
void compat_go_modinfo(const char *mi, size_t len, struct compat_fingerprint *fp);
/* Heuristic: finds a "go1.N[.M]" string standing alone in data. */
int compat_go_find_version(const uint8_t *data, size_t len, char *out, size_t outlen);

/* ------------------------------------------------------------------ db.c */

#define COMPAT_SCHEMA_VERSION 2
#define COMPAT_APPLICATION_ID 0x61626972	/* "abir" */

enum compat_db_mode {
	COMPAT_DB_CREATE,	/* create the file (and its directory) when missing */
	COMPAT_DB_EXISTING,	/* report a missing database as an error */
};

struct compat_db {
	sqlite3 *h;
	char *path;
};

char *compat_db_default_path(void);	/* $XDG_DATA_HOME/abirun/compat.db, ~/.local/share/... */
/* Opens, checks and migrates.  Prints a clear error and returns -1 on a
 * missing/locked/corrupt/foreign/newer-schema database. */
int compat_db_open(struct compat_db *db, const char *path, enum compat_db_mode mode);
/* Like compat_db_open but migrates only up to `target` (tests). */
int compat_db_open_at(struct compat_db *db, const char *path, enum compat_db_mode mode, int target);
void compat_db_close(struct compat_db *db);
int compat_db_exec(struct compat_db *db, const char *sql);
int compat_db_begin(struct compat_db *db);	/* BEGIN IMMEDIATE */
int compat_db_commit(struct compat_db *db);
void compat_db_rollback(struct compat_db *db);
sqlite3_stmt *compat_db_prepare(struct compat_db *db, const char *sql);
int compat_db_user_version(struct compat_db *db);
/* Reports an sqlite error with a friendly explanation for busy/corrupt. */
void compat_db_error(struct compat_db *db, const char *what);

/* ----------------------------------------------------------- migrate.c */

int compat_migrate(struct compat_db *db, int target);

/* --------------------------------------------------------------- store.c */

/* Inserts or refreshes a binary (by sha256) and its path; returns the row id
 * or -1.  Must run inside a transaction. */
int64_t compat_store_binary(struct compat_db *db, const struct compat_fingerprint *fp);

struct compat_run_result {
	const char *name;
	const char *program;
	char **argv;		/* program arguments after PROGRAM */
	int argc;
	const char *source;	/* provenance (manifest), may be NULL */
	const char *version;
	char host_kernel[256];
	char started_at[32];
	int64_t duration_ms;
	char outcome[24];	/* exit, signal, timeout, cannot-execute, not-found, spawn-error */
	int exit_code;		/* -1 if none */
	int signal;		/* 0 if none */
	int timeout_s;
	char stdout_sha256[65], stderr_sha256[65];
	int64_t stdout_bytes, stderr_bytes;
	char *stdout_head;	/* first bytes of stdout (for matching), NUL-terminated */
	char *stderr_head;
	const char *expect;	/* NULL if none */
	const char *expect_mode; /* "substring" or "exact" */
	int expect_matched;	/* -1 if no expectation */
	int expect_exit;	/* expected exit status (default 0) */
	char verdict[8];	/* pass / fail */
	char reason[256];	/* why it failed, human-readable */
	int have_stats;
	struct compat_stats stats;
};

/* Records a run (and its syscall rows) in one transaction; returns run id or -1. */
int64_t compat_store_run(struct compat_db *db, const struct compat_fingerprint *fp,
			 const struct compat_run_result *r);

/* ----------------------------------------------------------------- run.c */

struct compat_run_opts {
	const char *name;
	const char *expect;
	int expect_exact;
	int expect_exit;
	int timeout_s;
	const char *source;
	const char *cwd;	/* working directory of the program (NULL: ours) */
	const char *stdin_path;	/* its standard input (NULL: /dev/null) */
};

/* Computes the verdict from outcome/expectations (pure; tested). */
void compat_run_judge(struct compat_run_result *r);
/* Runs PROGRAM under abirun, fills r (caller frees with compat_run_result_free). */
int compat_run_exec(const struct compat_run_opts *o, char **argv, int argc,
		    struct compat_run_result *r);
void compat_run_result_free(struct compat_run_result *r);
/* The whole `run`: scan, exec, record.  Returns exit status. */
int compat_run_and_record(struct compat_db *db, const struct compat_run_opts *o,
			  char **argv, int argc, int *passed, char *summary, size_t summarylen);
const char *compat_runner_path(void);	/* $ABIRUN_COMPAT_ABIRUN or /proc/self/exe */

/* ------------------------------------------------------------ manifest.c */

struct compat_manifest_entry {
	char *name;
	int line;
	char *source_kind;	/* "path" or "npm" */
	char *path;		/* path source, resolved against root */
	char *npm_spec;		/* @scope/pkg@version */
	char *npm_file;		/* path inside the tarball, e.g. package/bin/esbuild */
	char *integrity;	/* sha512-<base64> of the tarball */
	char *sha256;		/* of the binary */
	char **args;
	int nargs;
	char *expect;
	int expect_exact;
	int expect_exit;
	int timeout_s;
	char *abi;		/* expected ABI (checked by scan) */
	int optional;		/* skip quietly when a path source is absent */
	char *stdin_path;	/* file fed to standard input, resolved against root */
};

struct compat_manifest {
	char *file;
	char *root;		/* base for relative paths */
	char *cache;		/* cache dir for npm packages */
	struct compat_manifest_entry *e;
	int n;
};

int compat_manifest_parse(const char *file, const char *text, struct compat_manifest *m,
			  char *err, size_t errlen);
int compat_manifest_load(const char *file, struct compat_manifest *m);
void compat_manifest_free(struct compat_manifest *m);
/* Makes the entry's binary available; returns a malloc'd path or NULL
 * (message printed).  Sets *skipped if an optional source is absent. */
char *compat_manifest_fetch(const struct compat_manifest *m,
			    const struct compat_manifest_entry *e, int *skipped);
/* `run-manifest`: fetch, run and record every entry (or those named). */
int compat_cmd_run_manifest(struct compat_db *db, const char *file, char **only, int nonly,
			    int timeout_s, const char *cache);
/* Splits a shell-like word list ("a 'b c' \"d\""); returns count or -1. */
int compat_split_words(const char *s, char ***out);

/* --------------------------------------------------------------- query.c */

/* A query result held as text (NULL for SQL NULL), with column types kept
 * for JSON output. */
struct compat_rows {
	int ncols, nrows, cap;
	char **names;
	char **cells;		/* nrows * ncols */
	unsigned char *types;	/* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_NULL */
};
/* Runs sql with the text parameters binds[0..nbind) (NULL binds as NULL). */
int compat_rows_query(struct compat_db *db, struct compat_rows *out, const char *sql,
		      int nbind, const char *const *binds);
const char *compat_rows_get(const struct compat_rows *r, int row, const char *col);
long long compat_rows_int(const struct compat_rows *r, int row, const char *col);
/* Writes the rows as a JSON array of objects. */
void compat_rows_json(const struct compat_rows *r, FILE *f, const char *indent);
void compat_rows_free(struct compat_rows *r);

/* -------------------------------------------------------------- report.c */

/* Shared queries (report.c), used by the text, JSON and HTML outputs. */
int compat_q_latest_runs(struct compat_db *db, const char *version, struct compat_rows *out);
int compat_q_binaries(struct compat_db *db, struct compat_rows *out);
int compat_q_missing(struct compat_db *db, const char *version, struct compat_rows *out);
int compat_q_versions(struct compat_db *db, struct compat_rows *out);
/* "exit 0", "SIGSEGV", "timeout 60 s", ... from a runs row */
void compat_outcome_text(const struct compat_rows *r, int row, char *out, size_t n);

int compat_cmd_report(struct compat_db *db, int json, const char *version);
int compat_cmd_regressions(struct compat_db *db, const char *from, const char *to, int json);
int compat_cmd_missing(struct compat_db *db, int json, const char *version);
int compat_cmd_versions(struct compat_db *db, int json);
/* Resolves "latest"/"previous" aliases; returns malloc'd version or NULL. */
char *compat_resolve_version(struct compat_db *db, const char *v);

/* Regression classification (pure; tested). */
enum compat_change {
	COMPAT_SAME_PASS, COMPAT_SAME_FAIL, COMPAT_REGRESSED, COMPAT_FIXED,
	COMPAT_ONLY_FROM, COMPAT_ONLY_TO,
};
enum compat_change compat_classify(const char *from_verdict, const char *to_verdict);
const char *compat_change_name(enum compat_change c);

struct compat_regression {
	char *name;
	enum compat_change change;
	char *from_verdict, *to_verdict;
	char *from_detail, *to_detail;	/* outcome summaries */
	char *from_sha, *to_sha;	/* binary sha256 */
	int output_changed;		/* stdout hash differs */
	char *new_missing;		/* syscalls not implemented in `to` but not in `from` */
};
/* Computes the comparison list; returns count or -1. */
int compat_regressions(struct compat_db *db, const char *from, const char *to,
		       struct compat_regression **out);
void compat_regressions_free(struct compat_regression *r, int n);

/* -------------------------------------------------------------- tables.c */

struct compat_abi_coverage {
	char abi[48];
	int full, partial, missing, other, total;
};
/* Reads DIR/<abi>/syscalls.tab for every ABI; returns count or -1. */
int compat_tables_load(const char *dir, struct compat_abi_coverage **out);
int compat_tables_parse(const char *text, struct compat_abi_coverage *cov);
char *compat_tables_default_dir(void);

/* ---------------------------------------------------------------- html.c */

int compat_cmd_html(struct compat_db *db, const char *out, const char *tables_dir);

#endif
