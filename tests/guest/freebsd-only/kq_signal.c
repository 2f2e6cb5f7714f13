/* EVFILT_SIGNAL counts deliveries since the knote was added (EV_CLEAR
 * implied), next to the signal's handler; a kevent waiting with no timeout
 * fails with EINTR when a handled signal arrives (kevent is never
 * restarted, SA_RESTART or not); a timeout with nothing pending gives 0. */
#include "kq.h"

#define ITIMER_REAL 0
struct itimerval { struct timeval interval, value; };

static volatile int usr1, alrm;
static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_alrm(int sig) { (void)sig; alrm++; }

int main(void)
{
	struct kevent ev[4];
	long kq = kqueue();

	struct gsigaction sa = {(void *)on_usr1, 0, 0};
	check("sigaction(SIGUSR1)", sys_sigaction(SIGUSR1, &sa, NULL));
	sys_kill(sys_getpid(), SIGUSR1);	/* before the knote: not counted */
	check("add SIGNAL SIGUSR1", kchange(kq, SIGUSR1, EVFILT_SIGNAL, EV_ADD, 0, 0, (void *)0x55));
	kpoll("nothing yet", kq, ev, 4, &kq_zero);
	for (int i = 0; i < 3; i++)
		sys_kill(sys_getpid(), SIGUSR1);
	printf("handler ran %d times\n", usr1);
	if (kpoll("after 3 signals", kq, ev, 4, &kq_zero) == 1) {
		show("  event", &ev[0]);
		yesno("  ident SIGUSR1", ev[0].ident == SIGUSR1);
		yesno("  udata", ev[0].udata == (void *)0x55);
	}
	kpoll("cleared", kq, ev, 4, &kq_zero);
	sys_kill(sys_getpid(), SIGUSR1);
	if (kpoll("after 1 more", kq, ev, 4, NULL) == 1)
		show("  event", &ev[0]);
	expect_err("signal 0", kchange(kq, 0, EVFILT_SIGNAL, EV_ADD, 0, 0, 0));
	expect_err("signal 129", kchange(kq, 129, EVFILT_SIGNAL, EV_ADD, 0, 0, 0));
	check("delete", kchange(kq, SIGUSR1, EVFILT_SIGNAL, EV_DELETE, 0, 0, 0));

	/* EINTR: SIGALRM with a handler (SA_RESTART too) while kevent blocks */
	struct gsigaction sb = {(void *)on_alrm, SA_RESTART, 0};
	check("sigaction(SIGALRM, SA_RESTART)", sys_sigaction(SIGALRM, &sb, NULL));
	/* periodic, so that one lands while kevent waits however late it starts */
	struct itimerval it = {{0, 20000}, {0, 20000}};
	check("setitimer every 20ms", sys3(SYS_setitimer, ITIMER_REAL, (long)&it, 0));
	kpoll("blocking kevent", kq, ev, 4, NULL);
	struct itimerval off = {{0, 0}, {0, 0}};
	check("setitimer off", sys3(SYS_setitimer, ITIMER_REAL, (long)&off, 0));
	yesno("SIGALRM handler ran", alrm >= 1);

	struct timespec t10 = {0, 10 * 1000000};
	kpoll("10ms timeout", kq, ev, 4, &t10);
	return 0;
}
