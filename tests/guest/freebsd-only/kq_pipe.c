/* kqueue on pipes: READ with byte counts, level vs EV_CLEAR, EV_ONESHOT,
 * EV_DISPATCH + EV_ENABLE, EV_DELETE, EV_RECEIPT, EV_ERROR for failed
 * changes (reported in the event list, or failing the call when there is
 * no room), EV_EOF once the other end is closed, exact udata round trips,
 * and the 32-byte freebsd11_kevent (363) of Go <= 1.20. */
#include "kq.h"

#define UD1 ((void *)0x1122334455667788UL)
#define UD2 ((void *)0xfedcba9876543210UL)

int main(void)
{
	struct kevent ev[8], ch[4];
	char buf[64];
	int p[2];
	long kq = kqueue();
	yesno("kqueue", kq >= 0);
	check("pipe2", sys_pipe2(p, 0));

	/* level-triggered READ */
	check("add READ", kchange(kq, p[0], EVFILT_READ, EV_ADD, 0, 0, UD1));
	kpoll("empty pipe", kq, ev, 8, &kq_zero);
	sys_write(p[1], "hello", 5);
	if (kpoll("after write 5", kq, ev, 8, &kq_zero) == 1) {
		show("  event", &ev[0]);
		yesno("  ident is the read end", ev[0].ident == (unsigned long)p[0]);
		yesno("  udata round trip", ev[0].udata == UD1);
	}
	if (kpoll("level: again", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	sys_read(p[0], buf, 2);
	if (kpoll("after reading 2", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	sys_read(p[0], buf, 3);
	kpoll("after reading the rest", kq, ev, 8, &kq_zero);

	/* EV_DELETE, then again: ENOENT (call fails: no room for an error event) */
	check("delete READ", kchange(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0, 0));
	expect_err("delete READ again, no event room", kchange(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0, 0));

	/* EV_CLEAR */
	check("add READ|CLEAR", kchange(kq, p[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, UD2));
	sys_write(p[1], "abc", 3);
	if (kpoll("clear: after write 3", kq, ev, 8, &kq_zero) == 1) {
		show("  event", &ev[0]);
		yesno("  udata round trip", ev[0].udata == UD2);
	}
	kpoll("clear: again", kq, ev, 8, &kq_zero);
	sys_write(p[1], "de", 2);
	if (kpoll("clear: after write 2 more", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	sys_read(p[0], buf, sizeof buf);
	check("delete READ", kchange(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0, 0));

	/* EV_ONESHOT on the write end */
	check("add WRITE|ONESHOT", kchange(kq, p[1], EVFILT_WRITE, EV_ADD | EV_ONESHOT, 0, 0, UD1));
	if (kpoll("oneshot", kq, ev, 8, &kq_zero) == 1) {
		show("  event", &ev[0]);
		yesno("  ident is the write end", ev[0].ident == (unsigned long)p[1]);
		yesno("  data (space) > 0", ev[0].data > 0);
	}
	kpoll("oneshot: again", kq, ev, 8, &kq_zero);
	expect_err("oneshot knote is gone", kchange(kq, p[1], EVFILT_WRITE, EV_DELETE, 0, 0, 0));

	/* EV_DISPATCH, EV_ENABLE, EV_DISABLE */
	sys_write(p[1], "xyz", 3);
	check("add READ|DISPATCH", kchange(kq, p[0], EVFILT_READ, EV_ADD | EV_DISPATCH, 0, 0, UD1));
	if (kpoll("dispatch", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	kpoll("dispatch: disabled now", kq, ev, 8, &kq_zero);
	check("enable", kchange(kq, p[0], EVFILT_READ, EV_ENABLE, 0, 0, UD1));
	if (kpoll("dispatch: after EV_ENABLE", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	check("enable", kchange(kq, p[0], EVFILT_READ, EV_ENABLE, 0, 0, UD1));
	check("disable", kchange(kq, p[0], EVFILT_READ, EV_DISABLE, 0, 0, UD1));
	kpoll("after EV_DISABLE", kq, ev, 8, &kq_zero);
	check("delete disabled READ", kchange(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0, 0));
	/* EV_ADD|EV_DISABLE: registered, silent */
	check("add READ|DISABLE", kchange(kq, p[0], EVFILT_READ, EV_ADD | EV_DISABLE, 0, 0, UD1));
	kpoll("added disabled", kq, ev, 8, &kq_zero);
	check("enable", kchange(kq, p[0], EVFILT_READ, EV_ENABLE, 0, 0, UD1));
	if (kpoll("enabled", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	check("delete READ", kchange(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0, 0));
	sys_read(p[0], buf, sizeof buf);

	/* EV_RECEIPT and EV_ERROR in the event list */
	EV_SET(&ch[0], p[0], EVFILT_READ, EV_ADD | EV_RECEIPT, 0, 0, UD1);
	EV_SET(&ch[1], 12345, EVFILT_READ, EV_ADD | EV_RECEIPT, 0, 0, UD2);
	EV_SET(&ch[2], p[1], EVFILT_WRITE, EV_DELETE, 0, 0, UD2);
	EV_SET(&ch[3], p[0], 99, EV_ADD, 0, 0, UD2);
	long n = kevent(kq, ch, 4, ev, 8, &kq_zero);
	checkval("receipts and errors", n);
	for (int i = 0; i < n && i < 8; i++) {
		printf("  %d: %s flags=0x%x data=%s udata ok=%s\n", i, filtname(ev[i].filter), ev[i].flags,
		       ev[i].data ? errname(ev[i].data) : "0",
		       ev[i].udata == ch[i].udata ? "yes" : "no");
	}
	/* no room: the first failing change fails the call */
	EV_SET(&ch[0], 12345, EVFILT_READ, EV_ADD, 0, 0, 0);
	expect_err("bad fd, no event room", kevent(kq, ch, 1, NULL, 0, NULL));
	EV_SET(&ch[0], 12345, EVFILT_READ, EV_ADD, 0, 0, 0);
	n = kevent(kq, ch, 1, ev, 1, NULL);
	checkval("bad fd with room", n);
	if (n == 1)
		printf("  flags=0x%x data=%s\n", ev[0].flags, errname(ev[0].data));
	/* a filter abirun does not provide fails, it is not faked */
	EV_SET(&ch[0], p[0], EVFILT_VNODE, EV_ADD, 0x2, 0, 0);
	expect_err("EVFILT_VNODE", kevent(kq, ch, 1, NULL, 0, NULL));

	/* the READ knote added by the receipt is live */
	sys_write(p[1], "12", 2);
	if (kpoll("receipt-added READ", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);

	/* EOF: close the write end */
	sys_close(p[1]);
	if (kpoll("after closing the write end", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	sys_read(p[0], buf, sizeof buf);
	if (kpoll("drained, still EOF", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	sys_close(p[0]);

	/* WRITE EOF: close the read end */
	check("pipe2", sys_pipe2(p, 0));
	check("add WRITE|CLEAR", kchange(kq, p[1], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, UD1));
	kpoll("writable", kq, ev, 8, &kq_zero);
	kpoll("clear: nothing new", kq, ev, 8, &kq_zero);
	sys_close(p[0]);
	if (kpoll("after closing the read end", kq, ev, 8, &kq_zero) == 1)
		show("  event", &ev[0]);
	sys_close(p[1]);

	/* freebsd11_kevent: the 32-byte structure */
	check("pipe2", sys_pipe2(p, 0));
	struct kevent11 c11 = {(unsigned long)p[0], EVFILT_READ, EV_ADD, 0, 0, UD2}, e11[2];
	checkval("363 add READ", kevent11(kq, &c11, 1, NULL, 0, NULL));
	sys_write(p[1], "four", 4);
	memset(e11, 0x5a, sizeof e11);
	long r = kevent11(kq, NULL, 0, e11, 2, &kq_zero);
	checkval("363 events", r);
	if (r == 1) {
		printf("  %s flags=0x%x data=%ld\n", filtname(e11[0].filter), e11[0].flags, e11[0].data);
		yesno("  ident", e11[0].ident == (unsigned long)p[0]);
		yesno("  udata round trip", e11[0].udata == UD2);
		yesno("  second slot untouched", e11[1].ident == 0x5a5a5a5a5a5a5a5aUL);
	}

	/* more events than room: the rest wait for the next call */
	check("add WRITE", kchange(kq, p[1], EVFILT_WRITE, EV_ADD, 0, 0, UD1));
	n = kevent(kq, NULL, 0, ev, 1, &kq_zero);
	checkval("room for 1 of 2", n);
	short first = ev[0].filter;
	n = kevent(kq, NULL, 0, ev, 8, &kq_zero);
	checkval("then", n);
	yesno("  both filters seen", n >= 1 && (ev[0].filter != first || (n == 2 && ev[1].filter != first)));

	/* argument errors */
	struct timespec bad = {0, 1000000000};
	expect_err("timeout tv_nsec = 1e9", kevent(kq, NULL, 0, ev, 1, &bad));
	expect_err("nevents < 0", kevent(kq, NULL, 0, ev, -1, &kq_zero));
	expect_err("kevent on a pipe", kevent(p[0], NULL, 0, ev, 1, &kq_zero));
	expect_err("kevent on a closed fd", kevent(999, NULL, 0, ev, 1, &kq_zero));
	expect_err("kqueuex(2)", sys1(SYS_kqueuex, 2));
	long kq2 = sys1(SYS_kqueuex, KQUEUE_CLOEXEC);
	yesno("kqueuex(KQUEUE_CLOEXEC)", kq2 >= 0);
	checkval("  F_GETFD", sys_fcntl((int)kq2, F_GETFD, 0));
	checkval("kqueue() F_GETFD", sys_fcntl((int)kq, F_GETFD, 0));
	check("close kqueue", sys_close((int)kq));
	check("close kqueuex", sys_close((int)kq2));
	expect_err("kevent after close", kevent(kq, NULL, 0, ev, 1, &kq_zero));
	return 0;
}
