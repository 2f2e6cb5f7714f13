/* The initial process state a FreeBSD kernel sets up (ABI-NOTES A3):
 * %rdi = &argc, %rsp = 8 (mod 16), argv/envp/auxv contiguous, and the
 * FreeBSD auxiliary vector entries a static libc or Go needs. */
#include "guest.h"

#define AT_BASE        7
#define AT_FLAGS       8
#define AT_EXECPATH    15
#define AT_CANARY      16
#define AT_CANARYLEN   17
#define AT_PAGESIZES   20
#define AT_PAGESIZESLEN 21
#define AT_TIMEKEEP    22

extern char _start[];
extern const char __ehdr_start[];

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	yesno("%rdi at entry points at argc", *(long *)__entry_rdi == argc);
	yesno("%rsp at entry = 8 (mod 16)", (__entry_rsp & 15) == 8);
	yesno("argv starts right after argc", (char **)(__entry_rdi + 8) == argv);

	uint16_t phentsize, phnum;
	uint64_t phoff;
	memcpy(&phoff, __ehdr_start + 32, 8);
	memcpy(&phentsize, __ehdr_start + 54, 2);
	memcpy(&phnum, __ehdr_start + 56, 2);
	yesno("AT_PHDR", getauxval(AT_PHDR) == (long)(__ehdr_start + phoff));
	yesno("AT_PHENT", getauxval(AT_PHENT) == phentsize);
	yesno("AT_PHNUM", getauxval(AT_PHNUM) == phnum);
	printf("AT_PAGESZ: %ld\n", getauxval(AT_PAGESZ));
	yesno("AT_ENTRY is _start", getauxval(AT_ENTRY) == (long)_start);
	yesno("AT_BASE is 0 (static) or absent", getauxval(AT_BASE) == 0 || getauxval(AT_BASE) == -1);
	yesno("AT_OSRELDATE >= 1200031", getauxval(AT_OSRELDATE) >= 1200031);
	yesno("AT_NCPUS >= 1", getauxval(AT_NCPUS) >= 1);
	const char *execpath = (const char *)getauxval(AT_EXECPATH);
	yesno("AT_EXECPATH present", execpath != (const char *)-1);
	yesno("AT_EXECPATH is absolute", execpath != (const char *)-1 && execpath[0] == '/');
	yesno("AT_EXECPATH ends with /auxv", execpath != (const char *)-1 && ends_with(execpath, "/auxv"));
	long canary = getauxval(AT_CANARY), canarylen = getauxval(AT_CANARYLEN);
	int nonzero = 0;
	for (long i = 0; canary != -1 && i < canarylen; i++)
		if (((unsigned char *)canary)[i])
			nonzero = 1;
	yesno("AT_CANARY with AT_CANARYLEN > 0 bytes, not all zero", canary != -1 && canarylen > 0 && nonzero);
	long ps = getauxval(AT_PAGESIZES), pslen = getauxval(AT_PAGESIZESLEN);
	yesno("AT_PAGESIZES[0] == 4096", ps != -1 && ((unsigned long *)ps)[0] == 4096);
	yesno("AT_PAGESIZESLEN is a multiple of 8", pslen > 0 && pslen % 8 == 0);
	/* The clock page, when the host's TSC allows one: struct vdso_timekeep
	 * {u32 ver = 1, enabled, current; timehands[4] at +16}, with the current
	 * timehands complete (non-zero generation, TSC algorithm). */
	long tk = getauxval(AT_TIMEKEEP);
	int ok = 1;
	if (tk != -1) {
		const unsigned int *k = (const unsigned int *)tk;
		const unsigned int *th = (const unsigned int *)(tk + 16 + 0x58 * (k[2] & 3));
		ok = k[0] == 1 && k[1] == 1 && k[2] < 4 && th[0] == 1 && th[1] != 0;
	}
	yesno("AT_TIMEKEEP absent, or a current version-1 TSC clock page", ok);
	return 0;
}
