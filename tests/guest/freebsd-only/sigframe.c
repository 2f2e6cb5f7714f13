/* The FreeBSD signal frame an SA_SIGINFO handler receives (ABI-NOTES A7,
 * A9): siginfo_t (si_signo @0, si_code @8 = SI_USER 0x10001, si_pid @12,
 * si_uid @16), ucontext_t (uc_sigmask @0, uc_mcontext @16 with mc_rax @56,
 * mc_rip @160, mc_rflags @176, mc_rsp @184, mc_len @200 = 800, uc_stack
 * @824), delivered on the alternate stack, and sigreturn(417) restoring a
 * context the handler modified (mc_rax becomes the syscall's result). */
#include "guest.h"

#define P(x) ((long)(x))
#define SI_USER 0x10001
#define MC(off) (16 + (off))

static char altstack[65536];
static volatile int calls, sig_arg, si_signo, si_code, si_pid_ok, si_uid_ok, on_alt;
static volatile long mc_rax, mc_rflags, mc_rip, mc_len, mc_rsp, mc_onstack;
static volatile unsigned uc_mask0;
static volatile long ucst_sp, ucst_size, ucst_flags;

static long rd(const unsigned char *p, int off) { long v; memcpy(&v, p + off, 8); return v; }
static int rd32(const unsigned char *p, int off) { int v; memcpy(&v, p + off, 4); return v; }

static void handler(int sig, void *info, void *ucv)
{
	volatile char here;
	const unsigned char *si = info;
	unsigned char *uc = ucv;
	calls++;
	sig_arg = sig;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
	si_signo = rd32(si, 0);
	si_code = rd32(si, 8);
	si_pid_ok = rd32(si, 12) == (int)sys_getpid();
	si_uid_ok = rd32(si, 16) == (int)sys_getuid();
	uc_mask0 = (unsigned)rd32(uc, 0);
	mc_onstack = rd(uc, MC(0));
	mc_rax = rd(uc, MC(56));
	mc_rip = rd(uc, MC(160));
	mc_rflags = rd(uc, MC(176));
	mc_rsp = rd(uc, MC(184));
	mc_len = rd(uc, MC(200));
	ucst_sp = rd(uc, 824);
	ucst_size = rd(uc, 832);
	ucst_flags = rd32(uc, 840);
	/* make the interrupted kill() "return" 4242 */
	long v = 4242;
	memcpy(uc + MC(56), &v, 8);
}

int main(void)
{
	struct gstack ss = { altstack, sizeof(altstack), 0 };
	check("sigaltstack", sys_sigaltstack(&ss, NULL));
	struct gsigaction act = { (void *)handler, SA_SIGINFO | SA_ONSTACK, 0 };
	check("sigaction(SIGUSR1, SA_SIGINFO|SA_ONSTACK)", sys_sigaction(SIGUSR1, &act, NULL));
	unsigned long blk = SIGBIT(SIGUSR2);
	sys_sigprocmask(SIG_BLOCK, &blk, NULL);

	volatile char mainvar;
	struct sysret r = syscall_cf(SYS_kill, sys_getpid(), SIGUSR1, 0, 0, 0, 0);

	printf("handler calls: %d\n", calls);
	printf("signal argument: %d\n", sig_arg);
	printf("si_signo: %d\n", si_signo);
	printf("si_code: 0x%x\n", si_code);
	yesno("si_pid == getpid()", si_pid_ok);
	yesno("si_uid == getuid()", si_uid_ok);
	yesno("handler ran on the alternate stack", on_alt);
	yesno("uc_sigmask has SIGUSR2 (blocked before the signal)", (uc_mask0 & SIGBIT(SIGUSR2)) != 0);
	yesno("uc_sigmask lacks SIGUSR1", (uc_mask0 & SIGBIT(SIGUSR1)) == 0);
	printf("mc_len: %ld\n", mc_len);
	printf("mc_onstack: %ld\n", mc_onstack);
	printf("mc_rax (kill's result): %ld\n", mc_rax);
	printf("mc_rflags CF: %ld\n", mc_rflags & 1);
	yesno("mc_rip is inside syscall_cf, after its syscall",
	      mc_rip > (long)syscall_cf && mc_rip < (long)syscall_cf + 64);
	yesno("mc_rsp is on the main stack near main's frame",
	      mc_rsp < (long)&mainvar + 4096 && mc_rsp > (long)&mainvar - 4096);
	yesno("uc_stack.ss_sp is the alternate stack", ucst_sp == (long)altstack);
	printf("uc_stack.ss_size: %ld\n", ucst_size);
	printf("uc_stack.ss_flags: %ld\n", ucst_flags);
	printf("kill returned (after sigreturn): CF=%d rax=%ld\n", CF(r), r.rax);
	unsigned long cur;
	sys_sigprocmask(SIG_BLOCK, NULL, &cur);
	yesno("mask after sigreturn: SIGUSR2 only", (cur & (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2))) == SIGBIT(SIGUSR2));
	return 0;
}
