/* An unknown system call with SIGSYS at its default disposition kills the
 * process by SIGSYS, as FreeBSD's nosys() does (Linux's SIGSYS is 31, so
 * the shell reports status 128 + 31 = 159). */
#include "guest.h"

int main(void)
{
	printf("calling syscall 1000 with SIGSYS at default\n");
	flush();
	struct sysret r = syscall_cf(1000, 0, 0, 0, 0, 0, 0);
	printf("still alive: CF=%d rax=%ld\n", CF(r), r.rax);
	return 0;
}
