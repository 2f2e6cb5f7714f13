/* EVFILT_PROC NOTE_EXIT after fork (data = the wait(2) status, and the
 * child stays reapable), a kqueue is not inherited by a fork child (EBADF
 * there, still fine in the parent), and closing a descriptor drops its
 * knotes even while a dup keeps the file open (close and dup2). */
#include "kq.h"

static void child_checks(long kq)
{
	struct kevent ev[2];
	/* FreeBSD: the child has no such descriptor */
	expect_err("child: kevent on the parent's kqueue", kevent(kq, NULL, 0, ev, 2, &kq_zero));
	expect_err("child: close it", sys_close((int)kq));
	long kq2 = kqueue();
	yesno("child: new kqueue", kq2 >= 0);
	check("child: add USER", kchange(kq2, 5, EVFILT_USER, EV_ADD, NOTE_TRIGGER, 0, 0));
	kpoll("child: events", kq2, ev, 2, &kq_zero);
}

int main(void)
{
	struct kevent ev[4];
	int status;
	long kq = kqueue();

	/* NOTE_EXIT with an exit status */
	flush();
	long pid = sys_fork();
	if (pid == 0) {
		struct timespec ts = {0, 20 * 1000000};
		sys_nanosleep(&ts, NULL);
		_exit(7);
	}
	check("add PROC NOTE_EXIT", kchange(kq, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, (void *)0x99));
	long n = kpoll("wait for the child", kq, ev, 4, NULL);
	if (n == 1) {
		show("  event", &ev[0]);
		yesno("  ident is the pid", ev[0].ident == (unsigned long)pid);
		yesno("  udata", ev[0].udata == (void *)0x99);
	}
	kpoll("fired once", kq, ev, 4, &kq_zero);
	expect_err("knote is gone", kchange(kq, pid, EVFILT_PROC, EV_DELETE, 0, 0, 0));
	status = -1;
	checkval("wait4 still reaps it", sys_wait4(pid, &status, 0) == pid);
	printf("  status 0x%x\n", status);

	/* killed by a signal; the child is already a zombie when added */
	flush();
	pid = sys_fork();
	if (pid == 0) {
		sys_kill(sys_getpid(), SIGTERM);
		_exit(1);
	}
	struct timespec ts = {0, 50 * 1000000};
	sys_nanosleep(&ts, NULL);
	check("add PROC NOTE_EXIT (zombie)", kchange(kq, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, 0));
	if (kpoll("wait", kq, ev, 4, NULL) == 1)
		show("  event", &ev[0]);
	sys_wait4(pid, &status, 0);
	printf("  wait4 status 0x%x\n", status);
	expect_err("add PROC on a reaped pid", kchange(kq, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, 0));

	/* a kqueue is not inherited by fork */
	check("add USER 1 triggered", kchange(kq, 1, EVFILT_USER, EV_ADD | EV_CLEAR, NOTE_TRIGGER, 0, 0));
	flush();
	pid = sys_fork();
	if (pid == 0) {
		child_checks(kq);
		exit(0);
	}
	sys_wait4(pid, &status, 0);
	printf("child exit status 0x%x\n", status);
	if (kpoll("parent: its kqueue still works", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);

	/* close drops the knotes of that descriptor, even with a dup open */
	int p[2];
	sys_pipe2(p, 0);
	sys_write(p[1], "x", 1);
	check("add READ", kchange(kq, p[0], EVFILT_READ, EV_ADD, 0, 0, 0));
	kpoll("readable", kq, ev, 4, &kq_zero);
	int d = (int)sys_dup(p[0]);
	check("close the watched fd (a dup stays open)", sys_close(p[0]));
	kpoll("knote dropped", kq, ev, 4, &kq_zero);
	expect_err("EV_DELETE on the closed fd", kchange(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0, 0));
	check("add READ on the dup", kchange(kq, d, EVFILT_READ, EV_ADD, 0, 0, 0));
	if (kpoll("dup readable", kq, ev, 4, &kq_zero) == 1)
		yesno("  ident is the dup", ev[0].ident == (unsigned long)d);
	/* dup2 over a watched fd drops its knote too */
	int q[2];
	sys_pipe2(q, 0);
	checkval("dup2 over the watched fd", sys_dup2(q[0], d) == d);
	kpoll("knote dropped by dup2", kq, ev, 4, &kq_zero);
	sys_write(q[1], "y", 1);
	kpoll("the new file at that number is not watched", kq, ev, 4, &kq_zero);
	return 0;
}
