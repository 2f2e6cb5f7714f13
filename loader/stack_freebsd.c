/* The FreeBSD initial process stack (ABI-NOTES A3): argc, argv, envp and the
 * auxiliary vector contiguous at %rdi, with the strings, canary, page sizes,
 * exec path and ps_strings above them. */
#include "loader.h"
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

enum {
	FAT_NULL = 0, FAT_PHDR = 3, FAT_PHENT = 4, FAT_PHNUM = 5, FAT_PAGESZ = 6, FAT_BASE = 7,
	FAT_FLAGS = 8, FAT_ENTRY = 9, FAT_EXECPATH = 15, FAT_CANARY = 16, FAT_CANARYLEN = 17,
	FAT_OSRELDATE = 18, FAT_NCPUS = 19, FAT_PAGESIZES = 20, FAT_PAGESIZESLEN = 21,
	FAT_TIMEKEEP = 22, FAT_STACKPROT = 23, FAT_EHDRFLAGS = 24, FAT_ARGC = 28, FAT_ARGV = 29, FAT_ENVC = 30,
	FAT_ENVV = 31, FAT_PS_STRINGS = 32, FAT_USRSTACKBASE = 35, FAT_USRSTACKLIM = 36,
};

/* Reported consistently here and by sysctl kern.osreldate: 14.0-RELEASE.
 * >= 1200031 selects the ino64 stat/dirent syscalls in Go and libc. */
#define FREEBSD_OSRELDATE 1400097

int freebsd_build_stack(const struct stack_args *a, struct stack_result *r, char *err, size_t errlen)
{
	size_t size = a->stack_size;
	char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (base == MAP_FAILED) {
		snprintf(err, errlen, "cannot allocate the guest stack");
		return -1;
	}
	uint64_t top = (uint64_t)base + size;
	uint64_t p = top;
	int argc = 0, envc = 0;
	while (a->argv[argc])
		argc++;
	while (a->envp[envc])
		envc++;

	/* Room check: strings must leave space for the vectors. */
	size_t strbytes = strlen(a->execpath) + 1 + 256;
	for (int i = 0; i < argc; i++)
		strbytes += strlen(a->argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		strbytes += strlen(a->envp[i]) + 1;
	if (strbytes + (size_t)(argc + envc + 64) * 16 > size / 2) {
		snprintf(err, errlen, "argument list too long");
		return -1;
	}

	p -= 32;			/* struct ps_strings */
	uint64_t ps_strings = p;
	p -= strlen(a->execpath) + 1;
	uint64_t execpath = p;
	strcpy((char *)execpath, a->execpath);
	p &= ~7ull;
	p -= 64;			/* canary */
	uint64_t canary = p;
	if (getrandom((void *)canary, 64, 0) != 64)
		memset((void *)canary, 0x5a, 64);
	p -= 3 * 8;
	uint64_t pagesizes = p;
	uint64_t ps[3] = {4096, 2u << 20, 1u << 30};
	memcpy((void *)pagesizes, ps, sizeof ps);

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
	argvp[argc] = 0;
	envpp[envc] = 0;
	p &= ~15ull;

	uint64_t aux[64];
	int n = 0;
#define AUX(t, v) (aux[n++] = (t), aux[n++] = (uint64_t)(v))
	const struct elf_info *ei = a->ei;
	AUX(FAT_PHDR, elf_phdr_address(ei, a->bias));
	AUX(FAT_PHENT, ei->eh.e_phentsize);
	AUX(FAT_PHNUM, ei->phnum);
	AUX(FAT_PAGESZ, 4096);
	AUX(FAT_FLAGS, 0);
	AUX(FAT_ENTRY, ei->eh.e_entry + a->bias);
	AUX(FAT_BASE, 0);
	AUX(FAT_EHDRFLAGS, ei->eh.e_flags);
	AUX(FAT_EXECPATH, execpath);
	AUX(FAT_OSRELDATE, FREEBSD_OSRELDATE);
	AUX(FAT_CANARY, canary);
	AUX(FAT_CANARYLEN, 64);
	AUX(FAT_NCPUS, sysconf(_SC_NPROCESSORS_ONLN));
	AUX(FAT_PAGESIZES, pagesizes);
	AUX(FAT_PAGESIZESLEN, sizeof ps);
	AUX(FAT_STACKPROT, PROT_READ | PROT_WRITE);
	if (a->timekeep)
		AUX(FAT_TIMEKEEP, a->timekeep);
	uint64_t *argc_slot;
	/* Vector block: argc, argv..., NULL, envp..., NULL, auxv.  Its start
	 * (argc) must be 8 mod 16, where FreeBSD leaves %rsp and %rdi. */
	size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + (size_t)n + 32;
	uint64_t start = (p - words * 8) & ~15ull;
	start -= 8;
	argc_slot = (uint64_t *)start;
	uint64_t *w = argc_slot;
	*w++ = (uint64_t)argc;
	uint64_t argv_addr = (uint64_t)w;
	for (int i = 0; i <= argc; i++)
		*w++ = argvp[i];
	uint64_t envv_addr = (uint64_t)w;
	for (int i = 0; i <= envc; i++)
		*w++ = envpp[i];
	AUX(FAT_ARGC, argc);
	AUX(FAT_ARGV, argv_addr);
	AUX(FAT_ENVC, envc);
	AUX(FAT_ENVV, envv_addr);
	AUX(FAT_PS_STRINGS, ps_strings);
	AUX(FAT_USRSTACKBASE, top);
	AUX(FAT_USRSTACKLIM, size);
	AUX(FAT_NULL, 0);
#undef AUX
	memcpy(w, aux, (size_t)n * 8);

	struct { uint64_t argvstr; uint32_t nargvstr, pad; uint64_t envstr; uint32_t nenvstr, pad2; } pss = {
		argv_addr, (uint32_t)argc, 0, envv_addr, (uint32_t)envc, 0};
	memcpy((void *)ps_strings, &pss, sizeof pss);

	r->sp = start;
	r->ps_strings = ps_strings;
	r->top = top;
	return 0;
}
