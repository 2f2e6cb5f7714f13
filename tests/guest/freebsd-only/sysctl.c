/* __sysctl(202): name-to-OID lookups ({0,3} with the name as the *new*
 * value), reading strings and integers, the size query with old == NULL,
 * a too-small buffer (ENOMEM, partial copy), unknown names and OIDs
 * (ENOENT), and agreement with the auxiliary vector (AT_OSRELDATE). */
#include "guest.h"

#define P(x) ((long)(x))

static long sysctl(const int *name, unsigned namelen, void *old, size_t *oldlen, const void *new, size_t newlen)
{
	return sys6(SYS___sysctl, P(name), namelen, P(old), P(oldlen), P(new), P(newlen));
}

static long name2oid(const char *name, int *oid, int *n)
{
	static const int mib[2] = { 0, 3 };
	size_t len = 24 * sizeof(int);
	long r = sysctl(mib, 2, oid, &len, name, strlen(name));
	*n = r == 0 ? (int)(len / sizeof(int)) : 0;
	return r;
}

static void show_oid(const char *name)
{
	int oid[24], n;
	long r = name2oid(name, oid, &n);
	if (r < 0) {
		printf("name2oid(%s): %s\n", name, errname(r));
		return;
	}
	printf("name2oid(%s): ", name);
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "." : "", oid[i]);
	printf("\n");
}

static long read_int(const char *name, int *val)
{
	int oid[24], n;
	long r = name2oid(name, oid, &n);
	if (r < 0)
		return r;
	size_t len = sizeof(*val);
	r = sysctl(oid, (unsigned)n, val, &len, NULL, 0);
	if (r == 0 && len != sizeof(*val))
		return -1000;
	return r;
}

int main(void)
{
	int oid[24], n, v;
	char buf[256];
	size_t len;
	long r;

	show_oid("kern.ostype");
	show_oid("kern.osrelease");
	show_oid("kern.osreldate");
	show_oid("kern.hostname");
	show_oid("hw.ncpu");
	show_oid("hw.pagesize");
	r = name2oid("kern.smp.maxcpus", oid, &n);
	printf("name2oid(kern.smp.maxcpus): %s, %d components, first %d\n", r ? errname(r) : "ok", n, n ? oid[0] : -1);
	expect_err("name2oid(kern.no_such_thing)", name2oid("kern.no_such_thing", oid, &n));
	expect_err("name2oid(nosuchtop)", name2oid("nosuchtop", oid, &n));

	/* kern.ostype: size query, read, short buffer */
	name2oid("kern.ostype", oid, &n);
	len = 0;
	r = sysctl(oid, (unsigned)n, NULL, &len, NULL, 0);
	printf("kern.ostype size query: %s, size %lu\n", r ? errname(r) : "ok", len);
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	r = sysctl(oid, (unsigned)n, buf, &len, NULL, 0);
	printf("kern.ostype: %s \"%s\" (%lu bytes)\n", r ? errname(r) : "ok", buf, len);
	len = 3;
	memset(buf, 0, sizeof(buf));
	r = sysctl(oid, (unsigned)n, buf, &len, NULL, 0);
	printf("kern.ostype into 3 bytes: %s, copied \"%s\", oldlen %lu\n", r ? errname(r) : "ok", buf, len);
	yesno("nothing written past the 3 bytes", buf[3] == 0);

	/* the fixed MIB {CTL_KERN, KERN_OSTYPE} works without name2oid */
	static const int kern_ostype[2] = { 1, 1 };
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	r = sysctl(kern_ostype, 2, buf, &len, NULL, 0);
	printf("{1,1}: %s \"%s\"\n", r ? errname(r) : "ok", buf);
	static const int bad_mib[2] = { 1, 99999 };
	len = sizeof(buf);
	expect_err("{1,99999}", sysctl(bad_mib, 2, buf, &len, NULL, 0));
	len = sizeof(buf);
	expect_err("kern.ostype with a bad name pointer", sysctl((int *)8, 2, buf, &len, NULL, 0));
	len = sizeof(buf);
	expect_err("kern.ostype with namelen 0", sysctl(kern_ostype, 0, buf, &len, NULL, 0));
	len = sizeof(buf);
	expect_err("kern.ostype with namelen 100", sysctl(kern_ostype, 100, buf, &len, NULL, 0));
	expect_err("set kern.ostype (read-only)", sysctl(kern_ostype, 2, NULL, NULL, "Linux", 6));

	/* kern.osrelease is a release string */
	name2oid("kern.osrelease", oid, &n);
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	r = sysctl(oid, (unsigned)n, buf, &len, NULL, 0);
	yesno("kern.osrelease looks like N.N-...", r == 0 && buf[0] >= '1' && buf[0] <= '9' && strchr(buf, '.') && strchr(buf, '-'));

	/* kern.osreldate and AT_OSRELDATE */
	r = read_int("kern.osreldate", &v);
	check("read kern.osreldate", r);
	yesno("kern.osreldate >= 1200031 (ino64 ABI)", v >= 1200031);
	long at = getauxval(AT_OSRELDATE);
	yesno("AT_OSRELDATE present in the auxv", at != -1);
	yesno("AT_OSRELDATE == kern.osreldate", at == v);
	static const int kern_osreldate[2] = { 1, 24 };
	int v2 = 0;
	len = sizeof(v2);
	sysctl(kern_osreldate, 2, &v2, &len, NULL, 0);
	yesno("{1,24} == kern.osreldate", v2 == v);

	/* CPUs */
	int ncpu = 0, maxcpus = 0;
	check("read hw.ncpu", read_int("hw.ncpu", &ncpu));
	yesno("hw.ncpu >= 1", ncpu >= 1);
	long atn = getauxval(AT_NCPUS);
	yesno("AT_NCPUS == hw.ncpu (or absent)", atn == -1 || atn == ncpu);
	check("read kern.smp.maxcpus", read_int("kern.smp.maxcpus", &maxcpus));
	yesno("kern.smp.maxcpus >= hw.ncpu", maxcpus >= ncpu);
	int pagesize = 0;
	check("read hw.pagesize", read_int("hw.pagesize", &pagesize));
	printf("hw.pagesize: %d\n", pagesize);

	/* kern.proc.pathname of this process: the executable's absolute path */
	static const int pathname[4] = { 1, 14, 12, -1 };
	len = 0;
	r = sysctl(pathname, 4, NULL, &len, NULL, 0);
	check("kern.proc.pathname size query", r);
	size_t need = len;
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	r = sysctl(pathname, 4, buf, &len, NULL, 0);
	check("kern.proc.pathname", r);
	yesno("absolute, ends with /sysctl", buf[0] == '/' && ends_with(buf, "/sysctl"));
	yesno("length includes the NUL and matches the size query", len == strlen(buf) + 1 && len == need);
	long execpath = getauxval(15);   /* AT_EXECPATH */
	yesno("same as AT_EXECPATH (or AT_EXECPATH absent)", execpath == -1 || !strcmp(buf, (const char *)execpath));

	/* kern.hostname is the host's name */
	name2oid("kern.hostname", oid, &n);
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	r = sysctl(oid, (unsigned)n, buf, &len, NULL, 0);
	check("read kern.hostname", r);
	yesno("non-empty", buf[0] != 0);
	yesno("length includes the NUL", len == strlen(buf) + 1);
	char host[256];
	memset(host, 0, sizeof(host));
	long fd = sys_open("/proc/sys/kernel/hostname", O_RDONLY, 0);
	long hn = fd >= 0 ? sys_read((int)fd, host, sizeof(host) - 1) : 0;
	if (hn > 0 && host[hn - 1] == '\n')
		host[hn - 1] = 0;
	yesno("same as the Linux host name", !strcmp(buf, host));
	return 0;
}
