/* Portable system call wrappers: the same name means the same operation on
 * FreeBSD and Linux; where the two kernels use different structures (stat,
 * dirent, sigaction, sigset, stack_t) the wrapper converts to the generic
 * form declared in guest.h.  Errors are returned as -errno (OS numbering). */
#include "guest.h"

#define P(x) ((long)(x))

long sys_read(int fd, void *buf, size_t n) { return sys3(SYS_read, fd, P(buf), P(n)); }
long sys_write(int fd, const void *buf, size_t n) { return sys3(SYS_write, fd, P(buf), P(n)); }
long sys_readv(int fd, const struct iovec *iov, int cnt) { return sys3(SYS_readv, fd, P(iov), cnt); }
long sys_writev(int fd, const struct iovec *iov, int cnt) { return sys3(SYS_writev, fd, P(iov), cnt); }
long sys_pread(int fd, void *buf, size_t n, off_t off) { return sys4(SYS_pread, fd, P(buf), P(n), off); }
long sys_pwrite(int fd, const void *buf, size_t n, off_t off) { return sys4(SYS_pwrite, fd, P(buf), P(n), off); }
long sys_open(const char *path, int flags, int mode) { return sys3(SYS_open, P(path), flags, mode); }
long sys_openat(int dfd, const char *path, int flags, int mode) { return sys4(SYS_openat, dfd, P(path), flags, mode); }
long sys_close(int fd) { return sys1(SYS_close, fd); }
long sys_lseek(int fd, off_t off, int whence) { return sys3(SYS_lseek, fd, off, whence); }
long sys_access(const char *path, int mode) { return sys2(SYS_access, P(path), mode); }
long sys_faccessat(int dfd, const char *path, int mode, int flags) { return sys4(SYS_faccessat, dfd, P(path), mode, flags); }
long sys_mkdir(const char *path, int mode) { return sys2(SYS_mkdir, P(path), mode); }
long sys_mkdirat(int dfd, const char *path, int mode) { return sys3(SYS_mkdirat, dfd, P(path), mode); }
long sys_rmdir(const char *path) { return sys1(SYS_rmdir, P(path)); }
long sys_unlink(const char *path) { return sys1(SYS_unlink, P(path)); }
long sys_unlinkat(int dfd, const char *path, int flags) { return sys3(SYS_unlinkat, dfd, P(path), flags); }
long sys_rename(const char *from, const char *to) { return sys2(SYS_rename, P(from), P(to)); }
long sys_renameat(int fd1, const char *from, int fd2, const char *to) { return sys4(SYS_renameat, fd1, P(from), fd2, P(to)); }
long sys_link(const char *from, const char *to) { return sys2(SYS_link, P(from), P(to)); }
long sys_linkat(int fd1, const char *from, int fd2, const char *to, int flags) { return sys5(SYS_linkat, fd1, P(from), fd2, P(to), flags); }
long sys_symlink(const char *target, const char *path) { return sys2(SYS_symlink, P(target), P(path)); }
long sys_symlinkat(const char *target, int dfd, const char *path) { return sys3(SYS_symlinkat, P(target), dfd, P(path)); }
long sys_readlink(const char *path, char *buf, size_t n) { return sys3(SYS_readlink, P(path), P(buf), P(n)); }
long sys_readlinkat(int dfd, const char *path, char *buf, size_t n) { return sys4(SYS_readlinkat, dfd, P(path), P(buf), P(n)); }
long sys_chdir(const char *path) { return sys1(SYS_chdir, P(path)); }
long sys_fchdir(int fd) { return sys1(SYS_fchdir, fd); }
long sys_dup(int fd) { return sys1(SYS_dup, fd); }
long sys_dup2(int fd, int to) { return sys2(SYS_dup2, fd, to); }
long sys_fcntl(int fd, int cmd, long arg) { return sys3(SYS_fcntl, fd, cmd, arg); }
long sys_pipe2(int fds[2], int flags) { return sys2(SYS_pipe2, P(fds), flags); }
long sys_ioctl(int fd, unsigned long req, void *arg) { return sys3(SYS_ioctl, fd, P(req), P(arg)); }
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) { return sys6(SYS_mmap, P(addr), P(len), prot, flags, fd, off); }
long sys_munmap(void *addr, size_t len) { return sys2(SYS_munmap, P(addr), P(len)); }
long sys_mprotect(void *addr, size_t len, int prot) { return sys3(SYS_mprotect, P(addr), P(len), prot); }
long sys_madvise(void *addr, size_t len, int advice) { return sys3(SYS_madvise, P(addr), P(len), advice); }
long sys_getpid(void) { return sys0(SYS_getpid); }
long sys_getppid(void) { return sys0(SYS_getppid); }
long sys_getuid(void) { return sys0(SYS_getuid); }
long sys_geteuid(void) { return sys0(SYS_geteuid); }
long sys_getgid(void) { return sys0(SYS_getgid); }
long sys_getegid(void) { return sys0(SYS_getegid); }
long sys_getrlimit(int res, struct rlimit *rl) { return sys2(SYS_getrlimit, res, P(rl)); }
long sys_setrlimit(int res, const struct rlimit *rl) { return sys2(SYS_setrlimit, res, P(rl)); }
long sys_clock_gettime(int clk, struct timespec *ts) { return sys2(SYS_clock_gettime, clk, P(ts)); }
long sys_gettimeofday(struct timeval *tv, void *tz) { return sys2(SYS_gettimeofday, P(tv), P(tz)); }
long sys_nanosleep(const struct timespec *req, struct timespec *rem) { return sys2(SYS_nanosleep, P(req), P(rem)); }
long sys_getrandom(void *buf, size_t n, unsigned flags) { return sys3(SYS_getrandom, P(buf), P(n), flags); }
long sys_kill(long pid, int sig) { return sys2(SYS_kill, pid, sig); }

#if defined(__FreeBSD__)

/* ---- FreeBSD ------------------------------------------------------- */

static void stat_from_os(struct gstat *st, const unsigned char *b)
{
	/* struct stat (ino64), 224 bytes; ABI-NOTES A7 */
	memset(st, 0, sizeof(*st));
	memcpy(&st->dev, b + 0, 8);
	memcpy(&st->ino, b + 8, 8);
	memcpy(&st->nlink, b + 16, 8);
	uint16_t mode;
	memcpy(&mode, b + 24, 2);
	st->mode = mode;
	memcpy(&st->uid, b + 28, 4);
	memcpy(&st->gid, b + 32, 4);
	memcpy(&st->rdev, b + 40, 8);
	memcpy(&st->atim, b + 48, 16);
	memcpy(&st->mtim, b + 64, 16);
	memcpy(&st->ctim, b + 80, 16);
	memcpy(&st->size, b + 112, 8);
	memcpy(&st->blocks, b + 120, 8);
	int32_t blksize;
	memcpy(&blksize, b + 128, 4);
	st->blksize = blksize;
}
#define OS_STAT_SIZE 224

long sys_getdents(int fd, void *buf, size_t n)
{
	long base = 0;
	return sys4(SYS_getdirentries, fd, P(buf), P(n), P(&base));
}

int gdirent_next(const void *buf, long len, long *pos, struct gdirent *d)
{
	/* d_fileno @0, d_off @8, d_reclen u16 @16, d_type @18, d_namlen u16 @20, d_name @24 */
	const unsigned char *p = (const unsigned char *)buf + *pos;
	if (*pos + 24 > len)
		return 0;
	uint16_t reclen, namlen;
	memcpy(&reclen, p + 16, 2);
	memcpy(&namlen, p + 20, 2);
	if (reclen == 0 || *pos + reclen > len)
		return 0;
	d->name = (const char *)p + 24;
	d->namlen = namlen;
	d->type = p[18];
	d->reclen = reclen;
	*pos += reclen;
	return 1;
}

long sys_getcwd(char *buf, size_t n)
{
	long r = sys2(SYS___getcwd, P(buf), P(n));
	return r < 0 ? r : 0;
}

long sys_issetugid(void) { return sys0(SYS_issetugid); }

struct os_sigaction {
	void *handler;
	int flags;
	uint32_t mask[4];
};

long sys_sigaction(int sig, const struct gsigaction *act, struct gsigaction *old)
{
	struct os_sigaction a, o;
	memset(&o, 0, sizeof(o));
	if (act) {
		memset(&a, 0, sizeof(a));
		a.handler = act->handler;
		a.flags = (int)act->flags;
		a.mask[0] = (uint32_t)act->mask;
		a.mask[1] = (uint32_t)(act->mask >> 32);
	}
	long r = sys3(SYS_sigaction, sig, act ? P(&a) : 0, old ? P(&o) : 0);
	if (r == 0 && old) {
		old->handler = o.handler;
		old->flags = (unsigned)o.flags;
		old->mask = o.mask[0] | (unsigned long)o.mask[1] << 32;
	}
	return r;
}

long sys_sigprocmask(int how, const unsigned long *set, unsigned long *old)
{
	uint32_t s[4] = { 0, 0, 0, 0 }, o[4] = { 0, 0, 0, 0 };
	if (set) {
		s[0] = (uint32_t)*set;
		s[1] = (uint32_t)(*set >> 32);
	}
	long r = sys3(SYS_sigprocmask, how, set ? P(s) : 0, old ? P(o) : 0);
	if (r == 0 && old)
		*old = o[0] | (unsigned long)o[1] << 32;
	return r;
}

struct os_stack { void *sp; size_t size; int flags; };   /* ss_sp, ss_size, ss_flags */

long sys_sigaltstack(const struct gstack *ss, struct gstack *old)
{
	struct os_stack s, o;
	memset(&o, 0, sizeof(o));
	if (ss) {
		s.sp = ss->sp;
		s.size = ss->size;
		s.flags = ss->flags;
	}
	long r = sys2(SYS_sigaltstack, ss ? P(&s) : 0, old ? P(&o) : 0);
	if (r == 0 && old) {
		old->sp = o.sp;
		old->size = o.size;
		old->flags = o.flags;
	}
	return r;
}

#else

/* ---- Linux --------------------------------------------------------- */

static void stat_from_os(struct gstat *st, const unsigned char *b)
{
	/* struct stat, 144 bytes */
	memset(st, 0, sizeof(*st));
	memcpy(&st->dev, b + 0, 8);
	memcpy(&st->ino, b + 8, 8);
	memcpy(&st->nlink, b + 16, 8);
	memcpy(&st->mode, b + 24, 4);
	memcpy(&st->uid, b + 28, 4);
	memcpy(&st->gid, b + 32, 4);
	memcpy(&st->rdev, b + 40, 8);
	memcpy(&st->size, b + 48, 8);
	memcpy(&st->blksize, b + 56, 8);
	memcpy(&st->blocks, b + 64, 8);
	memcpy(&st->atim, b + 72, 16);
	memcpy(&st->mtim, b + 88, 16);
	memcpy(&st->ctim, b + 104, 16);
}
#define OS_STAT_SIZE 144

long sys_getdents(int fd, void *buf, size_t n)
{
	return sys3(SYS_getdents64, fd, P(buf), P(n));
}

int gdirent_next(const void *buf, long len, long *pos, struct gdirent *d)
{
	/* d_ino @0, d_off @8, d_reclen u16 @16, d_type @18, d_name @19 */
	const unsigned char *p = (const unsigned char *)buf + *pos;
	if (*pos + 19 > len)
		return 0;
	uint16_t reclen;
	memcpy(&reclen, p + 16, 2);
	if (reclen == 0 || *pos + reclen > len)
		return 0;
	d->name = (const char *)p + 19;
	d->namlen = (unsigned)strlen(d->name);
	d->type = p[18];
	d->reclen = reclen;
	*pos += reclen;
	return 1;
}

long sys_getcwd(char *buf, size_t n)
{
	long r = sys2(SYS_getcwd, P(buf), P(n));
	return r < 0 ? r : 0;
}

long sys_issetugid(void)
{
	long v = getauxval(AT_SECURE);
	return v < 0 ? 0 : v;
}

struct os_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

extern void __restore_rt(void);

long sys_sigaction(int sig, const struct gsigaction *act, struct gsigaction *old)
{
	struct os_sigaction a, o;
	memset(&o, 0, sizeof(o));
	if (act) {
		a.handler = act->handler;
		a.flags = act->flags | SA_RESTORER;
		a.restorer = (void *)__restore_rt;
		a.mask = act->mask;
	}
	long r = sys4(SYS_rt_sigaction, sig, act ? P(&a) : 0, old ? P(&o) : 0, 8);
	if (r == 0 && old) {
		old->handler = o.handler;
		old->flags = o.flags & ~(unsigned long)SA_RESTORER;
		old->mask = o.mask;
	}
	return r;
}

long sys_sigprocmask(int how, const unsigned long *set, unsigned long *old)
{
	return sys4(SYS_rt_sigprocmask, how, P(set), P(old), 8);
}

struct os_stack { void *sp; int flags; size_t size; };   /* ss_sp, ss_flags, ss_size */

long sys_sigaltstack(const struct gstack *ss, struct gstack *old)
{
	struct os_stack s, o;
	memset(&o, 0, sizeof(o));
	if (ss) {
		s.sp = ss->sp;
		s.size = ss->size;
		s.flags = ss->flags;
	}
	long r = sys2(SYS_sigaltstack, ss ? P(&s) : 0, old ? P(&o) : 0);
	if (r == 0 && old) {
		old->sp = o.sp;
		old->size = o.size;
		old->flags = o.flags;
	}
	return r;
}

#endif

long sys_fstat(int fd, struct gstat *st)
{
	unsigned char b[OS_STAT_SIZE];
	long r = sys2(SYS_fstat, fd, P(b));
	if (r == 0)
		stat_from_os(st, b);
	return r;
}

long sys_fstatat(int dfd, const char *path, struct gstat *st, int flags)
{
	unsigned char b[OS_STAT_SIZE];
	long r = sys4(SYS_fstatat, dfd, P(path), P(b), flags);
	if (r == 0)
		stat_from_os(st, b);
	return r;
}
