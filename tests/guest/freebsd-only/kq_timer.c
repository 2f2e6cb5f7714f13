/* EVFILT_TIMER: one-shot and periodic timers in ms (default), seconds,
 * microseconds, nanoseconds and absolute time; data = expirations since
 * the last report (checked as >= expected, never exact timing); EV_CLEAR
 * is implied; re-adding restarts with the new period; bad units fail; a
 * timeout expires with 0 events.  Waits have no timeout except where a
 * timeout is the thing tested. */
#include "kq.h"

int main(void)
{
	struct kevent ev[4];
	long kq = kqueue();

	/* one-shot, 20 ms */
	check("add TIMER 1 ONESHOT 20ms", kchange(kq, 1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 20, (void *)0x77));
	long n = kpoll("wait", kq, ev, 4, NULL);
	if (n == 1) {
		printf("  %s ident=%lu flags=0x%x data>=1: %s udata ok: %s\n", filtname(ev[0].filter), ev[0].ident,
		       ev[0].flags, ev[0].data >= 1 ? "yes" : "no", ev[0].udata == (void *)0x77 ? "yes" : "no");
	}
	kpoll("one-shot fired once", kq, ev, 4, &kq_zero);
	expect_err("one-shot knote is gone", kchange(kq, 1, EVFILT_TIMER, EV_DELETE, 0, 0, 0));

	/* periodic, 5 ms: expirations add up */
	check("add TIMER 2 periodic 5ms", kchange(kq, 2, EVFILT_TIMER, EV_ADD, 0, 5, 0));
	long total = 0, calls = 0;
	while (total < 5 && calls < 1000) {
		n = kevent(kq, NULL, 0, ev, 4, NULL);
		if (n != 1 || ev[0].ident != 2 || ev[0].data < 1) {
			printf("unexpected: n=%ld\n", n);
			break;
		}
		total += ev[0].data;
		calls++;
	}
	yesno("periodic: 5 expirations seen", total >= 5);
	yesno("  flags CLEAR (implied)", ev[0].flags == EV_CLEAR);
	struct timespec nap = {0, 30 * 1000000};
	sys_nanosleep(&nap, NULL);
	n = kevent(kq, NULL, 0, ev, 4, &kq_zero);
	yesno("periodic: missed periods are counted (data > 1 after 30ms)", n == 1 && ev[0].data > 1);
	check("delete TIMER 2", kchange(kq, 2, EVFILT_TIMER, EV_DELETE, 0, 0, 0));

	/* units */
	check("add TIMER 3 ONESHOT 3000us", kchange(kq, 3, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_USECONDS, 3000, 0));
	n = kpoll("wait", kq, ev, 4, NULL);
	if (n == 1)
		printf("  ident=%lu data>=1: %s\n", ev[0].ident, ev[0].data >= 1 ? "yes" : "no");
	check("add TIMER 4 ONESHOT 2000000ns", kchange(kq, 4, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_NSECONDS, 2000000, 0));
	n = kpoll("wait", kq, ev, 4, NULL);
	if (n == 1)
		printf("  ident=%lu\n", ev[0].ident);
	check("add TIMER 5 ONESHOT 0s", kchange(kq, 5, EVFILT_TIMER, EV_ADD | EV_ONESHOT, NOTE_SECONDS, 0, 0));
	n = kpoll("wait", kq, ev, 4, NULL);
	if (n == 1)
		printf("  ident=%lu\n", ev[0].ident);
	struct timespec now;
	sys_clock_gettime(CLOCK_REALTIME, &now);
	check("add TIMER 6 absolute, 1s in the past",
	      kchange(kq, 6, EVFILT_TIMER, EV_ADD, NOTE_ABSTIME | NOTE_SECONDS, now.tv_sec - 1, 0));
	n = kpoll("wait", kq, ev, 4, NULL);
	if (n == 1)
		printf("  ident=%lu data=%ld\n", ev[0].ident, ev[0].data);
	kpoll("absolute timer fires once", kq, ev, 4, &kq_zero);
	check("delete TIMER 6", kchange(kq, 6, EVFILT_TIMER, EV_DELETE, 0, 0, 0));

	/* errors */
	expect_err("two units", kchange(kq, 7, EVFILT_TIMER, EV_ADD, NOTE_SECONDS | NOTE_USECONDS, 1, 0));
	expect_err("negative period", kchange(kq, 7, EVFILT_TIMER, EV_ADD, 0, -1, 0));
	expect_err("unknown fflags", kchange(kq, 7, EVFILT_TIMER, EV_ADD, 0x100, 1, 0));

	/* timeout: a 20 ms wait while the only timer is an hour away */
	check("add TIMER 8 3600s", kchange(kq, 8, EVFILT_TIMER, EV_ADD, NOTE_SECONDS, 3600, 0));
	struct timespec t20 = {0, 20 * 1000000};
	kpoll("20ms timeout", kq, ev, 4, &t20);
	/* re-adding restarts it with the new period (the flags stay those of
	 * the first EV_ADD: still periodic) */
	check("re-add TIMER 8 with 1ms", kchange(kq, 8, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 1, 0));
	n = kpoll("wait", kq, ev, 4, NULL);
	if (n == 1)
		printf("  ident=%lu flags=0x%x\n", ev[0].ident, ev[0].flags);
	check("delete TIMER 8", kchange(kq, 8, EVFILT_TIMER, EV_DELETE, 0, 0, 0));

	/* disabled timers keep counting; enabling reports the count */
	check("add TIMER 9 periodic 2ms", kchange(kq, 9, EVFILT_TIMER, EV_ADD, 0, 2, 0));
	check("disable", kchange(kq, 9, EVFILT_TIMER, EV_DISABLE, 0, 0, 0));
	sys_nanosleep(&nap, NULL);
	kpoll("disabled", kq, ev, 4, &kq_zero);
	check("enable", kchange(kq, 9, EVFILT_TIMER, EV_ENABLE, 0, 0, 0));
	n = kevent(kq, NULL, 0, ev, 4, NULL);
	yesno("enabled: expirations while disabled counted (data > 1)", n == 1 && ev[0].data > 1);
	check("delete TIMER 9", kchange(kq, 9, EVFILT_TIMER, EV_DELETE, 0, 0, 0));
	check("close", sys_close((int)kq));
	return 0;
}
