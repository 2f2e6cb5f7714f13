/* Delivering host signals to guest handlers.
 *
 * A signal that interrupts guest code is delivered at once: the guest's
 * frame is built on its stack and the interrupted context redirected to the
 * handler.  A signal that interrupts the runtime (a trap in progress, or the
 * instructions between a trap and its sigreturn) cannot be delivered there:
 * it is blocked in the interrupted context and raised again, so the kernel
 * keeps it until the trap's sigreturn restores the guest's mask, and then
 * delivers it against guest code.  Its original siginfo is kept aside.  A
 * blocking host call in progress returns EINTR (or, between its pending
 * check and the syscall instruction, is steered to return EINTR), and the
 * trap then restarts or fails the guest call as SA_RESTART says. */
#include "handlers.h"
#include "sigdeliver.h"

uint64_t sig_host_mask(const struct abi *abi, const uint64_t g[2])
{
	uint64_t h;
	guest_sigset_to_host(abi, g, &h);
	return h & ~RT_SYNC_SIGNALS;
}

void sig_set_thread_mask(struct trap *t, const uint64_t g[2])
{
	uint64_t *cur = t->th->guest_sigmask;
	cur[0] = g[0] & ~((1ull << (9 - 1)) | (1ull << (17 - 1)));	/* not SIGKILL, SIGSTOP */
	cur[1] = g[1];
	t->uc->uc_sigmask = sig_host_mask(t->abi, cur);
}

static bool in_runtime(const struct ucontext *uc)
{
	uint64_t rip = uc->uc_mcontext.rip;
	return rip >= rt_cfg.text_start && rip < rt_cfg.text_end;
}

void deliver_to_guest(struct rt_thread *th, int gsig, const siginfo_t *si, struct ucontext *uc)
{
	const struct abi *abi = rt_cfg.abi;
	uint64_t handler, mask[2];
	int flags;
	kqueue_signal_arrived(gsig);
	if (!guest_sig_handled(gsig, &handler, &flags, mask))
		return;		/* ignored or defaulted meanwhile: the host did it */
	trace_signal(gsig, si->si_code, true);
	uint64_t saved[2] = {th->guest_sigmask[0], th->guest_sigmask[1]};
	if (th->suspend_active) {
		saved[0] = th->suspend_saved[0];
		saved[1] = th->suspend_saved[1];
		th->suspend_active = false;
	}
	if (fbsd_build_sigframe(th, abi, gsig, si, uc, handler, flags, saved) < 0) {
		/* FreeBSD: a process whose stack cannot take the frame gets SIGILL. */
		shim_dprintf(2, "abirun: %s guest cannot take signal %d: its stack is unusable\n",
			     abi->os, gsig);
		rt_die_by_signal(4);
	}
	th->guest_sigmask[0] |= mask[0];
	th->guest_sigmask[1] |= mask[1];
	if (!(flags & 0x10 /* SA_NODEFER */))
		th->guest_sigmask[(gsig - 1) / 64] |= 1ull << ((gsig - 1) % 64);
	th->guest_sigmask[0] &= ~((1ull << (9 - 1)) | (1ull << (17 - 1)));
	uc->uc_sigmask = sig_host_mask(abi, th->guest_sigmask);
	if (flags & 0x4 /* SA_RESETHAND */)
		guest_sig_reset_to_default(gsig);
}

void async_signal(int hsig, siginfo_t *si, void *ucv)
{
	struct ucontext *uc = ucv;
	struct rt_thread *th = rt_self();
	int gsig = sig_to_guest(rt_cfg.abi, hsig);
	uint64_t bit = 1ull << (hsig - 1);

	if (in_runtime(uc) || th->in_trap) {
		uint64_t rip = uc->uc_mcontext.rip;
		if (rip >= (uint64_t)isys_begin && rip <= (uint64_t)isys_syscall)
			uc->uc_mcontext.rip = (uint64_t)isys_eintr;
		th->pending = 1;
		if (!th->interrupted_by)
			th->interrupted_by = gsig;
		if (!(th->stash_valid & bit)) {
			th->stash[hsig - 1] = *si;
			th->stash_valid |= bit;
		}
		uc->uc_sigmask |= bit;
		sys3(__NR_tgkill, sys0(__NR_getpid), th->tid, hsig);
		return;
	}
	siginfo_t own;
	const siginfo_t *use = si;
	/* Our own re-raise (SI_TKILL from this process) carries the stashed info. */
	if ((th->stash_valid & bit) && si->si_code == -6 && si->si_pid == (int)sys0(__NR_getpid)) {
		own = th->stash[hsig - 1];
		use = &own;
		th->stash_valid &= ~bit;
	}
	deliver_to_guest(th, gsig, use, uc);
}

/* EVFILT_SIGNAL counting lives in kqueue.c; this default serves builds
 * without it. */
__attribute__((weak)) void kqueue_signal_arrived(int gsig)
{
	(void)gsig;
}
