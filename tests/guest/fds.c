/* File descriptor operations: dup, dup2, fcntl F_DUPFD / F_DUPFD_CLOEXEC /
 * F_GETFD / F_SETFD / F_GETFL / F_SETFL. */
#include "guest.h"

int main(void)
{
	char buf[32];
	long fd = sys_open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	sys_write((int)fd, "0123456789", 10);
	sys_lseek((int)fd, 2, SEEK_SET);

	/* dup shares the file offset */
	long d = sys_dup((int)fd);
	check("dup", d);
	yesno("dup returns a new descriptor", d >= 0 && d != fd);
	long n = sys_read((int)d, buf, 3);
	buf[n > 0 ? n : 0] = 0;
	printf("read through the dup at the shared offset: \"%s\"\n", buf);
	checkval("offset of the original", sys_lseek((int)fd, 0, SEEK_CUR));
	checkval("dup does not copy FD_CLOEXEC", sys_fcntl((int)d, F_GETFD, 0));
	check("close(dup)", sys_close((int)d));
	check("original still usable (lseek)", sys_lseek((int)fd, 0, SEEK_SET));

	/* dup2 */
	checkval("dup2(fd, 40)", sys_dup2((int)fd, 40));
	n = sys_read(40, buf, 4);
	buf[n > 0 ? n : 0] = 0;
	printf("read fd 40: \"%s\"\n", buf);
	long other = sys_open("f", O_RDONLY, 0);
	checkval("dup2(other, 40) replaces an open descriptor", sys_dup2((int)other, 40));
	checkval("fd 40 now at offset", sys_lseek(40, 0, SEEK_CUR));
	checkval("dup2(fd, fd) is a no-op", sys_dup2((int)fd, (int)fd) == fd ? 1 : 0);
	expect_err("dup2(12345, 41)", sys_dup2(12345, 41));
	expect_err("dup2(fd, -1)", sys_dup2((int)fd, -1));
	expect_err("dup2(fd, 1<<30)", sys_dup2((int)fd, 1 << 30));
	expect_err("dup(12345)", sys_dup(12345));
	sys_close(40);
	sys_close((int)other);

	/* F_DUPFD gives the lowest free descriptor >= arg */
	checkval("fcntl(F_DUPFD, 50)", sys_fcntl((int)fd, F_DUPFD, 50));
	checkval("fcntl(F_DUPFD, 50) again", sys_fcntl((int)fd, F_DUPFD, 50));
	checkval("F_GETFD of F_DUPFD result", sys_fcntl(50, F_GETFD, 0));
	checkval("fcntl(F_DUPFD_CLOEXEC, 60)", sys_fcntl((int)fd, F_DUPFD_CLOEXEC, 60));
	checkval("F_GETFD of F_DUPFD_CLOEXEC result", sys_fcntl(60, F_GETFD, 0));
	expect_err("fcntl(F_DUPFD, -1)", sys_fcntl((int)fd, F_DUPFD, -1));
	sys_close(50);
	sys_close(51);
	sys_close(60);

	/* F_GETFD / F_SETFD */
	checkval("F_GETFD initially", sys_fcntl((int)fd, F_GETFD, 0));
	check("F_SETFD FD_CLOEXEC", sys_fcntl((int)fd, F_SETFD, FD_CLOEXEC));
	checkval("F_GETFD", sys_fcntl((int)fd, F_GETFD, 0));
	check("F_SETFD 0", sys_fcntl((int)fd, F_SETFD, 0));
	checkval("F_GETFD", sys_fcntl((int)fd, F_GETFD, 0));

	/* F_GETFL / F_SETFL */
	long fl = sys_fcntl((int)fd, F_GETFL, 0);
	yesno("F_GETFL: O_RDWR", fl >= 0 && (fl & O_ACCMODE) == O_RDWR);
	yesno("F_GETFL: O_APPEND", fl >= 0 && (fl & O_APPEND));
	yesno("F_GETFL: O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	check("F_SETFL O_APPEND|O_NONBLOCK", sys_fcntl((int)fd, F_SETFL, O_APPEND | O_NONBLOCK));
	fl = sys_fcntl((int)fd, F_GETFL, 0);
	yesno("F_GETFL: O_RDWR", fl >= 0 && (fl & O_ACCMODE) == O_RDWR);
	yesno("F_GETFL: O_APPEND", fl >= 0 && (fl & O_APPEND));
	yesno("F_GETFL: O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	sys_lseek((int)fd, 0, SEEK_SET);
	sys_write((int)fd, "AB", 2);
	checkval("write with O_APPEND set by F_SETFL lands at the end; offset", sys_lseek((int)fd, 0, SEEK_CUR));
	long dd = sys_dup((int)fd);
	fl = sys_fcntl((int)dd, F_GETFL, 0);
	yesno("dup shares the status flags (O_APPEND)", fl >= 0 && (fl & O_APPEND));
	sys_close((int)dd);
	check("F_SETFL 0", sys_fcntl((int)fd, F_SETFL, 0));
	fl = sys_fcntl((int)fd, F_GETFL, 0);
	yesno("F_GETFL: O_APPEND", fl >= 0 && (fl & O_APPEND));
	yesno("F_GETFL: O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	sys_lseek((int)fd, 0, SEEK_SET);
	sys_write((int)fd, "xy", 2);
	n = sys_pread((int)fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	printf("file: \"%s\"\n", buf);

	expect_err("fcntl(12345, F_GETFD)", sys_fcntl(12345, F_GETFD, 0));
	expect_err("fcntl(fd, cmd 9999)", sys_fcntl((int)fd, 9999, 0));
	sys_close((int)fd);
	return 0;
}
