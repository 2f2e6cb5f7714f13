/* Indirect system calls: syscall(0) and __syscall(198) take the real
 * number in rdi and the arguments shifted by one register (rsi, rdx, r10,
 * r8, r9); thr_self(432) stores the thread id as a long. */
#include "guest.h"

#define P(x) ((long)(x))

int main(void)
{
	struct sysret r;
	long pid = sys_getpid();

	r = syscall_cf(SYS_syscall, SYS_getpid, 0, 0, 0, 0, 0);
	printf("syscall(0, SYS_getpid): CF=%d, equals getpid(): %s\n", CF(r), r.rax == pid ? "yes" : "no");
	r = syscall_cf(SYS___syscall, SYS_getpid, 0, 0, 0, 0, 0);
	printf("__syscall(198, SYS_getpid): CF=%d, equals getpid(): %s\n", CF(r), r.rax == pid ? "yes" : "no");

	flush();
	r = syscall_cf(SYS_syscall, SYS_write, 1, P("written via syscall(0)\n"), 23, 0, 0);
	printf("syscall(0, SYS_write, 1, ..., 23): CF=%d rax=%ld\n", CF(r), r.rax);
	flush();
	r = syscall_cf(SYS___syscall, SYS_write, 1, P("written via __syscall(198)\n"), 27, 0, 0);
	printf("__syscall(198, SYS_write, 1, ..., 27): CF=%d rax=%ld\n", CF(r), r.rax);

	r = syscall_cf(SYS_syscall, SYS_open, P("/nonexistent"), O_RDONLY, 0, 0, 0);
	printf("syscall(0, SYS_open, /nonexistent): CF=%d rax=%ld\n", CF(r), r.rax);

	long fd = sys_open("f", O_RDWR | O_CREAT, 0644);
	sys_write((int)fd, "0123456789", 10);
	r = syscall_cf(SYS___syscall, SYS_lseek, fd, 4, SEEK_SET, 0, 0);
	printf("__syscall(198, SYS_lseek, fd, 4, SEEK_SET): CF=%d rax=%ld\n", CF(r), r.rax);
	char c = 0;
	sys_read((int)fd, &c, 1);
	printf("next byte: %c\n", c);
	/* five shifted arguments: linkat(fd1, p1, fd2, p2, flag) */
	r = syscall_cf(SYS_syscall, SYS_linkat, AT_FDCWD, P("f"), AT_FDCWD, P("f-link"), 0);
	printf("syscall(0, SYS_linkat, 5 args): CF=%d rax=%ld\n", CF(r), r.rax);
	yesno("f-link exists", sys_access("f-link", F_OK) == 0);
	sys_close((int)fd);

	/* thr_self */
	long id[2] = { -1, 0x5a5a5a5a5a5a5a5aL };
	r = syscall_cf(SYS_thr_self, P(&id[0]), 0, 0, 0, 0, 0);
	printf("thr_self: CF=%d rax=%ld\n", CF(r), r.rax);
	yesno("id > 0", id[0] > 0);
	yesno("next word untouched", id[1] == 0x5a5a5a5a5a5a5a5aL);
	long id2 = -1;
	sys1(SYS_thr_self, P(&id2));
	yesno("same id on a second call", id2 == id[0]);
	expect_err("thr_self(bad pointer)", sys1(SYS_thr_self, 8));
	return 0;
}
