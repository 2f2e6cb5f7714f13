/* Sockets (net.c) and their structure converters (sockaddr.c). */
#ifndef ABIRUN_NET_H
#define ABIRUN_NET_H
#include "handlers.h"

/* Linux errno values the socket code produces itself. */
enum {
	L_EPIPE = 32, L_ENOTSOCK = 88, L_EMSGSIZE = 90, L_EPROTOTYPE = 91, L_ENOPROTOOPT = 92,
	L_EPROTONOSUPPORT = 93, L_EAFNOSUPPORT = 97, L_ENOBUFS = 105,
};

/* Linux (host) socket constants. */
enum { LH_AF_UNIX = 1, LH_AF_INET = 2, LH_AF_INET6 = 10 };
enum { LH_SOL_IP = 0, LH_SOL_SOCKET = 1, LH_SOL_TCP = 6, LH_SOL_IPV6 = 41 };
enum { LH_SCM_RIGHTS = 1 };
enum { LH_MSG_TRUNC = 0x20, LH_MSG_NOSIGNAL = 0x4000 };

/* A host sockaddr of any family (sockaddr_storage). */
#define HOST_SOCKADDR_MAX 128
struct host_sockaddr {
	union {
		uint16_t family;
		unsigned char b[HOST_SOCKADDR_MAX];
		uint64_t align;
	};
};

/* Linux's struct msghdr (user_msghdr) and cmsghdr. */
struct l_msghdr {
	void *name;
	int namelen;
	void *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	unsigned flags;
};
struct l_cmsghdr {
	size_t len;
	int level, type;
};

/* The guest's sockaddr at g (glen bytes) as a host sockaddr: 0 or -errno. */
long sockaddr_from_guest(const struct abi *abi, uint64_t g, uint64_t glen, struct host_sockaddr *h,
			 uint32_t *hlen);
/* A host sockaddr written to the guest at g, truncated to cap bytes as the
 * guest kernel does; returns the number of bytes written (what the guest
 * kernel stores as the new socklen: min(cap, sa_len)) or -EFAULT. */
long sockaddr_to_guest(const struct abi *abi, const struct host_sockaddr *h, uint32_t hlen, uint64_t g,
		       uint32_t cap);

/* The guest's control messages (BSD cmsghdr) as Linux ones in hbuf (room
 * for gcontrollen + 16 bytes); *hlen gets the host length.  0 or -errno. */
long cmsgs_from_guest(const struct abi *abi, uint64_t gctl, uint32_t glen, void *hbuf, size_t *hlen);
/* Host control messages (hlen bytes) written to the guest buffer of cap
 * bytes; *glen gets the bytes written, *gflags gains MSG_CTRUNC (host
 * value) when something did not fit.  Descriptors that cannot be handed
 * over are closed.  0 or -EFAULT. */
long cmsgs_to_guest(const struct abi *abi, const void *hbuf, size_t hlen, uint64_t gctl, uint32_t cap,
		    uint32_t *glen, unsigned *hflags);

/* BSD struct msghdr (48 bytes): int msg_iovlen, socklen_t msg_controllen. */
struct bsd_msghdr {
	uint64_t name;
	uint32_t namelen, pad0;
	uint64_t iov;
	int32_t iovlen, pad1;
	uint64_t control;
	uint32_t controllen;
	int32_t flags;
};

/* One sendmsg/recvmsg in flight: the guest's header and its host twin. */
struct msg_conv {
	struct bsd_msghdr g;
	struct l_msghdr h;
	struct host_sockaddr sa;
	void *ctl;			/* host control buffer */
	bool ctl_heap;
	unsigned char ctl_small[528];
};
/* Read the guest msghdr at gp and build the host one (sending: address and
 * control messages converted; receiving: room for them). 0 or -errno. */
long msghdr_from_guest(const struct abi *abi, uint64_t gp, struct msg_conv *m, bool sending);
/* After recvmsg: address, control messages, lengths and flags back into
 * the guest's msghdr.  0 or -EFAULT. */
long msghdr_to_guest(const struct abi *abi, uint64_t gp, struct msg_conv *m);
void msg_conv_free(struct msg_conv *m);

#endif
