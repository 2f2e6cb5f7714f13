/* Sockets and I/O multiplexing for the guest test programs (net_*.c):
 * per-OS syscall numbers, constants and structure layouts, and wrappers
 * with the same meaning on both systems.  FreeBSD: sys/socket.h, sys/un.h,
 * netinet/in.h, netinet6/in6.h, netinet/tcp.h, sys/poll.h (ABI-NOTES A6.5,
 * A7); Linux: asm-generic/socket.h, linux/in.h, linux/in6.h, linux/tcp.h.
 * Only loopback addresses are ever used. */
#ifndef NETDEFS_H
#define NETDEFS_H
#include "guest.h"

#if defined(__FreeBSD__)

#define SYS_fork_          2
#define SYS_wait4_         7
#define SYS_recvmsg        27
#define SYS_sendmsg        28
#define SYS_recvfrom       29
#define SYS_accept         30
#define SYS_getpeername    31
#define SYS_getsockname    32
#define SYS_select         93
#define SYS_socket         97
#define SYS_connect        98
#define SYS_bind           104
#define SYS_setsockopt     105
#define SYS_listen         106
#define SYS_getsockopt     118
#define SYS_sendto         133
#define SYS_shutdown       134
#define SYS_socketpair     135
#define SYS_poll           209
#define SYS_sendfile       393
#define SYS_pselect        522
#define SYS_accept4        541
#define SYS_ppoll          545

#define AF_INET6       28
#define SOCK_CLOEXEC   0x10000000
#define SOCK_NONBLOCK  0x20000000
#define SOL_SOCKET     0xffff
#define SO_DEBUG       0x1
#define SO_ACCEPTCONN  0x2
#define SO_REUSEADDR   0x4
#define SO_KEEPALIVE   0x8
#define SO_BROADCAST   0x20
#define SO_LINGER      0x80
#define SO_REUSEPORT   0x200
#define SO_NOSIGPIPE   0x800
#define SO_ACCEPTFILTER 0x1000
#define SO_SNDBUF      0x1001
#define SO_RCVBUF      0x1002
#define SO_RCVLOWAT    0x1004
#define SO_SNDTIMEO    0x1005
#define SO_RCVTIMEO    0x1006
#define SO_ERROR       0x1007
#define SO_TYPE        0x1008
#define SO_DOMAIN      0x1019
#define IPV6_V6ONLY    27
#define IP_TTL         4
#define IP_TOS         3
#define TCP_KEEPIDLE   0x100
#define TCP_KEEPINTVL  0x200
#define TCP_KEEPCNT    0x400
#define MSG_EOR        0x8
#define MSG_TRUNC      0x10
#define MSG_CTRUNC     0x20
#define MSG_WAITALL    0x40
#define MSG_DONTWAIT   0x80
#define MSG_EOF        0x100
#define MSG_NOSIGNAL   0x20000
#define MSG_CMSG_CLOEXEC 0x40000
#define POLLWRBAND     0x100
#define POLLRDHUP      0x4000
#define POLLINIGNEOF   0x2000

#define ECONNREFUSED   61
#define EINPROGRESS_   36

#define HAVE_SA_LEN 1

/* struct msghdr: int msg_iovlen, socklen_t msg_controllen */
struct msghdr {
	void *msg_name;
	uint32_t msg_namelen;
	struct iovec *msg_iov;
	int msg_iovlen;
	void *msg_control;
	uint32_t msg_controllen;
	int msg_flags;
};
/* struct cmsghdr: 12 bytes, data at _ALIGN(12) = 16 */
struct cmsghdr {
	uint32_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};
#define CMSG_HDRSZ 16

struct sf_hdtr {
	struct iovec *headers;
	int hdr_cnt;
	struct iovec *trailers;
	int trl_cnt;
};

#elif defined(__linux__)

#define SYS_fork_          57
#define SYS_wait4_         61
#define SYS_poll           7
#define SYS_select         23
#define SYS_sendfile       40
#define SYS_socket         41
#define SYS_connect        42
#define SYS_accept         43
#define SYS_sendto         44
#define SYS_recvfrom       45
#define SYS_sendmsg        46
#define SYS_recvmsg        47
#define SYS_shutdown       48
#define SYS_bind           49
#define SYS_listen         50
#define SYS_getsockname    51
#define SYS_getpeername    52
#define SYS_socketpair     53
#define SYS_setsockopt     54
#define SYS_getsockopt     55
#define SYS_pselect        270   /* pselect6 */
#define SYS_ppoll          271
#define SYS_accept4        288

#define AF_INET6       10
#define SOCK_CLOEXEC   0x80000
#define SOCK_NONBLOCK  0x800
#define SOL_SOCKET     1
#define SO_DEBUG       1
#define SO_REUSEADDR   2
#define SO_TYPE        3
#define SO_ERROR       4
#define SO_BROADCAST   6
#define SO_SNDBUF      7
#define SO_RCVBUF      8
#define SO_KEEPALIVE   9
#define SO_LINGER      13
#define SO_REUSEPORT   15
#define SO_RCVLOWAT    18
#define SO_RCVTIMEO    20
#define SO_SNDTIMEO    21
#define SO_ACCEPTCONN  30
#define SO_DOMAIN      39
#define IPV6_V6ONLY    26
#define IP_TTL         2
#define IP_TOS         1
#define TCP_KEEPIDLE   4
#define TCP_KEEPINTVL  5
#define TCP_KEEPCNT    6
#define MSG_CTRUNC     0x8
#define MSG_TRUNC      0x20
#define MSG_DONTWAIT   0x40
#define MSG_EOR        0x80
#define MSG_WAITALL    0x100
#define MSG_NOSIGNAL   0x4000
#define MSG_CMSG_CLOEXEC 0x40000000
#define POLLWRBAND     0x200
#define POLLRDHUP      0x2000

#define ECONNREFUSED   111
#define EINPROGRESS_   115

struct msghdr {
	void *msg_name;
	int msg_namelen;
	struct iovec *msg_iov;
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	unsigned msg_flags;
};
struct cmsghdr {
	size_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};
#define CMSG_HDRSZ 16

#endif

/* identical on both */
#define AF_UNSPEC      0
#define AF_UNIX        1
#define AF_INET        2
#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_SEQPACKET 5
#define IPPROTO_IP     0
#define IPPROTO_TCP    6
#define IPPROTO_UDP    17
#define IPPROTO_IPV6   41
#define TCP_NODELAY    1
#define MSG_OOB        0x1
#define MSG_PEEK       0x2
#define SHUT_RD        0
#define SHUT_WR        1
#define SHUT_RDWR      2
#define SCM_RIGHTS     1
#define POLLIN         0x1
#define POLLPRI        0x2
#define POLLOUT        0x4
#define POLLERR        0x8
#define POLLHUP        0x10
#define POLLNVAL       0x20

#define CMSG_ALIGN(n)  (((n) + 7) & ~(size_t)7)
#define CMSG_SPACE(l)  (CMSG_HDRSZ + CMSG_ALIGN(l))
#define CMSG_LEN(l)    (CMSG_HDRSZ + (l))
#define CMSG_DATA(c)   ((unsigned char *)(c) + CMSG_HDRSZ)

struct pollfd { int fd; short events; short revents; };
struct linger { int l_onoff; int l_linger; };
typedef struct { unsigned long bits[16]; } fd_set;   /* 1024 descriptors */
static inline void FD_ZERO(fd_set *s) { memset(s, 0, sizeof(*s)); }
static inline void FD_SET(int fd, fd_set *s) { s->bits[fd / 64] |= 1UL << (fd % 64); }
static inline int FD_ISSET(int fd, const fd_set *s) { return (s->bits[fd / 64] >> (fd % 64)) & 1; }

/* ---- addresses: built and read through these, never by layout ---- */
struct gsockaddr { unsigned char b[128]; };

static inline uint16_t htons_(uint16_t v) { return (uint16_t)((v << 8) | (v >> 8)); }

static inline unsigned sa_family_of(const struct gsockaddr *a)
{
#ifdef HAVE_SA_LEN
	return a->b[1];
#else
	return a->b[0] | a->b[1] << 8;
#endif
}

static inline void sa_set_family(struct gsockaddr *a, unsigned fam, unsigned len)
{
#ifdef HAVE_SA_LEN
	a->b[0] = (unsigned char)len;
	a->b[1] = (unsigned char)fam;
#else
	(void)len;
	a->b[0] = (unsigned char)fam;
	a->b[1] = (unsigned char)(fam >> 8);
#endif
}

/* 127.0.0.1:port (port in host order); returns the length (16) */
static inline unsigned sin_loopback(struct gsockaddr *a, unsigned port)
{
	memset(a, 0, sizeof(*a));
	sa_set_family(a, AF_INET, 16);
	uint16_t p = htons_((uint16_t)port);
	memcpy(a->b + 2, &p, 2);
	a->b[4] = 127; a->b[7] = 1;
	return 16;
}

/* [::1]:port; returns the length (28) */
static inline unsigned sin6_loopback(struct gsockaddr *a, unsigned port)
{
	memset(a, 0, sizeof(*a));
	sa_set_family(a, AF_INET6, 28);
	uint16_t p = htons_((uint16_t)port);
	memcpy(a->b + 2, &p, 2);
	a->b[8 + 15] = 1;
	return 28;
}

/* AF_UNIX path; returns the length handed to bind/connect */
static inline unsigned sun_path(struct gsockaddr *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	size_t n = strlen(path);
	sa_set_family(a, AF_UNIX, (unsigned)(2 + n + 1));
	memcpy(a->b + 2, path, n);
	return (unsigned)(2 + n + 1);
}

static inline unsigned sa_port(const struct gsockaddr *a)
{
	return (unsigned)(a->b[2] << 8 | a->b[3]);
}

/* ---- wrappers --------------------------------------------------- */
#define NP(x) ((long)(x))
static inline long sys_socket(int d, int t, int p) { return sys3(SYS_socket, d, t, p); }
static inline long sys_socketpair(int d, int t, int p, int sv[2]) { return sys4(SYS_socketpair, d, t, p, NP(sv)); }
static inline long sys_bind(int s, const struct gsockaddr *a, unsigned l) { return sys3(SYS_bind, s, NP(a), l); }
static inline long sys_connect(int s, const struct gsockaddr *a, unsigned l) { return sys3(SYS_connect, s, NP(a), l); }
static inline long sys_listen(int s, int n) { return sys2(SYS_listen, s, n); }
static inline long sys_accept(int s, struct gsockaddr *a, unsigned *l) { return sys3(SYS_accept, s, NP(a), NP(l)); }
static inline long sys_accept4(int s, struct gsockaddr *a, unsigned *l, int f) { return sys4(SYS_accept4, s, NP(a), NP(l), f); }
static inline long sys_getsockname(int s, struct gsockaddr *a, unsigned *l) { return sys3(SYS_getsockname, s, NP(a), NP(l)); }
static inline long sys_getpeername(int s, struct gsockaddr *a, unsigned *l) { return sys3(SYS_getpeername, s, NP(a), NP(l)); }
static inline long sys_sendto(int s, const void *b, size_t n, int f, const struct gsockaddr *a, unsigned l) { return sys6(SYS_sendto, s, NP(b), NP(n), f, NP(a), l); }
static inline long sys_recvfrom(int s, void *b, size_t n, int f, struct gsockaddr *a, unsigned *l) { return sys6(SYS_recvfrom, s, NP(b), NP(n), f, NP(a), NP(l)); }
static inline long sys_sendmsg(int s, const struct msghdr *m, int f) { return sys3(SYS_sendmsg, s, NP(m), f); }
static inline long sys_recvmsg(int s, struct msghdr *m, int f) { return sys3(SYS_recvmsg, s, NP(m), f); }
static inline long sys_shutdown(int s, int how) { return sys2(SYS_shutdown, s, how); }
static inline long sys_setsockopt(int s, int lv, int nm, const void *v, unsigned l) { return sys5(SYS_setsockopt, s, lv, nm, NP(v), l); }
static inline long sys_getsockopt(int s, int lv, int nm, void *v, unsigned *l) { return sys5(SYS_getsockopt, s, lv, nm, NP(v), NP(l)); }
static inline long sys_poll(struct pollfd *p, unsigned n, int ms) { return sys3(SYS_poll, NP(p), n, ms); }
static inline long sys_select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv) { return sys5(SYS_select, n, NP(r), NP(w), NP(e), NP(tv)); }

/* ppoll/pselect with a signal mask (bit n-1 = signal n, signals 1..64) */
static inline long sys_ppoll(struct pollfd *p, unsigned n, const struct timespec *ts, const unsigned long *mask)
{
#ifdef __FreeBSD__
	unsigned long m[2] = { mask ? *mask : 0, 0 };
	return sys4(SYS_ppoll, NP(p), n, NP(ts), mask ? NP(m) : 0);
#else
	return sys5(SYS_ppoll, NP(p), n, NP(ts), NP(mask), 8);
#endif
}
static inline long sys_pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts, const unsigned long *mask)
{
#ifdef __FreeBSD__
	unsigned long m[2] = { mask ? *mask : 0, 0 };
	return sys6(SYS_pselect, n, NP(r), NP(w), NP(e), NP(ts), mask ? NP(m) : 0);
#else
	struct { const unsigned long *ss; size_t len; } sig = { mask, 8 };
	return sys6(SYS_pselect, n, NP(r), NP(w), NP(e), NP(ts), mask ? NP(&sig) : 0);
#endif
}

static inline long setint(int s, int lv, int nm, int v) { return sys_setsockopt(s, lv, nm, &v, sizeof(v)); }
/* an int option's value, or -errno */
static inline long getint(int s, int lv, int nm)
{
	int v = -12345;
	unsigned l = sizeof(v);
	long r = sys_getsockopt(s, lv, nm, &v, &l);
	return r < 0 ? r : v;
}

/* the port a socket is bound to (host order), or -errno */
static inline long bound_port(int s)
{
	struct gsockaddr a;
	unsigned l = sizeof(a);
	long r = sys_getsockname(s, &a, &l);
	return r < 0 ? r : (long)sa_port(&a);
}

/* a listening TCP socket on 127.0.0.1 (any port) */
static inline int tcp_listener(void)
{
	int s = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	struct gsockaddr a;
	unsigned l = sin_loopback(&a, 0);
	if (s < 0 || sys_bind(s, &a, l) < 0 || sys_listen(s, 16) < 0) {
		printf("tcp_listener failed\n");
		exit(1);
	}
	return s;
}

/* wait for events on one descriptor (ms), returns revents */
static inline int wait_fd(int fd, int events, int ms)
{
	struct pollfd p = { fd, (short)events, 0 };
	long r = sys_poll(&p, 1, ms);
	return r > 0 ? p.revents : 0;
}

#endif
