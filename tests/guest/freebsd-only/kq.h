/* Shared by the kq_*.c tests: FreeBSD's kqueue ABI (sys/event.h,
 * ABI-NOTES A5.1/A7) and a printer for events.  FreeBSD only. */
#ifndef KQ_H
#define KQ_H
#include "guest.h"

#define SYS_fork             2
#define SYS_wait4            7
#define SYS_setitimer        83
#define SYS_shutdown         134
#define SYS_socketpair       135
#define SYS_kqueue           362
#define SYS_freebsd11_kevent 363
#define SYS_thr_self         432
#define SYS_thr_exit         431
#define SYS_thr_new          455
#define SYS_kevent           560
#define SYS_kqueuex          583

#define AF_UNIX     1
#define SOCK_STREAM 1
#define SHUT_WR     1
#define ESRCH       3
#define EINTR       4
#define ENOENT_     2

#define EVFILT_READ    (-1)
#define EVFILT_WRITE   (-2)
#define EVFILT_VNODE   (-4)
#define EVFILT_PROC    (-5)
#define EVFILT_SIGNAL  (-6)
#define EVFILT_TIMER   (-7)
#define EVFILT_USER    (-11)

#define EV_ADD         0x0001
#define EV_DELETE      0x0002
#define EV_ENABLE      0x0004
#define EV_DISABLE     0x0008
#define EV_ONESHOT     0x0010
#define EV_CLEAR       0x0020
#define EV_RECEIPT     0x0040
#define EV_DISPATCH    0x0080
#define EV_FORCEONESHOT 0x0100
#define EV_ERROR       0x4000
#define EV_EOF         0x8000

#define NOTE_FFNOP     0x00000000u
#define NOTE_FFAND     0x40000000u
#define NOTE_FFOR      0x80000000u
#define NOTE_FFCOPY    0xc0000000u
#define NOTE_TRIGGER   0x01000000u
#define NOTE_EXIT      0x80000000u
#define NOTE_SECONDS   0x01
#define NOTE_MSECONDS  0x02
#define NOTE_USECONDS  0x04
#define NOTE_NSECONDS  0x08
#define NOTE_ABSTIME   0x10

#define KQUEUE_CLOEXEC 1

struct kevent {
	unsigned long ident;
	short filter;
	unsigned short flags;
	unsigned int fflags;
	long data;
	void *udata;
	unsigned long ext[4];
};

struct kevent11 {		/* freebsd11_kevent (363) */
	unsigned long ident;
	short filter;
	unsigned short flags;
	unsigned int fflags;
	long data;
	void *udata;
};

#define EV_SET(kevp, a, b, c, d, e, f) do {		\
	struct kevent *kev_ = (kevp);			\
	memset(kev_, 0, sizeof(*kev_));			\
	kev_->ident = (a);				\
	kev_->filter = (b);				\
	kev_->flags = (c);				\
	kev_->fflags = (d);				\
	kev_->data = (e);				\
	kev_->udata = (void *)(f);			\
} while (0)

static inline long kqueue(void) { return sys0(SYS_kqueue); }
static inline long kevent(long kq, const struct kevent *ch, int nch, struct kevent *ev, int nev,
			  const struct timespec *ts)
{
	return sys6(SYS_kevent, kq, (long)ch, nch, (long)ev, nev, (long)ts);
}
static inline long kevent11(long kq, const struct kevent11 *ch, int nch, struct kevent11 *ev, int nev,
			    const struct timespec *ts)
{
	return sys6(SYS_freebsd11_kevent, kq, (long)ch, nch, (long)ev, nev, (long)ts);
}
/* one change, no events wanted */
static inline long kchange(long kq, unsigned long ident, short filter, unsigned short flags,
			   unsigned fflags, long data, void *udata)
{
	struct kevent ch;
	EV_SET(&ch, ident, filter, flags, fflags, data, udata);
	return kevent(kq, &ch, 1, NULL, 0, NULL);
}

static const struct timespec kq_zero = {0, 0};

static inline long sys_fork(void) { return sys0(SYS_fork); }
static inline long sys_wait4(long pid, int *status, int options) { return sys4(SYS_wait4, pid, (long)status, options, 0); }

static inline const char *filtname(short f)
{
	switch (f) {
	case EVFILT_READ: return "READ";
	case EVFILT_WRITE: return "WRITE";
	case EVFILT_PROC: return "PROC";
	case EVFILT_SIGNAL: return "SIGNAL";
	case EVFILT_TIMER: return "TIMER";
	case EVFILT_USER: return "USER";
	default: return "?";
	}
}

static inline void flagstr(unsigned short f, char *buf)
{
	static const struct { unsigned short v; const char *n; } names[] = {
		{EV_ONESHOT, "ONESHOT"}, {EV_CLEAR, "CLEAR"}, {EV_RECEIPT, "RECEIPT"},
		{EV_DISPATCH, "DISPATCH"}, {EV_ERROR, "ERROR"}, {EV_EOF, "EOF"},
	};
	buf[0] = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (f & names[i].v) {
			if (buf[0])
				strcat(buf, "|");
			strcat(buf, names[i].n);
			f &= ~names[i].v;
		}
	if (f) {
		char x[16];
		snprintf(x, sizeof x, "%s0x%x", buf[0] ? "|" : "", f);
		strcat(buf, x);
	}
	if (!buf[0])
		strcpy(buf, "0");
}

/* "label: FILTER flags=... fflags=0x.. data=N" (WRITE: data>0 or data=0;
 * ident and udata are checked by the callers: fd numbers are not portable
 * output) */
static inline void show(const char *label, const struct kevent *e)
{
	char fl[64];
	flagstr(e->flags, fl);
	if (e->filter == EVFILT_WRITE)	/* buffer space: differs between systems */
		printf("%s: %s flags=%s fflags=0x%x data%s\n", label, filtname(e->filter), fl, e->fflags,
		       e->data > 0 ? ">0" : "=0");
	else
		printf("%s: %s flags=%s fflags=0x%x data=%ld\n", label, filtname(e->filter), fl, e->fflags, e->data);
}

/* kevent with room for n events; prints "label: N events" or the error */
static inline long kpoll(const char *label, long kq, struct kevent *ev, int n, const struct timespec *ts)
{
	long r = kevent(kq, NULL, 0, ev, n, ts);
	if (is_err(r))
		printf("%s: %s\n", label, errname(r));
	else
		printf("%s: %ld events\n", label, r);
	return r;
}
#endif
