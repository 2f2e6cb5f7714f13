/* A short, fixed sequence of file calls; run.sh --trace checks that
 * abirun's --trace output names each of them.  Exits with status 3, so the
 * differential run also compares a non-zero exit status. */
#include "guest.h"

int main(void)
{
	char buf[16];
	struct gstat st;

	expect_err("open(/nonexistent)", sys_open("/nonexistent", O_RDONLY, 0));
	long fd = sys_open("traced.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check("open(traced.txt)", fd);
	checkval("write", sys_write((int)fd, "hello", 5));
	check("fstat", sys_fstat((int)fd, &st));
	printf("size: %ld\n", st.size);
	checkval("lseek", sys_lseek((int)fd, 0, SEEK_SET));
	checkval("read", sys_read((int)fd, buf, sizeof(buf)));
	check("close", sys_close((int)fd));
	printf("exiting with status 3\n");
	return 3;
}
