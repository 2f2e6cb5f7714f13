/* UDP over 127.0.0.1 and ::1: datagrams with addresses (sendto/recvfrom,
 * sendmsg/recvmsg with msg_name), connected UDP, truncation (MSG_TRUNC in
 * msg_flags), MSG_PEEK, IPv6 addresses and IPV6_V6ONLY set explicitly. */
#include "netdefs.h"

static void udp_pair(int fam, const char *label)
{
	char buf[64];
	struct gsockaddr a, b, from;
	unsigned al, bl, fl;
	int v6 = fam == AF_INET6;

	printf("-- %s\n", label);
	int u1 = (int)sys_socket(fam, SOCK_DGRAM, 0);
	int u2 = (int)sys_socket(fam, SOCK_DGRAM, 0);
	check("two sockets", u1 >= 0 && u2 >= 0 ? 0 : (u1 < 0 ? u1 : u2));
	if (v6) {
		check("IPV6_V6ONLY 1", setint(u1, IPPROTO_IPV6, IPV6_V6ONLY, 1));
		checkval("IPV6_V6ONLY", getint(u1, IPPROTO_IPV6, IPV6_V6ONLY));
		check("IPV6_V6ONLY 0", setint(u2, IPPROTO_IPV6, IPV6_V6ONLY, 0));
		checkval("IPV6_V6ONLY", getint(u2, IPPROTO_IPV6, IPV6_V6ONLY));
	}
	al = v6 ? sin6_loopback(&a, 0) : sin_loopback(&a, 0);
	check("bind u1", sys_bind(u1, &a, al));
	bl = v6 ? sin6_loopback(&b, 0) : sin_loopback(&b, 0);
	check("bind u2", sys_bind(u2, &b, bl));
	unsigned p1 = (unsigned)bound_port(u1), p2 = (unsigned)bound_port(u2);
	yesno("ports differ and are not 0", p1 && p2 && p1 != p2);
	al = sizeof(a);
	sys_getsockname(u1, &a, &al);
	printf("getsockname length: %u\n", al);
	yesno("getsockname family", sa_family_of(&a) == (unsigned)fam);
	yesno("SO_DOMAIN", getint(u1, SOL_SOCKET, SO_DOMAIN) == fam);
	yesno("SO_TYPE is SOCK_DGRAM", getint(u1, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM);

	al = v6 ? sin6_loopback(&a, p1) : sin_loopback(&a, p1);
	checkval("sendto u1", sys_sendto(u2, "ping", 4, 0, &a, al));
	wait_fd(u1, POLLIN, 5000);
	memset(&from, 0, sizeof(from));
	fl = sizeof(from);
	long r = sys_recvfrom(u1, buf, sizeof(buf), 0, &from, &fl);
	buf[r > 0 ? r : 0] = 0;
	printf("recvfrom: %ld \"%s\" fromlen %u\n", r, buf, fl);
	yesno("from family", sa_family_of(&from) == (unsigned)fam);
	yesno("from port is u2's", sa_port(&from) == p2);
	if (v6)
		yesno("from address ::1", from.b[23] == 1 && from.b[8] == 0);
	else
		yesno("from address 127.0.0.1", from.b[4] == 127 && from.b[7] == 1);

	/* no address wanted */
	sys_sendto(u2, "pong", 4, 0, &a, al);
	wait_fd(u1, POLLIN, 5000);
	checkval("recvfrom without address", sys_recvfrom(u1, buf, sizeof(buf), 0, NULL, NULL));

	/* sendmsg with msg_name, recvmsg truncating */
	struct iovec iov = { "abcdefgh", 8 };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_name = &a;
	m.msg_namelen = al;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	checkval("sendmsg with msg_name", sys_sendmsg(u2, &m, 0));
	wait_fd(u1, POLLIN, 5000);
	checkval("MSG_PEEK", sys_recvfrom(u1, buf, sizeof(buf), MSG_PEEK, NULL, NULL));
	char small[3];
	struct iovec riov = { small, 3 };
	memset(&m, 0, sizeof(m));
	memset(&from, 0, sizeof(from));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = &riov;
	m.msg_iovlen = 1;
	r = sys_recvmsg(u1, &m, 0);
	printf("recvmsg: %ld \"%.3s\" namelen %u MSG_TRUNC %s other flags %x\n", r, small, (unsigned)m.msg_namelen,
	       m.msg_flags & MSG_TRUNC ? "yes" : "no", (unsigned)(m.msg_flags & ~MSG_TRUNC));
	yesno("msg_name port is u2's", sa_port(&from) == p2);
	expect_err("recv on empty, MSG_DONTWAIT", sys_recvfrom(u1, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL));

	/* connected */
	check("connect u2 -> u1", sys_connect(u2, &a, al));
	checkval("send on connected", sys_sendto(u2, "conn", 4, 0, NULL, 0));
	wait_fd(u1, POLLIN, 5000);
	checkval("recv", sys_recvfrom(u1, buf, sizeof(buf), 0, NULL, NULL));
	bl = sizeof(b);
	check("getpeername u2", sys_getpeername(u2, &b, &bl));
	yesno("peer is u1", sa_port(&b) == p1);
	expect_err("sendto with a short address", sys_sendto(u2, "x", 1, 0, &a, 8));
	sys_close(u1);
	sys_close(u2);
}

int main(void)
{
	udp_pair(AF_INET, "AF_INET");
	udp_pair(AF_INET6, "AF_INET6");
	return 0;
}
