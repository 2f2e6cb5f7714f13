/* Guest memory access that survives bad pointers.  A fault with the pc inside
 * [uaccess_begin, uaccess_end) is resumed by the fault handler at
 * uaccess_fixup, which returns -EFAULT to the caller (like the kernel's
 * exception tables). */
	.text
	.globl uaccess_copy, uaccess_strnlen, uaccess_begin, uaccess_end, uaccess_fixup

/* long uaccess_copy(void *dst, const void *src, size_t n) */
	.type uaccess_copy, @function
uaccess_copy:
	movq %rdx, %rcx
uaccess_begin:
	rep movsb
	xorl %eax, %eax
	ret
	.size uaccess_copy, .-uaccess_copy

/* long uaccess_strnlen(const char *s, size_t max) */
	.type uaccess_strnlen, @function
uaccess_strnlen:
	xorl %eax, %eax
1:	cmpq %rsi, %rax
	jae 2f
	cmpb $0, (%rdi,%rax)
	je 2f
	incq %rax
	jmp 1b
2:	ret
	.size uaccess_strnlen, .-uaccess_strnlen
uaccess_end:

	.type uaccess_fixup, @function
uaccess_fixup:
	movq $-14, %rax
	ret
	.size uaccess_fixup, .-uaccess_fixup
	.section .note.GNU-stack,"",@progbits
