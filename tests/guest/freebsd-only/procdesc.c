/* Process descriptors and the other ways to make a process: pdfork,
 * pdgetpid, pdkill, vfork, rfork(RFPROC|RFFDG). */
#include "guest.h"

int main(void)
{
	int pfd = -1;
	long pid = sys2(518, (long)&pfd, 0);	/* pdfork */
	if (pid == 0) {
		for (;;)
			sys0(331);	/* wait to be killed */
	}
	yesno("pdfork: a pid and a descriptor", pid > 0 && pfd >= 0);
	int got = 0;
	yesno("pdgetpid gives the same pid", sys2(520, pfd, (long)&got) == 0 && got == pid);
	yesno("pdkill(SIGTERM)", sys2(519, pfd, 15) == 0);
	int st = 0;
	yesno("the child died by SIGTERM", sys4(7, pid, (long)&st, 0, 0) == pid && (st & 0x7f) == 15);
	printf("pdgetpid on a pipe: %s\n", errname(sys2(520, 0, (long)&got)));

	pid = sys0(66);	/* vfork */
	if (pid == 0)
		sys1(SYS_exit, 7);
	yesno("vfork child exits 7", sys4(7, pid, (long)&st, 0, 0) == pid && (st >> 8) == 7);

	pid = sys1(251, (1 << 4) | (1 << 2));	/* rfork(RFPROC | RFFDG) */
	if (pid == 0)
		sys1(SYS_exit, 9);
	yesno("rfork(RFPROC|RFFDG) child exits 9", sys4(7, pid, (long)&st, 0, 0) == pid && (st >> 8) == 9);
	printf("rfork(RFPROC|RFMEM): %s\n", errname(sys1(251, (1 << 4) | (1 << 5))));
	return 0;
}
