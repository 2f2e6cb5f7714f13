/* File descriptors: I/O, open/close, dup, fcntl, pipes, ioctl. */
#include "handlers.h"
#include <linux/fcntl.h>
#include <linux/uio.h>

bool rt_is_reserved_fd(long fd)
{
	for (int i = 0; i < rt_cfg.nreserved_fds; i++)
		if (rt_cfg.reserved_fds[i] == fd)
			return true;
	return false;
}

int guest_dirfd(long fd)
{
	return (int)fd;		/* AT_FDCWD is -100 on both sides */
}

long oflags_to_host(const struct abi *abi, unsigned long g, unsigned long *extra)
{
	unsigned long unknown = 0;
	long h = (long)(g & 3) | (long)xlat_bits_to_host(abi, XL_OFLAGS, g & ~3ul, &unknown);
	if (extra)
		*extra = unknown;
	return h;
}

unsigned long oflags_to_guest(const struct abi *abi, unsigned long h)
{
	/* O_SYNC on Linux includes O_DSYNC's bit: report only O_SYNC. */
	unsigned long g = (h & 3) | xlat_bits_to_guest(abi, XL_OFLAGS, h & ~3ul & ~0x8000ul /* O_LARGEFILE */);
	if ((h & 0x101000) == 0x101000)
		g &= ~(unsigned long)xlat_to_guest(abi, XL_OFLAGS, 0x1000, 0);
	return g;
}

long atflags_to_host(const struct abi *abi, unsigned long g)
{
	unsigned long unknown = 0;
	long h = (long)xlat_bits_to_host(abi, XL_ATFLAGS, g, &unknown);
	return unknown ? -L_EINVAL : h;
}

long sys_read(struct trap *t)
{
	return isys3(__NR_read, ARG(0), ARG(1), ARG(2));	/* blocking */
}

long sys_write(struct trap *t)
{
	return isys3(__NR_write, ARG(0), ARG(1), ARG(2));	/* blocking */
}

long sys_readv(struct trap *t)
{
	return isys3(__NR_readv, ARG(0), ARG(1), ARG(2));	/* blocking */
}

long sys_writev(struct trap *t)
{
	return isys3(__NR_writev, ARG(0), ARG(1), ARG(2));	/* blocking */
}

long sys_pread(struct trap *t)
{
	return isys4(__NR_pread64, ARG(0), ARG(1), ARG(2), ARG(3));	/* blocking */
}

long sys_pwrite(struct trap *t)
{
	return isys4(__NR_pwrite64, ARG(0), ARG(1), ARG(2), ARG(3));	/* blocking */
}

long sys_preadv(struct trap *t)
{
	return sys5(__NR_preadv, ARG(0), ARG(1), ARG(2), ARG(3), (uint64_t)ARG(3) >> 32);
}

long sys_pwritev(struct trap *t)
{
	return sys5(__NR_pwritev, ARG(0), ARG(1), ARG(2), ARG(3), (uint64_t)ARG(3) >> 32);
}

long sys_lseek(struct trap *t)
{
	long w = xlat_to_host(t->abi, XL_WHENCE, IARG(2), -1);
	if (w < 0)
		return -L_EINVAL;
	return sys3(__NR_lseek, ARG(0), ARG(1), w);
}

static long do_openat(struct trap *t, long dirfd, uint64_t path, unsigned long gflags, long mode)
{
	unsigned long extra = 0;
	long hflags = oflags_to_host(t->abi, gflags, &extra);
	char buf[GUEST_PATH_MAX];
	long err = 0;
	const char *p = guest_path(t, path, buf, sizeof buf, &err);
	if (!p)
		return err;
	long fd;
	static const struct abi *cached_abi;
	static unsigned long resolve_beneath;
	if (cached_abi != t->abi) {
		resolve_beneath = 0;
		for (unsigned i = 0; i < t->abi->x[XL_OFLAGS].n; i++)
			if (!shim_strcmp(t->abi->x[XL_OFLAGS].v[i].name, "O_RESOLVE_BENEATH"))
				resolve_beneath = (unsigned long)t->abi->x[XL_OFLAGS].v[i].guest;
		cached_abi = t->abi;
	}
	if (resolve_beneath && (gflags & resolve_beneath)) {
		struct { uint64_t flags, mode, resolve; } how = {(uint64_t)hflags, (uint64_t)(mode & 07777),
								 0x08 /* RESOLVE_BENEATH */};
		fd = sys4(__NR_openat2, dirfd, p, &how, sizeof how);
	} else {
		fd = isys4(__NR_openat, dirfd, p, hflags, mode & 07777);	/* blocking: FIFOs */
	}
	if (fd == -40 /* ELOOP */ && (hflags & O_NOFOLLOW)) {
		/* FreeBSD reports a final-component symlink under O_NOFOLLOW as
		 * EMLINK (Linux: ELOOP, which stays for symlink loops). */
		struct { uint64_t dev, ino, nlink; uint32_t mode; uint32_t rest[27]; } st;
		if (sys4(__NR_newfstatat, dirfd, p, &st, 0x100 /* AT_SYMLINK_NOFOLLOW */) == 0 &&
		    (st.mode & 0170000) == 0120000)
			return -31 /* EMLINK */;
	}
	if (fd < 0)
		return fd;
	/* BSD O_SHLOCK / O_EXLOCK: take the flock as part of the open. */
	unsigned long shlock = 0x10, exlock = 0x20;	/* same on FreeBSD and NetBSD */
	if (extra & (shlock | exlock)) {
		int op = (extra & exlock ? 2 /* LOCK_EX */ : 1 /* LOCK_SH */) | (hflags & O_NONBLOCK ? 4 : 0);
		long r = isys2(__NR_flock, fd, op);	/* blocking */
		if (r < 0) {
			sys1(__NR_close, fd);
			return r;
		}
	}
	return fd;
}

long sys_open(struct trap *t)
{
	return do_openat(t, L_AT_FDCWD, ARG(0), ARG(1), (long)ARG(2));
}

long sys_openat(struct trap *t)
{
	return do_openat(t, guest_dirfd(IARG(0)), ARG(1), ARG(2), (long)ARG(3));
}

long sys_close(struct trap *t)
{
	if (rt_is_reserved_fd(IARG(0)))
		return -L_EBADF;
	kqueue_fd_closed(IARG(0));
	return sys1(__NR_close, ARG(0));
}

/* close_range over [lo, hi] around the runtime's own descriptors, which
 * the guest may not close (closefrom is the range up to the last one). */
static long close_range_keeping_ours(unsigned lo, unsigned hi, unsigned flags)
{
	if (!(flags & 4 /* CLOSE_RANGE_CLOEXEC, the same bit on both */))
		kqueue_fds_closed((int)lo, hi > 0x7fffffff ? 0x7fffffff : (int)hi);
	for (int i = 0; i < rt_cfg.nreserved_fds; i++) {
		unsigned r = (unsigned)rt_cfg.reserved_fds[i];
		if (r >= lo && r <= hi) {
			if (r > lo)
				sys3(__NR_close_range, lo, r - 1, flags);
			if (r == ~0u)
				return 0;
			lo = r + 1;
		}
	}
	return lo <= hi ? sys3(__NR_close_range, lo, hi, flags) : 0;
}

long sys_closefrom(struct trap *t)
{
	close_range_keeping_ours((unsigned)IARG(0), ~0u, 0);
	return 0;
}

long sys_close_range(struct trap *t)
{
	unsigned lo = (unsigned)IARG(0), hi = (unsigned)IARG(1);
	if (lo > hi || (ARG(2) & ~4ul))
		return -L_EINVAL;
	return close_range_keeping_ours(lo, hi, (unsigned)ARG(2));
}

long sys_dup(struct trap *t)
{
	return sys1(__NR_dup, ARG(0));
}

long sys_dup2(struct trap *t)
{
	if (rt_is_reserved_fd(IARG(1)))
		return -L_EBADF;
	if (IARG(0) == IARG(1)) {	/* dup3 refuses equal fds; dup2 checks validity */
		long r = sys2(__NR_fcntl, ARG(0), F_GETFD);
		return r < 0 ? r : (long)IARG(1);
	}
	kqueue_fd_closed(IARG(1));
	return sys3(__NR_dup3, ARG(0), ARG(1), 0);
}

struct bsd_flock {
	int64_t l_start, l_len;
	int32_t l_pid;
	int16_t l_type, l_whence;
	int32_t l_sysid;
};
struct linux_flock {
	int16_t l_type, l_whence;
	int32_t pad;
	int64_t l_start, l_len;
	int32_t l_pid, pad2;
};

/* FreeBSD F_RDLCK 1, F_UNLCK 2, F_WRLCK 3; Linux 0, 2, 1. */
static int lock_type_to_host(int g)
{
	return g == 1 ? 0 : g == 2 ? 2 : g == 3 ? 1 : -1;
}
static int lock_type_to_guest(int h)
{
	return h == 0 ? 1 : h == 2 ? 2 : h == 1 ? 3 : h;
}

long sys_fcntl(struct trap *t)
{
	int fd = IARG(0);
	long gcmd = IARG(1);
	uint64_t arg = ARG(2);
	const char *name = xlat_name(t->abi, XL_FCNTL, gcmd);
	long hcmd = xlat_to_host(t->abi, XL_FCNTL, gcmd, -1000);
	if (name && (!shim_strcmp(name, "F_DUP2FD") || !shim_strcmp(name, "F_DUP2FD_CLOEXEC"))) {
		if (rt_is_reserved_fd((int)arg))
			return -L_EBADF;
		if ((int)arg == fd) {
			long r = sys2(__NR_fcntl, fd, F_GETFD);
			return r < 0 ? r : fd;
		}
		kqueue_fd_closed((int)arg);
		return sys3(__NR_dup3, fd, arg, name[8] == '_' ? O_CLOEXEC : 0);
	}
	if (hcmd == -1000)
		return -L_EINVAL;
	if (hcmd < 0)
		return -L_EINVAL;	/* FreeBSD-only command without Linux equivalent */
	switch (hcmd) {
	case F_GETFL: {
		long r = sys2(__NR_fcntl, fd, F_GETFL);
		/* Only the file-status flags survive in the open file, as FreeBSD's
		 * FMASK keeps them (no O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC...). */
		unsigned long keep = 3 | (unsigned long)xlat_to_guest(t->abi, XL_OFLAGS, O_NONBLOCK, 0) |
				     (unsigned long)xlat_to_guest(t->abi, XL_OFLAGS, O_APPEND, 0) |
				     (unsigned long)xlat_to_guest(t->abi, XL_OFLAGS, 0x2000 /* O_ASYNC */, 0) |
				     (unsigned long)xlat_to_guest(t->abi, XL_OFLAGS, 0x101000 /* O_SYNC */, 0) |
				     (unsigned long)xlat_to_guest(t->abi, XL_OFLAGS, 0x1000 /* O_DSYNC */, 0) |
				     (unsigned long)xlat_to_guest(t->abi, XL_OFLAGS, O_DIRECT, 0);
		return r < 0 ? r : (long)(oflags_to_guest(t->abi, (unsigned long)r) & keep);
	}
	case F_SETFL: {
		/* Only the status flags F_SETFL can change. */
		long h = oflags_to_host(t->abi, arg & ~3ul, 0) & (O_APPEND | O_NONBLOCK | 0x2000 /* O_ASYNC */ | O_DIRECT | 0x40000 /* O_NOATIME */);
		return sys3(__NR_fcntl, fd, F_SETFL, h);
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW: {
		struct bsd_flock g;
		struct linux_flock h = {0};
		if (copy_from_guest(&g, arg, sizeof g) < 0)
			return -L_EFAULT;
		int ty = lock_type_to_host(g.l_type);
		if (ty < 0)
			return -L_EINVAL;
		h.l_type = (int16_t)ty;
		h.l_whence = g.l_whence;
		h.l_start = g.l_start;
		h.l_len = g.l_len;
		h.l_pid = g.l_pid;
		long r = isys3(__NR_fcntl, fd, hcmd, &h);	/* blocking (F_SETLKW) */
		if (r < 0 || hcmd != F_GETLK)
			return r;
		g.l_type = (int16_t)lock_type_to_guest(h.l_type);
		g.l_whence = h.l_whence;
		g.l_start = h.l_start;
		g.l_len = h.l_len;
		g.l_pid = h.l_pid;
		return copy_to_guest(arg, &g, sizeof g) < 0 ? -L_EFAULT : r;
	}
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_GETFD:
	case F_SETFD:
	case F_GETOWN:
	case F_SETOWN:
	case 1033: /* F_ADD_SEALS: the seal bits are the same */
	case 1034:
		return sys3(__NR_fcntl, fd, hcmd, arg);
	}
	return -L_EINVAL;
}

long sys_pipe2(struct trap *t)
{
	int fds[2];
	unsigned long extra = 0;
	long hflags = oflags_to_host(t->abi, ARG(1), &extra);
	if (extra || (hflags & ~(O_CLOEXEC | O_NONBLOCK)))
		return -L_EINVAL;
	long r = sys2(__NR_pipe2, fds, hflags);
	if (r < 0)
		return r;
	if (copy_to_guest(ARG(0), fds, sizeof fds) < 0) {
		sys1(__NR_close, fds[0]);
		sys1(__NR_close, fds[1]);
		return -L_EFAULT;
	}
	return 0;
}

/* The historical pipe(): descriptors in rax and rdx. */
long sys_freebsd10_pipe(struct trap *t)
{
	int fds[2];
	long r = sys2(__NR_pipe2, fds, 0);
	if (r < 0)
		return r;
	set_rdx(t, fds[1]);
	return fds[0];
}

long sys_fsync(struct trap *t)
{
	return sys1(__NR_fsync, ARG(0));
}

long sys_fdatasync(struct trap *t)
{
	return sys1(__NR_fdatasync, ARG(0));
}

long sys_flock(struct trap *t)
{
	return isys2(__NR_flock, ARG(0), ARG(1));	/* blocking; LOCK_* values are the same */
}

long sys_ftruncate(struct trap *t)
{
	return sys2(__NR_ftruncate, ARG(0), ARG(1));
}
