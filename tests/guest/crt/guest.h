/* The guest test programs' own tiny C runtime: one header for everything.
 *
 * No system headers are used (the programs are built -nostdinc
 * -ffreestanding for FreeBSD and for Linux from the same source).
 *
 * Conventions
 *   - every sys_* wrapper returns the result, or -errno in the numbering of
 *     the OS the program was built for (FreeBSD: the kernel sets the carry
 *     flag and puts a positive errno in rax; the raw layer negates it);
 *   - errname(e) gives the symbolic name of a positive errno ("ENOENT"),
 *     so the output of the two builds can be compared byte for byte;
 *   - printf() writes to a buffered stdout that is flushed at exit (and by
 *     flush()); eprintf() writes to fd 2 at once.
 */
#ifndef GUEST_H
#define GUEST_H

#include "sysdefs.h"

typedef unsigned long size_t;
typedef long ssize_t;
typedef long off_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long int64_t;
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, t) __builtin_va_arg(ap, t)
#define va_end(ap) __builtin_va_end(ap)
#define NULL ((void *)0)
#define offsetof(t, m) __builtin_offsetof(t, m)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- process ------------------------------------------------------- */
extern char **environ;
extern long *__auxv;                 /* {type, value} pairs after envp */
extern long __entry_rsp, __entry_rdi; /* the registers _start was entered with */
long getauxval(long type);           /* -1 if absent */
_Noreturn void exit(int status);     /* flushes stdout, then SYS_exit */
_Noreturn void _exit(int status);

/* ---- raw system calls ---------------------------------------------- */
/* __syscall6: number + 6 args; returns rax, or -errno on error. */
long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
static inline long sys0(long n) { return __syscall6(n, 0, 0, 0, 0, 0, 0); }
static inline long sys1(long n, long a) { return __syscall6(n, a, 0, 0, 0, 0, 0); }
static inline long sys2(long n, long a, long b) { return __syscall6(n, a, b, 0, 0, 0, 0); }
static inline long sys3(long n, long a, long b, long c) { return __syscall6(n, a, b, c, 0, 0, 0); }
static inline long sys4(long n, long a, long b, long c, long d) { return __syscall6(n, a, b, c, d, 0, 0); }
static inline long sys5(long n, long a, long b, long c, long d, long e) { return __syscall6(n, a, b, c, d, e, 0); }
static inline long sys6(long n, long a, long b, long c, long d, long e, long f) { return __syscall6(n, a, b, c, d, e, f); }

#ifdef __FreeBSD__
/* The registers as the kernel left them: rax, rdx and rflags (bit 0 = CF).
 * a3 is also the entry value of rdx.  syscall_cf enters the kernel with
 * CF clear, syscall_cf_set with CF set. */
struct sysret { long rax; long rdx; unsigned long rflags; };
struct sysret syscall_cf(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
struct sysret syscall_cf_set(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define CF(r) ((int)((r).rflags & 1))
#endif

static inline int is_err(long r) { return (unsigned long)r >= (unsigned long)-4095L; }

/* ---- portable wrappers (same meaning on both systems) --------------- */
struct iovec { void *iov_base; size_t iov_len; };
struct timespec { long tv_sec; long tv_nsec; };
struct timeval { long tv_sec; long tv_usec; };
struct rlimit { unsigned long rlim_cur; unsigned long rlim_max; };

/* struct stat, converted from the OS layout */
struct gstat {
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid;
	unsigned long rdev;
	long size, blocks, blksize;
	struct timespec atim, mtim, ctim;
};

/* sigaction, converted: mask bit (n-1) = signal n (signals 1..64) */
struct gsigaction {
	void *handler;
	unsigned long flags;     /* SA_* of the OS (SA_RESTORER stripped) */
	unsigned long mask;
};

/* stack_t, converted */
struct gstack { void *sp; size_t size; int flags; };

/* one directory entry, decoded from the OS's getdirentries/getdents64 */
struct gdirent { const char *name; unsigned namlen; unsigned type; unsigned reclen; };

long sys_read(int fd, void *buf, size_t n);
long sys_write(int fd, const void *buf, size_t n);
long sys_readv(int fd, const struct iovec *iov, int cnt);
long sys_writev(int fd, const struct iovec *iov, int cnt);
long sys_pread(int fd, void *buf, size_t n, off_t off);
long sys_pwrite(int fd, const void *buf, size_t n, off_t off);
long sys_open(const char *path, int flags, int mode);
long sys_openat(int dfd, const char *path, int flags, int mode);
long sys_close(int fd);
long sys_lseek(int fd, off_t off, int whence);
long sys_fstat(int fd, struct gstat *st);
long sys_fstatat(int dfd, const char *path, struct gstat *st, int flags);
long sys_getdents(int fd, void *buf, size_t n);   /* bytes, 0 at end */
int  gdirent_next(const void *buf, long len, long *pos, struct gdirent *d);
long sys_access(const char *path, int mode);
long sys_faccessat(int dfd, const char *path, int mode, int flags);
long sys_mkdir(const char *path, int mode);
long sys_mkdirat(int dfd, const char *path, int mode);
long sys_rmdir(const char *path);
long sys_unlink(const char *path);
long sys_unlinkat(int dfd, const char *path, int flags);
long sys_rename(const char *from, const char *to);
long sys_renameat(int fd1, const char *from, int fd2, const char *to);
long sys_link(const char *from, const char *to);
long sys_linkat(int fd1, const char *from, int fd2, const char *to, int flags);
long sys_symlink(const char *target, const char *path);
long sys_symlinkat(const char *target, int dfd, const char *path);
long sys_readlink(const char *path, char *buf, size_t n);
long sys_readlinkat(int dfd, const char *path, char *buf, size_t n);
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_getcwd(char *buf, size_t n);             /* 0 on success */
long sys_dup(int fd);
long sys_dup2(int fd, int to);
long sys_fcntl(int fd, int cmd, long arg);
long sys_pipe2(int fds[2], int flags);
long sys_ioctl(int fd, unsigned long req, void *arg);
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
long sys_munmap(void *addr, size_t len);
long sys_mprotect(void *addr, size_t len, int prot);
long sys_madvise(void *addr, size_t len, int advice);
long sys_getpid(void);
long sys_getppid(void);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_issetugid(void);      /* Linux: AT_SECURE from the auxv */
long sys_getrlimit(int res, struct rlimit *rl);
long sys_setrlimit(int res, const struct rlimit *rl);
long sys_clock_gettime(int clk, struct timespec *ts);
long sys_gettimeofday(struct timeval *tv, void *tz);
long sys_nanosleep(const struct timespec *req, struct timespec *rem);
long sys_getrandom(void *buf, size_t n, unsigned flags);
long sys_sigaction(int sig, const struct gsigaction *act, struct gsigaction *old);
long sys_sigprocmask(int how, const unsigned long *set, unsigned long *old);
long sys_sigaltstack(const struct gstack *ss, struct gstack *old);
long sys_kill(long pid, int sig);
#define SIGBIT(s) (1UL << ((s) - 1))

/* ---- strings and memory ------------------------------------------- */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strcat(char *d, const char *s);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);
int ends_with(const char *s, const char *suffix);
void sort_strings(char **v, int n);

/* ---- output -------------------------------------------------------- */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
void flush(void);
const char *errname(long e);       /* e > 0, or a negative sys_* result */

/* ---- reporting helpers: one observation per line ------------------- */
/* "label: ok" or "label: ENAME" */
void check(const char *label, long r);
/* "label: <r>" or "label: ENAME" */
void checkval(const char *label, long r);
/* "label: yes" / "label: no" */
void yesno(const char *label, int cond);
/* "label: ENAME" if r is an error, else "label: unexpected success <r>" */
void expect_err(const char *label, long r);

#endif
