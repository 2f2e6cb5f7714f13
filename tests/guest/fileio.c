/* Reading and writing files: open/openat/close, read/write, readv/writev,
 * pread/pwrite, lseek, and the O_CREAT / O_EXCL / O_TRUNC / O_APPEND
 * flags as a user sees them. */
#include "guest.h"

static void show_file(const char *label, const char *path)
{
	char buf[256];
	long fd = sys_open(path, O_RDONLY, 0);
	if (fd < 0) {
		printf("%s: open %s\n", label, errname(fd));
		return;
	}
	long n = sys_read((int)fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("%s: read %s\n", label, errname(n));
	} else {
		buf[n] = 0;
		printf("%s: %ld bytes \"%s\"\n", label, n, buf);
	}
	sys_close((int)fd);
}

int main(int argc, char **argv)
{
	char buf[64];
	long fd, r;

	/* create, write, read back */
	fd = sys_open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	check("open(a.txt, O_CREAT|O_EXCL)", fd);
	checkval("write 11 bytes", sys_write((int)fd, "hello world", 11));
	check("close", sys_close((int)fd));
	show_file("a.txt", "a.txt");

	expect_err("open(a.txt, O_CREAT|O_EXCL) again", sys_open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
	expect_err("open(missing.txt, O_RDONLY)", sys_open("missing.txt", O_RDONLY, 0));
	expect_err("open(missing-dir/x, O_CREAT)", sys_open("missing-dir/x", O_WRONLY | O_CREAT, 0644));
	expect_err("close(fd) twice", sys_close((int)fd));

	/* O_CREAT without O_EXCL opens the existing file; O_TRUNC empties it */
	fd = sys_open("a.txt", O_RDWR | O_CREAT, 0644);
	check("open(a.txt, O_RDWR|O_CREAT) existing", fd);
	r = sys_read((int)fd, buf, 5);
	buf[r > 0 ? r : 0] = 0;
	printf("read 5: %ld \"%s\"\n", r, buf);
	checkval("lseek(0, SEEK_CUR)", sys_lseek((int)fd, 0, SEEK_CUR));
	checkval("lseek(0, SEEK_END)", sys_lseek((int)fd, 0, SEEK_END));
	checkval("lseek(-5, SEEK_END)", sys_lseek((int)fd, -5, SEEK_END));
	r = sys_read((int)fd, buf, sizeof(buf));
	buf[r > 0 ? r : 0] = 0;
	printf("read rest: %ld \"%s\"\n", r, buf);
	checkval("read at EOF", sys_read((int)fd, buf, sizeof(buf)));
	expect_err("lseek(-100, SEEK_SET)", sys_lseek((int)fd, -100, SEEK_SET));
	expect_err("lseek(0, whence 42)", sys_lseek((int)fd, 0, 42));
	checkval("lseek(20, SEEK_SET) past end", sys_lseek((int)fd, 20, SEEK_SET));
	checkval("write 1 byte at 20", sys_write((int)fd, "!", 1));
	struct gstat st;
	sys_fstat((int)fd, &st);
	printf("size after write past end: %ld\n", st.size);
	r = sys_pread((int)fd, buf, 9, 11);
	printf("pread hole: %ld bytes, all zero up to 20: %s\n", r,
	       (r == 9 && !memcmp(buf, "\0\0\0\0\0\0\0\0\0", 9)) ? "yes" : "no");
	sys_close((int)fd);

	fd = sys_open("a.txt", O_WRONLY | O_TRUNC, 0);
	check("open(a.txt, O_WRONLY|O_TRUNC)", fd);
	sys_close((int)fd);
	show_file("after O_TRUNC", "a.txt");

	/* O_APPEND: every write goes to the end, whatever the offset */
	fd = sys_open("log.txt", O_WRONLY | O_CREAT | O_APPEND, 0600);
	check("open(log.txt, O_APPEND)", fd);
	sys_write((int)fd, "one\n", 4);
	checkval("lseek(0, SEEK_SET) on O_APPEND", sys_lseek((int)fd, 0, SEEK_SET));
	sys_write((int)fd, "two\n", 4);
	checkval("offset after append write", sys_lseek((int)fd, 0, SEEK_CUR));
	expect_err("read from O_WRONLY fd", sys_read((int)fd, buf, 4));
	sys_close((int)fd);
	show_file("log.txt", "log.txt");

	/* writev / readv */
	fd = sys_open("v.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct iovec wv[3] = { { "alpha-", 6 }, { "", 0 }, { "beta-gamma", 10 } };
	checkval("writev 3 iovecs", sys_writev((int)fd, wv, 3));
	sys_lseek((int)fd, 0, SEEK_SET);
	char x[4] = { 0 }, y[20] = { 0 };
	struct iovec rv[2] = { { x, 3 }, { y, sizeof(y) - 1 } };
	checkval("readv 2 iovecs", sys_readv((int)fd, rv, 2));
	printf("readv parts: \"%s\" \"%s\"\n", x, y);
	struct iovec bad[1] = { { x, 3 } };
	expect_err("readv iovcnt -1", sys_readv((int)fd, bad, -1));

	/* many iovecs; more than IOV_MAX (1024) is refused */
	static struct iovec many[1025];
	static char letters[1025];
	for (int i = 0; i < 1025; i++) {
		letters[i] = (char)('a' + i % 26);
		many[i].iov_base = &letters[i];
		many[i].iov_len = 1;
	}
	sys_lseek((int)fd, 0, SEEK_SET);
	checkval("writev 1024 one-byte iovecs", sys_writev((int)fd, many, 1024));
	expect_err("writev 1025 iovecs", sys_writev((int)fd, many, 1025));
	sys_lseek((int)fd, 0, SEEK_SET);
	memset(letters, 0, sizeof(letters));
	checkval("readv 1024 one-byte iovecs", sys_readv((int)fd, many, 1024));
	printf("readv data: %.30s...%s\n", letters, letters + 1020);

	/* pwrite / pread do not move the file offset */
	checkval("lseek(2, SEEK_SET)", sys_lseek((int)fd, 2, SEEK_SET));
	checkval("pwrite 4 at 6", sys_pwrite((int)fd, "BETA", 4, 6));
	memset(buf, 0, sizeof(buf));
	checkval("pread 10 at 4", sys_pread((int)fd, buf, 10, 4));
	printf("pread data: \"%s\"\n", buf);
	checkval("offset still", sys_lseek((int)fd, 0, SEEK_CUR));
	expect_err("pread negative offset", sys_pread((int)fd, buf, 1, -1));
	sys_close((int)fd);
	show_file("v.txt", "v.txt");

	/* one large write and one large read (300000 bytes each) */
	static unsigned char big[300000], back[300001];
	unsigned h1 = 0, h2 = 0;
	for (unsigned i = 0; i < sizeof(big); i++) {
		big[i] = (unsigned char)(i * 2654435761u >> 13);
		h1 = h1 * 31 + big[i];
	}
	fd = sys_open("big.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	checkval("write 300000 bytes at once", sys_write((int)fd, big, sizeof(big)));
	sys_lseek((int)fd, 0, SEEK_SET);
	r = sys_read((int)fd, back, sizeof(back));
	checkval("read them back at once", r);
	for (long i = 0; i < r; i++)
		h2 = h2 * 31 + back[i];
	yesno("same contents", r == (long)sizeof(big) && h1 == h2);
	checkval("pread 100000 at 250000", sys_pread((int)fd, back, 100000, 250000));
	yesno("pread contents", !memcmp(back, big + 250000, 50000));
	sys_close((int)fd);

	/* openat relative to a directory fd and to AT_FDCWD */
	check("mkdir sub", sys_mkdir("sub", 0755));
	long dfd = sys_open("sub", O_RDONLY | O_DIRECTORY, 0);
	check("open(sub, O_DIRECTORY)", dfd);
	fd = sys_openat((int)dfd, "in-sub.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	check("openat(dirfd, in-sub.txt, O_CREAT)", fd);
	sys_write((int)fd, "inside", 6);
	sys_close((int)fd);
	show_file("sub/in-sub.txt", "sub/in-sub.txt");
	fd = sys_openat(AT_FDCWD, "sub/in-sub.txt", O_RDONLY, 0);
	check("openat(AT_FDCWD, sub/in-sub.txt)", fd);
	sys_close((int)fd);
	fd = sys_open("a.txt", O_RDONLY, 0);
	expect_err("openat(regular file fd, x)", sys_openat((int)fd, "x", O_RDONLY, 0));
	sys_close((int)fd);
	expect_err("openat(bad fd 999, relative)", sys_openat(999, "x", O_RDONLY, 0));
	char abs[512];
	snprintf(abs, sizeof(abs), "%s/sub/in-sub.txt", argc > 1 ? argv[1] : ".");
	fd = sys_openat(999, abs, O_RDONLY, 0);
	check("openat(bad fd 999, absolute path)", fd);
	sys_close((int)fd);
	sys_close((int)dfd);
	return 0;
}
