/* The trap path: SIGSYS from the seccomp filter -> table lookup -> handler ->
 * result written back in the guest's convention (DESIGN "The trap path"). */
#include "runtime.h"
#include "sigdeliver.h"

struct rt_config rt_cfg = {.trace_fd = -1, .stats_fd = -1};

#define EFLAGS_CF 1ul

/* A host syscall issued from the host vDSO (its fallback path): not the
 * guest's, so it runs unchanged. */
static void vdso_passthrough(struct sigcontext *r)
{
	r->rax = (uint64_t)shim_syscall6((long)r->rax, (long)r->rdi, (long)r->rsi, (long)r->rdx,
					 (long)r->r10, (long)r->r8, (long)r->r9);
}

/* FreeBSD: a number with no syscall behind it raises SIGSYS in the thread
 * and fails with ENOSYS; with SIGSYS ignored only the error remains. */
static long unknown_syscall(struct trap *t)
{
	stats_unknown(t->nr);
	trace_unknown(t);
	uint64_t h, m[2];
	int f;
	if (guest_sig_handled(t->abi->sigsys, &h, &f, m)) {
		t->deliver_sig = t->abi->sigsys;
		return -L_ENOSYS;
	}
	if (!guest_sig_ignored(t->abi->sigsys)) {
		shim_dprintf(2, "abirun: %s syscall %ld does not exist; SIGSYS\n", t->abi->os, t->nr);
		stats_dump();
		rt_die_by_signal(31);
	}
	return -L_ENOSYS;
}

void trap_sigsys(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	struct ucontext *uc = ucv;
	struct sigcontext *r = &uc->uc_mcontext;

	if (r->rip >= rt_cfg.vdso_start && r->rip < rt_cfg.vdso_end) {
		vdso_passthrough(r);
		return;
	}

	struct trap t;
	t.uc = uc;
	t.abi = rt_cfg.abi;
	t.th = rt_self();
	t.th->in_trap++;
	t.nr = (long)r->rax;
	t.set_rdx = false;
	t.justreturn = false;
	t.rdx = 0;
	t.no_restart = false;
	t.deliver_sig = 0;
	t.orig_rax = r->rax;
	t.uncounted = false;

	uint64_t regs[6] = {r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9};
	unsigned first = 0;
	/* Indirect syscall(2) and __syscall(2): number in the first argument,
	 * the rest shift down by one register and continue on the stack. */
	if ((t.nr == 0 || t.nr == 198) && !t.abi->errno_negative) {
		t.nr = (long)regs[0];
		first = 1;
	}
	unsigned nreg = 6 - first;
	for (unsigned i = 0; i < nreg; i++)
		t.a[i] = regs[first + i];
	/* Arguments past the registers live at rsp+8 (above the return address
	 * of the libc stub). Read only what the table says the call takes. */
	const struct sysent *e = (t.nr >= 0 && (unsigned long)t.nr < t.abi->nsysent) ? &t.abi->sysent[t.nr] : 0;
	unsigned want = e && e->name ? e->nargs : 0;
	for (unsigned i = nreg; i < 8; i++)
		t.a[i] = 0;
	if (want > nreg && copy_from_guest(&t.a[nreg], r->rsp + 8, (want - nreg) * 8) < 0) {
		/* The guest's stack is bad: the kernel would fail with EFAULT. */
		r->rax = (uint64_t)errno_to_guest(t.abi, L_EFAULT);
		r->eflags |= EFLAGS_CF;
		t.th->in_trap--;
		return;
	}

	long ret;
	if (!e || !e->name) {
		ret = unknown_syscall(&t);
		e = 0;
	} else if (!e->fn) {
		ret = -L_ENOSYS;
	} else {
		ret = e->fn(&t);
	}

	if (t.justreturn) {
		if (e)
			stats_count(t.nr, false, false);
		if (rt_cfg.trace_fd >= 0 && e)
			trace_syscall(&t, 0, false, 0);
		t.th->in_trap--;
		return;
	}

	/* A signal interrupted a blocking call: restart it after the guest's
	 * handler if the handler asked for SA_RESTART (or no guest handler was
	 * involved, e.g. a stop and continue), else fail it with EINTR. */
	if (ret == -L_EINTR && !t.abi->errno_negative) {
		uint64_t h, m[2];
		int f = 0;
		int g = t.th->interrupted_by;
		bool restart = !t.no_restart && (!g || (guest_sig_handled(g, &h, &f, m) && (f & 0x2 /* SA_RESTART */)));
		if (restart) {
			r->rip -= 2;		/* the syscall instruction again */
			r->rax = t.orig_rax;
			t.th->interrupted_by = 0;
			t.th->pending = 0;
			t.th->in_trap--;
			return;
		}
	}
	t.th->interrupted_by = 0;
	t.th->pending = 0;

	bool err = ret < 0 && ret > -4096;
	long out;
	if (t.abi->errno_negative) {
		/* Linux guests: the kernel's own convention, unchanged. */
		out = err ? (long)errno_to_guest(t.abi, (int)-ret) : ret;
		r->rax = (uint64_t)ret;
		if (t.set_rdx && !err)
			r->rdx = (uint64_t)t.rdx;
	} else if (err) {
		out = errno_to_guest(t.abi, (int)-ret);
		r->rax = (uint64_t)out;
		r->eflags |= EFLAGS_CF;
	} else {
		out = ret;
		r->rax = (uint64_t)ret;
		r->eflags &= ~EFLAGS_CF;
		if (t.set_rdx)
			r->rdx = (uint64_t)t.rdx;
		else if (t.abi->rdx_zero_on_success)
			r->rdx = 0;
	}
	if (e && !t.uncounted)
		stats_count(t.nr, err, err && ret == -L_ENOSYS && !e->fn);
	if (rt_cfg.trace_fd >= 0 && e)
		trace_syscall(&t, ret, err, out);
	if (t.deliver_sig) {
		/* Synchronous (SIGSYS for a nonexistent call): into the guest now. */
		siginfo_t si;
		memset(&si, 0, sizeof si);
		si.si_signo = 31;
		si.si_code = 1;		/* SYS_SECCOMP-like: kernel-generated */
		deliver_to_guest(t.th, t.deliver_sig, &si, uc);
	}
	t.th->in_trap--;
}
