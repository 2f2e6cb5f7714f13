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
