/* Clocks and randomness: clock_gettime REALTIME/MONOTONIC, gettimeofday,
 * nanosleep, getrandom.  Times are never printed, only comparisons. */
#include "guest.h"

static long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000L + t->tv_nsec;
}

int main(void)
{
	struct timespec rt, m1, m2, req, rem;
	struct timeval tv;

	check("clock_gettime(CLOCK_REALTIME)", sys_clock_gettime(CLOCK_REALTIME, &rt));
	yesno("realtime after 2020-01-01", rt.tv_sec > 1577836800L);
	yesno("realtime before 2100-01-01", rt.tv_sec < 4102444800L);
	yesno("tv_nsec in [0, 1e9)", rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000L);
	check("gettimeofday", sys_gettimeofday(&tv, NULL));
	yesno("gettimeofday within 2 s of clock_gettime", tv.tv_sec - rt.tv_sec >= 0 && tv.tv_sec - rt.tv_sec <= 2);
	yesno("tv_usec in [0, 1e6)", tv.tv_usec >= 0 && tv.tv_usec < 1000000);

	check("clock_gettime(CLOCK_MONOTONIC)", sys_clock_gettime(CLOCK_MONOTONIC, &m1));
	int nondecreasing = 1;
	struct timespec prev = m1, cur;
	for (int i = 0; i < 1000; i++) {
		sys_clock_gettime(CLOCK_MONOTONIC, &cur);
		if (ns(&cur) < ns(&prev))
			nondecreasing = 0;
		prev = cur;
	}
	yesno("monotonic never goes back (1000 reads)", nondecreasing);

	req.tv_sec = 0;
	req.tv_nsec = 1000000;
	sys_clock_gettime(CLOCK_MONOTONIC, &m1);
	check("nanosleep(1 ms)", sys_nanosleep(&req, &rem));
	sys_clock_gettime(CLOCK_MONOTONIC, &m2);
	yesno("at least 1 ms passed", ns(&m2) - ns(&m1) >= 1000000);
	yesno("less than 2 s passed", ns(&m2) - ns(&m1) < 2000000000L);
	req.tv_nsec = 1000000000L;
	expect_err("nanosleep(tv_nsec = 1e9)", sys_nanosleep(&req, NULL));
	expect_err("clock_gettime(clock 12345)", sys_clock_gettime(12345, &rt));

	unsigned char a[32], b[32];
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	checkval("getrandom(32)", sys_getrandom(a, sizeof(a), 0));
	checkval("getrandom(32) again", sys_getrandom(b, sizeof(b), 0));
	yesno("the two buffers differ", memcmp(a, b, sizeof(a)) != 0);
	int allzero = 1;
	for (unsigned i = 0; i < sizeof(a); i++)
		if (a[i])
			allzero = 0;
	yesno("not all zero", !allzero);
	checkval("getrandom(0)", sys_getrandom(a, 0, 0));
	checkval("getrandom(16, GRND_NONBLOCK)", sys_getrandom(a, 16, GRND_NONBLOCK));
	expect_err("getrandom(flags 0x100)", sys_getrandom(a, 16, 0x100));
	return 0;
}
