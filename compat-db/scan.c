/* compat-db: fingerprinting ELF files with libelf.
 *
 * ABI: EI_OSABI (9 FreeBSD, 2 NetBSD, 3 Linux, 12 OpenBSD) and the OS
 * identification notes (name "FreeBSD"/"NetBSD"/"DragonFly"/"OpenBSD" type 1
 * with the OS version, "GNU" type 1 for Linux); static or dynamic from
 * PT_INTERP and the dynamic section (DT_NEEDED, DF_1_PIE); Go build info. */
#include "compat-db/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif

struct img {
	const uint8_t *data;
	size_t size;
	Elf *elf;
	size_t phnum;
};

/* Pointer to file bytes backing virtual address va (through PT_LOAD). */
static const uint8_t *map_vaddr(void *ctx, uint64_t va, size_t *avail)
{
	struct img *im = ctx;
	for (size_t i = 0; i < im->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(im->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (va < ph.p_vaddr || va - ph.p_vaddr >= ph.p_filesz)
			continue;
		uint64_t off = ph.p_offset + (va - ph.p_vaddr);
		if (ph.p_offset > im->size || off >= im->size)
			return NULL;
		uint64_t segend = ph.p_offset + ph.p_filesz;
		if (segend > im->size || segend < ph.p_offset)
			segend = im->size;
		*avail = (size_t)(segend - off);
		return im->data + off;
	}
	return NULL;
}

static void add_needed(struct compat_fingerprint *fp, const char *s)
{
	if (!s || fp->nneeded >= 1024)
		return;
	fp->needed = compat_xrealloc(fp->needed, sizeof(char *) * (size_t)(fp->nneeded + 1));
	fp->needed[fp->nneeded++] = compat_xstrdup(s);
}

static void fmt_version(struct compat_fingerprint *fp)
{
	int64_t v = fp->os_version;
	char *o = fp->os_version_str;
	size_t n = sizeof fp->os_version_str;
	if (v < 0)
		return;
	if (!strcmp(fp->os, "FreeBSD")) {
		snprintf(o, n, "%d.%d", (int)(v / 100000), (int)(v / 1000 % 100));
	} else if (!strcmp(fp->os, "NetBSD")) {
		int maj = (int)(v / 100000000), min = (int)(v / 1000000 % 100), rel = (int)(v / 10000 % 100);
		if (rel)
			snprintf(o, n, "%d.%d.%d", maj, min, rel);
		else
			snprintf(o, n, "%d.%d", maj, min);
	} else if (!strcmp(fp->os, "DragonFly")) {
		snprintf(o, n, "%d.%d", (int)(v / 100000), (int)(v / 100 % 1000));
	} else if (!strcmp(fp->os, "Linux")) {
		snprintf(o, n, "%d.%d.%d", (int)(v >> 16 & 0xff), (int)(v >> 8 & 0xff), (int)(v & 0xff));
	} else {
		snprintf(o, n, "%lld", (long long)v);
	}
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* OS from notes; note_os receives the OS name of an identification note. */
static void scan_notes(Elf_Data *d, struct compat_fingerprint *fp, char *note_os, size_t cap,
		       int64_t *note_ver, int *go_note)
{
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;
	if (!d || !d->d_buf)
		return;
	while (off < d->d_size && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;
		const uint8_t *desc = (const uint8_t *)d->d_buf + desc_off;
		size_t nl = nh.n_namesz;
		/* gelf_getnote has checked that name and desc lie inside d */
#define NAME_IS(s) (nl == sizeof(s) && memcmp(name, s, sizeof(s)) == 0)
		if (nh.n_type == 1 && nh.n_descsz >= 4 &&
		    (NAME_IS("FreeBSD") || NAME_IS("NetBSD") || NAME_IS("DragonFly") || NAME_IS("OpenBSD"))) {
			if (!note_os[0]) {
				snprintf(note_os, cap, "%s", name);
				*note_ver = le32(desc);
			}
		} else if (nh.n_type == 1 && nh.n_descsz >= 16 && NAME_IS("GNU")) {
			if (!note_os[0] && le32(desc) == 0) {
				snprintf(note_os, cap, "Linux");
				*note_ver = (int64_t)(le32(desc + 4) << 16 | le32(desc + 8) << 8 | le32(desc + 12));
			}
		} else if (nl == 4 && memcmp(name, "Go\0\0", 4) == 0) {
			*go_note = 1;
		}
#undef NAME_IS
		off = next;
	}
	(void)fp;
}

static const char *arch_name(int machine, char *buf, size_t n)
{
	switch (machine) {
	case EM_X86_64: return "amd64";
	case EM_386: return "i386";
	case EM_AARCH64: return "arm64";
	case EM_ARM: return "arm";
	case EM_PPC64: return "powerpc64";
	case EM_PPC: return "powerpc";
	case EM_RISCV: return "riscv";
	case EM_MIPS: return "mips";
	case EM_SPARCV9: return "sparc64";
	}
	snprintf(buf, n, "em%d", machine);
	return buf;
}

static const char *os_from_interp(const char *interp)
{
	if (strstr(interp, "ld-elf.so.1"))
		return "FreeBSD";
	if (strstr(interp, "ld.elf_so"))
		return "NetBSD";
	if (strstr(interp, "ld-elf.so.2"))
		return "DragonFly";
	if (strstr(interp, "ld-linux") || strstr(interp, "ld-musl"))
		return "Linux";
	if (strstr(interp, "ld.so"))
		return "OpenBSD";
	return NULL;
}

static void malformed(struct compat_fingerprint *fp, const char *what)
{
	snprintf(fp->format, sizeof fp->format, "malformed");
	snprintf(fp->error, sizeof fp->error, "%s: %s", what, elf_errmsg(-1));
}

/* Dynamic section through program headers, for files without sections. */
static void dyn_from_phdr(struct img *im, const GElf_Phdr *dph, struct compat_fingerprint *fp,
			  uint64_t *flags1)
{
	Elf_Data *d;
	GElf_Dyn dyn;
	uint64_t strtab = 0, strsz = 0, needed[256];
	int nn = 0;
	if (dph->p_offset > im->size || dph->p_filesz > im->size - dph->p_offset)
		return;
	d = elf_getdata_rawchunk(im->elf, (int64_t)dph->p_offset, dph->p_filesz, ELF_T_DYN);
	if (!d)
		return;
	for (int i = 0; gelf_getdyn(d, i, &dyn); i++) {
		if (dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_STRTAB)
			strtab = dyn.d_un.d_ptr;
		else if (dyn.d_tag == DT_STRSZ)
			strsz = dyn.d_un.d_val;
		else if (dyn.d_tag == DT_NEEDED && nn < 256)
			needed[nn++] = dyn.d_un.d_val;
		else if (dyn.d_tag == DT_FLAGS_1)
			*flags1 = dyn.d_un.d_val;
	}
	size_t avail;
	const uint8_t *s = strtab ? map_vaddr(im, strtab, &avail) : NULL;
	if (!s)
		return;
	if (strsz && strsz < avail)
		avail = (size_t)strsz;
	for (int i = 0; i < nn; i++) {
		if (needed[i] >= avail)
			continue;
		const uint8_t *e = memchr(s + needed[i], 0, avail - (size_t)needed[i]);
		if (e)
			add_needed(fp, (const char *)s + needed[i]);
	}
}

static void scan_elf(struct img *im, struct compat_fingerprint *fp)
{
	GElf_Ehdr eh;
	Elf *elf = im->elf;
	char note_os[16] = "", abuf[16];
	int64_t note_ver = -1;
	int go_note = 0, has_dynamic = 0, has_gopcln = 0;
	uint64_t flags1 = 0;
	size_t shnum = 0, shstrndx = 0;
	Elf_Scn *buildinfo = NULL, *rodata = NULL;

	if (elf_kind(elf) != ELF_K_ELF) {
		/* the magic was there: a damaged identification (e.g. EI_VERSION) */
		snprintf(fp->format, sizeof fp->format, "malformed");
		snprintf(fp->error, sizeof fp->error, "invalid ELF identification");
		return;
	}
	if (!gelf_getehdr(elf, &eh)) {
		malformed(fp, "ELF header");
		return;
	}
	snprintf(fp->format, sizeof fp->format, "elf");
	fp->elf_class = eh.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	fp->osabi = eh.e_ident[EI_OSABI];
	snprintf(fp->arch, sizeof fp->arch, "%s", arch_name(eh.e_machine, abuf, sizeof abuf));
	snprintf(fp->elf_type, sizeof fp->elf_type, "%s",
		 eh.e_type == ET_EXEC ? "exec" : eh.e_type == ET_DYN ? "dyn" :
		 eh.e_type == ET_REL ? "rel" : eh.e_type == ET_CORE ? "core" : "other");

	if (elf_getphdrnum(elf, &im->phnum) < 0) {
		malformed(fp, "program headers");
		return;
	}
	/* program headers are what the loader uses: they must lie in the file */
	if (im->phnum && (eh.e_phoff >= im->size ||
			  (uint64_t)im->phnum * eh.e_phentsize > im->size - eh.e_phoff)) {
		snprintf(fp->format, sizeof fp->format, "malformed");
		snprintf(fp->error, sizeof fp->error, "program headers extend past the end of the file");
		return;
	}
	GElf_Phdr dyn_ph = {0};
	for (size_t i = 0; i < im->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph)) {
			malformed(fp, "program header");
			return;
		}
		if (ph.p_type == PT_INTERP) {
			if (ph.p_offset >= im->size || ph.p_filesz > im->size - ph.p_offset) {
				snprintf(fp->format, sizeof fp->format, "malformed");
				snprintf(fp->error, sizeof fp->error, "PT_INTERP lies outside the file");
				return;
			}
			size_t n = ph.p_filesz < sizeof fp->interp - 1 ? ph.p_filesz : sizeof fp->interp - 1;
			memcpy(fp->interp, im->data + ph.p_offset, n);
			fp->interp[n] = 0;
			fp->interp[strnlen(fp->interp, n)] = 0;
		} else if (ph.p_type == PT_NOTE && ph.p_filesz && ph.p_offset < im->size &&
			   ph.p_filesz <= im->size - ph.p_offset) {
			Elf_Data *d = elf_getdata_rawchunk(elf, (int64_t)ph.p_offset, ph.p_filesz,
							   ph.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);
			scan_notes(d, fp, note_os, sizeof note_os, &note_ver, &go_note);
		} else if (ph.p_type == PT_DYNAMIC) {
			has_dynamic = 1;
			dyn_ph = ph;
		}
	}

	/* sections: optional (stripped section headers are legal) */
	int dyn_from_sections = 0;
	if (elf_getshdrnum(elf, &shnum) == 0 && shnum > 0 && elf_getshdrstrndx(elf, &shstrndx) == 0) {
		Elf_Scn *scn = NULL;
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			if (!gelf_getshdr(scn, &sh))
				break;
			const char *nm = elf_strptr(elf, shstrndx, sh.sh_name);
			if (nm && !strcmp(nm, ".go.buildinfo"))
				buildinfo = scn;
			else if (nm && (!strcmp(nm, ".gopclntab") || !strcmp(nm, ".go.module")))
				has_gopcln = 1;
			else if (nm && !strcmp(nm, ".rodata"))
				rodata = scn;
			if (sh.sh_type == SHT_NOTE && im->phnum == 0)
				scan_notes(elf_getdata(scn, NULL), fp, note_os, sizeof note_os, &note_ver, &go_note);
			if (sh.sh_type == SHT_DYNAMIC) {
				Elf_Data *d = elf_getdata(scn, NULL);
				GElf_Dyn dyn;
				has_dynamic = 1;
				dyn_from_sections = 1;
				for (int i = 0; d && gelf_getdyn(d, i, &dyn); i++) {
					if (dyn.d_tag == DT_NULL)
						break;
					if (dyn.d_tag == DT_NEEDED)
						add_needed(fp, elf_strptr(elf, sh.sh_link, dyn.d_un.d_val));
					else if (dyn.d_tag == DT_FLAGS_1)
						flags1 = dyn.d_un.d_val;
				}
			}
		}
	}
	if (!dyn_from_sections && dyn_ph.p_type == PT_DYNAMIC)
		dyn_from_phdr(im, &dyn_ph, fp, &flags1);
	(void)elf_errno();	/* clear errors from optional lookups */

	/* OS: EI_OSABI when it names one, else the identification note, else the interpreter */
	const char *os = NULL;
	switch (fp->osabi) {
	case ELFOSABI_FREEBSD: os = "FreeBSD"; break;
	case ELFOSABI_NETBSD: os = "NetBSD"; break;
	case ELFOSABI_OPENBSD: os = "OpenBSD"; break;
	case ELFOSABI_LINUX: os = "Linux"; break;
	}
	if (!os && note_os[0])
		os = note_os;
	if (!os && fp->interp[0])
		os = os_from_interp(fp->interp);
	/* Go marks FreeBSD (EI_OSABI) and NetBSD/OpenBSD/DragonFly (notes) but
	 * writes nothing for Linux: a plain SYSV Go binary without either is Linux's */
	if (!os && fp->osabi == ELFOSABI_NONE && !fp->interp[0] && (has_gopcln || go_note || buildinfo))
		os = "Linux";
	snprintf(fp->os, sizeof fp->os, "%s", os ? os : "unknown");
	if (note_os[0] && !strcmp(note_os, fp->os))
		fp->os_version = note_ver;
	fmt_version(fp);
	snprintf(fp->abi, sizeof fp->abi, "%s-%s", fp->os, fp->arch);
	for (char *p = fp->abi; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');

	const char *link;
	if (eh.e_type == ET_REL)
		link = "relocatable";
	else if (fp->interp[0])
		link = "dynamic";
	else if (eh.e_type == ET_DYN && (flags1 & DF_1_PIE))
		link = "static-pie";
	else if (eh.e_type == ET_DYN)
		link = has_dynamic ? "shared-object" : "static-pie";
	else
		link = "static";
	snprintf(fp->linkage, sizeof fp->linkage, "%s", link);

	/* Go build info: the section, else the start of the first writable segment */
	int found = 0;
	if (buildinfo) {
		GElf_Shdr sh;
		if (gelf_getshdr(buildinfo, &sh) && sh.sh_type != SHT_NOBITS && sh.sh_offset < im->size) {
			size_t n = sh.sh_size < im->size - sh.sh_offset ? sh.sh_size : im->size - sh.sh_offset;
			found = compat_go_buildinfo(im->data + sh.sh_offset, n, map_vaddr, im, fp) == 0;
		}
	}
	if (!found) {
		for (size_t i = 0; i < im->phnum && !found; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD || !(ph.p_flags & PF_W))
				continue;
			if (ph.p_offset < im->size) {
				size_t n = ph.p_filesz < im->size - ph.p_offset ? ph.p_filesz : im->size - ph.p_offset;
				if (n > 65536)
					n = 65536;
				for (size_t o = 0; o + 32 <= n && !found; o += 16)
					if (im->data[ph.p_offset + o] == 0xff)
						found = compat_go_buildinfo(im->data + ph.p_offset + o, n - o,
									    map_vaddr, im, fp) == 0;
			}
			break;	/* only the first writable segment */
		}
	}
	if (!found && (has_gopcln || go_note)) {
		/* a Go binary without build info (stripped by its builder): look for
		 * runtime.buildVersion among the read-only data */
		snprintf(fp->lang, sizeof fp->lang, "go");
		GElf_Shdr sh;
		if (rodata && gelf_getshdr(rodata, &sh) && sh.sh_type != SHT_NOBITS && sh.sh_offset < im->size) {
			size_t n = sh.sh_size < im->size - sh.sh_offset ? sh.sh_size : im->size - sh.sh_offset;
			if (compat_go_find_version(im->data + sh.sh_offset, n, fp->go_version,
						   sizeof fp->go_version) == 0)
				snprintf(fp->go_info, sizeof fp->go_info, "rodata");
		}
	}
}

static void scan_image(struct img *im, struct compat_fingerprint *fp)
{
	static const uint8_t elfmag[4] = {0x7f, 'E', 'L', 'F'};
	fp->os_version = -1;
	compat_sha256_hex(im->data, im->size, fp->sha256);
	fp->size = (int64_t)im->size;
	if (im->size < 4 || memcmp(im->data, elfmag, 4) != 0) {
		snprintf(fp->format, sizeof fp->format, "not-elf");
		snprintf(fp->error, sizeof fp->error, im->size ? "no ELF magic" : "empty file");
		return;
	}
	if (im->size < 16 || (im->data[EI_CLASS] != ELFCLASS32 && im->data[EI_CLASS] != ELFCLASS64) ||
	    (im->data[EI_DATA] != ELFDATA2LSB && im->data[EI_DATA] != ELFDATA2MSB)) {
		snprintf(fp->format, sizeof fp->format, "malformed");
		snprintf(fp->error, sizeof fp->error, "truncated or invalid ELF identification");
		return;
	}
	elf_version(EV_CURRENT);
	im->elf = elf_memory((char *)im->data, im->size);
	if (!im->elf) {
		malformed(fp, "ELF");
		return;
	}
	scan_elf(im, fp);
	elf_end(im->elf);
	im->elf = NULL;
}

void compat_scan_mem(const void *data, size_t size, struct compat_fingerprint *fp)
{
	/* libelf may convert data in place: give it a private copy */
	memset(fp, 0, sizeof *fp);
	uint8_t *copy = compat_xmalloc(size);
	memcpy(copy, data, size);
	struct img im = {copy, size, NULL, 0};
	scan_image(&im, fp);
	free(copy);
}

int compat_scan_file(const char *path, struct compat_fingerprint *fp)
{
	struct stat st;
	memset(fp, 0, sizeof *fp);
	fp->os_version = -1;
	snprintf(fp->path, sizeof fp->path, "%s", path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(fp->error, sizeof fp->error, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno ? errno : EINVAL;
		snprintf(fp->error, sizeof fp->error, "%s", S_ISREG(st.st_mode) ? strerror(e) : "not a regular file");
		close(fd);
		errno = e;
		return -1;
	}
	if (st.st_size == 0) {
		close(fd);
		struct img im = {(const uint8_t *)"", 0, NULL, 0};
		scan_image(&im, fp);
		return 0;
	}
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(fp->error, sizeof fp->error, "%s", strerror(e));
		errno = e;
		return -1;
	}
	struct img im = {m, (size_t)st.st_size, NULL, 0};
	scan_image(&im, fp);
	munmap(m, (size_t)st.st_size);
	return 0;
}

void compat_fingerprint_free(struct compat_fingerprint *fp)
{
	for (int i = 0; i < fp->nneeded; i++)
		free(fp->needed[i]);
	free(fp->needed);
	fp->needed = NULL;
	fp->nneeded = 0;
}

void compat_fingerprint_print(const struct compat_fingerprint *fp, FILE *f)
{
	fprintf(f, "%s: ", fp->path);
	if (strcmp(fp->format, "elf") != 0) {
		fprintf(f, "%s (%s), sha256 %.16s…\n", fp->format, fp->error, fp->sha256);
		return;
	}
	fprintf(f, "%s", fp->abi);
	if (fp->os_version_str[0])
		fprintf(f, " %s %s", fp->os, fp->os_version_str);
	fprintf(f, ", %s", fp->linkage);
	if (!strcmp(fp->elf_type, "dyn") && (!strcmp(fp->linkage, "dynamic") || !strcmp(fp->linkage, "static-pie")))
		fputs(" PIE", f);
	else if (!strcmp(fp->elf_type, "core"))
		fputs(" core dump", f);
	if (fp->interp[0])
		fprintf(f, " (%s)", fp->interp);
	if (fp->nneeded) {
		fputs(", needs", f);
		for (int i = 0; i < fp->nneeded; i++)
			fprintf(f, "%s %s", i ? "," : "", fp->needed[i]);
	}
	if (fp->lang[0]) {
		fprintf(f, ", Go %s", fp->go_version[0] ? fp->go_version : "(unknown version)");
		if (!strcmp(fp->go_info, "rodata"))
			fputs(" (no build info)", f);
		if (fp->go_module[0])
			fprintf(f, " module %s%s%s", fp->go_module, fp->go_module_version[0] ? "@" : "",
				fp->go_module_version);
	}
	fprintf(f, ", sha256 %.16s…\n", fp->sha256);
}
