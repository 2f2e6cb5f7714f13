/* open(2) flags that change what open accepts or refuses:
 * O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_NONBLOCK, and the errors a user
 * meets (ENOENT, ENOTDIR, EISDIR, ELOOP, EEXIST, EBADF). */
#include "guest.h"

static void touch(const char *path, const char *text)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		sys_write((int)fd, text, strlen(text));
		sys_close((int)fd);
	}
}

int main(void)
{
	long fd;
	char buf[32];

	touch("file", "data");
	sys_mkdir("dir", 0755);
	sys_symlink("file", "link-to-file");
	sys_symlink("dir", "link-to-dir");
	sys_symlink("nowhere", "dangling");
	sys_symlink("loop-b", "loop-a");
	sys_symlink("loop-a", "loop-b");

	/* O_DIRECTORY */
	fd = sys_open("dir", O_RDONLY | O_DIRECTORY, 0);
	check("open(dir, O_DIRECTORY)", fd);
	sys_close((int)fd);
	expect_err("open(file, O_DIRECTORY)", sys_open("file", O_RDONLY | O_DIRECTORY, 0));
	fd = sys_open("link-to-dir", O_RDONLY | O_DIRECTORY, 0);
	check("open(link-to-dir, O_DIRECTORY)", fd);
	sys_close((int)fd);

	/* directories cannot be opened for writing, paths cannot go through files */
	expect_err("open(dir, O_WRONLY)", sys_open("dir", O_WRONLY, 0));
	expect_err("open(dir, O_RDWR)", sys_open("dir", O_RDWR, 0));
	expect_err("open(file/x, O_RDONLY)", sys_open("file/x", O_RDONLY, 0));
	expect_err("open(file/x, O_CREAT)", sys_open("file/x", O_WRONLY | O_CREAT, 0644));
	expect_err("open(dir, O_CREAT|O_EXCL)", sys_open("dir", O_RDONLY | O_CREAT | O_EXCL, 0644));
	expect_err("open(missing/, O_RDONLY)", sys_open("missing/", O_RDONLY, 0));
	expect_err("open(\"\", O_RDONLY)", sys_open("", O_RDONLY, 0));
	fd = sys_open("dir", O_RDONLY, 0);
	expect_err("read(directory fd)", sys_read((int)fd, buf, sizeof(buf)));
	sys_close((int)fd);

	/* symbolic links */
	fd = sys_open("link-to-file", O_RDONLY, 0);
	long n = sys_read((int)fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("open(link-to-file) reads: \"%s\"\n", buf);
	sys_close((int)fd);
	expect_err("open(dangling, O_RDONLY)", sys_open("dangling", O_RDONLY, 0));
	fd = sys_open("dangling", O_WRONLY | O_CREAT, 0644);
	check("open(dangling, O_CREAT) creates the target", fd);
	sys_close((int)fd);
	yesno("target 'nowhere' exists now", sys_access("nowhere", F_OK) == 0);
	expect_err("open(loop-a, O_RDONLY)", sys_open("loop-a", O_RDONLY, 0));
	/* FreeBSD answers EMLINK where Linux answers ELOOP: report the outcome */
	yesno("open(link-to-file, O_NOFOLLOW) fails", is_err(sys_open("link-to-file", O_RDONLY | O_NOFOLLOW, 0)));
	fd = sys_open("file", O_RDONLY | O_NOFOLLOW, 0);
	check("open(file, O_NOFOLLOW)", fd);
	sys_close((int)fd);
	fd = sys_open("link-to-dir/../file", O_RDONLY | O_NOFOLLOW, 0);
	check("open(link-to-dir/../file, O_NOFOLLOW)", fd);
	sys_close((int)fd);

	/* O_CLOEXEC is visible through F_GETFD */
	fd = sys_open("file", O_RDONLY | O_CLOEXEC, 0);
	checkval("O_CLOEXEC: F_GETFD", sys_fcntl((int)fd, F_GETFD, 0));
	sys_close((int)fd);
	fd = sys_open("file", O_RDONLY, 0);
	checkval("no O_CLOEXEC: F_GETFD", sys_fcntl((int)fd, F_GETFD, 0));
	sys_close((int)fd);

	/* O_NONBLOCK is visible through F_GETFL; regular files still read */
	fd = sys_open("file", O_RDONLY | O_NONBLOCK, 0);
	long fl = sys_fcntl((int)fd, F_GETFL, 0);
	yesno("O_NONBLOCK: F_GETFL has O_NONBLOCK", fl >= 0 && (fl & O_NONBLOCK));
	yesno("O_NONBLOCK: access mode O_RDONLY", fl >= 0 && (fl & O_ACCMODE) == O_RDONLY);
	checkval("O_NONBLOCK: read regular file", sys_read((int)fd, buf, sizeof(buf)));
	sys_close((int)fd);

	/* access modes are enforced per descriptor */
	fd = sys_open("file", O_RDONLY, 0);
	expect_err("write(O_RDONLY fd)", sys_write((int)fd, "x", 1));
	sys_close((int)fd);
	fd = sys_open("file", O_WRONLY | O_APPEND, 0);
	fl = sys_fcntl((int)fd, F_GETFL, 0);
	yesno("O_WRONLY|O_APPEND: F_GETFL access mode O_WRONLY", fl >= 0 && (fl & O_ACCMODE) == O_WRONLY);
	yesno("O_WRONLY|O_APPEND: F_GETFL has O_APPEND", fl >= 0 && (fl & O_APPEND));
	sys_close((int)fd);

	/* O_CREAT applies the mode (no umask bits are set in 0600) */
	fd = sys_open("private", O_WRONLY | O_CREAT | O_EXCL, 0600);
	struct gstat st;
	sys_fstat((int)fd, &st);
	printf("O_CREAT 0600: mode %o\n", st.mode & 07777);
	sys_close((int)fd);

	/* bad descriptors */
	expect_err("close(-1)", sys_close(-1));
	expect_err("close(12345)", sys_close(12345));
	expect_err("read(12345)", sys_read(12345, buf, 1));
	expect_err("write(-5)", sys_write(-5, "x", 1));
	expect_err("lseek(12345)", sys_lseek(12345, 0, SEEK_SET));
	return 0;
}
