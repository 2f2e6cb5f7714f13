/* The socket structures that differ: sockaddr (BSD: sa_len byte + u8
 * family; Linux: u16 family), msghdr (BSD: int msg_iovlen, socklen_t
 * msg_controllen) and control messages (BSD cmsghdr is 12 bytes, data at
 * _ALIGN(12) = +16; Linux's is 16 bytes with a size_t length, data at +16).
 * ABI-NOTES A7.  Each is converted here and nowhere else. */
#include "net.h"

#define BSD_SOCK_MAXADDRLEN 255
#define BSD_SUN_PATH 104
#define LINUX_SUN_PATH 108

static size_t bounded_strlen(const unsigned char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

long sockaddr_from_guest(const struct abi *abi, uint64_t g, uint64_t glen, struct host_sockaddr *h,
			 uint32_t *hlen)
{
	unsigned char b[BSD_SOCK_MAXADDRLEN + 1];
	/* FreeBSD getsockaddr(): the length comes from the call, never from
	 * the guest's sa_len byte. */
	if (glen > BSD_SOCK_MAXADDRLEN)
		return -L_ENAMETOOLONG;
	if (glen < 2)
		return -L_EINVAL;
	if (copy_from_guest(b, g, glen) < 0)
		return -L_EFAULT;
	long fam = xlat_to_host(abi, XL_AF, b[1], -1);
	if (fam < 0)
		return -L_EAFNOSUPPORT;
	memset(h, 0, sizeof *h);
	h->family = (uint16_t)fam;
	switch (fam) {
	case LH_AF_UNIX: {
		/* The path is sa_len - 2 bytes, up to a NUL (uipc_bind). BSD
		 * has no abstract namespace: a leading NUL is an empty path. */
		size_t plen = glen - 2;
		if (plen == 0)
			return -L_EINVAL;
		size_t n = bounded_strlen(b + 2, plen);
		if (n == 0)
			return -L_ENOENT;
		if (n >= LINUX_SUN_PATH)
			return -L_ENAMETOOLONG;
		memcpy(h->b + 2, b + 2, n);
		*hlen = (uint32_t)(2 + n + 1);
		return 0;
	}
	case LH_AF_INET:
		if (glen < 16)
			return -L_EINVAL;
		memcpy(h->b + 2, b + 2, 14);
		*hlen = 16;
		return 0;
	case LH_AF_INET6:
		if (glen < 28)
			return -L_EINVAL;
		memcpy(h->b + 2, b + 2, 26);
		*hlen = 28;
		return 0;
	default:
		if (glen > HOST_SOCKADDR_MAX)
			glen = HOST_SOCKADDR_MAX;
		memcpy(h->b + 2, b + 2, glen - 2);
		*hlen = (uint32_t)glen;
		return 0;
	}
}

long sockaddr_to_guest(const struct abi *abi, const struct host_sockaddr *h, uint32_t hlen, uint64_t g,
		       uint32_t cap)
{
	unsigned char b[BSD_SOCK_MAXADDRLEN + 1];
	size_t len;
	if (hlen > HOST_SOCKADDR_MAX)
		hlen = HOST_SOCKADDR_MAX;
	if (hlen < 2)
		return 0;	/* no address (a stream peer on recvfrom) */
	memset(b, 0, sizeof b);
	long fam = xlat_to_guest(abi, XL_AF, h->family, h->family);
	switch (h->family) {
	case LH_AF_UNIX:
		if (hlen == 2) {
			/* Unnamed: FreeBSD answers with sun_noname, a bare
			 * struct sockaddr of 16 bytes. */
			len = 16;
		} else if (h->b[2] == 0) {
			/* A Linux abstract address (only from a Linux peer). */
			len = hlen > 2 + BSD_SUN_PATH ? 2 + BSD_SUN_PATH : hlen;
			memcpy(b + 2, h->b + 2, len - 2);
		} else {
			size_t n = bounded_strlen(h->b + 2, hlen - 2);
			if (n > BSD_SUN_PATH - 1)
				n = BSD_SUN_PATH - 1;
			memcpy(b + 2, h->b + 2, n);
			len = 2 + n + 1;
		}
		break;
	case LH_AF_INET:
		len = 16;
		memcpy(b + 2, h->b + 2, 14);
		break;
	case LH_AF_INET6:
		len = 28;
		memcpy(b + 2, h->b + 2, 26);
		break;
	default:
		len = hlen;
		memcpy(b + 2, h->b + 2, hlen - 2);
		break;
	}
	b[0] = (unsigned char)len;
	b[1] = (unsigned char)fam;
	if (len > cap)
		len = cap;
	if (len && copy_to_guest(g, b, len) < 0)
		return -L_EFAULT;
	return (long)len;
}

/* ---- control messages ------------------------------------------------ */

#define BSD_CMSG_HDR 12
#define CMSG_DATA_OFF 16		/* both: _ALIGN(12) on BSD, sizeof(cmsghdr) on Linux */
#define ALIGN8(n) (((n) + 7) & ~(size_t)7)

struct bsd_cmsghdr {
	uint32_t len;
	int level, type;
};

/* Type of one control message, host <-> guest; -1: not translated. */
static long cmsg_type_to_host(const struct abi *abi, long hlevel, long gtype)
{
	switch (hlevel) {
	case LH_SOL_SOCKET:
		/* SCM_RIGHTS (1 on every BSD and Linux) carries an int array
		 * on both sides; SCM_CREDS (struct cmsgcred) is not done. */
		return gtype == 1 ? LH_SCM_RIGHTS : -1;
	case LH_SOL_IP:
		return xlat_to_host(abi, XL_IPOPT, gtype, -1);
	case LH_SOL_IPV6:
		return xlat_to_host(abi, XL_IPV6OPT, gtype, -1);
	}
	return -1;
}

static long cmsg_type_to_guest(const struct abi *abi, long hlevel, long htype)
{
	switch (hlevel) {
	case LH_SOL_SOCKET:
		return htype == LH_SCM_RIGHTS ? 1 : -1;
	case LH_SOL_IP:
		return xlat_to_guest(abi, XL_IPOPT, htype, -1);
	case LH_SOL_IPV6:
		return xlat_to_guest(abi, XL_IPV6OPT, htype, -1);
	}
	return -1;
}

long cmsgs_from_guest(const struct abi *abi, uint64_t gctl, uint32_t glen, void *hbuf, size_t *hlen)
{
	size_t off = 0, hoff = 0;
	unsigned char *hb = hbuf;
	while (glen - off >= BSD_CMSG_HDR) {
		struct bsd_cmsghdr c;
		if (copy_from_guest(&c, gctl + off, sizeof c) < 0)
			return -L_EFAULT;
		/* unp_internalize(): a message must fit and hold its header;
		 * its data starts at CMSG_DATA (+16). */
		if (c.len < CMSG_DATA_OFF || c.len > glen - off)
			return -L_EINVAL;
		size_t dlen = c.len - CMSG_DATA_OFF;
		long hlevel = xlat_to_host(abi, XL_SOCKLEVEL, c.level, -1);
		long htype = hlevel < 0 ? -1 : cmsg_type_to_host(abi, hlevel, c.type);
		if (htype < 0)
			return -L_EINVAL;
		struct l_cmsghdr hc = {CMSG_DATA_OFF + dlen, (int)hlevel, (int)htype};
		memcpy(hb + hoff, &hc, sizeof hc);
		if (dlen && copy_from_guest(hb + hoff + CMSG_DATA_OFF, gctl + off + CMSG_DATA_OFF, dlen) < 0)
			return -L_EFAULT;
		hoff += ALIGN8(CMSG_DATA_OFF + dlen);
		off += ALIGN8(c.len);
		if (off >= glen)
			break;
	}
	/* The last message may lack its padding; Linux takes its length. */
	*hlen = hoff;
	return 0;
}

static void close_fds(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		int fd;
		memcpy(&fd, p + i, 4);
		sys1(__NR_close, fd);
	}
}

long cmsgs_to_guest(const struct abi *abi, const void *hbuf, size_t hlen, uint64_t gctl, uint32_t cap,
		    uint32_t *glen, unsigned *hflags)
{
	const unsigned char *hb = hbuf;
	size_t hoff = 0, off = 0;
	long err = 0;
	while (hlen - hoff >= sizeof(struct l_cmsghdr)) {
		struct l_cmsghdr hc;
		memcpy(&hc, hb + hoff, sizeof hc);
		if (hc.len < CMSG_DATA_OFF || hc.len > hlen - hoff)
			break;
		size_t dlen = hc.len - CMSG_DATA_OFF;
		const unsigned char *data = hb + hoff + CMSG_DATA_OFF;
		hoff += ALIGN8(hc.len);
		long glevel = xlat_to_guest(abi, XL_SOCKLEVEL, hc.level, -1);
		long gtype = glevel < 0 ? -1 : cmsg_type_to_guest(abi, hc.level, hc.type);
		bool rights = hc.level == LH_SOL_SOCKET && hc.type == LH_SCM_RIGHTS;
		if (gtype < 0 || err) {
			/* Nothing the guest asked for in its terms: dropped
			 * (descriptors never reach it, so they are closed). */
			if (rights)
				close_fds(data, dlen);
			continue;
		}
		if (cap - off < CMSG_DATA_OFF) {
			/* Not even a header fits (recvmsg copies what fits). */
			*hflags |= 0x8;		/* MSG_CTRUNC */
			if (rights)
				close_fds(data, dlen);
			continue;
		}
		struct bsd_cmsghdr gc = {(uint32_t)(CMSG_DATA_OFF + dlen), (int)glevel, (int)gtype};
		unsigned char hdr[CMSG_DATA_OFF] = {0};
		memcpy(hdr, &gc, sizeof gc);
		size_t room = cap - off - CMSG_DATA_OFF;
		size_t put = dlen;
		if (put > room) {
			*hflags |= 0x8;		/* MSG_CTRUNC */
			put = rights ? room & ~(size_t)3 : room;
			if (rights)
				close_fds(data + put, dlen - put);
		}
		if (copy_to_guest(gctl + off, hdr, CMSG_DATA_OFF) < 0 ||
		    (put && copy_to_guest(gctl + off + CMSG_DATA_OFF, data, put) < 0)) {
			err = -L_EFAULT;
			if (rights)
				close_fds(data, put);
			continue;
		}
		/* BSD's recvmsg copies whole CMSG_SPACE blocks (with padding). */
		size_t space = ALIGN8(CMSG_DATA_OFF + dlen);
		if (space > cap - off)
			space = cap - off;
		size_t pad = space - CMSG_DATA_OFF - put;
		if (pad) {
			static const unsigned char zero[8];
			if (pad <= sizeof zero && copy_to_guest(gctl + off + CMSG_DATA_OFF + put, zero, pad) < 0)
				err = -L_EFAULT;
		}
		off += space;
	}
	*glen = (uint32_t)off;
	return err;
}

/* ---- msghdr --------------------------------------------------------- */

long msghdr_from_guest(const struct abi *abi, uint64_t gp, struct msg_conv *m, bool sending)
{
	memset(&m->h, 0, sizeof m->h);
	m->ctl = 0;
	m->ctl_heap = false;
	if (copy_from_guest(&m->g, gp, sizeof m->g) < 0)
		return -L_EFAULT;
	if (m->g.name) {
		if (sending) {
			uint32_t hl;
			long r = sockaddr_from_guest(abi, m->g.name, m->g.namelen, &m->sa, &hl);
			if (r < 0)
				return r;
			m->h.namelen = (int)hl;
		} else {
			m->h.namelen = sizeof m->sa;
		}
		m->h.name = &m->sa;
	}
	/* struct iovec is the same on both sides: the kernel reads the
	 * guest's array itself (and fails with EFAULT or EMSGSIZE). */
	m->h.iov = (void *)m->g.iov;
	m->h.iovlen = (unsigned)m->g.iovlen;
	if (m->g.control) {
		if (sending && m->g.controllen < BSD_CMSG_HDR)
			return -L_EINVAL;	/* sendit() */
		/* Control data beyond 64 KiB is refused on the way out
		 * (Linux's optmem limit is lower still) and never arrives. */
		uint32_t clen = m->g.controllen;
		if (clen > 65536) {
			if (sending)
				return -L_ENOBUFS;
			clen = 65536;
		}
		size_t need = (size_t)clen + 16;
		if (need <= sizeof m->ctl_small) {
			m->ctl = m->ctl_small;
		} else {
			m->ctl = shim_malloc(need);
			if (!m->ctl)
				return -L_ENOMEM;
			m->ctl_heap = true;
		}
		if (sending) {
			size_t hl;
			long r = cmsgs_from_guest(abi, m->g.control, m->g.controllen, m->ctl, &hl);
			if (r < 0) {
				msg_conv_free(m);
				return r;
			}
			m->h.controllen = hl;
		} else {
			m->h.controllen = clen;
		}
		m->h.control = m->h.controllen ? m->ctl : 0;
	}
	return 0;
}

long msghdr_to_guest(const struct abi *abi, uint64_t gp, struct msg_conv *m)
{
	long err = 0;
	unsigned hflags = m->h.flags;
	if (m->g.name) {
		long n = sockaddr_to_guest(abi, &m->sa, (uint32_t)m->h.namelen, m->g.name, m->g.namelen);
		if (n < 0)
			err = n;
		else
			m->g.namelen = (uint32_t)n;
	}
	if (m->g.control) {
		uint32_t gl = 0;
		long r = cmsgs_to_guest(abi, m->ctl, m->h.controllen, m->g.control, m->g.controllen, &gl, &hflags);
		if (r < 0)
			err = r;
		m->g.controllen = gl;
	} else if (m->h.controllen) {
		m->g.controllen = 0;
	}
	m->g.flags = (int)xlat_bits_to_guest(abi, XL_MSGFLAGS, hflags);
	if (copy_to_guest(gp, &m->g, sizeof m->g) < 0)
		err = -L_EFAULT;
	return err;
}

void msg_conv_free(struct msg_conv *m)
{
	if (m->ctl_heap)
		shim_free(m->ctl);
	m->ctl = 0;
	m->ctl_heap = false;
}
