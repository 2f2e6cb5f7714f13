/* Guest signal state: dispositions, per-thread masks and alternate stacks
 * are kept in guest terms; the host side mirrors what it can (ignoring,
 * default actions, blocking). */
#include "handlers.h"
#include "sigdeliver.h"

#define GSIG_MAX 128

struct gaction {
	uint64_t handler;
	int flags;
	uint64_t mask[2];
};
static struct gaction gactions[GSIG_MAX + 1];

int sig_to_host(const struct abi *abi, long g)
{
	long h = xlat_to_host(abi, XL_SIGNAL, g, -1);
	return h > 0 ? (int)h : -1;
}

int sig_to_guest(const struct abi *abi, int h)
{
	long g = xlat_to_guest(abi, XL_SIGNAL, h, -1);
	return g > 0 ? (int)g : h;
}

bool guest_sig_ignored(int g)
{
	return g > 0 && g <= GSIG_MAX && gactions[g].handler == 1;
}

/* Signals whose default action is to be ignored on the BSDs but to
 * terminate on Linux (SIGIO, and those riding on Linux real-time signals):
 * their "default" on the host is SIG_IGN. */
static bool default_ignored(int g)
{
	return g == 23 || g == 29 || g == 32 || g == 33;
}

/* Signals ignored when abirun was executed stay ignored for the guest (an
 * exec keeps SIG_IGN, as nohup(1) relies on). */
void sig_init_from_host(const struct abi *abi)
{
	for (int g = 1; g <= GSIG_MAX; g++) {
		int h = sig_to_host(abi, g);
		struct k_sigaction old;
		if (h > 0 && !rt_sync_signal(h) && sys4(__NR_rt_sigaction, h, 0, &old, 8) == 0 && old.handler == 1)
			gactions[g].handler = 1;
	}
}

void sig_init_defaults(const struct abi *abi)
{
	for (int g = 1; g <= GSIG_MAX; g++)
		if (default_ignored(g) && gactions[g].handler == 0) {
			int h = sig_to_host(abi, g);
			if (h > 0)
				host_sigaction(h, (void (*)(int, siginfo_t *, void *))1 /* SIG_IGN */, 0, 0);
		}
}

/* What the host does with a guest signal: the guest's handler through the
 * runtime; an ignored one the runtime still counts while a kqueue watches
 * it (EVFILT_SIGNAL); otherwise ignore or default, done by the kernel. */
static void apply_host_action(const struct abi *abi, int g)
{
	int h = sig_to_host(abi, g);
	if (h <= 0 || rt_sync_signal(h))
		return;
	uint64_t handler = gactions[g].handler;
	unsigned long hflags = h == 17 ? xlat_bits_to_host(abi, XL_SAFLAGS, (unsigned)gactions[g].flags & 0x28, 0) : 0;
	bool ignored = handler == 1 || (handler == 0 && default_ignored(g));
	if (handler > 1 || (ignored && kqueue_signal_watchers(g) > 0))
		host_sigaction(h, async_signal, hflags | SA_SIGINFO | SA_ONSTACK, 0);
	else
		host_sigaction(h, (void (*)(int, siginfo_t *, void *))(ignored ? 1ul : 0ul), hflags, 0);
}

void sig_watch_changed(int g)
{
	if (g >= 1 && g <= GSIG_MAX)
		apply_host_action(rt_cfg.abi, g);
}

bool guest_sig_handled(int g, uint64_t *handler, int *flags, uint64_t mask[2])
{
	if (g < 1 || g > GSIG_MAX || gactions[g].handler <= 1)
		return false;
	*handler = gactions[g].handler;
	*flags = gactions[g].flags;
	mask[0] = gactions[g].mask[0];
	mask[1] = gactions[g].mask[1];
	return true;
}

void guest_sig_reset_to_default(int g)
{
	if (g < 1 || g > GSIG_MAX)
		return;
	gactions[g].handler = 0;
	apply_host_action(rt_cfg.abi, g);
}

void guest_sigset_to_host(const struct abi *abi, const uint64_t g[2], uint64_t *h)
{
	*h = 0;
	for (int s = 1; s <= GSIG_MAX; s++)
		if (g[(s - 1) / 64] & (1ull << ((s - 1) % 64))) {
			int hs = sig_to_host(abi, s);
			if (hs > 0)
				*h |= 1ull << (hs - 1);
		}
}

void host_sigset_to_guest(const struct abi *abi, uint64_t h, uint64_t g[2])
{
	g[0] = g[1] = 0;
	for (int s = 1; s <= 64; s++)
		if (h & (1ull << (s - 1))) {
			int gs = sig_to_guest(abi, s);
			if (gs > 0 && gs <= GSIG_MAX)
				g[(gs - 1) / 64] |= 1ull << ((gs - 1) % 64);
		}
}

/* FreeBSD struct sigaction: handler @0, flags @8, mask @12 (ABI-NOTES A7). */
struct fbsd_sigaction {
	uint64_t handler;
	int flags;
	uint32_t mask[4];
} __attribute__((packed));

long sys_sigaction(struct trap *t)
{
	int g = IARG(0);
	if (g < 1 || g > GSIG_MAX)
		return -L_EINVAL;
	int h = sig_to_host(t->abi, g);
	struct fbsd_sigaction act, old;
	struct gaction *ga = &gactions[g];
	if (ARG(1) && copy_from_guest(&act, ARG(1), sizeof act) < 0)
		return -L_EFAULT;
	if (ARG(1) && (h == 9 || h == 19))
		return -L_EINVAL;	/* SIGKILL and SIGSTOP keep their action */
	memset(&old, 0, sizeof old);
	old.handler = ga->handler;
	old.flags = ga->flags;
	memcpy(old.mask, ga->mask, sizeof old.mask);
	if (ARG(1)) {
		ga->handler = act.handler;
		ga->flags = act.flags;
		memcpy(ga->mask, act.mask, sizeof ga->mask);
		apply_host_action(t->abi, g);
	}
	if (ARG(2) && copy_to_guest(ARG(2), &old, sizeof old) < 0)
		return -L_EFAULT;
	return 0;
}

long sys_sigprocmask(struct trap *t)
{
	uint64_t *cur = t->th->guest_sigmask;
	uint64_t set[2] = {0, 0};
	uint64_t old[2] = {cur[0], cur[1]};
	if (ARG(1)) {
		uint32_t w[4];
		if (copy_from_guest(w, ARG(1), sizeof w) < 0)
			return -L_EFAULT;
		set[0] = w[0] | (uint64_t)w[1] << 32;
		set[1] = w[2] | (uint64_t)w[3] << 32;
		switch (IARG(0)) {
		case 1:	cur[0] |= set[0], cur[1] |= set[1]; break;
		case 2:	cur[0] &= ~set[0], cur[1] &= ~set[1]; break;
		case 3:	cur[0] = set[0], cur[1] = set[1]; break;
		default: return -L_EINVAL;
		}
		sig_set_thread_mask(t, cur);
	}
	if (ARG(2)) {
		uint32_t w[4] = {(uint32_t)old[0], (uint32_t)(old[0] >> 32), (uint32_t)old[1], (uint32_t)(old[1] >> 32)};
		if (copy_to_guest(ARG(2), w, sizeof w) < 0)
			return -L_EFAULT;
	}
	return 0;
}

long sys_sigpending(struct trap *t)
{
	uint64_t h;
	long r = sys2(__NR_rt_sigpending, &h, 8);
	if (r < 0)
		return r;
	uint64_t g[2];
	host_sigset_to_guest(t->abi, h, g);
	return copy_to_guest(ARG(0), g, sizeof g) < 0 ? -L_EFAULT : 0;
}

/* stack_t: ss_sp @0, ss_size @8, ss_flags @16 on the BSDs. */
struct bsd_stack {
	uint64_t sp, size;
	int flags;
	int pad;
};
#define BSD_SS_ONSTACK 1
#define BSD_SS_DISABLE 4
#define BSD_MINSIGSTKSZ 2048

long sys_sigaltstack(struct trap *t)
{
	struct rt_thread *th = t->th;
	uint64_t rsp = UC_REGS(t)->rsp;
	bool on = !(th->guest_altstack.flags & BSD_SS_DISABLE) && th->guest_altstack.size &&
		  rsp > th->guest_altstack.sp && rsp <= th->guest_altstack.sp + th->guest_altstack.size;
	struct bsd_stack old = {th->guest_altstack.sp, th->guest_altstack.size,
				(th->guest_altstack.size && !(th->guest_altstack.flags & BSD_SS_DISABLE))
					? (on ? BSD_SS_ONSTACK : 0) : BSD_SS_DISABLE, 0};
	if (ARG(0)) {
		struct bsd_stack ns;
		if (copy_from_guest(&ns, ARG(0), 20) < 0)
			return -L_EFAULT;
		if (on)
			return -L_EPERM;
		if (ns.flags & ~BSD_SS_DISABLE)
			return -L_EINVAL;
		if (!(ns.flags & BSD_SS_DISABLE) && ns.size < BSD_MINSIGSTKSZ)
			return -L_ENOMEM;
		th->guest_altstack.sp = ns.sp;
		th->guest_altstack.size = ns.size;
		th->guest_altstack.flags = ns.flags;
	}
	if (ARG(1) && copy_to_guest(ARG(1), &old, 20) < 0)
		return -L_EFAULT;
	return 0;
}

/* sigsuspend: wait with a temporary mask.  The signal that ends the wait is
 * delivered with that mask in force; its frame carries the old mask, which
 * the handler's sigreturn restores. */
long sys_sigsuspend(struct trap *t)
{
	uint32_t w[4];
	if (copy_from_guest(w, ARG(0), sizeof w) < 0)
		return -L_EFAULT;
	uint64_t tmp[2] = {w[0] | (uint64_t)w[1] << 32, w[2] | (uint64_t)w[3] << 32};
	struct rt_thread *th = t->th;
	uint64_t old[2] = {th->guest_sigmask[0], th->guest_sigmask[1]};
	sig_set_thread_mask(t, tmp);
	uint64_t hmask = t->uc->uc_sigmask;
	isys2(__NR_rt_sigsuspend, &hmask, 8);	/* blocking */
	th->suspend_saved[0] = old[0];
	th->suspend_saved[1] = old[1];
	th->suspend_active = true;
	t->no_restart = true;
	return -L_EINTR;
}

/* Synchronous waits for a signal: the host waits for the same set. */
static long sigwait_common(struct trap *t, uint64_t gset, uint64_t ts, siginfo_t *si)
{
	uint32_t w[4];
	if (copy_from_guest(w, gset, sizeof w) < 0)
		return -L_EFAULT;
	uint64_t g[2] = {w[0] | (uint64_t)w[1] << 32, w[2] | (uint64_t)w[3] << 32}, h;
	guest_sigset_to_host(t->abi, g, &h);
	struct { int64_t s; long ns; } k;
	if (ts && copy_from_guest(&k, ts, sizeof k) < 0)
		return -L_EFAULT;
	t->no_restart = true;
	/* A timeout is EAGAIN on both systems. */
	return isys4(__NR_rt_sigtimedwait, &h, si, ts ? &k : 0, 8);	/* blocking */
}

/* The signal taken, its siginfo written when asked for. */
static long sigwait_info(struct trap *t, uint64_t ts, uint64_t info)
{
	siginfo_t si;
	long r = sigwait_common(t, ARG(0), ts, &si);
	if (r <= 0)
		return r;
	int g = sig_to_guest(t->abi, (int)r);
	if (info && fbsd_put_siginfo(t->abi, g, &si, info) < 0)
		return -L_EFAULT;
	return g;
}

long sys_sigtimedwait(struct trap *t)
{
	return sigwait_info(t, ARG(2), ARG(1));
}

long sys_sigwaitinfo(struct trap *t)
{
	return sigwait_info(t, 0, ARG(1));
}

/* sigwait(2) returns its error as the value, not through errno. */
long sys_sigwait(struct trap *t)
{
	siginfo_t si;
	long r = sigwait_common(t, ARG(0), 0, &si);
	if (r < 0)
		return errno_to_guest(t->abi, (int)-r);
	int g = sig_to_guest(t->abi, (int)r);
	if (copy_to_guest(ARG(1), &g, 4) < 0)
		return errno_to_guest(t->abi, L_EFAULT);
	return 0;
}

long sys_sigqueue(struct trap *t)
{
	long g = (long)(int)ARG(1);
	int h = 0;
	if (g != 0 && (h = sig_to_host(t->abi, g)) <= 0)
		return -L_EINVAL;
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = h;
	si.si_code = -1;	/* SI_QUEUE */
	unsigned char *raw = (unsigned char *)&si;
	int pid = (int)sys0(__NR_getpid), uid = (int)sys0(__NR_getuid);
	uint64_t val = ARG(2);
	memcpy(raw + 16, &pid, 4);
	memcpy(raw + 20, &uid, 4);
	memcpy(raw + 24, &val, 8);
	return sys3(__NR_rt_sigqueueinfo, (long)(int)ARG(0), h, &si);
}
