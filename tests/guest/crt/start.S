/* Entry point and raw system call layer of the guest test runtime.
 *
 * FreeBSD/amd64 enters _start with %rdi = &argc (ABI-NOTES A3; %rsp need
 * not equal it); Linux enters with %rsp = &argc.  Both hand that pointer to
 * __crt_start(long *ap) in crt.c, which never returns. */

	.text

	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, __entry_rsp(%rip)
	movq	%rdi, __entry_rdi(%rip)
#if defined(__FreeBSD__)
	/* %rdi already holds &argc */
#else
	movq	%rsp, %rdi
#endif
	andq	$-16, %rsp
	call	__crt_start
	hlt
	.size	_start, .-_start

	.bss
	.p2align 3
	.globl	__entry_rsp, __entry_rdi
__entry_rsp:	.quad	0
__entry_rdi:	.quad	0
	.text

/* long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 * FreeBSD: carry flag set -> rax holds a positive errno; return -errno.
 * Linux: the kernel already returns -errno. */
	.globl	__syscall6
	.type	__syscall6, @function
__syscall6:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
#if defined(__FreeBSD__)
	jnc	1f
	negq	%rax
1:
#endif
	ret
	.size	__syscall6, .-__syscall6

#if defined(__FreeBSD__)
/* struct sysret syscall_cf(long nr, long a1, ..., long a6)
 * struct sysret syscall_cf_set(long nr, long a1, ..., long a6)
 * The 24-byte struct is returned through a hidden pointer in %rdi, so the
 * arguments arrive shifted: nr=%rsi a1=%rdx a2=%rcx a3=%r8 a4=%r9,
 * a5 and a6 on the stack.  Enters the kernel with the carry flag clear
 * (syscall_cf) or set (syscall_cf_set), and stores rax, rdx and rflags
 * exactly as they were right after the syscall instruction. */
.macro SYSCALL_CF name, cfop
	.globl	\name
	.type	\name, @function
\name:
	pushq	%rbx
	movq	%rdi, %rbx
	movq	%rsi, %rax
	movq	%rdx, %rdi
	movq	%rcx, %rsi
	movq	%r8, %rdx
	movq	%r9, %r10
	movq	16(%rsp), %r8
	movq	24(%rsp), %r9
	\cfop
	syscall
	pushfq
	popq	%rcx
	movq	%rax, 0(%rbx)
	movq	%rdx, 8(%rbx)
	movq	%rcx, 16(%rbx)
	movq	%rbx, %rax
	popq	%rbx
	ret
	.size	\name, .-\name
.endm
	SYSCALL_CF syscall_cf, clc
	SYSCALL_CF syscall_cf_set, stc

/* The FreeBSD ABI note, as FreeBSD's crtbrand.c writes it:
 * namesz 8, descsz 4, type 1 (NT_FREEBSD_ABI_TAG), "FreeBSD\0",
 * __FreeBSD_version (13.2-RELEASE). */
	.section .note.tag, "a", @note
	.p2align 2
	.long	8
	.long	4
	.long	1
	.asciz	"FreeBSD"
	.long	1302001
#else
/* Linux: signal handlers return through rt_sigreturn (SA_RESTORER). */
	.globl	__restore_rt
	.type	__restore_rt, @function
__restore_rt:
	movl	$15, %eax
	syscall
	hlt
	.size	__restore_rt, .-__restore_rt
#endif

	.section .note.GNU-stack, "", @progbits
