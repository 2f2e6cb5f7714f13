/* TCP over 127.0.0.1 in one process: listen, non-blocking connect, accept4
 * flags, addresses of both ends, data both ways (sendto/recvfrom, sendmsg/
 * recvmsg with two iovecs, MSG_PEEK, MSG_DONTWAIT), socket and TCP options,
 * half-close, errors after the peer went away, SO_ERROR after a refused
 * non-blocking connect, and the usual argument errors. */
#include "netdefs.h"

static void show_flags(const char *label, int fd)
{
	long fd_fl = sys_fcntl(fd, F_GETFD, 0);
	long fl = sys_fcntl(fd, F_GETFL, 0);
	printf("%s: cloexec=%s nonblock=%s\n", label, fd_fl & FD_CLOEXEC ? "yes" : "no",
	       fl & O_NONBLOCK ? "yes" : "no");
}

int main(void)
{
	char buf[256];
	struct gsockaddr a, b;
	unsigned al, bl;

	int s = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	check("socket(AF_INET, SOCK_STREAM)", s);
	check("setsockopt(SO_REUSEADDR, 1)", setint(s, SOL_SOCKET, SO_REUSEADDR, 1));
	yesno("getsockopt(SO_REUSEADDR) is on", getint(s, SOL_SOCKET, SO_REUSEADDR) > 0);
	yesno("getsockopt(SO_ACCEPTCONN) is off before listen", getint(s, SOL_SOCKET, SO_ACCEPTCONN) == 0);
	al = sin_loopback(&a, 0);
	check("bind(127.0.0.1:0)", sys_bind(s, &a, al));
	check("listen", sys_listen(s, 8));
	yesno("getsockopt(SO_ACCEPTCONN) is on", getint(s, SOL_SOCKET, SO_ACCEPTCONN) > 0);
	yesno("getsockopt(SO_TYPE) is SOCK_STREAM", getint(s, SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
	yesno("getsockopt(SO_DOMAIN) is AF_INET", getint(s, SOL_SOCKET, SO_DOMAIN) == AF_INET);
	memset(&a, 0xaa, sizeof(a));
	al = sizeof(a);
	check("getsockname", sys_getsockname(s, &a, &al));
	printf("getsockname length: %u\n", al);
	yesno("family AF_INET", sa_family_of(&a) == AF_INET);
	yesno("address 127.0.0.1", a.b[4] == 127 && a.b[5] == 0 && a.b[6] == 0 && a.b[7] == 1);
	unsigned port = sa_port(&a);
	yesno("port is not 0", port != 0);

	/* accept on an empty non-blocking queue */
	sys_fcntl(s, F_SETFL, O_NONBLOCK);
	expect_err("accept4 with nothing pending", sys_accept4(s, NULL, NULL, 0));

	int c = (int)sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check("socket(SOCK_NONBLOCK|SOCK_CLOEXEC)", c);
	show_flags("client", c);
	yesno("SO_ERROR is 0 on a new socket", getint(c, SOL_SOCKET, SO_ERROR) == 0);
	al = sin_loopback(&a, port);
	long r = sys_connect(c, &a, al);
	yesno("connect: 0 or EINPROGRESS", r == 0 || r == -EINPROGRESS_);
	yesno("poll: writable", wait_fd(c, POLLOUT, 5000) & POLLOUT);
	checkval("SO_ERROR after connecting", getint(c, SOL_SOCKET, SO_ERROR));

	bl = sizeof(b);
	int sv = (int)sys_accept4(s, &b, &bl, SOCK_CLOEXEC);
	check("accept4(SOCK_CLOEXEC)", sv);
	show_flags("accepted", sv);
	printf("accept address length: %u\n", bl);
	yesno("accept address family AF_INET", sa_family_of(&b) == AF_INET);
	yesno("accept address is the client's port", (long)sa_port(&b) == bound_port(c));
	al = sizeof(a);
	check("getpeername(client)", sys_getpeername(c, &a, &al));
	yesno("client's peer is the listener's port", sa_port(&a) == port);
	al = sizeof(a);
	check("getpeername(accepted)", sys_getpeername(sv, &a, &al));
	yesno("accepted's peer is the client's port", (long)sa_port(&a) == bound_port(c));
	expect_err("getpeername(listener)", sys_getpeername(s, &a, &al));

	/* data */
	checkval("sendto(client, 5 bytes)", sys_sendto(c, "hello", 5, 0, NULL, 0));
	yesno("poll: readable", wait_fd(sv, POLLIN, 5000) & POLLIN);
	bl = sizeof(b);
	r = sys_recvfrom(sv, buf, sizeof(buf), 0, &b, &bl);
	buf[r > 0 ? r : 0] = 0;
	printf("recvfrom: %ld \"%s\" fromlen %u\n", r, buf, bl);
	expect_err("recv MSG_DONTWAIT on empty", sys_recvfrom(sv, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL));
	checkval("send abc", sys_sendto(sv, "abc", 3, 0, NULL, 0));
	wait_fd(c, POLLIN, 5000);
	r = sys_recvfrom(c, buf, 2, MSG_PEEK, NULL, NULL);
	buf[r > 0 ? r : 0] = 0;
	printf("peek: %ld \"%s\"\n", r, buf);
	r = sys_recvfrom(c, buf, 3, MSG_WAITALL, NULL, NULL);
	buf[r > 0 ? r : 0] = 0;
	printf("recv: %ld \"%s\"\n", r, buf);

	struct iovec iov[2] = { { "foo", 3 }, { "barbaz", 6 } };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	checkval("sendmsg(2 iovecs)", sys_sendmsg(c, &m, 0));
	wait_fd(sv, POLLIN, 5000);
	char p1[4], p2[16];
	memset(p1, 0, sizeof(p1));
	memset(p2, 0, sizeof(p2));
	struct iovec riov[2] = { { p1, 4 }, { p2, 5 } };
	memset(&m, 0, sizeof(m));
	m.msg_name = &b;
	m.msg_namelen = sizeof(b);
	m.msg_iov = riov;
	m.msg_iovlen = 2;
	r = sys_recvmsg(sv, &m, MSG_WAITALL);
	printf("recvmsg: %ld \"%.4s\" \"%s\" namelen %u flags %x\n", r, p1, p2, (unsigned)m.msg_namelen,
	       (unsigned)m.msg_flags);

	/* options */
	check("TCP_NODELAY on", setint(c, IPPROTO_TCP, TCP_NODELAY, 1));
	yesno("TCP_NODELAY reads back on", getint(c, IPPROTO_TCP, TCP_NODELAY) != 0);
	check("SO_KEEPALIVE on", setint(c, SOL_SOCKET, SO_KEEPALIVE, 1));
	yesno("SO_KEEPALIVE reads back on", getint(c, SOL_SOCKET, SO_KEEPALIVE) > 0);
	check("TCP_KEEPIDLE 30", setint(c, IPPROTO_TCP, TCP_KEEPIDLE, 30));
	checkval("TCP_KEEPIDLE", getint(c, IPPROTO_TCP, TCP_KEEPIDLE));
	check("TCP_KEEPINTVL 7", setint(c, IPPROTO_TCP, TCP_KEEPINTVL, 7));
	checkval("TCP_KEEPINTVL", getint(c, IPPROTO_TCP, TCP_KEEPINTVL));
	check("TCP_KEEPCNT 4", setint(c, IPPROTO_TCP, TCP_KEEPCNT, 4));
	checkval("TCP_KEEPCNT", getint(c, IPPROTO_TCP, TCP_KEEPCNT));
	check("IP_TTL 33", setint(c, IPPROTO_IP, IP_TTL, 33));
	checkval("IP_TTL", getint(c, IPPROTO_IP, IP_TTL));
	struct linger lg = { 1, 5 }, lg2 = { 0, 0 };
	check("SO_LINGER {1, 5}", sys_setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	al = sizeof(lg2);
	check("get SO_LINGER", sys_getsockopt(c, SOL_SOCKET, SO_LINGER, &lg2, &al));
	printf("SO_LINGER: on=%s linger=%d len=%u\n", lg2.l_onoff ? "yes" : "no", lg2.l_linger, al);
	struct timeval tv = { 2, 500000 }, tv2 = { 0, 0 };
	check("SO_RCVTIMEO 2.5 s", sys_setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	al = sizeof(tv2);
	check("get SO_RCVTIMEO", sys_getsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv2, &al));
	printf("SO_RCVTIMEO: %ld.%06ld len=%u\n", tv2.tv_sec, tv2.tv_usec, al);
	check("SO_SNDBUF 65536", setint(c, SOL_SOCKET, SO_SNDBUF, 65536));
	yesno("SO_SNDBUF reads back at least 65536", getint(c, SOL_SOCKET, SO_SNDBUF) >= 65536);
	int small = 0;
	al = 2;
	check("SO_TYPE into 2 bytes", sys_getsockopt(c, SOL_SOCKET, SO_TYPE, &small, &al));
	printf("SO_TYPE truncated: len=%u\n", al);
	expect_err("getsockopt(SOL_SOCKET, 0x7777)", getint(c, SOL_SOCKET, 0x7777));
	expect_err("setsockopt(IPPROTO_TCP, 0x7777)", setint(c, IPPROTO_TCP, 0x7777, 1));
	expect_err("setsockopt(SO_KEEPALIVE) with 2 bytes", sys_setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &small, 2));
	expect_err("setsockopt on a pipe", ({ int pp[2]; sys_pipe2(pp, 0); setint(pp[0], SOL_SOCKET, SO_KEEPALIVE, 1); }));
	expect_err("getsockopt bad pointer", sys_getsockopt(c, SOL_SOCKET, SO_TYPE, (void *)8, &al));

	/* half-close */
	check("shutdown(client, SHUT_WR)", sys_shutdown(c, SHUT_WR));
	wait_fd(sv, POLLIN, 5000);
	checkval("recv after the peer's SHUT_WR", sys_recvfrom(sv, buf, sizeof(buf), 0, NULL, NULL));
	expect_err("send after SHUT_WR", sys_sendto(c, "x", 1, MSG_NOSIGNAL, NULL, 0));
	checkval("the other way still works", sys_sendto(sv, "back", 4, 0, NULL, 0));
	wait_fd(c, POLLIN, 5000);
	checkval("recv it", sys_recvfrom(c, buf, sizeof(buf), 0, NULL, NULL));
	expect_err("shutdown(how=7)", sys_shutdown(c, 7));

	/* the peer is gone: sends fail, MSG_NOSIGNAL keeps SIGPIPE away */
	sys_close(c);
	wait_fd(sv, POLLIN, 2000);
	/* the first send draws a reset, a later one fails */
	struct timespec nap = { 0, 50000000 };
	for (int i = 0; i < 40; i++) {
		r = sys_sendto(sv, "zzzz", 4, MSG_NOSIGNAL, NULL, 0);
		if (r < 0)
			break;
		sys_nanosleep(&nap, NULL);
	}
	printf("send to a closed peer: %s\n", r == -32 || !strcmp(errname(r), "ECONNRESET") ? "EPIPE or ECONNRESET" :
	       r < 0 ? errname(r) : "succeeded");
	sys_close(sv);

	/* refused: a port nobody listens on */
	int t = tcp_listener();
	unsigned dead = (unsigned)bound_port(t);
	sys_close(t);
	int d = (int)sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	al = sin_loopback(&a, dead);
	r = sys_connect(d, &a, al);
	yesno("non-blocking connect to a closed port: EINPROGRESS or ECONNREFUSED",
	      r == -EINPROGRESS_ || r == -ECONNREFUSED);
	if (r == -EINPROGRESS_)
		wait_fd(d, POLLOUT, 5000);
	r = getint(d, SOL_SOCKET, SO_ERROR);
	printf("SO_ERROR: %s\n", r == ECONNREFUSED ? "ECONNREFUSED" : r == 0 ? "0" : errname(r));
	checkval("SO_ERROR again (cleared)", getint(d, SOL_SOCKET, SO_ERROR));
	sys_close(d);
	d = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	expect_err("blocking connect to a closed port", sys_connect(d, &a, al));
	sys_close(d);

	/* address in use */
	d = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	al = sin_loopback(&a, port);
	expect_err("bind to the listener's port", sys_bind(d, &a, al));
	expect_err("bind with a short length", sys_bind(d, &a, 8));
	expect_err("bind with a bad pointer", sys_bind(d, (void *)8, 16));
	al = sizeof(a);
	expect_err("getsockname with a bad pointer", sys_getsockname(d, (void *)8, &al));
	expect_err("getsockname on a pipe", ({ int pp[2]; sys_pipe2(pp, 0); sys_getsockname(pp[0], &a, &al); }));
	expect_err("listen on a pipe", ({ int pp[2]; sys_pipe2(pp, 0); sys_listen(pp[0], 1); }));
	sys_close(d);
	expect_err("socket(family 12345)", sys_socket(12345, SOCK_STREAM, 0));
	expect_err("accept4 bad flags", sys_accept4(s, NULL, NULL, 0x4));
	sys_close(s);
	return 0;
}
