/* --stats: per-syscall counts, errors and not-implemented calls, printed at
 * exit as a table or as JSON (the format compat-db reads). */
#include "runtime.h"

#define MAXNR 1024

static uint64_t n_calls[MAXNR], n_errors[MAXNR], n_enosys[MAXNR];
void unknown_calls_count(long nr);
void unknown_calls_foreach(void (*fn)(long nr, uint64_t count, void *arg), void *arg);
void unknown_calls_reset(void);
static int dumped;

void stats_count(long nr, bool err, bool enosys)
{
	if (nr < 0 || nr >= MAXNR)
		return;
	__atomic_fetch_add(&n_calls[nr], 1, __ATOMIC_RELAXED);
	if (err)
		__atomic_fetch_add(&n_errors[nr], 1, __ATOMIC_RELAXED);
	if (enosys)
		__atomic_fetch_add(&n_enosys[nr], 1, __ATOMIC_RELAXED);
}

void stats_unknown(long nr)
{
	unknown_calls_count(nr);
}

static const char *status_name(int s)
{
	return s == SYS_FULL ? "full" : s == SYS_PARTIAL ? "partial" : "missing";
}

/* Buffered writer: the table can be long, and output goes in few writes. */
struct wbuf {
	int fd;
	size_t len;
	char b[4096];
};

static void wflush(struct wbuf *w)
{
	shim_write_all(w->fd, w->b, w->len);
	w->len = 0;
}

__attribute__((format(printf, 2, 3))) static void wprintf(struct wbuf *w, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = shim_vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof tmp)
		n = sizeof tmp - 1;
	if (w->len + (size_t)n > sizeof w->b)
		wflush(w);
	memcpy(w->b + w->len, tmp, (size_t)n);
	w->len += (size_t)n;
}

struct unk_ctx {
	struct wbuf *w;
	uint64_t *tc, *te, *tn;
	const char *sep;
};

static void unk_text(long nr, uint64_t n, void *arg)
{
	struct unk_ctx *c = arg;
	wprintf(c->w, "%5ld  %-24s %-8s %10lu %8lu %8lu\n", nr, "(no such syscall)", "-", (unsigned long)n,
		(unsigned long)n, (unsigned long)n);
	*c->tc += n, *c->te += n, *c->tn += n;
}

static void unk_json(long nr, uint64_t n, void *arg)
{
	struct unk_ctx *c = arg;
	wprintf(c->w, "%s{\"nr\":%ld,\"count\":%lu}", c->sep, nr, (unsigned long)n);
	c->sep = ",";
	*c->tc += n, *c->te += n, *c->tn += n;
}

static void dump_text(struct wbuf *w, const struct abi *abi)
{
	uint64_t tc = 0, te = 0, tn = 0;
	wprintf(w, "abirun --stats (%s): %s\n", abi->name, rt_cfg.exec_path ? rt_cfg.exec_path : "");
	wprintf(w, "%5s  %-24s %-8s %10s %8s %8s\n", "nr", "syscall", "status", "calls", "errors", "enosys");
	for (unsigned nr = 0; nr < abi->nsysent && nr < MAXNR; nr++) {
		if (!n_calls[nr])
			continue;
		const struct sysent *e = &abi->sysent[nr];
		wprintf(w, "%5u  %-24s %-8s %10lu %8lu %8lu\n", nr, e->name, status_name(e->status),
			(unsigned long)n_calls[nr], (unsigned long)n_errors[nr], (unsigned long)n_enosys[nr]);
		tc += n_calls[nr], te += n_errors[nr], tn += n_enosys[nr];
	}
	struct unk_ctx c = {w, &tc, &te, &tn, ""};
	unknown_calls_foreach(unk_text, &c);
	wprintf(w, "%5s  %-24s %-8s %10lu %8lu %8lu\n", "", "total", "", (unsigned long)tc,
		(unsigned long)te, (unsigned long)tn);
}

static void json_str(struct wbuf *w, const char *s)
{
	wprintf(w, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			wprintf(w, "\\%c", c);
		else if (c < 0x20)
			wprintf(w, "\\u%04x", c);
		else
			wprintf(w, "%c", c);
	}
	wprintf(w, "\"");
}

static void dump_json(struct wbuf *w, const struct abi *abi)
{
	uint64_t tc = 0, te = 0, tn = 0;
	wprintf(w, "{\"abi\":");
	json_str(w, abi->name);
	wprintf(w, ",\"program\":");
	json_str(w, rt_cfg.exec_path);
	wprintf(w, ",\"syscalls\":[");
	const char *sep = "";
	for (unsigned nr = 0; nr < abi->nsysent && nr < MAXNR; nr++) {
		if (!n_calls[nr])
			continue;
		const struct sysent *e = &abi->sysent[nr];
		wprintf(w, "%s{\"nr\":%u,\"name\":", sep, nr);
		json_str(w, e->name);
		wprintf(w, ",\"status\":\"%s\",\"count\":%lu,\"errors\":%lu,\"enosys\":%lu}",
			status_name(e->status), (unsigned long)n_calls[nr], (unsigned long)n_errors[nr],
			(unsigned long)n_enosys[nr]);
		sep = ",";
		tc += n_calls[nr], te += n_errors[nr], tn += n_enosys[nr];
	}
	wprintf(w, "],\"unknown\":[");
	struct unk_ctx c = {w, &tc, &te, &tn, ""};
	unknown_calls_foreach(unk_json, &c);
	wprintf(w, "],\"totals\":{\"calls\":%lu,\"errors\":%lu,\"enosys\":%lu}}\n", (unsigned long)tc,
		(unsigned long)te, (unsigned long)tn);
}

void stats_dump(void)
{
	if (rt_cfg.stats_fd < 0 || __atomic_exchange_n(&dumped, 1, __ATOMIC_ACQ_REL))
		return;
	static struct wbuf w;
	w.fd = rt_cfg.stats_fd;
	w.len = 0;
	if (rt_cfg.stats_json)
		dump_json(&w, rt_cfg.abi);
	else
		dump_text(&w, rt_cfg.abi);
	wflush(&w);
}

/* An execve that failed: the process goes on, its statistics too. */
void stats_reset_dumped(void)
{
	__atomic_store_n(&dumped, 0, __ATOMIC_RELEASE);
}

/* A fork child counts its own calls only: each process reports what it did,
 * and readers sum the reports. */
void stats_after_fork(void)
{
	memset(n_calls, 0, sizeof n_calls);
	memset(n_errors, 0, sizeof n_errors);
	memset(n_enosys, 0, sizeof n_enosys);
	unknown_calls_reset();
	dumped = 0;
}
