/* Errors where FreeBSD and Linux answer differently, so a differential
 * test cannot check them: open(O_NOFOLLOW) of a symbolic link is EMLINK
 * on FreeBSD (ELOOP on Linux; Go's os package relies on EMLINK), and
 * unlink()/unlinkat(0) of a directory is EPERM (EISDIR on Linux). */
#include "guest.h"

int main(void)
{
	sys_close((int)sys_open("file", O_WRONLY | O_CREAT, 0644));
	sys_symlink("file", "link");
	sys_mkdir("dir", 0755);

	expect_err("open(link, O_RDONLY|O_NOFOLLOW)", sys_open("link", O_RDONLY | O_NOFOLLOW, 0));
	expect_err("open(link, O_WRONLY|O_CREAT|O_NOFOLLOW)", sys_open("link", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644));
	expect_err("openat(AT_FDCWD, link, O_NOFOLLOW)", sys_openat(AT_FDCWD, "link", O_RDONLY | O_NOFOLLOW, 0));
	expect_err("unlink(dir)", sys_unlink("dir"));
	expect_err("unlinkat(AT_FDCWD, dir, 0)", sys_unlinkat(AT_FDCWD, "dir", 0));
	yesno("dir still exists", sys_access("dir", F_OK) == 0);
	return 0;
}
