/* The FreeBSD return convention, seen in the registers: on error the carry
 * flag is set and rax holds the positive FreeBSD errno (numbers that differ
 * from Linux's included); on success CF is clear, rax is the result and a
 * call with a single result leaves rdx as it was on entry. */
#include "guest.h"

#define MAGIC 0x1234567890abcdefL
#define P(x) ((long)(x))

static void show(const char *label, struct sysret r)
{
	printf("%s: CF=%d rax=%ld\n", label, CF(r), r.rax);
}

int main(void)
{
	struct sysret r;
	char buf[600];

	/* errors: CF=1, rax = errno, rdx untouched */
	r = syscall_cf(SYS_open, P("/nonexistent/file"), O_RDONLY, 0x5555, 0, 0, 0);
	show("open(/nonexistent/file)  [ENOENT 2]", r);
	yesno("  rdx untouched", r.rdx == 0x5555);
	r = syscall_cf(SYS_read, 12345, P(buf), 0x77, 0, 0, 0);
	show("read(12345)  [EBADF 9]", r);
	yesno("  rdx untouched", r.rdx == 0x77);
	r = syscall_cf(SYS_write, 1, 8, 10, 0, 0, 0);
	show("write(1, (void *)8, 10)  [EFAULT 14]", r);

	int p[2];
	sys_pipe2(p, O_NONBLOCK);
	r = syscall_cf(SYS_read, p[0], P(buf), 10, 0, 0, 0);
	show("read(empty O_NONBLOCK pipe)  [EAGAIN 35, Linux 11]", r);
	sys_symlink("loop2", "loop1");
	sys_symlink("loop1", "loop2");
	r = syscall_cf(SYS_open, P("loop1"), O_RDONLY, 0, 0, 0, 0);
	show("open(symlink loop)  [ELOOP 62, Linux 40]", r);
	memset(buf, 'n', 300);
	buf[300] = 0;
	r = syscall_cf(SYS_open, P(buf), O_RDONLY, 0, 0, 0, 0);
	show("open(300-byte name)  [ENAMETOOLONG 63, Linux 36]", r);
	sys_mkdir("full", 0755);
	sys_mkdir("full/x", 0755);
	r = syscall_cf(SYS_rmdir, P("full"), 0, 0, 0, 0, 0);
	show("rmdir(non-empty)  [ENOTEMPTY 66, Linux 39]", r);
	r = syscall_cf(SYS_mkdir, P("full"), 0755, 0, 0, 0, 0);
	show("mkdir(existing)  [EEXIST 17]", r);
	uint32_t set[4] = { 0, 0, 0, 0 };
	r = syscall_cf(SYS_sigprocmask, 99, P(set), 0, 0, 0, 0);
	show("sigprocmask(how 99)  [EINVAL 22]", r);

	/* success: CF=0 (even when it was set before the call), rdx kept */
	r = syscall_cf_set(SYS_getpid, 0, 0, MAGIC, 0, 0, 0);
	printf("getpid: CF=%d rax>0: %s\n", CF(r), r.rax > 0 ? "yes" : "no");
	yesno("  rax == getpid()", r.rax == sys_getpid());
	yesno("  rdx kept", r.rdx == MAGIC);
	r = syscall_cf_set(SYS_getppid, 0, 0, MAGIC, 0, 0, 0);
	printf("getppid: CF=%d\n", CF(r));
	yesno("  rdx kept", r.rdx == MAGIC);
	long fd = sys_open("f", O_RDWR | O_CREAT, 0644);
	r = syscall_cf_set(SYS_write, fd, P("hello"), 5, 0, 0, 0);
	show("write(f, hello, 5)", r);
	yesno("  rdx kept", r.rdx == 5);
	r = syscall_cf_set(SYS_lseek, fd, 1, SEEK_SET, 0, 0, 0);
	show("lseek(f, 1, SEEK_SET)", r);
	yesno("  rdx kept", r.rdx == SEEK_SET);
	r = syscall_cf_set(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC, 0, 0, 0);
	show("fcntl(F_SETFD, FD_CLOEXEC)", r);
	r = syscall_cf_set(SYS_fcntl, fd, F_GETFD, MAGIC, 0, 0, 0);
	show("fcntl(F_GETFD)", r);
	yesno("  rdx kept", r.rdx == MAGIC);
	r = syscall_cf_set(SYS_close, fd, 0, MAGIC, 0, 0, 0);
	show("close(f)", r);
	yesno("  rdx kept", r.rdx == MAGIC);

	/* an error right after a success and a success right after an error */
	r = syscall_cf(SYS_close, fd, 0, 0, 0, 0, 0);
	show("close(f) again  [EBADF 9]", r);
	r = syscall_cf_set(SYS_access, P("f"), F_OK, MAGIC, 0, 0, 0);
	show("access(f)", r);
	yesno("  rdx kept", r.rdx == MAGIC);

	/* the C-level wrapper turns this into -errno and a name */
	long e = sys_open("/nonexistent/file", O_RDONLY, 0);
	printf("wrapper: %ld %s\n", e, errname(e));
	return 0;
}
