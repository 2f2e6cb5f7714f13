#include "rt_offsets.h"
/* The two places where control crosses between runtime and guest. */
	.text

/* Returning from a runtime signal handler: rt_sigreturn, from inside
 * abirun's text so the seccomp filter lets it through. */
	.globl rt_restorer
	.type rt_restorer, @function
rt_restorer:
	movq $15, %rax		/* __NR_rt_sigreturn */
	syscall
	hlt
	.size rt_restorer, .-rt_restorer

/* _Noreturn void enter_guest_asm(const struct guest_entry *e)
 * struct guest_entry { rip, rsp, rdi, rsi, rdx, rbx }.
 * The guest starts with its fs base 0 (set by the caller) and every other
 * general register zero, as the FreeBSD kernel's exec_setregs leaves it. */
	.globl enter_guest_asm
	.type enter_guest_asm, @function
enter_guest_asm:
	movq 0(%rdi), %r11	/* rip */
	movq 8(%rdi), %rsp
	movq 24(%rdi), %rsi
	movq 32(%rdi), %rdx
	movq 40(%rdi), %rbx
	movq 16(%rdi), %rdi
	pushq %r11
	xorl %eax, %eax
	xorl %ecx, %ecx
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	/* A clean FPU/SSE state: default control words. */
	subq $8, %rsp
	movl $0x1f80, (%rsp)
	ldmxcsr (%rsp)
	movw $0x37f, (%rsp)
	fldcw (%rsp)
	addq $8, %rsp
	ret			/* pops rip; rsp is the guest's */
	.size enter_guest_asm, .-enter_guest_asm
	.section .note.GNU-stack,"",@progbits

/* long rt_clone_thread(unsigned long flags, void *stack, void *tls,
 *                      struct rt_thread *th)
 * clone(2) for a guest thread.  The child starts on `stack` (its runtime
 * signal stack) in thread_child_start(th), which never returns. */
	.text
	.globl rt_clone_thread
	.type rt_clone_thread, @function
rt_clone_thread:
	pushq %r12
	movq %rcx, %r12
	movq %rdx, %r8		/* tls */
	xorl %edx, %edx		/* parent_tid */
	xorl %r10d, %r10d	/* child_tid */
	movl $56, %eax		/* __NR_clone */
	syscall
	testq %rax, %rax
	jz 1f
	popq %r12
	ret
1:	xorl %ebp, %ebp
	movq %r12, %rdi
	andq $-16, %rsp
	call thread_child_start
	hlt
	.size rt_clone_thread, .-rt_clone_thread

/* _Noreturn void rt_sigreturn_to(void *frame_uc)
 * Enter a context through rt_sigreturn: registers, signal mask and
 * alternate stack change in one step, so no signal slips in between. */
	.globl rt_sigreturn_to
	.type rt_sigreturn_to, @function
rt_sigreturn_to:
	movq %rdi, %rsp
	movq $15, %rax
	syscall
	hlt
	.size rt_sigreturn_to, .-rt_sigreturn_to

/* long shim_isyscall6(long nr, a1..a6): a host call that a signal may
 * interrupt.  If a guest signal is pending for this thread (%gs flag) the
 * call is not made and -EINTR returned; a signal landing in
 * [isys_begin, isys_syscall] is steered to isys_eintr by the signal handler,
 * so none is lost between the check and the call blocking. */
	.globl shim_isyscall6, isys_begin, isys_syscall, isys_eintr
	.type shim_isyscall6, @function
shim_isyscall6:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9
isys_begin:
	cmpl $0, %gs:RT_PENDING_OFFSET
	jne isys_eintr
isys_syscall:
	syscall
	ret
isys_eintr:
	movq $-4, %rax
	ret
	.size shim_isyscall6, .-shim_isyscall6

/* FreeBSD's signal trampoline ("sigcode"), copied into guest memory:
 *	call *SIGF_HANDLER(%rsp); lea SIGF_UC(%rsp),%rdi; pushq $0;
 *	mov $SYS_sigreturn,%rax; syscall; 0: hlt; jmp 0b */
	.section .rodata
	.globl fbsd_sigcode, fbsd_sigcode_end
fbsd_sigcode:
	.byte 0xff, 0x14, 0x24
	.byte 0x48, 0x8d, 0x7c, 0x24, 0x10
	.byte 0x6a, 0x00
	.byte 0x48, 0xc7, 0xc0, 0xa1, 0x01, 0x00, 0x00
	.byte 0x0f, 0x05
	.byte 0xf4, 0xeb, 0xfd
fbsd_sigcode_end:
	.section .note.GNU-stack,"",@progbits

/* long rt_clone_helper(unsigned long flags, void *stack,
 *                      void (*fn)(struct rt_thread *), struct rt_thread *th)
 * A runtime-internal thread (not a guest thread): runs fn(th) on `stack`. */
	.text
	.globl rt_clone_helper
	.type rt_clone_helper, @function
rt_clone_helper:
	pushq %r12
	pushq %r13
	movq %rdx, %r12		/* fn */
	movq %rcx, %r13		/* th */
	xorl %edx, %edx
	xorl %r10d, %r10d
	xorl %r8d, %r8d
	movl $56, %eax
	syscall
	testq %rax, %rax
	jz 1f
	popq %r13
	popq %r12
	ret
1:	xorl %ebp, %ebp
	andq $-16, %rsp
	movq %r13, %rdi
	call *%r12
	hlt
	.size rt_clone_helper, .-rt_clone_helper
	.section .note.GNU-stack,"",@progbits

/* long rt_clone_full(unsigned long flags, void *stack, void *ptid,
 *                    void *ctid, void *tls, struct rt_thread *th)
 * clone(2) with every argument the guest gave (Linux guests); the child
 * starts on `stack` in thread_child_start(th). */
	.text
	.globl rt_clone_full
	.type rt_clone_full, @function
rt_clone_full:
	pushq %r12
	movq %r9, %r12		/* th */
	movq %rcx, %r10		/* ctid */
	/* rdi flags, rsi stack, rdx ptid, r8 tls: already in place */
	movl $56, %eax
	syscall
	testq %rax, %rax
	jz 1f
	popq %r12
	ret
1:	xorl %ebp, %ebp
	movq %r12, %rdi
	andq $-16, %rsp
	call thread_child_start
	hlt
	.size rt_clone_full, .-rt_clone_full
	.section .note.GNU-stack,"",@progbits
