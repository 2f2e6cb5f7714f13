/* ABI identification and malformed ELF files: every bad input gets a clear
 * error, never a crash. */
#include <criterion/criterion.h>
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "loader/loader.h"

static char dir[] = "/tmp/abirun-elf-XXXXXX";
static void setup(void) { cr_assert_not_null(mkdtemp(dir)); }
static void teardown(void) { char cmd[256]; snprintf(cmd, sizeof cmd, "rm -rf %s", dir); (void)!system(cmd); }
TestSuite(elf, .init = setup, .fini = teardown);

/* A minimal static executable image: header, program headers, a note. */
struct img {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	unsigned char note[32];
	unsigned char code[64];
};

static void make_img(struct img *m, unsigned char osabi, const char *note_name, uint32_t ver)
{
	memset(m, 0, sizeof *m);
	memcpy(m->eh.e_ident, ELFMAG, SELFMAG);
	m->eh.e_ident[EI_CLASS] = ELFCLASS64;
	m->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	m->eh.e_ident[EI_VERSION] = EV_CURRENT;
	m->eh.e_ident[EI_OSABI] = osabi;
	m->eh.e_type = ET_EXEC;
	m->eh.e_machine = EM_X86_64;
	m->eh.e_version = EV_CURRENT;
	m->eh.e_entry = 0x200000 + offsetof(struct img, code);
	m->eh.e_phoff = offsetof(struct img, ph);
	m->eh.e_ehsize = sizeof(Elf64_Ehdr);
	m->eh.e_phentsize = sizeof(Elf64_Phdr);
	m->eh.e_phnum = note_name ? 2 : 1;
	m->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
				.p_vaddr = 0x200000, .p_filesz = sizeof *m, .p_memsz = sizeof *m, .p_align = 4096};
	if (note_name) {
		size_t nl = strlen(note_name) + 1;
		Elf64_Nhdr nh = {(Elf64_Word)nl, 4, 1};
		memcpy(m->note, &nh, sizeof nh);
		memcpy(m->note + 12, note_name, nl);
		memcpy(m->note + 12 + ((nl + 3) & ~3u), &ver, 4);
		m->ph[1] = (Elf64_Phdr){.p_type = PT_NOTE, .p_offset = offsetof(struct img, note),
					.p_vaddr = 0x200000 + offsetof(struct img, note),
					.p_filesz = 12 + ((nl + 3) & ~3u) + 4, .p_align = 4};
	}
}

static const char *write_file(const char *name, const void *data, size_t n)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fwrite(data, 1, n, f);
	fclose(f);
	return path;
}

static int inspect(const void *data, size_t n, struct elf_info *ei, char *err)
{
	const char *p = write_file("prog", data, n);
	return elf_inspect(p, ei, err, 256);
}

Test(elf, freebsd_by_osabi)
{
	struct img m;
	struct elf_info ei;
	char err[256];
	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	cr_assert_eq(inspect(&m, sizeof m, &ei, err), 0, "%s", err);
	cr_assert_eq(ei.os, OS_FREEBSD);
	elf_info_free(&ei);
}

Test(elf, freebsd_by_note_with_sysv_osabi)
{
	struct img m;
	struct elf_info ei;
	char err[256];
	make_img(&m, ELFOSABI_NONE, "FreeBSD", 1400097);
	cr_assert_eq(inspect(&m, sizeof m, &ei, err), 0, "%s", err);
	cr_assert_eq(ei.os, OS_FREEBSD);
	cr_assert_eq(ei.os_version, 1400097);
	elf_info_free(&ei);
}

Test(elf, netbsd_by_note)
{
	struct img m;
	struct elf_info ei;
	char err[256];
	make_img(&m, ELFOSABI_NONE, "NetBSD", 999000000);
	cr_assert_eq(inspect(&m, sizeof m, &ei, err), 0, "%s", err);
	cr_assert_eq(ei.os, OS_NETBSD);
	elf_info_free(&ei);
}

Test(elf, linux_and_unknown_osabi)
{
	struct img m;
	struct elf_info ei;
	char err[256];
	make_img(&m, ELFOSABI_NONE, NULL, 0);
	cr_assert_eq(inspect(&m, sizeof m, &ei, err), 0);
	cr_assert_eq(ei.os, OS_LINUX);
	elf_info_free(&ei);
	make_img(&m, 12 /* OpenBSD */, NULL, 0);
	cr_assert_eq(inspect(&m, sizeof m, &ei, err), -1);
	cr_assert(strstr(err, "OS ABI 12"), "%s", err);
}

#define EXPECT_BAD(m, n, what)                                                  \
	do {                                                                    \
		struct elf_info ei;                                             \
		char err[256] = "";                                             \
		cr_assert_eq(inspect(m, n, &ei, err), -1, "accepted: " what);   \
		cr_assert(strstr(err, what), "message '%s' lacks '%s'", err, what); \
	} while (0)

Test(elf, malformed_files_are_refused_with_a_reason)
{
	struct img m;
	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	EXPECT_BAD("#!/bin/sh\n", 10, "not an ELF file");
	EXPECT_BAD(&m, 20, "not an ELF file");	/* truncated inside the header */

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.eh.e_machine = EM_AARCH64;
	EXPECT_BAD(&m, sizeof m, "not an x86-64 program");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.eh.e_type = ET_REL;
	EXPECT_BAD(&m, sizeof m, "not an executable");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.eh.e_phoff = 1 << 20;
	EXPECT_BAD(&m, sizeof m, "bad program header table");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.eh.e_phentsize = 40;
	EXPECT_BAD(&m, sizeof m, "bad program header table");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_filesz = 1 << 20;
	m.ph[0].p_memsz = 1 << 20;
	EXPECT_BAD(&m, sizeof m, "outside the file");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_filesz = m.ph[0].p_memsz + 1;
	EXPECT_BAD(&m, sizeof m, "outside the file");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_memsz = 1ull << 46;
	EXPECT_BAD(&m, sizeof m, "impossible size");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_vaddr = 0xffffffffffff0000ull;
	EXPECT_BAD(&m, sizeof m, "impossible size");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_vaddr = 0x200010;
	EXPECT_BAD(&m, sizeof m, "not page-aligned");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);	/* two overlapping segments */
	m.eh.e_phnum = 2;
	m.ph[1] = m.ph[0];
	EXPECT_BAD(&m, sizeof m, "overlaps");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.eh.e_entry = 0x100;
	EXPECT_BAD(&m, sizeof m, "entry point");

	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_type = PT_NULL;
	EXPECT_BAD(&m, sizeof m, "no loadable segments");
}

Test(elf, interpreter_is_reported)
{
	struct {
		struct img m;
		char interp[24];
	} f;
	make_img(&f.m, ELFOSABI_FREEBSD, NULL, 0);
	strcpy(f.interp, "/libexec/ld-elf.so.1");
	f.m.eh.e_phnum = 2;
	f.m.ph[1] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = offsetof(typeof(f), interp),
				 .p_filesz = strlen(f.interp) + 1};
	struct elf_info ei;
	char err[256];
	cr_assert_eq(inspect(&f, sizeof f, &ei, err), 0, "%s", err);
	cr_assert_str_eq(ei.interp, "/libexec/ld-elf.so.1");
	elf_info_free(&ei);
}

Test(elf, segments_over_abirun_are_refused)
{
	struct img m;
	make_img(&m, ELFOSABI_FREEBSD, NULL, 0);
	m.ph[0].p_vaddr = 0x60000000;
	m.eh.e_entry = 0x60000000 + offsetof(struct img, code);
	struct elf_info ei;
	char err[256];
	cr_assert_eq(inspect(&m, sizeof m, &ei, err), 0, "%s", err);
	uint64_t bias;
	cr_assert_eq(elf_map(&ei, 0x60000000, 0x61000000, &bias, err, sizeof err), -1);
	cr_assert(strstr(err, "where abirun itself lives"), "%s", err);
	elf_info_free(&ei);
}
