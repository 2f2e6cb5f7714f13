/* FreeBSD's signal frame (ABI-NOTES A7, A9): the one place where a Linux
 * signal context becomes a FreeBSD struct sigframe (siginfo + ucontext with
 * mcontext and FPU state), and where a FreeBSD ucontext handed to
 * sigreturn(2) is loaded back into the registers. */
#include "handlers.h"
#include "sigdeliver.h"
#include <asm/prctl.h>

struct fbsd_mcontext {
	uint64_t mc_onstack, mc_rdi, mc_rsi, mc_rdx, mc_rcx, mc_r8, mc_r9, mc_rax, mc_rbx,
		mc_rbp, mc_r10, mc_r11, mc_r12, mc_r13, mc_r14, mc_r15;
	uint32_t mc_trapno;
	uint16_t mc_fs, mc_gs;
	uint64_t mc_addr;
	uint32_t mc_flags;
	uint16_t mc_es, mc_ds;
	uint64_t mc_err, mc_rip, mc_cs, mc_rflags, mc_rsp, mc_ss;
	uint64_t mc_len, mc_fpformat, mc_ownedfp;
	uint64_t mc_fpstate[64] __attribute__((aligned(16)));
	uint64_t mc_fsbase, mc_gsbase, mc_xfpustate, mc_xfpustate_len;
	uint64_t mc_spare[4];
};
_Static_assert(sizeof(struct fbsd_mcontext) == 800, "FreeBSD mcontext_t is 800 bytes");
_Static_assert(__builtin_offsetof(struct fbsd_mcontext, mc_rip) == 160, "mc_rip @160");
_Static_assert(__builtin_offsetof(struct fbsd_mcontext, mc_fpstate) == 224, "mc_fpstate @224");

struct fbsd_stack {
	uint64_t ss_sp, ss_size;
	int32_t ss_flags, pad;
};

struct fbsd_ucontext {
	uint32_t uc_sigmask[4];
	struct fbsd_mcontext uc_mcontext;
	uint64_t uc_link;
	struct fbsd_stack uc_stack;
	int32_t uc_flags;
	int32_t spare[4];
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct fbsd_ucontext) == 880, "FreeBSD ucontext_t is 880 bytes");
_Static_assert(__builtin_offsetof(struct fbsd_ucontext, uc_link) == 816, "uc_link @816");

/* Field names carry an f_ prefix: Linux's si_* are macros. */
struct fbsd_siginfo;
void siginfo_to_fbsd(const struct abi *abi, int gsig, const siginfo_t *si, struct fbsd_siginfo *o);
struct fbsd_siginfo {
	int32_t f_signo, f_errno, f_code, f_pid;
	uint32_t f_uid;
	int32_t f_status;
	uint64_t f_addr, f_value;
	int64_t f_reason[5];
};
_Static_assert(sizeof(struct fbsd_siginfo) == 80, "FreeBSD siginfo_t is 80 bytes");

struct fbsd_sigframe {
	uint64_t sf_ahu;
	uint64_t pad;
	struct fbsd_ucontext sf_uc;
	struct fbsd_siginfo sf_si;
};
_Static_assert(__builtin_offsetof(struct fbsd_sigframe, sf_uc) == 16, "SIGF_UC");
_Static_assert(__builtin_offsetof(struct fbsd_sigframe, sf_si) == 896, "sf_si @896");
_Static_assert(sizeof(struct fbsd_sigframe) == 976, "FreeBSD struct sigframe is 976 bytes");

#define MC_HASSEGS 0x1
#define MC_HASBASES 0x2
#define MC_HASFPXSTATE 0x4
#define MC_FPFMT_XMM 0x10002
#define MC_FPOWNED_FPU 0x20001
#define BSD_SS_ONSTACK 1
#define BSD_SS_DISABLE 4

/* Linux si_code -> FreeBSD. */
static int code_to_fbsd(int hsig, int code)
{
	switch (code) {
	case 0: return 0x10001;		/* SI_USER */
	case -1: return 0x10002;	/* SI_QUEUE */
	case -2: return 0x10003;	/* SI_TIMER */
	case -3: return 0x10005;	/* SI_MESGQ */
	case -4: return 0x10004;	/* SI_ASYNCIO */
	case -6: return 0x10007;	/* SI_TKILL -> SI_LWP */
	case 0x80: return 0x10006;	/* SI_KERNEL */
	}
	if (hsig == 8 && (code == 1 || code == 2))
		return 3 - code;	/* FPE_INTDIV and FPE_INTOVF are swapped */
	return code;
}

void siginfo_to_fbsd(const struct abi *abi, int gsig, const siginfo_t *si, struct fbsd_siginfo *o)
{
	const unsigned char *raw = (const unsigned char *)si;
	int32_t i16, i20, i24;
	uint64_t u16, u24;
	memcpy(&i16, raw + 16, 4);
	memcpy(&i20, raw + 20, 4);
	memcpy(&i24, raw + 24, 4);
	memcpy(&u16, raw + 16, 8);
	memcpy(&u24, raw + 24, 8);
	memset(o, 0, sizeof *o);
	o->f_signo = gsig;
	o->f_errno = si->si_errno;
	o->f_code = code_to_fbsd(si->si_signo, si->si_code);
	int hs = si->si_signo;
	if (hs == 11 || hs == 7 || hs == 8 || hs == 4 || hs == 5) {
		if (si->si_code > 0) {
			o->f_addr = u16;
			o->f_reason[0] = hs == 11 ? 12 : hs == 7 ? 9 : hs == 8 ? 18 : hs == 4 ? 9 : 3;	/* trapno */
		} else {
			o->f_pid = i16;
			o->f_uid = (uint32_t)i20;
		}
	} else if (hs == 17) {			/* SIGCHLD */
		o->f_pid = i16;
		o->f_uid = (uint32_t)i20;
		/* exited: a status; killed/dumped/stopped: a signal number */
		o->f_status = si->si_code == 1 ? i24 : sig_to_guest(abi, i24);
	} else {
		o->f_pid = i16;
		o->f_uid = (uint32_t)i20;
		o->f_value = u24;
	}
}

long fbsd_build_sigframe(struct rt_thread *th, const struct abi *abi, int gsig, const siginfo_t *si,
			 struct ucontext *uc, uint64_t handler, int gflags, const uint64_t saved_mask[2])
{
	struct sigcontext *r = &uc->uc_mcontext;
	bool have_alt = th->guest_altstack.size && !(th->guest_altstack.flags & BSD_SS_DISABLE);
	bool on_alt = have_alt && r->rsp > th->guest_altstack.sp &&
		      r->rsp <= th->guest_altstack.sp + th->guest_altstack.size;
	bool was_on_alt = on_alt;	/* mc_onstack: where the interrupted code was */
	uint64_t sp;
	if ((gflags & 0x1 /* SA_ONSTACK */) && have_alt && !on_alt) {
		sp = th->guest_altstack.sp + th->guest_altstack.size;
		on_alt = true;
	} else {
		sp = r->rsp - 128;	/* the red zone */
	}
	/* The extended (AVX...) state beyond the 512-byte FXSAVE image goes
	 * below the frame, as FreeBSD's sendsig puts it (mc_xfpustate): a
	 * handler that uses AVX must not leave the interrupted code's upper
	 * register halves changed. */
	size_t xlen = 0;
	if (r->fpstate) {
		uint32_t sw[2];
		memcpy(sw, (const char *)r->fpstate + 464, sizeof sw);
		if (sw[0] == 0x46505853u /* FP_XSTATE_MAGIC1 */ && sw[1] > 512 + 4 && sw[1] < 512 * 64)
			xlen = sw[1] - 512 - 4;	/* without the trailing FP_XSTATE_MAGIC2 */
	}
	uint64_t xaddr = 0;
	if (xlen) {
		sp -= xlen;
		sp &= ~63ull;
		xaddr = sp;
		if (copy_to_guest(xaddr, (const char *)r->fpstate + 512, xlen) < 0)
			return -L_EFAULT;
	}
	sp -= sizeof(struct fbsd_sigframe);
	sp &= ~15ull;

	struct fbsd_sigframe f;
	memset(&f, 0, sizeof f);
	f.sf_ahu = handler;
	struct fbsd_ucontext *u = &f.sf_uc;
	u->uc_sigmask[0] = (uint32_t)saved_mask[0];
	u->uc_sigmask[1] = (uint32_t)(saved_mask[0] >> 32);
	u->uc_sigmask[2] = (uint32_t)saved_mask[1];
	u->uc_sigmask[3] = (uint32_t)(saved_mask[1] >> 32);
	u->uc_stack.ss_sp = th->guest_altstack.sp;
	u->uc_stack.ss_size = th->guest_altstack.size;
	u->uc_stack.ss_flags = !have_alt ? BSD_SS_DISABLE : was_on_alt ? BSD_SS_ONSTACK : 0;
	struct fbsd_mcontext *m = &u->uc_mcontext;
	m->mc_onstack = was_on_alt;
	m->mc_rdi = r->rdi; m->mc_rsi = r->rsi; m->mc_rdx = r->rdx; m->mc_rcx = r->rcx;
	m->mc_r8 = r->r8; m->mc_r9 = r->r9; m->mc_rax = r->rax; m->mc_rbx = r->rbx;
	m->mc_rbp = r->rbp; m->mc_r10 = r->r10; m->mc_r11 = r->r11; m->mc_r12 = r->r12;
	m->mc_r13 = r->r13; m->mc_r14 = r->r14; m->mc_r15 = r->r15;
	m->mc_trapno = (uint32_t)r->trapno;
	m->mc_addr = r->cr2;
	m->mc_err = r->err;
	m->mc_rip = r->rip;
	m->mc_cs = 0x43;	/* FreeBSD's user code selector */
	m->mc_ss = 0x3b;
	m->mc_rflags = r->eflags;
	m->mc_rsp = r->rsp;
	m->mc_flags = MC_HASSEGS | MC_HASBASES | (xaddr ? MC_HASFPXSTATE : 0);
	m->mc_xfpustate = xaddr;
	m->mc_xfpustate_len = xlen;
	m->mc_len = sizeof *m;
	m->mc_fpformat = MC_FPFMT_XMM;
	m->mc_ownedfp = MC_FPOWNED_FPU;
	if (r->fpstate)
		memcpy(m->mc_fpstate, (const void *)r->fpstate, 512);
	uint64_t fsb = th->guest_fsbase;
	sys2(__NR_arch_prctl, ARCH_GET_FS, &fsb);
	m->mc_fsbase = fsb;
	siginfo_to_fbsd(abi, gsig, si, &f.sf_si);

	if (copy_to_guest(sp, &f, sizeof f) < 0)
		return -L_EFAULT;
	/* Enter the handler through the trampoline, as FreeBSD's sendsig does. */
	r->rip = rt_cfg.sigcode;
	r->rsp = sp;
	r->rdi = (uint64_t)gsig;
	r->rsi = (gflags & 0x40 /* SA_SIGINFO */) ? sp + __builtin_offsetof(struct fbsd_sigframe, sf_si)
						   : (uint64_t)f.sf_si.f_code;
	r->rdx = sp + __builtin_offsetof(struct fbsd_sigframe, sf_uc);
	r->rcx = f.sf_si.f_addr;
	r->eflags &= ~(0x100ull | 0x400ull);	/* TF, DF */
	return 0;
}

/* sigreturn(2): load a (possibly edited) FreeBSD ucontext into the trap's
 * registers.  Go rewrites rip/rsp here for preemption and panics. */
long sys_sigreturn(struct trap *t)
{
	struct fbsd_ucontext u;
	if (copy_from_guest(&u, ARG(0), sizeof u) < 0)
		return -L_EFAULT;
	struct fbsd_mcontext *m = &u.uc_mcontext;
	if (m->mc_len != sizeof *m || (m->mc_flags & ~0x7u))
		return -L_EINVAL;
	struct sigcontext *r = UC_REGS(t);
	r->rdi = m->mc_rdi; r->rsi = m->mc_rsi; r->rdx = m->mc_rdx; r->rcx = m->mc_rcx;
	r->r8 = m->mc_r8; r->r9 = m->mc_r9; r->rax = m->mc_rax; r->rbx = m->mc_rbx;
	r->rbp = m->mc_rbp; r->r10 = m->mc_r10; r->r11 = m->mc_r11; r->r12 = m->mc_r12;
	r->r13 = m->mc_r13; r->r14 = m->mc_r14; r->r15 = m->mc_r15;
	r->rip = m->mc_rip;
	r->rsp = m->mc_rsp;
	/* Only the flags a user may change (Linux's FIX_EFLAGS). */
	r->eflags = (r->eflags & ~0x50dd5ull) | (m->mc_rflags & 0x50dd5ull);
	if (r->fpstate && m->mc_fpformat == MC_FPFMT_XMM) {
		memcpy((void *)r->fpstate, m->mc_fpstate, 512);
		uint32_t sw[2];
		memcpy(sw, (const char *)r->fpstate + 464, sizeof sw);
		size_t room = sw[0] == 0x46505853u && sw[1] > 512 + 4 ? sw[1] - 512 - 4 : 0;
		if ((m->mc_flags & MC_HASFPXSTATE) && m->mc_xfpustate && m->mc_xfpustate_len &&
		    m->mc_xfpustate_len <= room &&
		    copy_from_guest((char *)r->fpstate + 512, m->mc_xfpustate, m->mc_xfpustate_len) < 0)
			return -L_EFAULT;
	}
	if (m->mc_flags & MC_HASBASES) {
		uint64_t cur = 0;
		sys2(__NR_arch_prctl, ARCH_GET_FS, &cur);
		if (cur != m->mc_fsbase && m->mc_fsbase < 0x800000000000ull) {
			sys2(__NR_arch_prctl, ARCH_SET_FS, m->mc_fsbase);
			t->th->guest_fsbase = m->mc_fsbase;
		}
	}
	uint64_t mask[2] = {u.uc_sigmask[0] | (uint64_t)u.uc_sigmask[1] << 32,
			    u.uc_sigmask[2] | (uint64_t)u.uc_sigmask[3] << 32};
	sig_set_thread_mask(t, mask);
	t->justreturn = true;
	return 0;
}

/* sigtimedwait(2)/sigwaitinfo(2): the same siginfo, written to the guest. */
long fbsd_put_siginfo(const struct abi *abi, int gsig, const siginfo_t *si, uint64_t out)
{
	struct fbsd_siginfo f;
	siginfo_to_fbsd(abi, gsig, si, &f);
	return copy_to_guest(out, &f, sizeof f) < 0 ? -L_EFAULT : 0;
}
