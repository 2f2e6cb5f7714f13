/* Process identity: getpid, getppid, getuid/geteuid/getgid/getegid,
 * issetugid, and kill(pid, 0) as an existence probe.  Values differ from
 * run to run, so only their relations are printed. */
#include "guest.h"

int main(void)
{
	long pid = sys_getpid(), ppid = sys_getppid();
	yesno("getpid() > 0", pid > 0);
	yesno("getpid() == getpid()", pid == sys_getpid());
	yesno("getppid() > 0", ppid > 0);
	yesno("getppid() != getpid()", ppid != pid);
	long uid = sys_getuid(), euid = sys_geteuid(), gid = sys_getgid(), egid = sys_getegid();
	yesno("getuid() >= 0", uid >= 0);
	yesno("getuid() == geteuid()", uid == euid);
	yesno("getgid() >= 0", gid >= 0);
	yesno("getgid() == getegid()", gid == egid);
	checkval("issetugid()", sys_issetugid());

	/* the auxiliary vector agrees */
	long at_uid = getauxval(11), at_euid = getauxval(12), at_gid = getauxval(13), at_egid = getauxval(14);
	yesno("AT_UID matches getuid() (or absent)", at_uid == -1 || at_uid == uid);
	yesno("AT_EUID matches geteuid() (or absent)", at_euid == -1 || at_euid == euid);
	yesno("AT_GID matches getgid() (or absent)", at_gid == -1 || at_gid == gid);
	yesno("AT_EGID matches getegid() (or absent)", at_egid == -1 || at_egid == egid);
	checkval("AT_PAGESZ", getauxval(AT_PAGESZ));

	check("kill(getpid(), 0)", sys_kill(pid, 0));
	check("kill(getppid(), 0)", sys_kill(ppid, 0));
	check("kill(0, 0) (own process group)", sys_kill(0, 0));
	expect_err("kill(getpid(), 1000) bad signal", sys_kill(pid, 1000));
	expect_err("kill(2000000000, 0) no such process", sys_kill(2000000000L, 0));
	return 0;
}
