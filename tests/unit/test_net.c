/* The socket structure converters (syscalls/sockaddr.c) against layouts
 * taken from FreeBSD's sys/socket.h and sys/un.h (ABI-NOTES A7). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "syscalls/abi.h"

struct host_sockaddr { unsigned char b[128]; };
long sockaddr_from_guest(const struct abi *abi, uint64_t g, uint64_t glen, struct host_sockaddr *h, uint32_t *hlen);
long sockaddr_to_guest(const struct abi *abi, const struct host_sockaddr *h, uint32_t hlen, uint64_t g, uint32_t cap);
long cmsgs_from_guest(const struct abi *abi, uint64_t gctl, uint32_t glen, void *hbuf, size_t *hlen);
long cmsgs_to_guest(const struct abi *abi, const void *hbuf, size_t hlen, uint64_t gctl, uint32_t cap,
		    uint32_t *glen, unsigned *hflags);

#define ABI (&abi_freebsd_amd64)
#define G(p) ((uint64_t)(uintptr_t)(p))

static uint32_t u32(const unsigned char *b, int off) { uint32_t v; memcpy(&v, b + off, 4); return v; }
static uint64_t u64(const unsigned char *b, int off) { uint64_t v; memcpy(&v, b + off, 8); return v; }

Test(sockaddr, inet6_in)
{
	unsigned char g[28];
	for (int i = 0; i < 28; i++)
		g[i] = (unsigned char)(0x40 + i);
	g[0] = 0;	/* sa_len is not looked at */
	g[1] = 28;	/* AF_INET6 */
	struct host_sockaddr h;
	uint32_t hl = 0;
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 28, &h, &hl), 0);
	cr_assert_eq(hl, 28);
	cr_assert_eq(h.b[0] | h.b[1] << 8, 10, "Linux AF_INET6, u16");
	cr_assert(!memcmp(h.b + 2, g + 2, 26), "port, flowinfo, address, scope id");
}

Test(sockaddr, refusals)
{
	unsigned char g[300];
	memset(g, 0, sizeof g);
	struct host_sockaddr h;
	uint32_t hl;
	g[1] = 2;
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 8, &h, &hl), -22, "short AF_INET: EINVAL");
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 1, &h, &hl), -22, "no family: EINVAL");
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 256, &h, &hl), -36, "> SOCK_MAXADDRLEN: ENAMETOOLONG");
	g[1] = 99;
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 16, &h, &hl), -97, "unknown family: EAFNOSUPPORT");
	g[1] = 1;
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 2, &h, &hl), -22, "AF_UNIX without a path: EINVAL");
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 10, &h, &hl), -2, "AF_UNIX, empty path: ENOENT (no abstract names)");
}

Test(sockaddr, unix_path_in)
{
	unsigned char g[106];
	memset(g, 0x77, sizeof g);
	g[0] = 5;
	g[1] = 1;
	memcpy(g + 2, "x/y", 3);	/* SUN_LEN-style: no NUL inside the length */
	struct host_sockaddr h;
	uint32_t hl = 0;
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 5, &h, &hl), 0);
	cr_assert_eq(hl, 2 + 3 + 1);
	cr_assert_eq(h.b[0] | h.b[1] << 8, 1);
	cr_assert_str_eq((char *)h.b + 2, "x/y");
	g[5] = 0;
	cr_assert_eq(sockaddr_from_guest(ABI, G(g), 106, &h, &hl), 0, "sizeof(sockaddr_un), NUL-terminated");
	cr_assert_eq(hl, 6);
}

Test(sockaddr, out_with_sa_len_and_truncation)
{
	struct host_sockaddr h;
	memset(&h, 0, sizeof h);
	h.b[0] = 2;		/* AF_INET */
	h.b[2] = 0x12; h.b[3] = 0x34;
	h.b[4] = 127; h.b[7] = 1;
	unsigned char g[32];
	memset(g, 0xaa, sizeof g);
	cr_assert_eq(sockaddr_to_guest(ABI, &h, 16, G(g), 32), 16);
	cr_assert_eq(g[0], 16, "sa_len");
	cr_assert_eq(g[1], 2, "sa_family");
	cr_assert_eq(g[2], 0x12);
	cr_assert_eq(g[4], 127);
	cr_assert_eq(g[16], 0xaa, "nothing past sa_len");
	memset(g, 0xaa, sizeof g);
	cr_assert_eq(sockaddr_to_guest(ABI, &h, 16, G(g), 5), 5, "socklen becomes min(socklen, sa_len)");
	cr_assert_eq(g[4], 127);
	cr_assert_eq(g[5], 0xaa, "never past the guest's buffer");
	cr_assert_eq(sockaddr_to_guest(ABI, &h, 0, G(g), 32), 0, "no address");

	memset(&h, 0, sizeof h);
	h.b[0] = 10;		/* AF_INET6 -> 28 */
	memset(g, 0xaa, sizeof g);
	cr_assert_eq(sockaddr_to_guest(ABI, &h, 28, G(g), 32), 28);
	cr_assert_eq(g[0], 28);
	cr_assert_eq(g[1], 28);

	memset(&h, 0, sizeof h);
	h.b[0] = 1;		/* unnamed AF_UNIX: FreeBSD's sun_noname */
	memset(g, 0xaa, sizeof g);
	cr_assert_eq(sockaddr_to_guest(ABI, &h, 2, G(g), 32), 16);
	cr_assert_eq(g[0], 16);
	cr_assert_eq(g[1], 1);
	cr_assert_eq(g[15], 0);
	memcpy(h.b + 2, "sock", 5);
	cr_assert_eq(sockaddr_to_guest(ABI, &h, 7, G(g), 32), 7, "path + NUL");
	cr_assert_eq(g[0], 7);
	cr_assert_str_eq((char *)g + 2, "sock");
}

Test(cmsg, bsd_to_linux)
{
	/* two SCM_RIGHTS messages: {u32 len, int level, int type}, data at +16 */
	unsigned char g[48];
	memset(g, 0, sizeof g);
	uint32_t len = 20, lvl = 0xffff, ty = 1;
	int fd1 = 7, fd2 = 8;
	memcpy(g + 0, &len, 4); memcpy(g + 4, &lvl, 4); memcpy(g + 8, &ty, 4); memcpy(g + 16, &fd1, 4);
	memcpy(g + 24, &len, 4); memcpy(g + 28, &lvl, 4); memcpy(g + 32, &ty, 4); memcpy(g + 40, &fd2, 4);
	unsigned char h[64 + 16];
	size_t hl = 0;
	cr_assert_eq(cmsgs_from_guest(ABI, G(g), 44, h, &hl), 0, "last message without padding");
	cr_assert_eq(hl, 48);
	cr_assert_eq(u64(h, 0), 20, "Linux cmsg_len is a size_t");
	cr_assert_eq(u32(h, 8), 1, "SOL_SOCKET");
	cr_assert_eq(u32(h, 12), 1, "SCM_RIGHTS");
	cr_assert_eq(u32(h, 16), 7);
	cr_assert_eq(u64(h, 24), 20);
	cr_assert_eq(u32(h, 40), 8);

	len = 200;
	memcpy(g, &len, 4);
	cr_assert_eq(cmsgs_from_guest(ABI, G(g), 48, h, &hl), -22, "cmsg_len past the buffer");
	len = 20;
	ty = 3;		/* SCM_CREDS */
	memcpy(g, &len, 4);
	memcpy(g + 8, &ty, 4);
	cr_assert_eq(cmsgs_from_guest(ABI, G(g), 48, h, &hl), -22, "SCM_CREDS is not done");
}

Test(cmsg, linux_to_bsd)
{
	int fd = open("/dev/null", O_RDONLY);
	cr_assert(fd >= 0);
	unsigned char h[24];
	memset(h, 0, sizeof h);
	uint64_t len = 20;
	uint32_t lvl = 1, ty = 1;
	memcpy(h, &len, 8); memcpy(h + 8, &lvl, 4); memcpy(h + 12, &ty, 4); memcpy(h + 16, &fd, 4);
	unsigned char g[32];
	memset(g, 0xee, sizeof g);
	uint32_t gl = 0;
	unsigned fl = 0;
	cr_assert_eq(cmsgs_to_guest(ABI, h, 24, G(g), 32, &gl, &fl), 0);
	cr_assert_eq(gl, 24, "CMSG_SPACE(4)");
	cr_assert_eq(fl, 0);
	cr_assert_eq(u32(g, 0), 20, "cmsg_len (u32)");
	cr_assert_eq(u32(g, 4), 0xffff, "SOL_SOCKET");
	cr_assert_eq(u32(g, 8), 1, "SCM_RIGHTS");
	cr_assert_eq(u32(g, 16), (uint32_t)fd, "data at _ALIGN(12) = 16");
	cr_assert_eq(g[24], 0xee, "nothing past CMSG_SPACE");

	memset(g, 0xee, sizeof g);
	cr_assert_eq(cmsgs_to_guest(ABI, h, 24, G(g), 20, &gl, &fl), 0);
	cr_assert_eq(gl, 20, "a buffer of CMSG_LEN(4)");
	cr_assert_eq(fl, 0);
	cr_assert_eq(g[20], 0xee);

	/* no room for the descriptor: MSG_CTRUNC, and it is closed */
	memset(g, 0xee, sizeof g);
	cr_assert_eq(cmsgs_to_guest(ABI, h, 24, G(g), 18, &gl, &fl), 0);
	cr_assert_eq(fl & 0x8, 0x8, "MSG_CTRUNC (host value)");
	cr_assert_eq(g[18], 0xee, "never past the guest's buffer");
	cr_assert_eq(fcntl(fd, F_GETFD), -1, "the descriptor that did not fit was closed");
}
