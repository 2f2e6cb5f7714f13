/* What every guest ABI provides to the ABI-neutral translation code: its
 * syscall table and its constant tables, both generated from abi-tables/. */
#ifndef ABIRUN_ABI_H
#define ABIRUN_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct trap;
typedef long (*sys_handler)(struct trap *t);

enum sys_status { SYS_ABSENT = 0, SYS_MISSING, SYS_PARTIAL, SYS_FULL };

/* Argument types, for --trace decoding. */
enum argtype {
	A_INT, A_UINT, A_LONG, A_ULONG, A_SIZE, A_OFF, A_FD, A_PTR, A_CSTR,
	A_OFLAGS, A_ATFLAGS, A_MODE, A_SIG, A_PID, A_HEX, A_CLOCKID, A_PROT,
	A_MAPFLAGS, A_WHENCE, A_FCNTLCMD, A_IOCTLCMD, A_HOW,
};

struct sysent {
	sys_handler fn;		/* NULL: exists on the guest OS, not implemented */
	const char *name;	/* NULL: no such syscall on the guest OS */
	const char *note;
	unsigned char status, nargs;
	unsigned char argt[8];
};

/* One constant known to both sides.  host < 0 where Linux has no equivalent. */
struct xlat {
	long guest, host;
	const char *name;
};

struct xlat_table {
	const struct xlat *v;
	unsigned n;
};

/* Kinds of constant tables (the first column of consts.tab). */
enum xlat_kind {
	XL_ERRNO,	/* both directions */
	XL_ERRNO_IN,	/* Linux-only errnos: host -> guest only */
	XL_SIGNAL, XL_OFLAGS, XL_ATFLAGS, XL_MAPFLAGS, XL_PROT, XL_MADV,
	XL_FCNTL, XL_CLOCK, XL_RLIMIT, XL_SIGHOW, XL_SAFLAGS, XL_WHENCE,
	XL_IOCTL, XL_ACCESS,
	/* sockets (net.c) */
	XL_AF, XL_SOCKTYPE, XL_SOCKFLAGS, XL_MSGFLAGS, XL_SOCKLEVEL,
	XL_SO, XL_IPOPT, XL_IPV6OPT, XL_TCPOPT,
	/* kqueue (kqueue.c): host column = abirun's own canonical values */
	XL_EVFILT, XL_EVFLAG,
	XL_NKINDS
};

struct sysctl_node;

struct abi {
	const char *name;		/* "freebsd-amd64" */
	const char *os;			/* "FreeBSD" */
	const struct sysent *sysent;
	unsigned nsysent;
	struct xlat_table x[XL_NKINDS];
	const struct sysctl_node *sysctl;
	unsigned nsysctl;
	bool rdx_zero_on_success;	/* NetBSD clears rdx; FreeBSD keeps it */
	bool errno_negative;		/* Linux: -errno in rax, no carry flag */
	int sigsys;			/* guest number of SIGSYS */
};

extern const struct abi abi_freebsd_amd64;
extern const struct abi abi_linux_amd64;

/* Constant translation; the *_bits forms map each known bit and report
 * unknown guest bits through *unknown (may be NULL). */
long xlat_to_host(const struct abi *abi, enum xlat_kind k, long guest, long dflt);
long xlat_to_guest(const struct abi *abi, enum xlat_kind k, long host, long dflt);
unsigned long xlat_bits_to_host(const struct abi *abi, enum xlat_kind k, unsigned long guest,
				unsigned long *unknown);
unsigned long xlat_bits_to_guest(const struct abi *abi, enum xlat_kind k, unsigned long host);
const char *xlat_name(const struct abi *abi, enum xlat_kind k, long guest);
int errno_to_guest(const struct abi *abi, int host_errno);
int errno_to_host(const struct abi *abi, int guest_errno);
const char *errno_guest_name(const struct abi *abi, int guest_errno);

#endif

/* sysctl MIB tree as data (sysctl.tab): fixed values or a provider. */
enum sysctl_type { SCTL_NODE, SCTL_INT, SCTL_UINT, SCTL_LONG, SCTL_ULONG, SCTL_STRING, SCTL_OPAQUE };

struct sysctl_node {
	const char *name;
	int mib[8];
	unsigned char miblen, type;
	long ival;
	const char *sval;
	/* Dynamic value: writes up to *len bytes at buf (a runtime buffer) and
	 * sets *len to the full size; returns 0 or -errno. */
	long (*get)(struct trap *t, const int *mib, unsigned miblen, void *buf, size_t *len);
};
