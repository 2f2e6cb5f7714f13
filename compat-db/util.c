/* compat-db: small helpers (buffers, messages, files, tables, escaping). */
#include "compat-db/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef ABIRUN_VERSION
#define ABIRUN_VERSION "unknown"
#endif

void compat_err(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("abirun compat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void oom(void)
{
	fputs("abirun compat: out of memory\n", stderr);
	abort();
}

void *compat_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *compat_xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		oom();
	return p;
}

void *compat_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *compat_xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		oom();
	return p;
}

void compat_strlcpy(char *dst, const char *src, size_t n)
{
	size_t l = strlen(src);
	if (!n)
		return;
	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = 0;
}

char *compat_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	va_end(ap);
	return p;
}

void compat_buf_add(struct compat_buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 256;
		while (c < b->len + n + 1)
			c *= 2;
		b->p = compat_xrealloc(b->p, c);
		b->cap = c;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = 0;
}

void compat_buf_puts(struct compat_buf *b, const char *s)
{
	compat_buf_add(b, s, strlen(s));
}

void compat_buf_printf(struct compat_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;
	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	compat_buf_add(b, p, (size_t)n);
	free(p);
}

char *compat_buf_take(struct compat_buf *b)
{
	char *p = b->p ? b->p : compat_xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void compat_buf_free(struct compat_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int compat_read_file(const char *path, size_t max, char **out, size_t *len)
{
	struct compat_buf b = {0};
	char tmp[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof tmp);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			compat_buf_free(&b);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			close(fd);
			compat_buf_free(&b);
			errno = EFBIG;
			return -1;
		}
		compat_buf_add(&b, tmp, (size_t)n);
	}
	close(fd);
	if (len)
		*len = b.len;
	*out = compat_buf_take(&b);
	return 0;
}

int compat_mkdir_p(const char *dir, int mode)
{
	char *p = compat_xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	int r = mkdir(p, mode);
	int e = errno;
	free(p);
	if (r < 0 && e != EEXIST) {
		errno = e;
		return -1;
	}
	return 0;
}

void compat_now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void compat_fmt_ms(long long ms, char *out, size_t n)
{
	if (ms < 1000)
		snprintf(out, n, "%lld ms", ms);
	else
		snprintf(out, n, "%.2f s", (double)ms / 1000.0);
}

const char *compat_version(void)
{
	const char *v = getenv("ABIRUN_COMPAT_VERSION");
	if (v && *v)
		return v;
	return ABIRUN_VERSION;
}

void compat_host_kernel(char *out, size_t n)
{
	struct utsname u;
	if (uname(&u) < 0)
		snprintf(out, n, "unknown");
	else
		snprintf(out, n, "%s %s %s", u.sysname, u.release, u.machine);
}

char *compat_dirname(const char *path)
{
	const char *s = strrchr(path, '/');
	if (!s)
		return compat_xstrdup(".");
	if (s == path)
		return compat_xstrdup("/");
	char *d = compat_xmalloc((size_t)(s - path) + 1);
	memcpy(d, path, (size_t)(s - path));
	d[s - path] = 0;
	return d;
}

const char *compat_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

char *compat_self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	return compat_dirname(buf);
}

static void json_escape(const char *s, void (*put)(void *, const char *, size_t), void *ctx)
{
	put(ctx, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		switch (*p) {
		case '"': put(ctx, "\\\"", 2); break;
		case '\\': put(ctx, "\\\\", 2); break;
		case '\n': put(ctx, "\\n", 2); break;
		case '\r': put(ctx, "\\r", 2); break;
		case '\t': put(ctx, "\\t", 2); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				put(ctx, esc, 6);
			} else {
				put(ctx, (const char *)p, 1);
			}
		}
	}
	put(ctx, "\"", 1);
}

static void put_file(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, (FILE *)ctx);
}

static void put_buf(void *ctx, const char *s, size_t n)
{
	compat_buf_add((struct compat_buf *)ctx, s, n);
}

void compat_json_str(FILE *f, const char *s)
{
	if (!s)
		fputs("null", f);
	else
		json_escape(s, put_file, f);
}

void compat_buf_json_str(struct compat_buf *b, const char *s)
{
	if (!s)
		compat_buf_puts(b, "null");
	else
		json_escape(s, put_buf, b);
}

void compat_html_esc(FILE *f, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc('?', f);
			else
				fputc(*s, f);
		}
	}
}

void compat_table_init(struct compat_table *t, int ncols, const char *const *header)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	compat_table_row(t, header);
}

void compat_table_row(struct compat_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = compat_xrealloc(t->cells, sizeof(char *) * (size_t)t->cap * (size_t)t->ncols);
	}
	for (int i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = compat_xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

/* Display width of UTF-8 text (counts code points). */
static int text_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void compat_table_print(const struct compat_table *t, FILE *f)
{
	int *w = compat_xcalloc((size_t)t->ncols, sizeof(int));
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			int l = text_width(t->cells[r * t->ncols + c]);
			if (l > w[c])
				w[c] = l;
		}
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			if (c == t->ncols - 1)
				fputs(s, f);
			else
				fprintf(f, "%s%*s  ", s, w[c] - text_width(s), "");
		}
		fputc('\n', f);
		if (r == 0) {
			for (int c = 0; c < t->ncols; c++) {
				for (int i = 0; i < w[c]; i++)
					fputc('-', f);
				if (c != t->ncols - 1)
					fputs("  ", f);
			}
			fputc('\n', f);
		}
	}
	free(w);
}

void compat_table_free(struct compat_table *t)
{
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}
