/* AF_UNIX sockets: socketpair (stream, datagram, seqpacket), descriptor
 * passing with SCM_RIGHTS (one and two descriptors, MSG_CTRUNC when the
 * control buffer is too small, MSG_CMSG_CLOEXEC, malformed control data),
 * and named sockets bound to a path (getsockname/getpeername, EADDRINUSE,
 * ENOENT, datagrams with addresses). */
#include "netdefs.h"

/* sends "x" with the given descriptors as SCM_RIGHTS */
static long send_fds(int s, const int *fds, int n)
{
	union { struct cmsghdr h; unsigned char b[CMSG_SPACE(4 * 4)]; } u;
	memset(&u, 0, sizeof(u));
	u.h.cmsg_len = CMSG_LEN(4 * (size_t)n);
	u.h.cmsg_level = SOL_SOCKET;
	u.h.cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(&u.h), fds, 4 * (size_t)n);
	struct iovec iov = { "x", 1 };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = &u;
	m.msg_controllen = CMSG_SPACE(4 * (size_t)n);
	return sys_sendmsg(s, &m, 0);
}

/* receives with a control buffer of ctl bytes; prints what arrived and
 * returns the first descriptor (or -1) */
static int recv_fds(int s, size_t ctl, int flags)
{
	union { struct cmsghdr h; unsigned char b[256]; } u;
	memset(&u, 0, sizeof(u));
	char c = 0;
	struct iovec iov = { &c, 1 };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = &u;
	m.msg_controllen = ctl;
	long r = sys_recvmsg(s, &m, flags);
	printf("recvmsg: %ld '%c' controllen %lu (CMSG_SPACE(4)=%lu) CTRUNC %s\n", r, c ? c : '?',
	       (unsigned long)m.msg_controllen, (unsigned long)CMSG_SPACE(4), m.msg_flags & MSG_CTRUNC ? "yes" : "no");
	if (r < 0 || m.msg_controllen < CMSG_HDRSZ)
		return -1;
	printf("cmsg: level SOL_SOCKET %s, type SCM_RIGHTS %s, len %lu (CMSG_LEN(4)=%lu)\n",
	       u.h.cmsg_level == SOL_SOCKET ? "yes" : "no", u.h.cmsg_type == SCM_RIGHTS ? "yes" : "no",
	       (unsigned long)u.h.cmsg_len, (unsigned long)CMSG_LEN(4));
	int n = (int)((u.h.cmsg_len - CMSG_HDRSZ) / 4), fd = -1;
	printf("descriptors: %d\n", n);
	for (int i = 0; i < n; i++) {
		int f;
		memcpy(&f, CMSG_DATA(&u.h) + 4 * i, 4);
		if (i == 0)
			fd = f;
		else
			sys_close(f);
	}
	return fd;
}

int main(void)
{
	char buf[64];
	int sv[2], p[2];
	long r;

	check("socketpair(AF_UNIX, SOCK_STREAM)", sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	checkval("write", sys_write(sv[0], "stream", 6));
	r = sys_read(sv[1], buf, sizeof(buf));
	buf[r > 0 ? r : 0] = 0;
	printf("read: %ld \"%s\"\n", r, buf);
	yesno("SO_DOMAIN AF_UNIX", getint(sv[0], SOL_SOCKET, SO_DOMAIN) == AF_UNIX);

	/* one descriptor */
	check("pipe", sys_pipe2(p, 0));
	checkval("sendmsg SCM_RIGHTS(pipe read end)", send_fds(sv[0], &p[0], 1));
	int got = recv_fds(sv[1], CMSG_SPACE(4), 0);
	yesno("a new descriptor", got >= 0 && got != p[0]);
	sys_write(p[1], "via", 3);
	r = sys_read(got, buf, sizeof(buf));
	buf[r > 0 ? r : 0] = 0;
	printf("read through it: %ld \"%s\"\n", r, buf);
	checkval("F_GETFD of it", sys_fcntl(got, F_GETFD, 0));
	sys_close(got);

	/* two descriptors into room for one (CMSG_SPACE(4) would hold two) */
	int two[2] = { p[0], p[1] };
	checkval("sendmsg SCM_RIGHTS(2)", send_fds(sv[0], two, 2));
	got = recv_fds(sv[1], CMSG_LEN(4), 0);
	yesno("one arrived", got >= 0);
	sys_close(got);

	/* two into room for two, close-on-exec */
	checkval("sendmsg SCM_RIGHTS(2)", send_fds(sv[0], two, 2));
	got = recv_fds(sv[1], CMSG_SPACE(8), MSG_CMSG_CLOEXEC);
	checkval("MSG_CMSG_CLOEXEC: F_GETFD", sys_fcntl(got, F_GETFD, 0));
	sys_close(got);

	/* no room at all */
	checkval("sendmsg SCM_RIGHTS(1)", send_fds(sv[0], &p[0], 1));
	got = recv_fds(sv[1], 0, 0);
	yesno("nothing arrived", got < 0);

	/* malformed control data */
	union { struct cmsghdr h; unsigned char b[64]; } u;
	memset(&u, 0, sizeof(u));
	u.h.cmsg_len = 200;
	u.h.cmsg_level = SOL_SOCKET;
	u.h.cmsg_type = SCM_RIGHTS;
	struct iovec iov = { "y", 1 };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = &u;
	m.msg_controllen = CMSG_SPACE(4);
	expect_err("cmsg_len beyond msg_controllen", sys_sendmsg(sv[0], &m, 0));
	u.h.cmsg_len = CMSG_LEN(4);
	int bad = 999;
	memcpy(CMSG_DATA(&u.h), &bad, 4);
	expect_err("SCM_RIGHTS with a bad descriptor", sys_sendmsg(sv[0], &m, 0));
	m.msg_control = (void *)8;
	expect_err("control at a bad address", sys_sendmsg(sv[0], &m, 0));
	sys_close(sv[0]);
	sys_close(sv[1]);
	sys_close(p[0]);
	sys_close(p[1]);

	/* datagrams keep their boundaries */
	check("socketpair(AF_UNIX, SOCK_DGRAM)", sys_socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	sys_write(sv[0], "one", 3);
	sys_write(sv[0], "three", 5);
	checkval("first datagram", sys_read(sv[1], buf, sizeof(buf)));
	checkval("second datagram", sys_read(sv[1], buf, sizeof(buf)));
	sys_close(sv[0]);
	sys_close(sv[1]);
	check("socketpair(AF_UNIX, SOCK_SEQPACKET)", sys_socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	yesno("SO_TYPE is SOCK_SEQPACKET", getint(sv[0], SOL_SOCKET, SO_TYPE) == SOCK_SEQPACKET);
	sys_close(sv[0]);
	sys_close(sv[1]);
	check("socketpair(NONBLOCK|CLOEXEC)", sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
	checkval("F_GETFD", sys_fcntl(sv[1], F_GETFD, 0));
	yesno("O_NONBLOCK", sys_fcntl(sv[1], F_GETFL, 0) & O_NONBLOCK);
	expect_err("read empty", sys_read(sv[1], buf, 1));
	sys_close(sv[0]);
	sys_close(sv[1]);
	expect_err("socketpair(AF_INET)", sys_socketpair(AF_INET, SOCK_STREAM, 0, sv));
	expect_err("socketpair to a bad address", sys_socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)8));

	/* named stream sockets */
	struct gsockaddr a, b;
	unsigned al, bl;
	int l = (int)sys_socket(AF_UNIX, SOCK_STREAM, 0);
	al = sun_path(&a, "sock");
	check("bind(\"sock\")", sys_bind(l, &a, al));
	check("listen", sys_listen(l, 4));
	memset(&b, 0, sizeof(b));
	bl = sizeof(b);
	check("getsockname", sys_getsockname(l, &b, &bl));
	printf("getsockname: family AF_UNIX %s, path \"%s\"\n", sa_family_of(&b) == AF_UNIX ? "yes" : "no",
	       (char *)b.b + 2);
	int c = (int)sys_socket(AF_UNIX, SOCK_STREAM, 0);
	check("connect(\"sock\")", sys_connect(c, &a, al));
	bl = sizeof(b);
	int s = (int)sys_accept(l, &b, &bl);
	check("accept", s);
	yesno("accept address family AF_UNIX", sa_family_of(&b) == AF_UNIX);
	memset(&b, 0, sizeof(b));
	bl = sizeof(b);
	check("getpeername(client)", sys_getpeername(c, &b, &bl));
	printf("peer path \"%s\"\n", (char *)b.b + 2);
	checkval("send", sys_sendto(c, "named", 5, 0, NULL, 0));
	checkval("recv", sys_recvfrom(s, buf, sizeof(buf), 0, NULL, NULL));
	int l2 = (int)sys_socket(AF_UNIX, SOCK_STREAM, 0);
	expect_err("bind the same path again", sys_bind(l2, &a, al));
	al = sun_path(&a, "nonexistent");
	expect_err("connect to a missing path", sys_connect(l2, &a, al));
	sys_close(l2);
	sys_close(s);
	sys_close(c);
	sys_close(l);
	sys_unlink("sock");

	/* named datagram sockets */
	int d1 = (int)sys_socket(AF_UNIX, SOCK_DGRAM, 0), d2 = (int)sys_socket(AF_UNIX, SOCK_DGRAM, 0);
	al = sun_path(&a, "dg1");
	check("bind(\"dg1\")", sys_bind(d1, &a, al));
	bl = sun_path(&b, "dg2");
	check("bind(\"dg2\")", sys_bind(d2, &b, bl));
	checkval("sendto(\"dg1\")", sys_sendto(d2, "hi", 2, 0, &a, al));
	struct gsockaddr from;
	memset(&from, 0, sizeof(from));
	unsigned fl = sizeof(from);
	checkval("recvfrom", sys_recvfrom(d1, buf, sizeof(buf), 0, &from, &fl));
	printf("from path \"%s\"\n", (char *)from.b + 2);
	sys_unlink("dg1");
	sys_unlink("dg2");
	return 0;
}
