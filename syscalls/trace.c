/* --trace: one strace-like line per guest syscall, in guest terms; with
 * --trace=host the host calls it became follow, indented. */
#include "runtime.h"

extern const char *const linux_syscall_names[];
extern const unsigned linux_syscall_count;

struct line {
	char b[1024];
	size_t n;
};

__attribute__((format(printf, 2, 3))) static void add(struct line *l, const char *fmt, ...)
{
	if (l->n >= sizeof l->b - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = shim_vsnprintf(l->b + l->n, sizeof l->b - l->n, fmt, ap);
	va_end(ap);
	l->n += (size_t)k;
	if (l->n > sizeof l->b - 1)
		l->n = sizeof l->b - 1;
}

static void add_bits(struct line *l, const struct abi *abi, enum xlat_kind k, unsigned long v, bool zero_name)
{
	const struct xlat_table *x = &abi->x[k];
	bool any = false;
	for (unsigned i = 0; i < x->n; i++) {
		unsigned long g = (unsigned long)x->v[i].guest;
		if (g && (v & g) == g) {
			add(l, "%s%s", any ? "|" : "", x->v[i].name);
			v &= ~g;
			any = true;
		}
	}
	if (v || !any) {
		if (!v && zero_name)
			return;
		add(l, "%s%#lx", any ? "|" : "", v);
	}
}

static void add_cstr(struct line *l, uint64_t p)
{
	char buf[72];
	long n = uaccess_strnlen((const char *)p, 64);
	if (!p || n < 0 || copy_from_guest(buf, p, (size_t)n) < 0) {
		add(l, "%#lx", (unsigned long)p);
		return;
	}
	add(l, "\"");
	for (long i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '"' || c == '\\')
			add(l, "\\%c", c);
		else if (c == '\n')
			add(l, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			add(l, "\\x%02x", c);
		else
			add(l, "%c", c);
	}
	add(l, n == 64 ? "\"..." : "\"");
}

static void add_named(struct line *l, const struct abi *abi, enum xlat_kind k, long v)
{
	const char *n = xlat_name(abi, k, v);
	if (n)
		add(l, "%s", n);
	else
		add(l, "%ld", v);
}

static void add_arg(struct line *l, const struct abi *abi, int type, uint64_t v)
{
	switch (type) {
	case A_INT:
	case A_PID:
		add(l, "%d", (int)v);
		break;
	case A_FD:
		if ((int)v == -100)
			add(l, "AT_FDCWD");
		else
			add(l, "%d", (int)v);
		break;
	case A_UINT:
		add(l, "%u", (unsigned)v);
		break;
	case A_LONG:
	case A_OFF:
		add(l, "%ld", (long)v);
		break;
	case A_ULONG:
	case A_SIZE:
		add(l, "%lu", (unsigned long)v);
		break;
	case A_CSTR:
		add_cstr(l, v);
		break;
	case A_OFLAGS: {
		static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
		add(l, "%s", acc[v & 3]);
		if (v & ~3ul) {
			add(l, "|");
			add_bits(l, abi, XL_OFLAGS, v & ~3ul, false);
		}
		break;
	}
	case A_ATFLAGS:
		add_bits(l, abi, XL_ATFLAGS, v, false);
		break;
	case A_MAPFLAGS:
		add_bits(l, abi, XL_MAPFLAGS, v, false);
		break;
	case A_PROT:
		if (!v)
			add(l, "PROT_NONE");
		else
			add_bits(l, abi, XL_PROT, v, false);
		break;
	case A_MODE:
		add(l, "0%o", (unsigned)v);
		break;
	case A_SIG:
		add_named(l, abi, XL_SIGNAL, (long)(int)v);
		break;
	case A_CLOCKID:
		add_named(l, abi, XL_CLOCK, (long)(int)v);
		break;
	case A_WHENCE:
		add_named(l, abi, XL_WHENCE, (long)(int)v);
		break;
	case A_FCNTLCMD:
		add_named(l, abi, XL_FCNTL, (long)(int)v);
		break;
	case A_HOW:
		add_named(l, abi, XL_SIGHOW, (long)(int)v);
		break;
	case A_IOCTLCMD: {
		const char *n = xlat_name(abi, XL_IOCTL, (long)(uint32_t)v);
		if (n)
			add(l, "%s", n);
		else
			add(l, "%#lx", (unsigned long)(uint32_t)v);
		break;
	}
	default:
		if (v)
			add(l, "%#lx", (unsigned long)v);
		else
			add(l, "NULL");
	}
}

static void emit(struct line *l)
{
	struct rt_thread *th = rt_self();
	add(l, "\n");
	/* Our own write must not be reported as a host call of the guest's. */
	void (*hook)(long, const long *, long) = shim_host_call_hook;
	shim_host_call_hook = 0;
	shim_write_all(rt_cfg.trace_fd, l->b, l->n);
	if (th->hostlen) {
		shim_write_all(rt_cfg.trace_fd, th->hostbuf, th->hostlen);
		th->hostlen = 0;
	}
	shim_host_call_hook = hook;
}

static void prefix(struct line *l, struct trap *t)
{
	l->n = 0;
	add(l, "[%d] ", t->th->tid);
}

static void trace_line(struct trap *t, long ret, bool is_err, long guest_ret, bool noreturn)
{
	const struct sysent *e = &t->abi->sysent[t->nr];
	struct line l;
	prefix(&l, t);
	add(&l, "%s(", e->name);
	for (unsigned i = 0; i < e->nargs; i++) {
		if (i)
			add(&l, ", ");
		add_arg(&l, t->abi, e->argt[i], t->a[i]);
	}
	add(&l, ")");
	if (noreturn)
		add(&l, " = ?");
	else if (t->justreturn)
		add(&l, " = (context restored)");
	else if (is_err) {
		const char *n = errno_guest_name(t->abi, (int)guest_ret);
		add(&l, " = -1 %s", n ? n : "E?");
		if (!e->fn)
			add(&l, " (not implemented)");
	} else if (e->argt[0] == A_PTR && ret > 4096 && (e->nargs >= 6))
		add(&l, " = %#lx", (unsigned long)ret);
	else
		add(&l, " = %ld", ret);
	if (t->set_rdx && !is_err)
		add(&l, " [rdx=%ld]", t->rdx);
	emit(&l);
}

void trace_syscall(struct trap *t, long ret, bool is_err, long guest_ret)
{
	trace_line(t, ret, is_err, guest_ret, false);
}

void trace_noreturn(struct trap *t)
{
	trace_line(t, 0, false, 0, true);
}

void trace_unknown(struct trap *t)
{
	if (rt_cfg.trace_fd < 0)
		return;
	struct line l;
	prefix(&l, t);
	add(&l, "syscall_%ld(%#lx, %#lx, %#lx) = -1 ENOSYS (no such syscall on %s)", t->nr,
	    (unsigned long)t->a[0], (unsigned long)t->a[1], (unsigned long)t->a[2], t->abi->os);
	emit(&l);
}

/* Host-call observer: buffered per thread until the guest line is out. */
void trace_host_call(long nr, const long *a, long ret)
{
	struct rt_thread *th = rt_self();
	/* No allocation here: this runs inside any host call, the allocator's
	 * own included. */
	if (!th->in_trap)
		return;
	struct line l;
	l.n = 0;
	const char *name = (unsigned long)nr < linux_syscall_count ? linux_syscall_names[nr] : 0;
	add(&l, "      host %s(%#lx, %#lx, %#lx, %#lx) = ", name ? name : "?", (unsigned long)a[0],
	    (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3]);
	if (ret < 0 && ret > -4096)
		add(&l, "-%ld\n", -ret);
	else
		add(&l, "%ld\n", ret);
	if (th->hostlen + l.n <= sizeof th->hostbuf) {
		memcpy(th->hostbuf + th->hostlen, l.b, l.n);
		th->hostlen += l.n;
	}
}

void trace_signal(int gsig, int host_code, bool to_handler)
{
	if (rt_cfg.trace_fd < 0)
		return;
	struct line l;
	l.n = 0;
	add(&l, "[%d] --- ", rt_self()->tid);
	add_named(&l, rt_cfg.abi, XL_SIGNAL, gsig);
	add(&l, " (si_code %d) %s ---", host_code, to_handler ? "delivered to the guest's handler" : "");
	emit(&l);
}
