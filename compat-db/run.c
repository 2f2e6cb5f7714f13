/* compat-db: running a program under abirun and judging the outcome.
 *
 * The child is abirun itself (/proc/self/exe, or $ABIRUN_COMPAT_ABIRUN):
 *   abirun --stats=json:FILE -- PROGRAM ARGS...
 * in its own process group, stdin from /dev/null, stdout and stderr hashed
 * as they stream (their first bytes kept for matching and diagnosis).  On
 * timeout the whole process group is killed; when the program ends, any
 * process it left behind in its group is killed too. */
#include "compat-db/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STDOUT_KEEP (1u << 20)
#define STDERR_KEEP (64u << 10)

const char *compat_runner_path(void)
{
	const char *e = getenv("ABIRUN_COMPAT_ABIRUN");
	return e && *e ? e : "/proc/self/exe";
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct stream {
	int fd;
	struct compat_sha256 h;
	struct compat_buf keep;
	size_t cap;
	int64_t bytes;
};

/* Returns 1 at EOF/error, 0 otherwise. */
static int pump(struct stream *s)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(s->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : 1;
		if (n == 0)
			return 1;
		compat_sha256_update(&s->h, buf, (size_t)n);
		s->bytes += n;
		if (s->keep.len < s->cap) {
			size_t k = (size_t)n < s->cap - s->keep.len ? (size_t)n : s->cap - s->keep.len;
			compat_buf_add(&s->keep, buf, k);
		}
	}
}

static volatile sig_atomic_t child_pgid;

static void on_interrupt(int sig)
{
	if (child_pgid > 0)
		kill(-child_pgid, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const char *signame(int sig, char *buf, size_t n)
{
	const char *a = sigabbrev_np(sig);
	if (a)
		snprintf(buf, n, "SIG%s", a);
	else
		snprintf(buf, n, "signal %d", sig);
	return buf;
}

static void first_line(const char *s, char *out, size_t n)
{
	size_t i = 0;
	if (!s)
		s = "";
	while (*s == '\n')
		s++;
	for (; s[i] && s[i] != '\n' && i + 1 < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	out[i] = 0;
}

static int matches(const struct compat_run_result *r)
{
	const char *out = r->stdout_head ? r->stdout_head : "";
	if (!strcmp(r->expect_mode, "exact")) {
		size_t a = strlen(out), b = strlen(r->expect);
		if ((int64_t)a != r->stdout_bytes)
			return 0;	/* longer than what we keep, or holds NUL bytes */
		if (a && out[a - 1] == '\n')
			a--;
		if (b && r->expect[b - 1] == '\n')
			b--;
		return a == b && memcmp(out, r->expect, a) == 0;
	}
	return strstr(out, r->expect) != NULL;
}

void compat_run_judge(struct compat_run_result *r)
{
	char sb[32], line[200];
	r->reason[0] = 0;
	if (r->expect) {
		if (!r->expect_mode)
			r->expect_mode = "substring";
		r->expect_matched = matches(r);
	} else {
		r->expect_matched = -1;
	}
	int ok = !strcmp(r->outcome, "exit") && r->exit_code == r->expect_exit && r->expect_matched != 0;
	snprintf(r->verdict, sizeof r->verdict, "%s", ok ? "pass" : "fail");
	if (ok)
		return;
	if (!strcmp(r->outcome, "exit") && r->exit_code != r->expect_exit)
		snprintf(r->reason, sizeof r->reason, "exit status %d (expected %d)", r->exit_code, r->expect_exit);
	else if (!strcmp(r->outcome, "exit"))
		snprintf(r->reason, sizeof r->reason, "output does not %s \"%.120s\"",
			 !strcmp(r->expect_mode, "exact") ? "equal" : "contain", r->expect);
	else if (!strcmp(r->outcome, "signal"))
		snprintf(r->reason, sizeof r->reason, "killed by %s", signame(r->signal, sb, sizeof sb));
	else if (!strcmp(r->outcome, "timeout"))
		snprintf(r->reason, sizeof r->reason, "timed out after %d s", r->timeout_s);
	else {
		first_line(r->stderr_head, line, sizeof line);
		snprintf(r->reason, sizeof r->reason, "%s%s%s", r->outcome, line[0] ? ": " : "", line);
	}
}

void compat_run_result_free(struct compat_run_result *r)
{
	free(r->stdout_head);
	free(r->stderr_head);
	r->stdout_head = r->stderr_head = NULL;
	compat_stats_free(&r->stats);
}

int compat_run_exec(const struct compat_run_opts *o, char **argv, int argc,
		    struct compat_run_result *r)
{
	int outp[2] = {-1, -1}, errp[2] = {-1, -1}, exep[2] = {-1, -1};
	const char *runner = compat_runner_path();
	struct stream so = {0}, se = {0};
	int status = 0, reaped = 0, timed_out = 0, exec_errno = 0;
	pid_t pid;

	memset(r, 0, sizeof *r);
	r->program = argv[0];
	r->argv = argv + 1;
	r->argc = argc - 1;
	r->name = o->name ? o->name : compat_basename(argv[0]);
	r->source = o->source;
	r->version = compat_version();
	r->timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	r->expect = o->expect;
	r->expect_mode = o->expect ? (o->expect_exact ? "exact" : "substring") : NULL;
	r->expect_exit = o->expect_exit;
	r->exit_code = -1;
	compat_host_kernel(r->host_kernel, sizeof r->host_kernel);
	compat_now_iso(r->started_at);

	const char *tmpdir = getenv("TMPDIR");
	char *tmpl = compat_xasprintf("%s/abirun-compat-stats-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int sfd = mkostemp(tmpl, O_CLOEXEC);
	if (sfd < 0) {
		free(tmpl);
		tmpl = compat_xstrdup("/tmp/abirun-compat-stats-XXXXXX");
		sfd = mkostemp(tmpl, O_CLOEXEC);
	}
	if (sfd < 0) {
		compat_err("cannot create a temporary file for the statistics: %s", strerror(errno));
		free(tmpl);
		return -1;
	}
	close(sfd);

	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 || pipe2(exep, O_CLOEXEC) < 0) {
		compat_err("pipe: %s", strerror(errno));
		goto fail;
	}
	char *statsopt = compat_xasprintf("--stats=json:%s", tmpl);
	char **cargv = compat_xcalloc((size_t)argc + 4, sizeof(char *));
	cargv[0] = (char *)runner;
	cargv[1] = statsopt;
	cargv[2] = "--";
	for (int i = 0; i < argc; i++)
		cargv[3 + i] = argv[i];

	fflush(NULL);
	int64_t t0 = now_ms();
	pid = fork();
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		setpgid(0, 0);
		int e = 0;
		int dn = open(o->stdin_path ? o->stdin_path : "/dev/null", O_RDONLY);
		if (dn < 0)
			e = errno;
		if (dn >= 0) {
			dup2(dn, 0);
			if (dn > 2)
				close(dn);
		}
		dup2(outp[1], 1);
		dup2(errp[1], 2);
		if (!e && o->cwd && chdir(o->cwd) < 0)
			e = errno;
		if (!e) {
			execv(runner, cargv);
			e = errno;
		}
		if (write(exep[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	free(cargv);
	free(statsopt);
	if (pid < 0) {
		compat_err("fork: %s", strerror(errno));
		goto fail;
	}
	setpgid(pid, pid);	/* also here: no window where a kill misses the group */
	child_pgid = pid;
	struct sigaction sa = {0}, oldint, oldterm, oldhup;
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);
	sigaction(SIGHUP, &sa, &oldhup);

	close(outp[1]);
	close(errp[1]);
	close(exep[1]);
	outp[1] = errp[1] = exep[1] = -1;
	if (read(exep[0], &exec_errno, sizeof exec_errno) != sizeof exec_errno)
		exec_errno = 0;
	close(exep[0]);
	exep[0] = -1;

	so.fd = outp[0];
	se.fd = errp[0];
	so.cap = STDOUT_KEEP;
	se.cap = STDERR_KEEP;
	compat_sha256_init(&so.h);
	compat_sha256_init(&se.h);
	fcntl(so.fd, F_SETFL, O_NONBLOCK);
	fcntl(se.fd, F_SETFL, O_NONBLOCK);
	int out_open = 1, err_open = 1;
	int64_t deadline = t0 + (int64_t)r->timeout_s * 1000, reaped_at = 0, t1 = 0;

	while (!reaped || out_open || err_open) {
		int64_t now = now_ms();
		if (!reaped) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid) {
				reaped = 1;
				reaped_at = t1 = now;
				kill(-pid, SIGKILL);	/* leftovers in its process group */
			} else if (now >= deadline && !timed_out) {
				timed_out = 1;
				kill(-pid, SIGKILL);
				kill(pid, SIGKILL);
			}
		}
		/* after the program ended, descendants outside its group could keep
		 * the pipes open: stop reading shortly after */
		if (reaped && now - reaped_at > 500)
			break;
		struct pollfd pf[2];
		int n = 0;
		if (out_open)
			pf[n++] = (struct pollfd){so.fd, POLLIN, 0};
		if (err_open)
			pf[n++] = (struct pollfd){se.fd, POLLIN, 0};
		int wait = 50;
		if (n == 0) {
			if (reaped)
				break;
			usleep(10000);
			continue;
		}
		if (poll(pf, (nfds_t)n, wait) < 0 && errno != EINTR)
			break;
		if (out_open && pump(&so))
			out_open = 0;
		if (err_open && pump(&se))
			err_open = 0;
	}
	if (!reaped) {
		/* poll failed: do not leave the program behind */
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		t1 = now_ms();
	}
	child_pgid = 0;
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	sigaction(SIGHUP, &oldhup, NULL);
	r->duration_ms = t1 - t0;

	uint8_t d[32];
	compat_sha256_final(&so.h, d);
	compat_hex(d, 32, r->stdout_sha256);
	compat_sha256_final(&se.h, d);
	compat_hex(d, 32, r->stderr_sha256);
	r->stdout_bytes = so.bytes;
	r->stderr_bytes = se.bytes;
	r->stdout_head = compat_buf_take(&so.keep);
	r->stderr_head = compat_buf_take(&se.keep);
	close(outp[0]);
	close(errp[0]);

	/* statistics */
	char *text = NULL;
	size_t len = 0;
	if (compat_read_file(tmpl, 64u << 20, &text, &len) == 0 && len > 0) {
		char err[256];
		if (compat_stats_parse(text, len, &r->stats, err, sizeof err) == 0)
			r->have_stats = 1;
		else
			compat_err("warning: %s: unreadable --stats output: %s", r->name, err);
	}
	free(text);
	unlink(tmpl);
	free(tmpl);

	if (exec_errno) {
		snprintf(r->outcome, sizeof r->outcome, "spawn-error");
		free(r->stderr_head);
		r->stderr_head = compat_xasprintf("cannot start the runner %s (stdin %s, cwd %s): %s", runner,
						  o->stdin_path ? o->stdin_path : "/dev/null", o->cwd ? o->cwd : ".",
						  strerror(exec_errno));
	} else if (timed_out) {
		snprintf(r->outcome, sizeof r->outcome, "timeout");
	} else if (WIFSIGNALED(status)) {
		snprintf(r->outcome, sizeof r->outcome, "signal");
		r->signal = WTERMSIG(status);
	} else {
		int code = WEXITSTATUS(status);
		r->exit_code = code;
		/* 126/127 are abirun's own refusals unless the guest ran (stats written) */
		if (code == 126 && !r->have_stats)
			snprintf(r->outcome, sizeof r->outcome, "cannot-execute");
		else if (code == 127 && !r->have_stats)
			snprintf(r->outcome, sizeof r->outcome, "not-found");
		else
			snprintf(r->outcome, sizeof r->outcome, "exit");
	}
	compat_run_judge(r);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0) close(outp[i]);
		if (errp[i] >= 0) close(errp[i]);
		if (exep[i] >= 0) close(exep[i]);
	}
	unlink(tmpl);
	free(tmpl);
	return -1;
}

/* PATH lookup, for fingerprinting what the runner will execute. */
static char *find_program(const char *prog)
{
	if (strchr(prog, '/'))
		return compat_xstrdup(prog);
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	char *copy = compat_xstrdup(path), *save = NULL;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *p = compat_xasprintf("%s/%s", *d ? d : ".", prog);
		if (access(p, X_OK) == 0) {
			free(copy);
			return p;
		}
		free(p);
	}
	free(copy);
	return NULL;
}

int compat_run_and_record(struct compat_db *db, const struct compat_run_opts *o,
			  char **argv, int argc, int *passed, char *summary, size_t summarylen)
{
	struct compat_fingerprint fp;
	struct compat_run_result r;
	int have_fp = 0;
	char *path = find_program(argv[0]);

	memset(&fp, 0, sizeof fp);
	if (path && compat_scan_file(path, &fp) == 0)
		have_fp = 1;
	free(path);

	if (compat_run_exec(o, argv, argc, &r) < 0) {
		compat_fingerprint_free(&fp);
		return COMPAT_EXIT_ERROR;
	}
	int64_t id = compat_store_run(db, have_fp ? &fp : NULL, &r);
	if (passed)
		*passed = !strcmp(r.verdict, "pass");

	/* summary */
	struct compat_buf b = {0};
	int nmiss = 0;
	for (int i = 0; i < r.stats.nrows; i++)
		if (r.stats.rows[i].enosys > 0)
			nmiss++;
	compat_buf_printf(&b, "%s: %s", r.name, !strcmp(r.verdict, "pass") ? "PASS" : "FAIL");
	if (r.reason[0])
		compat_buf_printf(&b, " (%s)", r.reason);
	char tm[32];
	compat_fmt_ms(r.duration_ms, tm, sizeof tm);
	compat_buf_printf(&b, " in %s", tm);
	if (r.have_stats) {
		compat_buf_printf(&b, ", %lld call%s to %d syscall%s", (long long)r.stats.calls,
				  r.stats.calls == 1 ? "" : "s", r.stats.nrows, r.stats.nrows == 1 ? "" : "s");
		if (nmiss) {
			compat_buf_printf(&b, ", %d not implemented:", nmiss);
			int shown = 0;
			for (int i = 0; i < r.stats.nrows && shown < 6; i++)
				if (r.stats.rows[i].enosys > 0) {
					const struct compat_stat_row *s = &r.stats.rows[i];
					if (s->name[0])
						compat_buf_printf(&b, " %s", s->name);
					else
						compat_buf_printf(&b, " #%ld", s->nr);
					shown++;
				}
			if (nmiss > shown)
				compat_buf_puts(&b, " ...");
		}
	} else if (!strcmp(r.outcome, "exit") || !strcmp(r.outcome, "signal")) {
		compat_buf_puts(&b, ", no --stats output");
	}
	if (summary)
		snprintf(summary, summarylen, "%s", b.p);
	compat_buf_free(&b);
	compat_run_result_free(&r);
	compat_fingerprint_free(&fp);
	if (id < 0)
		return COMPAT_EXIT_ERROR;
	return passed && !*passed ? COMPAT_EXIT_NEGATIVE : COMPAT_EXIT_OK;
}
