/* Per-OS system call numbers and constants for the guest test programs.
 *
 * Selected by the compiler's target: clang defines __FreeBSD__ for
 * --target=x86_64-unknown-freebsd13 and __linux__ for x86_64-linux-gnu.
 * FreeBSD values: /work/shared/ABI-NOTES.md part A (syscalls.master,
 * sys/fcntl.h, sys/mman.h, A6); Linux values: asm/unistd_64.h and the
 * uapi headers.  A test program only ever uses the symbolic names, so the
 * same source means the same thing on both systems. */
#ifndef GUEST_SYSDEFS_H
#define GUEST_SYSDEFS_H

#if defined(__FreeBSD__)

#define OS_NAME "freebsd"

/* system calls (sys/kern/syscalls.master) */
#define SYS_syscall        0
#define SYS_exit           1
#define SYS_read           3
#define SYS_write          4
#define SYS_open           5
#define SYS_close          6
#define SYS_link           9
#define SYS_unlink         10
#define SYS_chdir          12
#define SYS_fchdir         13
#define SYS_getpid         20
#define SYS_getuid         24
#define SYS_geteuid        25
#define SYS_access         33
#define SYS_kill           37
#define SYS_getppid        39
#define SYS_dup            41
#define SYS_getegid        43
#define SYS_getgid         47
#define SYS_sigaltstack    53
#define SYS_ioctl          54
#define SYS_symlink        57
#define SYS_readlink       58
#define SYS_munmap         73
#define SYS_mprotect       74
#define SYS_madvise        75
#define SYS_swapon         85
#define SYS_dup2           90
#define SYS_fcntl          92
#define SYS_gettimeofday   116
#define SYS_readv          120
#define SYS_writev         121
#define SYS_rename         128
#define SYS_mkdir          136
#define SYS_rmdir          137
#define SYS_sysarch        165
#define SYS_getrlimit      194
#define SYS_setrlimit      195
#define SYS___syscall      198
#define SYS___sysctl       202
#define SYS_clock_gettime  232
#define SYS_nanosleep      240
#define SYS_issetugid      253
#define SYS___getcwd       326
#define SYS_sigprocmask    340
#define SYS_sigaction      416
#define SYS_sigreturn      417
#define SYS_thr_self       432
#define SYS_pread          475
#define SYS_pwrite         476
#define SYS_mmap           477
#define SYS_lseek          478
#define SYS_faccessat      489
#define SYS_linkat         495
#define SYS_mkdirat        496
#define SYS_openat         499
#define SYS_readlinkat     500
#define SYS_renameat       501
#define SYS_symlinkat      502
#define SYS_unlinkat       503
#define SYS_pipe2          542
#define SYS_fstat          551
#define SYS_fstatat        552
#define SYS_getdirentries  554
#define SYS_getrandom      563

/* open(2) flags */
#define O_RDONLY     0x0
#define O_WRONLY     0x1
#define O_RDWR       0x2
#define O_ACCMODE    0x3
#define O_NONBLOCK   0x4
#define O_APPEND     0x8
#define O_NOFOLLOW   0x100
#define O_CREAT      0x200
#define O_TRUNC      0x400
#define O_EXCL       0x800
#define O_DIRECTORY  0x20000
#define O_CLOEXEC    0x100000

#define AT_FDCWD            (-100)
#define AT_EACCESS          0x100
#define AT_SYMLINK_NOFOLLOW 0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_REMOVEDIR        0x800

#define F_DUPFD_CLOEXEC 17

#define MAP_ANON     0x1000

#define RLIMIT_NOFILE 8
#define CLOCK_MONOTONIC 4

/* signals */
#define SIGBUS   10
#define SIGSYS   12
#define SIGURG   16
#define SIGSTOP  17
#define SIGCHLD  20
#define SIGUSR1  30
#define SIGUSR2  31

#define SIG_BLOCK    1
#define SIG_UNBLOCK  2
#define SIG_SETMASK  3

#define SA_ONSTACK   0x1
#define SA_RESTART   0x2
#define SA_RESETHAND 0x4
#define SA_NODEFER   0x10
#define SA_SIGINFO   0x40

#define SS_DISABLE   4

/* ioctl */
#define FIONREAD  0x4004667fUL
#define FIONBIO   0x8004667eUL
#define TIOCGETA  0x402c7413UL

/* sysarch(2) */
#define AMD64_GET_FSBASE 128
#define AMD64_SET_FSBASE 129

/* auxv */
#define AT_OSRELDATE 18
#define AT_NCPUS     19

/* errno values a program may want to compare against */
#define EAGAIN   35
#define ENOSYS   78

#elif defined(__linux__)

#define OS_NAME "linux"

#define SYS_read           0
#define SYS_write          1
#define SYS_open           2
#define SYS_close          3
#define SYS_fstat          5
#define SYS_lseek          8
#define SYS_mmap           9
#define SYS_mprotect       10
#define SYS_munmap         11
#define SYS_rt_sigaction   13
#define SYS_rt_sigprocmask 14
#define SYS_sigaction      SYS_rt_sigaction     /* + sigsetsize 8 */
#define SYS_sigprocmask    SYS_rt_sigprocmask   /* + sigsetsize 8 */
#define SYS_rt_sigreturn   15
#define SYS_ioctl          16
#define SYS_pread          17
#define SYS_pwrite         18
#define SYS_readv          19
#define SYS_writev         20
#define SYS_access         21
#define SYS_madvise        28
#define SYS_dup            32
#define SYS_dup2           33
#define SYS_nanosleep      35
#define SYS_getpid         39
#define SYS_exit_thread    60
#define SYS_kill           62
#define SYS_fcntl          72
#define SYS_getcwd         79
#define SYS_chdir          80
#define SYS_fchdir         81
#define SYS_rename         82
#define SYS_mkdir          83
#define SYS_rmdir          84
#define SYS_link           86
#define SYS_unlink         87
#define SYS_symlink        88
#define SYS_readlink       89
#define SYS_gettimeofday   96
#define SYS_getrlimit      97
#define SYS_getuid         102
#define SYS_getgid         104
#define SYS_geteuid        107
#define SYS_getegid        108
#define SYS_getppid        110
#define SYS_sigaltstack    131
#define SYS_setrlimit      160
#define SYS_getdents64     217
#define SYS_clock_gettime  228
#define SYS_exit           231   /* exit_group */
#define SYS_mkdirat        258
#define SYS_openat         257
#define SYS_fstatat        262   /* newfstatat */
#define SYS_unlinkat       263
#define SYS_renameat       264
#define SYS_linkat         265
#define SYS_symlinkat      266
#define SYS_readlinkat     267
#define SYS_faccessat      269
#define SYS_pipe2          293
#define SYS_getrandom      318

#define O_RDONLY     0x0
#define O_WRONLY     0x1
#define O_RDWR       0x2
#define O_ACCMODE    0x3
#define O_CREAT      0x40
#define O_EXCL       0x80
#define O_TRUNC      0x200
#define O_APPEND     0x400
#define O_NONBLOCK   0x800
#define O_DIRECTORY  0x10000
#define O_NOFOLLOW   0x20000
#define O_CLOEXEC    0x80000

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS          0x200
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400

#define F_DUPFD_CLOEXEC 1030

#define MAP_ANON     0x20

#define RLIMIT_NOFILE 7
#define CLOCK_MONOTONIC 1

#define SIGBUS   7
#define SIGUSR1  10
#define SIGUSR2  12
#define SIGCHLD  17
#define SIGSTOP  19
#define SIGURG   23
#define SIGSYS   31

#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2

#define SA_SIGINFO   0x4
#define SA_RESTORER  0x04000000
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SS_DISABLE   2

#define FIONREAD  0x541bUL
#define FIONBIO   0x5421UL
#define TIOCGETA  0x5401UL       /* TCGETS */

#define AT_SECURE 23

#define EAGAIN   11
#define ENOSYS   38

#else
#error "guest tests are built for FreeBSD or Linux only"
#endif

/* identical on both systems */
#define F_DUPFD   0
#define F_GETFD   1
#define F_SETFD   2
#define F_GETFL   3
#define F_SETFL   4
#define FD_CLOEXEC 1

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_IFSOCK 0140000
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8
#define DT_LNK     10

#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_SHARED  1
#define MAP_PRIVATE 2
#define MAP_FIXED   0x10

#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4

#define CLOCK_REALTIME 0

#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGFPE   8
#define SIGKILL  9
#define SIGSEGV  11
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15

#define SIG_DFL ((void *)0)
#define SIG_IGN ((void *)1)

#define SS_ONSTACK 1

#define GRND_NONBLOCK 1

#define AT_NULL   0
#define AT_PHDR   3
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_ENTRY  9

#define EPERM    1
#define ENOENT   2
#define EBADF    9
#define EFAULT   14
#define EINVAL   22

#endif
