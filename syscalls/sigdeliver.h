/* Signal delivery to guest handlers (sigdeliver.c) and the per-ABI frame. */
#ifndef ABIRUN_SIGDELIVER_H
#define ABIRUN_SIGDELIVER_H
#include "runtime.h"

/* Builds the guest's signal frame on its stack and points the interrupted
 * context at the handler. 0, or -EFAULT when the guest stack is unusable. */
long fbsd_build_sigframe(struct rt_thread *th, const struct abi *abi, int gsig, const siginfo_t *si,
			 struct ucontext *uc, uint64_t handler, int gflags, const uint64_t saved_mask[2]);

long fbsd_put_siginfo(const struct abi *abi, int gsig, const siginfo_t *si, uint64_t out);

/* Set the thread's guest mask; the trap's return restores the host mask. */
void sig_set_thread_mask(struct trap *t, const uint64_t g[2]);
/* Host signal mask for a guest mask: the runtime's own synchronous signals
 * are never blocked. */
uint64_t sig_host_mask(const struct abi *abi, const uint64_t g[2]);
/* The handler of every host signal a guest handler is installed for. */
void async_signal(int hsig, siginfo_t *si, void *uc);
/* Deliver now into the context uc (guest code was interrupted). */
void deliver_to_guest(struct rt_thread *th, int gsig, const siginfo_t *si, struct ucontext *uc);
/* Guest action lookup (signal.c). */
bool guest_sig_handled(int gsig, uint64_t *handler, int *flags, uint64_t mask[2]);
void guest_sig_reset_to_default(int gsig);
void sig_init_defaults(const struct abi *abi);
void sig_init_from_host(const struct abi *abi);
void kqueue_signal_arrived(int gsig);
/* Linux guests: a fault handed to the program's own handler (linux.c). */
bool linux_deliver_fault(int sig, siginfo_t *si, struct ucontext *uc);
#endif
