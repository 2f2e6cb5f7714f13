/* Processes: identity, exit, fork and wait, limits, resource usage. */
#include "handlers.h"
#include <linux/sched.h>

long sys_exit(struct trap *t)
{
	if (rt_cfg.trace_fd >= 0)
		trace_noreturn(t);
	rt_exit(IARG(0));
}

long sys_getpid(struct trap *t)
{
	(void)t;
	return sys0(__NR_getpid);
}

long sys_getppid(struct trap *t)
{
	(void)t;
	return sys0(__NR_getppid);
}

long sys_getuid(struct trap *t)
{
	(void)t;
	return sys0(__NR_getuid);
}

long sys_geteuid(struct trap *t)
{
	(void)t;
	return sys0(__NR_geteuid);
}

long sys_getgid(struct trap *t)
{
	(void)t;
	return sys0(__NR_getgid);
}

long sys_getegid(struct trap *t)
{
	(void)t;
	return sys0(__NR_getegid);
}

/* abirun is never installed set-id, so the guest is tainted only if the
 * real and effective ids differ. */
long sys_issetugid(struct trap *t)
{
	(void)t;
	return sys0(__NR_getuid) != sys0(__NR_geteuid) || sys0(__NR_getgid) != sys0(__NR_getegid);
}

long sys_setuid(struct trap *t) { return sys1(__NR_setuid, ARG(0)); }
long sys_setgid(struct trap *t) { return sys1(__NR_setgid, ARG(0)); }
long sys_seteuid(struct trap *t) { return sys3(__NR_setresuid, -1, ARG(0), -1); }
long sys_setegid(struct trap *t) { return sys3(__NR_setresgid, -1, ARG(0), -1); }
long sys_setreuid(struct trap *t) { return sys2(__NR_setreuid, ARG(0), ARG(1)); }
long sys_setregid(struct trap *t) { return sys2(__NR_setregid, ARG(0), ARG(1)); }
long sys_setresuid(struct trap *t) { return sys3(__NR_setresuid, ARG(0), ARG(1), ARG(2)); }
long sys_setresgid(struct trap *t) { return sys3(__NR_setresgid, ARG(0), ARG(1), ARG(2)); }
long sys_getresuid(struct trap *t) { return sys3(__NR_getresuid, ARG(0), ARG(1), ARG(2)); }
long sys_getresgid(struct trap *t) { return sys3(__NR_getresgid, ARG(0), ARG(1), ARG(2)); }
long sys_getgroups(struct trap *t) { return sys2(__NR_getgroups, ARG(0), ARG(1)); }
long sys_setgroups(struct trap *t) { return sys2(__NR_setgroups, ARG(0), ARG(1)); }
long sys_setsid(struct trap *t) { (void)t; return sys0(__NR_setsid); }
long sys_getsid(struct trap *t) { return sys1(__NR_getsid, ARG(0)); }
long sys_setpgid(struct trap *t) { return sys2(__NR_setpgid, ARG(0), ARG(1)); }
long sys_getpgid(struct trap *t) { return sys1(__NR_getpgid, ARG(0)); }
long sys_getpgrp(struct trap *t) { (void)t; return sys1(__NR_getpgid, 0); }
long sys_sched_yield(struct trap *t) { (void)t; return sys0(__NR_sched_yield); }
long sys_getpriority(struct trap *t)
{
	/* Linux's raw getpriority returns 20 - nice. */
	long r = sys2(__NR_getpriority, ARG(0), ARG(1));
	return r < 0 ? r : 20 - r;
}
long sys_setpriority(struct trap *t) { return sys3(__NR_setpriority, ARG(0), ARG(1), ARG(2)); }

void rt_after_fork(struct rt_thread *th)
{
	th->tid = (int)sys0(__NR_gettid);
	kqueue_after_fork();
	stats_after_fork();
	timekeep_after_fork();
}

/* fork: parent gets (pid, rdx 0), child gets (0, rdx 1) as FreeBSD's
 * x86_set_fork_retval leaves them. */
long sys_fork(struct trap *t)
{
	long r = sys5(__NR_clone, 17 /* SIGCHLD */, 0, 0, 0, 0);
	if (r < 0)
		return r;
	if (r == 0) {
		rt_after_fork(t->th);
		t->uncounted = true;	/* the parent counts this call */
		set_rdx(t, 1);
		return 0;
	}
	set_rdx(t, 0);
	return r;
}

/* Wait statuses share Linux's encoding; the signal numbers inside do not. */
static int status_to_guest(const struct abi *abi, int st)
{
	if ((st & 0x7f) == 0)		/* exited */
		return st;
	if ((st & 0xff) == 0x7f)		/* stopped */
		return (sig_to_guest(abi, (st >> 8) & 0xff) << 8) | 0x7f;
	if (st == 0xffff)		/* continued */
		return 0x13;		/* FreeBSD _WCONTINUED */
	return (st & ~0x7f) | sig_to_guest(abi, st & 0x7f);
}

static long wait_options(unsigned long g)
{
	/* WNOHANG 1, WUNTRACED 2, WCONTINUED 4, WNOWAIT 8, WEXITED 16, WTRAPPED 32 */
	if (g & ~0x3ful)
		return -L_EINVAL;
	long h = (long)(g & 3);
	if (g & 4)
		h |= 8;
	if (g & 8)
		h |= 0x1000000;
	if (g & 16)
		h |= 4;
	return h;
}

long sys_wait4(struct trap *t)
{
	long opt = wait_options(ARG(2));
	if (opt < 0)
		return opt;
	int st = 0;
	long r = isys4(__NR_wait4, (long)(int)ARG(0), &st, opt, ARG(3));	/* blocking */
	if (r > 0 && ARG(1)) {
		int g = status_to_guest(t->abi, st);
		if (copy_to_guest(ARG(1), &g, sizeof g) < 0)
			return -L_EFAULT;
	}
	return r;
}

#define FBSD_RLIM_INFINITY 0x7fffffffffffffffl

long sys_getrlimit(struct trap *t)
{
	long res = xlat_to_host(t->abi, XL_RLIMIT, IARG(0), -2);
	if (res == -2)
		return -L_EINVAL;
	uint64_t lim[2];
	if (res < 0) {	/* a FreeBSD-only resource: unlimited */
		lim[0] = lim[1] = FBSD_RLIM_INFINITY;
	} else {
		long r = sys4(__NR_prlimit64, 0, res, 0, lim);
		if (r < 0)
			return r;
		for (int i = 0; i < 2; i++)
			if (lim[i] >= (uint64_t)FBSD_RLIM_INFINITY)
				lim[i] = FBSD_RLIM_INFINITY;
	}
	return copy_to_guest(ARG(1), lim, sizeof lim) < 0 ? -L_EFAULT : 0;
}

long sys_setrlimit(struct trap *t)
{
	long res = xlat_to_host(t->abi, XL_RLIMIT, IARG(0), -2);
	if (res == -2)
		return -L_EINVAL;
	uint64_t lim[2];
	if (copy_from_guest(lim, ARG(1), sizeof lim) < 0)
		return -L_EFAULT;
	if (res < 0)
		return 0;	/* nothing on Linux to limit */
	for (int i = 0; i < 2; i++)
		if (lim[i] >= (uint64_t)FBSD_RLIM_INFINITY)
			lim[i] = ~0ull;
	if (lim[0] > lim[1])
		return -L_EINVAL;
	return sys4(__NR_prlimit64, 0, res, lim, 0);
}

long sys_getrusage(struct trap *t)
{
	return sys2(__NR_getrusage, ARG(0), ARG(1));	/* same who values and layout */
}

long sys_kill(struct trap *t)
{
	long g = (long)(int)ARG(1);
	int h = 0;
	if (g != 0 && (h = sig_to_host(t->abi, g)) <= 0)
		return -L_EINVAL;
	return sys2(__NR_kill, (long)(int)ARG(0), h);
}

long sys_getrandom(struct trap *t)
{
	if (ARG(2) & ~7ul)
		return -L_EINVAL;
	return sys3(__NR_getrandom, ARG(0), ARG(1), ARG(2));
}

/* syscall(2)/__syscall(2) are resolved by the dispatcher; reaching this
 * means an indirect call of an indirect call, which FreeBSD refuses. */
long sys_indirect(struct trap *t)
{
	(void)t;
	return -L_ENOSYS;
}

/* wait6(idtype, id, status, options, wrusage, info): FreeBSD P_PID 0,
 * P_PGID 2, P_ALL 7 -> Linux waitid P_PID 1, P_PGID 2, P_ALL 0. */
long sys_wait6(struct trap *t)
{
	long idt = IARG(0), htype;
	if (idt == 0)
		htype = 1;
	else if (idt == 2)
		htype = 2;
	else if (idt == 7)
		htype = 0;
	else
		return -L_EINVAL;
	long opt = wait_options(ARG(3));
	if (opt < 0)
		return opt;
	if (!(opt & (4 | 2 | 8)))
		return -L_EINVAL;
	siginfo_t si;
	memset(&si, 0, sizeof si);
	uint64_t ru[18 * 2];
	memset(ru, 0, sizeof ru);
	long r = isys5(__NR_waitid, htype, (long)ARG(1), &si, opt, ARG(4) ? ru : 0);	/* blocking */
	if (r < 0)
		return r;
	int pid = si.si_pid;
	if (pid == 0)
		return 0;	/* WNOHANG and nothing ready */
	if (ARG(2)) {
		int st, code = si.si_code, val = si.si_status;
		if (code == 1)			/* CLD_EXITED */
			st = (val & 0xff) << 8;
		else if (code == 2)		/* CLD_KILLED */
			st = sig_to_guest(t->abi, val);
		else if (code == 3)		/* CLD_DUMPED */
			st = sig_to_guest(t->abi, val) | 0x80;
		else if (code == 6)		/* CLD_CONTINUED */
			st = 0x13;
		else				/* stopped, trapped */
			st = (sig_to_guest(t->abi, val) << 8) | 0x7f;
		if (copy_to_guest(ARG(2), &st, 4) < 0)
			return -L_EFAULT;
	}
	if (ARG(4) && copy_to_guest(ARG(4), ru, 144) < 0)	/* wru_self; children unknown */
		return -L_EFAULT;
	return pid;
}

/* vfork: a fork (a child sharing our memory would run its traps on the
 * parent's runtime stacks). */
long sys_vfork(struct trap *t)
{
	return sys_fork(t);
}

/* rfork: the process-creating forms that are a fork (RFPROC with a copied
 * or shared descriptor table, RFNOWAIT ignored as a detail of reaping). */
long sys_rfork(struct trap *t)
{
	unsigned long f = ARG(0);
	const unsigned long RFPROC = 1 << 4, RFFDG = 1 << 2, RFCFDG = 1 << 12, RFNOWAIT = 1 << 6,
			    RFTSIGZMB = 1 << 19, RFMEM = 1 << 5, RFTHREAD = 1 << 13, RFSIGSHARE = 1 << 14;
	if (!(f & RFPROC))
		return f & ~(RFFDG | RFCFDG) ? -L_EINVAL : 0;	/* changes to this process: none kept */
	if (f & (RFMEM | RFTHREAD | RFSIGSHARE | RFCFDG | RFTSIGZMB))
		return -L_EINVAL;
	(void)RFNOWAIT;
	return sys_fork(t);
}

/* Process descriptors (pdfork/pdkill/pdgetpid) on Linux pidfds. */
long sys_pdfork(struct trap *t)
{
	if (ARG(1) & ~0x3ul)	/* PD_DAEMON 1, PD_CLOEXEC 2 */
		return -L_EINVAL;
	long pid = sys_fork(t);
	if (pid <= 0)
		return pid;	/* the child: rax 0 */
	long fd = sys2(__NR_pidfd_open, pid, 0);
	if (fd >= 0 && !(ARG(1) & 2))
		sys3(__NR_fcntl, fd, 2 /* F_SETFD */, 0);	/* pidfds are close-on-exec */
	int ifd = (int)fd;
	if (fd < 0 || copy_to_guest(ARG(0), &ifd, 4) < 0)
		return fd < 0 ? fd : -L_EFAULT;
	return pid;
}

static long pidfd_pid(int fd)
{
	char path[64], buf[512];
	shim_snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (rt_read_file(path, buf, sizeof buf) <= 0)
		return -L_EBADF;
	for (char *p = buf; p && *p; p = shim_strchr(p, '\n') ? shim_strchr(p, '\n') + 1 : 0)
		if (!shim_strncmp(p, "Pid:", 4)) {
			long v = 0;
			for (p += 4; *p == ' ' || *p == '\t'; p++)
				;
			for (; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			return v;
		}
	return -L_EBADF;	/* not a process descriptor */
}

long sys_pdgetpid(struct trap *t)
{
	long pid = pidfd_pid(IARG(0));
	if (pid < 0)
		return pid;
	int p = (int)pid;
	return copy_to_guest(ARG(1), &p, 4) < 0 ? -L_EFAULT : 0;
}

long sys_pdkill(struct trap *t)
{
	long g = (long)(int)ARG(1);
	int h;
	if (g <= 0 || (h = sig_to_host(t->abi, g)) <= 0)
		return -L_EINVAL;
	if (pidfd_pid(IARG(0)) < 0)
		return -L_EBADF;
	return sys4(__NR_pidfd_send_signal, ARG(0), h, 0, 0);
}
