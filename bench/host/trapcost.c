/* trapcost: the pieces of abirun's trap path, measured natively without
 * abirun, each as ns per iteration of a loop of N.
 *
 *   trapcost N
 *
 * Prints one line per piece: "NAME N TOTAL_NS".
 *
 *   syscall           getpid through the `syscall` instruction (no filter)
 *   syscall_filtered  the same after installing abirun's filter (allow iff
 *                     the instruction pointer lies in this program's text):
 *                     what every host call abirun makes pays
 *   trap_empty        a syscall from outside the text (a stub page, like a
 *                     guest's code): seccomp RET_TRAP -> SIGSYS -> a handler
 *                     that does nothing -> rt_sigreturn.  Plain SA_SIGINFO.
 *   trap_abirun       the same with abirun's signal set-up: the handler on a
 *                     sigaltstack, SA_ONSTACK|SA_NODEFER, every asynchronous
 *                     signal blocked while it runs
 *   trap_hostcall     trap_abirun whose handler makes the host getpid and
 *                     writes the result into the saved rax: a translation
 *                     with zero dispatch and conversion cost
 *   trap_fpu_init     trap_abirun with the FPU/SSE/AVX registers put in their
 *                     initial state first (XRSTOR of an empty XSAVE area):
 *                     glibc's AVX-512 string functions leave the AVX-512
 *                     state "in use", and the kernel then saves and restores
 *                     it with every signal frame; a fresh process has none
 *   signal_self       no seccomp trap: tgkill(self, SIGUSR1) from the text,
 *                     handled exactly like trap_abirun (altstack, mask,
 *                     empty handler, rt_sigreturn): the generic signal
 *                     machinery, for comparison with trap_abirun
 *
 * The filter cannot be removed, so the order above is fixed.  The handler's
 * own syscall (trap_hostcall) comes from this program's text and is allowed,
 * exactly like abirun's host calls. */
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

extern char __executable_start[], etext[];

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline long raw_getpid(void)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getpid) : "rcx", "r11", "memory");
	return r;
}

typedef long (*stub_fn)(void);
static stub_fn guest_getpid;	/* mov $39,%eax; syscall; ret -- outside the text */

static void report(const char *name, long n, long long ns)
{
	printf("%s %ld %lld\n", name, n, ns);
	fflush(stdout);
}

static void on_sigsys_empty(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
}

static void on_sigsys_hostcall(int sig, siginfo_t *si, void *ucv)
{
	(void)sig, (void)si;
	ucontext_t *uc = ucv;
	uc->uc_mcontext.gregs[REG_RAX] = raw_getpid();
}

static int install_filter(void)
{
	uint64_t lo = (uint64_t)__executable_start, hi = (uint64_t)etext;
	if (hi >> 32) {
		fprintf(stderr, "trapcost: text above 4 GiB (built as PIE?)\n");
		return -1;
	}
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)lo, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)hi, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
	};
	struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* All XSAVE components to their initial state: XRSTOR with XSTATE_BV = 0
 * reads only MXCSR (kept at its default) and the header.  Returns 0 if the
 * CPU or kernel does not offer XSAVE. */
static int fpu_init_state(void)
{
	unsigned a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 27)))	/* OSXSAVE */
		return 0;
	static unsigned char area[1024] __attribute__((aligned(64)));
	memset(area, 0, sizeof area);
	uint32_t mxcsr = 0x1f80;
	memcpy(area + 24, &mxcsr, 4);
	__asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	__asm__ volatile("xrstor %0" : : "m"(area), "a"(a), "d"(d) : "memory");
	return 1;
}

static void set_handler_for(int sig, void (*fn)(int, siginfo_t *, void *), int abirun_like)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (abirun_like) {
		/* syscalls/setup.c: everything but the synchronous signals blocked
		 * in the handler, which runs on the alternate stack */
		sa.sa_flags |= SA_ONSTACK | SA_NODEFER;
		sigfillset(&sa.sa_mask);
		static const int sync[] = {SIGSYS, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
		for (unsigned i = 0; i < sizeof sync / sizeof sync[0]; i++)
			sigdelset(&sa.sa_mask, sync[i]);
	}
	if (sigaction(sig, &sa, NULL) < 0) {
		perror("sigaction");
		exit(2);
	}
}

static void set_handler(void (*fn)(int, siginfo_t *, void *), int abirun_like)
{
	set_handler_for(SIGSYS, fn, abirun_like);
}

static inline long raw_tgkill(long pid, long tid, long sig)
{
	long r;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"((long)SYS_tgkill), "D"(pid), "S"(tid), "d"(sig)
			 : "rcx", "r11", "memory");
	return r;
}

static long long loop_stub(long n)
{
	for (long i = 0; i < n / 10; i++)
		guest_getpid();
	long long t0 = now_ns();
	for (long i = 0; i < n; i++)
		guest_getpid();
	return now_ns() - t0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	if (n < 10)
		n = 10;

	static const unsigned char code[] = {0xb8, SYS_getpid, 0, 0, 0, 0x0f, 0x05, 0xc3};
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	memcpy(page, code, sizeof code);
	mprotect(page, 4096, PROT_READ | PROT_EXEC);
	guest_getpid = (stub_fn)page;

	stack_t ss = {.ss_sp = malloc(256 * 1024), .ss_size = 256 * 1024, .ss_flags = 0};
	sigaltstack(&ss, NULL);

	long long t0;
	for (long i = 0; i < n / 10; i++)
		raw_getpid();
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		raw_getpid();
	report("syscall", n, now_ns() - t0);

	if (install_filter() < 0) {
		perror("seccomp");
		return 2;
	}
	for (long i = 0; i < n / 10; i++)
		raw_getpid();
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		raw_getpid();
	report("syscall_filtered", n, now_ns() - t0);

	set_handler(on_sigsys_empty, 0);
	report("trap_empty", n, loop_stub(n));
	set_handler(on_sigsys_empty, 1);
	report("trap_abirun", n, loop_stub(n));
	set_handler(on_sigsys_hostcall, 1);
	if (guest_getpid() != raw_getpid()) {
		fprintf(stderr, "trapcost: the handler's result did not arrive\n");
		return 2;
	}
	report("trap_hostcall", n, loop_stub(n));

	set_handler(on_sigsys_empty, 1);
	if (fpu_init_state()) {
		long long t = loop_stub(n);
		report("trap_fpu_init", n, t);
	}

	set_handler_for(SIGUSR1, on_sigsys_empty, 1);
	long pid = getpid(), tid = gettid();
	for (long i = 0; i < n / 10; i++)
		raw_tgkill(pid, tid, SIGUSR1);
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		raw_tgkill(pid, tid, SIGUSR1);
	report("signal_self", n, now_ns() - t0);
	return 0;
}
