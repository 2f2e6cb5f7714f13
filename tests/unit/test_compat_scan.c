/* compat-db: ELF fingerprinting on real, hand-made and malformed files;
 * SHA-256/512 and base64; Go build information. */
#include "test_compat.h"

#include <elf.h>
#include <sys/wait.h>

/* ------------------------------------------------------------ hashes */

Test(compat_hash, sha256_vectors)
{
	char out[65];
	compat_sha256_hex("", 0, out);
	cr_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	compat_sha256_hex("abc", 3, out);
	cr_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	compat_sha256_hex(m, strlen(m), out);
	cr_assert_str_eq(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a's, fed in odd-sized pieces */
	struct compat_sha256 c;
	uint8_t h[32], chunk[997];
	memset(chunk, 'a', sizeof chunk);
	compat_sha256_init(&c);
	size_t left = 1000000;
	while (left) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		compat_sha256_update(&c, chunk, n);
		left -= n;
	}
	compat_sha256_final(&c, h);
	compat_hex(h, 32, out);
	cr_assert_str_eq(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(compat_hash, sha512_and_base64)
{
	struct compat_sha512 c;
	uint8_t h[64];
	char hex[129];
	compat_sha512_init(&c);
	compat_sha512_update(&c, "abc", 3);
	compat_sha512_final(&c, h);
	compat_hex(h, 64, hex);
	cr_assert_str_eq(hex, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	uint8_t b[16];
	cr_assert_eq(compat_base64_decode("aGVsbG8=", b, sizeof b), 5);
	cr_assert_eq(memcmp(b, "hello", 5), 0);
	cr_assert_eq(compat_base64_decode("aGVsbG8", b, sizeof b), 5);
	cr_assert_eq(compat_base64_decode("a*b", b, sizeof b), -1);
	cr_assert_eq(compat_base64_decode("aGVsbG8gd29ybGQgd29ybGQ=", b, 4), -1);
}

Test(compat_hash, sha256_file_matches_sha256sum)
{
	char out[65], cmdout[128] = "";
	cr_assert_eq(compat_sha256_file("/bin/ls", out), 0);
	FILE *p = popen("sha256sum /bin/ls", "r");
	cr_assert_not_null(p);
	cr_assert_not_null(fgets(cmdout, sizeof cmdout, p));
	pclose(p);
	cr_assert_eq(strncmp(cmdout, out, 64), 0, "%s vs %s", out, cmdout);
}

/* ------------------------------------------------------- tiny ELF files */

struct elfb {
	uint8_t b[8192];
	size_t n;
};

static size_t put(struct elfb *e, const void *p, size_t n, size_t align)
{
	while (e->n % align)
		e->b[e->n++] = 0;
	size_t at = e->n;
	memcpy(e->b + e->n, p, n);
	e->n += n;
	return at;
}

static size_t note(struct elfb *e, const char *name, uint32_t type, const void *desc, uint32_t descsz)
{
	uint32_t hdr[3] = {(uint32_t)strlen(name) + 1, descsz, type};
	size_t at = put(e, hdr, sizeof hdr, 4);
	put(e, name, strlen(name) + 1, 1);
	put(e, desc, descsz, 4);
	while (e->n % 4)
		e->b[e->n++] = 0;
	return at;
}

enum { BASE = 0x400000 };

/* An x86-64 executable without section headers: PT_LOAD over the whole
 * file, optional OS note, optional interpreter + dynamic section, optional
 * writable segment holding Go build info. */
static void make_elf(struct elfb *e, int osabi, const char *note_os, uint32_t note_ver,
		     const char *interp, const char *needed, const void *gobi, size_t gobilen)
{
	Elf64_Ehdr eh = {0};
	Elf64_Phdr ph[6];
	int nph = 0;
	memset(e, 0, sizeof *e);
	memset(ph, 0, sizeof ph);
	e->n = sizeof eh + sizeof ph;	/* room for headers, filled in at the end */

	size_t note_at = 0, note_end = 0, interp_at = 0, dyn_at = 0, str_at = 0, gobi_at = 0;
	if (note_os) {
		note_at = note(e, note_os, 1, &note_ver, 4);
		note_end = e->n;
	}
	if (interp)
		interp_at = put(e, interp, strlen(interp) + 1, 1);
	if (needed) {
		char strtab[128] = {0};
		size_t sl = 1 + strlen(needed) + 1;
		memcpy(strtab + 1, needed, strlen(needed));
		str_at = put(e, strtab, sl, 8);
		Elf64_Dyn d[4] = {
			{DT_NEEDED, {1}}, {DT_STRTAB, {BASE + str_at}}, {DT_STRSZ, {sl}}, {DT_NULL, {0}},
		};
		dyn_at = put(e, d, sizeof d, 8);
	}
	size_t ro_end = e->n;
	if (gobi) {
		while (e->n % 4096)
			e->b[e->n++] = 0;
		gobi_at = put(e, gobi, gobilen, 16);
	}

	ph[nph++] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
				 .p_vaddr = BASE, .p_paddr = BASE, .p_filesz = ro_end, .p_memsz = ro_end,
				 .p_align = 4096};
	if (note_os)
		ph[nph++] = (Elf64_Phdr){.p_type = PT_NOTE, .p_flags = PF_R, .p_offset = note_at,
					 .p_vaddr = BASE + note_at, .p_filesz = note_end - note_at,
					 .p_memsz = note_end - note_at, .p_align = 4};
	if (interp)
		ph[nph++] = (Elf64_Phdr){.p_type = PT_INTERP, .p_flags = PF_R, .p_offset = interp_at,
					 .p_vaddr = BASE + interp_at, .p_filesz = strlen(interp) + 1,
					 .p_memsz = strlen(interp) + 1, .p_align = 1};
	if (needed)
		ph[nph++] = (Elf64_Phdr){.p_type = PT_DYNAMIC, .p_flags = PF_R | PF_W, .p_offset = dyn_at,
					 .p_vaddr = BASE + dyn_at, .p_filesz = 4 * sizeof(Elf64_Dyn),
					 .p_memsz = 4 * sizeof(Elf64_Dyn), .p_align = 8};
	if (gobi)
		ph[nph++] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = gobi_at & ~4095ul,
					 .p_vaddr = 0x800000 + (gobi_at & ~4095ul),
					 .p_filesz = e->n - (gobi_at & ~4095ul), .p_memsz = e->n - (gobi_at & ~4095ul),
					 .p_align = 4096};

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_ident[EI_OSABI] = (unsigned char)osabi;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_entry = BASE + 0x1000;
	eh.e_phoff = sizeof eh;
	eh.e_ehsize = sizeof eh;
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = (Elf64_Half)nph;
	memcpy(e->b, &eh, sizeof eh);
	memcpy(e->b + sizeof eh, ph, sizeof(Elf64_Phdr) * (size_t)nph);
}

static void scan(const struct elfb *e, struct compat_fingerprint *fp)
{
	compat_scan_mem(e->b, e->n, fp);
}

Test(compat_scan, tiny_freebsd_static)
{
	struct elfb e;
	struct compat_fingerprint fp;
	make_elf(&e, ELFOSABI_FREEBSD, "FreeBSD", 1403000, NULL, NULL, NULL, 0);
	scan(&e, &fp);
	cr_assert_str_eq(fp.format, "elf", "%s", fp.error);
	cr_assert_str_eq(fp.abi, "freebsd-amd64");
	cr_assert_str_eq(fp.os, "FreeBSD");
	cr_assert_eq(fp.os_version, 1403000);
	cr_assert_str_eq(fp.os_version_str, "14.3");
	cr_assert_str_eq(fp.linkage, "static");
	cr_assert_str_eq(fp.elf_type, "exec");
	cr_assert_eq(fp.nneeded, 0);
	cr_assert_str_eq(fp.lang, "");
	char sha[65];
	compat_sha256_hex(e.b, e.n, sha);
	cr_assert_str_eq(fp.sha256, sha);
	cr_assert_eq(fp.size, (int64_t)e.n);
	compat_fingerprint_free(&fp);
}

Test(compat_scan, netbsd_note_with_sysv_osabi)
{
	struct elfb e;
	struct compat_fingerprint fp;
	/* gcc-built NetBSD programs carry ELFOSABI_NONE and the NetBSD note */
	make_elf(&e, ELFOSABI_NONE, "NetBSD", 1000000000, NULL, NULL, NULL, 0);
	scan(&e, &fp);
	cr_assert_str_eq(fp.abi, "netbsd-amd64");
	cr_assert_str_eq(fp.os_version_str, "10.0");
	make_elf(&e, ELFOSABI_NONE, "DragonFly", 600400, NULL, NULL, NULL, 0);
	scan(&e, &fp);
	cr_assert_str_eq(fp.abi, "dragonfly-amd64");
	cr_assert_str_eq(fp.os_version_str, "6.4");
	make_elf(&e, ELFOSABI_NONE, NULL, 0, NULL, NULL, NULL, 0);
	scan(&e, &fp);
	cr_assert_str_eq(fp.abi, "unknown-amd64");
	cr_assert_eq(fp.os_version, -1);
}

Test(compat_scan, dynamic_without_section_headers)
{
	struct elfb e;
	struct compat_fingerprint fp;
	make_elf(&e, ELFOSABI_FREEBSD, "FreeBSD", 1302000, "/libexec/ld-elf.so.1", "libc.so.7", NULL, 0);
	scan(&e, &fp);
	cr_assert_str_eq(fp.format, "elf", "%s", fp.error);
	cr_assert_str_eq(fp.linkage, "dynamic");
	cr_assert_str_eq(fp.interp, "/libexec/ld-elf.so.1");
	cr_assert_eq(fp.nneeded, 1);
	cr_assert_str_eq(fp.needed[0], "libc.so.7");
	cr_assert_str_eq(fp.os_version_str, "13.2");
	compat_fingerprint_free(&fp);
	/* the interpreter alone names the OS when nothing else does */
	make_elf(&e, ELFOSABI_NONE, NULL, 0, "/usr/libexec/ld.elf_so", "libc.so.12", NULL, 0);
	scan(&e, &fp);
	cr_assert_str_eq(fp.abi, "netbsd-amd64");
	cr_assert_str_eq(fp.needed[0], "libc.so.12");
	compat_fingerprint_free(&fp);
}

/* Go 1.18+ inline build info blob */
static size_t gobi_inline(uint8_t *b, const char *ver, const char *modinfo)
{
	static const uint8_t sentinel_a[16] = {0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
					       0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6};
	static const uint8_t sentinel_b[16] = {0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
					       0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2};
	size_t n = 0;
	memset(b, 0, 32);
	memcpy(b, "\xff Go buildinf:", 14);
	b[14] = 8;
	b[15] = 2;
	n = 32;
	b[n++] = (uint8_t)strlen(ver);
	memcpy(b + n, ver, strlen(ver));
	n += strlen(ver);
	size_t ml = strlen(modinfo) + 32;
	b[n++] = (uint8_t)(0x80 | (ml & 0x7f));	/* two-byte varint */
	b[n++] = (uint8_t)(ml >> 7);
	memcpy(b + n, sentinel_a, 16);
	n += 16;
	memcpy(b + n, modinfo, strlen(modinfo));
	n += strlen(modinfo);
	memcpy(b + n, sentinel_b, 16);
	n += 16;
	return n;
}

static const char MODINFO[] =
	"path\texample.com/tool/cmd/tool\n"
	"mod\texample.com/tool\tv1.2.3\th1:abcdef=\n"
	"dep\tgolang.org/x/sys\tv0.1.0\th1:xyz=\n"
	"build\t-compiler=gc\n"
	"build\tGOOS=freebsd\n"
	"build\tCGO_ENABLED=0\n"
	"build\tGOARCH=amd64\n"
	"build\tGOAMD64=v1\n";

Test(compat_scan, go_buildinfo_inline_in_writable_segment)
{
	uint8_t blob[1024];
	size_t n = gobi_inline(blob, "go1.22.4", MODINFO);
	struct elfb e;
	struct compat_fingerprint fp;
	make_elf(&e, ELFOSABI_FREEBSD, NULL, 0, NULL, NULL, blob, n);
	scan(&e, &fp);
	cr_assert_str_eq(fp.format, "elf", "%s", fp.error);
	cr_assert_str_eq(fp.lang, "go");
	cr_assert_str_eq(fp.go_info, "buildinfo");
	cr_assert_str_eq(fp.go_version, "go1.22.4");
	cr_assert_str_eq(fp.go_module, "example.com/tool");
	cr_assert_str_eq(fp.go_module_version, "v1.2.3");
}

static const uint8_t *fake_map(void *ctx, uint64_t va, size_t *avail)
{
	const uint8_t *mem = ctx;	/* "memory" at 0x1000..0x1100 */
	if (va < 0x1000 || va >= 0x1100)
		return NULL;
	*avail = 0x1100 - va;
	return mem + (va - 0x1000);
}

Test(compat_scan, go_buildinfo_pointer_format)
{
	uint8_t mem[0x100] = {0}, blob[32] = {0};
	struct compat_fingerprint fp;
	memset(&fp, 0, sizeof fp);
	/* string headers at 0x1000 (version) and 0x1010 (modinfo), bytes at 0x1020/0x1040 */
	const char *ver = "go1.16.15", *mi = "path\tx/y\nmod\tx/y\t(devel)\t\n";
	uint64_t h[4] = {0x1020, strlen(ver), 0x1040, strlen(mi)};
	memcpy(mem, h, sizeof h);
	memcpy(mem + 0x20, ver, strlen(ver));
	memcpy(mem + 0x40, mi, strlen(mi));
	memcpy(blob, "\xff Go buildinf:", 14);
	blob[14] = 8;
	blob[15] = 0;
	uint64_t p1 = 0x1000, p2 = 0x1010;
	memcpy(blob + 16, &p1, 8);
	memcpy(blob + 24, &p2, 8);
	cr_assert_eq(compat_go_buildinfo(blob, sizeof blob, fake_map, mem, &fp), 0);
	cr_assert_str_eq(fp.go_version, "go1.16.15");
	cr_assert_str_eq(fp.go_module, "x/y");
	cr_assert_str_eq(fp.go_module_version, "(devel)");
	/* dangling pointers are refused, not followed */
	p1 = 0x5000;
	memcpy(blob + 16, &p1, 8);
	memset(&fp, 0, sizeof fp);
	cr_assert_eq(compat_go_buildinfo(blob, sizeof blob, fake_map, mem, &fp), -1);
	/* truncated inline blob */
	uint8_t b2[1024];
	size_t n = gobi_inline(b2, "go1.22.4", MODINFO);
	for (size_t cut = 0; cut < n; cut += 7) {
		memset(&fp, 0, sizeof fp);
		compat_go_buildinfo(b2, cut, NULL, NULL, &fp);
	}
}

Test(compat_scan, go_version_heuristic)
{
	char v[32];
	const uint8_t d1[] = "\x00\x01go1.26.5\x00\x02";
	cr_assert_eq(compat_go_find_version(d1, sizeof d1 - 1, v, sizeof v), 0);
	cr_assert_str_eq(v, "go1.26.5");
	const uint8_t d2[] = "needs go1.21 or later\x00go1.22rc1\x00";
	cr_assert_eq(compat_go_find_version(d2, sizeof d2 - 1, v, sizeof v), 0);
	cr_assert_str_eq(v, "go1.22rc1");
	const uint8_t d3[] = "cargo1.5 ago1.2x";
	cr_assert_eq(compat_go_find_version(d3, sizeof d3 - 1, v, sizeof v), -1);
}

/* ------------------------------------------------------ real binaries */

Test(compat_scan, bin_ls)
{
	struct compat_fingerprint fp;
	cr_assert_eq(compat_scan_file("/bin/ls", &fp), 0, "%s", fp.error);
	cr_assert_str_eq(fp.format, "elf");
	cr_assert_str_eq(fp.abi, "linux-amd64");
	cr_assert_str_eq(fp.linkage, "dynamic");
	cr_assert(strstr(fp.interp, "ld-linux") != NULL, "interp %s", fp.interp);
	int libc = 0;
	for (int i = 0; i < fp.nneeded; i++)
		libc |= !strcmp(fp.needed[i], "libc.so.6");
	cr_assert(libc, "libc.so.6 not among %d needed libraries", fp.nneeded);
	cr_assert_eq(fp.elf_class, 64);
	compat_fingerprint_free(&fp);
}

Test(compat_scan, go_freebsd_binary_built_now, .timeout = 300)
{
	if (system("command -v go >/dev/null 2>&1") != 0)
		cr_skip_test("go is not installed");
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/main.go", d);
	const char *src = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n";
	tc_write(p, src, strlen(src), 0644);
	free(p);
	p = compat_xasprintf("%s/go.mod", d);
	const char *mod = "module example.org/compatprobe\n\ngo 1.18\n";
	tc_write(p, mod, strlen(mod), 0644);
	free(p);
	char *cmd = compat_xasprintf("cd '%s' && GOOS=freebsd GOARCH=amd64 CGO_ENABLED=0 GOFLAGS=-buildvcs=false "
				     "go build -o probe . >build.log 2>&1", d);
	int rc = system(cmd);
	free(cmd);
	if (rc != 0) {
		char *log = NULL;
		p = compat_xasprintf("%s/build.log", d);
		compat_read_file(p, 1 << 20, &log, NULL);
		cr_skip_test("go build failed here (offline module cache?): %s", log ? log : "");
	}
	struct compat_fingerprint fp;
	p = compat_xasprintf("%s/probe", d);
	cr_assert_eq(compat_scan_file(p, &fp), 0);
	cr_assert_str_eq(fp.abi, "freebsd-amd64");
	cr_assert_str_eq(fp.linkage, "static");
	cr_assert_str_eq(fp.lang, "go");
	cr_assert_str_eq(fp.go_info, "buildinfo");
	cr_assert_eq(strncmp(fp.go_version, "go1.", 4), 0, "go_version %s", fp.go_version);
	cr_assert_str_eq(fp.go_module, "example.org/compatprobe");
	/* the version must agree with `go version` */
	char want[64] = "";
	FILE *pp = popen("go env GOVERSION", "r");
	if (pp && fgets(want, sizeof want, pp))
		want[strcspn(want, "\n")] = 0;
	if (pp)
		pclose(pp);
	if (want[0])
		cr_assert_str_eq(fp.go_version, want);
	compat_fingerprint_free(&fp);
	free(p);
	tc_rm_rf(d);
	free(d);
}

/* ------------------------------------------------------ malformed files */

Test(compat_scan, not_elf_and_empty)
{
	char *d = tc_tmpdir();
	char *p = compat_xasprintf("%s/text", d);
	tc_write(p, "#!/bin/sh\necho hi\n", 18, 0755);
	struct compat_fingerprint fp;
	cr_assert_eq(compat_scan_file(p, &fp), 0);
	cr_assert_str_eq(fp.format, "not-elf");
	free(p);
	p = compat_xasprintf("%s/empty", d);
	tc_write(p, "", 0, 0644);
	cr_assert_eq(compat_scan_file(p, &fp), 0);
	cr_assert_str_eq(fp.format, "not-elf");
	cr_assert_str_eq(fp.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	free(p);
	cr_assert_eq(compat_scan_file("/nonexistent/file", &fp), -1);
	cr_assert_eq(compat_scan_file(d, &fp), -1);	/* a directory */
	tc_rm_rf(d);
	free(d);
}

Test(compat_scan, truncated_real_binary)
{
	char *data;
	size_t len;
	cr_assert_eq(compat_read_file("/bin/ls", 64 << 20, &data, &len), 0);
	struct compat_fingerprint fp;
	/* every cut inside the headers, then coarser steps: never a crash, and
	 * a cut inside the ELF header is reported as malformed */
	for (size_t cut = 0; cut < len; cut += cut < 1024 ? 1 : cut < 65536 ? 509 : 8191) {
		compat_scan_mem(data, cut, &fp);
		cr_assert(fp.format[0], "no verdict at %zu", cut);
		if (cut >= 4 && cut < 64)
			cr_assert_str_eq(fp.format, "malformed", "cut %zu gave %s", cut, fp.format);
		if (cut < 4)
			cr_assert_str_eq(fp.format, "not-elf");
		compat_fingerprint_free(&fp);
	}
	free(data);
}

Test(compat_scan, garbage_and_corrupted_headers)
{
	struct elfb e;
	struct compat_fingerprint fp;
	uint8_t g[4096];
	unsigned seed = 12345;
	/* random garbage after a valid magic */
	for (int round = 0; round < 300; round++) {
		for (size_t i = 0; i < sizeof g; i++)
			g[i] = (uint8_t)((seed = seed * 1103515245 + 12345) >> 16);
		memcpy(g, ELFMAG, 4);
		g[EI_CLASS] = (uint8_t)(1 + round % 2);
		g[EI_DATA] = (uint8_t)(1 + (round / 2) % 2);
		compat_scan_mem(g, (size_t)(64 + (round * 13) % (sizeof g - 64)), &fp);
		cr_assert(!strcmp(fp.format, "elf") || !strcmp(fp.format, "malformed"), "%s", fp.format);
		compat_fingerprint_free(&fp);
	}
	/* single-byte corruptions of a good dynamic file's headers */
	make_elf(&e, ELFOSABI_FREEBSD, "FreeBSD", 1403000, "/libexec/ld-elf.so.1", "libc.so.7", NULL, 0);
	for (size_t at = 0; at < 64 + 6 * sizeof(Elf64_Phdr); at++) {
		for (int v = 0; v < 4; v++) {
			struct elfb c = e;
			static const uint8_t vals[4] = {0x00, 0xff, 0x7f, 0x80};
			c.b[at] = vals[v];
			compat_scan_mem(c.b, c.n, &fp);
			cr_assert(fp.format[0]);
			compat_fingerprint_free(&fp);
		}
	}
	/* program headers pointing past the end */
	make_elf(&e, ELFOSABI_FREEBSD, NULL, 0, NULL, NULL, NULL, 0);
	((Elf64_Ehdr *)e.b)->e_phoff = 1u << 30;
	compat_scan_mem(e.b, e.n, &fp);
	cr_assert_str_eq(fp.format, "malformed");
	/* PT_INTERP outside the file */
	make_elf(&e, ELFOSABI_FREEBSD, NULL, 0, "/libexec/ld-elf.so.1", NULL, NULL, 0);
	Elf64_Phdr *ph = (Elf64_Phdr *)(e.b + sizeof(Elf64_Ehdr));
	for (int i = 0; i < ((Elf64_Ehdr *)e.b)->e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			ph[i].p_offset = 1u << 20;
	compat_scan_mem(e.b, e.n, &fp);
	cr_assert_str_eq(fp.format, "malformed");
}
