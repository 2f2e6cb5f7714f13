/* dispatch: abirun's SIGSYS handler called directly, without a signal.
 *
 *   dispatch N [TEST...]      TEST: getpid read clock_gettime fstat openclose
 *
 * Linked with the runtime objects of the tree being measured (the same
 * trap_sigsys, tables and translations as $(B)/abirun).  For each test it
 * times N calls of trap_sigsys() on a fabricated ucontext holding the
 * FreeBSD syscall, and N calls of the host syscall(s) the translation makes,
 * made through the same shim_syscall6 path.  Prints
 *
 *   dispatch_TEST N TOTAL_NS     the handler: dispatch + conversion + host call
 *   host_TEST N TOTAL_NS         the host call(s) alone
 *
 * The difference is what the table lookup, argument/result conversion and
 * bookkeeping cost; the signal round trip around them is measured by
 * trapcost.  No seccomp filter is installed here.
 *
 * Runtime code: compiled like the runtime (freestanding, libc-shim only). */
#include "syscalls/runtime.h"
#include <linux/fcntl.h>

static struct rt_thread self_block;
static char buf[512] __attribute__((aligned(16)));
static const char zero_path[] = "/dev/zero";

static long atol_(const char *s)
{
	long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

/* One guest syscall through the handler; returns rax (negated if CF). */
static long guest_call(struct ucontext *uc, long nr, long a, long b, long c)
{
	struct sigcontext *r = &uc->uc_mcontext;
	r->rax = (uint64_t)nr;
	r->rdi = (uint64_t)a;
	r->rsi = (uint64_t)b;
	r->rdx = (uint64_t)c;
	trap_sigsys(31, 0, uc);
	return (r->eflags & 1) ? -(long)r->rax : (long)r->rax;
}

enum { FB_READ = 3, FB_OPEN = 5, FB_CLOSE = 6, FB_GETPID = 20, FB_CLOCK_GETTIME = 232, FB_FSTAT = 551 };

static long fd_zero;

static long one(struct ucontext *uc, int test, int host)
{
	long r;
	switch (test) {
	case 0:
		return host ? sys0(__NR_getpid) : guest_call(uc, FB_GETPID, 0, 0, 0);
	case 1:
		return host ? sys3(__NR_read, fd_zero, buf, 1) : guest_call(uc, FB_READ, fd_zero, (long)buf, 1);
	case 2:
		return host ? sys2(__NR_clock_gettime, 1, buf) : guest_call(uc, FB_CLOCK_GETTIME, 4, (long)buf, 0);
	case 3:
		return host ? sys2(__NR_fstat, fd_zero, buf) : guest_call(uc, FB_FSTAT, fd_zero, (long)buf, 0);
	case 4:
		r = host ? sys2(__NR_open, zero_path, O_RDONLY) : guest_call(uc, FB_OPEN, (long)zero_path, 0, 0);
		if (r < 0)
			return r;
		return host ? sys1(__NR_close, r) : guest_call(uc, FB_CLOSE, r, 0, 0);
	}
	return -1;
}

static const char *const names[] = {"getpid", "read", "clock_gettime", "fstat", "openclose"};

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol_(argv[1]) : 100000;
	if (n < 10)
		n = 10;
	int r = runtime_thread_init(&self_block);	/* %gs block, altstack */
	if (r < 0)
		shim_panic("runtime_thread_init: %d", r);
	rt_cfg.abi = &abi_freebsd_amd64;
	rt_cfg.trace_fd = -1;
	rt_cfg.stats_fd = -1;
	fd_zero = sys2(__NR_open, zero_path, O_RDONLY);
	if (fd_zero < 0)
		shim_panic("open /dev/zero: %ld", fd_zero);

	static struct ucontext uc;
	for (int test = 0; test < 5; test++) {
		int selected = argc <= 2;
		for (int i = 2; i < argc; i++)
			selected |= !shim_strcmp(argv[i], names[test]);
		if (!selected)
			continue;
		long chk = one(&uc, test, 0);
		if (chk < 0)
			shim_panic("dispatch %s: error %ld", names[test], chk);
		for (int host = 0; host < 2; host++) {
			for (long i = 0; i < n / 10; i++)
				one(&uc, test, host);
			uint64_t t0 = shim_now_ns();
			for (long i = 0; i < n; i++)
				one(&uc, test, host);
			uint64_t t1 = shim_now_ns();
			shim_dprintf(1, "%s_%s %ld %lu\n", host ? "host" : "dispatch", names[test], n,
				     (unsigned long)(t1 - t0));
		}
	}
	return 0;
}
