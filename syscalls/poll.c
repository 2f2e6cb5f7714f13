/* I/O multiplexing: poll, ppoll, select, pselect.  struct pollfd, fd_set,
 * timeval and timespec have the same layout on both sides; the poll event
 * bits above 0x80 and the timeout/mask handling differ.  None of these
 * restarts after a signal (FreeBSD turns ERESTART into EINTR). */
#include "handlers.h"
#include "sigdeliver.h"
#include <linux/time_types.h>

struct pollfd_ {
	int fd;
	short events, revents;
};

/* BSD sys/poll.h: POLLIN 1 PRI 2 OUT 4 ERR 8 HUP 0x10 NVAL 0x20 RDNORM
 * 0x40 RDBAND 0x80 as on Linux; POLLWRNORM is POLLOUT; POLLWRBAND 0x100
 * (Linux 0x200); FreeBSD POLLINIGNEOF 0x2000 (no Linux twin: POLLIN) and
 * POLLRDHUP 0x4000 (Linux 0x2000). */
#define G_POLLWRBAND 0x100
#define G_POLLINIGNEOF 0x2000
#define G_POLLRDHUP 0x4000
#define H_POLLIN 0x1
#define H_POLLWRBAND 0x200
#define H_POLLRDHUP 0x2000

static short events_to_host(short g)
{
	unsigned short e = (unsigned short)g, h = e & 0xff;
	if (e & G_POLLWRBAND)
		h |= H_POLLWRBAND;
	if (e & G_POLLINIGNEOF)
		h |= H_POLLIN;
	if (e & G_POLLRDHUP)
		h |= H_POLLRDHUP;
	return (short)h;
}

static short revents_to_guest(short gevents, short hrev)
{
	unsigned short e = (unsigned short)gevents, h = (unsigned short)hrev, g = h & 0xff;
	if (h & H_POLLWRBAND)
		g |= G_POLLWRBAND;
	if (h & H_POLLRDHUP)
		g |= G_POLLRDHUP;
	if ((e & G_POLLINIGNEOF) && (h & H_POLLIN)) {
		g |= G_POLLINIGNEOF;
		if (!(e & H_POLLIN))
			g &= (unsigned short)~H_POLLIN;
	}
	return (short)g;
}

/* poll and ppoll: the array converted into a runtime copy, revents copied
 * back one by one (pollout() writes only revents). */
static long do_poll(struct trap *t, uint64_t gfds, unsigned nfds, const struct __kernel_timespec *ts,
		    const uint64_t *hmask, int timeout_ms, bool is_ppoll)
{
	struct pollfd_ small[64], *p = small;
	short gsmall[64], *gev = gsmall;	/* the guest's own events */
	if (nfds > (1u << 20))
		return -L_EINVAL;
	if (nfds > 64) {
		p = shim_malloc(nfds * (sizeof *p + sizeof *gev));
		if (!p)
			return -L_ENOMEM;
		gev = (short *)(p + nfds);
	}
	long r = 0;
	if (nfds && copy_from_guest(p, gfds, nfds * sizeof *p) < 0)
		r = -L_EFAULT;
	for (unsigned i = 0; r == 0 && i < nfds; i++) {
		gev[i] = p[i].events;
		p[i].events = events_to_host(gev[i]);
		p[i].revents = 0;
	}
	if (r == 0) {
		t->no_restart = true;
		if (is_ppoll)
			r = isys5(__NR_ppoll, p, nfds, ts, hmask, hmask ? 8 : 0);	/* blocking */
		else
			r = isys3(__NR_poll, p, nfds, timeout_ms);	/* blocking */
	}
	if (r >= 0) {
		for (unsigned i = 0; i < nfds; i++) {
			short rev = revents_to_guest(gev[i], p[i].revents);
			if (copy_to_guest(gfds + i * sizeof *p + 6, &rev, sizeof rev) < 0) {
				r = -L_EFAULT;
				break;
			}
		}
	}
	if (p != small)
		shim_free(p);
	return r;
}

long sys_poll(struct trap *t)
{
	return do_poll(t, ARG(0), (unsigned)ARG(1), 0, 0, IARG(2), false);
}

/* A guest timespec (NULL: none); -EINVAL when out of range. */
static long read_timespec(uint64_t g, struct __kernel_timespec *ts, struct __kernel_timespec **out)
{
	*out = 0;
	if (!g)
		return 0;
	if (copy_from_guest(ts, g, sizeof *ts) < 0)
		return -L_EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return -L_EINVAL;
	*out = ts;	/* a copy: Linux writes the time left back into it */
	return 0;
}

/* ppoll/pselect with a mask: the guest's temporary mask is the thread's
 * for the wait and, when a signal ends the wait, for that signal's
 * delivery, whose frame then carries the old mask for the handler's
 * sigreturn (sigsuspend's way; FreeBSD's TDP_OLDMASK).  Otherwise the old
 * mask is back when the call returns. */
struct tmpmask {
	bool on;
	uint64_t old[2];
	uint64_t host;
};

static long mask_begin(struct trap *t, uint64_t g, struct tmpmask *m)
{
	m->on = false;
	if (!g)
		return 0;
	uint32_t w[4];
	if (copy_from_guest(w, g, sizeof w) < 0)
		return -L_EFAULT;
	uint64_t tmp[2] = {w[0] | (uint64_t)w[1] << 32, w[2] | (uint64_t)w[3] << 32};
	m->old[0] = t->th->guest_sigmask[0];
	m->old[1] = t->th->guest_sigmask[1];
	sig_set_thread_mask(t, tmp);
	m->host = t->uc->uc_sigmask;
	m->on = true;
	return 0;
}

static long mask_end(struct trap *t, struct tmpmask *m, long r)
{
	if (!m->on)
		return r;
	if (r == -L_EINTR) {
		t->th->suspend_saved[0] = m->old[0];
		t->th->suspend_saved[1] = m->old[1];
		t->th->suspend_active = true;
	} else {
		sig_set_thread_mask(t, m->old);
	}
	return r;
}

long sys_ppoll(struct trap *t)
{
	struct __kernel_timespec ts, *tsp;
	struct tmpmask m;
	long r = read_timespec(ARG(2), &ts, &tsp);
	if (r == 0)
		r = mask_begin(t, ARG(3), &m);
	if (r < 0)
		return r;
	r = do_poll(t, ARG(0), (unsigned)ARG(1), tsp, m.on ? &m.host : 0, 0, true);
	return mask_end(t, &m, r);
}

/* select and pselect: the guest's fd_sets go straight to the kernel; the
 * timeout is copied (FreeBSD leaves it alone, Linux writes the rest). */
long sys_select(struct trap *t)
{
	int nd = IARG(0);
	if (nd < 0)
		return -L_EINVAL;
	struct { int64_t sec, usec; } tv, *tvp = 0;
	if (ARG(4)) {
		if (copy_from_guest(&tv, ARG(4), sizeof tv) < 0)
			return -L_EFAULT;
		if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000)
			return -L_EINVAL;
		tvp = &tv;
	}
	t->no_restart = true;
	return isys5(__NR_select, nd, ARG(1), ARG(2), ARG(3), tvp);	/* blocking */
}

long sys_pselect(struct trap *t)
{
	int nd = IARG(0);
	if (nd < 0)
		return -L_EINVAL;
	struct __kernel_timespec ts, *tsp;
	struct tmpmask m;
	long r = read_timespec(ARG(4), &ts, &tsp);
	if (r == 0)
		r = mask_begin(t, ARG(5), &m);
	if (r < 0)
		return r;
	struct { const uint64_t *ss; size_t len; } sig = {&m.host, 8};
	t->no_restart = true;
	r = isys6(__NR_pselect6, nd, ARG(1), ARG(2), ARG(3), tsp, m.on ? &sig : 0);	/* blocking */
	return mask_end(t, &m, r);
}
