/* The single place where the runtime executes `syscall`.  It lies inside
 * abirun's text, which is the only range the seccomp filter allows. */
#include "shim.h"

void (*shim_host_call_hook)(long nr, const long *args, long ret);

long shim_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	if (__builtin_expect(shim_host_call_hook != 0, 0)) {
		long args[6] = {a1, a2, a3, a4, a5, a6};
		shim_host_call_hook(nr, args, ret);
	}
	return ret;
}
