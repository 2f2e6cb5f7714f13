/* poll, ppoll, select, pselect: readiness of pipes and sockets (POLLIN,
 * POLLOUT, POLLHUP, POLLNVAL, POLLRDHUP after the peer's shutdown),
 * timeouts, fd_sets, and the temporary signal mask of ppoll/pselect: a
 * pending signal the mask lets through ends the wait with EINTR after its
 * handler ran, and the old mask is back afterwards. */
#include "netdefs.h"

static volatile int got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static void show_revents(const char *label, const struct pollfd *p, long r)
{
	printf("%s: %ld revents", label, r);
	if (p->revents & POLLIN) printf(" IN");
	if (p->revents & POLLOUT) printf(" OUT");
	if (p->revents & POLLERR) printf(" ERR");
	if (p->revents & POLLHUP) printf(" HUP");
	if (p->revents & POLLNVAL) printf(" NVAL");
	if (p->revents & POLLRDHUP) printf(" RDHUP");
	if (p->revents & POLLWRBAND) printf(" WRBAND");
	printf("\n");
}

int main(void)
{
	int p[2], sv[2];
	char buf[16];
	struct pollfd pf[3];
	long r;

	sys_pipe2(p, 0);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	r = sys_poll(pf, 1, 0);
	show_revents("empty pipe, timeout 0", &pf[0], r);
	r = sys_poll(pf, 1, 30);
	show_revents("empty pipe, timeout 30 ms", &pf[0], r);
	sys_write(p[1], "a", 1);
	pf[0].revents = 0x7777;
	r = sys_poll(pf, 1, -1);
	show_revents("after a write", &pf[0], r);
	pf[0] = (struct pollfd){ p[1], POLLOUT | POLLIN, 0 };
	pf[1] = (struct pollfd){ 999, POLLIN, 0 };
	pf[2] = (struct pollfd){ -1, POLLIN, 0x55 };
	r = sys_poll(pf, 3, 0);
	show_revents("write end", &pf[0], r);
	show_revents("fd 999", &pf[1], r);
	show_revents("fd -1", &pf[2], r);
	sys_close(p[1]);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	r = sys_poll(pf, 1, 0);
	show_revents("writer closed, data left", &pf[0], r);
	sys_read(p[0], buf, 1);
	r = sys_poll(pf, 1, 0);
	show_revents("writer closed, drained", &pf[0], r);
	sys_close(p[0]);
	expect_err("poll with a bad array", sys_poll((void *)8, 1, 0));

	/* sockets: POLLRDHUP after the peer's shutdown */
	sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pf[0] = (struct pollfd){ sv[0], POLLIN | POLLOUT | POLLRDHUP, 0 };
	r = sys_poll(pf, 1, 0);
	show_revents("socket, quiet", &pf[0], r);
	sys_shutdown(sv[1], SHUT_WR);
	r = sys_poll(pf, 1, 0);
	show_revents("socket, peer SHUT_WR", &pf[0], r);
	sys_close(sv[1]);
	r = sys_poll(pf, 1, 0);
	show_revents("socket, peer closed", &pf[0], r);
	sys_close(sv[0]);

	/* select */
	sys_pipe2(p, 0);
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	struct timeval tv = { 0, 0 };
	r = sys_select(p[1] + 1, &rd, &wr, NULL, &tv);
	printf("select: %ld read %d write %d\n", r, FD_ISSET(p[0], &rd), FD_ISSET(p[1], &wr));
	sys_write(p[1], "b", 1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = sys_select(p[0] + 1, &rd, NULL, NULL, NULL);
	printf("select after a write: %ld read %d\n", r, FD_ISSET(p[0], &rd));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 20000 };
	sys_read(p[0], buf, 1);
	r = sys_select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select timeout: %ld read %d\n", r, FD_ISSET(p[0], &rd));
	expect_err("select with nd -1", sys_select(-1, NULL, NULL, NULL, &tv));
	tv = (struct timeval){ -1, 0 };
	expect_err("select with a negative timeout", sys_select(1, NULL, NULL, NULL, &tv));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	expect_err("select with a bad fd_set", sys_select(p[0] + 1, (void *)8, NULL, NULL, NULL));
	struct timespec ts = { 0, 10000000 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = sys_pselect(p[0] + 1, &rd, NULL, NULL, &ts, NULL);
	printf("pselect timeout: %ld\n", r);
	ts = (struct timespec){ 0, 1000000000 };
	expect_err("pselect with tv_nsec 1e9", sys_pselect(p[0] + 1, &rd, NULL, NULL, &ts, NULL));
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	ts = (struct timespec){ 0, 10000000 };
	r = sys_ppoll(pf, 1, &ts, NULL);
	show_revents("ppoll timeout", &pf[0], r);
	sys_write(p[1], "c", 1);
	r = sys_ppoll(pf, 1, NULL, NULL);
	show_revents("ppoll after a write", &pf[0], r);
	sys_read(p[0], buf, 1);

	/* the temporary mask of ppoll/pselect */
	struct gsigaction act = { (void *)on_usr1, 0, 0 };
	sys_sigaction(SIGUSR1, &act, NULL);
	unsigned long blk = SIGBIT(SIGUSR1), none = 0, cur = 0;
	sys_sigprocmask(SIG_BLOCK, &blk, NULL);
	sys_kill(sys_getpid(), SIGUSR1);
	printf("handler ran while blocked: %d\n", got_usr1);
	ts = (struct timespec){ 0, 10000000 };
	r = sys_ppoll(pf, 1, &ts, &blk);
	printf("ppoll with SIGUSR1 still blocked: %ld, handler ran: %d\n", r, got_usr1);
	r = sys_ppoll(pf, 1, NULL, &none);
	printf("ppoll with an empty mask: %s, handler ran: %d\n", r < 0 ? errname(r) : "no error", got_usr1);
	sys_sigprocmask(SIG_BLOCK, NULL, &cur);
	yesno("SIGUSR1 blocked again afterwards", (cur & blk) != 0);
	sys_kill(sys_getpid(), SIGUSR1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = sys_pselect(p[0] + 1, &rd, NULL, NULL, NULL, &none);
	printf("pselect with an empty mask: %s, handler ran: %d\n", r < 0 ? errname(r) : "no error", got_usr1);
	sys_sigprocmask(SIG_BLOCK, NULL, &cur);
	yesno("SIGUSR1 blocked again afterwards", (cur & blk) != 0);
	/* the wait ends normally: the mask comes back too */
	sys_write(p[1], "d", 1);
	r = sys_ppoll(pf, 1, NULL, &none);
	show_revents("ppoll, ready, empty mask", &pf[0], r);
	sys_sigprocmask(SIG_BLOCK, NULL, &cur);
	yesno("SIGUSR1 blocked afterwards", (cur & blk) != 0);
	sys_close(p[0]);
	sys_close(p[1]);
	return 0;
}
