/* kqueue/kevent over epoll (DESIGN "Threads, synchronisation, events";
 * ABI-NOTES A5.1, A7, PART C 9).
 *
 * A kqueue is a Linux epoll fd: the guest holds that very fd as its kqueue
 * descriptor, so close, poll and fcntl on it just work.  Beside it the
 * runtime keeps, per kqueue, the knotes in the model of FreeBSD's
 * kern_event.c: a knote is identified by (filter, ident), has a saved
 * state (sfflags, sdata, udata, ext), may be disabled, and sits on the
 * kqueue's queue while it is (believed to be) active.  kevent() applies the
 * changelist in order, then scans the queue: every queued knote is
 * re-evaluated just before it is copied out, as FreeBSD does, and is then
 * dropped (EV_ONESHOT), disabled (EV_DISPATCH), cleared (EV_CLEAR) or left
 * on the queue (level-triggered).
 *
 * Sources of activity, each registered in the epoll set under a
 * generation-tagged slot number (so that an event arriving for a source
 * that was removed meanwhile is recognised and ignored):
 *   - EVFILT_READ/WRITE: the guest's fd itself, edge-triggered.  An epoll
 *     set holds one registration per fd, and its mask would mix the two
 *     filters (a data arrival would report the fd writable again), so READ
 *     interest is registered in the kqueue's epoll fd and WRITE interest in
 *     a second epoll fd nested in it ("write set", created on first use);
 *     each wakes only for its own condition.  Edge triggering gives
 *     EV_CLEAR; level-triggered knotes stay queued and are re-checked with
 *     one ppoll(2) per scan.  Regular files and other fds epoll refuses
 *     (EPERM) are evaluated directly (size - offset) each scan.
 *   - EVFILT_TIMER: a timerfd per knote (CLOCK_MONOTONIC, or CLOCK_REALTIME
 *     for NOTE_ABSTIME); data = expirations read from it.
 *   - EVFILT_PROC: a pidfd per knote; NOTE_EXIT's status is read with
 *     waitid(P_PIDFD, WNOWAIT) so the guest can still reap the child.
 *   - EVFILT_SIGNAL: counters bumped by kqueue_signal_arrived() (called by
 *     signal delivery) plus one process-wide eventfd, edge-triggered in every
 *     kqueue that watches signals, to wake waiters.
 *   - EVFILT_USER: pure runtime state; a per-kqueue eventfd ("wake fd"),
 *     level-triggered, is kept readable exactly while the queue is not
 *     empty, which wakes other threads waiting on the kqueue and makes the
 *     kqueue fd poll-readable while events are pending.
 *
 * Filter and flag numbers are translated through the ABI's XL_EVFILT and
 * XL_EVFLAG tables into abirun's canonical values, which are FreeBSD's.
 * fflags (NOTE_*) are taken as FreeBSD's.
 *
 * What `data` reports:
 *   READ: FIONREAD (pipes, sockets, ttys: bytes available; UDP: Linux gives
 *     the size of the next datagram); listening sockets and objects without
 *     FIONREAD: 1 (0 at EOF); regular files and directories: size - offset.
 *   WRITE: pipes: pipe capacity (F_GETPIPE_SZ) - bytes queued; sockets:
 *     SO_SNDBUF - SIOCOUTQ (>= 0); anything else: 0.
 *   EV_EOF carries fflags 0: Linux cannot read a socket's pending error
 *     without clearing it, and Go reads it afterwards with SO_ERROR.
 *
 * Locking: one futex mutex per kqueue (held while applying changes and
 * scanning, never while blocking in epoll_wait), one global mutex for the
 * fd -> kqueue table (order: global, then kqueue).  kqueue_signal_arrived()
 * takes no lock: it may run in a signal handler.
 *
 * Limits (known, not faked):
 *   - filters AIO, VNODE, PROCDESC, FS, LIO, SENDFILE, EMPTY fail EINVAL;
 *     EVFILT_PROC reports NOTE_EXIT only (NOTE_FORK/EXEC/TRACK never fire);
 *   - NOTE_EXIT's status is 0 if the guest reaped the child before the
 *     kqueue saw the exit, or if the process is not its child;
 *   - EVFILT_SIGNAL counts what signal delivery reports; while a signal is
 *     watched, signal code keeps a host handler for it even when the guest
 *     ignores it (sig_watch_changed);
 *   - a regular file's READ knote does not wake a blocked kevent when the
 *     file grows (it is evaluated at each kevent call);
 *   - descriptors closed by exec keep their knotes until the number is
 *     registered again;
 *   - the runtime's own descriptors (wake fd, write set, timerfds, pidfds,
 *     the signal eventfd) live in the guest's fd space, close-on-exec. */
#include "handlers.h"
#include <linux/eventpoll.h>
#include <asm/stat.h>

/* ---- canonical (FreeBSD) values --------------------------------------- */
#define EVFILT_READ	(-1)
#define EVFILT_WRITE	(-2)
#define EVFILT_PROC	(-5)
#define EVFILT_SIGNAL	(-6)
#define EVFILT_TIMER	(-7)
#define EVFILT_USER	(-11)

#define EV_ADD		0x0001
#define EV_DELETE	0x0002
#define EV_ENABLE	0x0004
#define EV_DISABLE	0x0008
#define EV_ONESHOT	0x0010
#define EV_CLEAR	0x0020
#define EV_RECEIPT	0x0040
#define EV_DISPATCH	0x0080
#define EV_FORCEONESHOT	0x0100
#define EV_SYSFLAGS	0xf000
#define EV_ERROR	0x4000
#define EV_EOF		0x8000

#define NOTE_LOWAT	0x0001		/* READ/WRITE */
#define NOTE_FILE_POLL	0x0002
#define NOTE_FFCTRLMASK	0xc0000000u	/* USER */
#define NOTE_FFAND	0x40000000u
#define NOTE_FFOR	0x80000000u
#define NOTE_FFCOPY	0xc0000000u
#define NOTE_FFLAGSMASK	0x00ffffffu
#define NOTE_TRIGGER	0x01000000u
#define NOTE_EXIT	0x80000000u	/* PROC */
#define NOTE_SECONDS	0x01		/* TIMER */
#define NOTE_MSECONDS	0x02
#define NOTE_USECONDS	0x04
#define NOTE_NSECONDS	0x08
#define NOTE_ABSTIME	0x10
#define NOTE_TIMER_PRECMASK 0x0f

#define KQUEUE_CLOEXEC	0x1
#define GSIG_MAX	128

/* ---- Linux values without a freestanding header ----------------------- */
#define L_O_CLOEXEC	02000000
#define L_O_NONBLOCK	04000
#define L_FIONREAD	0x541b
#define L_SIOCOUTQ	0x5411
#define L_F_GETFD	1
#define L_F_GETPIPE_SZ	1032
#define L_SOL_SOCKET	1
#define L_SO_SNDBUF	7
#define L_POLLNVAL	0x20
#define L_TFD_TIMER_ABSTIME 1
#define L_P_PIDFD	3
#define L_WEXITED	4
#define L_WNOHANG	1
#define L_WNOWAIT	0x01000000

struct l_pollfd { int fd; short events, revents; };
struct l_timespec { int64_t sec, nsec; };
struct l_itimerspec { struct l_timespec interval, value; };

/* The canonical event; the guest's layouts are prefixes of it (FreeBSD
 * 64-byte kevent for 560, its first 32 bytes for freebsd11_kevent 363). */
struct kev {
	uint64_t ident;
	int16_t filter;
	uint16_t flags;
	uint32_t fflags;
	int64_t data;
	uint64_t udata;
	uint64_t ext[4];
};
_Static_assert(sizeof(struct kev) == 64, "FreeBSD struct kevent is 64 bytes");

enum kfmt { KF_FBSD64, KF_FBSD11 };
static const size_t kfmt_size[] = {64, 32};

/* ---- intrusive lists --------------------------------------------------- */
struct link { struct link *prev, *next; };
static void l_init(struct link *h) { h->prev = h->next = h; }
static bool l_empty(const struct link *h) { return h->next == h; }
static bool l_linked(const struct link *n) { return n->next != n; }
static void l_add_tail(struct link *h, struct link *n)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}
static void l_del(struct link *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}
#define l_entry(p, T, m) ((T *)(void *)((char *)(p) - __builtin_offsetof(T, m)))

/* ---- objects ------------------------------------------------------------ */
enum src_kind { SRC_FREE, SRC_WAKE, SRC_SIG, SRC_FD, SRC_TIMER, SRC_PROC, SRC_WSET };
struct src {
	uint32_t gen;
	uint8_t kind;
	void *obj;
	uint32_t next_free;
};

enum fdtype { FT_OTHER, FT_FIFO, FT_SOCK, FT_REG, FT_DIR, FT_CHR };

struct knote;
struct fdent {
	int fd;
	uint32_t slot;
	struct knote *rd, *wr;
	bool rd_reg, wr_reg;		/* registered in the epoll set / write set */
	uint8_t type;
	bool polled;			/* epoll refuses it: evaluated each scan */
	int pipesz;
};

struct knote {
	struct link qlink;		/* kq->queue */
	struct link plink;		/* kq->polled or kq->sigs */
	struct knote *hnext;		/* hash chain (filters not on fds) */
	struct kev kev;			/* ident, filter, kept flags, udata, ext */
	uint32_t sfflags;
	int64_t sdata;
	bool disabled, stale, forced;
	uint32_t revents;		/* READ/WRITE: last readiness seen */
	struct fdent *fde;
	int hostfd;			/* timerfd or pidfd, else -1 */
	uint32_t slot;
	bool timer_abs;
	uint64_t acc;			/* TIMER: expirations not yet reported */
	uint64_t sigseen;		/* SIGNAL: counter value last reported */
	bool triggered;			/* USER */
	bool exited;			/* PROC */
	int64_t status;
};

#define KHASH 64
struct kq {
	shim_mutex_t lock;
	int epfd;			/* one guest fd of this epoll instance */
	int wsetfd;			/* nested epoll for WRITE interest, or -1 */
	int wakefd;
	bool wake_on;
	bool dead;			/* every guest fd of it is closed */
	bool sig_registered;
	int refs;			/* guest fds (one ref for all) + kevent calls */
	int nfds;			/* guest fds naming it (dup'd kqueues) */
	struct kq *next_all;
	struct link queue, polled, sigs;
	struct fdent **fdtab;
	int nfdtab;
	struct knote *hash[KHASH];
	struct src *srcs;
	uint32_t nsrcs, free_head, gen;
};

#define NO_SLOT 0xffffffffu

static shim_mutex_t kq_glock;
static struct kq **kqtab;		/* guest fd -> kqueue */
static int nkqtab;
static struct kq *kq_all;

static uint64_t sig_counts[GSIG_MAX + 1];
static int sig_evfd = -1;
static int sig_watchers[GSIG_MAX + 1];

/* ---- small helpers ------------------------------------------------------ */
static long l_close(int fd)
{
	return fd >= 0 ? sys1(__NR_close, fd) : 0;
}

static long ep_ctl_in(struct kq *kq, int epfd, int op, int fd, uint32_t events, uint32_t slot)
{
	struct epoll_event ev = {.events = events, .data = 0};
	if (slot != NO_SLOT)
		ev.data = ((uint64_t)kq->srcs[slot].gen << 32) | slot;
	return sys4(__NR_epoll_ctl, epfd, op, fd, &ev);
}

static long ep_ctl(struct kq *kq, int op, int fd, uint32_t events, uint32_t slot)
{
	return ep_ctl_in(kq, kq->epfd, op, fd, events, slot);
}

static uint32_t src_alloc(struct kq *kq, enum src_kind kind, void *obj)
{
	uint32_t s = kq->free_head;
	if (s == NO_SLOT) {
		uint32_t n = kq->nsrcs ? kq->nsrcs * 2 : 16;
		struct src *ns = shim_realloc(kq->srcs, n * sizeof *ns);
		if (!ns)
			return NO_SLOT;
		for (uint32_t i = kq->nsrcs; i < n; i++) {
			ns[i].kind = SRC_FREE;
			ns[i].gen = 0;
			ns[i].obj = 0;
			ns[i].next_free = i + 1 < n ? i + 1 : NO_SLOT;
		}
		kq->srcs = ns;
		s = kq->nsrcs;
		kq->nsrcs = n;
	}
	kq->free_head = kq->srcs[s].next_free;
	kq->srcs[s].kind = (uint8_t)kind;
	kq->srcs[s].obj = obj;
	kq->srcs[s].gen = ++kq->gen;
	return s;
}

static void src_free(struct kq *kq, uint32_t s)
{
	if (s == NO_SLOT)
		return;
	kq->srcs[s].kind = SRC_FREE;
	kq->srcs[s].obj = 0;
	kq->srcs[s].gen = ++kq->gen;
	kq->srcs[s].next_free = kq->free_head;
	kq->free_head = s;
}

static unsigned khash(int16_t filter, uint64_t ident)
{
	uint64_t v = ident ^ ((uint64_t)(uint16_t)filter << 7);
	return (unsigned)((v ^ (v >> 8) ^ (v >> 16)) & (KHASH - 1));
}

static void enqueue(struct kq *kq, struct knote *kn)
{
	if (!l_linked(&kn->qlink))
		l_add_tail(&kq->queue, &kn->qlink);
}

static void dequeue(struct knote *kn)
{
	if (l_linked(&kn->qlink))
		l_del(&kn->qlink);
}

/* Keep the wake eventfd readable exactly while the queue is not empty. */
static void wake_sync(struct kq *kq)
{
	bool want = !l_empty(&kq->queue);
	if (want == kq->wake_on)
		return;
	uint64_t v = 1;
	if (want)
		sys3(__NR_write, kq->wakefd, &v, sizeof v);
	else
		sys3(__NR_read, kq->wakefd, &v, sizeof v);
	kq->wake_on = want;
}

/* ---- READ / WRITE on descriptors --------------------------------------- */
static void kn_sync_polled(struct kq *kq, struct knote *kn)
{
	bool want = kn->fde && kn->fde->polled && !kn->disabled;
	if (want && !l_linked(&kn->plink))
		l_add_tail(&kq->polled, &kn->plink);
	else if (!want && l_linked(&kn->plink))
		l_del(&kn->plink);
}

static long wset_open(struct kq *kq)
{
	if (kq->wsetfd >= 0)
		return 0;
	long fd = sys1(__NR_epoll_create1, L_O_CLOEXEC);
	if (fd < 0)
		return fd;
	uint32_t s = src_alloc(kq, SRC_WSET, 0);
	long r = s == NO_SLOT ? -L_ENOMEM : ep_ctl(kq, EPOLL_CTL_ADD, (int)fd, EPOLLIN, s);
	if (r < 0) {
		src_free(kq, s);
		l_close((int)fd);
		return r;
	}
	kq->wsetfd = (int)fd;
	return 0;
}

/* Register or unregister one side (READ in the epoll set, WRITE in the
 * write set) of fe, edge-triggered. */
static long fde_side(struct kq *kq, struct fdent *fe, bool write, bool want)
{
	bool *reg = write ? &fe->wr_reg : &fe->rd_reg;
	if (want == *reg)
		return 0;
	if (write && want) {
		long r = wset_open(kq);
		if (r < 0)
			return r;
	}
	int epfd = write ? kq->wsetfd : kq->epfd;
	if (!want) {
		ep_ctl_in(kq, epfd, EPOLL_CTL_DEL, fe->fd, 0, NO_SLOT);
		*reg = false;
		return 0;
	}
	uint32_t ev = (write ? EPOLLOUT : EPOLLIN | EPOLLRDHUP) | EPOLLET;
	long r = ep_ctl_in(kq, epfd, EPOLL_CTL_ADD, fe->fd, ev, fe->slot);
	if (r == -L_EEXIST)	/* left behind by a close we did not see */
		r = ep_ctl_in(kq, epfd, EPOLL_CTL_MOD, fe->fd, ev, fe->slot);
	if (r < 0)
		return r;
	*reg = true;
	return 0;
}

/* Bring the epoll registrations of fe in line with its enabled knotes.
 * Registering reports the current readiness (EPOLL_CTL_ADD polls the fd). */
static long fde_update(struct kq *kq, struct fdent *fe)
{
	if (fe->polled) {
		if (fe->rd)
			kn_sync_polled(kq, fe->rd);
		if (fe->wr)
			kn_sync_polled(kq, fe->wr);
		return 0;
	}
	long r = fde_side(kq, fe, false, fe->rd && !fe->rd->disabled);
	if (r == 0)
		r = fde_side(kq, fe, true, fe->wr && !fe->wr->disabled);
	if (r == -L_EPERM) {		/* no poll support (e.g. /dev/null): always ready */
		fde_side(kq, fe, false, false);
		fde_side(kq, fe, true, false);
		fe->polled = true;
		return fde_update(kq, fe);
	}
	return r;
}

static struct fdent *fde_new(struct kq *kq, int fd, long *err)
{
	struct stat st;
	long r = sys2(__NR_fstat, fd, &st);
	if (r < 0) {
		*err = r;
		return 0;
	}
	if (fd == kq->epfd) {		/* a kqueue cannot watch itself */
		*err = -L_EINVAL;
		return 0;
	}
	if (fd >= kq->nfdtab) {
		int n = kq->nfdtab ? kq->nfdtab : 64;
		while (n <= fd)
			n *= 2;
		struct fdent **nt = shim_realloc(kq->fdtab, (size_t)n * sizeof *nt);
		if (!nt) {
			*err = -L_ENOMEM;
			return 0;
		}
		for (int i = kq->nfdtab; i < n; i++)
			nt[i] = 0;
		kq->fdtab = nt;
		kq->nfdtab = n;
	}
	struct fdent *fe = shim_calloc(1, sizeof *fe);
	if (!fe) {
		*err = -L_ENOMEM;
		return 0;
	}
	fe->fd = fd;
	switch (st.st_mode & 0170000) {
	case 0010000: fe->type = FT_FIFO; break;
	case 0140000: fe->type = FT_SOCK; break;
	case 0100000: fe->type = FT_REG; break;
	case 0040000: fe->type = FT_DIR; break;
	case 0020000: fe->type = FT_CHR; break;
	default: fe->type = FT_OTHER; break;
	}
	fe->polled = fe->type == FT_REG || fe->type == FT_DIR;
	if (fe->type == FT_FIFO) {
		long sz = sys2(__NR_fcntl, fd, L_F_GETPIPE_SZ);
		fe->pipesz = sz > 0 ? (int)sz : 65536;
	}
	fe->slot = src_alloc(kq, SRC_FD, fe);
	if (fe->slot == NO_SLOT) {
		shim_free(fe);
		*err = -L_ENOMEM;
		return 0;
	}
	kq->fdtab[fd] = fe;
	return fe;
}

static void fde_release_if_unused(struct kq *kq, struct fdent *fe)
{
	if (fe->rd || fe->wr)
		return;
	fde_side(kq, fe, false, false);
	fde_side(kq, fe, true, false);
	src_free(kq, fe->slot);
	kq->fdtab[fe->fd] = 0;
	shim_free(fe);
}

static int64_t read_data(struct fdent *fe, bool eof)
{
	if (fe->type == FT_REG || fe->type == FT_DIR) {
		struct stat st;
		if (sys2(__NR_fstat, fe->fd, &st) < 0)
			return 0;
		long pos = sys3(__NR_lseek, fe->fd, 0, 1 /* SEEK_CUR */);
		return pos < 0 ? 0 : (int64_t)st.st_size - pos;
	}
	int n = 0;
	if (sys3(__NR_ioctl, fe->fd, L_FIONREAD, &n) == 0)
		return n;
	return eof ? 0 : 1;	/* listening socket, nested kqueue, ... */
}

static int64_t write_data(struct fdent *fe)
{
	int q = 0;
	if (fe->type == FT_FIFO) {
		if (sys3(__NR_ioctl, fe->fd, L_FIONREAD, &q) < 0)
			q = 0;
		return fe->pipesz > q ? fe->pipesz - q : 0;
	}
	if (fe->type == FT_SOCK) {
		int sndbuf = 0;
		unsigned len = sizeof sndbuf;
		if (sys5(__NR_getsockopt, fe->fd, L_SOL_SOCKET, L_SO_SNDBUF, &sndbuf, &len) < 0)
			return 0;
		if (sys3(__NR_ioctl, fe->fd, L_SIOCOUTQ, &q) < 0)
			q = 0;
		return sndbuf > q ? sndbuf - q : 0;
	}
	return 0;
}

static short poll_events(const struct knote *kn)
{
	return kn->kev.filter == EVFILT_READ ? (short)(EPOLLIN | EPOLLRDHUP) : (short)EPOLLOUT;
}

/* Re-check the readiness of queued descriptor knotes whose last state is
 * old, in one ppoll. */
static void recheck_stale(struct kq *kq)
{
	struct l_pollfd pf[64];
	struct knote *kns[64];
	int n = 0;
	for (struct link *l = kq->queue.next; l != &kq->queue && n < 64; l = l->next) {
		struct knote *kn = l_entry(l, struct knote, qlink);
		if (kn->fde && !kn->fde->polled && kn->stale && !kn->disabled) {
			pf[n].fd = kn->fde->fd;
			pf[n].events = poll_events(kn);
			pf[n].revents = 0;
			kns[n++] = kn;
		}
	}
	if (!n)
		return;
	struct l_timespec zero = {0, 0};
	if (sys5(__NR_ppoll, pf, n, &zero, 0, 8) < 0)
		return;
	for (int i = 0; i < n; i++) {
		uint32_t rev = (uint16_t)pf[i].revents;
		kns[i]->revents = (rev & L_POLLNVAL) ? 0 : rev;
		kns[i]->stale = false;
	}
}

static int fd_event(struct knote *kn, struct kev *out)
{
	struct fdent *fe = kn->fde;
	bool rd = kn->kev.filter == EVFILT_READ;
	if (fe->polled) {
		if (rd && (fe->type == FT_REG || fe->type == FT_DIR)) {
			out->data = read_data(fe, false);
			return out->data != 0 || (kn->sfflags & NOTE_FILE_POLL);
		}
		return 1;		/* always readable/writable, data 0 */
	}
	if (kn->stale) {
		struct l_pollfd pf = {fe->fd, poll_events(kn), 0};
		struct l_timespec zero = {0, 0};
		if (sys5(__NR_ppoll, &pf, 1, &zero, 0, 8) >= 0) {
			uint32_t rev = (uint16_t)pf.revents;
			kn->revents = (rev & L_POLLNVAL) ? 0 : rev;
		}
		kn->stale = false;
	}
	uint32_t ev = kn->revents;
	bool eof;
	if (rd) {
		if (!(ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
			return 0;
		eof = ev & (EPOLLRDHUP | EPOLLHUP);
		out->data = read_data(fe, eof);
	} else {
		if (!(ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)))
			return 0;
		/* A pipe whose reader is gone shows EPOLLERR on Linux. */
		eof = (ev & EPOLLHUP) || ((ev & EPOLLERR) && fe->type == FT_FIFO);
		out->data = eof ? 0 : write_data(fe);
	}
	if (!eof && !(ev & EPOLLERR) && (kn->sfflags & NOTE_LOWAT) && out->data < kn->sdata)
		return 0;
	if (eof)
		out->flags |= EV_EOF;
	return 1;
}

/* ---- EVFILT_TIMER ------------------------------------------------------- */
static void hostfd_close(struct kq *kq, struct knote *kn)
{
	if (kn->hostfd >= 0) {
		ep_ctl(kq, EPOLL_CTL_DEL, kn->hostfd, 0, NO_SLOT);
		l_close(kn->hostfd);
		kn->hostfd = -1;
	}
	src_free(kq, kn->slot);
	kn->slot = NO_SLOT;
}

static long hostfd_register(struct kq *kq, struct knote *kn, enum src_kind kind)
{
	kn->slot = src_alloc(kq, kind, kn);
	if (kn->slot == NO_SLOT)
		return -L_ENOMEM;
	return ep_ctl(kq, EPOLL_CTL_ADD, kn->hostfd, EPOLLIN, kn->slot);
}

static long timer_arm(struct kq *kq, struct knote *kn)
{
	uint32_t ff = kn->sfflags;
	if (ff & ~(uint32_t)(NOTE_TIMER_PRECMASK | NOTE_ABSTIME))
		return -L_EINVAL;
	int64_t unit;
	switch (ff & NOTE_TIMER_PRECMASK) {
	case 0:
	case NOTE_MSECONDS: unit = 1000000; break;
	case NOTE_SECONDS: unit = 1000000000; break;
	case NOTE_USECONDS: unit = 1000; break;
	case NOTE_NSECONDS: unit = 1; break;
	default: return -L_EINVAL;
	}
	if (kn->sdata < 0)
		return -L_EINVAL;
	bool abs = ff & NOTE_ABSTIME;
	if (kn->sdata == 0 && !(kn->kev.flags & EV_ONESHOT) && !abs)
		kn->sdata = 1;
	int64_t ns = kn->sdata > INT64_MAX / unit ? INT64_MAX : kn->sdata * unit;
	if (kn->hostfd < 0 || kn->timer_abs != abs) {
		hostfd_close(kq, kn);
		long fd = sys2(__NR_timerfd_create, abs ? 0 /* CLOCK_REALTIME */ : 1 /* CLOCK_MONOTONIC */,
			       L_O_CLOEXEC | L_O_NONBLOCK);
		if (fd < 0)
			return fd;
		kn->hostfd = (int)fd;
		kn->timer_abs = abs;
		long r = hostfd_register(kq, kn, SRC_TIMER);
		if (r < 0) {
			hostfd_close(kq, kn);
			return r;
		}
	}
	struct l_itimerspec its = {{0, 0}, {0, 0}};
	int64_t v = ns ? ns : 1;	/* 0 would disarm: fire at once instead */
	its.value.sec = v / 1000000000;
	its.value.nsec = v % 1000000000;
	if (!abs && !(kn->kev.flags & EV_ONESHOT))
		its.interval = its.value;
	kn->acc = 0;
	return sys4(__NR_timerfd_settime, kn->hostfd, abs ? L_TFD_TIMER_ABSTIME : 0, &its, 0);
}

static void timer_fired(struct kq *kq, struct knote *kn)
{
	uint64_t v = 0;
	if (sys3(__NR_read, kn->hostfd, &v, sizeof v) == (long)sizeof v)
		kn->acc += v;
	if (kn->acc && !kn->disabled)
		enqueue(kq, kn);
}

/* ---- EVFILT_PROC -------------------------------------------------------- */
static long proc_attach(struct kq *kq, struct knote *kn)
{
	if (kn->kev.ident == 0 || kn->kev.ident > 0x7fffffff)
		return -L_ESRCH;
	long fd = sys2(__NR_pidfd_open, (long)kn->kev.ident, 0);
	if (fd < 0)
		return fd == -L_EINVAL ? -L_ESRCH : fd;
	kn->hostfd = (int)fd;
	long r = hostfd_register(kq, kn, SRC_PROC);
	if (r < 0)
		hostfd_close(kq, kn);
	return r;
}

static void proc_exited(struct kq *kq, struct knote *kn)
{
	if (kn->exited)
		return;
	kn->exited = true;
	siginfo_t si;
	memset(&si, 0, sizeof si);
	long r = sys5(__NR_waitid, L_P_PIDFD, kn->hostfd, &si, L_WEXITED | L_WNOHANG | L_WNOWAIT, 0);
	kn->status = 0;
	if (r == 0 && si.si_pid) {
		int st = si.si_status;
		if (si.si_code == 1 /* CLD_EXITED */)
			kn->status = (st & 0xff) << 8;
		else if (si.si_code == 2 /* CLD_KILLED */ || si.si_code == 3 /* CLD_DUMPED */)
			kn->status = sig_to_guest(rt_cfg.abi, st) | (si.si_code == 3 ? 0x80 : 0);
	}
	/* Not the guest's child, or reaped already: status unknown, 0. */
	ep_ctl(kq, EPOLL_CTL_DEL, kn->hostfd, 0, NO_SLOT);	/* stays readable */
	if (!kn->disabled)
		enqueue(kq, kn);
}

/* ---- EVFILT_SIGNAL ------------------------------------------------------ */
void kqueue_signal_arrived(int gsig)
{
	if (gsig <= 0 || gsig > GSIG_MAX)
		return;
	__atomic_add_fetch(&sig_counts[gsig], 1, __ATOMIC_SEQ_CST);
	int fd = __atomic_load_n(&sig_evfd, __ATOMIC_ACQUIRE);
	if (fd >= 0 && __atomic_load_n(&sig_watchers[gsig], __ATOMIC_RELAXED) > 0) {
		uint64_t one = 1;
		sys3(__NR_write, fd, &one, sizeof one);
	}
}

/* How many EVFILT_SIGNAL knotes watch gsig (for signal code that wants to
 * keep counting a signal the guest ignores). */
int kqueue_signal_watchers(int gsig)
{
	if (gsig <= 0 || gsig > GSIG_MAX)
		return 0;
	return __atomic_load_n(&sig_watchers[gsig], __ATOMIC_RELAXED);
}

static long sig_attach(struct kq *kq, struct knote *kn)
{
	if (kn->kev.ident == 0 || kn->kev.ident > GSIG_MAX)
		return -L_EINVAL;
	int fd = __atomic_load_n(&sig_evfd, __ATOMIC_ACQUIRE);
	if (fd < 0) {
		long nfd = sys2(__NR_eventfd2, 0, L_O_CLOEXEC | L_O_NONBLOCK);
		if (nfd < 0)
			return nfd;
		int expect = -1;
		if (!__atomic_compare_exchange_n(&sig_evfd, &expect, (int)nfd, false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
			l_close((int)nfd);
		fd = __atomic_load_n(&sig_evfd, __ATOMIC_ACQUIRE);
	}
	if (!kq->sig_registered) {
		uint32_t s = src_alloc(kq, SRC_SIG, 0);
		if (s == NO_SLOT)
			return -L_ENOMEM;
		/* Edge-triggered and never drained: every write wakes every
		 * kqueue watching it, and none can steal another's wakeup. */
		long r = ep_ctl(kq, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLET, s);
		if (r < 0) {
			src_free(kq, s);
			return r;
		}
		kq->sig_registered = true;
	}
	int g = (int)kn->kev.ident;
	kn->sigseen = __atomic_load_n(&sig_counts[g], __ATOMIC_SEQ_CST);
	if (__atomic_add_fetch(&sig_watchers[g], 1, __ATOMIC_RELAXED) == 1)
		sig_watch_changed(g);
	l_add_tail(&kq->sigs, &kn->plink);
	return 0;
}

static bool sig_pending(const struct knote *kn)
{
	return __atomic_load_n(&sig_counts[kn->kev.ident], __ATOMIC_SEQ_CST) != kn->sigseen;
}

/* ---- knotes ------------------------------------------------------------- */
static bool kn_maybe_active(const struct knote *kn)
{
	switch (kn->kev.filter) {
	case EVFILT_TIMER: return kn->acc != 0;
	case EVFILT_USER: return kn->triggered;
	case EVFILT_PROC: return kn->exited;
	case EVFILT_SIGNAL: return sig_pending(kn);
	default: return true;
	}
}

static struct knote *kn_new(const struct kev *kev)
{
	struct knote *kn = shim_calloc(1, sizeof *kn);
	if (!kn)
		return 0;
	l_init(&kn->qlink);
	l_init(&kn->plink);
	kn->kev = *kev;
	kn->kev.fflags = 0;
	kn->kev.data = 0;
	kn->kev.flags &= ~(EV_ADD | EV_DELETE | EV_ENABLE | EV_DISABLE | EV_FORCEONESHOT);
	kn->sfflags = kev->fflags;
	kn->sdata = kev->data;
	kn->hostfd = -1;
	kn->slot = NO_SLOT;
	return kn;
}

static void khash_insert(struct kq *kq, struct knote *kn)
{
	unsigned h = khash(kn->kev.filter, kn->kev.ident);
	kn->hnext = kq->hash[h];
	kq->hash[h] = kn;
}

static struct knote *khash_find(struct kq *kq, int16_t filter, uint64_t ident)
{
	for (struct knote *kn = kq->hash[khash(filter, ident)]; kn; kn = kn->hnext)
		if (kn->kev.filter == filter && kn->kev.ident == ident)
			return kn;
	return 0;
}

static void khash_remove(struct kq *kq, struct knote *kn)
{
	struct knote **pp = &kq->hash[khash(kn->kev.filter, kn->kev.ident)];
	while (*pp && *pp != kn)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = kn->hnext;
}

/* Detach kn from everything and free it. */
static void kn_drop(struct kq *kq, struct knote *kn)
{
	dequeue(kn);
	if (l_linked(&kn->plink))
		l_del(&kn->plink);
	if (kn->fde) {
		struct fdent *fe = kn->fde;
		if (fe->rd == kn)
			fe->rd = 0;
		if (fe->wr == kn)
			fe->wr = 0;
		fde_update(kq, fe);
		fde_release_if_unused(kq, fe);
	} else {
		khash_remove(kq, kn);
		if (kn->kev.filter == EVFILT_SIGNAL &&
		    __atomic_sub_fetch(&sig_watchers[kn->kev.ident], 1, __ATOMIC_RELAXED) == 0)
			sig_watch_changed((int)kn->kev.ident);
		hostfd_close(kq, kn);
	}
	shim_free(kn);
}

/* A knote was enabled or disabled. */
static void kn_enable_changed(struct kq *kq, struct knote *kn)
{
	if (kn->fde) {
		fde_update(kq, kn->fde);
		kn_sync_polled(kq, kn);
	}
	if (kn->disabled)
		dequeue(kn);
}

static long fd_valid(int fd)
{
	long r = sys2(__NR_fcntl, fd, L_F_GETFD);
	return r < 0 ? r : 0;
}

/* EV_DELETE, EV_FORCEONESHOT, EV_ENABLE/DISABLE and udata on a knote that
 * exists, whatever its filter.  True when the knote is gone. */
static bool kn_update(struct kq *kq, struct knote *kn, const struct kev *kev)
{
	if (kev->flags & EV_DELETE) {
		kn_drop(kq, kn);
		return true;
	}
	if (kev->flags & EV_FORCEONESHOT) {
		kn->kev.flags |= EV_ONESHOT;
		kn->forced = true;
	}
	if (kev->flags & EV_ENABLE)
		kn->disabled = false;
	else if (kev->flags & EV_DISABLE)
		kn->disabled = true;
	kn->kev.udata = kev->udata;
	return false;
}

static long register_fd(struct kq *kq, const struct kev *kev)
{
	if (kev->ident > 0x7fffffff || rt_is_reserved_fd((long)kev->ident))
		return -L_EBADF;
	int fd = (int)kev->ident;
	bool rd = kev->filter == EVFILT_READ;
	struct fdent *fe = fd < kq->nfdtab ? kq->fdtab[fd] : 0;
	struct knote *kn = fe ? (rd ? fe->rd : fe->wr) : 0;
	long err = 0;

	if (!kn) {
		if (!(kev->flags & EV_ADD)) {
			err = fe ? 0 : fd_valid(fd);
			return err ? err : -L_ENOENT;
		}
		if (!fe && !(fe = fde_new(kq, fd, &err)))
			return err;
		if (!(kn = kn_new(kev))) {
			fde_release_if_unused(kq, fe);
			return -L_ENOMEM;
		}
		kn->fde = fe;
		kn->disabled = kev->flags & EV_DISABLE;
		*(rd ? &fe->rd : &fe->wr) = kn;
		err = fde_update(kq, fe);
		if (err < 0) {
			*(rd ? &fe->rd : &fe->wr) = 0;
			shim_free(kn);
			fde_release_if_unused(kq, fe);
			return err;
		}
		kn_sync_polled(kq, kn);
		/* A polled fd is evaluated at the scan; an epoll one got its
		 * current readiness queued by EPOLL_CTL_ADD/MOD. */
		if (fe->polled && !kn->disabled)
			enqueue(kq, kn);
		return 0;
	}
	if (kn_update(kq, kn, kev))
		return 0;	/* EV_DELETE */
	kn->sfflags = kev->fflags;
	kn->sdata = kev->data;
	kn_enable_changed(kq, kn);
	/* FreeBSD re-evaluates a knote after every change: queue it for a
	 * fresh look at the scan. */
	if (!kn->disabled) {
		kn->stale = true;
		enqueue(kq, kn);
	}
	return 0;
}

static void user_touch(struct knote *kn, const struct kev *kev)
{
	if (kev->fflags & NOTE_TRIGGER)
		kn->triggered = true;
	uint32_t ff = kev->fflags & NOTE_FFLAGSMASK;
	switch (kev->fflags & NOTE_FFCTRLMASK) {
	case NOTE_FFAND: kn->sfflags &= ff; break;
	case NOTE_FFOR: kn->sfflags |= ff; break;
	case NOTE_FFCOPY: kn->sfflags = ff; break;
	default: break;		/* NOTE_FFNOP */
	}
	kn->sdata = kev->data;
	if (kev->flags & EV_CLEAR)
		kn->triggered = false;
}

static long register_other(struct kq *kq, const struct kev *kev)
{
	struct knote *kn = khash_find(kq, kev->filter, kev->ident);
	long err = 0;
	if (!kn) {
		if (!(kev->flags & EV_ADD))
			return -L_ENOENT;
		if (!(kn = kn_new(kev)))
			return -L_ENOMEM;
		switch (kev->filter) {
		case EVFILT_TIMER:
			kn->kev.flags |= EV_CLEAR;
			err = timer_arm(kq, kn);
			break;
		case EVFILT_USER:
			kn->triggered = kev->fflags & NOTE_TRIGGER;
			kn->sfflags = kev->fflags & NOTE_FFLAGSMASK;
			break;
		case EVFILT_PROC:
			kn->kev.flags |= EV_CLEAR;
			err = proc_attach(kq, kn);
			break;
		case EVFILT_SIGNAL:
			kn->kev.flags |= EV_CLEAR;
			err = sig_attach(kq, kn);
			break;
		default:
			err = -L_EINVAL;
		}
		if (err < 0) {
			hostfd_close(kq, kn);
			shim_free(kn);
			return err;
		}
		kn->disabled = kev->flags & EV_DISABLE;
		khash_insert(kq, kn);
		if (!kn->disabled && kn_maybe_active(kn))
			enqueue(kq, kn);
		return 0;
	}
	if (kn_update(kq, kn, kev))
		return 0;	/* EV_DELETE */
	switch (kev->filter) {
	case EVFILT_USER:
		user_touch(kn, kev);
		break;
	case EVFILT_TIMER:
		if (kev->flags & EV_ADD) {	/* re-added: restart with the new period */
			kn->sfflags = kev->fflags;
			kn->sdata = kev->data;
			dequeue(kn);
			err = timer_arm(kq, kn);
		}
		break;
	default:
		kn->sfflags = kev->fflags;
		kn->sdata = kev->data;
	}
	if (kn->disabled)
		dequeue(kn);
	else if (kn->forced || kn_maybe_active(kn))
		enqueue(kq, kn);
	return err;
}

static long kq_register(struct kq *kq, const struct kev *kev)
{
	switch (kev->filter) {
	case EVFILT_READ:
	case EVFILT_WRITE:
		return register_fd(kq, kev);
	case EVFILT_TIMER:
	case EVFILT_USER:
	case EVFILT_PROC:
	case EVFILT_SIGNAL:
		return register_other(kq, kev);
	default:
		/* AIO, VNODE, PROCDESC, FS, LIO, SENDFILE, EMPTY: not provided. */
		return -L_EINVAL;
	}
}

/* Evaluate a queued knote: 1 report (out filled), 0 not active, -1 drop
 * silently (a process exit nobody asked for). */
static int kn_event(struct knote *kn, struct kev *out)
{
	*out = kn->kev;
	out->fflags = 0;
	out->data = 0;
	int r = 0;
	switch (kn->kev.filter) {
	case EVFILT_READ:
	case EVFILT_WRITE:
		r = fd_event(kn, out);
		break;
	case EVFILT_TIMER:
		if (kn->acc) {
			out->data = (int64_t)kn->acc;
			kn->acc = 0;
			r = 1;
		}
		break;
	case EVFILT_USER:
		if (kn->triggered) {
			out->fflags = kn->sfflags & NOTE_FFLAGSMASK;
			out->data = kn->sdata;
			if (kn->kev.flags & EV_CLEAR)
				kn->triggered = false;
			r = 1;
		}
		break;
	case EVFILT_SIGNAL: {
		uint64_t c = __atomic_load_n(&sig_counts[kn->kev.ident], __ATOMIC_SEQ_CST);
		if (c != kn->sigseen) {
			out->data = (int64_t)(c - kn->sigseen);
			kn->sigseen = c;
			r = 1;
		}
		break;
	}
	case EVFILT_PROC:
		if (kn->exited) {
			if (!(kn->sfflags & NOTE_EXIT))
				return -1;
			kn->kev.flags |= EV_ONESHOT;
			out->flags |= EV_EOF | EV_ONESHOT;
			out->fflags = NOTE_EXIT;
			out->data = kn->status;
			r = 1;
		}
		break;
	}
	if (kn->forced) {
		kn->forced = false;
		r = 1;
	}
	return r;
}

/* ---- guest structures --------------------------------------------------- */
static long kev_in(const struct abi *abi, enum kfmt fmt, uint64_t p, struct kev *k, bool *skip,
		   unsigned char raw[64])
{
	memset(raw, 0, 64);
	if (copy_from_guest(raw, p, kfmt_size[fmt]) < 0)
		return -L_EFAULT;
	memcpy(k, raw, sizeof *k);
	*skip = k->filter == 0;
	if (*skip)
		return 0;
	long f = xlat_to_host(abi, XL_EVFILT, k->filter, 0);
	k->filter = (int16_t)(f ? f : 0x7fff);		/* unknown: EINVAL at register */
	k->flags = (uint16_t)xlat_bits_to_host(abi, XL_EVFLAG, k->flags, 0) & ~EV_SYSFLAGS;
	return 0;
}

static long kev_out(const struct abi *abi, enum kfmt fmt, uint64_t p, const struct kev *k)
{
	struct kev g = *k;
	g.filter = (int16_t)xlat_to_guest(abi, XL_EVFILT, k->filter, k->filter);
	g.flags = (uint16_t)xlat_bits_to_guest(abi, XL_EVFLAG, k->flags);
	return copy_to_guest(p, &g, kfmt_size[fmt]) < 0 ? -L_EFAULT : 0;
}

/* ---- the kqueue table --------------------------------------------------- */
static void kq_destroy(struct kq *kq)
{
	for (int fd = 0; fd < kq->nfdtab; fd++) {
		struct fdent *fe = kq->fdtab[fd];
		if (!fe)
			continue;
		shim_free(fe->rd);
		shim_free(fe->wr);
		shim_free(fe);
	}
	for (int h = 0; h < KHASH; h++) {
		struct knote *kn = kq->hash[h];
		while (kn) {
			struct knote *next = kn->hnext;
			if (kn->kev.filter == EVFILT_SIGNAL &&
			    __atomic_sub_fetch(&sig_watchers[kn->kev.ident], 1, __ATOMIC_RELAXED) == 0)
				sig_watch_changed((int)kn->kev.ident);
			l_close(kn->hostfd);
			shim_free(kn);
			kn = next;
		}
	}
	l_close(kq->wakefd);
	l_close(kq->wsetfd);
	shim_free(kq->fdtab);
	shim_free(kq->srcs);
	shim_free(kq);
}

static void kq_put(struct kq *kq)
{
	shim_mutex_lock(&kq_glock);
	bool last = --kq->refs == 0;
	if (last) {
		struct kq **pp = &kq_all;
		while (*pp && *pp != kq)
			pp = &(*pp)->next_all;
		if (*pp)
			*pp = kq->next_all;
	}
	shim_mutex_unlock(&kq_glock);
	if (last)
		kq_destroy(kq);
}

static bool kqtab_grow(int fd)
{
	if (fd < nkqtab)
		return true;
	int n = nkqtab ? nkqtab : 64;
	while (n <= fd)
		n *= 2;
	struct kq **nt = shim_realloc(kqtab, (size_t)n * sizeof *nt);
	if (!nt)
		return false;
	for (int i = nkqtab; i < n; i++)
		nt[i] = 0;
	kqtab = nt;
	nkqtab = n;
	return true;
}

/* The kqueue behind guest fd, with a reference; -EBADF for no descriptor,
 * -EINVAL for one that is not a kqueue. */
static struct kq *kq_get(int fd, long *err)
{
	*err = 0;
	if (fd < 0) {
		*err = -L_EBADF;
		return 0;
	}
	shim_mutex_lock(&kq_glock);
	struct kq *kq = fd < nkqtab ? kqtab[fd] : 0;
	if (!kq && fd_valid(fd) == 0) {
		/* A dup of a kqueue fd names the same epoll file. */
		long self = sys0(__NR_getpid);
		for (struct kq *k = kq_all; k; k = k->next_all) {
			if (k->dead || k->nfds == 0)
				continue;
			if (sys5(__NR_kcmp, self, self, 0 /* KCMP_FILE */, fd, k->epfd) == 0 && kqtab_grow(fd)) {
				kqtab[fd] = k;
				k->nfds++;
				kq = k;
				break;
			}
		}
	}
	if (kq)
		kq->refs++;
	shim_mutex_unlock(&kq_glock);
	if (!kq)
		*err = fd_valid(fd) < 0 ? -L_EBADF : -L_EINVAL;
	return kq;
}

static long kqueue_create(int cloexec)
{
	struct kq *kq = shim_calloc(1, sizeof *kq);
	if (!kq)
		return -L_ENOMEM;
	long epfd = sys1(__NR_epoll_create1, cloexec ? L_O_CLOEXEC : 0);
	if (epfd < 0) {
		shim_free(kq);
		return epfd;
	}
	long wfd = sys2(__NR_eventfd2, 0, L_O_CLOEXEC | L_O_NONBLOCK);
	if (wfd < 0) {
		l_close((int)epfd);
		shim_free(kq);
		return wfd;
	}
	kq->epfd = (int)epfd;
	kq->wsetfd = -1;
	kq->wakefd = (int)wfd;
	kq->free_head = NO_SLOT;
	l_init(&kq->queue);
	l_init(&kq->polled);
	l_init(&kq->sigs);
	uint32_t s = src_alloc(kq, SRC_WAKE, 0);
	long r = s == NO_SLOT ? -L_ENOMEM : ep_ctl(kq, EPOLL_CTL_ADD, kq->wakefd, EPOLLIN, s);
	shim_mutex_lock(&kq_glock);
	if (r == 0 && !kqtab_grow(kq->epfd))
		r = -L_ENOMEM;
	if (r == 0) {
		kqtab[kq->epfd] = kq;
		kq->nfds = 1;
		kq->refs = 1;
		kq->next_all = kq_all;
		kq_all = kq;
	}
	shim_mutex_unlock(&kq_glock);
	if (r < 0) {
		l_close(kq->epfd);
		l_close(kq->wakefd);
		shim_free(kq->srcs);
		shim_free(kq);
		return r;
	}
	return kq->epfd;
}

long sys_kqueue(struct trap *t)
{
	(void)t;
	return kqueue_create(0);
}

long sys_kqueuex(struct trap *t)
{
	if (ARG(0) & ~(uint64_t)KQUEUE_CLOEXEC)
		return -L_EINVAL;
	return kqueue_create(ARG(0) & KQUEUE_CLOEXEC);
}

/* ---- collecting and scanning ------------------------------------------- */
static void fd_ready(struct kq *kq, struct knote *kn, uint32_t e, uint32_t bits)
{
	if (kn && !kn->disabled && (e & bits)) {
		kn->revents = e;
		kn->stale = false;
		enqueue(kq, kn);
	}
}

static struct src *src_of(struct kq *kq, uint64_t d)
{
	uint32_t slot = (uint32_t)d, gen = (uint32_t)(d >> 32);
	if (slot >= kq->nsrcs || kq->srcs[slot].gen != gen)
		return 0;	/* its source was removed meanwhile */
	return &kq->srcs[slot];
}

/* The write set has events: take them all (it is level-triggered in the
 * epoll set, so anything left makes the next wait return at once). */
static void wset_drain(struct kq *kq)
{
	struct epoll_event ev[32];
	long n;
	do {
		n = sys4(__NR_epoll_wait, kq->wsetfd, ev, 32, 0);
		for (long i = 0; i < n; i++) {
			struct src *s = src_of(kq, ev[i].data);
			if (s && s->kind == SRC_FD)
				fd_ready(kq, ((struct fdent *)s->obj)->wr, ev[i].events, EPOLLOUT | EPOLLHUP | EPOLLERR);
		}
	} while (n == 32);
}

static void kq_collect(struct kq *kq, const struct epoll_event *ev, int n)
{
	for (int i = 0; i < n; i++) {
		struct src *s = src_of(kq, ev[i].data);
		if (!s)
			continue;
		switch (s->kind) {
		case SRC_FD:
			fd_ready(kq, ((struct fdent *)s->obj)->rd, ev[i].events,
				 EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
			break;
		case SRC_WSET:
			wset_drain(kq);
			break;
		case SRC_TIMER:
			timer_fired(kq, s->obj);
			break;
		case SRC_PROC:
			proc_exited(kq, s->obj);
			break;
		case SRC_SIG:
			for (struct link *l = kq->sigs.next; l != &kq->sigs; l = l->next) {
				struct knote *kn = l_entry(l, struct knote, plink);
				if (!kn->disabled && sig_pending(kn))
					enqueue(kq, kn);
			}
			break;
		default:	/* SRC_WAKE: the queue itself says what is pending */
			break;
		}
	}
}

/* Copy out up to max active events; -EFAULT if the event list is bad. */
static long kq_scan(struct kq *kq, struct trap *t, enum kfmt fmt, uint64_t evp, int max)
{
	for (struct link *l = kq->polled.next; l != &kq->polled; l = l->next) {
		struct knote *kn = l_entry(l, struct knote, plink);
		if (!kn->disabled)
			enqueue(kq, kn);
	}
	recheck_stale(kq);
	struct link requeue;
	l_init(&requeue);
	long n = 0, err = 0;
	while (n < max && !l_empty(&kq->queue)) {
		struct knote *kn = l_entry(kq->queue.next, struct knote, qlink);
		l_del(&kn->qlink);
		if (kn->disabled)
			continue;
		struct kev out;
		int r = kn_event(kn, &out);
		if (r < 0) {
			kn_drop(kq, kn);
			continue;
		}
		if (r == 0)
			continue;
		if (kev_out(t->abi, fmt, evp + (uint64_t)n * kfmt_size[fmt], &out) < 0) {
			err = -L_EFAULT;
			l_add_tail(&requeue, &kn->qlink);
			break;
		}
		n++;
		if (kn->kev.flags & EV_ONESHOT) {
			kn_drop(kq, kn);
		} else if (kn->kev.flags & EV_DISPATCH) {
			kn->disabled = true;
			kn_enable_changed(kq, kn);
		} else if (!(kn->kev.flags & EV_CLEAR)) {
			kn->stale = true;	/* level-triggered: look again next time */
			l_add_tail(&requeue, &kn->qlink);
		}
	}
	while (!l_empty(&requeue)) {
		struct link *l = requeue.next;
		l_del(l);
		l_add_tail(&kq->queue, l);
	}
	for (struct link *l = kq->queue.next; l != &kq->queue; l = l->next)
		l_entry(l, struct knote, qlink)->stale = true;
	wake_sync(kq);
	return err ? err : n;
}

static long do_kevent(struct trap *t, enum kfmt fmt)
{
	int fd = IARG(0);
	uint64_t changes = ARG(1), events = ARG(3), tsp = ARG(5);
	int nchanges = IARG(2), nevents = IARG(4);
	size_t sz = kfmt_size[fmt];
	struct l_timespec ts = {0, 0};

	t->no_restart = true;		/* FreeBSD never restarts kevent */
	if (tsp && copy_from_guest(&ts, tsp, sizeof ts) < 0)
		return -L_EFAULT;
	long err;
	struct kq *kq = kq_get(fd, &err);
	if (!kq)
		return err;
	if (nchanges < 0 || nevents < 0) {
		kq_put(kq);
		return -L_EINVAL;
	}

	long ret = 0;
	shim_mutex_lock(&kq->lock);
	if (kq->dead) {
		ret = -L_EBADF;
		goto out;
	}
	int nerr = 0;
	for (int i = 0; i < nchanges; i++) {
		struct kev kev;
		unsigned char raw[64];
		bool skip;
		uint64_t cp = changes + (uint64_t)i * sz;
		if ((ret = kev_in(t->abi, fmt, cp, &kev, &skip, raw)) < 0)
			goto out;
		if (skip)
			continue;
		long r = kq_register(kq, &kev);
		if (r < 0 || (kev.flags & EV_RECEIPT)) {
			if (nevents == 0) {
				ret = r < 0 ? r : 0;
				goto out;
			}
			/* The change itself comes back, flags = EV_ERROR and
			 * data = the guest errno (0 for a receipt). */
			int64_t data = r < 0 ? errno_to_guest(t->abi, (int)-r) : 0;
			uint16_t fl = (uint16_t)xlat_bits_to_guest(t->abi, XL_EVFLAG, EV_ERROR);
			memcpy(raw + 10, &fl, 2);
			memcpy(raw + 16, &data, 8);
			copy_to_guest(events + (uint64_t)nerr * sz, raw, sz);
			nevents--;
			nerr++;
		}
	}
	if (nerr) {
		ret = nerr;
		goto out;
	}
	if (nevents == 0)
		goto out;
	if (tsp && (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)) {
		ret = -L_EINVAL;
		goto out;
	}

	bool poll_only = tsp && ts.sec == 0 && ts.nsec == 0;
	uint64_t deadline = 0;
	if (tsp && !poll_only) {
		uint64_t add = ts.sec > 100000000 ? 100000000ull * 1000000000ull
						  : (uint64_t)ts.sec * 1000000000ull + (uint64_t)ts.nsec;
		deadline = shim_now_ns() + add;
	}
	struct epoll_event evs[64];
	if (poll_only || !l_empty(&kq->queue) || !l_empty(&kq->polled)) {
		long r = sys4(__NR_epoll_wait, kq->epfd, evs, 64, 0);
		if (r > 0)
			kq_collect(kq, evs, (int)r);
	}
	for (;;) {
		ret = kq_scan(kq, t, fmt, events, nevents);
		if (ret != 0 || poll_only)
			break;
		struct l_timespec rem, *remp = 0;
		if (tsp) {
			uint64_t now = shim_now_ns();
			if (now >= deadline)
				break;
			rem.sec = (int64_t)((deadline - now) / 1000000000ull);
			rem.nsec = (int64_t)((deadline - now) % 1000000000ull);
			remp = &rem;
		}
		int epfd = kq->epfd;
		shim_mutex_unlock(&kq->lock);
		long r = isys6(__NR_epoll_pwait2, epfd, evs, 64, remp, 0, 8);	/* blocking */
		if (r == -L_ENOSYS) {	/* Linux < 5.11: millisecond timeouts */
			long ms = remp ? (long)(remp->sec * 1000 + (remp->nsec + 999999) / 1000000) : -1;
			r = isys4(__NR_epoll_wait, epfd, evs, 64, ms);	/* blocking */
		}
		shim_mutex_lock(&kq->lock);
		if (kq->dead) {
			ret = -L_EBADF;
			break;
		}
		if (r == -L_EINTR && t->th->pending) {
			ret = r;
			break;
		}
		if (r == -L_EINTR)
			continue;	/* not for the guest (e.g. a stop and continue) */
		if (r < 0) {
			ret = r;
			break;
		}
		kq_collect(kq, evs, (int)r);
	}
out:
	if (!kq->dead)
		wake_sync(kq);
	shim_mutex_unlock(&kq->lock);
	kq_put(kq);
	return ret;
}

long sys_kevent(struct trap *t)
{
	return do_kevent(t, KF_FBSD64);
}

long sys_freebsd11_kevent(struct trap *t)
{
	return do_kevent(t, KF_FBSD11);
}

/* ---- hooks -------------------------------------------------------------- */
/* An fd is about to be closed (close, dup2 onto it, F_DUP2FD): its knotes
 * go, and if it names a kqueue, that kqueue goes with its last fd.  epoll
 * would forget the registration only when the last reference to the open
 * file goes, which a dup'd fd prevents, so it is removed explicitly. */
void kqueue_fd_closed(int fd)
{
	if (fd < 0)
		return;
	struct kq *dying = 0;
	shim_mutex_lock(&kq_glock);
	if (fd < nkqtab && kqtab[fd]) {
		struct kq *kq = kqtab[fd];
		kqtab[fd] = 0;
		shim_mutex_lock(&kq->lock);
		if (--kq->nfds == 0) {
			/* Threads waiting in it wake up and fail with EBADF. */
			uint64_t one = 1;
			sys3(__NR_write, kq->wakefd, &one, sizeof one);
			kq->wake_on = true;
			kq->dead = true;
			dying = kq;
		} else if (kq->epfd == fd) {
			for (int i = 0; i < nkqtab; i++)
				if (kqtab[i] == kq) {
					kq->epfd = i;
					break;
				}
		}
		shim_mutex_unlock(&kq->lock);
	}
	for (struct kq *kq = kq_all; kq; kq = kq->next_all) {
		if (kq->dead)
			continue;
		shim_mutex_lock(&kq->lock);
		struct fdent *fe = fd < kq->nfdtab ? kq->fdtab[fd] : 0;
		if (fe) {
			if (fe->rd)
				kn_drop(kq, fe->rd);
			/* kn_drop may have released fe along with its last knote */
			fe = kq->fdtab[fd];
			if (fe && fe->wr)
				kn_drop(kq, fe->wr);
		}
		wake_sync(kq);
		shim_mutex_unlock(&kq->lock);
	}
	shim_mutex_unlock(&kq_glock);
	if (dying)
		kq_put(dying);
}

/* closefrom/close_range: every descriptor in [lo, hi] the kqueues know. */
void kqueue_fds_closed(int lo, int hi)
{
	shim_mutex_lock(&kq_glock);
	int max = nkqtab;
	for (struct kq *kq = kq_all; kq; kq = kq->next_all)
		if (kq->nfdtab > max)
			max = kq->nfdtab;
	shim_mutex_unlock(&kq_glock);
	if (hi > max - 1)
		hi = max - 1;
	for (int fd = lo < 0 ? 0 : lo; fd <= hi; fd++)
		kqueue_fd_closed(fd);
}

/* In a fork child: kqueues are not inherited on FreeBSD.  The child's copies
 * of the epoll fds and of every runtime fd behind them are closed (the
 * parent keeps its own), so kevent and close on them fail with EBADF.
 * No other thread exists here and none may hold a lock: locks are reset,
 * memory is left alone. */
void kqueue_after_fork(void)
{
	for (struct kq *kq = kq_all; kq; kq = kq->next_all) {
		for (int h = 0; h < KHASH; h++)
			for (struct knote *kn = kq->hash[h]; kn; kn = kn->hnext)
				l_close(kn->hostfd);
		l_close(kq->wakefd);
		l_close(kq->wsetfd);
		kq->dead = true;
		kq->lock.v = 0;
	}
	for (int fd = 0; fd < nkqtab; fd++)
		if (kqtab[fd])
			l_close(fd);
	kqtab = 0;
	nkqtab = 0;
	kq_all = 0;
	kq_glock.v = 0;
	if (sig_evfd >= 0)
		l_close(sig_evfd);
	sig_evfd = -1;
	for (int i = 0; i <= GSIG_MAX; i++)
		sig_watchers[i] = 0;
}
