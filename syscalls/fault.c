/* Synchronous faults: guest-memory accesses of the runtime (resumed with
 * EFAULT), faults in guest code (the guest dies by the same signal a native
 * process would, after one short report), and faults in the runtime itself
 * (a bug: reported as such, never a hang). */
#include "runtime.h"
#include "guestsyms.h"
#include "sigdeliver.h"

static const char *host_sig_name(int s)
{
	switch (s) {
	case 4: return "SIGILL";
	case 5: return "SIGTRAP";
	case 7: return "SIGBUS";
	case 8: return "SIGFPE";
	case 11: return "SIGSEGV";
	case 31: return "SIGSYS";
	default: return "signal";
	}
}

_Noreturn void rt_die_by_signal(int hsig)
{
	stats_dump();
	host_sigaction(hsig, (void (*)(int, siginfo_t *, void *))0 /* SIG_DFL */, 0, 0);
	uint64_t m = 1ull << (hsig - 1);
	sys4(__NR_rt_sigprocmask, 1 /* SIG_UNBLOCK */, &m, 0, 8);
	sys3(__NR_tgkill, sys0(__NR_getpid), sys0(__NR_gettid), hsig);
	shim_exit_group(128 + hsig);
}

_Noreturn void rt_exit(int status)
{
	stats_dump();
	shim_exit_group(status);
}

static void print_frame(int i, uint64_t pc)
{
	const char *name;
	uint64_t off;
	if (guestsyms_lookup(pc, &name, &off))
		shim_dprintf(2, "  #%d 0x%lx %s+0x%lx\n", i, pc, name, off);
	else
		shim_dprintf(2, "  #%d 0x%lx\n", i, pc);
}

/* Frame-pointer walk with fault-tolerant reads: works for code built with
 * frame pointers (Go, clang -O0) and stops cleanly otherwise. */
static void backtrace(uint64_t pc, uint64_t fp)
{
	print_frame(0, pc);
	for (int i = 1; i < 16 && fp; i++) {
		uint64_t fr[2];
		if (copy_from_guest(fr, fp, sizeof fr) < 0 || fr[1] == 0)
			break;
		print_frame(i, fr[1]);
		if (fr[0] <= fp)
			break;
		fp = fr[0];
	}
}

void fault_signal(int sig, siginfo_t *si, void *ucv)
{
	struct ucontext *uc = ucv;
	struct sigcontext *r = &uc->uc_mcontext;

	if (r->rip >= (uint64_t)uaccess_begin && r->rip < (uint64_t)uaccess_end) {
		r->rip = (uint64_t)uaccess_fixup;
		return;
	}
	bool in_runtime = r->rip >= rt_cfg.text_start && r->rip < rt_cfg.text_end;
	if (in_runtime) {
		shim_dprintf(2, "abirun: internal error: %s in the runtime at pc 0x%lx, address %p "
			     "(guest syscall in progress: %s)\n",
			     host_sig_name(sig), (unsigned long)r->rip, si->si_addr,
			     rt_self()->in_trap ? "yes" : "no");
		shim_dprintf(2, "  runtime frames:\n");
		if (rt_cfg.host_crash_report && rt_cfg.host_fsbase) {
			/* The process is lost: give %fs back to glibc and let
			 * libunwind name the frames. */
			sys2(__NR_arch_prctl, 0x1002 /* ARCH_SET_FS */, rt_cfg.host_fsbase);
			rt_cfg.host_crash_report(uc);
		} else {
			uint64_t fp = r->rbp;
			for (int i = 0; i < 16 && fp >= rt_cfg.image_start; i++) {
				uint64_t fr[2];
				if (copy_from_guest(fr, fp, sizeof fr) < 0)
					break;
				shim_dprintf(2, "  #%d 0x%lx\n", i, fr[1]);
				fp = fr[0];
			}
		}
		rt_die_by_signal(sig);
	}
	if (rt_cfg.abi->errno_negative) {	/* a Linux guest */
		if (linux_deliver_fault(sig, si, uc))
			return;
		if (si->si_code <= 0)
			rt_die_by_signal(sig);
		goto report;
	}
	/* The guest's own handler, unless the signal is blocked (FreeBSD then
	 * applies the default action to a fault). */
	int gsig = sig_to_guest(rt_cfg.abi, sig);
	uint64_t h, m[2];
	int f;
	struct rt_thread *th = rt_self();
	bool blocked = th->guest_sigmask[(gsig - 1) / 64] & (1ull << ((gsig - 1) % 64));
	if (guest_sig_handled(gsig, &h, &f, m) && !(blocked && si->si_code > 0)) {
		deliver_to_guest(th, gsig, si, uc);
		return;
	}
	if (si->si_code <= 0 && guest_sig_ignored(gsig))
		return;		/* an ignored signal sent with kill() */
	/* Sent with kill(): no report, just the native outcome. */
	if (si->si_code <= 0)
		rt_die_by_signal(sig);
report:
	shim_dprintf(2, "abirun: %s guest %s terminated by %s (code %d) at address %p, pc 0x%lx\n",
		     rt_cfg.abi->os, rt_cfg.prog_name ? rt_cfg.prog_name : "program",
		     host_sig_name(sig), si->si_code, si->si_addr, (unsigned long)r->rip);
	backtrace(r->rip, r->rbp);
	rt_die_by_signal(sig);
}
