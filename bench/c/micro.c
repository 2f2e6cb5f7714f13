/* Syscall microbenchmarks: one loop per call, timed with clock_gettime
 * around N iterations (after N/10 warm-up iterations).
 *
 *   micro TEST N    TEST: getpid read clock_gettime fstat openclose
 *   micro xinuse    the XSAVE components in use at entry (XGETBV 1)
 *
 * Prints "TEST N TOTAL_NS" (or "xinuse HEX", "xinuse unsupported") on
 * stdout; exit 0, or 2 with a message on error.
 * The same source is built for Linux (run natively) and for FreeBSD (run
 * under abirun); see os.h. */
#include "os.h"

static const char zero_path[] = "/dev/zero";

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int fail(const char *what, long err)
{
	char num[24];
	put(2, "micro: ");
	put(2, what);
	put(2, " failed, errno ");
	put(2, utoa((unsigned long)-err, num));
	put(2, "\n");
	return 2;
}

/* One iteration of each loop.  noinline keeps the loop bodies identical
 * and visible in profiles. */
static long fd_zero = -1;
static unsigned char buf[512] __attribute__((aligned(16)));

__attribute__((noinline)) static long op_getpid(void) { return sys0(NR_getpid); }
__attribute__((noinline)) static long op_read(void) { return sys3(NR_read, fd_zero, (long)buf, 1); }
__attribute__((noinline)) static long op_clock(void)
{
	return sys2(NR_clock_gettime, OS_CLOCK_MONOTONIC, buf);
}
/* struct stat: 144 bytes on Linux, 224 on FreeBSD >= 12: buf holds both. */
__attribute__((noinline)) static long op_fstat(void) { return sys2(NR_fstat, fd_zero, buf); }
__attribute__((noinline)) static long op_openclose(void)
{
	long fd = sys2(NR_open, zero_path, 0 /* O_RDONLY on both */);
	if (fd < 0)
		return fd;
	return sys1(NR_close, fd);
}

/* Which register states (x87, SSE, AVX, AVX-512...) are "in use" when the
 * program starts: the kernel saves and restores those with every signal
 * frame, so under abirun they price every trap.  A fresh exec has none. */
static int xinuse(void)
{
	unsigned a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	int ok = (c >> 27) & 1;	/* OSXSAVE */
	if (ok) {
		__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(1));
		ok = (a >> 2) & 1;	/* XGETBV with ECX = 1 */
	}
	if (!ok) {
		put(1, "xinuse unsupported\n");
		return 0;
	}
	__asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(1));
	char hex[20];
	int n = 0;
	unsigned long v = ((unsigned long)d << 32) | a;
	hex[n++] = '0', hex[n++] = 'x';
	int started = 0;
	for (int sh = 60; sh >= 0; sh -= 4) {
		int nib = (int)((v >> sh) & 15);
		if (nib || started || sh == 0) {
			hex[n++] = (char)(nib < 10 ? '0' + nib : 'a' + nib - 10);
			started = 1;
		}
	}
	hex[n] = 0;
	put(1, "xinuse ");
	put(1, hex);
	put(1, "\n");
	return 0;
}

int bench_main(int argc, char **argv)
{
	if (argc == 2 && streq(argv[1], "xinuse"))
		return xinuse();
	if (argc < 3) {
		put(2, "usage: micro getpid|read|clock_gettime|fstat|openclose N\n");
		return 2;
	}
	long (*op)(void);
	const char *t = argv[1];
	if (streq(t, "getpid"))
		op = op_getpid;
	else if (streq(t, "read"))
		op = op_read;
	else if (streq(t, "clock_gettime"))
		op = op_clock;
	else if (streq(t, "fstat"))
		op = op_fstat;
	else if (streq(t, "openclose"))
		op = op_openclose;
	else {
		put(2, "micro: unknown test\n");
		return 2;
	}
	unsigned long n = atou(argv[2]);
	if (!n)
		n = 1;
	fd_zero = sys2(NR_open, zero_path, 0);
	if (fd_zero < 0)
		return fail("open /dev/zero", fd_zero);

	long r;
	for (unsigned long i = 0; i < n / 10; i++)
		if ((r = op()) < 0)
			return fail(t, r);
	long t0 = now_ns();
	for (unsigned long i = 0; i < n; i++)
		op();
	long t1 = now_ns();
	if ((r = op()) < 0)
		return fail(t, r);

	char num[24];
	put(1, t);
	put(1, " ");
	put(1, utoa(n, num));
	put(1, " ");
	put(1, utoa((unsigned long)(t1 - t0), num));
	put(1, "\n");
	return 0;
}
