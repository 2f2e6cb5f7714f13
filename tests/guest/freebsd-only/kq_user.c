/* EVFILT_USER: NOTE_TRIGGER, the NOTE_FFAND/FFOR/FFCOPY fflags controls,
 * data and udata of the last change, EV_CLEAR vs level, EV_DISPATCH +
 * EV_ENABLE, EV_FORCEONESHOT, and a trigger from another thread waking a
 * kevent blocked with no timeout (Go >= 1.23 netpollBreak). */
#include "kq.h"

struct thr_param {
	void (*start_func)(void *);
	void *arg;
	char *stack_base;
	size_t stack_size;
	char *tls_base;
	size_t tls_size;
	long *child_tid;
	long *parent_tid;
	int flags;
	void *rtp;
	void *spare[3];
};

static char tstack[65536] __attribute__((aligned(16)));
static char ttls[256] __attribute__((aligned(16)));
static long tkq;
static volatile int thread_done;

static void trigger_later(void *arg)
{
	(void)arg;
	struct timespec ts = {0, 30 * 1000000};
	sys_nanosleep(&ts, NULL);
	struct kevent ch;
	EV_SET(&ch, 0, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0);
	kevent(tkq, &ch, 1, NULL, 0, NULL);
	thread_done = 1;
	sys1(SYS_thr_exit, 0);
	for (;;)
		;
}

int main(void)
{
	struct kevent ev[4];
	long kq = kqueue();
	void *ud = (void *)0xabcdef0123456789UL;

	check("add USER 42 CLEAR", kchange(kq, 42, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, 0));
	kpoll("untriggered", kq, ev, 4, &kq_zero);
	check("trigger, FFCOPY 0x11, data 7", kchange(kq, 42, EVFILT_USER, 0, NOTE_TRIGGER | NOTE_FFCOPY | 0x11, 7, ud));
	if (kpoll("triggered", kq, ev, 4, &kq_zero) == 1) {
		show("  event", &ev[0]);
		yesno("  ident 42", ev[0].ident == 42);
		yesno("  udata round trip", ev[0].udata == ud);
	}
	kpoll("EV_CLEAR: reset", kq, ev, 4, &kq_zero);
	check("trigger, FFOR 0x100", kchange(kq, 42, EVFILT_USER, 0, NOTE_TRIGGER | NOTE_FFOR | 0x100, 8, ud));
	if (kpoll("triggered", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);
	check("trigger, FFAND 0x101", kchange(kq, 42, EVFILT_USER, 0, NOTE_TRIGGER | NOTE_FFAND | 0x101, 9, ud));
	if (kpoll("triggered", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);
	check("FFNOP 0xff, no trigger", kchange(kq, 42, EVFILT_USER, 0, NOTE_FFNOP | 0xff, 10, ud));
	kpoll("not triggered", kq, ev, 4, &kq_zero);
	check("trigger", kchange(kq, 42, EVFILT_USER, 0, NOTE_TRIGGER, 11, ud));
	if (kpoll("triggered", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);

	/* level: stays triggered until a change with EV_CLEAR */
	check("add USER 43 triggered, level", kchange(kq, 43, EVFILT_USER, EV_ADD, NOTE_TRIGGER, 0, 0));
	kpoll("level", kq, ev, 4, &kq_zero);
	kpoll("level again", kq, ev, 4, &kq_zero);
	check("EV_CLEAR change", kchange(kq, 43, EVFILT_USER, EV_CLEAR, 0, 0, 0));
	kpoll("after EV_CLEAR change", kq, ev, 4, &kq_zero);
	check("delete 43", kchange(kq, 43, EVFILT_USER, EV_DELETE, 0, 0, 0));

	/* EV_DISPATCH */
	check("add USER 44 DISPATCH|CLEAR", kchange(kq, 44, EVFILT_USER, EV_ADD | EV_DISPATCH | EV_CLEAR, 0, 0, 0));
	check("trigger", kchange(kq, 44, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0));
	if (kpoll("dispatch", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);
	check("trigger while disabled", kchange(kq, 44, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0));
	kpoll("disabled", kq, ev, 4, &kq_zero);
	check("enable", kchange(kq, 44, EVFILT_USER, EV_ENABLE, 0, 0, 0));
	if (kpoll("re-enabled", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);
	check("delete 44", kchange(kq, 44, EVFILT_USER, EV_DELETE, 0, 0, 0));

	/* EV_FORCEONESHOT: reported once although not triggered, then gone */
	check("force 42", kchange(kq, 42, EVFILT_USER, EV_FORCEONESHOT, 0, 0, ud));
	if (kpoll("forced", kq, ev, 4, &kq_zero) == 1)
		show("  event", &ev[0]);
	expect_err("42 is gone", kchange(kq, 42, EVFILT_USER, EV_DELETE, 0, 0, 0));
	expect_err("trigger unknown ident", kchange(kq, 77, EVFILT_USER, 0, NOTE_TRIGGER, 0, 0));

	/* another thread triggers while this one waits forever */
	tkq = kq;
	check("add USER 0 CLEAR", kchange(kq, 0, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, 0));
	struct thr_param tp;
	memset(&tp, 0, sizeof tp);
	tp.start_func = trigger_later;
	tp.stack_base = tstack;
	tp.stack_size = sizeof tstack;
	tp.tls_base = ttls;
	tp.tls_size = sizeof ttls;
	*(char **)ttls = ttls;
	check("thr_new", sys2(SYS_thr_new, (long)&tp, sizeof tp));
	long n = kpoll("blocking wait, woken by the thread", kq, ev, 4, NULL);
	if (n == 1)
		show("  event", &ev[0]);
	while (!thread_done) {
		struct timespec ts = {0, 1000000};
		sys_nanosleep(&ts, NULL);
	}
	return 0;
}
