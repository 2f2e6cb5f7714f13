/* abirun's front end: options, finding and checking the program, and the
 * hand-over to the runtime. */
#include "loader.h"
#include "syscalls/rtapi.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <unistd.h>
#include <elf.h>

#ifndef ABIRUN_VERSION
#define ABIRUN_VERSION "unknown"
#endif

extern char __executable_start[], etext[], end[];
int compat_main(int argc, char **argv) __attribute__((weak));

static const char *prog = "abirun";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: abirun [OPTIONS] PROGRAM [ARGS...]\n"
		"       abirun compat SUBCOMMAND ...   (the compatibility database; see 'abirun compat help')\n"
		"\n"
		"Runs an x86-64 FreeBSD program on Linux, translating its system calls.\n"
		"\n"
		"options:\n"
		"  --trace[=FILE]        one line per guest syscall (to stderr, or FILE)\n"
		"  --trace=host[:FILE]   the same, plus the Linux calls each one became\n"
		"  --stats[=FILE]        at exit, a table of calls, errors and unimplemented calls\n"
		"  --stats=json[:FILE]   the same as JSON (what 'abirun compat' records)\n"
		"  --abi=NAME            treat the program as NAME (freebsd-amd64)\n"
		"  --argv0 NAME          the program's argv[0] (default: PROGRAM as given)\n"
		"  --no-timekeep         no clock page: the program reads the time by syscalls\n"
		"  --version             print the version\n"
		"  -h, --help            this text\n"
		"  --                    end of options\n"
		"\n"
		"Exit status: the program's own, or death by the same signal; 126 if the\n"
		"program cannot be run (unsupported or malformed), 127 if it is not found.\n");
}

/* A descriptor for the runtime's own output, out of the guest's way. */
static int runtime_fd(const char *path, int fallback)
{
	int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : dup(fallback);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path ? path : "stderr", strerror(errno));
		exit(2);
	}
	int hi = fcntl(fd, F_DUPFD_CLOEXEC, 900);
	if (hi >= 0) {
		close(fd);
		fd = hi;
	}
	rt_cfg.reserved_fds[rt_cfg.nreserved_fds++] = fd;
	return fd;
}

/* The clock page needs a TSC that is the kernel's clocksource, constant and
 * not stopping; its first frequency estimate is the kernel's "cpu MHz"
 * (refined by the timekeeper against CLOCK_MONOTONIC). */
static double tsc_mhz_if_usable(void)
{
	char buf[64] = "";
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
	if (!f)
		return 0;
	bool tsc = fgets(buf, sizeof buf, f) && !strncmp(buf, "tsc", 3);
	fclose(f);
	if (!tsc || !(f = fopen("/proc/cpuinfo", "r")))
		return 0;
	char line[4096];
	double mhz = 0;
	bool constant = false, nonstop = false;
	while (fgets(line, sizeof line, f)) {
		if (!mhz && !strncmp(line, "cpu MHz", 7))
			mhz = strtod(strchr(line, ':') + 1, NULL);
		if (!strncmp(line, "flags", 5)) {
			constant = strstr(line, " constant_tsc") != NULL;
			nonstop = strstr(line, " nonstop_tsc") != NULL;
			break;
		}
	}
	fclose(f);
	return constant && nonstop ? mhz : 0;
}

/* Are we already under a seccomp filter (run by a foreign guest's exec)? */
static bool under_seccomp(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	bool yes = false;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "Seccomp:", 8))
			yes = atoi(line + 8) != 0;
	if (f)
		fclose(f);
	return yes;
}

static const char *find_program(const char *name, char *buf, size_t len)
{
	if (strchr(name, '/'))
		return name;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, len, "%.*s%s%s", (int)n, path, n ? "/" : "", name);
		if (access(buf, X_OK) == 0)
			return buf;
		path += n + (path[n] == ':');
	}
	return NULL;
}

static void find_own_image(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	size_t n = getauxval(AT_PHNUM);
	for (size_t i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X)) {
			rt_cfg.text_start = ph[i].p_vaddr;
			rt_cfg.text_end = ph[i].p_vaddr + ph[i].p_memsz;
		}
	rt_cfg.image_start = (uint64_t)__executable_start;
	/* Up to the end of the host heap: host-phase data the runtime reads
	 * later (paths, symbols) lives there. */
	uint64_t brk = (uint64_t)sbrk(0);
	rt_cfg.image_end = ((brk > (uint64_t)end ? brk : (uint64_t)end) + (64 << 20) + 4095) & ~4095ull;
	const Elf64_Ehdr *vd = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	if (vd) {
		const Elf64_Phdr *vp = (const Elf64_Phdr *)((const char *)vd + vd->e_phoff);
		uint64_t lo = ~0ull, hi = 0;
		for (int i = 0; i < vd->e_phnum; i++)
			if (vp[i].p_type == PT_LOAD) {
				if (vp[i].p_vaddr < lo)
					lo = vp[i].p_vaddr;
				if (vp[i].p_vaddr + vp[i].p_memsz > hi)
					hi = vp[i].p_vaddr + vp[i].p_memsz;
			}
		if (hi > lo) {
			rt_cfg.vdso_start = (uint64_t)vd;
			rt_cfg.vdso_end = (uint64_t)vd + (hi - lo);
		}
	}
}

int main(int argc, char **argv, char **envp)
{
	const char *trace = NULL, *stats = NULL, *abi_name = NULL, *argv0 = NULL;
	bool timekeep = true;
	bool trace_on = false, stats_on = false;
	int i;
	if (argc > 1 && !strcmp(argv[1], "compat")) {
		if (!compat_main) {
			fprintf(stderr, "%s: this build has no compatibility database\n", prog);
			return 2;
		}
		return compat_main(argc - 1, argv + 1);
	}
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "--trace")) {
			trace_on = true;
		} else if (!strncmp(a, "--trace=", 8)) {
			trace_on = true;
			trace = a + 8;
			if (!strncmp(trace, "host", 4) && (trace[4] == 0 || trace[4] == ':')) {
				rt_cfg.trace_host = true;
				trace = trace[4] ? trace + 5 : NULL;
			}
		} else if (!strcmp(a, "--stats")) {
			stats_on = true;
		} else if (!strncmp(a, "--stats=", 8)) {
			stats_on = true;
			stats = a + 8;
			if (!strncmp(stats, "json", 4) && (stats[4] == 0 || stats[4] == ':')) {
				rt_cfg.stats_json = true;
				stats = stats[4] ? stats + 5 : NULL;
			}
		} else if (!strncmp(a, "--trace-fd=", 11) || !strncmp(a, "--stats-fd=", 11)) {
			/* Inherited across a guest's execve (syscalls/exec.c). */
			char *end;
			long fd = strtol(a + 11, &end, 10);
			if (fd < 0 || fcntl((int)fd, F_GETFD) < 0) {
				fprintf(stderr, "%s: %s: not an open descriptor\n", prog, a);
				return 2;
			}
			fcntl((int)fd, F_SETFD, FD_CLOEXEC);
			rt_cfg.reserved_fds[rt_cfg.nreserved_fds++] = (int)fd;
			if (a[2] == 't') {
				rt_cfg.trace_fd = (int)fd;
				rt_cfg.trace_host = !strcmp(end, ",host");
			} else {
				rt_cfg.stats_fd = (int)fd;
				rt_cfg.stats_json = !strcmp(end, ",json");
			}
		} else if (!strcmp(a, "--argv0") && i + 1 < argc) {
			argv0 = argv[++i];
		} else if (!strcmp(a, "--no-timekeep")) {
			timekeep = false;
		} else if (!strncmp(a, "--abi=", 6)) {
			abi_name = a + 6;
		} else if (!strcmp(a, "--version")) {
			printf("abirun %s\nguest ABIs: freebsd-amd64\n", ABIRUN_VERSION);
			return 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "%s: unknown option %s\n", prog, a);
			usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (abi_name && strcmp(abi_name, "freebsd-amd64")) {
		fprintf(stderr, "%s: unknown ABI '%s' (known: freebsd-amd64)\n", prog, abi_name);
		return 2;
	}

	char pathbuf[PATH_MAX], err[512];
	const char *path = find_program(argv[i], pathbuf, sizeof pathbuf);
	if (!path || access(path, F_OK) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, argv[i], path ? strerror(errno) : "command not found");
		return EXIT_NOTFOUND;
	}
	struct elf_info ei;
	if (elf_inspect(path, &ei, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_CANTEXEC;
	}
	if (abi_name)
		ei.os = OS_FREEBSD;
	bool linux_guest = false;
	if (ei.os == OS_LINUX) {
		if (!under_seccomp()) {
			/* Nothing to translate: let it run natively. */
			elf_info_free(&ei);
			if (argv0)
				argv[i] = (char *)argv0;
			execv(path, argv + i);
			fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
			return EXIT_CANTEXEC;
		}
		/* Executed by a foreign guest: its filter is ours now too. */
		linux_guest = true;
	} else if (ei.os != OS_FREEBSD) {
		fprintf(stderr, "%s: %s is a %s program; only FreeBSD programs are supported so far\n",
			prog, path, os_name(ei.os));
		return EXIT_CANTEXEC;
	}
	if (ei.interp && !linux_guest) {
		fprintf(stderr, "%s: %s is dynamically linked (interpreter %s); only static programs are supported yet\n",
			prog, path, ei.interp);
		return EXIT_CANTEXEC;
	}

	find_own_image();
	/* A fault in the runtime is reported with glibc and libunwind, after
	 * %fs is handed back to glibc (syscalls/fault.c). */
	syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &rt_cfg.host_fsbase);
	rt_cfg.host_crash_report = host_crash_report;
	uint64_t bias;
	if (elf_map(&ei, rt_cfg.image_start, rt_cfg.image_end, &bias, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, err);
		return EXIT_CANTEXEC;
	}
	elf_collect_symbols(path, bias);
	uint64_t interp_base = 0, entry = ei.eh.e_entry + bias;
	if (linux_guest && ei.interp) {
		struct elf_info ii;
		uint64_t ibias;
		if (elf_inspect(ei.interp, &ii, err, sizeof err) < 0 ||
		    elf_map(&ii, rt_cfg.image_start, rt_cfg.image_end, &ibias, err, sizeof err) < 0) {
			fprintf(stderr, "%s: %s: interpreter: %s\n", prog, path, err);
			return EXIT_CANTEXEC;
		}
		interp_base = ii.min_vaddr + ibias;
		entry = ii.eh.e_entry + ibias;
		elf_info_free(&ii);
	}

	char *exec_path = realpath(path, NULL);
	rt_cfg.abi = linux_guest ? &abi_linux_amd64 : &abi_freebsd_amd64;
	rt_cfg.exec_path = exec_path ? exec_path : strdup(path);
	const char *base = strrchr(path, '/');
	rt_cfg.prog_name = strdup(base ? base + 1 : path);
	if (argv0)
		argv[i] = (char *)argv0;	/* the name the program was run as */
	rt_cfg.guest_argv = argv + i;
	if (trace_on && rt_cfg.trace_fd < 0)
		rt_cfg.trace_fd = runtime_fd(trace, 2);
	if (stats_on && rt_cfg.stats_fd < 0)
		rt_cfg.stats_fd = runtime_fd(stats, 2);

	struct rlimit rl;
	uint64_t ssize = 8u << 20;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > ssize)
		ssize = rl.rlim_cur > (512u << 20) ? (512u << 20) : rl.rlim_cur;
	uint64_t tk_addr = 0;
	double mhz = timekeep && !linux_guest ? tsc_mhz_if_usable() : 0;
	if (mhz > 0) {
		void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page != MAP_FAILED)
			tk_addr = timekeep_init(page, mhz);
	}
	struct stack_args sa = {argv + i, envp, rt_cfg.exec_path, &ei, bias, ssize, tk_addr};
	struct stack_result sr;
	if ((linux_guest ? linux_build_stack(&sa, interp_base, &sr, err, sizeof err)
			 : freebsd_build_stack(&sa, &sr, err, sizeof err)) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_CANTEXEC;
	}
	/* FreeBSD's signal trampoline lives in guest memory (its shared page). */
	void *sc = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sc == MAP_FAILED) {
		fprintf(stderr, "%s: cannot map the signal trampoline\n", prog);
		return EXIT_CANTEXEC;
	}
	memcpy(sc, fbsd_sigcode, (size_t)(fbsd_sigcode_end - fbsd_sigcode));
	mprotect(sc, 4096, PROT_READ | PROT_EXEC);
	rt_cfg.sigcode = (uint64_t)sc;
	rt_cfg.ps_strings = sr.ps_strings;
	rt_cfg.usrstack = sr.top;
	struct guest_entry ge = {
		.rip = entry,
		.rsp = sr.sp,
		.rdi = linux_guest ? 0 : sr.sp,	/* FreeBSD: &argc; Linux: %rsp only */
	};
	fflush(NULL);
	close(ei.fd);
	runtime_enter_guest(&ge);
}
