/* Memory mappings: anonymous private maps, file-backed maps, MAP_SHARED
 * writes seen by read(), MAP_FIXED replacement, mprotect, madvise,
 * munmap, and the errors for bad arguments. */
#include "guest.h"

#define PG 4096

int main(void)
{
	long r;
	char buf[64];

	/* anonymous private */
	long a = sys_mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	yesno("mmap anonymous 3 pages", !is_err(a));
	yesno("page aligned", !is_err(a) && (a & (PG - 1)) == 0);
	unsigned char *m = (unsigned char *)a;
	int zero = 1;
	for (int i = 0; i < 3 * PG; i++)
		if (m[i])
			zero = 0;
	yesno("anonymous memory is zero-filled", zero);
	for (int i = 0; i < 3 * PG; i++)
		m[i] = (unsigned char)(i * 7);
	int ok = 1;
	for (int i = 0; i < 3 * PG; i++)
		if (m[i] != (unsigned char)(i * 7))
			ok = 0;
	yesno("write then read back", ok);

	/* MAP_FIXED replaces the middle page with fresh zero memory */
	r = sys_mmap(m + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
	yesno("MAP_FIXED at the requested address", r == (long)(m + PG));
	yesno("replaced page is zero", m[PG] == 0 && m[2 * PG - 1] == 0);
	yesno("neighbours keep their data", m[PG - 1] == (unsigned char)((PG - 1) * 7) && m[2 * PG] == (unsigned char)(2 * PG * 7));

	/* mprotect and madvise */
	check("mprotect(PROT_READ)", sys_mprotect(m, PG, PROT_READ));
	yesno("still readable", m[1] == 7);
	check("mprotect(PROT_READ|PROT_WRITE)", sys_mprotect(m, PG, PROT_READ | PROT_WRITE));
	m[0] = 42;
	yesno("writable again", m[0] == 42);
	check("madvise(MADV_NORMAL)", sys_madvise(m, 3 * PG, MADV_NORMAL));
	check("madvise(MADV_WILLNEED)", sys_madvise(m, 3 * PG, MADV_WILLNEED));
	check("madvise(MADV_SEQUENTIAL)", sys_madvise(m, 3 * PG, MADV_SEQUENTIAL));
	check("madvise(MADV_DONTNEED)", sys_madvise(m + 2 * PG, PG, MADV_DONTNEED));
	expect_err("madvise(advice 12345)", sys_madvise(m, PG, 12345));
	check("munmap 3 pages", sys_munmap(m, 3 * PG));
	expect_err("munmap length 0", sys_munmap(m, 0));
	/* (FreeBSD rounds unaligned mprotect/munmap/offset arguments where
	 * Linux says EINVAL, so those are not compared here.) */

	/* file-backed, private: the file's contents appear in memory */
	long fd = sys_open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	const char *text = "file contents, mapped\n";
	sys_write((int)fd, text, strlen(text));
	a = sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, (int)fd, 0);
	yesno("mmap file MAP_PRIVATE PROT_READ", !is_err(a));
	if (!is_err(a)) {
		printf("mapped text: %.*s", (int)strlen(text), (char *)a);
		yesno("rest of the page is zero", ((char *)a)[strlen(text)] == 0 && ((char *)a)[PG - 1] == 0);
		sys_munmap((void *)a, PG);
	}

	/* file-backed, shared: stores are visible to read() */
	sys_pwrite((int)fd, "", 1, PG + 99);   /* file is now PG+100 bytes */
	a = sys_mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	yesno("mmap file MAP_SHARED", !is_err(a));
	if (!is_err(a)) {
		memcpy((char *)a, "FILE", 4);
		memcpy((char *)a + PG + 10, "second page", 11);
		memset(buf, 0, sizeof(buf));
		sys_pread((int)fd, buf, 22, 0);
		printf("read() sees: %s", buf);
		memset(buf, 0, sizeof(buf));
		sys_pread((int)fd, buf, 11, PG + 10);
		printf("read() at page 2 sees: %s\n", buf);
		check("munmap shared", sys_munmap((void *)a, 2 * PG));
	}
	/* offset into the file */
	a = sys_mmap(NULL, PG, PROT_READ, MAP_SHARED, (int)fd, PG);
	yesno("mmap with file offset 4096", !is_err(a));
	if (!is_err(a)) {
		printf("at offset 4096+10: %.11s\n", (char *)a + 10);
		sys_munmap((void *)a, PG);
	}
	sys_close((int)fd);

	/* a read-only descriptor cannot back a writable shared map */
	fd = sys_open("data", O_RDONLY, 0);
	expect_err("mmap O_RDONLY fd MAP_SHARED PROT_WRITE", sys_mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0));
	a = sys_mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)fd, 0);
	yesno("mmap O_RDONLY fd MAP_PRIVATE PROT_WRITE works", !is_err(a));
	if (!is_err(a)) {
		((char *)a)[0] = 'f';
		sys_pread((int)fd, buf, 4, 0);
		printf("private store not written back: %.4s\n", buf);
		sys_munmap((void *)a, PG);
	}
	sys_close((int)fd);

	/* errors */
	expect_err("mmap bad fd", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 12345, 0));
	expect_err("mmap length 0", sys_mmap(NULL, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0));
	expect_err("mmap MAP_FIXED unaligned", sys_mmap((void *)0x10000001, PG, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0));
	return 0;
}
