/* _umtx_op: FreeBSD's user-space synchronisation primitives on Linux
 * futexes.  The wait and wake operations Go and libc's simple waits use are
 * here; libthr's umutex/urwlock/usem protocols are not (ENOSYS). */
#include "handlers.h"
#include <linux/futex.h>

enum {
	UMTX_OP_WAIT = 2, UMTX_OP_WAKE = 3, UMTX_OP_WAIT_UINT = 11, UMTX_OP_WAIT_UINT_PRIVATE = 15,
	UMTX_OP_WAKE_PRIVATE = 16, UMTX_OP_NWAKE_PRIVATE = 21,
};
#define UMTX_ABSTIME 1


/* Timeout argument: uaddr1 is the size of what uaddr2 points to; a bare
 * timespec (relative, CLOCK_REALTIME) or struct _umtx_time. */
static long read_timeout(struct trap *t, uint64_t size, uint64_t p, struct kts *ts, int *futex_flags, bool *abs)
{
	*abs = false;
	*futex_flags = 0;
	if (!p)
		return 1;	/* forever */
	struct { struct kts to; uint32_t flags, clockid; } ut = {{0, 0}, 0, 0};
	if (size <= sizeof(struct kts)) {
		if (copy_from_guest(&ut.to, p, sizeof ut.to) < 0)
			return -L_EFAULT;
	} else if (copy_from_guest(&ut, p, sizeof ut) < 0) {
		return -L_EFAULT;
	}
	if (ut.to.ns < 0 || ut.to.ns >= 1000000000 || ut.to.s < 0)
		return -L_EINVAL;
	*ts = ut.to;
	if (ut.flags & UMTX_ABSTIME) {
		long hc = xlat_to_host(t->abi, XL_CLOCK, ut.clockid, -1);
		if (hc != 0 && hc != 1 && hc != 6 && hc != 7)
			return -L_EINVAL;
		*abs = true;
		if (hc == 0)
			*futex_flags = FUTEX_CLOCK_REALTIME;
	}
	return 0;
}

static long do_wait(struct trap *t, bool priv, bool wide)
{
	uint64_t obj = ARG(0);
	uint32_t cur;
	if (obj & 3)
		return -L_EINVAL;
	if (wide) {
		uint64_t v;
		if (copy_from_guest(&v, obj, 8) < 0)
			return -L_EFAULT;
		if (v != ARG(2))
			return 0;	/* FreeBSD: the value changed, no sleep */
		cur = (uint32_t)v;
	} else {
		if (copy_from_guest(&cur, obj, 4) < 0)
			return -L_EFAULT;
		if (cur != (uint32_t)ARG(2))
			return 0;
	}
	struct kts ts;
	int ff;
	bool abs;
	long r = read_timeout(t, ARG(3), ARG(4), &ts, &ff, &abs);
	if (r < 0)
		return r;
	int op = priv ? FUTEX_PRIVATE_FLAG : 0;
	if (r == 1)
		r = isys4(__NR_futex, obj, FUTEX_WAIT | op, cur, 0);	/* blocking */
	else if (abs)
		r = isys6(__NR_futex, obj, FUTEX_WAIT_BITSET | op | ff, cur, &ts, 0, FUTEX_BITSET_MATCH_ANY);
	else
		r = isys4(__NR_futex, obj, FUTEX_WAIT | op, cur, &ts);	/* relative: monotonic */
	if (r == -L_EAGAIN)
		return 0;
	return r;
}

long sys__umtx_op(struct trap *t)
{
	switch (IARG(1)) {
	case UMTX_OP_WAIT:
		return do_wait(t, false, true);
	case UMTX_OP_WAIT_UINT:
		return do_wait(t, false, false);
	case UMTX_OP_WAIT_UINT_PRIVATE:
		return do_wait(t, true, false);
	case UMTX_OP_WAKE:
	case UMTX_OP_WAKE_PRIVATE: {
		long n = (long)ARG(2) > 0x7fffffff ? 0x7fffffff : (long)ARG(2);
		long r = sys3(__NR_futex, ARG(0), FUTEX_WAKE | (IARG(1) == UMTX_OP_WAKE_PRIVATE ? FUTEX_PRIVATE_FLAG : 0), n);
		return r < 0 ? r : 0;
	}
	case UMTX_OP_NWAKE_PRIVATE: {
		/* obj: array of `val` pointers, each woken fully. */
		for (uint64_t i = 0; i < ARG(2); i++) {
			uint64_t p;
			if (copy_from_guest(&p, ARG(0) + i * 8, 8) < 0)
				return -L_EFAULT;
			sys3(__NR_futex, p, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 0x7fffffff);
		}
		return 0;
	}
	}
	if ((unsigned)IARG(1) <= 28)
		return -L_ENOSYS;	/* a real operation we do not implement yet */
	return -L_EINVAL;
}
