/* Host-phase pieces of abirun: reading and mapping the guest ELF and
 * building its initial stack.  Ordinary glibc code: it all runs before the
 * guest owns %fs. */
#ifndef ABIRUN_LOADER_H
#define ABIRUN_LOADER_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <gelf.h>

enum guest_os { OS_UNKNOWN, OS_FREEBSD, OS_NETBSD, OS_DRAGONFLY, OS_LINUX };

struct elf_info {
	int fd;
	uint64_t file_size;
	GElf_Ehdr eh;
	GElf_Phdr *ph;
	size_t phnum;
	enum guest_os os;
	uint32_t os_version;		/* from the ABI note, 0 if none */
	char *interp;			/* PT_INTERP, or NULL */
	uint64_t min_vaddr, max_vaddr;	/* span of PT_LOAD segments */
};

/* Exit statuses of abirun's own failures, as a shell would use them. */
enum { EXIT_NOTFOUND = 127, EXIT_CANTEXEC = 126 };

const char *os_name(enum guest_os os);
/* Reads and validates; on failure writes a message to err and returns -1. */
int elf_inspect(const char *path, struct elf_info *ei, char *err, size_t errlen);
void elf_info_free(struct elf_info *ei);
/* Maps the PT_LOAD segments; returns the load bias (0 for ET_EXEC). */
int elf_map(struct elf_info *ei, uint64_t image_start, uint64_t image_end, uint64_t *bias,
	    char *err, size_t errlen);
uint64_t elf_phdr_address(const struct elf_info *ei, uint64_t bias);
/* Collects function symbols for crash reports (best effort). */
void elf_collect_symbols(const char *path, uint64_t bias);

struct stack_args {
	char **argv;
	char **envp;
	const char *execpath;
	const struct elf_info *ei;
	uint64_t bias;
	uint64_t stack_size;
	uint64_t timekeep;		/* AT_TIMEKEEP, or 0 */
};
struct stack_result {
	uint64_t sp;			/* address of argc */
	uint64_t ps_strings;
	uint64_t top;
};
int linux_build_stack(const struct stack_args *a, uint64_t interp_base, struct stack_result *r,
		      char *err, size_t errlen);
int freebsd_build_stack(const struct stack_args *a, struct stack_result *r, char *err, size_t errlen);

#endif
