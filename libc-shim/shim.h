/* libc-shim: the freestanding, TLS-free support library of the abirun runtime.
 *
 * Everything reachable from a trap is built on this header alone (plus Linux
 * UAPI headers), never on glibc: while a guest runs, %fs belongs to the guest,
 * and glibc's errno, malloc, stdio locks and stack canary all live behind %fs.
 * Functions here return -errno (Linux numbering) instead of setting errno. */
#ifndef ABIRUN_SHIM_H
#define ABIRUN_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>

/* The compiler may emit calls to these for struct copies and zeroing; the asm
 * labels send those calls to the shim instead of glibc (GCC honours a user
 * assembler name on a builtin for its implicit calls too). */
void *memcpy(void *d, const void *s, size_t n) __asm__("shim_memcpy");
void *memmove(void *d, const void *s, size_t n) __asm__("shim_memmove");
void *memset(void *d, int c, size_t n) __asm__("shim_memset");
int memcmp(const void *a, const void *b, size_t n) __asm__("shim_memcmp");
size_t strlen(const char *s) __asm__("shim_strlen");

int shim_strcmp(const char *a, const char *b);
int shim_strncmp(const char *a, const char *b, size_t n);
char *shim_strchr(const char *s, int c);
size_t shim_strlcpy(char *d, const char *s, size_t n);

/* The one path by which the runtime enters the kernel (syscall.S).  It lies
 * inside abirun's text, which is what the seccomp filter allows. */
long shim_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define sys0(n) shim_syscall6((n), 0, 0, 0, 0, 0, 0)
#define sys1(n, a) shim_syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) shim_syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) shim_syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) shim_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys5(n, a, b, c, d, e) shim_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define sys6(n, a, b, c, d, e, f) shim_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* Optional observer of host calls (for --trace=host); NULL when off. */
extern void (*shim_host_call_hook)(long nr, const long *args, long ret);

/* Formatted output: %d %i %u %x %lx %ld %lu %zu %zd %p %s %c %o %%, with
 * width, '0' and '-' flags and '.N' precision for %s.  Never allocates. */
int shim_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int shim_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int shim_dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
long shim_write_all(int fd, const void *buf, size_t n);

/* Allocator on mmap: size classes for small blocks, whole mappings for big
 * ones.  Async-signal-safe (spinlock; no signal runs runtime allocation
 * re-entrantly because runtime handlers never nest into each other's heap
 * use while holding the lock: the lock is taken with host signals as they are,
 * and the critical sections are tiny and call nothing). */
void *shim_malloc(size_t n);
void *shim_calloc(size_t a, size_t b);
void *shim_realloc(void *p, size_t n);
void shim_free(void *p);
void *shim_map_pages(size_t n);

/* Locks usable from signal handlers and across threads. */
typedef struct { volatile int v; } shim_spinlock_t;
void shim_spin_lock(shim_spinlock_t *l);
void shim_spin_unlock(shim_spinlock_t *l);
typedef struct { volatile int v; } shim_mutex_t;   /* futex-based */
void shim_mutex_lock(shim_mutex_t *m);
void shim_mutex_unlock(shim_mutex_t *m);

_Noreturn void shim_exit_group(int status);
_Noreturn void shim_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Time in nanoseconds from CLOCK_MONOTONIC (raw syscall, no vDSO). */
uint64_t shim_now_ns(void);

#endif
