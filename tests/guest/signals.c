/* Signal state round trips: sigaction (handler, flags, mask, old action),
 * sigprocmask (block, unblock, set, old mask) and sigaltstack (set,
 * query, disable, size check).  No signal is delivered here. */
#include "guest.h"

static void handler(int sig)
{
	(void)sig;
}

static void handler2(int sig)
{
	(void)sig;
}

static void show_mask(const char *label, unsigned long m)
{
	printf("%s:%s%s%s%s\n", label,
	       (m & SIGBIT(SIGUSR1)) ? " SIGUSR1" : "",
	       (m & SIGBIT(SIGUSR2)) ? " SIGUSR2" : "",
	       (m & SIGBIT(SIGALRM)) ? " SIGALRM" : "",
	       (m & SIGBIT(SIGHUP)) ? " SIGHUP" : "");
}

int main(void)
{
	struct gsigaction act, old;

	/* sigaction: install, then read back through the old-action pointer */
	check("sigaction(SIGUSR1) query", sys_sigaction(SIGUSR1, NULL, &old));
	yesno("SIGUSR1 starts as SIG_DFL", old.handler == SIG_DFL);
	act.handler = (void *)handler;
	act.flags = SA_RESTART;
	act.mask = SIGBIT(SIGUSR2) | SIGBIT(SIGALRM);
	check("sigaction(SIGUSR1, handler, SA_RESTART, mask USR2|ALRM)", sys_sigaction(SIGUSR1, &act, NULL));
	act.handler = (void *)handler2;
	act.flags = SA_SIGINFO | SA_NODEFER;
	act.mask = 0;
	check("sigaction(SIGUSR1, handler2) returning old", sys_sigaction(SIGUSR1, &act, &old));
	yesno("old handler is handler", old.handler == (void *)handler);
	yesno("old flags have SA_RESTART", (old.flags & SA_RESTART) != 0);
	yesno("old flags have SA_SIGINFO", (old.flags & SA_SIGINFO) != 0);
	show_mask("old mask", old.mask);
	check("sigaction(SIGUSR1) query", sys_sigaction(SIGUSR1, NULL, &old));
	yesno("handler is handler2", old.handler == (void *)handler2);
	yesno("flags have SA_SIGINFO", (old.flags & SA_SIGINFO) != 0);
	yesno("flags have SA_NODEFER", (old.flags & SA_NODEFER) != 0);
	yesno("flags have SA_RESTART", (old.flags & SA_RESTART) != 0);
	show_mask("mask", old.mask);

	act.handler = SIG_IGN;
	act.flags = 0;
	act.mask = 0;
	check("sigaction(SIGUSR2, SIG_IGN)", sys_sigaction(SIGUSR2, &act, NULL));
	sys_sigaction(SIGUSR2, NULL, &old);
	yesno("SIGUSR2 is SIG_IGN", old.handler == SIG_IGN);
	act.handler = SIG_DFL;
	sys_sigaction(SIGUSR2, &act, &old);
	yesno("restored SIG_DFL, old was SIG_IGN", old.handler == SIG_IGN);

	act.handler = SIG_IGN;
	expect_err("sigaction(SIGKILL, SIG_IGN)", sys_sigaction(SIGKILL, &act, NULL));
	expect_err("sigaction(SIGSTOP, SIG_IGN)", sys_sigaction(SIGSTOP, &act, NULL));
	expect_err("sigaction(0)", sys_sigaction(0, &act, NULL));
	expect_err("sigaction(200)", sys_sigaction(200, &act, NULL));
	check("sigaction(SIGKILL) query only", sys_sigaction(SIGKILL, NULL, &old));

	/* sigprocmask */
	unsigned long set, oset, orig;
	check("sigprocmask query", sys_sigprocmask(SIG_BLOCK, NULL, &orig));
	set = SIGBIT(SIGUSR1) | SIGBIT(SIGHUP);
	check("sigprocmask(SIG_BLOCK, USR1|HUP)", sys_sigprocmask(SIG_BLOCK, &set, &oset));
	show_mask("old mask", oset);
	sys_sigprocmask(SIG_BLOCK, NULL, &oset);
	show_mask("blocked", oset);
	set = SIGBIT(SIGHUP);
	check("sigprocmask(SIG_UNBLOCK, HUP)", sys_sigprocmask(SIG_UNBLOCK, &set, NULL));
	sys_sigprocmask(SIG_BLOCK, NULL, &oset);
	show_mask("blocked", oset);
	set = SIGBIT(SIGUSR2) | SIGBIT(SIGALRM);
	check("sigprocmask(SIG_SETMASK, USR2|ALRM)", sys_sigprocmask(SIG_SETMASK, &set, &oset));
	show_mask("old mask", oset);
	sys_sigprocmask(SIG_BLOCK, NULL, &oset);
	show_mask("blocked", oset);
	set = SIGBIT(SIGKILL) | SIGBIT(SIGSTOP);
	sys_sigprocmask(SIG_BLOCK, &set, NULL);
	sys_sigprocmask(SIG_BLOCK, NULL, &oset);
	yesno("SIGKILL/SIGSTOP cannot be blocked", (oset & (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))) == 0);
	expect_err("sigprocmask(how 99)", sys_sigprocmask(99, &set, NULL));
	check("sigprocmask restore", sys_sigprocmask(SIG_SETMASK, &orig, NULL));

	/* sigaltstack */
	static char stack1[65536], stack2[65536];
	struct gstack ss, oss;
	check("sigaltstack query", sys_sigaltstack(NULL, &oss));
	yesno("initially disabled", (oss.flags & SS_DISABLE) != 0);
	ss.sp = stack1;
	ss.size = sizeof(stack1);
	ss.flags = 0;
	check("sigaltstack(set 64 KiB)", sys_sigaltstack(&ss, &oss));
	yesno("old was disabled", (oss.flags & SS_DISABLE) != 0);
	check("sigaltstack query", sys_sigaltstack(NULL, &oss));
	yesno("sp is the buffer", oss.sp == stack1);
	yesno("size is 65536", oss.size == sizeof(stack1));
	yesno("flags are 0 (enabled, not on it)", oss.flags == 0);
	ss.sp = stack2;
	check("sigaltstack(replace)", sys_sigaltstack(&ss, &oss));
	yesno("old sp is the first buffer", oss.sp == stack1);
	ss.size = 100;
	expect_err("sigaltstack(size 100)", sys_sigaltstack(&ss, NULL));
	ss.size = sizeof(stack2);
	ss.flags = 0x1000;
	expect_err("sigaltstack(flags 0x1000)", sys_sigaltstack(&ss, NULL));
	ss.flags = SS_DISABLE;
	check("sigaltstack(SS_DISABLE)", sys_sigaltstack(&ss, &oss));
	yesno("old sp is the second buffer", oss.sp == stack2);
	sys_sigaltstack(NULL, &oss);
	yesno("now disabled", (oss.flags & SS_DISABLE) != 0);
	return 0;
}
