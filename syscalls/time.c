/* Clocks, sleeps and interval timers. */
#include "handlers.h"


static long clock_to_host(struct trap *t, long g)
{
	long h = xlat_to_host(t->abi, XL_CLOCK, g, -2);
	return h < 0 ? -L_EINVAL : h;
}

/* CLOCK_SECOND: whole seconds of uptime. */
static bool is_clock_second(struct trap *t, long g)
{
	const char *n = xlat_name(t->abi, XL_CLOCK, g);
	return n && !shim_strcmp(n, "CLOCK_SECOND");
}

long sys_clock_gettime(struct trap *t)
{
	long h = clock_to_host(t, IARG(0));
	if (h < 0)
		return h;
	struct kts ts;
	long r = sys2(__NR_clock_gettime, h, &ts);
	if (r < 0)
		return r;
	if (is_clock_second(t, IARG(0)))
		ts.ns = 0;
	return copy_to_guest(ARG(1), &ts, sizeof ts) < 0 ? -L_EFAULT : 0;
}

long sys_clock_getres(struct trap *t)
{
	long h = clock_to_host(t, IARG(0));
	if (h < 0)
		return h;
	struct kts ts;
	long r = sys2(__NR_clock_getres, h, &ts);
	if (r < 0 || !ARG(1))
		return r;
	if (is_clock_second(t, IARG(0)))
		ts.s = 1, ts.ns = 0;
	return copy_to_guest(ARG(1), &ts, sizeof ts) < 0 ? -L_EFAULT : 0;
}

long sys_gettimeofday(struct trap *t)
{
	struct kts ts;
	sys2(__NR_clock_gettime, 0, &ts);
	if (ARG(0)) {
		struct { int64_t s; long us; } tv = {ts.s, ts.ns / 1000};
		if (copy_to_guest(ARG(0), &tv, sizeof tv) < 0)
			return -L_EFAULT;
	}
	if (ARG(1)) {
		int tz[2] = {0, 0};	/* struct timezone: UTC, no DST */
		if (copy_to_guest(ARG(1), tz, sizeof tz) < 0)
			return -L_EFAULT;
	}
	return 0;
}

static long sleep_common(struct trap *t, long hclock, int flags, uint64_t rq, uint64_t rm)
{
	struct kts req, rem = {0, 0};
	if (copy_from_guest(&req, rq, sizeof req) < 0)
		return -L_EFAULT;
	if (req.ns < 0 || req.ns >= 1000000000 || (req.s < 0 && !(flags & 1)))
		return -L_EINVAL;
	/* FreeBSD never restarts a sleep: EINTR, with the time left. */
	t->no_restart = true;
	long r = isys4(__NR_clock_nanosleep, hclock, flags, &req, &rem);	/* blocking */
	if (r == -L_EINTR && rm && !(flags & 1) && copy_to_guest(rm, &rem, sizeof rem) < 0)
		return -L_EFAULT;
	return r;
}

long sys_nanosleep(struct trap *t)
{
	return sleep_common(t, 1 /* FreeBSD measures nanosleep on CLOCK_MONOTONIC */, 0, ARG(0), ARG(1));
}

long sys_clock_nanosleep(struct trap *t)
{
	long h = clock_to_host(t, IARG(0));
	if (h < 0)
		return h;
	if (ARG(1) & ~1ul)
		return -L_EINVAL;
	long r = sleep_common(t, h, (int)ARG(1), ARG(2), ARG(3));
	/* clock_nanosleep returns the error number itself, not -1/errno. */
	if (r < 0 && r > -4096)
		return errno_to_guest(t->abi, (int)-r);
	return r;
}

long sys_setitimer(struct trap *t)
{
	if ((unsigned long)ARG(0) > 2)
		return -L_EINVAL;
	return sys3(__NR_setitimer, ARG(0), ARG(1), ARG(2));	/* same itimerval */
}

long sys_getitimer(struct trap *t)
{
	if ((unsigned long)ARG(0) > 2)
		return -L_EINVAL;
	return sys2(__NR_getitimer, ARG(0), ARG(1));
}
