/* Resource limits: getrlimit/setrlimit on RLIMIT_NOFILE, and what the
 * lowered limit means for opening descriptors. */
#include "guest.h"

int main(void)
{
	struct rlimit rl, now;
	check("getrlimit(RLIMIT_NOFILE)", sys_getrlimit(RLIMIT_NOFILE, &rl));
	yesno("soft <= hard", rl.rlim_cur <= rl.rlim_max);
	yesno("soft >= 32", rl.rlim_cur >= 32);

	struct rlimit low = { 16, rl.rlim_max };
	check("setrlimit(RLIMIT_NOFILE, soft 16)", sys_setrlimit(RLIMIT_NOFILE, &low));
	check("getrlimit again", sys_getrlimit(RLIMIT_NOFILE, &now));
	printf("soft limit now: %lu\n", now.rlim_cur);
	yesno("hard limit unchanged", now.rlim_max == rl.rlim_max);

	/* descriptors at or above the soft limit cannot be created */
	expect_err("dup2(0, 16)", sys_dup2(0, 16));
	check("dup2(0, 15)", sys_dup2(0, 15));
	expect_err("fcntl(0, F_DUPFD, 16)", sys_fcntl(0, F_DUPFD, 16));
	long last = 0, r;
	int n = 0;
	for (;;) {
		r = sys_dup(0);
		if (r < 0)
			break;
		last = r;
		if (++n > 100)
			break;
	}
	expect_err("dup until the limit", r);
	yesno("every descriptor below 16", last < 16);

	/* (soft > hard is EINVAL on Linux but silently clamped by FreeBSD,
	 * so it is not compared.) */
	expect_err("getrlimit(resource 1000)", sys_getrlimit(1000, &now));
	expect_err("setrlimit(resource 1000)", sys_setrlimit(1000, &low));
	return 0;
}
