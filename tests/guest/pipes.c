/* Pipes: pipe2 with and without O_NONBLOCK / O_CLOEXEC, data through the
 * pipe, EAGAIN on an empty non-blocking pipe, EOF after the writer closes,
 * EPIPE once the reader is gone (SIGPIPE ignored with sigaction), and
 * ioctl FIONREAD / FIONBIO / TIOCGETA. */
#include "guest.h"

int main(void)
{
	int p[2];
	char buf[64];
	long r;

	check("pipe2(p, 0)", sys_pipe2(p, 0));
	yesno("two different descriptors", p[0] != p[1]);
	checkval("write 5 bytes", sys_write(p[1], "hello", 5));
	int avail = -1;
	check("ioctl(FIONREAD)", sys_ioctl(p[0], FIONREAD, &avail));
	printf("FIONREAD: %d\n", avail);
	r = sys_read(p[0], buf, sizeof(buf));
	buf[r > 0 ? r : 0] = 0;
	printf("read: %ld \"%s\"\n", r, buf);
	avail = -1;
	sys_ioctl(p[0], FIONREAD, &avail);
	printf("FIONREAD after read: %d\n", avail);
	expect_err("lseek on a pipe", sys_lseek(p[0], 0, SEEK_CUR));
	expect_err("pread on a pipe", sys_pread(p[0], buf, 1, 0));
	checkval("F_GETFD without O_CLOEXEC", sys_fcntl(p[0], F_GETFD, 0));
	/* (FreeBSD pipes are bidirectional, Linux pipes are not: writing to
	 * the read end and the ends' access modes are not compared.) */
	long fl;

	/* FIONBIO turns on non-blocking mode */
	int on = 1;
	check("ioctl(FIONBIO, 1)", sys_ioctl(p[0], FIONBIO, &on));
	fl = sys_fcntl(p[0], F_GETFL, 0);
	yesno("F_GETFL shows O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	expect_err("read empty pipe after FIONBIO", sys_read(p[0], buf, sizeof(buf)));
	on = 0;
	check("ioctl(FIONBIO, 0)", sys_ioctl(p[0], FIONBIO, &on));
	fl = sys_fcntl(p[0], F_GETFL, 0);
	yesno("F_GETFL shows O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));

	/* TIOCGETA (tcgetattr/isatty) on things that are not terminals */
	unsigned char termios[64];
	expect_err("ioctl(pipe, TIOCGETA)", sys_ioctl(p[0], TIOCGETA, termios));
	long fd = sys_open("file", O_RDWR | O_CREAT, 0644);
	expect_err("ioctl(file, TIOCGETA)", sys_ioctl((int)fd, TIOCGETA, termios));
	avail = -1;
	sys_write((int)fd, "abc", 3);
	sys_lseek((int)fd, 1, SEEK_SET);
	check("ioctl(file, FIONREAD)", sys_ioctl((int)fd, FIONREAD, &avail));
	printf("FIONREAD on a file at offset 1 of 3: %d\n", avail);
	sys_close((int)fd);
	expect_err("ioctl(12345, FIONREAD)", sys_ioctl(12345, FIONREAD, &avail));

	/* EOF once the writer is closed */
	sys_write(p[1], "xy", 2);
	sys_close(p[1]);
	r = sys_read(p[0], buf, sizeof(buf));
	printf("read remaining after writer closed: %ld\n", r);
	checkval("read at EOF", sys_read(p[0], buf, sizeof(buf)));
	sys_close(p[0]);

	/* O_NONBLOCK and O_CLOEXEC flags of pipe2 */
	check("pipe2(p, O_NONBLOCK|O_CLOEXEC)", sys_pipe2(p, O_NONBLOCK | O_CLOEXEC));
	checkval("F_GETFD read end", sys_fcntl(p[0], F_GETFD, 0));
	checkval("F_GETFD write end", sys_fcntl(p[1], F_GETFD, 0));
	fl = sys_fcntl(p[0], F_GETFL, 0);
	yesno("read end O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	fl = sys_fcntl(p[1], F_GETFL, 0);
	yesno("write end O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	expect_err("read empty non-blocking pipe", sys_read(p[0], buf, sizeof(buf)));
	/* fill the pipe: a non-blocking writer gets EAGAIN, never blocks */
	static char big[4096];
	long total = 0;
	for (int i = 0; i < 1000; i++) {
		r = sys_write(p[1], big, sizeof(big));
		if (r < 0)
			break;
		total += r;
	}
	yesno("filled the pipe with more than 4 KiB", total > 4096);
	expect_err("write to a full non-blocking pipe", r);

	/* no reader: EPIPE (SIGPIPE ignored) */
	struct gsigaction ign = { SIG_IGN, 0, 0 }, old;
	check("sigaction(SIGPIPE, SIG_IGN)", sys_sigaction(SIGPIPE, &ign, &old));
	sys_close(p[0]);
	expect_err("write with the read end closed", sys_write(p[1], "x", 1));
	sys_close(p[1]);

	expect_err("pipe2(p, bad flag 0x40000000)", sys_pipe2(p, 0x40000000));
	return 0;
}
