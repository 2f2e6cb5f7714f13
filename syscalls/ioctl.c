/* ioctl: terminal queries and the generic FIO* requests.  BSD requests
 * encode direction and size; each one we know is translated explicitly,
 * anything else is ENOTTY as for a device that does not know it. */
#include "handlers.h"

/* BSD struct termios (44 bytes) and Linux's kernel termios (TCGETS). */
struct bsd_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_cc[20];
	uint32_t c_ispeed, c_ospeed;
};
struct linux_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};

/* Control characters: BSD index -> Linux index (-1: none). */
static const signed char cc_map[20] = {
	/* VEOF 0 */ 4, /* VEOL 1 */ 11, /* VEOL2 2 */ 16, /* VERASE 3 */ 2,
	/* VWERASE 4 */ 14, /* VKILL 5 */ 3, /* VREPRINT 6 */ 12, /* 7 */ -1,
	/* VINTR 8 */ 0, /* VQUIT 9 */ 1, /* VSUSP 10 */ 10, /* VDSUSP 11 */ -1,
	/* VSTART 12 */ 8, /* VSTOP 13 */ 9, /* VLNEXT 14 */ 15, /* VDISCARD 15 */ 13,
	/* VMIN 16 */ 6, /* VTIME 17 */ 5, /* VSTATUS 18 */ -1, /* 19 */ -1,
};

struct bitpair {
	uint32_t bsd, lnx;
};
static const struct bitpair iflag_map[] = {
	{0x1, 0x1}, {0x2, 0x2}, {0x4, 0x4}, {0x8, 0x8}, {0x10, 0x10}, {0x20, 0x20},
	{0x40, 0x40}, {0x80, 0x80}, {0x100, 0x100}, {0x200, 0x400}, {0x400, 0x1000},
	{0x800, 0x800}, {0x2000, 0x2000},
};
static const struct bitpair oflag_map[] = {{0x1, 0x1}, {0x2, 0x4}, {0x10, 0x8}, {0x20, 0x10}, {0x40, 0x20}};
static const struct bitpair lflag_map[] = {
	{0x1, 0x800}, {0x2, 0x10}, {0x4, 0x20}, {0x8, 0x8}, {0x10, 0x40}, {0x20, 0x400},
	{0x40, 0x200}, {0x80, 0x1}, {0x100, 0x2}, {0x400, 0x8000}, {0x400000, 0x100},
	{0x800000, 0x1000}, {0x20000000, 0x4000}, {0x80000000, 0x80},
};
static const struct bitpair cflag_map[] = {
	{0x400, 0x40}, {0x800, 0x80}, {0x1000, 0x100}, {0x2000, 0x200}, {0x4000, 0x400},
	{0x8000, 0x800}, {0x10000, 0x80000000},
};

static uint32_t map_bits(const struct bitpair *m, unsigned n, uint32_t v, bool to_linux)
{
	uint32_t out = 0;
	for (unsigned i = 0; i < n; i++)
		if (v & (to_linux ? m[i].bsd : m[i].lnx))
			out |= to_linux ? m[i].lnx : m[i].bsd;
	return out;
}
#define MAPB(m, v, d) map_bits(m, sizeof m / sizeof m[0], v, d)

static const uint32_t speeds[] = {0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400,
				  4800, 9600, 19200, 38400};

static void termios_to_guest(const struct linux_termios *h, struct bsd_termios *g)
{
	memset(g, 0, sizeof *g);
	g->c_iflag = MAPB(iflag_map, h->c_iflag, false);
	g->c_oflag = MAPB(oflag_map, h->c_oflag, false);
	/* CSIZE: Linux CS5..CS8 = 0x00..0x30; BSD 0x000..0x300 */
	g->c_cflag = MAPB(cflag_map, h->c_cflag, false) | ((h->c_cflag & 0x30) << 4);
	g->c_lflag = MAPB(lflag_map, h->c_lflag, false);
	for (int i = 0; i < 20; i++)
		g->c_cc[i] = cc_map[i] >= 0 ? h->c_cc[cc_map[i]] : 0xff;
	unsigned sp = h->c_cflag & 0x100f;
	uint32_t baud = sp < 16 ? speeds[sp] : sp == 0x1002 ? 115200 : sp == 0x1001 ? 57600 : 38400;
	g->c_ispeed = g->c_ospeed = baud;
}

static void termios_to_host(const struct bsd_termios *g, struct linux_termios *h)
{
	memset(h, 0, sizeof *h);
	h->c_iflag = MAPB(iflag_map, g->c_iflag, true);
	h->c_oflag = MAPB(oflag_map, g->c_oflag, true);
	h->c_cflag = MAPB(cflag_map, g->c_cflag, true) | ((g->c_cflag >> 4) & 0x30);
	unsigned sp = 0xf;
	for (unsigned i = 0; i < 16; i++)
		if (speeds[i] == g->c_ospeed)
			sp = i;
	if (g->c_ospeed == 115200)
		sp = 0x1002;
	else if (g->c_ospeed == 57600)
		sp = 0x1001;
	h->c_cflag |= sp;
	h->c_lflag = MAPB(lflag_map, g->c_lflag, true);
	for (int i = 0; i < 20; i++)
		if (cc_map[i] >= 0)
			h->c_cc[cc_map[i]] = g->c_cc[i];
}

long sys_ioctl(struct trap *t)
{
	int fd = IARG(0);
	uint32_t gcmd = (uint32_t)ARG(1);
	uint64_t arg = ARG(2);
	long hcmd = xlat_to_host(t->abi, XL_IOCTL, gcmd, -1);
	if (hcmd < 0)
		return -L_ENOTTY;
	switch (hcmd) {
	case 0x5401: { /* TIOCGETA -> TCGETS */
		struct linux_termios h;
		struct bsd_termios g;
		long r = sys3(__NR_ioctl, fd, 0x5401, &h);
		if (r < 0)
			return r;
		termios_to_guest(&h, &g);
		return copy_to_guest(arg, &g, sizeof g) < 0 ? -L_EFAULT : 0;
	}
	case 0x5402:
	case 0x5403:
	case 0x5404: { /* TIOCSETA{,W,F} -> TCSETS{,W,F} */
		struct linux_termios h;
		struct bsd_termios g;
		if (copy_from_guest(&g, arg, sizeof g) < 0)
			return -L_EFAULT;
		termios_to_host(&g, &h);
		return sys3(__NR_ioctl, fd, hcmd, &h);
	}
	case 0x5413: /* TIOCGWINSZ: struct winsize is the same (4 shorts) */
	case 0x5414:
	case 0x540f: /* TIOCGPGRP: int */
	case 0x5410:
	case 0x541b: /* FIONREAD: int */
	case 0x5421: /* FIONBIO: int */
	case 0x5452:
		return sys3(__NR_ioctl, fd, hcmd, arg);
	case 0x540e: /* TIOCSCTTY takes no argument on BSD */
		return sys3(__NR_ioctl, fd, hcmd, 0);
	case 0x5422: /* TIOCNOTTY */
	case 0x5450: /* FIONCLEX */
	case 0x5451: /* FIOCLEX */
		return sys2(__NR_ioctl, fd, hcmd);
	}
	return -L_ENOTTY;
}
