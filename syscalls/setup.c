/* From host phase to guest: runtime thread block, signal handlers, the
 * seccomp filter, and the jump.  After the filter is installed, only code in
 * abirun's text can make system calls; after %fs is handed to the guest, no
 * glibc code may run. */
#include "runtime.h"
#include "sigdeliver.h"
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <linux/prctl.h>
#include <asm/prctl.h>
#include <linux/mman.h>
#include <linux/stddef.h>

#define ALTSTACK_SIZE (256 * 1024)

long host_sigaction(int sig, void (*fn)(int, siginfo_t *, void *), unsigned long flags, const uint64_t *mask)
{
	struct k_sigaction ka = {
		.handler = (uint64_t)fn,
		.flags = flags | SA_RESTORER,
		.restorer = (uint64_t)rt_restorer,
		.mask = mask ? *mask : 0,
	};
	return sys4(__NR_rt_sigaction, sig, &ka, 0, 8);
}

int runtime_thread_init(struct rt_thread *th)
{
	th->self = th;
	th->tid = (int)sys0(__NR_gettid);
	if (!th->altstack) {
		void *p = shim_map_pages(ALTSTACK_SIZE);
		if (!p)
			return -L_ENOMEM;
		th->altstack = p;
		th->altstack_size = ALTSTACK_SIZE;
	}
	struct { void *sp; int flags; size_t size; } ss = {th->altstack, 0, th->altstack_size};
	long r = sys2(__NR_sigaltstack, &ss, 0);
	if (r < 0)
		return (int)r;
	r = sys2(__NR_arch_prctl, ARCH_SET_GS, th);
	return (int)r;
}

/* Allow a syscall iff it comes from abirun's own text; trap everything else.
 * The address is fixed at link time, so the same filter admits a re-executed
 * abirun after execve (the filter is inherited and cannot be removed). */
static int install_filter(void)
{
	uint32_t lo = (uint32_t)rt_cfg.text_start, hi = (uint32_t)rt_cfg.text_end;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, lo, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, hi, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
	};
	struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
	long r = sys5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (r < 0)
		return (int)r;
	return (int)sys3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static struct rt_thread main_thread;
int rt_live_threads = 1;

_Noreturn void runtime_enter_guest(const struct guest_entry *e)
{
	int r = runtime_thread_init(&main_thread);
	if (r < 0)
		shim_panic("runtime thread set-up failed (%d)", r);
	/* The guest starts with the signal mask abirun was started with. */
	uint64_t cur = 0;
	sys4(__NR_rt_sigprocmask, 0, 0, &cur, 8);
	host_sigset_to_guest(rt_cfg.abi, cur, main_thread.guest_sigmask);
	main_thread.guest_altstack.flags = 4;	/* SS_DISABLE */
	if (!rt_cfg.abi->errno_negative) {	/* Linux guests' dispositions are the kernel's */
		sig_init_from_host(rt_cfg.abi);
		sig_init_defaults(rt_cfg.abi);
	}
	/* SIGSYS must never be blocked while the guest runs: a trapped syscall
	 * with SIGSYS blocked kills the process.  Handlers run on the runtime's
	 * alternate stack, never on the guest's (Go's stacks are small).
	 * Asynchronous signals stay open during a trap: a blocking host call
	 * must be interruptible (sigdeliver.c decides what they become).  While
	 * a fault is handled they wait; the synchronous ones stay open, since a
	 * fault with its signal blocked kills the process (uaccess relies on
	 * catching SIGSEGV inside handlers). */
	uint64_t sync = RT_SYNC_SIGNALS, async = ~RT_SYNC_SIGNALS, none = 0;
	if (host_sigaction(31, trap_sigsys, SA_SIGINFO | SA_ONSTACK | SA_NODEFER, &none) < 0)
		shim_panic("cannot install the SIGSYS handler");
	static const int faults[] = {11, 7, 8, 4, 5};
	for (unsigned i = 0; i < sizeof faults / sizeof faults[0]; i++)
		host_sigaction(faults[i], fault_signal, SA_SIGINFO | SA_ONSTACK | SA_NODEFER, &async);
	sys4(__NR_rt_sigprocmask, 1 /* SIG_UNBLOCK */, &sync, 0, 8);
	timekeep_start();
	if ((r = install_filter()) < 0)
		shim_panic("cannot install the seccomp filter (%d)", r);
	if (rt_cfg.trace_host && rt_cfg.trace_fd >= 0)
		shim_host_call_hook = trace_host_call;
	/* From here on %fs is the guest's (0 at exec, as on FreeBSD). */
	sys2(__NR_arch_prctl, ARCH_SET_FS, 0);
	enter_guest_asm(e);
}
