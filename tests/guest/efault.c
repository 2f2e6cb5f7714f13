/* Bad pointers and bad descriptors: the kernel reports EFAULT / EBADF and
 * the program keeps running. */
#include "guest.h"

int main(void)
{
	char buf[16];
	/* Addresses that are certainly not accessible: a low page nothing maps
	 * (not a page we munmap ourselves: under abirun the runtime's own
	 * allocations may reuse it), and a PROT_NONE page we keep reserved. */
	void *unmapped = (void *)0x10000;
	void *noaccess = (void *)sys_mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANON, -1, 0);

	long fd = sys_open("f", O_RDWR | O_CREAT, 0644);
	sys_write((int)fd, "some data", 9);
	sys_lseek((int)fd, 0, SEEK_SET);

	expect_err("write(1, (void *)8, 10)", sys_write(1, (void *)8, 10));
	expect_err("write(file, unmapped, 10)", sys_write((int)fd, unmapped, 10));
	expect_err("read(file, unmapped, 9)", sys_read((int)fd, unmapped, 9));
	checkval("file offset unchanged", sys_lseek((int)fd, 0, SEEK_CUR));
	expect_err("read(file, (void *)16, 9)", sys_read((int)fd, (void *)16, 9));
	expect_err("read(file, PROT_NONE page, 9)", sys_read((int)fd, noaccess, 9));
	expect_err("write(file, PROT_NONE page, 9)", sys_write((int)fd, noaccess, 9));
	expect_err("fstat(fd, PROT_NONE page)", sys2(SYS_fstat, fd, (long)noaccess));
	expect_err("open(PROT_NONE page)", sys_open((const char *)noaccess, O_RDONLY, 0));
	expect_err("pread(file, unmapped, 9, 0)", sys_pread((int)fd, unmapped, 9, 0));
	struct iovec iov[1] = { { unmapped, 4 } };
	expect_err("readv with an unmapped iovec base", sys_readv((int)fd, iov, 1));
	expect_err("writev with an unmapped iovec array", sys_writev((int)fd, unmapped, 1));
	expect_err("open((char *)1, O_RDONLY)", sys_open((const char *)1, O_RDONLY, 0));
	expect_err("open(unmapped, O_RDONLY)", sys_open((const char *)unmapped, O_RDONLY, 0));
	expect_err("openat(AT_FDCWD, unmapped)", sys_openat(AT_FDCWD, (const char *)unmapped, O_RDONLY, 0));
	expect_err("fstat(fd, unmapped)", sys2(SYS_fstat, fd, (long)unmapped));
	expect_err("fstatat(AT_FDCWD, f, unmapped)", sys4(SYS_fstatat, AT_FDCWD, (long)"f", (long)unmapped, 0));
	expect_err("fstatat(AT_FDCWD, unmapped, buf)", sys4(SYS_fstatat, AT_FDCWD, (long)unmapped, (long)buf, 0));
	expect_err("access(unmapped)", sys_access((const char *)unmapped, F_OK));
	expect_err("mkdir(unmapped)", sys_mkdir((const char *)unmapped, 0755));
	expect_err("unlink(unmapped)", sys_unlink((const char *)unmapped));
	expect_err("rename(f, unmapped)", sys_rename("f", (const char *)unmapped));
	expect_err("symlink(unmapped, s)", sys_symlink((const char *)unmapped, "s"));
	sys_symlink("f", "s");
	expect_err("readlink(s, unmapped, 10)", sys_readlink("s", (char *)unmapped, 10));
	expect_err("chdir(unmapped)", sys_chdir((const char *)unmapped));
	expect_err("getcwd(unmapped, 100)", sys_getcwd((char *)unmapped, 100));
	expect_err("pipe2(unmapped, 0)", sys_pipe2((int *)unmapped, 0));
	expect_err("clock_gettime(REALTIME, unmapped)", sys_clock_gettime(CLOCK_REALTIME, (struct timespec *)unmapped));
	expect_err("gettimeofday(unmapped)", sys_gettimeofday((struct timeval *)unmapped, NULL));
	expect_err("nanosleep(unmapped)", sys_nanosleep((struct timespec *)unmapped, NULL));
	expect_err("getrlimit(NOFILE, unmapped)", sys_getrlimit(RLIMIT_NOFILE, (struct rlimit *)unmapped));
	expect_err("getrandom(unmapped, 8)", sys_getrandom(unmapped, 8, 0));
	expect_err("ioctl(file, FIONREAD, unmapped)", sys_ioctl((int)fd, FIONREAD, unmapped));
	expect_err("sigprocmask(SIG_BLOCK, unmapped)", sys4(SYS_sigprocmask, SIG_BLOCK, (long)unmapped, 0, 8));
	expect_err("sigaction(SIGUSR1, unmapped)", sys4(SYS_sigaction, SIGUSR1, (long)unmapped, 0, 8));
	expect_err("sigaltstack(unmapped)", sys2(SYS_sigaltstack, (long)unmapped, 0));
	sys_mkdir("d", 0755);
	long dfd = sys_open("d", O_RDONLY | O_DIRECTORY, 0);
	expect_err("getdirentries(dir, unmapped)", sys_getdents((int)dfd, unmapped, 4096));
	sys_close((int)dfd);
	yesno("still running", 1);

	/* bad descriptors */
	expect_err("read(-1)", sys_read(-1, buf, 1));
	expect_err("write(999)", sys_write(999, buf, 1));
	expect_err("close(999)", sys_close(999));
	expect_err("fstat(999)", sys2(SYS_fstat, 999, (long)buf));
	expect_err("lseek(999)", sys_lseek(999, 0, SEEK_SET));
	expect_err("dup(999)", sys_dup(999));
	expect_err("fcntl(999, F_GETFL)", sys_fcntl(999, F_GETFL, 0));
	expect_err("fchdir(999)", sys_fchdir(999));
	expect_err("pread(999)", sys_pread(999, buf, 1, 0));
	expect_err("ioctl(999, FIONREAD)", sys_ioctl(999, FIONREAD, buf));
	sys_close((int)fd);
	return 0;
}
