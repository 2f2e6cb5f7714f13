/* Go's netpoll pattern on a socket: READ and WRITE on the same fd, both
 * EV_ADD|EV_CLEAR, each with its own udata (a pollDesc pointer), registered
 * in one call through freebsd11_kevent (Go <= 1.20) and kevent (newer Go).
 * Each filter reports only its own condition; the peer's shutdown gives
 * READ EV_EOF with the bytes still unread; level WRITE stays reported.
 * A data arrival must not report WRITE again (it would on a single epoll
 * registration with both interests). */
#include "kq.h"

static char pd_a[16], pd_b[16], pd_c[16], pd_d[16];

static void report_only(const char *label, const struct kevent *ev, long n, short only)
{
	long m = 0;
	for (long i = 0; i < n; i++)
		m += !only || ev[i].filter == only;
	printf("%s: %ld %sevents\n", label, m, only ? "READ " : "");
	for (long i = 0; i < n; i++) {
		if (only && ev[i].filter != only)
			continue;
		const char *who = ev[i].udata == pd_a ? "A" : ev[i].udata == pd_b ? "B" :
				  ev[i].udata == pd_c ? "C" : ev[i].udata == pd_d ? "D" : "?";
		char l[32];
		snprintf(l, sizeof l, "  udata %s", who);
		show(l, &ev[i]);
	}
}

static void report(const char *label, const struct kevent *ev, long n)
{
	report_only(label, ev, n, 0);
}

/* events sorted by filter (READ first) so the output is stable */
static long get(long kq, struct kevent *ev, int n)
{
	long r = kevent(kq, NULL, 0, ev, n, &kq_zero);
	if (r == 2 && ev[0].filter == EVFILT_WRITE && ev[1].filter == EVFILT_READ) {
		struct kevent t = ev[0];
		ev[0] = ev[1];
		ev[1] = t;
	}
	return r;
}

int main(void)
{
	int sv[2];
	struct kevent ev[8];
	char buf[64];
	long kq = kqueue();
	check("socketpair", sys4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv));

	/* Go 1.19: one freebsd11_kevent call with two changes */
	struct kevent11 ch11[2] = {
		{(unsigned long)sv[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, pd_a},
		{(unsigned long)sv[0], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, pd_b},
	};
	checkval("363: add READ+WRITE|CLEAR", kevent11(kq, ch11, 2, NULL, 0, NULL));
	/* newer Go: the same through kevent (560) on the other end */
	struct kevent ch[2];
	EV_SET(&ch[0], sv[1], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, pd_c);
	EV_SET(&ch[1], sv[1], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, pd_d);
	checkval("560: add READ+WRITE|CLEAR", kevent(kq, ch, 2, NULL, 0, NULL));

	long n = get(kq, ev, 8);
	report("initially (both ends writable)", ev, n);
	report("clear: nothing new", ev, get(kq, ev, 8));

	sys_write(sv[1], "ping!", 5);
	report("peer wrote 5 bytes", ev, get(kq, ev, 8));
	report("clear: nothing new", ev, get(kq, ev, 8));
	sys_write(sv[1], "abc", 3);
	report("peer wrote 3 more", ev, get(kq, ev, 8));
	checkval("read", sys_read(sv[0], buf, sizeof buf));
	report("after reading (the peer may write again)", ev, get(kq, ev, 8));

	sys_write(sv[1], "zz", 2);
	check("shutdown(peer, SHUT_WR)", sys2(SYS_shutdown, sv[1], SHUT_WR));
	/* (Linux wakes every waiter of both sockets on a shutdown: WRITE
	 * filters may see a spurious, harmless event; not shown) */
	report_only("after peer shutdown", ev, get(kq, ev, 8), EVFILT_READ);

	/* the 363 event layout with two filters */
	struct kevent11 e11[4];
	sys_write(sv[0], "x", 1);
	long r = kevent11(kq, NULL, 0, e11, 4, &kq_zero);
	checkval("363: after writing to the peer", r);
	for (long i = 0; i < r; i++)
		printf("  %s udata %s\n", filtname(e11[i].filter),
		       e11[i].udata == pd_c ? "C" : e11[i].udata == pd_d ? "D" : "?");

	/* level-triggered WRITE on a fresh socket pair */
	int sw[2];
	sys4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sw);
	check("add WRITE (level)", kchange(kq, sw[0], EVFILT_WRITE, EV_ADD, 0, 0, pd_a));
	report("level WRITE", ev, get(kq, ev, 8));
	report("level WRITE again", ev, get(kq, ev, 8));
	/* adding READ on the same fd does not disturb WRITE */
	check("add READ (level)", kchange(kq, sw[0], EVFILT_READ, EV_ADD, 0, 0, pd_b));
	report("READ added, nothing to read", ev, get(kq, ev, 8));
	sys_write(sw[1], "q", 1);
	report("peer wrote 1", ev, get(kq, ev, 8));
	check("delete WRITE", kchange(kq, sw[0], EVFILT_WRITE, EV_DELETE, 0, 0, 0));
	report("READ only", ev, get(kq, ev, 8));
	sys_close(sw[1]);
	report("peer closed", ev, get(kq, ev, 8));
	return 0;
}
