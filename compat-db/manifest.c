/* compat-db: the corpus manifest — parsing and fetching binaries.
 *
 *   # comment
 *   root  ../..                    base for relative paths (default: the file's directory)
 *   cache build/corpus-cache       where npm packages are unpacked (relative to root)
 *
 *   [esbuild-freebsd]              one entry per binary
 *   source    npm @esbuild/freebsd-x64@0.28.2 package/bin/esbuild
 *   integrity sha512-...           of the npm tarball (npm view PKG@VER dist.integrity)
 *   sha256    8a23...              of the binary itself
 *   args      --version            shell-like words: 'single', "double \"escaped\""
 *   expect    0.28.2               substring of stdout (expect-exact: all of stdout)
 *   exit      0                    expected exit status
 *   timeout   60
 *   abi       freebsd-amd64        what scanning must find
 *   optional  yes                  a path source that may be absent (skipped)
 *   stdin     FILE                 standard input (default /dev/null)
 *
 * In args, {root} stands for the root directory.  Each entry runs in a
 * fresh scratch directory, removed afterwards.
 *
 * docs/compat-db.md is the reference. */
#include "compat-db/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int compat_split_words(const char *s, char ***out)
{
	char **v = NULL;
	int n = 0;
	struct compat_buf w = {0};
	*out = NULL;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		compat_buf_add(&w, "", 0);
		w.len = 0;
		w.p[0] = 0;
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == '\'') {
				const char *e = strchr(s + 1, '\'');
				if (!e)
					goto bad;
				compat_buf_add(&w, s + 1, (size_t)(e - s - 1));
				s = e + 1;
			} else if (*s == '"') {
				for (s++; *s != '"'; s++) {
					if (!*s)
						goto bad;
					if (*s == '\\' && s[1]) {
						s++;
						char c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
						compat_buf_add(&w, &c, 1);
					} else {
						compat_buf_add(&w, s, 1);
					}
				}
				s++;
			} else if (*s == '\\' && s[1]) {
				compat_buf_add(&w, s + 1, 1);
				s += 2;
			} else {
				compat_buf_add(&w, s, 1);
				s++;
			}
		}
		v = compat_xrealloc(v, sizeof(char *) * (size_t)(n + 2));
		v[n++] = compat_xstrdup(w.p);
		v[n] = NULL;
	}
	compat_buf_free(&w);
	if (!v) {
		v = compat_xcalloc(1, sizeof(char *));
	}
	*out = v;
	return n;
bad:
	compat_buf_free(&w);
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return -1;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

static char *abspath(const char *base, const char *p)
{
	if (p[0] == '/')
		return compat_xstrdup(p);
	return compat_xasprintf("%s/%s", base, p);
}

static void entry_free(struct compat_manifest_entry *e)
{
	free(e->name);
	free(e->source_kind);
	free(e->path);
	free(e->npm_spec);
	free(e->npm_file);
	free(e->integrity);
	free(e->sha256);
	for (int i = 0; i < e->nargs; i++)
		free(e->args[i]);
	free(e->args);
	free(e->expect);
	free(e->abi);
	free(e->stdin_path);
}

void compat_manifest_free(struct compat_manifest *m)
{
	for (int i = 0; i < m->n; i++)
		entry_free(&m->e[i]);
	free(m->e);
	free(m->file);
	free(m->root);
	free(m->cache);
	memset(m, 0, sizeof *m);
}

static int is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* A value that is one quoted word keeps its quotes' meaning; else raw text. */
static char *text_value(const char *v, int *ok)
{
	*ok = 1;
	if (v[0] == '"' || v[0] == '\'') {
		char **w;
		int n = compat_split_words(v, &w);
		if (n != 1) {
			*ok = 0;
			for (int i = 0; i < n; i++)
				free(w[i]);
			free(w);
			return NULL;
		}
		char *r = w[0];
		free(w);
		return r;
	}
	return compat_xstrdup(v);
}

int compat_manifest_parse(const char *file, const char *text, struct compat_manifest *m,
			  char *err, size_t errlen)
{
	char *copy = compat_xstrdup(text), *save = NULL, *line;
	char *dir = compat_dirname(file);
	char absdir[PATH_MAX];
	int lineno = 0, rc = -1;
	struct compat_manifest_entry *cur = NULL;
	char *root_rel = NULL, *cache_rel = NULL;

	memset(m, 0, sizeof *m);
	m->file = compat_xstrdup(file);
	if (!realpath(dir, absdir))
		snprintf(absdir, sizeof absdir, "%s", dir);

#define ERR(...) do { snprintf(err, errlen, "%s:%d: ", file, lineno); \
	size_t l_ = strlen(err); snprintf(err + l_, errlen - l_, __VA_ARGS__); goto out; } while (0)

	/* strtok_r would merge empty lines and break line numbers: split by hand */
	for (line = copy; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = 0;
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');
			if (!e || e[1])
				ERR("malformed entry header (expected [name])");
			*e = 0;
			char *name = trim(s + 1);
			if (!*name || strpbrk(name, " \t'\"\\"))
				ERR("entry names must be non-empty words");
			for (int i = 0; i < m->n; i++)
				if (!strcmp(m->e[i].name, name))
					ERR("duplicate entry [%s] (first at line %d)", name, m->e[i].line);
			m->e = compat_xrealloc(m->e, sizeof *m->e * (size_t)(m->n + 1));
			cur = &m->e[m->n++];
			memset(cur, 0, sizeof *cur);
			cur->name = compat_xstrdup(name);
			cur->line = lineno;
			cur->timeout_s = 0;
			continue;
		}
		char *key = s;
		char *val = s + strcspn(s, " \t");
		if (*val)
			*val++ = 0;
		val = trim(val);
		int ok = 1;
		if (!cur) {
			if (!strcmp(key, "root")) {
				free(root_rel);
				root_rel = compat_xstrdup(val);
			} else if (!strcmp(key, "cache")) {
				free(cache_rel);
				cache_rel = compat_xstrdup(val);
			} else {
				ERR("unknown global key '%s' (entries start with [name])", key);
			}
			continue;
		}
		if (!*val && strcmp(key, "args") != 0)
			ERR("'%s' needs a value", key);
		if (!strcmp(key, "source")) {
			char **w;
			int n = compat_split_words(val, &w);
			if (cur->source_kind)
				ERR("[%s] has two sources", cur->name);
			if (n == 2 && !strcmp(w[0], "path")) {
				cur->source_kind = compat_xstrdup("path");
				cur->path = compat_xstrdup(w[1]);
			} else if (n == 3 && !strcmp(w[0], "npm")) {
				const char *at = strrchr(w[1], '@');
				if (!at || at == w[1] || !at[1])
					ok = 0;
				cur->source_kind = compat_xstrdup("npm");
				cur->npm_spec = compat_xstrdup(w[1]);
				cur->npm_file = compat_xstrdup(w[2]);
				if (strstr(w[2], "..") || w[2][0] == '/')
					ok = 0;
			} else {
				ok = 0;
			}
			for (int i = 0; i < (n > 0 ? n : 0); i++)
				free(w[i]);
			free(w);
			if (!ok)
				ERR("source must be 'path FILE' or 'npm PACKAGE@VERSION FILE-IN-PACKAGE' "
				    "with an exact version");
		} else if (!strcmp(key, "integrity")) {
			if (strncmp(val, "sha512-", 7) != 0)
				ERR("integrity must be an npm sha512-<base64> string");
			free(cur->integrity);
			cur->integrity = compat_xstrdup(val);
		} else if (!strcmp(key, "sha256")) {
			if (!is_hex64(val))
				ERR("sha256 must be 64 lowercase hex digits");
			free(cur->sha256);
			cur->sha256 = compat_xstrdup(val);
		} else if (!strcmp(key, "args")) {
			for (int i = 0; i < cur->nargs; i++)
				free(cur->args[i]);
			free(cur->args);
			cur->nargs = compat_split_words(val, &cur->args);
			if (cur->nargs < 0) {
				cur->nargs = 0;
				ERR("unbalanced quotes in args");
			}
		} else if (!strcmp(key, "expect") || !strcmp(key, "expect-exact")) {
			free(cur->expect);
			cur->expect = text_value(val, &ok);
			cur->expect_exact = key[6] == '-';
			if (!ok)
				ERR("a quoted expect value must be one quoted string");
		} else if (!strcmp(key, "exit")) {
			char *e;
			long v = strtol(val, &e, 10);
			if (*e || v < 0 || v > 255)
				ERR("exit must be a number 0-255");
			cur->expect_exit = (int)v;
		} else if (!strcmp(key, "timeout")) {
			char *e;
			long v = strtol(val, &e, 10);
			if (*e || v <= 0 || v > 86400)
				ERR("timeout must be a number of seconds");
			cur->timeout_s = (int)v;
		} else if (!strcmp(key, "stdin")) {
			free(cur->stdin_path);
			cur->stdin_path = compat_xstrdup(val);
		} else if (!strcmp(key, "abi")) {
			free(cur->abi);
			cur->abi = compat_xstrdup(val);
		} else if (!strcmp(key, "optional")) {
			if (strcmp(val, "yes") && strcmp(val, "no"))
				ERR("optional must be yes or no");
			cur->optional = !strcmp(val, "yes");
		} else {
			ERR("unknown key '%s'", key);
		}
	}
	lineno = 0;
	for (int i = 0; i < m->n; i++) {
		struct compat_manifest_entry *e = &m->e[i];
		lineno = e->line;
		if (!e->source_kind)
			ERR("[%s] has no source", e->name);
		if (!strcmp(e->source_kind, "npm") && (!e->integrity || !e->sha256))
			ERR("[%s] is an npm package: it needs both integrity (of the tarball) and "
			    "sha256 (of the binary) to be pinned", e->name);
	}
	m->root = root_rel ? abspath(absdir, root_rel) : compat_xstrdup(absdir);
	{
		char r[PATH_MAX];
		if (realpath(m->root, r)) {
			free(m->root);
			m->root = compat_xstrdup(r);
		}
	}
	if (cache_rel) {
		m->cache = abspath(m->root, cache_rel);
	} else {
		const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
		if (x && *x == '/')
			m->cache = compat_xasprintf("%s/abirun/corpus", x);
		else if (h && *h)
			m->cache = compat_xasprintf("%s/.cache/abirun/corpus", h);
		else
			m->cache = compat_xstrdup("/tmp/abirun-corpus");
	}
	for (int i = 0; i < m->n; i++) {
		struct compat_manifest_entry *e = &m->e[i];
		if (e->path) {
			char *p = abspath(m->root, e->path);
			free(e->path);
			e->path = p;
		}
		if (e->stdin_path) {
			char *p = abspath(m->root, e->stdin_path);
			free(e->stdin_path);
			e->stdin_path = p;
		}
		/* {root} in arguments: files of the project, wherever it is checked out */
		for (int a = 0; a < e->nargs; a++) {
			char *at = strstr(e->args[a], "{root}");
			if (!at)
				continue;
			char *n = compat_xasprintf("%.*s%s%s", (int)(at - e->args[a]), e->args[a], m->root, at + 6);
			free(e->args[a]);
			e->args[a] = n;
		}
	}
	rc = 0;
#undef ERR
out:
	free(root_rel);
	free(cache_rel);
	free(copy);
	free(dir);
	if (rc < 0)
		compat_manifest_free(m);
	return rc;
}

int compat_manifest_load(const char *file, struct compat_manifest *m)
{
	char *text, err[512];
	if (compat_read_file(file, 4u << 20, &text, NULL) < 0) {
		compat_err("cannot read the manifest %s: %s", file, strerror(errno));
		return -1;
	}
	int r = compat_manifest_parse(file, text, m, err, sizeof err);
	free(text);
	if (r < 0)
		compat_err("%s", err);
	return r;
}

/* Runs argv in cwd with stdout captured (first 64 KiB) and stderr passed to
 * a buffer; returns the exit status or -1. */
static int spawn_capture(char **argv, const char *cwd, struct compat_buf *out, struct compat_buf *errb)
{
	int op[2], ep[2];
	if (pipe2(op, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(ep, O_CLOEXEC) < 0) {
		close(op[0]);
		close(op[1]);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (cwd && chdir(cwd) < 0)
			_exit(126);
		int dn = open("/dev/null", O_RDONLY);
		if (dn >= 0)
			dup2(dn, 0);
		dup2(op[1], 1);
		dup2(ep[1], 2);
		execvp(argv[0], argv);
		dprintf(2, "cannot execute %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	if (pid < 0) {
		close(op[0]);
		close(ep[0]);
		return -1;
	}
	/* small outputs: read stdout to EOF, then stderr (npm's output is short) */
	char buf[4096];
	ssize_t n;
	while ((n = read(op[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && out->len < 65536)
			compat_buf_add(out, buf, (size_t)n);
	while ((n = read(ep[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && errb->len < 65536)
			compat_buf_add(errb, buf, (size_t)n);
	close(op[0]);
	close(ep[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int check_integrity(const char *file, const char *integrity, char *got, size_t gotlen)
{
	uint8_t want[64], have[64];
	char b64[100];
	if (compat_base64_decode(integrity + 7, want, sizeof want) != 64)
		return -1;
	if (compat_sha512_file(file, have) < 0)
		return -1;
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (int i = 0; i < 64; i += 3) {
		uint32_t v = (uint32_t)have[i] << 16 | (i + 1 < 64 ? (uint32_t)have[i + 1] << 8 : 0) |
			     (i + 2 < 64 ? have[i + 2] : 0);
		b64[o++] = al[v >> 18 & 63];
		b64[o++] = al[v >> 12 & 63];
		b64[o++] = i + 1 < 64 ? al[v >> 6 & 63] : '=';
		b64[o++] = i + 2 < 64 ? al[v & 63] : '=';
	}
	b64[o] = 0;
	snprintf(got, gotlen, "sha512-%s", b64);
	return memcmp(want, have, 64) == 0 ? 0 : 1;
}

static char *sanitize(const char *spec)
{
	char *s = compat_xstrdup(spec);
	for (char *p = s; *p; p++)
		if (*p == '/')
			*p = '+';
	return s;
}

static char *fetch_npm(const struct compat_manifest *m, const struct compat_manifest_entry *e)
{
	char *key = sanitize(e->npm_spec);
	char *dir = compat_xasprintf("%s/%s", m->cache, key);
	char *bin = compat_xasprintf("%s/%s", dir, e->npm_file);
	char *tgz = compat_xasprintf("%s/%s.tgz", m->cache, key);
	char sha[65], got[128];
	char *result = NULL;
	struct compat_buf out = {0}, errb = {0};

	/* already unpacked and intact? */
	if (compat_sha256_file(bin, sha) == 0 && !strcmp(sha, e->sha256)) {
		result = bin;
		bin = NULL;
		goto done;
	}
	if (compat_mkdir_p(m->cache, 0755) < 0) {
		compat_err("[%s] cannot create the cache directory %s: %s", e->name, m->cache, strerror(errno));
		goto done;
	}
	if (access(tgz, R_OK) != 0 || check_integrity(tgz, e->integrity, got, sizeof got) != 0) {
		const char *npm = getenv("NPM");
		char *argv[] = {(char *)(npm && *npm ? npm : "npm"), "pack", "--silent", e->npm_spec, NULL};
		int st = spawn_capture(argv, m->cache, &out, &errb);
		if (st != 0) {
			compat_err("[%s] `npm pack %s` failed (status %d) in %s:\n%s", e->name, e->npm_spec, st,
				   m->cache, errb.p ? errb.p : "");
			goto done;
		}
		/* npm prints the tarball's file name as its last line */
		char *name = NULL;
		for (char *l = out.p ? strtok(out.p, "\n") : NULL; l; l = strtok(NULL, "\n"))
			if (*trim(l))
				name = trim(l);
		if (!name || strchr(name, '/')) {
			compat_err("[%s] `npm pack %s` did not name the tarball it wrote", e->name, e->npm_spec);
			goto done;
		}
		char *packed = compat_xasprintf("%s/%s", m->cache, name);
		if (rename(packed, tgz) < 0) {
			compat_err("[%s] cannot move %s to %s: %s", e->name, packed, tgz, strerror(errno));
			free(packed);
			goto done;
		}
		free(packed);
		int c = check_integrity(tgz, e->integrity, got, sizeof got);
		if (c != 0) {
			char *bad = compat_xasprintf("%s.bad", tgz);
			rename(tgz, bad);
			compat_err("[%s] checksum mismatch for %s: the manifest pins %s but the registry "
				   "gave %s (kept as %s); not using it", e->name, e->npm_spec, e->integrity,
				   c < 0 ? "an unreadable file" : got, bad);
			free(bad);
			goto done;
		}
	}
	if (compat_mkdir_p(dir, 0755) < 0) {
		compat_err("[%s] cannot create %s: %s", e->name, dir, strerror(errno));
		goto done;
	}
	{
		char *argv[] = {"tar", "-xzf", tgz, "-C", dir, "--no-same-owner", e->npm_file, NULL};
		compat_buf_free(&out);
		compat_buf_free(&errb);
		if (spawn_capture(argv, NULL, &out, &errb) != 0) {
			compat_err("[%s] cannot extract %s from %s:\n%s", e->name, e->npm_file, tgz,
				   errb.p ? errb.p : "");
			goto done;
		}
	}
	if (compat_sha256_file(bin, sha) < 0) {
		compat_err("[%s] %s is not in %s", e->name, e->npm_file, e->npm_spec);
		goto done;
	}
	if (strcmp(sha, e->sha256) != 0) {
		compat_err("[%s] checksum mismatch: %s in %s has sha256 %s, the manifest pins %s; not using it",
			   e->name, e->npm_file, e->npm_spec, sha, e->sha256);
		unlink(bin);
		goto done;
	}
	chmod(bin, 0755);
	result = bin;
	bin = NULL;
done:
	compat_buf_free(&out);
	compat_buf_free(&errb);
	free(key);
	free(dir);
	free(bin);
	free(tgz);
	return result;
}

char *compat_manifest_fetch(const struct compat_manifest *m,
			    const struct compat_manifest_entry *e, int *skipped)
{
	*skipped = 0;
	if (!strcmp(e->source_kind, "npm"))
		return fetch_npm(m, e);
	if (access(e->path, F_OK) != 0) {
		if (e->optional) {
			*skipped = 1;
			return NULL;
		}
		compat_err("[%s] %s: %s", e->name, e->path, strerror(errno));
		return NULL;
	}
	if (e->sha256) {
		char sha[65];
		if (compat_sha256_file(e->path, sha) < 0) {
			compat_err("[%s] cannot read %s: %s", e->name, e->path, strerror(errno));
			return NULL;
		}
		if (strcmp(sha, e->sha256) != 0) {
			compat_err("[%s] checksum mismatch: %s has sha256 %s, the manifest pins %s",
				   e->name, e->path, sha, e->sha256);
			return NULL;
		}
	}
	return compat_xstrdup(e->path);
}
