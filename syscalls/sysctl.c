/* sysctl: a MIB tree given as data (abi-tables/<abi>/sysctl.tab), name2oid,
 * oidfmt, and the values computed from the host (providers below). */
#include "handlers.h"

#define CTL_MAXNAME 24

enum { CTLTYPE_NODE = 1, CTLTYPE_INT = 2, CTLTYPE_STRING = 3, CTLTYPE_S64 = 4,
       CTLTYPE_OPAQUE = 5, CTLTYPE_UINT = 6, CTLTYPE_LONG = 7, CTLTYPE_ULONG = 8 };

static const struct sysctl_node *find_by_mib(const struct abi *abi, const int *mib, unsigned n)
{
	for (unsigned i = 0; i < abi->nsysctl; i++) {
		const struct sysctl_node *s = &abi->sysctl[i];
		/* Providers may take trailing arguments (kern.proc.pathname.<pid>). */
		if (s->miblen > n || (s->miblen < n && !s->get))
			continue;
		if (!memcmp(s->mib, mib, s->miblen * sizeof(int)))
			return s;
	}
	return 0;
}

static const struct sysctl_node *find_by_name(const struct abi *abi, const char *name, size_t len)
{
	for (unsigned i = 0; i < abi->nsysctl; i++) {
		const struct sysctl_node *s = &abi->sysctl[i];
		if (strlen(s->name) == len && !memcmp(s->name, name, len))
			return s;
	}
	return 0;
}

/* Hand the value (at most `full` bytes of `val`) to the guest with FreeBSD's
 * rules: NULL old -> size only; short buffer -> partial copy and ENOMEM. */
static long reply(uint64_t old, uint64_t oldlenp, const void *val, size_t full)
{
	if (!oldlenp)
		return old ? -L_EFAULT : 0;
	uint64_t have;
	if (copy_from_guest(&have, oldlenp, 8) < 0)
		return -L_EFAULT;
	size_t out = full;
	long r = 0;
	if (old) {
		size_t n = full < have ? full : have;
		if (n && copy_to_guest(old, val, n) < 0)
			return -L_EFAULT;
		if (n < full) {
			r = -L_ENOMEM;
			out = n;
		}
	}
	uint64_t o = out;
	if (copy_to_guest(oldlenp, &o, 8) < 0)
		return -L_EFAULT;
	return r;
}

static long node_value(struct trap *t, const struct sysctl_node *s, const int *mib, unsigned n,
		       char *buf, size_t cap, size_t *len)
{
	if (s->get) {
		*len = cap;
		return s->get(t, mib, n, buf, len);
	}
	switch (s->type) {
	case SCTL_INT:
	case SCTL_UINT: {
		int v = (int)s->ival;
		memcpy(buf, &v, 4);
		*len = 4;
		return 0;
	}
	case SCTL_LONG:
	case SCTL_ULONG:
		memcpy(buf, &s->ival, 8);
		*len = 8;
		return 0;
	default: {
		size_t l = strlen(s->sval) + (s->type == SCTL_STRING);
		if (l > cap)
			return -L_ENOMEM;
		memcpy(buf, s->sval, l);
		*len = l;
		return 0;
	}
	}
}

static long ctl_type(const struct sysctl_node *s)
{
	switch (s->type) {
	case SCTL_INT: return CTLTYPE_INT;
	case SCTL_UINT: return CTLTYPE_UINT;
	case SCTL_LONG: return CTLTYPE_LONG;
	case SCTL_ULONG: return CTLTYPE_ULONG;
	case SCTL_STRING: return CTLTYPE_STRING;
	case SCTL_NODE: return CTLTYPE_NODE;
	default: return CTLTYPE_OPAQUE;
	}
}

static long sysctl_meta(struct trap *t, const int *mib, unsigned n, uint64_t old, uint64_t oldlenp,
			uint64_t newp, size_t newlen)
{
	char buf[256];
	if (mib[1] == 3) {	/* name2oid: the name arrives as the new value */
		if (!newp || newlen == 0 || newlen >= sizeof buf)
			return -L_ENOENT;
		if (copy_from_guest(buf, newp, newlen) < 0)
			return -L_EFAULT;
		size_t l = newlen;
		while (l && buf[l - 1] == 0)
			l--;
		const struct sysctl_node *s = find_by_name(t->abi, buf, l);
		if (!s)
			return -L_ENOENT;
		return reply(old, oldlenp, s->mib, s->miblen * sizeof(int));
	}
	const struct sysctl_node *s = n > 2 ? find_by_mib(t->abi, mib + 2, n - 2) : 0;
	if (mib[1] == 4) {	/* oidfmt: u_int kind, then a format string */
		if (!s)
			return -L_ENOENT;
		uint32_t kind = (uint32_t)ctl_type(s);
		const char *fmt = kind == CTLTYPE_INT ? "I" : kind == CTLTYPE_UINT ? "IU" :
				  kind == CTLTYPE_LONG ? "L" : kind == CTLTYPE_ULONG ? "LU" :
				  kind == CTLTYPE_STRING ? "A" : "S";
		memcpy(buf, &kind, 4);
		size_t fl = strlen(fmt) + 1;
		memcpy(buf + 4, fmt, fl);
		return reply(old, oldlenp, buf, 4 + fl);
	}
	if (mib[1] == 1) {	/* oid -> name */
		if (!s)
			return -L_ENOENT;
		return reply(old, oldlenp, s->name, strlen(s->name) + 1);
	}
	return -L_ENOENT;
}

static long do_sysctl(struct trap *t, const struct sysctl_node *s, const int *mib, unsigned n,
		      uint64_t old, uint64_t oldlenp, uint64_t newp)
{
	if (newp)
		return -L_EPERM;	/* the emulated tree is read-only */
	char *buf = shim_malloc(65536);
	if (!buf)
		return -L_ENOMEM;
	size_t len = 0;
	long r = node_value(t, s, mib, n, buf, 65536, &len);
	if (r == 0)
		r = reply(old, oldlenp, buf, len);
	shim_free(buf);
	return r;
}

long sys___sysctl(struct trap *t)
{
	unsigned n = (unsigned)ARG(1);
	int mib[CTL_MAXNAME];
	if (n < 2 || n > CTL_MAXNAME)
		return -L_EINVAL;
	if (copy_from_guest(mib, ARG(0), n * sizeof(int)) < 0)
		return -L_EFAULT;
	if (mib[0] == 0)
		return sysctl_meta(t, mib, n, ARG(2), ARG(3), ARG(4), ARG(5));
	const struct sysctl_node *s = find_by_mib(t->abi, mib, n);
	if (!s)
		return -L_ENOENT;
	return do_sysctl(t, s, mib, n, ARG(2), ARG(3), ARG(4));
}

long sys___sysctlbyname(struct trap *t)
{
	char name[256];
	size_t len = ARG(1);
	if (len >= sizeof name)
		return -L_ENOENT;
	if (copy_from_guest(name, ARG(0), len) < 0)
		return -L_EFAULT;
	while (len && name[len - 1] == 0)
		len--;
	const struct sysctl_node *s = find_by_name(t->abi, name, len);
	if (!s)
		return -L_ENOENT;
	return do_sysctl(t, s, s->mib, s->miblen, ARG(2), ARG(3), ARG(4));
}

/* ---- providers: values read from the host ---- */

static long put_int(void *buf, size_t *len, long v, size_t size)
{
	if (size == 4) {
		int i = (int)v;
		memcpy(buf, &i, 4);
	} else {
		memcpy(buf, &v, 8);
	}
	*len = size;
	return 0;
}

static long put_str(void *buf, size_t *len, const char *s, size_t n)
{
	if (n + 1 > *len)
		return -L_ENOMEM;
	memcpy(buf, s, n);
	((char *)buf)[n] = 0;
	*len = n + 1;
	return 0;
}

long rt_read_file(const char *path, char *buf, size_t cap)
{
	long fd = sys4(__NR_openat, -100, path, 0 /* O_RDONLY */ | 0x80000 /* O_CLOEXEC */, 0);
	if (fd < 0)
		return fd;
	long n = 0, r = 0;
	while (n < (long)cap - 1 && (r = sys3(__NR_read, fd, buf + n, cap - 1 - (size_t)n)) > 0)
		n += r;
	sys1(__NR_close, fd);
	buf[n] = 0;
	return r < 0 && n == 0 ? r : n;
}

long sysctl_get_ncpu(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	uint64_t set[16];
	long r = sys3(__NR_sched_getaffinity, 0, sizeof set, set);
	long c = 0;
	for (long i = 0; i < r / 8; i++)
		for (uint64_t w = set[i]; w; w &= w - 1)	/* no libgcc popcount */
			c++;
	return put_int(buf, len, c > 0 ? c : 1, 4);
}

long sysctl_get_hostname(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	struct { char f[6][65]; } u;
	sys1(__NR_uname, &u);
	return put_str(buf, len, u.f[1], strlen(u.f[1]));
}

long sysctl_get_domainname(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	struct { char f[6][65]; } u;
	sys1(__NR_uname, &u);
	const char *d = shim_strcmp(u.f[5], "(none)") ? u.f[5] : "";
	return put_str(buf, len, d, strlen(d));
}

long sysctl_get_maxproc(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	char b[32] = {0};
	long r = rt_read_file("/proc/sys/kernel/pid_max", b, sizeof b);
	long v = 0;
	for (long i = 0; i < r && b[i] >= '0' && b[i] <= '9'; i++)
		v = v * 10 + (b[i] - '0');
	return put_int(buf, len, v ? v : 32768, 4);
}

long sysctl_get_maxfiles(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	uint64_t lim[2];
	sys4(__NR_prlimit64, 0, 7 /* RLIMIT_NOFILE */, 0, lim);
	return put_int(buf, len, lim[1] > 0x7fffffff ? 0x7fffffff : (long)lim[1], 4);
}

long sysctl_get_physmem(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	struct { long uptime; unsigned long loads[3], totalram, freeram, sharedram, bufferram,
		 totalswap, freeswap; unsigned short procs, pad; unsigned long totalhigh, freehigh;
		 unsigned mem_unit; char _f[8]; } si;
	sys1(__NR_sysinfo, &si);
	return put_int(buf, len, (long)(si.totalram * si.mem_unit), 8);
}

long sysctl_get_boottime(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	struct kts rt, bt;
	sys2(__NR_clock_gettime, 0, &rt);
	sys2(__NR_clock_gettime, 7 /* BOOTTIME */, &bt);
	int64_t v[2] = {rt.s - bt.s, 0};	/* struct timeval */
	memcpy(buf, v, 16);
	*len = 16;
	return 0;
}

long sysctl_get_clockrate(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	int v[5] = {100, 10000, 0, 100, 100};	/* hz, tick, tickadj, stathz, profhz */
	memcpy(buf, v, sizeof v);
	*len = sizeof v;
	return 0;
}

long sysctl_get_proc_pathname(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t;
	/* kern.proc.pathname.<pid>: -1 or our own pid mean this process. */
	if (n >= 4 && mib[3] != -1 && mib[3] != (int)sys0(__NR_getpid))
		return -L_ESRCH;
	const char *p = rt_cfg.exec_path ? rt_cfg.exec_path : "";
	return put_str(buf, len, p, strlen(p));
}

long sysctl_get_proc_args(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t;
	if (n >= 4 && mib[3] != -1 && mib[3] != (int)sys0(__NR_getpid))
		return -L_ESRCH;
	size_t off = 0;
	for (char **a = rt_cfg.guest_argv; a && *a; a++) {
		size_t l = strlen(*a) + 1;
		if (off + l > *len)
			return -L_ENOMEM;
		memcpy((char *)buf + off, *a, l);
		off += l;
	}
	*len = off;
	return 0;
}

long sysctl_get_ps_strings(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	return put_int(buf, len, (long)rt_cfg.ps_strings, 8);
}

long sysctl_get_usrstack(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	return put_int(buf, len, (long)rt_cfg.usrstack, 8);
}

long sysctl_get_arandom(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	size_t want = *len < 256 ? *len : 256;	/* FreeBSD caps kern.arandom at 256 */
	long r = sys3(__NR_getrandom, buf, want, 0);
	if (r < 0)
		return r;
	*len = (size_t)r;
	return 0;
}

long sysctl_get_cpu_model(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t, (void)mib, (void)n;
	char *b = shim_malloc(8192);
	if (!b)
		return -L_ENOMEM;
	long r = rt_read_file("/proc/cpuinfo", b, 8192);
	const char *model = "x86-64";
	size_t ml = 6;
	if (r > 0) {
		for (char *p = b; p && *p; p = shim_strchr(p, '\n') ? shim_strchr(p, '\n') + 1 : 0) {
			if (!shim_strncmp(p, "model name", 10)) {
				char *c = shim_strchr(p, ':');
				char *e = shim_strchr(p, '\n');
				if (c && e && e > c + 2) {
					model = c + 2;
					ml = (size_t)(e - model);
				}
				break;
			}
		}
	}
	long rr = put_str(buf, len, model, ml);
	shim_free(b);
	return rr;
}
