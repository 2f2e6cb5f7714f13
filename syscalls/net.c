/* BSD sockets on Linux sockets.  Constants go through the ABI's tables
 * (af, socktype, sockflags, msgflags, socklevel, so, ipopt, ipv6opt,
 * tcpopt); the structures that differ (sockaddr, msghdr, cmsghdr) through
 * sockaddr.c.  Blocking host calls are interruptible (isys*) and marked. */
#include "net.h"

#define SHUT_WR 1

/* A guest constant by name (for the rows with no Linux twin that the code
 * emulates); 0 when the ABI has no such name. */
static long guest_const(const struct abi *abi, enum xlat_kind k, const char *name)
{
	const struct xlat_table *x = &abi->x[k];
	for (unsigned i = 0; i < x->n; i++)
		if (!shim_strcmp(x->v[i].name, name))
			return x->v[i].guest;
	return 0;
}

static bool guest_name_is(const struct abi *abi, enum xlat_kind k, long g, const char *name)
{
	const char *n = xlat_name(abi, k, g);
	return n && !shim_strcmp(n, name);
}

/* ---- SO_NOSIGPIPE ----------------------------------------------------
 * Linux has no per-socket switch, only MSG_NOSIGNAL per send.  The guest's
 * choice is remembered per descriptor together with the socket's inode
 * number (sockfs inodes are unique among live sockets) and turned into
 * MSG_NOSIGNAL on sends.  A descriptor closed and reused is caught when it
 * matters: a send that fails with EPIPE checks the inode and, if the entry
 * was stale, raises the SIGPIPE the kernel was told not to.  The table is
 * plain memory, so fork inherits it as it inherits the descriptors. */
#define NOSIG_FDS (1u << 20)		/* Linux's default fs.nr_open */
static uint32_t *nosig_ino;
static shim_spinlock_t nosig_lock;

static uint32_t fd_inode(int fd)
{
	uint64_t st[18];		/* Linux x86-64 struct stat: st_ino @8 */
	if (sys2(__NR_fstat, fd, st) < 0)
		return 0;
	return (uint32_t)st[1];
}

static long nosig_set(int fd, bool on)
{
	if ((unsigned)fd >= NOSIG_FDS)
		return on ? -L_ENOBUFS : 0;
	if (!__atomic_load_n(&nosig_ino, __ATOMIC_ACQUIRE)) {
		if (!on)
			return 0;
		shim_spin_lock(&nosig_lock);
		if (!nosig_ino)
			__atomic_store_n(&nosig_ino, shim_map_pages(NOSIG_FDS * sizeof(uint32_t)), __ATOMIC_RELEASE);
		shim_spin_unlock(&nosig_lock);
		if (!nosig_ino)
			return -L_ENOMEM;
	}
	__atomic_store_n(&nosig_ino[fd], on ? fd_inode(fd) : 0, __ATOMIC_RELAXED);
	return 0;
}

/* The remembered flag, unverified (the fast path of every send). */
static bool nosig_hint(int fd)
{
	uint32_t *m = __atomic_load_n(&nosig_ino, __ATOMIC_ACQUIRE);
	return m && (unsigned)fd < NOSIG_FDS && __atomic_load_n(&m[fd], __ATOMIC_RELAXED);
}

/* The flag, checked against the descriptor's current socket. */
static bool nosig_get(int fd)
{
	if (!nosig_hint(fd))
		return false;
	if (nosig_ino[fd] == fd_inode(fd))
		return true;
	__atomic_store_n(&nosig_ino[fd], 0, __ATOMIC_RELAXED);
	return false;
}

/* Send flags for the host: the guest's, MSG_NOSIGNAL for SO_NOSIGPIPE;
 * *added says whether the latter was our doing. */
static long send_flags(struct trap *t, int fd, long gflags, bool *added)
{
	long h = (long)xlat_bits_to_host(t->abi, XL_MSGFLAGS, (unsigned long)gflags, 0);
	*added = false;
	if (!(h & LH_MSG_NOSIGNAL) && nosig_hint(fd)) {
		h |= LH_MSG_NOSIGNAL;
		*added = true;
	}
	return h;
}

/* After a send: EPIPE under a MSG_NOSIGNAL we added from a stale entry
 * gets the SIGPIPE it should have had; MSG_EOF (BSD: the data completes
 * the connection) shuts the sending side. */
static long send_done(struct trap *t, int fd, long r, long gflags, bool added)
{
	if (r == -L_EPIPE && added && !nosig_get(fd))
		sys3(__NR_tgkill, sys0(__NR_getpid), sys0(__NR_gettid), 13 /* SIGPIPE */);
	static const struct abi *eof_abi;
	static long eof_flag;
	if (__atomic_load_n(&eof_abi, __ATOMIC_ACQUIRE) != t->abi) {
		__atomic_store_n(&eof_flag, guest_const(t->abi, XL_MSGFLAGS, "MSG_EOF"), __ATOMIC_RELAXED);
		__atomic_store_n(&eof_abi, t->abi, __ATOMIC_RELEASE);
	}
	long eof = __atomic_load_n(&eof_flag, __ATOMIC_RELAXED);
	if (r >= 0 && eof && (gflags & eof))
		sys2(__NR_shutdown, fd, SHUT_WR);
	return r;
}

/* ---- socket, socketpair ---------------------------------------------- */

/* domain and type (with SOCK_CLOEXEC / SOCK_NONBLOCK) to the host's. */
static long socket_args(struct trap *t, long gdom, long gtype, long proto, long *hdom, long *htype)
{
	long dom = xlat_to_host(t->abi, XL_AF, gdom, -1);
	if (dom < 0)
		return -L_EAFNOSUPPORT;
	unsigned long allflags = 0;
	const struct xlat_table *x = &t->abi->x[XL_SOCKFLAGS];
	for (unsigned i = 0; i < x->n; i++)
		allflags |= (unsigned long)x->v[i].guest;
	unsigned long unknown = 0;
	long fl = (long)xlat_bits_to_host(t->abi, XL_SOCKFLAGS, (unsigned long)gtype & allflags, &unknown);
	if (unknown)
		return -L_EINVAL;
	long ty = xlat_to_host(t->abi, XL_SOCKTYPE, gtype & ~(long)allflags, -1);
	if (ty < 0)	/* socreate(): no protocol of that type */
		return proto ? -L_EPROTONOSUPPORT : -L_EPROTOTYPE;
	*hdom = dom;
	*htype = ty | fl;
	return 0;
}

long sys_socket(struct trap *t)
{
	long dom, type;
	long r = socket_args(t, IARG(0), IARG(1), IARG(2), &dom, &type);
	if (r < 0)
		return r;
	long fd = sys3(__NR_socket, dom, type, IARG(2));
	if (fd >= 0 && dom == LH_AF_INET6) {
		/* FreeBSD's net.inet6.ip6.v6only is 1: an AF_INET6 socket
		 * starts IPv6-only (so [::]:p and 0.0.0.0:p can both be bound);
		 * Linux's bindv6only is 0. */
		int one = 1;
		sys5(__NR_setsockopt, fd, LH_SOL_IPV6, 26 /* IPV6_V6ONLY */, &one, sizeof one);
	}
	return fd;
}

long sys_socketpair(struct trap *t)
{
	long dom, type;
	long r = socket_args(t, IARG(0), IARG(1), IARG(2), &dom, &type);
	if (r < 0)
		return r;
	int sv[2];
	r = sys4(__NR_socketpair, dom, type, IARG(2), sv);
	if (r < 0)
		return r;
	if (copy_to_guest(ARG(3), sv, sizeof sv) < 0) {
		sys1(__NR_close, sv[0]);
		sys1(__NR_close, sv[1]);
		return -L_EFAULT;
	}
	return 0;
}

/* ---- addresses -------------------------------------------------------- */

long sys_bind(struct trap *t)
{
	struct host_sockaddr sa;
	uint32_t len;
	long r = sockaddr_from_guest(t->abi, ARG(1), (uint32_t)ARG(2), &sa, &len);
	if (r < 0)
		return r;
	return sys3(__NR_bind, ARG(0), &sa, len);
}

long sys_connect(struct trap *t)
{
	struct host_sockaddr sa;
	uint32_t len;
	long r = sockaddr_from_guest(t->abi, ARG(1), (uint32_t)ARG(2), &sa, &len);
	if (r < 0)
		return r;
	t->no_restart = true;	/* kern_connect: ERESTART becomes EINTR */
	return isys3(__NR_connect, ARG(0), &sa, len);	/* blocking */
}

long sys_listen(struct trap *t)
{
	return sys2(__NR_listen, ARG(0), IARG(1));
}

long sys_shutdown(struct trap *t)
{
	return sys2(__NR_shutdown, ARG(0), IARG(1));	/* SHUT_RD/WR/RDWR 0/1/2 on both */
}

/* getsockname/getpeername: the address truncated to the guest's socklen,
 * which becomes min(socklen, sa_len) (FreeBSD kern_getsockname). */
static long get_name(struct trap *t, long nr)
{
	uint32_t glen;
	if (copy_from_guest(&glen, ARG(2), sizeof glen) < 0)
		return -L_EFAULT;
	struct host_sockaddr sa;
	int hlen = sizeof sa;
	long r = sys3(nr, ARG(0), &sa, &hlen);
	if (r < 0)
		return r;
	long n = sockaddr_to_guest(t->abi, &sa, (uint32_t)hlen, ARG(1), glen);
	if (n < 0)
		return n;
	uint32_t out = (uint32_t)n;
	return copy_to_guest(ARG(2), &out, sizeof out) < 0 ? -L_EFAULT : 0;
}

long sys_getsockname(struct trap *t)
{
	return get_name(t, __NR_getsockname);
}

long sys_getpeername(struct trap *t)
{
	return get_name(t, __NR_getpeername);
}

/* ---- accept ----------------------------------------------------------- */

static long do_accept(struct trap *t, long hflags)
{
	int s = IARG(0);
	uint64_t name = ARG(1), namelenp = ARG(2);
	uint32_t glen = 0;
	if (name && copy_from_guest(&glen, namelenp, sizeof glen) < 0)
		return -L_EFAULT;
	struct host_sockaddr sa;
	int hlen = sizeof sa;
	long fd = isys4(__NR_accept4, s, name ? &sa : 0, name ? &hlen : 0, hflags);	/* blocking */
	if (fd < 0)
		return fd;
	if (name) {
		long n = sockaddr_to_guest(t->abi, &sa, (uint32_t)hlen, name, glen);
		uint32_t out = (uint32_t)n;
		if (n < 0 || copy_to_guest(namelenp, &out, sizeof out) < 0) {
			sys1(__NR_close, fd);	/* accept1(): fdclose on a failed copyout */
			return -L_EFAULT;
		}
	}
	/* The new socket inherits the listener's options (sonewconn). */
	if (nosig_get(s))
		nosig_set((int)fd, true);
	return fd;
}

/* accept(2): the new descriptor inherits O_NONBLOCK from the listening
 * one (FreeBSD ACCEPT4_INHERIT); Linux's never does. */
long sys_accept(struct trap *t)
{
	long fl = sys2(__NR_fcntl, ARG(0), 3 /* F_GETFL */);
	if (fl < 0)
		return fl;
	return do_accept(t, (fl & 0x800 /* O_NONBLOCK */) ? 0x800 /* SOCK_NONBLOCK */ : 0);
}

long sys_accept4(struct trap *t)
{
	unsigned long unknown = 0;
	long fl = (long)xlat_bits_to_host(t->abi, XL_SOCKFLAGS, ARG(3) & 0xffffffffu, &unknown);
	if (unknown)
		return -L_EINVAL;
	return do_accept(t, fl);
}

/* ---- data ----------------------------------------------------------- */

long sys_sendto(struct trap *t)
{
	int s = IARG(0);
	long gflags = IARG(3);
	bool added;
	long hflags = send_flags(t, s, gflags, &added);
	struct host_sockaddr sa;
	uint32_t len = 0;
	if (ARG(4)) {
		long r = sockaddr_from_guest(t->abi, ARG(4), (uint32_t)ARG(5), &sa, &len);
		if (r < 0)
			return r;
	}
	long r = isys6(__NR_sendto, s, ARG(1), ARG(2), hflags, ARG(4) ? &sa : 0, len);	/* blocking */
	return send_done(t, s, r, gflags, added);
}

long sys_recvfrom(struct trap *t)
{
	int s = IARG(0);
	uint64_t from = ARG(4), fromlenp = ARG(5);
	long hflags = (long)xlat_bits_to_host(t->abi, XL_MSGFLAGS, (unsigned)IARG(3), 0);
	uint32_t glen = 0;
	if (fromlenp && copy_from_guest(&glen, fromlenp, sizeof glen) < 0)
		return -L_EFAULT;
	/* Without a length the address is not asked for (recvfrom()). */
	bool want = from && fromlenp;
	struct host_sockaddr sa;
	int hlen = sizeof sa;
	long r = isys6(__NR_recvfrom, s, ARG(1), ARG(2), hflags, want ? &sa : 0, want ? &hlen : 0);	/* blocking */
	if (r < 0 || !want)
		return r;
	long n = sockaddr_to_guest(t->abi, &sa, (uint32_t)hlen, from, glen);
	uint32_t out = (uint32_t)n;
	if (n < 0 || copy_to_guest(fromlenp, &out, sizeof out) < 0)
		return -L_EFAULT;
	return r;
}

long sys_sendmsg(struct trap *t)
{
	int s = IARG(0);
	long gflags = IARG(2);
	bool added;
	long hflags = send_flags(t, s, gflags, &added);
	struct msg_conv m;
	long r = msghdr_from_guest(t->abi, ARG(1), &m, true);
	if (r < 0)
		return r;
	r = isys3(__NR_sendmsg, s, &m.h, hflags);	/* blocking */
	msg_conv_free(&m);
	return send_done(t, s, r, gflags, added);
}

long sys_recvmsg(struct trap *t)
{
	struct msg_conv m;
	long hflags = (long)xlat_bits_to_host(t->abi, XL_MSGFLAGS, (unsigned)IARG(2), 0);
	long r = msghdr_from_guest(t->abi, ARG(1), &m, false);
	if (r < 0)
		return r;
	r = isys3(__NR_recvmsg, ARG(0), &m.h, hflags);	/* blocking */
	if (r >= 0) {
		long e = msghdr_to_guest(t->abi, ARG(1), &m);
		if (e < 0)
			r = e;
	}
	msg_conv_free(&m);
	return r;
}

/* ---- socket options --------------------------------------------------- */

/* The option table of a (host) level. */
static int opt_kind(long hlevel)
{
	switch (hlevel) {
	case LH_SOL_SOCKET: return XL_SO;
	case LH_SOL_IP: return XL_IPOPT;
	case LH_SOL_IPV6: return XL_IPV6OPT;
	case LH_SOL_TCP: return XL_TCPOPT;
	}
	return -1;
}

/* level/name to the host's: 0, or -ENOPROTOOPT for what Linux lacks. */
static long sockopt_args(struct trap *t, long glevel, long gname, long *hlevel, long *hname)
{
	*hlevel = xlat_to_host(t->abi, XL_SOCKLEVEL, glevel, -1);
	int k = *hlevel < 0 ? -1 : opt_kind(*hlevel);
	if (k < 0)
		return -L_ENOPROTOOPT;
	*hname = xlat_to_host(t->abi, (enum xlat_kind)k, gname, -1);
	return *hname < 0 ? -L_ENOPROTOOPT : 0;
}

/* Linux SOL_SOCKET options that are flags in BSD's so_options. */
static bool so_is_flag(long hname)
{
	switch (hname) {
	case 1: case 2: case 5: case 6: case 9: case 10: case 15: case 30:
		/* DEBUG REUSEADDR DONTROUTE BROADCAST KEEPALIVE OOBINLINE REUSEPORT ACCEPTCONN */
		return true;
	}
	return false;
}

long sys_setsockopt(struct trap *t)
{
	int s = IARG(0);
	long glevel = IARG(1), gname = IARG(2);
	uint64_t val = ARG(3);
	uint32_t len = (uint32_t)ARG(4);
	if (xlat_to_host(t->abi, XL_SOCKLEVEL, glevel, -1) == LH_SOL_SOCKET) {
		if (guest_name_is(t->abi, XL_SO, gname, "SO_NOSIGPIPE")) {
			int on;
			if (len < sizeof on)
				return -L_EINVAL;
			if (copy_from_guest(&on, val, sizeof on) < 0)
				return -L_EFAULT;
			/* Only a socket can have it (ENOTSOCK otherwise). */
			int ty, tl = sizeof ty;
			long r = sys5(__NR_getsockopt, s, LH_SOL_SOCKET, 3 /* SO_TYPE */, &ty, &tl);
			return r < 0 ? r : nosig_set(s, on != 0);
		}
		if (guest_name_is(t->abi, XL_SO, gname, "SO_ACCEPTFILTER"))
			return val ? -L_ENOENT : 0;	/* as if no accf module were loaded */
		if (guest_name_is(t->abi, XL_SO, gname, "SO_SNDLOWAT")) {
			/* Linux fixes it at 1 and refuses to set it; BSD takes
			 * it as a hint for select/poll. */
			int v;
			if (len < sizeof v)
				return -L_EINVAL;
			if (copy_from_guest(&v, val, sizeof v) < 0)
				return -L_EFAULT;
			int ty, tl = sizeof ty;
			long r = sys5(__NR_getsockopt, s, LH_SOL_SOCKET, 3 /* SO_TYPE */, &ty, &tl);
			return r < 0 ? r : 0;
		}
	}
	long hlevel, hname;
	long r = sockopt_args(t, glevel, gname, &hlevel, &hname);
	if (r < 0)
		return r;
	/* Every translated option has the same value layout on both sides
	 * (int, struct linger, struct timeval, in_addr, ip_mreq, ipv6_mreq,
	 * strings): the kernel reads the guest's buffer. */
	return sys5(__NR_setsockopt, s, hlevel, hname, val, len);
}

long sys_getsockopt(struct trap *t)
{
	int s = IARG(0);
	long glevel = IARG(1), gname = IARG(2);
	uint64_t val = ARG(3), lenp = ARG(4);
	/* getsockopt(): the length is read (and written back) only with a
	 * value pointer; without one the option is still fetched (SO_ERROR
	 * clears the error). */
	uint32_t glen = 0;
	if (val && copy_from_guest(&glen, lenp, sizeof glen) < 0)
		return -L_EFAULT;
	long hlevel = xlat_to_host(t->abi, XL_SOCKLEVEL, glevel, -1);
	int iv = 0;
	bool conv = false;	/* an int that needs translating */
	long r, hname = -1;
	if (hlevel == LH_SOL_SOCKET && guest_name_is(t->abi, XL_SO, gname, "SO_NOSIGPIPE")) {
		int ty, tl = sizeof ty;
		r = sys5(__NR_getsockopt, s, LH_SOL_SOCKET, 3 /* SO_TYPE */, &ty, &tl);
		if (r < 0)
			return r;
		iv = nosig_get(s) ? (int)gname : 0;
		goto out_int;
	}
	if (hlevel == LH_SOL_SOCKET && guest_name_is(t->abi, XL_SO, gname, "SO_ACCEPTFILTER"))
		return -L_EINVAL;	/* no filter is ever installed */
	r = sockopt_args(t, glevel, gname, &hlevel, &hname);
	if (r < 0)
		return r;
	if (hlevel == LH_SOL_SOCKET) {
		switch (hname) {
		case 3: case 4: case 7: case 8: case 39:	/* TYPE ERROR SNDBUF RCVBUF DOMAIN */
			conv = true;
			break;
		default:
			conv = so_is_flag(hname);
		}
	}
	if (conv) {
		int tl = sizeof iv;
		r = sys5(__NR_getsockopt, s, hlevel, hname, &iv, &tl);
		if (r < 0)
			return r;
		switch (hname) {
		case 3:
			iv = (int)xlat_to_guest(t->abi, XL_SOCKTYPE, iv, iv);
			break;
		case 4:
			iv = iv ? errno_to_guest(t->abi, iv) : 0;
			break;
		case 7:
		case 8:
			iv /= 2;	/* Linux reports twice what was set (its overhead) */
			break;
		case 39:
			iv = (int)xlat_to_guest(t->abi, XL_AF, iv, iv);
			break;
		default:
			/* sogetopt(): so_options & SO_xxx, the flag's own bit.
			 * (NetBSD answers 1: a per-ABI switch when it comes.) */
			iv = iv ? (int)gname : 0;
		}
		goto out_int;
	}
	/* Same layout on both sides: straight into a runtime buffer, then
	 * as much as the guest has room for (sooptcopyout truncates). */
	unsigned char buf[512];
	int hl = glen < sizeof buf ? (int)glen : (int)sizeof buf;
	r = sys5(__NR_getsockopt, s, hlevel, hname, buf, &hl);
	if (r < 0)
		return r;
	if ((uint32_t)hl > glen)
		hl = (int)glen;
	if (hl && copy_to_guest(val, buf, (size_t)hl) < 0)
		return -L_EFAULT;
	glen = (uint32_t)hl;
	goto out_len;
out_int:
	if (glen > sizeof iv)
		glen = sizeof iv;
	if (glen && copy_to_guest(val, &iv, glen) < 0)
		return -L_EFAULT;
out_len:
	if (val && copy_to_guest(lenp, &glen, sizeof glen) < 0)
		return -L_EFAULT;
	return 0;
}

/* ---- sendfile --------------------------------------------------------- */

/* struct sf_hdtr: headers, hdr_cnt, trailers, trl_cnt. */
struct bsd_sf_hdtr {
	uint64_t headers;
	int32_t hdr_cnt, pad0;
	uint64_t trailers;
	int32_t trl_cnt, pad1;
};

struct l_iovec {
	uint64_t base, len;
};

/* Sends a guest iovec array completely (a blocking socket) or as far as it
 * goes; *sent grows by what went out. 0 or -errno. */
static long send_iov(int s, uint64_t giov, int cnt, long hflags, int64_t *sent)
{
	if (!giov || cnt == 0)
		return 0;
	if (cnt < 0 || cnt > 1024)	/* UIO_MAXIOV */
		return -L_EINVAL;
	struct l_iovec small[16], *iov = small;
	if (cnt > 16) {
		iov = shim_malloc((size_t)cnt * sizeof *iov);
		if (!iov)
			return -L_ENOMEM;
	}
	long r = copy_from_guest(iov, giov, (size_t)cnt * sizeof *iov) < 0 ? -L_EFAULT : 0;
	int i = 0;
	while (r == 0) {
		while (i < cnt && iov[i].len == 0)
			i++;
		if (i == cnt)
			break;
		struct l_msghdr mh = {0};
		mh.iov = &iov[i];
		mh.iovlen = (size_t)(cnt - i);
		long n = isys3(__NR_sendmsg, s, &mh, hflags);	/* blocking */
		if (n < 0) {
			r = n;
			break;
		}
		*sent += n;
		while (n > 0 && i < cnt) {
			uint64_t take = (uint64_t)n < iov[i].len ? (uint64_t)n : iov[i].len;
			iov[i].base += take;
			iov[i].len -= take;
			n -= (long)take;
			if (iov[i].len == 0)
				i++;
		}
	}
	if (iov != small)
		shim_free(iov);
	return r;
}

/* sendfile(fd, s, offset, nbytes, hdtr, sbytes, flags): headers, then
 * nbytes of the file from offset (0: up to its end) without moving its
 * offset, then trailers; *sbytes counts all of it, also on EAGAIN/EINTR.
 * The SF_* flags are hints about the page cache and are not needed. */
long sys_sendfile(struct trap *t)
{
	int fd = IARG(0), s = IARG(1);
	int64_t off = (int64_t)ARG(2);
	uint64_t nbytes = ARG(3), hdtrp = ARG(4), sbytesp = ARG(5);
	if (off < 0)
		return -L_EINVAL;
	struct bsd_sf_hdtr hdtr = {0};
	if (hdtrp && copy_from_guest(&hdtr, hdtrp, sizeof hdtr) < 0)
		return -L_EFAULT;
	/* s must be a stream socket (ENOTSOCK / EINVAL). */
	int ty, tl = sizeof ty;
	long r = sys5(__NR_getsockopt, s, LH_SOL_SOCKET, 3 /* SO_TYPE */, &ty, &tl);
	if (r < 0)
		return r;
	if (ty != 1 /* SOCK_STREAM */)
		return -L_EINVAL;
	/* MSG_NOSIGNAL covers the headers and trailers; Linux's sendfile
	 * itself has no such flag. */
	long hflags = nosig_get(s) ? LH_MSG_NOSIGNAL : 0;
	int64_t sent = 0;
	r = send_iov(s, hdtr.headers, hdtr.hdr_cnt, hflags, &sent);
	if (r == 0) {
		uint64_t left = nbytes;
		for (;;) {
			size_t chunk = 0x7ffff000;
			if (nbytes && left < chunk)
				chunk = (size_t)left;
			if (nbytes && !left)
				break;
			long n = isys4(__NR_sendfile, s, fd, &off, chunk);	/* blocking */
			if (n < 0) {
				r = n;
				break;
			}
			if (n == 0)
				break;	/* end of file */
			sent += n;
			if (nbytes)
				left -= (uint64_t)n;
		}
	}
	if (r == 0)
		r = send_iov(s, hdtr.trailers, hdtr.trl_cnt, hflags, &sent);
	if (sbytesp && copy_to_guest(sbytesp, &sent, sizeof sent) < 0 && r == 0)
		r = -L_EFAULT;
	t->no_restart = sent > 0;	/* interrupted half-way: EINTR and *sbytes */
	return r;
}
