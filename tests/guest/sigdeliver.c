/* Signals sent to oneself with kill(): the handler runs with the right
 * signal number, a blocked signal waits until it is unblocked, SIG_IGN
 * discards, and the signal mask is restored after the handler returns. */
#include "guest.h"

static volatile int got[65];
static volatile unsigned long mask_in_handler;

static void handler(int sig)
{
	if (sig > 0 && sig < 65)
		got[sig]++;
	unsigned long m = 0;
	sys_sigprocmask(SIG_BLOCK, NULL, &m);
	mask_in_handler = m;
}

static char altstack[65536];
static volatile int on_altstack = -1;
static volatile int altstack_flags_in_handler = -1;

static void stack_handler(int sig)
{
	volatile char here;
	(void)sig;
	on_altstack = &here >= altstack && &here < altstack + sizeof(altstack);
	struct gstack cur;
	if (sys_sigaltstack(NULL, &cur) == 0)
		altstack_flags_in_handler = cur.flags;
}

int main(void)
{
	struct gsigaction act = { (void *)handler, 0, SIGBIT(SIGUSR2) }, ign = { SIG_IGN, 0, 0 };
	long pid = sys_getpid();
	unsigned long set, cur;

	check("sigaction(SIGUSR1, handler)", sys_sigaction(SIGUSR1, &act, NULL));
	check("kill(self, SIGUSR1)", sys_kill(pid, SIGUSR1));
	printf("handler calls for SIGUSR1: %d\n", got[SIGUSR1]);
	yesno("in the handler SIGUSR1 was blocked", (mask_in_handler & SIGBIT(SIGUSR1)) != 0);
	yesno("in the handler sa_mask (SIGUSR2) was blocked", (mask_in_handler & SIGBIT(SIGUSR2)) != 0);
	sys_sigprocmask(SIG_BLOCK, NULL, &cur);
	yesno("after the handler nothing is blocked", (cur & (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2))) == 0);

	set = SIGBIT(SIGUSR1);
	sys_sigprocmask(SIG_BLOCK, &set, NULL);
	check("kill(self, SIGUSR1) while blocked", sys_kill(pid, SIGUSR1));
	printf("handler calls while blocked: %d\n", got[SIGUSR1]);
	sys_sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("handler calls after unblocking: %d\n", got[SIGUSR1]);

	check("sigaction(SIGUSR2, handler)", sys_sigaction(SIGUSR2, &act, NULL));
	check("kill(self, SIGUSR2)", sys_kill(pid, SIGUSR2));
	printf("handler calls for SIGUSR2: %d\n", got[SIGUSR2]);

	check("sigaction(SIGUSR1, SIG_IGN)", sys_sigaction(SIGUSR1, &ign, NULL));
	check("kill(self, SIGUSR1) ignored", sys_kill(pid, SIGUSR1));
	printf("handler calls for SIGUSR1: %d\n", got[SIGUSR1]);

	/* SA_ONSTACK: the handler runs on the alternate signal stack */
	struct gstack ss = { altstack, sizeof(altstack), 0 };
	check("sigaltstack(64 KiB)", sys_sigaltstack(&ss, NULL));
	struct gsigaction onstack = { (void *)stack_handler, SA_ONSTACK, 0 };
	check("sigaction(SIGUSR2, SA_ONSTACK)", sys_sigaction(SIGUSR2, &onstack, NULL));
	sys_kill(pid, SIGUSR2);
	yesno("handler ran on the alternate stack", on_altstack == 1);
	yesno("sigaltstack in the handler says SS_ONSTACK", altstack_flags_in_handler == SS_ONSTACK);
	struct gstack now;
	sys_sigaltstack(NULL, &now);
	yesno("after the handler: not on the stack", (now.flags & SS_ONSTACK) == 0);
	onstack.flags = 0;
	sys_sigaction(SIGUSR2, &onstack, NULL);
	sys_kill(pid, SIGUSR2);
	yesno("without SA_ONSTACK: handler on the normal stack", on_altstack == 0);

	/* SA_RESETHAND: one delivery, then back to SIG_DFL;
	 * SA_NODEFER: the signal is not blocked inside its handler */
	struct gsigaction once = { (void *)handler, SA_RESETHAND | SA_NODEFER, 0 }, cur_act;
	check("sigaction(SIGUSR1, SA_RESETHAND|SA_NODEFER)", sys_sigaction(SIGUSR1, &once, NULL));
	int before = got[SIGUSR1];
	sys_kill(pid, SIGUSR1);
	printf("handler calls: +%d\n", got[SIGUSR1] - before);
	yesno("SA_NODEFER: SIGUSR1 not blocked in the handler", (mask_in_handler & SIGBIT(SIGUSR1)) == 0);
	sys_sigaction(SIGUSR1, NULL, &cur_act);
	yesno("SA_RESETHAND: disposition is SIG_DFL again", cur_act.handler == SIG_DFL);
	return 0;
}
