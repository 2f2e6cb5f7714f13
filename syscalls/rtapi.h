/* The interface between the host phase (loader, glibc world) and the
 * runtime (trap world).  Plain C types only: the loader includes this next
 * to glibc headers, which cannot coexist with the Linux UAPI headers and
 * libc-shim's renamed builtins that runtime.h brings. */
#ifndef ABIRUN_RTAPI_H
#define ABIRUN_RTAPI_H
#include <stdint.h>
#include <stdbool.h>

struct abi;
extern const struct abi abi_freebsd_amd64;
extern const struct abi abi_linux_amd64;

/* Runtime-wide configuration, written in the host phase before entry. */
struct rt_config {
	const struct abi *abi;
	int trace_fd;			/* -1: off */
	bool trace_host;
	int stats_fd;			/* -1: off */
	bool stats_json;
	uint64_t text_start, text_end;	/* abirun's executable segment */
	uint64_t image_start, image_end;	/* all of abirun's image */
	uint64_t vdso_start, vdso_end;
	const char *exec_path;		/* absolute path of the guest program */
	const char *prog_name;
	char **guest_argv;
	uint64_t ps_strings, usrstack;
	int reserved_fds[4];
	int nreserved_fds;
	uint64_t sigcode;		/* guest address of the signal trampoline */
	uint64_t host_fsbase;		/* glibc's %fs, for a report after a runtime fault */
	void (*host_crash_report)(void *ucontext);
};
extern struct rt_config rt_cfg;

/* The signal trampoline the loader copies into guest memory. */
extern const char fbsd_sigcode[], fbsd_sigcode_end[];

/* Entry points used by the host phase (setup.c). */
struct guest_entry {
	uint64_t rip, rsp, rdi, rsi, rdx, rbx;
};
_Noreturn void runtime_enter_guest(const struct guest_entry *e);

/* FreeBSD's clock page (timekeep.c): set up in the host phase, kept
 * current by a runtime thread once the guest runs. */
uint64_t timekeep_init(void *page, double tsc_mhz_guess);
void timekeep_start(void);

/* Host-phase reporter of faults in the runtime itself (loader/crash.c). */
void host_crash_report(void *ucontext);

/* --trace=host: the observer of the runtime's host calls. */
extern void (*shim_host_call_hook)(long nr, const long *args, long ret);
void trace_host_call(long nr, const long *args, long ret);

#endif
