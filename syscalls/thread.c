/* Threads and the thread pointer: sysarch, thr_self, thr_kill. */
#include "handlers.h"
#include <asm/prctl.h>

/* FreeBSD sysarch(2) operations (x86/include/sysarch.h). */
enum { AMD64_GET_FSBASE = 128, AMD64_SET_FSBASE = 129, AMD64_GET_GSBASE = 130,
       AMD64_SET_GSBASE = 131, AMD64_GET_XFPUSTATE = 132 };

#define VM_MAXUSER_ADDRESS 0x800000000000ull

long sys_sysarch(struct trap *t)
{
	uint64_t v;
	switch (IARG(0)) {
	case AMD64_SET_FSBASE: {
		if (copy_from_guest(&v, ARG(1), 8) < 0)
			return -L_EFAULT;
		if (v >= VM_MAXUSER_ADDRESS)
			return -L_EINVAL;
		/* The fs base is not part of the signal frame: it outlives the
		 * handler's sigreturn. */
		long r = sys2(__NR_arch_prctl, ARCH_SET_FS, v);
		if (r == 0)
			t->th->guest_fsbase = v;
		return r;
	}
	case AMD64_GET_FSBASE:
		if (sys2(__NR_arch_prctl, ARCH_GET_FS, &v) < 0)
			v = t->th->guest_fsbase;
		return copy_to_guest(ARG(1), &v, 8) < 0 ? -L_EFAULT : 0;
	case AMD64_GET_GSBASE:
		v = 0;	/* %gs belongs to the runtime; the guest's is 0 */
		return copy_to_guest(ARG(1), &v, 8) < 0 ? -L_EFAULT : 0;
	case AMD64_SET_GSBASE:
		return -L_EOPNOTSUPP;
	}
	return -L_EINVAL;
}

long sys_thr_self(struct trap *t)
{
	long id = t->th->tid;
	return copy_to_guest(ARG(0), &id, 8) < 0 ? -L_EFAULT : 0;
}

long sys_thr_kill(struct trap *t)
{
	long g = (long)(int)ARG(1);
	int h = 0;
	if (g != 0 && (h = sig_to_host(t->abi, g)) <= 0)
		return -L_EINVAL;
	return sys3(__NR_tgkill, sys0(__NR_getpid), ARG(0), h);
}

