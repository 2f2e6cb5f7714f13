/* Threads and the thread pointer: sysarch, thr_self, thr_kill. */
#include "handlers.h"
#include "sigdeliver.h"
#include <asm/prctl.h>

/* FreeBSD sysarch(2) operations (x86/include/sysarch.h). */
enum { AMD64_GET_FSBASE = 128, AMD64_SET_FSBASE = 129, AMD64_GET_GSBASE = 130,
       AMD64_SET_GSBASE = 131, AMD64_GET_XFPUSTATE = 132 };

#define VM_MAXUSER_ADDRESS 0x800000000000ull

long sys_sysarch(struct trap *t)
{
	uint64_t v;
	switch (IARG(0)) {
	case AMD64_SET_FSBASE: {
		if (copy_from_guest(&v, ARG(1), 8) < 0)
			return -L_EFAULT;
		if (v >= VM_MAXUSER_ADDRESS)
			return -L_EINVAL;
		/* The fs base is not part of the signal frame: it outlives the
		 * handler's sigreturn. */
		long r = sys2(__NR_arch_prctl, ARCH_SET_FS, v);
		if (r == 0)
			t->th->guest_fsbase = v;
		return r;
	}
	case AMD64_GET_FSBASE:
		if (sys2(__NR_arch_prctl, ARCH_GET_FS, &v) < 0)
			v = t->th->guest_fsbase;
		return copy_to_guest(ARG(1), &v, 8) < 0 ? -L_EFAULT : 0;
	case AMD64_GET_GSBASE:
		v = 0;	/* %gs belongs to the runtime; the guest's is 0 */
		return copy_to_guest(ARG(1), &v, 8) < 0 ? -L_EFAULT : 0;
	case AMD64_SET_GSBASE:
		return -L_EOPNOTSUPP;
	}
	return -L_EINVAL;
}

long sys_thr_self(struct trap *t)
{
	long id = t->th->tid;
	return copy_to_guest(ARG(0), &id, 8) < 0 ? -L_EFAULT : 0;
}

long sys_thr_kill(struct trap *t)
{
	long g = (long)(int)ARG(1);
	int h = 0;
	if (g != 0 && (h = sig_to_host(t->abi, g)) <= 0)
		return -L_EINVAL;
	return sys3(__NR_tgkill, sys0(__NR_getpid), ARG(0), h);
}


/* ---- thr_new / thr_exit ---- */

struct fbsd_thr_param {
	uint64_t start_func, arg, stack_base, stack_size, tls_base, tls_size;
	uint64_t child_tid, parent_tid;
	int32_t flags, pad;
	uint64_t rtp;
	uint64_t spare[3];
};
_Static_assert(sizeof(struct fbsd_thr_param) == 104, "struct thr_param is 104 bytes");

extern int rt_live_threads;
#define THREAD_ALTSTACK (256 * 1024)

/* First code of a new guest thread, on its runtime stack: set up the %gs
 * block and signal stack, publish the id, then enter the guest with the
 * creator's guest signal mask, atomically, through rt_sigreturn. */
_Noreturn void thread_child_start(struct rt_thread *th)
{
	if (runtime_thread_init(th) < 0)
		shim_panic("thread set-up failed");
	if (th->child_tid_addr) {
		long id = th->tid;
		copy_to_guest(th->child_tid_addr, &id, 8);
	}
	struct {
		struct ucontext uc;
		siginfo_t si;
	} __attribute__((aligned(16))) f;
	memset(&f, 0, sizeof f);
	struct sigcontext *r = &f.uc.uc_mcontext;
	if (th->start_ctx) {
		/* Linux clone: the parent's registers, a zero result. */
		if (th->start_is_process)
			rt_after_fork(th);
		*r = *th->start_ctx;
		r->fpstate = 0;
		f.uc.uc_sigmask = th->start_mask;
	} else {
		r->rip = th->start.rip;
		r->rsp = th->start.rsp;
		r->rdi = th->start.rdi;
		r->eflags = 0x202;
		r->cs = 0x33;
		r->ss = 0x2b;
		f.uc.uc_sigmask = sig_host_mask(rt_cfg.abi, th->guest_sigmask);
	}
	f.uc.uc_stack.ss_sp = th->altstack;
	f.uc.uc_stack.ss_size = th->altstack_size;
	rt_sigreturn_to(&f.uc);
}

long sys_thr_new(struct trap *t)
{
	struct fbsd_thr_param p;
	memset(&p, 0, sizeof p);
	long size = (long)(int)ARG(1);
	if (size < 0 || size > (long)sizeof p)
		return -L_EINVAL;
	if (copy_from_guest(&p, ARG(0), (size_t)size) < 0)
		return -L_EFAULT;
	if (p.tls_base >= VM_MAXUSER_ADDRESS)
		return -L_EINVAL;
	struct rt_thread *th = shim_calloc(1, sizeof *th);
	if (!th)
		return -L_ENOMEM;
	char *st = shim_map_pages(THREAD_ALTSTACK);
	if (!st) {
		shim_free(th);
		return -L_ENOMEM;
	}
	th->altstack = (void *)st;
	th->altstack_size = THREAD_ALTSTACK;
	th->guest_sigmask[0] = t->th->guest_sigmask[0];
	th->guest_sigmask[1] = t->th->guest_sigmask[1];
	th->guest_altstack.flags = 4;	/* SS_DISABLE */
	th->guest_fsbase = p.tls_base;
	th->child_tid_addr = p.child_tid;
	/* FreeBSD's cpu_set_upcall: a 16-byte aligned stack minus a zero
	 * "return address". */
	uint64_t sp = ((p.stack_base + p.stack_size) & ~15ull) - 8;
	uint64_t zero = 0;
	if (copy_to_guest(sp, &zero, 8) < 0) {
		shim_free(th);	/* the stack pages stay reserved for reuse */
		return -L_EFAULT;
	}
	th->start.rip = p.start_func;
	th->start.rsp = sp;
	th->start.rdi = p.arg;
	unsigned long flags = 0x100 /* CLONE_VM */ | 0x200 /* FS */ | 0x400 /* FILES */ |
			      0x800 /* SIGHAND */ | 0x10000 /* THREAD */ | 0x40000 /* SYSVSEM */ |
			      0x80000 /* SETTLS */;
	__atomic_fetch_add(&rt_live_threads, 1, __ATOMIC_RELAXED);
	/* The child must not take a signal before its %gs block exists: it
	 * starts with everything blocked and takes its mask at guest entry. */
	uint64_t all = ~RT_SYNC_SIGNALS, old;
	sys4(__NR_rt_sigprocmask, 2 /* SIG_SETMASK */, &all, &old, 8);
	long tid = rt_clone_thread(flags, st + THREAD_ALTSTACK, (void *)p.tls_base, th);
	sys4(__NR_rt_sigprocmask, 2, &old, 0, 8);
	if (tid < 0) {
		__atomic_fetch_sub(&rt_live_threads, 1, __ATOMIC_RELAXED);
		shim_free(th);
		return tid;
	}
	if (p.parent_tid && copy_to_guest(p.parent_tid, &tid, 8) < 0)
		return -L_EFAULT;
	return 0;
}

long sys_thr_exit(struct trap *t)
{
	if (ARG(0)) {
		/* FreeBSD stores 1 and wakes whoever waits on it with umtx. */
		long one = 1;
		if (copy_to_guest(ARG(0), &one, 8) == 0)
			sys3(__NR_futex, ARG(0), 1 /* FUTEX_WAKE */, 0x7fffffff);
	}
	if (rt_cfg.trace_fd >= 0)
		trace_noreturn(t);
	if (__atomic_sub_fetch(&rt_live_threads, 1, __ATOMIC_ACQ_REL) == 0)
		rt_exit(0);	/* the last thread: the process exits */
	for (;;)
		sys1(__NR_exit, 0);
}

long sys_thr_kill2(struct trap *t)
{
	long g = (long)(int)ARG(2);
	int h = 0;
	if (g != 0 && (h = sig_to_host(t->abi, g)) <= 0)
		return -L_EINVAL;
	long pid = (long)(int)ARG(0);
	return sys3(__NR_tgkill, pid == -1 ? sys0(__NR_getpid) : pid, ARG(1), h);
}

long sys_thr_set_name(struct trap *t)
{
	char name[16];
	long n = uaccess_strnlen((const char *)ARG(1), 15);
	if (n < 0 || copy_from_guest(name, ARG(1), (size_t)n) < 0)
		return -L_EFAULT;
	name[n] = 0;
	if ((long)ARG(0) == -1 || (long)ARG(0) == t->th->tid)
		return sys2(__NR_prctl, 15 /* PR_SET_NAME */, name);
	char path[64];
	shim_snprintf(path, sizeof path, "/proc/self/task/%ld/comm", (long)ARG(0));
	long fd = sys4(__NR_openat, -100, path, 1 | 0x80000, 0);
	if (fd < 0)
		return fd == -L_ENOENT ? -L_ESRCH : fd;
	sys3(__NR_write, fd, name, n);
	sys1(__NR_close, fd);
	return 0;
}

/* ---- CPU sets ---- */

long sys_cpuset_getaffinity(struct trap *t)
{
	/* (level, which, id, setsize, mask): CPU_WHICH_TID 1, CPU_WHICH_PID 2. */
	long which = (long)(int)ARG(1), id = (long)ARG(2);
	size_t size = ARG(3);
	if (which != 1 && which != 2)
		return -L_EINVAL;
	if (size < 8 || size > 4096)
		return -L_ERANGE;
	uint64_t set[512] = {0};
	long r = sys3(__NR_sched_getaffinity, id == -1 ? 0 : id, sizeof set, set);
	if (r < 0)
		return r;
	return copy_to_guest(ARG(4), set, size) < 0 ? -L_EFAULT : 0;
}

long sys_cpuset_setaffinity(struct trap *t)
{
	long which = (long)(int)ARG(1), id = (long)ARG(2);
	size_t size = ARG(3);
	if (which != 1 && which != 2)
		return -L_EINVAL;
	if (size > 4096)
		return -L_ERANGE;
	uint64_t set[512] = {0};
	if (copy_from_guest(set, ARG(4), size) < 0)
		return -L_EFAULT;
	return sys3(__NR_sched_setaffinity, id == -1 ? 0 : id, sizeof set, set);
}

/* clone(2) of a Linux guest that needs its own runtime block: a thread, or
 * a process on a new stack.  The kernel gets the guest's flags, ids and TLS;
 * the child enters the guest through rt_sigreturn with the parent's
 * registers and rax = 0. */
long rt_linux_clone_thread(struct trap *t)
{
	uint64_t flags = ARG(0);
	bool thread = flags & 0x10000;
	struct rt_thread *th = shim_calloc(1, sizeof *th);
	struct sigcontext *ctx = shim_malloc(sizeof *ctx);
	char *st = shim_map_pages(THREAD_ALTSTACK);
	if (!th || !ctx || !st) {
		shim_free(th);
		shim_free(ctx);
		return -L_ENOMEM;
	}
	*ctx = *UC_REGS(t);
	ctx->rax = 0;
	if (ARG(1))
		ctx->rsp = ARG(1);
	th->altstack = st;
	th->altstack_size = THREAD_ALTSTACK;
	th->guest_altstack.flags = 4;
	th->start_ctx = ctx;
	th->start_mask = t->uc->uc_sigmask;
	th->start_is_process = !thread;
	if (!thread)
		flags &= ~(0x100ull | 0x4000ull);	/* no shared memory, no vfork wait */
	if (thread)
		__atomic_fetch_add(&rt_live_threads, 1, __ATOMIC_RELAXED);
	uint64_t all = ~RT_SYNC_SIGNALS, old;
	sys4(__NR_rt_sigprocmask, 2, &all, &old, 8);
	long r = rt_clone_full(flags, st + THREAD_ALTSTACK, (void *)ARG(2), (void *)ARG(3), (void *)ARG(4), th);
	sys4(__NR_rt_sigprocmask, 2, &old, 0, 8);
	if (r < 0 && thread)
		__atomic_fetch_sub(&rt_live_threads, 1, __ATOMIC_RELAXED);
	return r;
}
