/* The report for a fault inside abirun's own runtime (a bug, never the
 * guest's doing): symbolic frames through libunwind.  It runs in the fault
 * handler of a dying process, after the runtime has handed %fs back to
 * glibc (rtapi.h: host_crash_report), so it may use the C library. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "syscalls/rtapi.h"

void host_crash_report(void *ucontext)
{
	unw_cursor_t c;
	char line[512], name[256];
	if (unw_init_local2(&c, (unw_context_t *)ucontext, UNW_INIT_SIGNAL_FRAME) < 0) {
		dprintf(2, "  (no backtrace: libunwind could not start from the fault context)\n");
		return;
	}
	for (int i = 0; i < 24; i++) {
		unw_word_t ip = 0, off = 0;
		unw_get_reg(&c, UNW_REG_IP, &ip);
		if (unw_get_proc_name(&c, name, sizeof name, &off) < 0)
			strcpy(name, "?");
		int n = snprintf(line, sizeof line, "  #%d 0x%lx %s+0x%lx\n", i, (unsigned long)ip, name,
				 (unsigned long)off);
		if (write(2, line, (size_t)n) < 0)
			break;
		if (unw_step(&c) <= 0)
			break;
	}
}
