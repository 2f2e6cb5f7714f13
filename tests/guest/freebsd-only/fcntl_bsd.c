/* fcntl with FreeBSD's own numbers and structures: F_GETFL returns FreeBSD
 * O_* bits, only those the kernel keeps after open (FMASK in sys/fcntl.h:
 * access mode, O_APPEND, O_NONBLOCK, O_ASYNC, O_FSYNC, O_DSYNC, O_DIRECT,
 * O_EXEC, O_PATH; not O_DIRECTORY, nor Linux's O_LARGEFILE), F_DUP2FD (10) and
 * F_DUP2FD_CLOEXEC (18), and record locks through FreeBSD's 32-byte
 * struct flock {l_start @0, l_len @8, l_pid @16, l_type @20, l_whence @22,
 * l_sysid @24} with F_GETLK 11 / F_SETLK 12 and F_RDLCK 1 / F_UNLCK 2 /
 * F_WRLCK 3. */
#include "guest.h"

#define F_DUP2FD          10
#define F_GETLK           11
#define F_SETLK           12
#define F_DUP2FD_CLOEXEC  18
#define F_RDLCK 1
#define F_UNLCK 2
#define F_WRLCK 3

struct flock {
	long l_start;
	long l_len;
	int l_pid;
	short l_type;
	short l_whence;
	int l_sysid;
	int pad;
};

int main(void)
{
	long fd = sys_open("f", O_RDWR | O_CREAT | O_APPEND, 0644);
	printf("F_GETFL of O_RDWR|O_APPEND: 0x%lx\n", sys_fcntl((int)fd, F_GETFL, 0));
	long fd2 = sys_open("f", O_WRONLY | O_NONBLOCK, 0);
	printf("F_GETFL of O_WRONLY|O_NONBLOCK: 0x%lx\n", sys_fcntl((int)fd2, F_GETFL, 0));
	long fd3 = sys_open("f", O_RDONLY, 0);
	printf("F_GETFL of O_RDONLY: 0x%lx\n", sys_fcntl((int)fd3, F_GETFL, 0));
	sys_mkdir("d", 0755);
	long dfd = sys_open("d", O_RDONLY | O_DIRECTORY, 0);
	printf("F_GETFL of O_RDONLY|O_DIRECTORY: 0x%lx\n", sys_fcntl((int)dfd, F_GETFL, 0));
	check("F_SETFL O_NONBLOCK|O_APPEND", sys_fcntl((int)fd3, F_SETFL, O_NONBLOCK | O_APPEND));
	printf("F_GETFL after F_SETFL: 0x%lx\n", sys_fcntl((int)fd3, F_GETFL, 0));

	checkval("F_DUP2FD(fd, 20)", sys_fcntl((int)fd, F_DUP2FD, 20));
	checkval("F_GETFD(20)", sys_fcntl(20, F_GETFD, 0));
	checkval("F_DUP2FD_CLOEXEC(fd, 21)", sys_fcntl((int)fd, F_DUP2FD_CLOEXEC, 21));
	checkval("F_GETFD(21)", sys_fcntl(21, F_GETFD, 0));
	checkval("F_DUP2FD(fd2, 20) replaces", sys_fcntl((int)fd2, F_DUP2FD, 20));
	printf("F_GETFL(20): 0x%lx\n", sys_fcntl(20, F_GETFL, 0));
	expect_err("F_DUP2FD(12345, 22)", sys_fcntl(12345, F_DUP2FD, 22));

	/* record locks */
	struct flock fl;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0;
	fl.l_len = 100;
	check("F_SETLK F_WRLCK [0,100)", sys_fcntl((int)fd, F_SETLK, (long)&fl));
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_len = 10;
	check("F_GETLK", sys_fcntl((int)fd, F_GETLK, (long)&fl));
	printf("F_GETLK l_type (own lock does not conflict): %d\n", fl.l_type);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	check("F_SETLK F_UNLCK", sys_fcntl((int)fd, F_SETLK, (long)&fl));
	fl.l_type = F_RDLCK;
	expect_err("F_SETLK F_RDLCK on a write-only fd", sys_fcntl((int)fd2, F_SETLK, (long)&fl));
	fl.l_type = 99;
	expect_err("F_SETLK l_type 99", sys_fcntl((int)fd, F_SETLK, (long)&fl));
	return 0;
}
