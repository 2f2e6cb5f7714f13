/* Smaller calls: realpath, copy_file_range, pathconf, file flags, mknod,
 * descriptor table size. */
#include "handlers.h"

long sys_getdtablesize(struct trap *t)
{
	(void)t;
	uint64_t lim[2];
	long r = sys4(__NR_prlimit64, 0, 7 /* RLIMIT_NOFILE */, 0, lim);
	if (r < 0)
		return r;
	return lim[0] > 0x7fffffff ? 0x7fffffff : (long)lim[0];
}

/* __realpathat(fd, path, buf, size, flags): the kernel resolves, libc's
 * realpath(3) relies on it.  Linux: open O_PATH, read the magic link. */
long sys___realpathat(struct trap *t)
{
	if (ARG(4))
		return -L_EINVAL;
	long fd = sys4(__NR_openat, IARG(0), ARG(1), 0x200000 /* O_PATH */ | 0x80000, 0);
	if (fd < 0)
		return fd;
	char link[64], out[GUEST_PATH_MAX];
	shim_snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
	long n = sys4(__NR_readlinkat, -100, link, out, sizeof out - 1);
	sys1(__NR_close, fd);
	if (n < 0)
		return n;
	out[n] = 0;
	if ((size_t)n + 1 > ARG(3))
		return -36 /* ENAMETOOLONG */;
	return copy_to_guest(ARG(2), out, (size_t)n + 1) < 0 ? -L_EFAULT : 0;
}

long sys_copy_file_range(struct trap *t)
{
	if (ARG(5))
		return -L_EINVAL;	/* FreeBSD defines no flags yet */
	return isys6(__NR_copy_file_range, ARG(0), ARG(1), ARG(2), ARG(3), ARG(4), 0);	/* blocking */
}

/* chflags(2): Linux has no BSD file flags; clearing them all is a no-op,
 * setting any is unsupported. */
static long flags_common(long r, uint64_t flags)
{
	if (r < 0)
		return r;
	return flags ? -L_EOPNOTSUPP : 0;
}

long sys_chflags(struct trap *t)
{
	return flags_common(sys4(__NR_faccessat, -100, ARG(0), 0, 0), ARG(1));
}

long sys_lchflags(struct trap *t)
{
	return flags_common(sys4(__NR_faccessat2, -100, ARG(0), 0, 0x100), ARG(1));
}

long sys_fchflags(struct trap *t)
{
	return flags_common(sys2(__NR_fcntl, ARG(0), 1 /* F_GETFD */), ARG(1));
}

long sys_chflagsat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(3));
	if (fl < 0)
		return fl;
	return flags_common(sys4(__NR_faccessat2, IARG(0), ARG(1), 0, fl), ARG(2));
}

/* pathconf names (FreeBSD sys/unistd.h: _PC_LINK_MAX 1 ... _PC_SYMLINK_MAX 18,
 * _PC_ASYNC_IO 53...) and the values Linux file systems
 * give; NAME_MAX comes from the file system itself. */
static long pathconf_value(long fd_or_neg, uint64_t path, int follow, long name)
{
	struct { long type, bsize; uint64_t blocks, bfree, bavail, files, ffree; int fsid[2];
		 long namelen, frsize, flags, spare[4]; } sf;
	long r;
	if (fd_or_neg >= 0)
		r = sys2(__NR_fstatfs, fd_or_neg, &sf);
	else {
		long fd = sys4(__NR_openat, -100, path, 0x200000 | 0x80000 | (follow ? 0 : 0x20000), 0);
		if (fd < 0)
			return fd;
		r = sys2(__NR_fstatfs, fd, &sf);
		sys1(__NR_close, fd);
	}
	if (r < 0)
		return r;
	switch (name) {
	case 1: return 65000;		/* _PC_LINK_MAX */
	case 2: return 255;		/* _PC_MAX_CANON */
	case 3: return 255;		/* _PC_MAX_INPUT */
	case 4: return sf.namelen;	/* _PC_NAME_MAX */
	case 5: return 1024;		/* _PC_PATH_MAX: FreeBSD's PATH_MAX */
	case 6: return 512;		/* _PC_PIPE_BUF: FreeBSD's PIPE_BUF */
	case 7: return 1;		/* _PC_CHOWN_RESTRICTED */
	case 8: return 1;		/* _PC_NO_TRUNC */
	case 9: return 0xff;		/* _PC_VDISABLE */
	case 10: return 4096;		/* _PC_ALLOC_SIZE_MIN */
	case 12: return 64;		/* _PC_FILESIZEBITS */
	case 14: return 4096;		/* _PC_REC_INCR_XFER_SIZE */
	case 15: return 0x7fffffff;	/* _PC_REC_MAX_XFER_SIZE */
	case 16: return 4096;		/* _PC_REC_MIN_XFER_SIZE */
	case 17: return 4096;		/* _PC_REC_XFER_ALIGN */
	case 18: return 1024;		/* _PC_SYMLINK_MAX */
	case 21: return 4096;		/* _PC_MIN_HOLE_SIZE */
	case 59: case 61: case 62: case 63: case 64:
		return 0;		/* no ACLs, capabilities, MAC */
	case 53: case 54: case 55:
		return -L_EINVAL;	/* async/prioritised/synchronised I/O: no limit */
	}
	return -L_EINVAL;
}

long sys_pathconf(struct trap *t)
{
	return pathconf_value(-1, ARG(0), 1, IARG(1));
}

long sys_lpathconf(struct trap *t)
{
	return pathconf_value(-1, ARG(0), 0, IARG(1));
}

long sys_fpathconf(struct trap *t)
{
	if (IARG(0) < 0)
		return -L_EBADF;
	return pathconf_value(IARG(0), 0, 1, IARG(1));
}

/* FreeBSD dev_t -> Linux's mknod encoding. */
static unsigned linux_dev(uint64_t d)
{
	uint32_t maj = (uint32_t)(((d >> 32) & 0xffffff00) | ((d >> 8) & 0xff));
	uint32_t min = (uint32_t)(((d >> 24) & 0xff00) | (d & 0xffff00ff));
	return (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12);
}

long sys_mknodat(struct trap *t)
{
	return sys4(__NR_mknodat, IARG(0), ARG(1), ARG(2), linux_dev(ARG(3)));
}
