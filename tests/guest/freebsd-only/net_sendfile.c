/* sendfile(2): seven arguments (the seventh on the stack), headers and
 * trailers around a part of a file, nbytes 0 meaning up to the end, the
 * file offset left alone, *sbytes, EAGAIN with the partial count on a
 * full non-blocking socket, and the argument errors. */
#include "../netdefs.h"

/* The libc stub's shape: flags is the 7th argument, at 8(%rsp) when the
 * syscall instruction runs. Returns 0 or -errno. */
__attribute__((naked)) static long sendfile7(int fd, int s, long off, size_t n, struct sf_hdtr *h, long *sbytes,
					     int flags)
{
	__asm__ volatile("mov $393, %eax\n\t"
			 "mov %rcx, %r10\n\t"
			 "syscall\n\t"
			 "jnc 1f\n\t"
			 "neg %rax\n"
			 "1:\tret\n");
}

static char data[10000];

static long drain(int fd, char *out, long max)
{
	long got = 0;
	while (got < max && wait_fd(fd, POLLIN, 1000)) {
		long r = sys_read(fd, out + got, (size_t)(max - got));
		if (r <= 0)
			break;
		got += r;
	}
	return got;
}

int main(void)
{
	static char in[20000];
	for (int i = 0; i < (int)sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	int fd = (int)sys_open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	sys_write(fd, data, sizeof(data));
	sys_lseek(fd, 0, SEEK_SET);
	int sv[2];
	sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv);

	struct iovec hdr[2] = { { "HD", 2 }, { "R:", 2 } }, trl = { ":TRL", 4 };
	struct sf_hdtr ht = { hdr, 2, &trl, 1 };
	long sb = -1;
	check("sendfile(offset 100, 50 bytes, headers and trailer)", sendfile7(fd, sv[0], 100, 50, &ht, &sb, 0));
	printf("sbytes: %ld\n", sb);
	long n = drain(sv[1], in, 58);
	in[n] = 0;
	printf("received %ld: \"%s\"\n", n, in);
	yesno("the file part is right", n == 58 && !memcmp(in + 4, data + 100, 50));
	checkval("file offset", sys_lseek(fd, 0, SEEK_CUR));

	sb = -1;
	check("sendfile(offset 9990, nbytes 0)", sendfile7(fd, sv[0], 9990, 0, NULL, &sb, 0));
	printf("sbytes: %ld\n", sb);
	n = drain(sv[1], in, 10);
	printf("received %ld\n", n);
	sb = -1;
	check("sendfile past the end", sendfile7(fd, sv[0], 20000, 10, NULL, &sb, 0));
	printf("sbytes: %ld\n", sb);
	check("sendfile without sbytes", sendfile7(fd, sv[0], 0, 5, NULL, NULL, 0));
	drain(sv[1], in, 5);

	/* a full non-blocking socket */
	sys_fcntl(sv[0], F_SETFL, O_NONBLOCK);
	long total = 0, r = 0;
	for (int i = 0; i < 200; i++) {
		sb = 0;
		r = sendfile7(fd, sv[0], 0, 0, NULL, &sb, 0);
		total += sb;
		if (r < 0)
			break;
	}
	printf("non-blocking until full: %s, sbytes of the last call > 0 or 0: %s\n", errname(r), sb >= 0 ? "yes" : "no");
	yesno("something was sent", total > 0);

	int p[2];
	sys_pipe2(p, 0);
	expect_err("sendfile to a pipe", sendfile7(fd, p[1], 0, 1, NULL, NULL, 0));
	int u = (int)sys_socket(AF_INET, SOCK_DGRAM, 0);
	expect_err("sendfile to a datagram socket", sendfile7(fd, u, 0, 1, NULL, NULL, 0));
	expect_err("sendfile with a negative offset", sendfile7(fd, sv[1], -1, 1, NULL, NULL, 0));
	expect_err("sendfile with a bad hdtr", sendfile7(fd, sv[1], 0, 1, (void *)8, NULL, 0));
	expect_err("sendfile from a bad descriptor", sendfile7(999, sv[1], 0, 1, NULL, NULL, 0));
	return 0;
}
