/* System calls abirun does not provide: a call that exists on FreeBSD but
 * is not implemented returns ENOSYS (78) without a signal; unknown and
 * obsolete numbers return ENOSYS once SIGSYS is ignored (with SIGSYS at
 * its default they kill the process: see sigsys.c). */
#include "guest.h"

static void show(const char *label, struct sysret r)
{
	printf("%s: CF=%d rax=%ld%s\n", label, CF(r), r.rax, CF(r) && r.rax == ENOSYS ? " (ENOSYS)" : "");
}

int main(void)
{
	/* swapon(2) exists in FreeBSD 14; abirun does not implement it */
	show("swapon(85), SIGSYS at default", syscall_cf(SYS_swapon, 0, 0, 0, 0, 0, 0));

	struct gsigaction ign = { SIG_IGN, 0, 0 };
	check("sigaction(SIGSYS, SIG_IGN)", sys_sigaction(SIGSYS, &ign, NULL));
	show("syscall 1000", syscall_cf(1000, 0, 0, 0, 0, 0, 0));
	show("syscall 9999", syscall_cf(9999, 1, 2, 3, 4, 5, 6));
	show("syscall 11 (obsolete execv slot)", syscall_cf(11, 0, 0, 0, 0, 0, 0));
	show("syscall(0) indirect to 1000", syscall_cf(SYS_syscall, 1000, 0, 0, 0, 0, 0));
	show("__syscall(198) indirect to 1000", syscall_cf(SYS___syscall, 1000, 0, 0, 0, 0, 0));
	long r = sys0(1000);
	printf("wrapper: %ld %s\n", r, errname(r));
	struct sysret g = syscall_cf(SYS_getpid, 0, 0, 0, 0, 0, 0);
	printf("getpid still works: CF=%d rax>0: %s\n", CF(g), g.rax > 0 ? "yes" : "no");
	return 0;
}
