/* The FreeBSD ino64 struct stat (224 bytes) as written by fstat(551) and
 * fstatat(552): field offsets, nothing written past 224 bytes, unused
 * fields zero. */
#include "guest.h"

#define P(x) ((long)(x))
#define STSZ 224

static unsigned char sb[STSZ + 64];

static uint64_t u64(int off) { uint64_t v; memcpy(&v, sb + off, 8); return v; }
static uint32_t u32(int off) { uint32_t v; memcpy(&v, sb + off, 4); return v; }
static uint16_t u16(int off) { uint16_t v; memcpy(&v, sb + off, 2); return v; }

static int zero(int from, int to)
{
	for (int i = from; i < to; i++)
		if (sb[i])
			return 0;
	return 1;
}

static int canary(void)
{
	for (int i = STSZ; i < STSZ + 64; i++)
		if (sb[i] != 0xA5)
			return 0;
	return 1;
}

int main(void)
{
	static char data[12345];
	memset(data, 'x', sizeof(data));
	long fd = sys_open("f", O_RDWR | O_CREAT | O_EXCL, 0640);
	sys_write((int)fd, data, sizeof(data));

	memset(sb, 0xA5, sizeof(sb));
	check("fstat(551)", sys2(SYS_fstat, fd, P(sb)));
	yesno("nothing written past 224 bytes", canary());
	printf("st_size @112: %lu\n", u64(112));
	printf("st_mode @24 (u16): 0%o\n", u16(24));
	printf("st_nlink @16 (u64): %lu\n", u64(16));
	yesno("st_blksize @128 (i32) > 0", (int32_t)u32(128) > 0);
	yesno("st_blocks @120 > 0", u64(120) > 0);
	yesno("st_ino @8 != 0", u64(8) != 0);
	yesno("st_uid @28 == geteuid()", u32(28) == (uint32_t)sys_geteuid());
	yesno("st_gid @32 == getegid()", u32(32) == (uint32_t)sys_getegid());
	yesno("st_atim @48 > 2020", (long)u64(48) > 1577836800L);
	yesno("st_mtim @64 > 2020", (long)u64(64) > 1577836800L);
	yesno("st_ctim @80 > 2020", (long)u64(80) > 1577836800L);
	yesno("tv_nsec fields < 1e9", u64(56) < 1000000000UL && u64(72) < 1000000000UL && u64(88) < 1000000000UL);
	yesno("st_rdev @40 == 0", u64(40) == 0);
	yesno("st_bsdflags @26 == 0", u16(26) == 0);
	yesno("st_padding1 @36 == 0", u32(36) == 0);
	yesno("st_flags @132 == 0", u32(132) == 0);
	yesno("st_spare @152..223 zero", zero(152, 224));

	sys_link("f", "f2");
	memset(sb, 0xA5, sizeof(sb));
	sys2(SYS_fstat, fd, P(sb));
	printf("st_nlink after link(): %lu\n", u64(16));
	uint64_t ino = u64(8), dev = u64(0);

	memset(sb, 0xA5, sizeof(sb));
	check("fstatat(552, AT_FDCWD, f2)", sys4(SYS_fstatat, AT_FDCWD, P("f2"), P(sb), 0));
	yesno("nothing written past 224 bytes", canary());
	yesno("same st_dev and st_ino as f", u64(0) == dev && u64(8) == ino);
	printf("st_size @112: %lu\n", u64(112));

	sys_mkdir("d", 0751);
	memset(sb, 0xA5, sizeof(sb));
	check("fstatat(552, d)", sys4(SYS_fstatat, AT_FDCWD, P("d"), P(sb), 0));
	printf("st_mode @24: 0%o\n", u16(24));
	yesno("st_nlink >= 1", u64(16) >= 1);

	sys_symlink("f", "sl");
	memset(sb, 0xA5, sizeof(sb));
	check("fstatat(552, sl, AT_SYMLINK_NOFOLLOW 0x200)", sys4(SYS_fstatat, AT_FDCWD, P("sl"), P(sb), 0x200));
	printf("type: 0%o, st_size @112: %lu\n", u16(24) & S_IFMT, u64(112));
	memset(sb, 0xA5, sizeof(sb));
	sys4(SYS_fstatat, AT_FDCWD, P("sl"), P(sb), 0);
	printf("followed: type 0%o, st_size @112: %lu\n", u16(24) & S_IFMT, u64(112));

	int p[2];
	sys_pipe2(p, 0);
	memset(sb, 0xA5, sizeof(sb));
	check("fstat(551, pipe)", sys2(SYS_fstat, p[0], P(sb)));
	printf("type: 0%o\n", u16(24) & S_IFMT);
	yesno("nothing written past 224 bytes", canary());
	return 0;
}
