/* Linux programs as guests: a foreign guest that executes a native program
 * (a shell, a compiler) passes the seccomp filter on to it, so abirun runs
 * it too.  Calls pass through unchanged, except those that touch what the
 * runtime owns: the handlers of its synchronous signals (SIGSYS, SIGSEGV,
 * ...), the signal mask bits of those, the alternate signal stack, %gs,
 * new threads (which need their runtime block), exec. */
#include "handlers.h"
#include "sigdeliver.h"
#include <asm/prctl.h>

#define SYNC_MASK RT_SYNC_SIGNALS

long sys_passthrough(struct trap *t)
{
	return sys6(t->nr, ARG(0), ARG(1), ARG(2), ARG(3), ARG(4), ARG(5));
}

static struct k_sigaction runtime_sig_actions[65];

long sys_linux_rt_sigaction(struct trap *t)
{
	long sig = (long)(int)ARG(0);
	if (sig < 1 || sig > 64 || ARG(3) != 8)
		return -L_EINVAL;
	if (!rt_sync_signal(sig)) {
		/* A handler's mask never blocks SIGSYS & co: a trap with SIGSYS
		 * blocked would kill the process. */
		struct k_sigaction act;
		if (ARG(1)) {
			if (copy_from_guest(&act, ARG(1), sizeof act) < 0)
				return -L_EFAULT;
			act.mask &= ~SYNC_MASK;
		}
		return sys4(__NR_rt_sigaction, sig, ARG(1) ? &act : 0, ARG(2), 8);
	}
	/* The runtime's own: the guest's wish is recorded and reported back. */
	struct k_sigaction old = runtime_sig_actions[sig], act;
	if (ARG(1)) {
		if (copy_from_guest(&act, ARG(1), sizeof act) < 0)
			return -L_EFAULT;
		runtime_sig_actions[sig] = act;
	}
	if (ARG(2) && copy_to_guest(ARG(2), &old, sizeof old) < 0)
		return -L_EFAULT;
	return 0;
}

long sys_linux_rt_sigprocmask(struct trap *t)
{
	if (ARG(3) != 8)
		return -L_EINVAL;
	uint64_t cur = t->uc->uc_sigmask, set = 0, next;
	if (ARG(1)) {
		if (copy_from_guest(&set, ARG(1), 8) < 0)
			return -L_EFAULT;
		switch (IARG(0)) {
		case 0: next = cur | set; break;
		case 1: next = cur & ~set; break;
		case 2: next = set; break;
		default: return -L_EINVAL;
		}
		/* Takes effect when this trap returns, never on SIGSYS & co. */
		t->uc->uc_sigmask = next & ~SYNC_MASK & ~((1ull << 8) | (1ull << 18));
	}
	if (ARG(2) && copy_to_guest(ARG(2), &cur, 8) < 0)
		return -L_EFAULT;
	return 0;
}

long sys_linux_rt_sigsuspend(struct trap *t)
{
	uint64_t set;
	if (ARG(1) != 8)
		return -L_EINVAL;
	if (copy_from_guest(&set, ARG(0), 8) < 0)
		return -L_EFAULT;
	set &= ~SYNC_MASK;
	return sys2(__NR_rt_sigsuspend, &set, 8);	/* the guest's handler runs inside */
}

/* The guest's handler returned through its restorer: its rt_sigframe's
 * ucontext sits at the stack pointer.  Load it into this trap's context. */
long sys_linux_rt_sigreturn(struct trap *t)
{
	uint64_t ucp = UC_REGS(t)->rsp;
	struct ucontext u;
	if (copy_from_guest(&u, ucp, sizeof u) < 0)
		return -L_EFAULT;
	struct sigcontext *r = UC_REGS(t);
	void *my_fp = (void *)r->fpstate;
	uint64_t gfp = (uint64_t)u.uc_mcontext.fpstate;
	*r = u.uc_mcontext;
	r->fpstate = my_fp;
	if (my_fp && gfp) {
		/* The same kernel built both areas: copy what the guest's says it
		 * holds.  struct _fpx_sw_bytes at 464: magic1, extended_size (the
		 * whole area with its trailing magic2), xfeatures, xstate_size. */
		uint32_t sw[2] = {0, 0};
		copy_from_guest(sw, gfp + 464, sizeof sw);
		size_t len = sw[0] == 0x46505853u /* FP_XSTATE_MAGIC1 */ ? sw[1] : 512;
		if (len < 512 || len > 512 * 64)
			len = 512;
		copy_from_guest(my_fp, gfp, len);
	}
	t->uc->uc_sigmask = u.uc_sigmask & ~SYNC_MASK;
	t->justreturn = true;
	return 0;
}

/* The guest's alternate stack is the real one: Go checks that its signal
 * handlers run on the stack it registered.  The runtime's SIGSYS handler
 * then runs there as well (Go's are 32 KiB), or, with none, on the thread's
 * current stack.  The change cannot be made from this handler, which runs on
 * the current alternate stack (EPERM): it is made by the sigreturn that ends
 * the trap, which restores the alternate stack from the context. */
long sys_linux_sigaltstack(struct trap *t)
{
	struct { uint64_t sp; int flags, pad; uint64_t size; } cur, ns;
	stack_t *st = &t->uc->uc_stack;
	uint64_t rsp = UC_REGS(t)->rsp;
	cur.sp = (uint64_t)st->ss_sp;
	cur.size = st->ss_size;
	cur.pad = 0;
	cur.flags = st->ss_flags & 2 ? 2 : (rsp > cur.sp && rsp <= cur.sp + cur.size) ? 1 /* SS_ONSTACK */ : 0;
	if (ARG(0)) {
		if (copy_from_guest(&ns, ARG(0), sizeof ns) < 0)
			return -L_EFAULT;
		if (cur.flags == 1)
			return -L_EPERM;	/* the guest is running on it */
		if (ns.flags & ~(2 | 0x80000000 /* SS_AUTODISARM */))
			return -L_EINVAL;
		if (!(ns.flags & 2) && ns.size < 2048)
			return -L_ENOMEM;
		st->ss_sp = (void *)ns.sp;
		st->ss_size = ns.size;
		st->ss_flags = ns.flags;
	}
	if (ARG(1) && copy_to_guest(ARG(1), &cur, sizeof cur) < 0)
		return -L_EFAULT;
	return 0;
}

long sys_linux_arch_prctl(struct trap *t)
{
	switch (ARG(0)) {
	case ARCH_SET_GS:
		return -L_EPERM;
	case ARCH_GET_GS: {
		uint64_t z = 0;
		return copy_to_guest(ARG(1), &z, 8) < 0 ? -L_EFAULT : 0;
	}
	}
	return sys2(__NR_arch_prctl, ARG(0), ARG(1));
}

long sys_linux_exit_group(struct trap *t)
{
	if (rt_cfg.trace_fd >= 0)
		trace_noreturn(t);
	rt_exit(IARG(0));
}

static long fork_result(struct trap *t, long r)
{
	if (r == 0) {
		rt_after_fork(t->th);
		t->uncounted = true;	/* the parent counts this call */
	}
	return r;
}

long sys_linux_vfork(struct trap *t)
{
	/* A fork: a vfork child sharing our memory would run its traps on the
	 * parent's runtime stack. */
	return fork_result(t, sys5(__NR_clone, 17 /* SIGCHLD */, 0, 0, 0, 0));
}

long rt_linux_clone_thread(struct trap *t);

long sys_linux_clone(struct trap *t)
{
	uint64_t flags = ARG(0);
	if ((flags & 0x100 /* CLONE_VM */) && (flags & 0x10000 /* CLONE_THREAD */))
		return rt_linux_clone_thread(t);
	/* A process: CLONE_VM without CLONE_THREAD (posix_spawn's vfork) becomes a
	 * plain copy, as in vfork above. */
	flags &= ~(0x100ull | 0x4000ull /* CLONE_VFORK */);
	if (ARG(1)) {
		/* A new stack in a copy of our memory: the child resumes the guest
		 * there, with the parent's registers (rt_sigreturn keeps it atomic). */
		return rt_linux_clone_thread(t);
	}
	return fork_result(t, sys5(__NR_clone, flags, 0, ARG(2), ARG(3), ARG(4)));
}

long linux_exec(struct trap *t, long dirfd, uint64_t path, uint64_t argv, uint64_t envp);

long sys_linux_execve(struct trap *t)
{
	return linux_exec(t, -100, ARG(0), ARG(1), ARG(2));
}

long sys_linux_execveat(struct trap *t)
{
	if (ARG(4) & ~0x1000ul)
		return -L_EINVAL;
	if (ARG(4) & 0x1000) {	/* AT_EMPTY_PATH: the descriptor itself */
		static char p[64];
		shim_snprintf(p, sizeof p, "/proc/self/fd/%d", IARG(0));
		return linux_exec(t, -100, (uint64_t)p, ARG(2), ARG(3));
	}
	return linux_exec(t, IARG(0), ARG(1), ARG(2), ARG(3));
}

/* A fault in a Linux guest whose program handles it (Go turns SIGSEGV into a
 * panic): the kernel's frame for our own handler is exactly what the guest's
 * handler expects, so it is copied onto the guest's stack (its alternate
 * stack when asked for) and the context pointed at the handler.  Returns
 * false when the guest has no handler for it. */
bool linux_deliver_fault(int sig, siginfo_t *si, struct ucontext *uc)
{
	if (sig < 1 || sig > 64)
		return false;
	struct k_sigaction *a = &runtime_sig_actions[sig];
	if (a->handler <= 1 || !(a->flags & 0x04000000 /* SA_RESTORER */))
		return false;
	struct sigcontext *r = &uc->uc_mcontext;
	stack_t *alt = &uc->uc_stack;	/* the guest's, restored at sigreturn */
	uint64_t sp = r->rsp;
	bool on_alt = !(alt->ss_flags & 2) && alt->ss_size && sp > (uint64_t)alt->ss_sp &&
		      sp <= (uint64_t)alt->ss_sp + alt->ss_size;
	if ((a->flags & 0x08000000 /* SA_ONSTACK */) && !(alt->ss_flags & 2) && alt->ss_size && !on_alt) {
		sp = (uint64_t)alt->ss_sp + alt->ss_size;
		/* This handler itself may be running on that stack (it is the
		 * guest's, Go's gsignal stack): build below what it still uses. */
		uint64_t here = (uint64_t)__builtin_frame_address(0);
		if (here > (uint64_t)alt->ss_sp && here <= sp)
			sp = here - 8192;
	} else {
		sp -= 128;	/* red zone */
	}
	/* FPU state: what our frame holds (xsave size in its software bytes). */
	size_t fplen = 512;	/* extended_size: the area including FP_XSTATE_MAGIC2 */
	if (r->fpstate) {
		uint32_t sw[2];
		memcpy(sw, (const char *)r->fpstate + 464, sizeof sw);
		if (sw[0] == 0x46505853u && sw[1] > 512 && sw[1] < 512 * 64)
			fplen = sw[1];
	}
	uint64_t fp = (sp - fplen) & ~63ull;
	struct frame {
		uint64_t pretcode;
		struct ucontext uc;
		siginfo_t info;
	} f;
	uint64_t fsp = ((fp - sizeof f) & ~15ull) - 8;
	memset(&f, 0, sizeof f);
	f.pretcode = a->restorer;
	f.uc = *uc;
	f.uc.uc_mcontext.fpstate = r->fpstate ? (struct _fpstate *)fp : 0;
	f.uc.uc_stack.ss_flags = (alt->ss_flags & 2) ? 2 : on_alt ? 1 : 0;
	f.info = *si;
	if ((r->fpstate && copy_to_guest(fp, (const void *)r->fpstate, fplen) < 0) ||
	    copy_to_guest(fsp, &f, sizeof f) < 0)
		return false;	/* an unusable stack: the default action follows */
	r->rip = a->handler;
	r->rsp = fsp;
	r->rdi = (uint64_t)sig;
	r->rsi = fsp + __builtin_offsetof(struct frame, info);
	r->rdx = fsp + __builtin_offsetof(struct frame, uc);
	r->rax = 0;
	r->eflags &= ~(0x100ull | 0x400ull);
	uint64_t block = a->mask | (a->flags & 0x40000000 /* SA_NODEFER */ ? 0 : 1ull << (sig - 1));
	uc->uc_sigmask = (uc->uc_sigmask | block) & ~SYNC_MASK;
	if (a->flags & 0x80000000u /* SA_RESETHAND */)
		a->handler = 0;
	return true;
}

/* /proc/self/exe is abirun; the guest's own name for it is its program's
 * path (Go's os.Executable reads this link). */
static long readlink_common(struct trap *t, long dirfd, uint64_t path, uint64_t buf, size_t size)
{
	char p[64];
	long n = uaccess_strnlen((const char *)path, sizeof p - 1);
	if (n < 0)
		return -L_EFAULT;
	if (copy_from_guest(p, path, (size_t)n) < 0)
		return -L_EFAULT;
	p[n] = 0;
	char own[40];
	shim_snprintf(own, sizeof own, "/proc/%ld/exe", sys0(__NR_getpid));
	if (rt_cfg.exec_path && (!shim_strcmp(p, "/proc/self/exe") || !shim_strcmp(p, own))) {
		size_t len = strlen(rt_cfg.exec_path);
		if (len > size)
			len = size;	/* readlink truncates silently */
		return copy_to_guest(buf, rt_cfg.exec_path, len) < 0 ? -L_EFAULT : (long)len;
	}
	(void)t;
	return sys4(__NR_readlinkat, dirfd, path, buf, size);
}

long sys_linux_readlink(struct trap *t)
{
	return readlink_common(t, -100, ARG(0), ARG(1), ARG(2));
}

long sys_linux_readlinkat(struct trap *t)
{
	return readlink_common(t, IARG(0), ARG(1), ARG(2), ARG(3));
}
