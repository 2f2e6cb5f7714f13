/* The bench programs' whole runtime: an entry point and raw system calls for
 * FreeBSD/amd64 and Linux/x86-64, nothing else.  Self-contained on purpose
 * (no tests/guest crt): the loops must compile to the same instructions for
 * both OSes, differing only in syscall numbers and the error convention.
 *
 *   FreeBSD: entered with %rdi = &argc; errors set CF, rax = positive errno.
 *   Linux:   entered with %rsp = &argc; errors are rax in [-4095, -1].
 *
 * Every syscall goes through the `syscall` instruction (no vDSO), on both
 * sides: the benchmark compares one kernel crossing with one translated
 * crossing. */
#ifndef BENCH_OS_H
#define BENCH_OS_H

typedef unsigned long size_t;

#if defined(__FreeBSD__)
#define OS_NAME "freebsd"
enum {
	NR_exit = 1, NR_read = 3, NR_write = 4, NR_open = 5, NR_close = 6,
	NR_getpid = 20, NR_clock_gettime = 232, NR_fstat = 551,
};
#define OS_CLOCK_MONOTONIC 4
#else
#define OS_NAME "linux"
enum {
	NR_read = 0, NR_write = 1, NR_open = 2, NR_close = 3, NR_fstat = 5,
	NR_getpid = 39, NR_clock_gettime = 228, NR_exit = 231 /* exit_group */,
};
#define OS_CLOCK_MONOTONIC 1
#endif

/* Both kernels may clobber rcx and r11; the argument registers are declared
 * in-out so the compiler reloads them (FreeBSD does not promise to keep
 * them).  Returns -errno on error on both OSes. */
static inline long sys3(long nr, long a, long b, long c)
{
	long ret;
#if defined(__FreeBSD__)
	unsigned char cf;
	__asm__ volatile("syscall; setc %1"
			 : "=a"(ret), "=r"(cf), "+D"(a), "+S"(b), "+d"(c)
			 : "a"(nr)
			 : "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
	return cf ? -ret : ret;
#else
	__asm__ volatile("syscall"
			 : "=a"(ret), "+D"(a), "+S"(b), "+d"(c)
			 : "a"(nr)
			 : "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
	return ret;
#endif
}

#define sys0(n) sys3((n), 0, 0, 0)
#define sys1(n, a) sys3((n), (long)(a), 0, 0)
#define sys2(n, a, b) sys3((n), (long)(a), (long)(b), 0)

struct bench_ts {
	long sec, nsec;
};

static inline long now_ns(void)
{
	struct bench_ts ts;
	sys2(NR_clock_gettime, OS_CLOCK_MONOTONIC, &ts);
	return ts.sec * 1000000000L + ts.nsec;
}

static inline size_t slen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void put(int fd, const char *s)
{
	sys3(NR_write, fd, (long)s, (long)slen(s));
}

__attribute__((noreturn)) static inline void sys_exit(int code)
{
	for (;;)
		sys1(NR_exit, code);
}

/* Unsigned decimal into buf (at least 24 bytes); returns buf. */
static inline char *utoa(unsigned long v, char *buf)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return buf;
}

static inline unsigned long atou(const char *s)
{
	unsigned long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

int bench_main(int argc, char **argv);

/* _start: both OSes hand over &argc; take it from the right register,
 * align the stack, call bench_main, exit with its value. */
__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	xorl %ebp, %ebp\n"
#if !defined(__FreeBSD__)
	"	movq %rsp, %rdi\n"
#endif
	"	andq $-16, %rsp\n"
	"	call bench_start\n"
	"	hlt\n");

__attribute__((used, noreturn)) static void bench_start(long *ap)
{
	sys_exit(bench_main((int)ap[0], (char **)(ap + 1)));
}

/* The compiler may emit calls to these even when freestanding. */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}
void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

#if defined(__FreeBSD__)
/* FreeBSD's ABI note (NT_FREEBSD_ABI_TAG, 13.2), as crtbrand.c writes it. */
__asm__(".section .note.tag, \"a\", @note\n"
	".p2align 2\n"
	".long 8\n.long 4\n.long 1\n"
	".asciz \"FreeBSD\"\n"
	".long 1302001\n"
	".text\n");
#endif

#endif
