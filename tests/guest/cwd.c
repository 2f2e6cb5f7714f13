/* The working directory: __getcwd, chdir, fchdir, and relative paths
 * resolved against it. */
#include "guest.h"

int main(int argc, char **argv)
{
	char cwd[1024], buf[1024];
	const char *top = argc > 1 ? argv[1] : "";

	check("getcwd", sys_getcwd(cwd, sizeof(cwd)));
	yesno("getcwd is the test directory", !strcmp(cwd, top));
	yesno("getcwd is absolute", cwd[0] == '/');

	sys_mkdir("sub", 0755);
	sys_mkdir("sub/deeper", 0755);
	sys_close((int)sys_open("sub/deeper/marker", O_WRONLY | O_CREAT, 0644));

	long topfd = sys_open(".", O_RDONLY | O_DIRECTORY, 0);
	check("open(.)", topfd);
	check("chdir(sub/deeper)", sys_chdir("sub/deeper"));
	sys_getcwd(buf, sizeof(buf));
	yesno("getcwd ends with /sub/deeper", ends_with(buf, "/sub/deeper"));
	snprintf(cwd, sizeof(cwd), "%s/sub/deeper", top);
	yesno("getcwd is <top>/sub/deeper", !strcmp(buf, cwd));
	check("access(marker) relative to new cwd", sys_access("marker", F_OK));
	check("chdir(..)", sys_chdir(".."));
	sys_getcwd(buf, sizeof(buf));
	yesno("getcwd ends with /sub", ends_with(buf, "/sub"));

	check("fchdir(fd of the top directory)", sys_fchdir((int)topfd));
	sys_getcwd(buf, sizeof(buf));
	yesno("back in the test directory", !strcmp(buf, top));
	check("access(sub/deeper/marker)", sys_access("sub/deeper/marker", F_OK));

	/* errors leave the working directory alone */
	sys_close((int)sys_open("file", O_WRONLY | O_CREAT, 0644));
	expect_err("chdir(missing)", sys_chdir("missing"));
	expect_err("chdir(file)", sys_chdir("file"));
	long ffd = sys_open("file", O_RDONLY, 0);
	expect_err("fchdir(fd of a file)", sys_fchdir((int)ffd));
	sys_close((int)ffd);
	expect_err("fchdir(12345)", sys_fchdir(12345));
	sys_getcwd(buf, sizeof(buf));
	yesno("still in the test directory", !strcmp(buf, top));
	return 0;
}
