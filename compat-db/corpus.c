/* compat-db: `run-manifest` — fetch, run and record a corpus manifest. */
#include "compat-db/compat.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* A scratch working directory per entry: programs that create files
 * (tests/guest/fileio makes a.txt) leave nothing behind. */
static char *scratch_dir(void)
{
	const char *t = getenv("TMPDIR");
	char *d = compat_xasprintf("%s/abirun-compat-run-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(d)) {
		compat_err("cannot create a scratch directory %s: %s", d, strerror(errno));
		free(d);
		return NULL;
	}
	return d;
}

int compat_cmd_run_manifest(struct compat_db *db, const char *file, char **only, int nonly,
			    int timeout_s, const char *cache)
{
	struct compat_manifest m;
	int tty = isatty(STDOUT_FILENO), pass = 0, fail = 0, skip = 0, err = 0, todo = 0, k = 0;

	if (compat_manifest_load(file, &m) < 0)
		return COMPAT_EXIT_ERROR;
	if (cache) {
		free(m.cache);
		m.cache = compat_xstrdup(cache);
	}
	for (int j = 0; j < nonly; j++) {
		int found = 0;
		for (int i = 0; i < m.n; i++)
			found |= !strcmp(m.e[i].name, only[j]);
		if (!found) {
			compat_err("%s has no entry [%s]", file, only[j]);
			compat_manifest_free(&m);
			return COMPAT_EXIT_ERROR;
		}
	}
	for (int i = 0; i < m.n; i++) {
		int sel = !nonly;
		for (int j = 0; j < nonly; j++)
			sel |= !strcmp(m.e[i].name, only[j]);
		todo += sel;
	}

	for (int i = 0; i < m.n; i++) {
		struct compat_manifest_entry *e = &m.e[i];
		int sel = !nonly, skipped = 0;
		for (int j = 0; j < nonly; j++)
			sel |= !strcmp(e->name, only[j]);
		if (!sel)
			continue;
		k++;
		if (tty) {
			printf("\r\033[K[%d/%d] %s: %s...", k, todo, e->name,
			       !strcmp(e->source_kind, "npm") ? "fetching" : "preparing");
			fflush(stdout);
		}
		char *path = compat_manifest_fetch(&m, e, &skipped);
		if (!path) {
			if (tty)
				printf("\r\033[K");
			if (skipped) {
				printf("%s: SKIP (%s is absent; optional)\n", e->name, e->path);
				skip++;
			} else {
				printf("%s: ERROR (could not prepare the binary, see above)\n", e->name);
				err++;
			}
			continue;
		}
		if (e->abi) {
			struct compat_fingerprint fp;
			if (compat_scan_file(path, &fp) == 0 && strcmp(fp.abi, e->abi) != 0)
				compat_err("warning: [%s] the manifest says abi %s but %s is %s", e->name, e->abi,
					   path, fp.format[0] && !strcmp(fp.format, "elf") ? fp.abi : fp.format);
			compat_fingerprint_free(&fp);
		}
		if (tty) {
			printf("\r\033[K[%d/%d] %s: running...", k, todo, e->name);
			fflush(stdout);
		}
		char **argv = compat_xcalloc((size_t)e->nargs + 2, sizeof(char *));
		argv[0] = path;
		for (int a = 0; a < e->nargs; a++)
			argv[a + 1] = e->args[a];
		char *source = !strcmp(e->source_kind, "npm")
			? compat_xasprintf("npm:%s:%s sha256:%s", e->npm_spec, e->npm_file, e->sha256)
			: compat_xasprintf("path:%s", e->path);
		struct compat_run_opts o = {
			.name = e->name, .expect = e->expect, .expect_exact = e->expect_exact,
			.expect_exit = e->expect_exit,
			.timeout_s = timeout_s > 0 ? timeout_s : e->timeout_s > 0 ? e->timeout_s : 60,
			.source = source, .stdin_path = e->stdin_path,
		};
		char *scratch = scratch_dir();
		o.cwd = scratch;
		char summary[1024] = "";
		int passed = 0;
		int rc = compat_run_and_record(db, &o, argv, e->nargs + 1, &passed, summary, sizeof summary);
		if (tty)
			printf("\r\033[K");
		if (rc == COMPAT_EXIT_ERROR) {
			printf("%s: ERROR (the run could not be recorded, see above)\n", e->name);
			err++;
		} else {
			printf("%s\n", summary);
			if (passed)
				pass++;
			else
				fail++;
		}
		fflush(stdout);
		if (scratch) {
			nftw(scratch, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
			free(scratch);
		}
		free(source);
		free(argv);
		free(path);
	}
	printf("corpus %s: %d entries, %d pass, %d fail, %d skipped, %d errors (abirun %s)\n",
	       compat_basename(file), todo, pass, fail, skip, err, compat_version());
	compat_manifest_free(&m);
	return err ? COMPAT_EXIT_ERROR : fail ? COMPAT_EXIT_NEGATIVE : COMPAT_EXIT_OK;
}
