/* Names in the file system: *at calls, links, directories, permissions. */
#include "handlers.h"

#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452	/* Linux 6.6; older headers lack it */
#endif


const char *guest_path(struct trap *t, uint64_t p, char *buf, size_t cap, long *err)
{
	(void)t;
	(void)buf;
	(void)cap;
	(void)err;
	/* The guest sees the host file system; the kernel checks the pointer. */
	return (const char *)p;
}

#define PATH(var, i)                                                    \
	char var##_buf[GUEST_PATH_MAX];                                 \
	long var##_err = 0;                                             \
	const char *var = guest_path(t, ARG(i), var##_buf, sizeof var##_buf, &var##_err); \
	if (!var)                                                       \
		return var##_err

long sys_access(struct trap *t)
{
	PATH(p, 0);
	return sys4(__NR_faccessat, L_AT_FDCWD, p, ARG(1), 0);
}

long sys_eaccess(struct trap *t)
{
	PATH(p, 0);
	return sys4(__NR_faccessat2, L_AT_FDCWD, p, ARG(1), 0x200 /* AT_EACCESS */);
}

long sys_faccessat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(3));
	if (fl < 0)
		return fl;
	PATH(p, 1);
	return sys4(__NR_faccessat2, IARG(0), p, ARG(2), fl);
}

long sys_mkdir(struct trap *t)
{
	PATH(p, 0);
	return sys3(__NR_mkdirat, L_AT_FDCWD, p, ARG(1));
}

long sys_mkdirat(struct trap *t)
{
	PATH(p, 1);
	return sys3(__NR_mkdirat, IARG(0), p, ARG(2));
}

long sys_rmdir(struct trap *t)
{
	PATH(p, 0);
	return sys3(__NR_unlinkat, L_AT_FDCWD, p, 0x200 /* AT_REMOVEDIR */);
}

/* Unlinking a directory is EPERM on FreeBSD (Linux: EISDIR). */
static long unlink_errno(long r)
{
	return r == -21 /* EISDIR */ ? -L_EPERM : r;
}

long sys_unlink(struct trap *t)
{
	PATH(p, 0);
	return unlink_errno(sys3(__NR_unlinkat, L_AT_FDCWD, p, 0));
}

long sys_unlinkat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(2));
	if (fl < 0 || (fl & ~0x200))
		return -L_EINVAL;
	PATH(p, 1);
	long r = sys3(__NR_unlinkat, IARG(0), p, fl);
	return fl ? r : unlink_errno(r);
}

long sys_rename(struct trap *t)
{
	PATH(a, 0);
	PATH(b, 1);
	return sys4(__NR_renameat, L_AT_FDCWD, a, L_AT_FDCWD, b);
}

long sys_renameat(struct trap *t)
{
	PATH(a, 1);
	PATH(b, 3);
	return sys4(__NR_renameat, IARG(0), a, IARG(2), b);
}

long sys_link(struct trap *t)
{
	PATH(a, 0);
	PATH(b, 1);
	return sys5(__NR_linkat, L_AT_FDCWD, a, L_AT_FDCWD, b, 0);
}

long sys_linkat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(4));
	if (fl < 0)
		return fl;
	PATH(a, 1);
	PATH(b, 3);
	return sys5(__NR_linkat, IARG(0), a, IARG(2), b, fl);
}

long sys_symlink(struct trap *t)
{
	PATH(b, 1);
	return sys3(__NR_symlinkat, ARG(0), L_AT_FDCWD, b);
}

long sys_symlinkat(struct trap *t)
{
	PATH(b, 2);
	return sys3(__NR_symlinkat, ARG(0), IARG(1), b);
}

long sys_readlink(struct trap *t)
{
	PATH(p, 0);
	return sys4(__NR_readlinkat, L_AT_FDCWD, p, ARG(1), ARG(2));
}

long sys_readlinkat(struct trap *t)
{
	PATH(p, 1);
	return sys4(__NR_readlinkat, IARG(0), p, ARG(2), ARG(3));
}

long sys_chdir(struct trap *t)
{
	PATH(p, 0);
	return sys1(__NR_chdir, p);
}

long sys_fchdir(struct trap *t)
{
	return sys1(__NR_fchdir, ARG(0));
}

long sys_chroot(struct trap *t)
{
	PATH(p, 0);
	return sys1(__NR_chroot, p);
}

/* FreeBSD's __getcwd returns 0, not the length Linux's getcwd returns. */
long sys___getcwd(struct trap *t)
{
	long r = sys2(__NR_getcwd, ARG(0), ARG(1));
	return r < 0 ? r : 0;
}

long sys_chmod(struct trap *t)
{
	PATH(p, 0);
	return sys3(__NR_fchmodat, L_AT_FDCWD, p, ARG(1));
}

long sys_fchmod(struct trap *t)
{
	return sys2(__NR_fchmod, ARG(0), ARG(1));
}

long sys_lchmod(struct trap *t)
{
	PATH(p, 0);
	return sys4(__NR_fchmodat2, L_AT_FDCWD, p, ARG(1), 0x100 /* AT_SYMLINK_NOFOLLOW */);
}

long sys_fchmodat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(3));
	if (fl < 0)
		return fl;
	PATH(p, 1);
	if (fl)
		return sys4(__NR_fchmodat2, IARG(0), p, ARG(2), fl);
	return sys3(__NR_fchmodat, IARG(0), p, ARG(2));
}

long sys_chown(struct trap *t)
{
	PATH(p, 0);
	return sys5(__NR_fchownat, L_AT_FDCWD, p, ARG(1), ARG(2), 0);
}

long sys_lchown(struct trap *t)
{
	PATH(p, 0);
	return sys5(__NR_fchownat, L_AT_FDCWD, p, ARG(1), ARG(2), 0x100);
}

long sys_fchown(struct trap *t)
{
	return sys3(__NR_fchown, ARG(0), ARG(1), ARG(2));
}

long sys_fchownat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(4));
	if (fl < 0)
		return fl;
	PATH(p, 1);
	return sys5(__NR_fchownat, IARG(0), p, ARG(2), ARG(3), fl);
}

long sys_umask(struct trap *t)
{
	return sys1(__NR_umask, ARG(0) & 0777);
}

long sys_truncate(struct trap *t)
{
	PATH(p, 0);
	return sys2(__NR_truncate, p, ARG(1));
}

long sys_mkfifo(struct trap *t)
{
	PATH(p, 0);
	return sys4(__NR_mknodat, L_AT_FDCWD, p, (ARG(1) & 07777) | 0010000, 0);
}

long sys_mkfifoat(struct trap *t)
{
	PATH(p, 1);
	return sys4(__NR_mknodat, IARG(0), p, (ARG(2) & 07777) | 0010000, 0);
}

long sys_sync(struct trap *t)
{
	(void)t;
	sys0(__NR_sync);
	return 0;
}

/* Timestamps: FreeBSD UTIME_NOW -1 / UTIME_OMIT -2; Linux 2^30-1 / 2^30-2. */
static long fix_utime(struct kts *ts)
{
	if (ts->ns == -1)
		ts->ns = (1l << 30) - 1;
	else if (ts->ns == -2)
		ts->ns = (1l << 30) - 2;
	else if (ts->ns < 0 || ts->ns >= 1000000000)
		return -L_EINVAL;
	return 0;
}

static long utimens_common(struct trap *t, int dirfd, const char *path, uint64_t gtimes, int fl)
{
	struct kts ts[2];
	void *tp = 0;
	(void)t;
	if (gtimes) {
		if (copy_from_guest(ts, gtimes, sizeof ts) < 0)
			return -L_EFAULT;
		if (fix_utime(&ts[0]) < 0 || fix_utime(&ts[1]) < 0)
			return -L_EINVAL;
		tp = ts;
	}
	return sys4(__NR_utimensat, dirfd, path, tp, fl);
}

long sys_utimensat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(3));
	if (fl < 0)
		return fl;
	PATH(p, 1);
	return utimens_common(t, IARG(0), p, ARG(2), (int)fl);
}

long sys_futimens(struct trap *t)
{
	return utimens_common(t, IARG(0), 0, ARG(1), 0);
}

static long utimes_common(struct trap *t, int dirfd, const char *path, uint64_t gtv, int fl)
{
	struct { int64_t s; long us; } tv[2];
	struct kts ts[2];
	(void)t;
	if (!gtv)
		return sys4(__NR_utimensat, dirfd, path, 0, fl);
	if (copy_from_guest(tv, gtv, sizeof tv) < 0)
		return -L_EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].us < 0 || tv[i].us >= 1000000)
			return -L_EINVAL;
		ts[i].s = tv[i].s;
		ts[i].ns = tv[i].us * 1000;
	}
	return sys4(__NR_utimensat, dirfd, path, ts, fl);
}

long sys_utimes(struct trap *t)
{
	PATH(p, 0);
	return utimes_common(t, L_AT_FDCWD, p, ARG(1), 0);
}

long sys_lutimes(struct trap *t)
{
	PATH(p, 0);
	return utimes_common(t, L_AT_FDCWD, p, ARG(1), 0x100);
}

long sys_futimes(struct trap *t)
{
	return utimes_common(t, IARG(0), 0, ARG(1), 0);
}
