/* FreeBSD's clock page (vdso_timekeep, AT_TIMEKEEP), kept current by a
 * runtime thread, so that Go and libc read the time with rdtsc instead of a
 * clock_gettime trap (two thirds of a busy Go program's traps otherwise,
 * docs/performance.md).
 *
 * Readers (Go's runtime/vdso_freebsd.go, libc's __vdso_gettimeofday.c):
 *   counter = (uint32)(rdtsc >> x86_shift)
 *   uptime  = offset + scale * ((counter - offset_count) & counter_mask)
 *   realtime = uptime + boottime
 * with the generation protocol (gen 0 = being written).  The scale
 * multiplication wraps after one second of counter, and the 32-bit counter
 * after ~6 minutes: the timekeeper re-anchors every 10 ms.  It re-anchors to
 * the host's CLOCK_MONOTONIC without ever going back: when ahead, it keeps
 * its value and runs slow until the host catches up. */
#include "handlers.h"

struct bintime {
	int64_t sec;
	uint64_t frac;
};

struct timehands {
	uint32_t algo, gen;
	uint64_t scale;
	uint32_t offset_count, counter_mask;
	struct bintime offset, boottime;
	uint32_t x86_shift, x86_hpet_idx;
	uint32_t res[6];
};
_Static_assert(sizeof(struct timehands) == 0x58, "vdso_timehands is 0x58 bytes");

struct timekeep {
	uint32_t ver, enabled, current, pad;
	struct timehands th[4];
};

#define SHIFT 8
#define PERIOD_NS 10000000ll
#define NS_TO_FRAC 18446744073.709551616	/* 2^64 / 1e9 */

static struct timekeep *tk;
static double ticks_per_ns;		/* TSC */
static uint64_t tsc0;
static int64_t host0;
static uint32_t gen_counter;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static int64_t host_ns(int clock)
{
	struct { int64_t s; long ns; } ts;
	sys2(__NR_clock_gettime, clock, &ts);
	return ts.s * 1000000000ll + ts.ns;
}

static struct bintime ns_to_bt(int64_t ns)
{
	struct bintime b;
	b.sec = ns / 1000000000ll;
	uint64_t rem = (uint64_t)(ns % 1000000000ll);
	b.frac = rem * 18446744073ull + rem * 709551616ull / 1000000000ull;
	return b;
}

static int64_t bt_to_ns(struct bintime b)
{
	return b.sec * 1000000000ll + (int64_t)((1000000000ull * (b.frac >> 32)) >> 32);
}

/* What a reader of th computes at tsc. */
static struct bintime extrapolate(const struct timehands *th, uint64_t tsc)
{
	struct bintime b = th->offset;
	uint32_t delta = ((uint32_t)(tsc >> th->x86_shift) - th->offset_count) & th->counter_mask;
	uint64_t add = th->scale * delta, u = b.frac;
	b.frac += add;
	if (b.frac < u)
		b.sec++;
	return b;
}

static void refresh(bool first)
{
	uint64_t tsc = rdtsc();
	int64_t mono = host_ns(1), real = host_ns(0);
	int64_t elapsed = mono - host0;
	if (elapsed > 1000000)	/* a longer baseline, a better frequency */
		ticks_per_ns = (double)(int64_t)(tsc - tsc0) / (double)elapsed;
	struct timehands *cur = &tk->th[tk->current & 3];
	int64_t off = mono;
	double slow = 1.0;
	if (!first) {
		int64_t ext = bt_to_ns(extrapolate(cur, tsc));
		if (ext > mono) {		/* ahead: never step back */
			off = ext;
			double ahead = (double)(ext - mono) / (double)PERIOD_NS;
			slow = ahead > 0.5 ? 0.5 : 1.0 - ahead;
		}
	}
	double ns_per_tick = (double)(1 << SHIFT) / ticks_per_ns * slow;
	uint32_t next = (tk->current + 1) & 3;
	struct timehands *th = &tk->th[next];
	__atomic_store_n(&th->gen, 0, __ATOMIC_RELEASE);
	th->algo = 1;	/* VDSO_TH_ALGO_X86_TSC */
	th->x86_shift = SHIFT;
	th->counter_mask = 0xffffffffu;
	th->offset_count = (uint32_t)(tsc >> SHIFT);
	th->scale = (uint64_t)(int64_t)(ns_per_tick * NS_TO_FRAC);
	th->offset = first ? ns_to_bt(mono) : ns_to_bt(off);
	th->boottime = ns_to_bt(real - mono);
	if (++gen_counter == 0)
		gen_counter = 1;
	__atomic_store_n(&th->gen, gen_counter, __ATOMIC_RELEASE);
	__atomic_store_n(&tk->current, next, __ATOMIC_RELEASE);
}

static _Noreturn void timekeeper_main(struct rt_thread *th)
{
	runtime_thread_init(th);
	for (;;) {
		struct { int64_t s; long ns; } ts = {0, PERIOD_NS};
		sys2(__NR_nanosleep, &ts, 0);
		refresh(false);
	}
}

/* Host phase: set up the page; returns its address for AT_TIMEKEEP. */
uint64_t timekeep_init(void *page, double tsc_mhz_guess)
{
	tk = page;
	memset(tk, 0, sizeof *tk);
	tk->ver = 1;		/* VDSO_TK_VER_CURR */
	ticks_per_ns = tsc_mhz_guess / 1000.0;
	tsc0 = rdtsc();
	host0 = host_ns(1);
	tk->current = 3;
	refresh(true);
	tk->enabled = 1;
	return (uint64_t)tk;
}

extern long rt_clone_helper(unsigned long flags, void *stack, void (*fn)(struct rt_thread *), struct rt_thread *th);

/* Runtime: start the thread that keeps the page current.  It belongs to
 * the runtime, blocks every signal, and is not a guest thread. */
void timekeep_start(void)
{
	if (!tk)
		return;
	struct rt_thread *th = shim_calloc(1, sizeof *th);
	char *stack = shim_map_pages(64 * 1024);
	if (!th || !stack) {
		tk->enabled = 0;	/* readers fall back to clock_gettime */
		return;
	}
	uint64_t all = ~0ull, old;
	sys4(__NR_rt_sigprocmask, 2, &all, &old, 8);
	long r = rt_clone_helper(0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000, stack + 64 * 1024,
				 (void (*)(struct rt_thread *))timekeeper_main, th);
	sys4(__NR_rt_sigprocmask, 2, &old, 0, 8);
	if (r < 0)
		tk->enabled = 0;
}

/* A fork child has no timekeeper thread: start its own. */
void timekeep_after_fork(void)
{
	timekeep_start();
}
