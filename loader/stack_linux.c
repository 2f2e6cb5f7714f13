/* The Linux initial process stack, for native programs run under an
 * inherited filter: argc at %rsp, argv, envp, auxv, as the kernel builds it
 * (the vDSO is passed on, so their clock reads stay trap-free). */
#include "loader.h"
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

int linux_build_stack(const struct stack_args *a, uint64_t interp_base, struct stack_result *r,
		      char *err, size_t errlen)
{
	size_t size = a->stack_size;
	char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (base == MAP_FAILED) {
		snprintf(err, errlen, "cannot allocate the stack");
		return -1;
	}
	uint64_t p = (uint64_t)base + size;
	int argc = 0, envc = 0;
	while (a->argv[argc])
		argc++;
	while (a->envp[envc])
		envc++;
	p -= strlen(a->execpath) + 1;
	uint64_t execfn = p;
	strcpy((char *)p, a->execpath);
	p -= sizeof "x86_64";
	uint64_t platform = p;
	strcpy((char *)p, "x86_64");
	p &= ~15ull;
	p -= 16;
	uint64_t rnd = p;
	if (getrandom((void *)rnd, 16, 0) != 16)
		memset((void *)rnd, 0x5a, 16);
	uint64_t argvp[argc + 1], envpp[envc + 1];
	for (int i = envc - 1; i >= 0; i--) {
		p -= strlen(a->envp[i]) + 1;
		strcpy((char *)p, a->envp[i]);
		envpp[i] = p;
	}
	for (int i = argc - 1; i >= 0; i--) {
		p -= strlen(a->argv[i]) + 1;
		strcpy((char *)p, a->argv[i]);
		argvp[i] = p;
	}
	argvp[argc] = envpp[envc] = 0;
	p &= ~15ull;
	uint64_t aux[64];
	int n = 0;
#define AUX(t, v) (aux[n++] = (t), aux[n++] = (uint64_t)(v))
	const struct elf_info *ei = a->ei;
	if (getauxval(AT_SYSINFO_EHDR))
		AUX(AT_SYSINFO_EHDR, getauxval(AT_SYSINFO_EHDR));
	AUX(AT_HWCAP, getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
	AUX(AT_PHDR, elf_phdr_address(ei, a->bias));
	AUX(AT_PHENT, ei->eh.e_phentsize);
	AUX(AT_PHNUM, ei->phnum);
	AUX(AT_BASE, interp_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, ei->eh.e_entry + a->bias);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, rnd);
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	if (getauxval(AT_MINSIGSTKSZ))
		AUX(AT_MINSIGSTKSZ, getauxval(AT_MINSIGSTKSZ));
	AUX(AT_NULL, 0);
#undef AUX
	size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + (size_t)n;
	uint64_t start = (p - words * 8) & ~15ull;	/* argc at a 16-byte boundary */
	uint64_t *w = (uint64_t *)start;
	*w++ = (uint64_t)argc;
	for (int i = 0; i <= argc; i++)
		*w++ = argvp[i];
	for (int i = 0; i <= envc; i++)
		*w++ = envpp[i];
	memcpy(w, aux, (size_t)n * 8);
	r->sp = start;
	r->ps_strings = 0;
	r->top = (uint64_t)base + size;
	return 0;
}
