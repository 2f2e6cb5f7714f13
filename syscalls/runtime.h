/* State and helpers shared by the trap path and the translation handlers.
 * Everything that includes this header is runtime code: glibc-free. */
#ifndef ABIRUN_RUNTIME_H
#define ABIRUN_RUNTIME_H

#include "../libc-shim/shim.h"
#include "abi.h"
#include "rtapi.h"
#include <asm/unistd.h>
#include <asm/sigcontext.h>
#include <asm/signal.h>
#include <asm/ucontext.h>
#include <asm-generic/siginfo.h>

/* Linux errno values the runtime produces itself. */
enum {
	L_EPERM = 1, L_ENOENT = 2, L_ESRCH = 3, L_EINTR = 4, L_EBADF = 9, L_EAGAIN = 11,
	L_ENOMEM = 12, L_EFAULT = 14, L_EEXIST = 17, L_EINVAL = 22, L_ENOTTY = 25,
	L_ERANGE = 34, L_ENAMETOOLONG = 36, L_ENOSYS = 38, L_EOPNOTSUPP = 95,
};

/* The host signals the runtime itself needs (SIGSYS for traps, the fault
 * signals for guest-memory access and crash reports): never blocked while a
 * guest runs, never handed over to it. */
#define RT_SYNC_SIGNALS ((1ull << (31 - 1)) | (1ull << (11 - 1)) | (1ull << (7 - 1)) | \
			 (1ull << (8 - 1)) | (1ull << (4 - 1)) | (1ull << (5 - 1)))
static inline bool rt_sync_signal(long hsig)
{
	return hsig >= 1 && hsig <= 64 && (RT_SYNC_SIGNALS >> (hsig - 1) & 1);
}

/* The kernel's struct sigaction (rt_sigaction) and timespec. */
struct k_sigaction {
	uint64_t handler, flags, restorer, mask;
};
struct kts {
	int64_t s;
	long ns;
};

/* Per-thread runtime block, addressed through %gs (set once per thread):
 * neither Linux nor BSD amd64 userlands use %gs, and the guest owns %fs. */
struct rt_thread {
	struct rt_thread *self;
	int pending;			/* a guest signal waits: blocking calls return EINTR */
	int tid;
	int in_trap;			/* nesting depth, for fault attribution */
	void *altstack;			/* runtime signal stack */
	size_t altstack_size;
	uint64_t guest_fsbase;
	size_t hostlen;			/* --trace=host lines of the current trap */
	char hostbuf[2048];
	/* Guest signal state kept per thread (delivery: signal.c). */
	uint64_t guest_sigmask[2];	/* 128-bit guest sigset */
	struct {
		uint64_t sp, size;
		int flags;		/* guest SS_* bits */
	} guest_altstack;
	int interrupted_by;		/* guest signal that interrupted this trap */
	bool suspend_active;		/* sigsuspend: the handler's frame restores */
	uint64_t suspend_saved[2];	/* this mask, not the temporary one */
	uint64_t stash_valid;		/* host signals re-raised, with their siginfo: */
	siginfo_t stash[64];
	uint64_t child_tid_addr;	/* thr_new: where the child stores its id */
	struct guest_entry start;	/* thr_new: where the child enters the guest */
	struct sigcontext *start_ctx;	/* Linux clone: the child's whole context */
	uint64_t start_mask;
	bool start_is_process;		/* clone without CLONE_THREAD */
};
#include "rt_offsets.h"
_Static_assert(__builtin_offsetof(struct rt_thread, pending) == RT_PENDING_OFFSET, "asm offset");

static inline struct rt_thread *rt_self(void)
{
	struct rt_thread *t;
	__asm__("movq %%gs:0, %0" : "=r"(t));
	return t;
}

/* One trapped guest syscall. */
struct trap {
	struct ucontext *uc;
	const struct abi *abi;
	struct rt_thread *th;
	long nr;			/* guest syscall number (after indirection) */
	uint64_t a[8];			/* arguments, 7th/8th from the guest stack */
	long rdx;			/* second return value when set_rdx */
	bool set_rdx;
	bool justreturn;		/* registers were written by the handler */
	bool no_restart;		/* EINTR even under SA_RESTART (nanosleep, poll...) */
	int deliver_sig;		/* guest signal to deliver synchronously on return */
	uint64_t orig_rax;
	bool uncounted;			/* a fork child: the parent counts this call */
};

#define UC_REGS(t) (&(t)->uc->uc_mcontext)



/* Guest memory access: fault-tolerant, return 0 or -EFAULT (uaccess.S). */
long uaccess_copy(void *dst, const void *src, size_t n);
long uaccess_strnlen(const char *s, size_t max);	/* -EFAULT or length (max if no NUL) */
extern char uaccess_begin[], uaccess_end[], uaccess_fixup[];
static inline long copy_from_guest(void *dst, uint64_t src, size_t n)
{
	return uaccess_copy(dst, (const void *)src, n);
}
static inline long copy_to_guest(uint64_t dst, const void *src, size_t n)
{
	return uaccess_copy((void *)dst, src, n);
}
/* Copy a NUL-terminated guest string into buf; -EFAULT or -ENAMETOOLONG. */
long copy_str_from_guest(char *buf, uint64_t src, size_t cap);


_Noreturn void enter_guest_asm(const struct guest_entry *e);
_Noreturn void rt_sigreturn_to(void *frame_uc);
long rt_clone_thread(unsigned long flags, void *stack, void *tls, struct rt_thread *th);
long rt_clone_full(unsigned long flags, void *stack, void *ptid, void *ctid, void *tls, struct rt_thread *th);
long shim_isyscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
extern char isys_begin[], isys_syscall[], isys_eintr[];
extern const char fbsd_sigcode[], fbsd_sigcode_end[];
/* Interruptible host calls (blocking ones): see entry.S. */
#define isys1(n, a) shim_isyscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define isys2(n, a, b) shim_isyscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define isys3(n, a, b, c) shim_isyscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define isys4(n, a, b, c, d) shim_isyscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define isys5(n, a, b, c, d, e) shim_isyscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define isys6(n, a, b, c, d, e, f) shim_isyscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
void rt_restorer(void);
int runtime_thread_init(struct rt_thread *th);

/* Trap path. */
void trap_sigsys(int sig, siginfo_t *si, void *uc);
void fault_signal(int sig, siginfo_t *si, void *uc);
long host_sigaction(int sig, void (*fn)(int, siginfo_t *, void *), unsigned long flags, const uint64_t *mask);

/* Reporting. */
void trace_syscall(struct trap *t, long ret, bool is_err, long guest_ret);
void trace_unknown(struct trap *t);
void trace_noreturn(struct trap *t);
void trace_signal(int gsig, int host_code, bool to_handler);	/* exit and friends: no result */
void trace_host_call(long nr, const long *args, long ret);
void stats_count(long nr, bool err, bool enosys);
void stats_dump(void);
void stats_reset_dumped(void);
void stats_after_fork(void);
void timekeep_after_fork(void);
/* In a fork child, before it runs guest code again: its own id, its own
 * statistics and clock thread, no kqueues (proc.c). */
void rt_after_fork(struct rt_thread *th);
/* A small host file (/proc, /sys) read whole into buf, NUL-terminated;
 * length or -errno (sysctl.c). */
long rt_read_file(const char *path, char *buf, size_t cap);
void stats_unknown(long nr);

_Noreturn void rt_exit(int status);
_Noreturn void rt_die_by_signal(int host_sig);
bool rt_is_reserved_fd(long fd);

/* Signal translation helpers (signal.c). */
int sig_to_host(const struct abi *abi, long gsig);
int sig_to_guest(const struct abi *abi, int hsig);
void guest_sigset_to_host(const struct abi *abi, const uint64_t g[2], uint64_t *h);
void host_sigset_to_guest(const struct abi *abi, uint64_t h, uint64_t g[2]);
bool guest_sig_ignored(int gsig);

/* Pointer to a guest path: rewritten for --root or special names, or the
 * guest's own pointer passed straight to the kernel (which checks it). */
const char *guest_path(struct trap *t, uint64_t p, char *buf, size_t cap, long *err);

#define GUEST_PATH_MAX 4096

#endif
