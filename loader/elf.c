/* Reading, validating and mapping a guest ELF executable with libelf. */
#include "loader.h"
#include "syscalls/guestsyms.h"
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE 4096ull
#define USER_TOP 0x800000000000ull	/* FreeBSD VM_MAXUSER_ADDRESS */
#define MAX_SPAN (64ull << 30)		/* refuse absurd images */

const char *os_name(enum guest_os os)
{
	switch (os) {
	case OS_FREEBSD: return "FreeBSD";
	case OS_NETBSD: return "NetBSD";
	case OS_DRAGONFLY: return "DragonFly";
	case OS_LINUX: return "Linux";
	default: return "unknown";
	}
}

static const char *osabi_name(unsigned v)
{
	switch (v) {
	case 0: return "System V / none";
	case 1: return "HP-UX";
	case 2: return "NetBSD";
	case 3: return "Linux (GNU)";
	case 6: return "Solaris";
	case 7: return "AIX";
	case 8: return "IRIX";
	case 9: return "FreeBSD";
	case 12: return "OpenBSD";
	default: return "unrecognised";
	}
}

static void scan_notes(Elf *e, struct elf_info *ei)
{
	for (size_t i = 0; i < ei->phnum; i++) {
		const GElf_Phdr *p = &ei->ph[i];
		if (p->p_type != PT_NOTE || p->p_filesz == 0 || p->p_offset + p->p_filesz > ei->file_size)
			continue;
		Elf_Data *d = elf_getdata_rawchunk(e, (int64_t)p->p_offset, p->p_filesz, ELF_T_NHDR);
		if (!d)
			continue;
		size_t off = 0, name_off, desc_off;
		GElf_Nhdr nh;
		while (off < d->d_size && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
			const char *name = (const char *)d->d_buf + name_off;
			uint32_t desc = 0;
			if (nh.n_descsz >= 4)
				memcpy(&desc, (const char *)d->d_buf + desc_off, 4);
			if (nh.n_type == 1 && nh.n_namesz == 8 && !memcmp(name, "FreeBSD", 8)) {
				ei->os = OS_FREEBSD;
				ei->os_version = desc;
			} else if (nh.n_type == 1 && nh.n_namesz == 7 && !memcmp(name, "NetBSD", 7)) {
				ei->os = OS_NETBSD;
				ei->os_version = desc;
			} else if (nh.n_type == 1 && nh.n_namesz == 10 && !memcmp(name, "DragonFly", 10)) {
				ei->os = OS_DRAGONFLY;
				ei->os_version = desc;
			} else if (nh.n_type == 1 && nh.n_namesz == 4 && !memcmp(name, "GNU", 4) && ei->os == OS_UNKNOWN) {
				ei->os = OS_LINUX;
			}
		}
	}
}

int elf_inspect(const char *path, struct elf_info *ei, char *err, size_t errlen)
{
	memset(ei, 0, sizeof *ei);
	ei->fd = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	ei->fd = fd;
	ei->file_size = (uint64_t)st.st_size;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		snprintf(err, errlen, "%s: not an ELF file", path);
		goto fail;
	}
	if (gelf_getclass(e) != ELFCLASS64) {
		snprintf(err, errlen, "%s: a 32-bit ELF file; only x86-64 programs are supported", path);
		goto fail;
	}
	if (!gelf_getehdr(e, &ei->eh)) {
		snprintf(err, errlen, "%s: truncated or corrupt ELF header", path);
		goto fail;
	}
	if (ei->eh.e_ident[EI_DATA] != ELFDATA2LSB || ei->eh.e_machine != EM_X86_64) {
		snprintf(err, errlen, "%s: not an x86-64 program (machine %u)", path, ei->eh.e_machine);
		goto fail;
	}
	if (ei->eh.e_type != ET_EXEC && ei->eh.e_type != ET_DYN) {
		snprintf(err, errlen, "%s: not an executable (ELF type %u)", path, ei->eh.e_type);
		goto fail;
	}
	if (elf_getphdrnum(e, &ei->phnum) != 0 || ei->phnum == 0 || ei->phnum > 512 ||
	    ei->eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    ei->eh.e_phoff + ei->phnum * sizeof(Elf64_Phdr) > ei->file_size) {
		snprintf(err, errlen, "%s: bad program header table", path);
		goto fail;
	}
	ei->ph = calloc(ei->phnum, sizeof *ei->ph);
	uint64_t prev_end = 0;
	bool any_load = false;
	ei->min_vaddr = ~0ull;
	for (size_t i = 0; i < ei->phnum; i++) {
		GElf_Phdr *p = &ei->ph[i];
		if (!gelf_getphdr(e, (int)i, p)) {
			snprintf(err, errlen, "%s: unreadable program header %zu", path, i);
			goto fail;
		}
		if (p->p_type == PT_INTERP) {
			if (p->p_filesz == 0 || p->p_filesz > 4096 || p->p_offset + p->p_filesz > ei->file_size) {
				snprintf(err, errlen, "%s: bad PT_INTERP", path);
				goto fail;
			}
			ei->interp = calloc(1, p->p_filesz + 1);
			if (pread(fd, ei->interp, p->p_filesz, (off_t)p->p_offset) != (ssize_t)p->p_filesz) {
				snprintf(err, errlen, "%s: truncated PT_INTERP", path);
				goto fail;
			}
		}
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz > p->p_memsz || p->p_offset + p->p_filesz < p->p_offset ||
		    p->p_offset + p->p_filesz > ei->file_size) {
			snprintf(err, errlen, "%s: segment %zu lies outside the file (truncated?)", path, i);
			goto fail;
		}
		if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_vaddr + p->p_memsz > USER_TOP ||
		    p->p_memsz > MAX_SPAN) {
			snprintf(err, errlen, "%s: segment %zu has an impossible size or address", path, i);
			goto fail;
		}
		if ((p->p_vaddr - p->p_offset) % PAGE) {
			snprintf(err, errlen, "%s: segment %zu is not page-aligned with its file offset", path, i);
			goto fail;
		}
		if (any_load && p->p_vaddr < prev_end) {
			snprintf(err, errlen, "%s: segment %zu overlaps the previous one or is out of order", path, i);
			goto fail;
		}
		any_load = true;
		prev_end = p->p_vaddr + p->p_memsz;
		if (p->p_vaddr < ei->min_vaddr)
			ei->min_vaddr = p->p_vaddr;
		if (prev_end > ei->max_vaddr)
			ei->max_vaddr = prev_end;
	}
	if (!any_load) {
		snprintf(err, errlen, "%s: no loadable segments", path);
		goto fail;
	}
	if (ei->max_vaddr - (ei->min_vaddr & ~(PAGE - 1)) > MAX_SPAN) {
		snprintf(err, errlen, "%s: segments span more than 64 GiB", path);
		goto fail;
	}
	if (ei->eh.e_entry < ei->min_vaddr || ei->eh.e_entry >= ei->max_vaddr) {
		snprintf(err, errlen, "%s: entry point 0x%lx is outside the loaded segments", path,
			 (unsigned long)ei->eh.e_entry);
		goto fail;
	}
	unsigned osabi = ei->eh.e_ident[EI_OSABI];
	if (osabi == ELFOSABI_FREEBSD)
		ei->os = OS_FREEBSD;
	else if (osabi == ELFOSABI_NETBSD)
		ei->os = OS_NETBSD;
	scan_notes(e, ei);
	if (ei->os == OS_UNKNOWN) {
		if (osabi == ELFOSABI_LINUX || osabi == ELFOSABI_NONE)
			ei->os = OS_LINUX;
		else {
			snprintf(err, errlen, "%s: unsupported OS ABI %u (%s) and no FreeBSD or NetBSD note",
				 path, osabi, osabi_name(osabi));
			goto fail;
		}
	}
	elf_end(e);
	return 0;
fail:
	if (e)
		elf_end(e);
	elf_info_free(ei);
	return -1;
}

void elf_info_free(struct elf_info *ei)
{
	if (ei->fd >= 0)
		close(ei->fd);
	ei->fd = -1;
	free(ei->ph);
	ei->ph = NULL;
	free(ei->interp);
	ei->interp = NULL;
}

static int prot_of(uint32_t f)
{
	return (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) | (f & PF_X ? PROT_EXEC : 0);
}

int elf_map(struct elf_info *ei, uint64_t image_start, uint64_t image_end, uint64_t *biasp,
	    char *err, size_t errlen)
{
	uint64_t lo = ei->min_vaddr & ~(PAGE - 1);
	uint64_t hi = (ei->max_vaddr + PAGE - 1) & ~(PAGE - 1);
	uint64_t bias = 0;
	void *res;
	if (ei->eh.e_type == ET_EXEC) {
		if (lo < image_end && hi > image_start) {
			snprintf(err, errlen, "program wants 0x%lx-0x%lx, where abirun itself lives (0x%lx-0x%lx)",
				 (unsigned long)lo, (unsigned long)hi, (unsigned long)image_start,
				 (unsigned long)image_end);
			return -1;
		}
		if (lo < 0x10000) {
			snprintf(err, errlen, "program wants to be mapped at 0x%lx, below the lowest mappable address",
				 (unsigned long)lo);
			return -1;
		}
		res = mmap((void *)lo, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (res == MAP_FAILED || (uint64_t)res != lo) {
			snprintf(err, errlen, "cannot reserve 0x%lx-0x%lx for the program: %s", (unsigned long)lo,
				 (unsigned long)hi, strerror(errno));
			return -1;
		}
	} else {
		res = mmap(NULL, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (res == MAP_FAILED) {
			snprintf(err, errlen, "cannot reserve %lu bytes for the program: %s",
				 (unsigned long)(hi - lo), strerror(errno));
			return -1;
		}
		bias = (uint64_t)res - lo;
	}
	for (size_t i = 0; i < ei->phnum; i++) {
		const GElf_Phdr *p = &ei->ph[i];
		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		uint64_t va = p->p_vaddr + bias;
		uint64_t pstart = va & ~(PAGE - 1);
		uint64_t fend = va + p->p_filesz;
		uint64_t mend = (va + p->p_memsz + PAGE - 1) & ~(PAGE - 1);
		int prot = prot_of(p->p_flags);
		if (p->p_filesz) {
			uint64_t off = p->p_offset & ~(PAGE - 1);
			void *m = mmap((void *)pstart, fend - pstart, prot | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
				       ei->fd, (off_t)off);
			if (m == MAP_FAILED) {
				snprintf(err, errlen, "cannot map segment %zu: %s", i, strerror(errno));
				return -1;
			}
			/* The rest of the last file page belongs to .bss: zero it. */
			uint64_t fpage_end = (fend + PAGE - 1) & ~(PAGE - 1);
			if (p->p_memsz > p->p_filesz && fpage_end > fend)
				memset((void *)fend, 0, fpage_end - fend);
			if (fpage_end < mend &&
			    mmap((void *)fpage_end, mend - fpage_end, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
				snprintf(err, errlen, "cannot map .bss of segment %zu: %s", i, strerror(errno));
				return -1;
			}
			mprotect((void *)pstart, fpage_end - pstart, prot);
		} else if (mmap((void *)pstart, mend - pstart, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
			snprintf(err, errlen, "cannot map segment %zu: %s", i, strerror(errno));
			return -1;
		}
	}
	*biasp = bias;
	return 0;
}

static int sym_cmp(const void *a, const void *b)
{
	const struct guestsym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void elf_collect_symbols(const char *path, uint64_t bias)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	Elf_Scn *scn = NULL;
	size_t cap = 0, n = 0;
	struct guestsym *v = NULL;
	while (e && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t count = d ? d->d_size / sh.sh_entsize : 0;
		for (size_t i = 0; i < count; i++) {
			GElf_Sym s;
			if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC || !s.st_value)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				v = realloc(v, cap * sizeof *v);
			}
			v[n].addr = s.st_value + bias;
			v[n].size = s.st_size;
			v[n].name = strdup(name);
			n++;
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	if (n)
		qsort(v, n, sizeof *v, sym_cmp);
	guestsyms = v;
	nguestsyms = (unsigned)n;
}

/* Where the program headers are in memory (AT_PHDR): PT_PHDR, or the
 * loaded segment that holds them. */
uint64_t elf_phdr_address(const struct elf_info *ei, uint64_t bias)
{
	for (size_t i = 0; i < ei->phnum; i++)
		if (ei->ph[i].p_type == PT_PHDR)
			return ei->ph[i].p_vaddr + bias;
	for (size_t i = 0; i < ei->phnum; i++) {
		const GElf_Phdr *p = &ei->ph[i];
		if (p->p_type == PT_LOAD && ei->eh.e_phoff >= p->p_offset &&
		    ei->eh.e_phoff < p->p_offset + p->p_filesz)
			return p->p_vaddr + (ei->eh.e_phoff - p->p_offset) + bias;
	}
	return 0;
}
