/* runner: run a command, report its wall time, exit status and peak RSS.
 *
 *   runner [-n COUNT] [-t SECONDS] [-o FILE] [-e FILE] [-C DIR] -- CMD [ARGS...]
 *
 * For each of COUNT runs (default 1) prints one line on stdout:
 *
 *   status=exit:N|signal:N|timeout|execfail wall_ns=N maxrss_kb=N utime_us=N stime_us=N
 *
 * wall_ns runs from just before fork to wait4's return (CLOCK_MONOTONIC);
 * maxrss_kb and the CPU times are the child's, from wait4's rusage.  The
 * child's stdout/stderr go to FILE (-o/-e; appended to, so several runs
 * accumulate) or stay inherited.  A run longer than -t SECONDS has its
 * process group killed and is reported as status=timeout.  The runner's own
 * exit status is 0 unless its arguments are wrong: a failing command is a
 * result, not an error.
 *
 * Peak RSS note: Linux keeps a process's maxrss across execve, and a forked
 * child starts with the anonymous pages it inherited.  This program is
 * linked static and keeps almost nothing in anonymous memory, so that floor
 * is small (measure it: the native nop's maxrss is the floor). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void usage(void)
{
	fputs("usage: runner [-n COUNT] [-t SECONDS] [-o FILE] [-e FILE] [-C DIR] -- CMD [ARGS...]\n", stderr);
	exit(2);
}

static volatile sig_atomic_t timed_out;
static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

int main(int argc, char **argv)
{
	int count = 1, timeout = 0;
	const char *out = NULL, *err = NULL, *dir = NULL;
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(a, "-n"))
			count = atoi(argv[++i]);
		else if (!strcmp(a, "-t"))
			timeout = atoi(argv[++i]);
		else if (!strcmp(a, "-o"))
			out = argv[++i];
		else if (!strcmp(a, "-e"))
			err = argv[++i];
		else if (!strcmp(a, "-C"))
			dir = argv[++i];
		else
			usage();
	}
	if (i >= argc || count < 1)
		usage();
	char **cmd = argv + i;

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: wait4 returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (int run = 0; run < count; run++) {
		int ofd = -1, efd = -1;
		if (out && (ofd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
			perror(out);
			return 2;
		}
		if (err && (efd = open(err, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
			perror(err);
			return 2;
		}
		int pfd[2];	/* reports an exec failure */
		if (pipe2(pfd, O_CLOEXEC) < 0) {
			perror("pipe2");
			return 2;
		}
		timed_out = 0;
		long long t0 = now_ns();
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			setpgid(0, 0);
			if (ofd >= 0)
				dup2(ofd, 1);
			if (efd >= 0)
				dup2(efd, 2);
			if (dir && chdir(dir) < 0)
				_exit(127);
			execvp(cmd[0], cmd);
			int e = errno;
			if (write(pfd[1], &e, sizeof e) < 0)
				_exit(127);
			_exit(127);
		}
		close(pfd[1]);
		if (timeout > 0)
			alarm((unsigned)timeout);
		int st = 0;
		struct rusage ru;
		memset(&ru, 0, sizeof ru);
		pid_t w;
		while ((w = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR) {
			if (timed_out) {
				kill(-pid, SIGKILL);
				kill(pid, SIGKILL);
			}
		}
		long long t1 = now_ns();
		alarm(0);
		int e = 0;
		int execfail = read(pfd[0], &e, sizeof e) == (ssize_t)sizeof e;
		close(pfd[0]);
		if (ofd >= 0)
			close(ofd);
		if (efd >= 0)
			close(efd);
		/* Anything the command left behind in its group goes too. */
		kill(-pid, SIGKILL);

		char status[64];
		if (execfail)
			snprintf(status, sizeof status, "execfail:%d", e);
		else if (timed_out)
			snprintf(status, sizeof status, "timeout");
		else if (WIFEXITED(st))
			snprintf(status, sizeof status, "exit:%d", WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			snprintf(status, sizeof status, "signal:%d", WTERMSIG(st));
		else
			snprintf(status, sizeof status, "unknown:%d", st);
		printf("status=%s wall_ns=%lld maxrss_kb=%ld utime_us=%lld stime_us=%lld\n", status, t1 - t0,
		       ru.ru_maxrss, (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
		       (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec);
	}
	return 0;
}
