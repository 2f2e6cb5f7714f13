/* FreeBSD 13/14 descriptor kinds and small calls abirun maps onto Linux:
 * timerfd, eventfd (__specialfd), posix_openpt, posix_fallocate (error as
 * return value), funlinkat, sched_*, getdtablesize, pathconf. */
#include "guest.h"

int main(int argc, char **argv)
{
	(void)argc;
	if (sys_chdir(argv[1]) < 0)
		return 1;
	/* timerfd_create(CLOCK_MONOTONIC 4, TFD_CLOEXEC = O_CLOEXEC) */
	long tfd = sys2(585, 4, 0x100000);
	yesno("timerfd_create", tfd >= 0);
	long its[4] = {0, 0, 0, 2000000};	/* it_interval 0, it_value 2 ms */
	yesno("timerfd_settime", sys4(587, tfd, 0, (long)its, 0) == 0);
	uint64_t ticks = 0;
	yesno("read blocks until the timer expires, 1 tick", sys_read((int)tfd, &ticks, 8) == 8 && ticks == 1);
	long cur[4];
	yesno("timerfd_gettime: disarmed", sys2(586, tfd, (long)cur) == 0 && cur[2] == 0 && cur[3] == 0);
	printf("timerfd_create(CLOCK_VIRTUAL): %s\n", errname(sys2(585, 1, 0)));

	/* __specialfd(SPECIALFD_EVENTFD, {initval 3, EFD_SEMAPHORE}, 8) */
	struct { uint32_t initval; int32_t flags; } req = {3, 1};
	long efd = sys3(577, 1, (long)&req, sizeof req);
	yesno("eventfd", efd >= 0);
	uint64_t v = 0;
	yesno("semaphore read gives 1", sys_read((int)efd, &v, 8) == 8 && v == 1);
	printf("__specialfd(99): %s\n", errname(sys3(577, 99, (long)&req, sizeof req)));

	long pt = sys1(504, O_RDWR | 0x8000 /* O_NOCTTY */);
	yesno("posix_openpt", pt >= 0);

	long fd = sys_open("f", O_RDWR | O_CREAT, 0644);
	printf("posix_fallocate(fd, 0, 8192) returns %ld\n", sys3(530, fd, 0, 8192));
	struct gstat st;
	sys_fstat((int)fd, &st);
	yesno("file grew to 8192", st.size == 8192);
	printf("posix_fallocate(fd, 0, 0) returns %s\n", errname(sys3(530, fd, 0, 0)));
	printf("posix_fadvise(fd, 0, 0, 99) returns %s\n", errname(sys4(531, fd, 0, 0, 99)));

	long other = sys_open("g", O_RDWR | O_CREAT, 0644);
	printf("funlinkat(f, fd of g): %s\n", errname(sys4(568, AT_FDCWD, (long)"f", other, 0)));
	printf("funlinkat(f, fd of f): %ld\n", sys4(568, AT_FDCWD, (long)"f", fd, 0));

	printf("sched_getscheduler(0) == SCHED_OTHER (2): %ld\n", sys1(330, 0));
	yesno("sched_getcpu >= 0", sys0(581) >= 0);
	yesno("getdtablesize > 0", sys0(89) > 0);
	printf("pathconf(., _PC_NAME_MAX): %ld\n", sys2(191, (long)".", 4));
	printf("pathconf(., _PC_PIPE_BUF): %ld\n", sys2(191, (long)".", 6));
	return 0;
}
