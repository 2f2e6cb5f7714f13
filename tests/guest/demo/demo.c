/* The program `make demo` runs: a small, friendly FreeBSD binary that
 * shows abirun at work.  Built for FreeBSD only
 * ($(B)/tests/guest/freebsd/demo, DEMO_GUEST in guest.mk). */
#include "guest.h"

#define P(x) ((long)(x))

static void sysctl_str(const char *name, char *buf, size_t size)
{
	int mib[2] = { 0, 3 }, oid[24];
	size_t len = sizeof(oid);
	buf[0] = 0;
	if (sys6(SYS___sysctl, P(mib), 2, P(oid), P(&len), P(name), (long)strlen(name)) < 0)
		return;
	size_t n = size;
	if (sys6(SYS___sysctl, P(oid), (long)(len / sizeof(int)), P(buf), P(&n), 0, 0) < 0)
		buf[0] = 0;
}

int main(int argc, char **argv)
{
	char ostype[64], release[64], host[256];
	sysctl_str("kern.ostype", ostype, sizeof(ostype));
	sysctl_str("kern.osrelease", release, sizeof(release));
	sysctl_str("kern.hostname", host, sizeof(host));

	printf("Hello from a FreeBSD program!\n");
	printf("  uname: %s %s %s amd64  (sysctl kern.ostype, kern.osrelease, kern.hostname)\n",
	       ostype, release, host);
	printf("  my arguments:");
	for (int i = 0; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");

	const char *msg = "FreeBSD system calls, translated to Linux by abirun.\n";
	long fd = sys_open("abirun-demo.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("  cannot create abirun-demo.txt: %s\n", errname(fd));
		return 1;
	}
	sys_write((int)fd, msg, strlen(msg));
	sys_lseek((int)fd, 0, SEEK_SET);
	char back[128] = { 0 };
	long n = sys_read((int)fd, back, sizeof(back) - 1);
	struct gstat st;
	sys_fstat((int)fd, &st);
	sys_close((int)fd);
	sys_unlink("abirun-demo.txt");
	printf("  wrote and read back %ld bytes (fstat says %ld): %s", n, st.size, back);

	long e = sys_open("/no/such/file", O_RDONLY, 0);
	printf("  open(\"/no/such/file\") failed as expected: %s\n", errname(e));
	return 0;
}
