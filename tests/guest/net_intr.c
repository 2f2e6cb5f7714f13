/* Signals against blocking socket calls: a forked child signals the parent
 * while it waits.  recv and accept fail with EINTR under a handler without
 * SA_RESTART and are restarted under SA_RESTART; poll and select end with
 * EINTR either way. */
#include "netdefs.h"

static volatile int hits;

static void on_usr1(int sig)
{
	(void)sig;
	hits++;
}

static void nap_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };
	sys_nanosleep(&ts, NULL);
}

/* Waits until the parent sleeps in the kernel (state S in /proc/PID/stat):
 * it has nothing else to sleep in than the call under test, so the signal
 * cannot arrive before that call blocks, however slow the machine. */
static void wait_blocked(long ppid)
{
	char path[64], st[512];
	snprintf(path, sizeof path, "/proc/%ld/stat", ppid);
	for (;;) {
		long fd = sys_open(path, O_RDONLY, 0);
		long n = fd < 0 ? -1 : sys_read((int)fd, st, sizeof st - 1);
		if (fd >= 0)
			sys_close((int)fd);
		if (n > 0) {
			st[n] = 0;
			char *p = strrchr(st, ')');
			if (p && p[1] == ' ' && p[2] == 'S')
				return;
		}
		nap_ms(1);
	}
}

/* child: once the parent is blocked, SIGUSR1 to it; after another 150 ms
 * run then() (which may be NULL), then exit */
static long spawn(void (*then)(int), int arg)
{
	long ppid = sys_getpid();
	long pid = sys0(SYS_fork_);
	if (pid == 0) {
		wait_blocked(ppid);
		sys_kill(ppid, SIGUSR1);
		nap_ms(150);
		if (then)
			then(arg);
		_exit(0);
	}
	return pid;
}

static void reap(long pid)
{
	int st;
	sys4(SYS_wait4_, pid, (long)&st, 0, 0);
}

static void write_x(int fd) { sys_write(fd, "x", 1); }

static void connect_to(int port)
{
	struct gsockaddr a;
	int c = (int)sys_socket(AF_INET, SOCK_STREAM, 0);
	sys_connect(c, &a, sin_loopback(&a, (unsigned)port));
	nap_ms(200);
}

static void set_handler(int restart)
{
	struct gsigaction act = { (void *)on_usr1, restart ? SA_RESTART : 0, 0 };
	sys_sigaction(SIGUSR1, &act, NULL);
}

int main(void)
{
	int sv[2];
	char buf[8];
	long r, pid;

	sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	set_handler(0);
	pid = spawn(write_x, sv[1]);
	r = sys_recvfrom(sv[0], buf, sizeof(buf), 0, NULL, NULL);
	printf("recv, no SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "data", hits);
	checkval("recv again", sys_recvfrom(sv[0], buf, sizeof(buf), 0, NULL, NULL));
	reap(pid);

	set_handler(1);
	pid = spawn(write_x, sv[1]);
	r = sys_recvfrom(sv[0], buf, sizeof(buf), 0, NULL, NULL);
	printf("recv, SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "data", hits);
	reap(pid);

	struct msghdr m;
	struct iovec iov = { buf, sizeof(buf) };
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	pid = spawn(write_x, sv[1]);
	r = sys_recvmsg(sv[0], &m, 0);
	printf("recvmsg, SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "data", hits);
	reap(pid);

	int l = tcp_listener();
	int port = (int)bound_port(l);
	pid = spawn(connect_to, port);
	r = sys_accept(l, NULL, NULL);
	printf("accept, SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "a connection", hits);
	if (r >= 0)
		sys_close((int)r);
	reap(pid);
	set_handler(0);
	pid = spawn(connect_to, port);
	r = sys_accept(l, NULL, NULL);
	printf("accept, no SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "a connection", hits);
	reap(pid);
	sys_close(l);

	set_handler(1);
	pid = spawn(NULL, 0);
	struct pollfd p = { sv[0], POLLIN, 0 };
	r = sys_poll(&p, 1, 5000);
	printf("poll, SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "ready", hits);
	reap(pid);
	pid = spawn(NULL, 0);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(sv[0], &rd);
	r = sys_select(sv[0] + 1, &rd, NULL, NULL, NULL);
	printf("select, SA_RESTART: %s, handler %d\n", r < 0 ? errname(r) : "ready", hits);
	reap(pid);
	return 0;
}
