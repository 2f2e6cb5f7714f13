/* Scheduling, memory locking, file space, special descriptors (timerfd,
 * eventfd), pseudo-terminals. */
#include "handlers.h"

/* FreeBSD SCHED_FIFO 1, SCHED_OTHER 2, SCHED_RR 3; Linux OTHER 0, FIFO 1, RR 2. */
static long policy_to_host(long g)
{
	return g == 1 ? 1 : g == 2 ? 0 : g == 3 ? 2 : -1;
}

static long policy_to_guest(long h)
{
	return h == 1 ? 1 : h == 0 ? 2 : h == 2 ? 3 : 2;
}

long sys_sched_setparam(struct trap *t) { return sys2(__NR_sched_setparam, ARG(0), ARG(1)); }
long sys_sched_getparam(struct trap *t) { return sys2(__NR_sched_getparam, ARG(0), ARG(1)); }

long sys_sched_setscheduler(struct trap *t)
{
	long p = policy_to_host(IARG(1));
	if (p < 0)
		return -L_EINVAL;
	return sys3(__NR_sched_setscheduler, ARG(0), p, ARG(2));
}

long sys_sched_getscheduler(struct trap *t)
{
	long r = sys1(__NR_sched_getscheduler, ARG(0));
	return r < 0 ? r : policy_to_guest(r & 0xff);
}

long sys_sched_get_priority_max(struct trap *t)
{
	long p = policy_to_host(IARG(0));
	if (p < 0)
		return -L_EINVAL;
	/* FreeBSD's range for SCHED_OTHER is 0..0 like Linux's; RR/FIFO 0..31. */
	return p == 0 ? 0 : 31;
}

long sys_sched_get_priority_min(struct trap *t)
{
	return policy_to_host(IARG(0)) < 0 ? -L_EINVAL : 0;
}

long sys_sched_rr_get_interval(struct trap *t)
{
	return sys2(__NR_sched_rr_get_interval, ARG(0), ARG(1));
}

long sys_sched_getcpu(struct trap *t)
{
	(void)t;
	unsigned cpu = 0;
	long r = sys3(__NR_getcpu, &cpu, 0, 0);
	return r < 0 ? r : (long)cpu;
}

long sys_mlockall(struct trap *t)
{
	if (ARG(0) & ~3ul || !ARG(0))
		return -L_EINVAL;
	return sys1(__NR_mlockall, ARG(0));	/* MCL_CURRENT 1, MCL_FUTURE 2 on both */
}

long sys_munlockall(struct trap *t)
{
	(void)t;
	return sys0(__NR_munlockall);
}

/* posix_fallocate and posix_fadvise return their error as the value. */
long sys_posix_fallocate(struct trap *t)
{
	if ((long)ARG(1) < 0 || (long)ARG(2) <= 0)
		return errno_to_guest(t->abi, L_EINVAL);
	long r = isys4(__NR_fallocate, ARG(0), 0, ARG(1), ARG(2));	/* blocking */
	return r < 0 ? errno_to_guest(t->abi, (int)-r) : 0;
}

long sys_posix_fadvise(struct trap *t)
{
	/* POSIX_FADV_* 0..5 have the same values. */
	if (ARG(3) > 5)
		return errno_to_guest(t->abi, L_EINVAL);
	long r = sys4(__NR_fadvise64, ARG(0), ARG(1), ARG(2), ARG(3));
	return r < 0 ? errno_to_guest(t->abi, (int)-r) : 0;
}

/* funlinkat(dfd, path, fd, flag): unlink only if path still names fd's file. */
long sys_funlinkat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(3));
	if (fl < 0 || (fl & ~0x200))
		return -L_EINVAL;
	if (IARG(2) >= 0) {
		struct { uint64_t dev, ino; uint64_t rest[16]; } a, b;
		if (sys2(__NR_fstat, ARG(2), &a) < 0)
			return -L_EBADF;
		long r = sys4(__NR_newfstatat, IARG(0), ARG(1), &b, 0x100);
		if (r < 0)
			return r;
		if (a.dev != b.dev || a.ino != b.ino)
			return -35;	/* EDEADLK (Linux numbering), what FreeBSD returns */
	}
	return sys3(__NR_unlinkat, IARG(0), ARG(1), fl);
}

long sys_posix_openpt(struct trap *t)
{
	unsigned long extra = 0;
	long h = oflags_to_host(t->abi, ARG(0), &extra);
	if (extra || (h & ~(3 | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */)))
		return -L_EINVAL;
	return sys4(__NR_openat, -100, "/dev/ptmx", h, 0);
}

/* timerfd: FreeBSD 14 copied Linux's; flags are O_CLOEXEC/O_NONBLOCK bits. */
long sys_timerfd_create(struct trap *t)
{
	long c = xlat_to_host(t->abi, XL_CLOCK, IARG(0), -1);
	if (c < 0)
		return -L_EINVAL;
	unsigned long extra = 0;
	long f = oflags_to_host(t->abi, ARG(1), &extra);
	if (extra || (f & ~(0x80000 | 0x800)))
		return -L_EINVAL;
	return sys2(__NR_timerfd_create, c, f);
}

long sys_timerfd_gettime(struct trap *t)
{
	return sys2(__NR_timerfd_gettime, ARG(0), ARG(1));
}

long sys_timerfd_settime(struct trap *t)
{
	/* TFD_TIMER_ABSTIME 1, TFD_TIMER_CANCEL_ON_SET 2 on both. */
	if (ARG(1) & ~3ul)
		return -L_EINVAL;
	return sys4(__NR_timerfd_settime, ARG(0), ARG(1), ARG(2), ARG(3));
}

/* __specialfd(SPECIALFD_EVENTFD = 1, {u_int initval; int flags}, len). */
long sys___specialfd(struct trap *t)
{
	if (IARG(0) != 1)
		return -L_EINVAL;
	struct { uint32_t initval; int32_t flags; } req;
	if (ARG(2) != sizeof req)
		return -L_EINVAL;
	if (copy_from_guest(&req, ARG(1), sizeof req) < 0)
		return -L_EFAULT;
	/* EFD_SEMAPHORE 1 on both; EFD_CLOEXEC/NONBLOCK are the O_ bits. */
	unsigned long extra = 0;
	long f = oflags_to_host(t->abi, (unsigned)req.flags & ~1u, &extra) | (req.flags & 1);
	if (extra || (f & ~(0x80000 | 0x800 | 1)))
		return -L_EINVAL;
	return sys2(__NR_eventfd2, req.initval, f);
}
