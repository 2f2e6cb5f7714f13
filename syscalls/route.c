/* sysctl net.route (CTL_NET, PF_ROUTE, 0, af, NET_RT_IFLIST | IFMALIST |
 * IFLISTL, ifindex): FreeBSD's interface and address list as routing
 * messages, built from Linux netlink (links, addresses) and /proc/net/igmp
 * and igmp6 (multicast groups).  This is how getifaddrs(3) and Go's
 * net.Interfaces see the network.  The one place these messages are made. */
#include "handlers.h"

#define RTM_VERSION 5
#define RTM_NEWADDR 0xc
#define RTM_IFINFO 0xe
#define RTM_NEWMADDR 0xf
#define RTA_NETMASK 0x4
#define RTA_IFP 0x10
#define RTA_IFA 0x20
#define RTA_BRD 0x80
#define BSD_AF_INET 2
#define BSD_AF_LINK 18
#define BSD_AF_INET6 28
#define IF_DATA_SIZE 152

struct link {
	int index, flags, mtu, type;
	unsigned char addr[8];
	int alen;
	char name[16];
};

struct out {
	unsigned char *b;
	size_t len, cap;
	bool overflow;
};

static unsigned char *room(struct out *o, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (o->len + n > o->cap) {
		o->overflow = true;
		return 0;
	}
	unsigned char *p = o->b + o->len;
	memset(p, 0, n);
	o->len += n;
	return p;
}

/* ---- netlink ---- */

struct nlmsghdr {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};

static long nl_dump(int type, unsigned char *buf, size_t cap)
{
	long fd = sys3(__NR_socket, 16 /* AF_NETLINK */, 3 /* SOCK_RAW */ | 0x80000, 0 /* NETLINK_ROUTE */);
	if (fd < 0)
		return fd;
	struct { struct nlmsghdr h; unsigned char family, pad[15]; } req;
	memset(&req, 0, sizeof req);
	req.h.len = sizeof req;
	req.h.type = (uint16_t)type;
	req.h.flags = 1 | 0x300;	/* NLM_F_REQUEST | NLM_F_DUMP */
	req.h.seq = 1;
	long r = sys6(__NR_sendto, fd, &req, sizeof req, 0, 0, 0);
	size_t len = 0;
	while (r >= 0) {
		r = sys6(__NR_recvfrom, fd, buf + len, cap - len, 0, 0, 0);
		if (r <= 0)
			break;
		/* The dump ends with NLMSG_DONE (3). */
		size_t off = len, end = len + (size_t)r;
		bool done = false;
		while (off + sizeof(struct nlmsghdr) <= end) {
			struct nlmsghdr *h = (struct nlmsghdr *)(buf + off);
			if (h->type == 3 || h->type == 2 /* NLMSG_ERROR */)
				done = true;
			if (h->len < sizeof *h)
				break;
			off += (h->len + 3) & ~3u;
		}
		len = end;
		if (done || len + 8192 > cap)
			break;
	}
	sys1(__NR_close, fd);
	return r < 0 ? r : (long)len;
}

#define NL_FOREACH(B, N, h)                                                       \
	for (struct nlmsghdr *h = (struct nlmsghdr *)(B);                         \
	     (unsigned char *)h + sizeof *h <= (B) + (N) && h->len >= sizeof *h &&   \
	     h->type != 3 && h->type != 2;                                        \
	     h = (struct nlmsghdr *)((unsigned char *)h + ((h->len + 3) & ~3u)))

/* rtattr walk over [p, p + n). */
#define RTA_FOREACH(p, n, a)                                                      \
	for (unsigned char *a = (p); a + 4 <= (p) + (n) && *(uint16_t *)a >= 4;    \
	     a += (*(uint16_t *)a + 3) & ~3u)
#define RTA_LEN(a) (*(uint16_t *)(a))
#define RTA_TYPE(a) (*(uint16_t *)((a) + 2))
#define RTA_DATA(a) ((a) + 4)

static int read_links(unsigned char *buf, size_t cap, struct link *links, int max)
{
	long len = nl_dump(18 /* RTM_GETLINK */, buf, cap);
	int n = 0;
	if (len <= 0)
		return 0;
	NL_FOREACH(buf, (size_t)len, h) {
		if (h->type != 16 /* RTM_NEWLINK */ || n == max)
			continue;
		unsigned char *m = (unsigned char *)(h + 1);
		struct link *l = &links[n];
		memset(l, 0, sizeof *l);
		uint16_t type;
		int32_t index;
		uint32_t flags;
		memcpy(&type, m + 2, 2);
		memcpy(&index, m + 4, 4);
		memcpy(&flags, m + 8, 4);
		l->index = index;
		l->type = type == 772 ? 24 /* IFT_LOOP */ : type == 1 ? 6 /* IFT_ETHER */ : 1 /* IFT_OTHER */;
		/* BSD IFF_*: the low ones agree; MULTICAST is 0x1000 on Linux. */
		l->flags = (int)(flags & 0x3ff) | (flags & 0x1000 ? 0x8000 : 0);
		RTA_FOREACH(m + 16, h->len - sizeof *h - 16, a) {
			if (RTA_TYPE(a) == 3)		/* IFLA_IFNAME */
				shim_strlcpy(l->name, (char *)RTA_DATA(a), sizeof l->name);
			else if (RTA_TYPE(a) == 4)	/* IFLA_MTU */
				memcpy(&l->mtu, RTA_DATA(a), 4);
			else if (RTA_TYPE(a) == 1 && RTA_LEN(a) - 4 <= 8) {	/* IFLA_ADDRESS */
				l->alen = RTA_LEN(a) - 4;
				memcpy(l->addr, RTA_DATA(a), (size_t)l->alen);
			}
		}
		if (l->type == 24)
			l->alen = 0;	/* the loopback has no link address on FreeBSD */
		n++;
	}
	return n;
}

static void put_sockaddr_dl(struct out *o, const struct link *l)
{
	size_t nlen = strlen(l->name);
	size_t len = 8 + nlen + (size_t)l->alen;
	if (len < 20)
		len = 20;
	unsigned char *p = room(o, len);
	if (!p)
		return;
	p[0] = (unsigned char)len;
	p[1] = BSD_AF_LINK;
	uint16_t idx = (uint16_t)l->index;
	memcpy(p + 2, &idx, 2);
	p[4] = (unsigned char)l->type;
	p[5] = (unsigned char)nlen;
	p[6] = (unsigned char)l->alen;
	memcpy(p + 8, l->name, nlen);
	memcpy(p + 8 + nlen, l->addr, (size_t)l->alen);
}

/* An IPv4 (4 bytes) or IPv6 (16 bytes) address as a BSD sockaddr. */
static void put_inet(struct out *o, const unsigned char *a, int alen, int scope)
{
	if (alen == 4) {
		unsigned char *p = room(o, 16);
		if (p) {
			p[0] = 16;
			p[1] = BSD_AF_INET;
			memcpy(p + 4, a, 4);
		}
	} else {
		unsigned char *p = room(o, 28);
		if (p) {
			p[0] = 28;
			p[1] = BSD_AF_INET6;
			memcpy(p + 8, a, 16);
			uint32_t s = (uint32_t)scope;
			memcpy(p + 24, &s, 4);
		}
	}
}

static void put_mask(struct out *o, int prefix, int alen)
{
	unsigned char m[16] = {0};
	for (int i = 0; i < prefix && i < alen * 8; i++)
		m[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	put_inet(o, m, alen, 0);
}

static void put_link_msg(struct out *o, const struct link *l, bool ext)
{
	size_t hdr = ext ? 24 + IF_DATA_SIZE : 16 + IF_DATA_SIZE;
	size_t start = o->len;
	unsigned char *p = room(o, hdr);
	if (!p)
		return;
	p[2] = RTM_VERSION;
	p[3] = RTM_IFINFO;
	int addrs = RTA_IFP;
	memcpy(p + 4, &addrs, 4);
	memcpy(p + 8, &l->flags, 4);
	uint16_t idx = (uint16_t)l->index, hl = (uint16_t)hdr, doff = ext ? 24 : 16;
	memcpy(p + 12, &idx, 2);
	if (ext) {
		memcpy(p + 16, &hl, 2);		/* ifm_len */
		memcpy(p + 18, &doff, 2);	/* ifm_data_off */
	}
	unsigned char *d = p + doff;		/* struct if_data */
	d[0] = (unsigned char)l->type;
	d[2] = (unsigned char)l->alen;
	d[4] = l->flags & 0x40 ? 2 : 1;		/* LINK_STATE_UP / DOWN */
	uint16_t dl = IF_DATA_SIZE;
	memcpy(d + 6, &dl, 2);
	memcpy(d + 8, &l->mtu, 4);
	put_sockaddr_dl(o, l);
	uint16_t ml = (uint16_t)(o->len - start);
	if (!o->overflow)
		memcpy(o->b + start, &ml, 2);
}

static void put_addr_msg(struct out *o, int index, int prefix, const unsigned char *addr,
			 const unsigned char *brd, int alen, int scope, bool ext)
{
	size_t hdr = ext ? 24 + IF_DATA_SIZE : 20;
	size_t start = o->len;
	unsigned char *p = room(o, hdr);
	if (!p)
		return;
	o->len = start + hdr;	/* sockaddrs follow at once (20 is not 8-aligned) */
	p[2] = RTM_VERSION;
	p[3] = RTM_NEWADDR;
	int addrs = RTA_NETMASK | RTA_IFA | (brd ? RTA_BRD : 0);
	memcpy(p + 4, &addrs, 4);
	uint16_t idx = (uint16_t)index;
	memcpy(p + 12, &idx, 2);
	if (ext) {
		uint16_t hl = (uint16_t)hdr, doff = 24;
		memcpy(p + 16, &hl, 2);
		memcpy(p + 18, &doff, 2);
	}
	put_mask(o, prefix, alen);
	put_inet(o, addr, alen, scope);
	if (brd)
		put_inet(o, brd, alen, 0);
	uint16_t ml = (uint16_t)(o->len - start);
	if (!o->overflow)
		memcpy(o->b + start, &ml, 2);
}

static void put_addrs(struct out *o, unsigned char *buf, size_t cap, int index, bool ext)
{
	long len = nl_dump(22 /* RTM_GETADDR */, buf, cap);
	if (len <= 0)
		return;
	NL_FOREACH(buf, (size_t)len, h) {
		if (h->type != 20 /* RTM_NEWADDR */)
			continue;
		unsigned char *m = (unsigned char *)(h + 1);
		int family = m[0], prefix = m[1];
		uint32_t ifindex;
		memcpy(&ifindex, m + 4, 4);
		if (index && (int)ifindex != index)
			continue;
		int alen = family == 2 ? 4 : family == 10 ? 16 : 0;
		if (!alen)
			continue;
		unsigned char *addr = 0, *local = 0, *brd = 0;
		RTA_FOREACH(m + 8, h->len - sizeof *h - 8, a) {
			if (RTA_LEN(a) - 4 != alen)
				continue;
			if (RTA_TYPE(a) == 1)
				addr = RTA_DATA(a);
			else if (RTA_TYPE(a) == 2)
				local = RTA_DATA(a);
			else if (RTA_TYPE(a) == 4)
				brd = RTA_DATA(a);
		}
		if (local)
			addr = local;
		if (!addr)
			continue;
		bool ll6 = alen == 16 && addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80;
		put_addr_msg(o, (int)ifindex, prefix, addr, brd, alen, ll6 ? (int)ifindex : 0, ext);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void put_maddr(struct out *o, int index, const unsigned char *addr, int alen)
{
	size_t start = o->len;
	unsigned char *p = room(o, 16);
	if (!p)
		return;
	p[2] = RTM_VERSION;
	p[3] = RTM_NEWMADDR;
	int addrs = RTA_IFA;
	memcpy(p + 4, &addrs, 4);
	uint16_t idx = (uint16_t)index;
	memcpy(p + 12, &idx, 2);
	put_inet(o, addr, alen, alen == 16 ? index : 0);
	uint16_t ml = (uint16_t)(o->len - start);
	if (!o->overflow)
		memcpy(o->b + start, &ml, 2);
}

/* /proc/net/igmp6: "IDX DEV GROUP(32 hex) USERS FLAGS TIMER";
 * /proc/net/igmp: "IDX\tDEV : ..." then "\t\t\t\tGROUP(8 hex, host order) ...". */
static void put_multicast(struct out *o, char *buf, size_t cap, int index)
{
	if (rt_read_file("/proc/net/igmp6", buf, cap) > 0) {
		for (char *line = buf; *line;) {
			char *end = shim_strchr(line, '\n');
			if (end)
				*end = 0;
			int idx = 0;
			char *p = line;
			while (*p == ' ')
				p++;
			while (*p >= '0' && *p <= '9')
				idx = idx * 10 + (*p++ - '0');
			while (*p == ' ')
				p++;
			while (*p && *p != ' ')
				p++;
			while (*p == ' ')
				p++;
			unsigned char a[16];
			int k = 0;
			for (; k < 16 && hexval(p[2 * k]) >= 0 && hexval(p[2 * k + 1]) >= 0; k++)
				a[k] = (unsigned char)(hexval(p[2 * k]) << 4 | hexval(p[2 * k + 1]));
			if (k == 16 && (!index || idx == index))
				put_maddr(o, idx, a, 16);
			if (!end)
				break;
			line = end + 1;
		}
	}
	if (rt_read_file("/proc/net/igmp", buf, cap) > 0) {
		int idx = 0;
		for (char *line = buf; *line;) {
			char *end = shim_strchr(line, '\n');
			if (end)
				*end = 0;
			if (line[0] >= '0' && line[0] <= '9') {
				idx = 0;
				for (char *p = line; *p >= '0' && *p <= '9'; p++)
					idx = idx * 10 + (*p - '0');
			} else if (line[0] == '\t') {
				char *p = line;
				while (*p == '\t')
					p++;
				uint32_t g = 0;
				int k = 0;
				for (; k < 8 && hexval(p[k]) >= 0; k++)
					g = g << 4 | (uint32_t)hexval(p[k]);
				if (k == 8 && (!index || idx == index)) {
					/* printed as a host-order (little-endian) word */
					unsigned char a[4] = {(unsigned char)g, (unsigned char)(g >> 8),
							      (unsigned char)(g >> 16), (unsigned char)(g >> 24)};
					put_maddr(o, idx, a, 4);
				}
			}
			if (!end)
				break;
			line = end + 1;
		}
	}
}

/* mib: 4.17.0.af.type[.index] */
long sysctl_get_route(struct trap *t, const int *mib, unsigned n, void *buf, size_t *len)
{
	(void)t;
	if (n < 5)
		return -L_ENOENT;
	int af = mib[3], type = mib[4], index = n > 5 ? mib[5] : 0;
	if (type != 3 && type != 4 && type != 5)
		return -L_EOPNOTSUPP;	/* routing table dumps: not emulated */
	size_t scratch_cap = 256 * 1024;
	unsigned char *scratch = shim_malloc(scratch_cap);
	struct link *links = shim_malloc(64 * sizeof *links);
	if (!scratch || !links) {
		shim_free(scratch);
		shim_free(links);
		return -L_ENOMEM;
	}
	struct out o = {buf, 0, *len, false};
	if (type == 4) {
		put_multicast(&o, (char *)scratch, scratch_cap, index);
	} else {
		int nl = read_links(scratch, scratch_cap, links, 64);
		for (int i = 0; i < nl; i++) {
			if (index && links[i].index != index)
				continue;
			put_link_msg(&o, &links[i], type == 5);
			if (af == 0 || af == BSD_AF_INET || af == BSD_AF_INET6)
				put_addrs(&o, scratch, scratch_cap, links[i].index, type == 5);
		}
	}
	shim_free(scratch);
	shim_free(links);
	if (o.overflow)
		return -L_ENOMEM;
	*len = o.len;
	return 0;
}
