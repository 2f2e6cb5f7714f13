/* Names in the file system: access/faccessat, mkdir/mkdirat, rmdir,
 * unlink/unlinkat (AT_REMOVEDIR), rename/renameat, link/linkat,
 * symlink/symlinkat, readlink/readlinkat. */
#include "guest.h"

static void touch(const char *path, int mode)
{
	sys_close((int)sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, mode));
}

static int exists(const char *path)
{
	return sys_access(path, F_OK) == 0;
}

static void show_link(const char *label, long r, const char *buf)
{
	if (is_err(r))
		printf("%s: %s\n", label, errname(r));
	else
		printf("%s: %ld \"%.*s\"\n", label, r, (int)r, buf);
}

int main(void)
{
	char buf[128];
	long r;

	/* access / faccessat */
	touch("ro", 0444);
	touch("rx", 0755);
	check("access(ro, F_OK)", sys_access("ro", F_OK));
	check("access(ro, R_OK)", sys_access("ro", R_OK));
	expect_err("access(ro, X_OK)", sys_access("ro", X_OK));
	check("access(rx, X_OK)", sys_access("rx", X_OK));
	expect_err("access(missing, F_OK)", sys_access("missing", F_OK));
	expect_err("access(ro/x, F_OK)", sys_access("ro/x", F_OK));
	expect_err("access(ro, mode 0x40)", sys_access("ro", 0x40));
	check("faccessat(AT_FDCWD, rx, X_OK, 0)", sys_faccessat(AT_FDCWD, "rx", X_OK, 0));
	check("faccessat(AT_FDCWD, rx, R_OK, AT_EACCESS)", sys_faccessat(AT_FDCWD, "rx", R_OK, AT_EACCESS));
	expect_err("faccessat(AT_FDCWD, missing)", sys_faccessat(AT_FDCWD, "missing", F_OK, 0));

	/* mkdir / mkdirat / rmdir */
	check("mkdir(a)", sys_mkdir("a", 0755));
	expect_err("mkdir(a) again", sys_mkdir("a", 0755));
	expect_err("mkdir(missing/b)", sys_mkdir("missing/b", 0755));
	expect_err("mkdir(ro/b)", sys_mkdir("ro/b", 0755));
	long dfd = sys_open("a", O_RDONLY | O_DIRECTORY, 0);
	check("mkdirat(dirfd(a), b)", sys_mkdirat((int)dfd, "b", 0755));
	yesno("a/b exists", exists("a/b"));
	check("mkdirat(AT_FDCWD, c)", sys_mkdirat(AT_FDCWD, "c", 0700));
	expect_err("mkdirat(dirfd(a), b) again", sys_mkdirat((int)dfd, "b", 0755));
	expect_err("rmdir(a) not empty", sys_rmdir("a"));
	expect_err("rmdir(ro) not a directory", sys_rmdir("ro"));
	expect_err("rmdir(missing)", sys_rmdir("missing"));
	check("rmdir(c)", sys_rmdir("c"));
	yesno("c exists", exists("c"));

	/* unlink / unlinkat */
	touch("a/f", 0644);
	check("unlink(a/f)", sys_unlink("a/f"));
	expect_err("unlink(a/f) again", sys_unlink("a/f"));
	/* FreeBSD answers EPERM, Linux EISDIR: report the outcome only */
	yesno("unlink(directory) fails", is_err(sys_unlink("a/b")));
	touch("a/g", 0644);
	check("unlinkat(dirfd(a), g, 0)", sys_unlinkat((int)dfd, "g", 0));
	yesno("a/g exists", exists("a/g"));
	yesno("unlinkat(dirfd(a), b, 0) on a directory fails", is_err(sys_unlinkat((int)dfd, "b", 0)));
	check("unlinkat(dirfd(a), b, AT_REMOVEDIR)", sys_unlinkat((int)dfd, "b", AT_REMOVEDIR));
	yesno("a/b exists", exists("a/b"));
	touch("a/h", 0644);
	expect_err("unlinkat(dirfd(a), h, AT_REMOVEDIR) file", sys_unlinkat((int)dfd, "h", AT_REMOVEDIR));
	expect_err("unlinkat(AT_FDCWD, missing, 0)", sys_unlinkat(AT_FDCWD, "missing", 0));

	/* rename / renameat */
	touch("r1", 0644);
	check("rename(r1, r2)", sys_rename("r1", "r2"));
	yesno("r1 exists", exists("r1"));
	yesno("r2 exists", exists("r2"));
	expect_err("rename(r1, r3) missing source", sys_rename("r1", "r3"));
	touch("r3", 0644);
	check("rename(r2, r3) replaces", sys_rename("r2", "r3"));
	check("renameat(AT_FDCWD, r3, dirfd(a), r4)", sys_renameat(AT_FDCWD, "r3", (int)dfd, "r4"));
	yesno("a/r4 exists", exists("a/r4"));
	sys_mkdir("e1", 0755);
	sys_mkdir("e2", 0755);
	touch("e2/x", 0644);
	expect_err("rename(e1, e2) onto non-empty dir", sys_rename("e1", "e2"));
	expect_err("rename(e1, ro) dir onto file", sys_rename("e1", "ro"));
	expect_err("rename(ro, e1) file onto dir", sys_rename("ro", "e1"));
	expect_err("rename(e1, e1/sub) into itself", sys_rename("e1", "e1/sub"));

	/* link / linkat */
	touch("orig", 0644);
	check("link(orig, hard)", sys_link("orig", "hard"));
	expect_err("link(orig, hard) again", sys_link("orig", "hard"));
	expect_err("link(missing, x)", sys_link("missing", "x"));
	check("linkat(AT_FDCWD, orig, dirfd(a), hard2, 0)", sys_linkat(AT_FDCWD, "orig", (int)dfd, "hard2", 0));
	struct gstat st;
	sys_fstatat(AT_FDCWD, "orig", &st, 0);
	printf("nlink(orig): %lu\n", st.nlink);

	/* symlink / symlinkat / readlink / readlinkat */
	check("symlink(orig, sym)", sys_symlink("orig", "sym"));
	expect_err("symlink(x, sym) again", sys_symlink("x", "sym"));
	check("symlinkat(../orig, dirfd(a), sym2)", sys_symlinkat("../orig", (int)dfd, "sym2"));
	r = sys_readlink("sym", buf, sizeof(buf));
	show_link("readlink(sym)", r, buf);
	r = sys_readlink("sym", buf, 2);
	show_link("readlink(sym) into 2 bytes", r, buf);
	r = sys_readlinkat((int)dfd, "sym2", buf, sizeof(buf));
	show_link("readlinkat(dirfd(a), sym2)", r, buf);
	r = sys_readlinkat(AT_FDCWD, "a/sym2", buf, sizeof(buf));
	show_link("readlinkat(AT_FDCWD, a/sym2)", r, buf);
	expect_err("readlink(orig) not a link", sys_readlink("orig", buf, sizeof(buf)));
	expect_err("readlink(missing)", sys_readlink("missing", buf, sizeof(buf)));
	check("link via symlink with AT_SYMLINK_FOLLOW", sys_linkat(AT_FDCWD, "sym", AT_FDCWD, "hard3", AT_SYMLINK_FOLLOW));
	r = sys_fstatat(AT_FDCWD, "hard3", &st, AT_SYMLINK_NOFOLLOW);
	yesno("hard3 is a regular file", r == 0 && S_ISREG(st.mode));
	yesno("readlink(a/sym2) follows to orig", sys_access("a/sym2", F_OK) == 0);
	sys_close((int)dfd);
	return 0;
}
