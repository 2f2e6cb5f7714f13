/* What FreeBSD sockets do differently from Linux's: sa_len in returned
 * addresses and truncation to the caller's socklen (which becomes
 * min(socklen, sa_len)), AF_INET6 = 28, IPV6_V6ONLY on by default, flag
 * options reading back as their own bit, SO_SNDBUF as set, SO_NOSIGPIPE,
 * accept() inheriting O_NONBLOCK, SO_ACCEPTFILTER without filters, MSG_EOF,
 * the 12-byte cmsghdr and select's timeout checks. */
#include "../netdefs.h"

static volatile int sigpipes;

static void on_pipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* bytes of a buffer; those of a sockaddr's port (2 and 3) as "pp" */
static void hexdump(const char *label, const unsigned char *b, int n, int is_sa)
{
	printf("%s:", label);
	for (int i = 0; i < n; i++) {
		if (is_sa && (i == 2 || i == 3))	/* the port: any value, 0xaa included */
			printf(" pp");
		else
			printf(" %02x", b[i]);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct gsockaddr a, b;
	unsigned al, bl;
	char buf[256];
	long r;

	/* ---- addresses ---- */
	int l = tcp_listener();
	memset(&a, 0xaa, sizeof(a));
	al = sizeof(a);
	sys_getsockname(l, &a, &al);
	printf("AF_INET getsockname: len %u sa_len %u family %u\n", al, a.b[0], a.b[1]);
	memset(&a, 0xaa, sizeof(a));
	al = 8;
	check("getsockname into 8 bytes", sys_getsockname(l, &a, &al));
	printf("socklen after: %u\n", al);
	hexdump("bytes 0-9", a.b, 10, 1);
	al = 0;
	check("getsockname into 0 bytes", sys_getsockname(l, &a, &al));
	printf("socklen after: %u\n", al);

	unsigned port = (unsigned)bound_port(l);
	int c = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	al = sin_loopback(&a, port);
	a.b[0] = 0;	/* sa_len is taken from the length argument */
	check("connect with sa_len 0", sys_connect(c, &a, al));
	memset(&b, 0xaa, sizeof(b));
	bl = 6;
	int s = (int)sys_accept(l, &b, &bl);
	check("accept into 6 bytes", s);
	printf("socklen after: %u\n", bl);
	hexdump("bytes 0-7", b.b, 8, 1);

	int v6 = (int)sys_socket(AF_INET6, SOCK_DGRAM, 0);
	checkval("IPV6_V6ONLY of a new AF_INET6 socket", getint(v6, IPPROTO_IPV6, IPV6_V6ONLY));
	al = sin6_loopback(&a, 0);
	check("bind [::1]:0", sys_bind(v6, &a, al));
	memset(&a, 0, sizeof(a));
	al = sizeof(a);
	sys_getsockname(v6, &a, &al);
	printf("AF_INET6 getsockname: len %u sa_len %u family %u\n", al, a.b[0], a.b[1]);
	checkval("SO_DOMAIN", getint(v6, SOL_SOCKET, SO_DOMAIN));
	int v4 = (int)sys_socket(AF_INET, SOCK_DGRAM, 0);
	al = sin_loopback(&a, 0);
	sys_bind(v4, &a, al);
	al = sin6_loopback(&a, (unsigned)bound_port(v6));
	sys_sendto(v4, "x", 1, 0, &a, 16);	/* an AF_INET socket, an AF_INET6 address: refused */
	expect_err("sendto an AF_INET6 address on AF_INET", sys_sendto(v4, "x", 1, 0, &a, al));
	struct gsockaddr from;
	al = sizeof(a);
	sys_getsockname(v6, &a, &al);
	int v6b = (int)sys_socket(AF_INET6, SOCK_DGRAM, 0);
	sys_sendto(v6b, "six", 3, 0, &a, al);
	memset(&from, 0xaa, sizeof(from));
	unsigned fl = 4;
	checkval("recvfrom with fromlen 4", sys_recvfrom(v6, buf, sizeof(buf), 0, &from, &fl));
	printf("fromlen after: %u\n", fl);
	hexdump("bytes 0-5", from.b, 6, 1);
	sys_close(v6);
	sys_close(v6b);

	int u = (int)sys_socket(AF_UNIX, SOCK_STREAM, 0);
	al = sun_path(&a, "bsd.sock");
	sys_bind(u, &a, al);
	sys_listen(u, 2);
	memset(&b, 0, sizeof(b));
	bl = sizeof(b);
	sys_getsockname(u, &b, &bl);
	printf("AF_UNIX getsockname: len %u sun_len %u family %u path \"%s\"\n", bl, b.b[0], b.b[1], (char *)b.b + 2);
	int uc = (int)sys_socket(AF_UNIX, SOCK_STREAM, 0);
	sys_connect(uc, &a, al);
	memset(&b, 0xaa, sizeof(b));
	bl = sizeof(b);
	int us = (int)sys_accept(u, &b, &bl);
	printf("accept of an unnamed peer: len %u sa_len %u family %u rest zero %s\n", bl, b.b[0], b.b[1],
	       b.b[2] == 0 && b.b[15] == 0 ? "yes" : "no");
	sys_close(us);
	sys_close(uc);
	sys_close(u);
	sys_unlink("bsd.sock");

	/* ---- options ---- */
	setint(c, SOL_SOCKET, SO_REUSEADDR, 1);
	setint(c, SOL_SOCKET, SO_KEEPALIVE, 1);
	printf("SO_REUSEADDR reads 0x%lx, SO_KEEPALIVE 0x%lx, SO_ACCEPTCONN of the listener 0x%lx\n",
	       getint(c, SOL_SOCKET, SO_REUSEADDR), getint(c, SOL_SOCKET, SO_KEEPALIVE),
	       getint(l, SOL_SOCKET, SO_ACCEPTCONN));
	setint(v4, SOL_SOCKET, SO_BROADCAST, 1);
	printf("SO_BROADCAST reads 0x%lx\n", getint(v4, SOL_SOCKET, SO_BROADCAST));
	setint(c, SOL_SOCKET, SO_SNDBUF, 65536);
	setint(c, SOL_SOCKET, SO_RCVBUF, 32768);
	printf("SO_SNDBUF %ld SO_RCVBUF %ld\n", getint(c, SOL_SOCKET, SO_SNDBUF), getint(c, SOL_SOCKET, SO_RCVBUF));
	expect_err("getsockopt(SO_ACCEPTFILTER)", getint(l, SOL_SOCKET, SO_ACCEPTFILTER));
	char afa[256];
	memset(afa, 0, sizeof(afa));
	strcpy(afa, "dataready");
	expect_err("setsockopt(SO_ACCEPTFILTER, dataready)", sys_setsockopt(l, SOL_SOCKET, SO_ACCEPTFILTER, afa, sizeof(afa)));
	expect_err("socket(AF_INET, type 99)", sys_socket(AF_INET, 99, 0));
	expect_err("socket(AF_INET, SOCK_STREAM | unknown flag 0x40000000)", sys_socket(AF_INET, SOCK_STREAM | 0x40000000, 0));

	/* ---- accept() inherits O_NONBLOCK, accept4() does not ---- */
	sys_fcntl(l, F_SETFL, O_NONBLOCK);
	int c2 = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	al = sin_loopback(&a, port);
	sys_connect(c2, &a, al);
	int c3 = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	sys_connect(c3, &a, al);
	wait_fd(l, POLLIN, 5000);
	int s2 = (int)sys_accept(l, NULL, NULL);
	yesno("accept(): O_NONBLOCK", sys_fcntl(s2, F_GETFL, 0) & O_NONBLOCK);
	wait_fd(l, POLLIN, 5000);
	int s3 = (int)sys_accept4(l, NULL, NULL, 0);
	yesno("accept4(0): O_NONBLOCK", sys_fcntl(s3, F_GETFL, 0) & O_NONBLOCK);

	/* ---- MSG_EOF: the data completes the connection ---- */
	checkval("send with MSG_EOF", sys_sendto(c2, "bye", 3, MSG_EOF, NULL, 0));
	wait_fd(s2, POLLIN, 5000);
	r = sys_recvfrom(s2, buf, sizeof(buf), MSG_WAITALL, NULL, NULL);
	printf("peer reads %ld, then %ld\n", r, sys_recvfrom(s2, buf, sizeof(buf), 0, NULL, NULL));
	sys_close(c2);
	sys_close(s2);
	sys_close(c3);
	sys_close(s3);

	/* ---- SO_NOSIGPIPE (SIGPIPE at its default action: a miss kills) ---- */
	int sv[2];
	sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	checkval("SO_NOSIGPIPE before", getint(sv[0], SOL_SOCKET, SO_NOSIGPIPE));
	check("setsockopt(SO_NOSIGPIPE, 1)", setint(sv[0], SOL_SOCKET, SO_NOSIGPIPE, 1));
	printf("SO_NOSIGPIPE reads 0x%lx\n", getint(sv[0], SOL_SOCKET, SO_NOSIGPIPE));
	sys_close(sv[1]);
	expect_err("send to a closed peer", sys_sendto(sv[0], "x", 1, 0, NULL, 0));
	struct iovec iov = { "y", 1 };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	expect_err("sendmsg to a closed peer", sys_sendmsg(sv[0], &m, 0));
	expect_err("SO_NOSIGPIPE on a pipe", ({ int pp[2]; sys_pipe2(pp, 0); setint(pp[0], SOL_SOCKET, SO_NOSIGPIPE, 1); }));
	int old = sv[0];
	sys_close(sv[0]);
	/* the descriptor number comes back for another socket */
	sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	yesno("same descriptor number", sv[0] == old);
	checkval("SO_NOSIGPIPE of the new socket", getint(sv[0], SOL_SOCKET, SO_NOSIGPIPE));
	struct gsigaction act = { (void *)on_pipe, 0, 0 };
	sys_sigaction(SIGPIPE, &act, NULL);
	check("set SO_NOSIGPIPE, then close", setint(sv[0], SOL_SOCKET, SO_NOSIGPIPE, 1));
	sys_close(sv[0]);
	sys_close(sv[1]);
	sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	sys_close(sv[1]);
	expect_err("send on a reused descriptor", sys_sendto(sv[0], "x", 1, 0, NULL, 0));
	printf("SIGPIPE handler calls: %d\n", sigpipes);
	sys_close(sv[0]);
	setint(l, SOL_SOCKET, SO_NOSIGPIPE, 1);
	int c4 = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	sys_connect(c4, &a, al);
	wait_fd(l, POLLIN, 5000);
	int s4 = (int)sys_accept(l, NULL, NULL);
	printf("accepted socket inherits SO_NOSIGPIPE: 0x%lx\n", getint(s4, SOL_SOCKET, SO_NOSIGPIPE));
	sys_close(c4);
	sys_close(s4);

	/* ---- the cmsghdr as FreeBSD lays it out ---- */
	sys_socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	union { struct cmsghdr h; unsigned char b[32]; } cu;
	memset(&cu, 0, sizeof(cu));
	cu.h.cmsg_len = CMSG_LEN(4);
	cu.h.cmsg_level = SOL_SOCKET;
	cu.h.cmsg_type = SCM_RIGHTS;
	int one = 0;
	memcpy(cu.b + 16, &one, 4);
	m.msg_control = &cu;
	m.msg_controllen = CMSG_SPACE(4);
	checkval("sendmsg SCM_RIGHTS(0)", sys_sendmsg(sv[0], &m, 0));
	memset(&cu, 0xee, sizeof(cu));
	char cbuf;
	struct iovec riov = { &cbuf, 1 };
	memset(&m, 0, sizeof(m));
	m.msg_iov = &riov;
	m.msg_iovlen = 1;
	m.msg_control = &cu;
	m.msg_controllen = sizeof(cu);
	checkval("recvmsg", sys_recvmsg(sv[1], &m, 0));
	printf("msg_controllen %u\n", m.msg_controllen);
	hexdump("cmsghdr", cu.b, 12, 0);
	int rfd;
	memcpy(&rfd, cu.b + 16, 4);
	yesno("descriptor at +16 is open", sys_fcntl(rfd, F_GETFD, 0) >= 0);
	sys_close(rfd);
	sys_close(sv[0]);
	sys_close(sv[1]);

	/* ---- select's timeout ---- */
	struct timeval tv = { 0, 1000000 };
	expect_err("select with tv_usec 1000000", sys_select(0, NULL, NULL, NULL, &tv));
	tv = (struct timeval){ 0, 20000 };
	checkval("select timeout", sys_select(0, NULL, NULL, NULL, &tv));
	printf("timeout left alone: %ld.%06ld\n", tv.tv_sec, tv.tv_usec);

	sys_close(c);
	sys_close(s);
	sys_close(l);
	sys_close(v4);
	return 0;
}
