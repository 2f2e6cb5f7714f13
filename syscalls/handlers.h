/* Shared helpers for the translation handlers. */
#ifndef ABIRUN_HANDLERS_H
#define ABIRUN_HANDLERS_H
#include "runtime.h"

#define ARG(i) (t->a[i])
#define IARG(i) ((int)t->a[i])
#define PARG(i) ((void *)t->a[i])

#define L_AT_FDCWD (-100)

/* Guest open(2) flags -> Linux; sets *extra to guest bits needing work
 * beyond a flag (O_SHLOCK, O_EXLOCK, O_RESOLVE_BENEATH, ...). */
long oflags_to_host(const struct abi *abi, unsigned long g, unsigned long *extra);
unsigned long oflags_to_guest(const struct abi *abi, unsigned long h);
long atflags_to_host(const struct abi *abi, unsigned long g);
int guest_dirfd(long fd);
void kqueue_fd_closed(int fd);
void kqueue_after_fork(void);
void kqueue_fds_closed(int lo, int hi);
void sig_watch_changed(int gsig);
/* EVFILT_SIGNAL knotes watching guest signal gsig (kqueue.c): a signal the
 * guest ignores must still reach kqueue_signal_arrived() while this is > 0. */
int kqueue_signal_watchers(int gsig);

/* Set the second return value (rdx) of a call. */
static inline void set_rdx(struct trap *t, long v)
{
	t->set_rdx = true;
	t->rdx = v;
}
#endif
