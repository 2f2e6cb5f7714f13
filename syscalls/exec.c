/* execve: the new program runs under a fresh abirun.  The seccomp filter
 * cannot be removed and survives execve; abirun, at its fixed address,
 * passes it, loads the new program and installs its own filter on top. */
#include "handlers.h"

#define MAX_ARGS 65536

/* What the kernel would check before replacing the process: a regular
 * file (else EACCES), an x86-64 ELF header that makes sense, or a #! line
 * (else ENOEXEC).  Returns 0 for ELF, 1 for a script (interp filled in). */
static long check_image(long dirfd, const char *path, char *interp, char **iarg)
{
	long fd = sys4(__NR_openat, dirfd, path, 0x80000 /* O_CLOEXEC */, 0);
	if (fd < 0)
		return fd;
	struct { uint64_t dev, ino, nlink; uint32_t mode; uint32_t rest[27]; } st;
	unsigned char h[256];
	long n = sys2(__NR_fstat, fd, &st);
	if (n == 0 && (st.mode & 0170000) != 0100000)
		n = -13;	/* EACCES: not a regular file */
	if (n == 0)
		n = sys4(__NR_pread64, fd, h, sizeof h - 1, 0);
	sys1(__NR_close, fd);
	if (n < 0)
		return n;
	if (n >= 2 && h[0] == '#' && h[1] == '!') {
		h[n] = 0;
		char *p = (char *)h + 2, *end;
		while (*p == ' ' || *p == '\t')
			p++;
		end = p;
		while (*end && *end != ' ' && *end != '\t' && *end != '\n')
			end++;
		if (end == p || (size_t)(end - p) >= 255)
			return -8;	/* ENOEXEC */
		memcpy(interp, p, (size_t)(end - p));
		interp[end - p] = 0;
		char *a = end;
		while (*a == ' ' || *a == '\t')
			a++;
		char *ae = a;
		while (*ae && *ae != '\n')
			ae++;
		while (ae > a && (ae[-1] == ' ' || ae[-1] == '\t'))
			ae--;
		/* A missing interpreter fails the execve itself, as on the kernel. */
		long ir = sys4(__NR_faccessat, -100, interp, 1 /* X_OK */, 0);
		if (ir < 0)
			return ir;
		*iarg = 0;
		if (ae > a) {	/* one optional argument, the rest of the line */
			static char arg[256];
			memcpy(arg, a, (size_t)(ae - a));
			arg[ae - a] = 0;
			*iarg = arg;
		}
		return 1;
	}
	uint16_t machine, type, phentsize, phnum;
	if (n < 64 || memcmp(h, "\177ELF", 4) || h[4] != 2 /* 64-bit */ || h[5] != 1 /* LSB */)
		return -8;	/* ENOEXEC */
	memcpy(&type, h + 16, 2);
	memcpy(&machine, h + 18, 2);
	memcpy(&phentsize, h + 54, 2);
	memcpy(&phnum, h + 56, 2);
	if (machine != 62 || (type != 2 && type != 3) || phentsize != 56 || !phnum)
		return -8;
	return 0;
}

static long do_exec(struct trap *t, const char *path_for_check, long dirfd, uint64_t gpath,
		    uint64_t gargv, uint64_t genvp)
{
	/* Errors the guest must see come from the target, not from abirun. */
	long r = sys4(__NR_faccessat, dirfd, path_for_check, 1 /* X_OK */, 0);
	if (r < 0)
		return r;
	static char interp[256];
	char *iarg = 0;
	r = check_image(dirfd, path_for_check, interp, &iarg);
	if (r < 0)
		return r;
	long argc = 0;
	for (;; argc++) {
		uint64_t p;
		if (argc >= MAX_ARGS)
			return -7 /* E2BIG */;
		if (copy_from_guest(&p, gargv + (uint64_t)argc * 8, 8) < 0)
			return -L_EFAULT;
		if (!p)
			break;
	}
	/* abirun [--trace-fd N] [--stats-fd N] --argv0 ARGV0 -- PATH ARGS...:
	 * the guest keeps its argv[0]; tracing and statistics go on into the
	 * same descriptors, which are kept open across the exec. */
	uint64_t *nargv = shim_malloc(((size_t)argc + 12) * sizeof *nargv);
	static char tracearg[48], statsarg[48];
	if (!nargv)
		return -L_ENOMEM;
	size_t n = 0;
	nargv[n++] = (uint64_t)"abirun";
	if (rt_cfg.trace_fd >= 0) {
		shim_snprintf(tracearg, sizeof tracearg, "--trace-fd=%d%s", rt_cfg.trace_fd, rt_cfg.trace_host ? ",host" : "");
		nargv[n++] = (uint64_t)tracearg;
	}
	if (rt_cfg.stats_fd >= 0) {
		shim_snprintf(statsarg, sizeof statsarg, "--stats-fd=%d%s", rt_cfg.stats_fd, rt_cfg.stats_json ? ",json" : "");
		nargv[n++] = (uint64_t)statsarg;
	}
	uint64_t a0 = 0;
	if (argc > 0)
		copy_from_guest(&a0, gargv, 8);
	if (a0) {
		nargv[n++] = (uint64_t)"--argv0";
		nargv[n++] = a0;
	}
	nargv[n++] = (uint64_t)"--";
	if (r == 1) {
		/* #! script: the interpreter runs it, as the kernel would:
		 * interpreter [argument] script args... */
		n -= a0 ? 3 : 1;
		nargv[n++] = (uint64_t)"--";
		nargv[n++] = (uint64_t)interp;
		if (iarg)
			nargv[n++] = (uint64_t)iarg;
	}
	nargv[n++] = gpath;
	for (long i = 1; i < argc; i++)
		copy_from_guest(&nargv[n++], gargv + (uint64_t)i * 8, 8);
	nargv[n] = 0;
	if (rt_cfg.trace_fd >= 0)
		trace_noreturn(t);
	stats_dump();
	for (int i = 0; i < rt_cfg.nreserved_fds; i++)
		sys3(__NR_fcntl, rt_cfg.reserved_fds[i], 2 /* F_SETFD */, 0);
	r = sys3(__NR_execve, "/proc/self/exe", nargv, genvp);
	for (int i = 0; i < rt_cfg.nreserved_fds; i++)
		sys3(__NR_fcntl, rt_cfg.reserved_fds[i], 2, 1 /* FD_CLOEXEC */);
	if (r < 0)
		stats_reset_dumped();
	shim_free(nargv);
	return r;
}

long sys_execve(struct trap *t)
{
	char buf[GUEST_PATH_MAX];
	long err = 0;
	const char *p = guest_path(t, ARG(0), buf, sizeof buf, &err);
	if (!p)
		return err;
	return do_exec(t, p, L_AT_FDCWD, ARG(0), ARG(1), ARG(2));
}

long sys_fexecve(struct trap *t)
{
	char path[64];
	shim_snprintf(path, sizeof path, "/proc/self/fd/%d", IARG(0));
	char *copy = shim_malloc(sizeof path);
	if (!copy)
		return -L_ENOMEM;
	memcpy(copy, path, sizeof path);
	long r = do_exec(t, copy, L_AT_FDCWD, (uint64_t)copy, ARG(1), ARG(2));
	shim_free(copy);
	return r;
}

/* execve of a Linux guest: same re-execution; a path relative to a
 * directory descriptor goes through /proc/self/fd. */
long linux_exec(struct trap *t, long dirfd, uint64_t path, uint64_t argv, uint64_t envp)
{
	char buf[GUEST_PATH_MAX];
	long n = uaccess_strnlen((const char *)path, sizeof buf - 64);
	if (n < 0)
		return -L_EFAULT;
	if (n >= (long)sizeof buf - 64)
		return -L_ENAMETOOLONG;
	char first;
	if (copy_from_guest(&first, path, 1) < 0)
		return -L_EFAULT;
	if (dirfd == L_AT_FDCWD || first == '/')
		return do_exec(t, (const char *)path, L_AT_FDCWD, path, argv, envp);
	int k = shim_snprintf(buf, sizeof buf, "/proc/self/fd/%ld/", dirfd);
	if (copy_from_guest(buf + k, path, (size_t)n + 1) < 0)
		return -L_EFAULT;
	char *copy = shim_malloc((size_t)k + (size_t)n + 1);
	if (!copy)
		return -L_ENOMEM;
	memcpy(copy, buf, (size_t)k + (size_t)n + 1);
	long r = do_exec(t, copy, L_AT_FDCWD, (uint64_t)copy, argv, envp);
	shim_free(copy);
	return r;
}
