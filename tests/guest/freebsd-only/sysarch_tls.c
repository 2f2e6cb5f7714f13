/* The %fs base: sysarch(AMD64_SET_FSBASE / AMD64_GET_FSBASE) with a pointer
 * to an 8-byte value, reads through %fs after setting it, a real __thread
 * variable laid out from the program's PT_TLS header (found through
 * AT_PHDR), and the errors for a non-user address, a bad pointer and an
 * unknown operation. */
#include "guest.h"

#define P(x) ((long)(x))

struct elf_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
#define PT_TLS 7

extern const char __ehdr_start[];

static __thread long tls_counter = 42;
static __thread long tls_zeroed;

static long set_fsbase(void *base)
{
	return sys2(SYS_sysarch, AMD64_SET_FSBASE, P(&base));
}

static long get_fsbase(void **base)
{
	return sys2(SYS_sysarch, AMD64_GET_FSBASE, P(base));
}

static long fs_load(long off)
{
	long v;
	__asm__ volatile("movq %%fs:(%1), %0" : "=r"(v) : "r"(off));
	return v;
}

static long block1[8] __attribute__((aligned(64)));
static long block2[8] __attribute__((aligned(64)));
static unsigned char tls_area[4096] __attribute__((aligned(4096)));

int main(void)
{
	void *got = (void *)-1;

	check("AMD64_GET_FSBASE", get_fsbase(&got));
	yesno("initial fs base is 0", got == NULL);

	block1[0] = (long)block1;     /* self pointer, like a TCB */
	block1[1] = 0xfeedface;
	check("AMD64_SET_FSBASE(block1)", set_fsbase(block1));
	got = NULL;
	check("AMD64_GET_FSBASE", get_fsbase(&got));
	yesno("GET returns block1", got == block1);
	yesno("%fs:0 is the self pointer", fs_load(0) == (long)block1);
	yesno("%fs:8 reads 0xfeedface", fs_load(8) == 0xfeedface);
	sys_getpid();
	sys_getppid();
	yesno("%fs survives system calls", fs_load(8) == 0xfeedface);

	block2[0] = (long)block2;
	block2[1] = 0xc0ffee;
	set_fsbase(block2);
	yesno("%fs:8 after switching to block2", fs_load(8) == 0xc0ffee);

	/* errors leave the base alone */
	expect_err("SET_FSBASE(0x800000000000)", set_fsbase((void *)0x800000000000UL));
	expect_err("SET_FSBASE(~0)", set_fsbase((void *)~0UL));
	expect_err("SET_FSBASE with a bad pointer", sys2(SYS_sysarch, AMD64_SET_FSBASE, 8));
	expect_err("GET_FSBASE with a bad pointer", sys2(SYS_sysarch, AMD64_GET_FSBASE, 8));
	expect_err("sysarch(op 9999)", sys2(SYS_sysarch, 9999, P(&got)));
	yesno("base still block2", fs_load(8) == 0xc0ffee);

	/* a real TLS block for this program's __thread variables */
	long phdr = getauxval(AT_PHDR), phnum = getauxval(AT_PHNUM);
	const struct elf_phdr *ph = (const struct elf_phdr *)phdr;
	uint64_t e_phoff;
	memcpy(&e_phoff, __ehdr_start + 32, 8);
	yesno("AT_PHDR points at the program headers", phdr == (long)(__ehdr_start + e_phoff));
	const struct elf_phdr *tls = NULL;
	for (long i = 0; phdr != -1 && i < phnum; i++)
		if (ph[i].p_type == PT_TLS)
			tls = &ph[i];
	yesno("PT_TLS found", tls != NULL);
	if (!tls)
		return 1;
	/* variant II: the TLS block ends where the thread pointer points */
	uint64_t align = tls->p_align ? tls->p_align : 1;
	uint64_t size = (tls->p_memsz + align - 1) & ~(align - 1);
	unsigned char *tp = tls_area + 2048;
	memset(tls_area, 0, sizeof(tls_area));
	memcpy(tp - size, (const void *)tls->p_vaddr, tls->p_filesz);
	*(void **)tp = tp;
	check("AMD64_SET_FSBASE(thread pointer)", set_fsbase(tp));
	printf("__thread initialised value: %ld\n", tls_counter);
	printf("__thread zero-initialised value: %ld\n", tls_zeroed);
	tls_counter += 100;
	tls_zeroed = 7;
	printf("after update: %ld %ld\n", tls_counter, tls_zeroed);
	yesno("update landed inside the TLS block", tp - size <= (unsigned char *)&tls_counter &&
	      (unsigned char *)&tls_counter < tp);
	return 0;
}
