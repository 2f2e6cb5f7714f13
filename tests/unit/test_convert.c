/* Struct converters against layouts computed by hand from FreeBSD's
 * headers (ABI-NOTES A7). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

void statx_to_fbsd(const struct statx *sx, void *out);
uint64_t fbsd_makedev(uint32_t major, uint32_t minor);

static uint64_t u64(const unsigned char *b, int off) { uint64_t v; memcpy(&v, b + off, 8); return v; }
static uint32_t u32(const unsigned char *b, int off) { uint32_t v; memcpy(&v, b + off, 4); return v; }
static uint16_t u16(const unsigned char *b, int off) { uint16_t v; memcpy(&v, b + off, 2); return v; }

Test(stat, freebsd_224_byte_layout)
{
	struct statx sx;
	memset(&sx, 0, sizeof sx);
	sx.stx_mask = STATX_BASIC_STATS | STATX_BTIME;
	sx.stx_ino = 0x1122334455667788ull;
	sx.stx_nlink = 3;
	sx.stx_mode = S_IFREG | 0640;
	sx.stx_uid = 1000;
	sx.stx_gid = 100;
	sx.stx_size = 123456789;
	sx.stx_blocks = 2048;
	sx.stx_blksize = 4096;
	sx.stx_atime.tv_sec = 1700000001; sx.stx_atime.tv_nsec = 11;
	sx.stx_mtime.tv_sec = 1700000002; sx.stx_mtime.tv_nsec = 22;
	sx.stx_ctime.tv_sec = 1700000003; sx.stx_ctime.tv_nsec = 33;
	sx.stx_btime.tv_sec = 1700000000; sx.stx_btime.tv_nsec = 44;
	sx.stx_dev_major = 8; sx.stx_dev_minor = 1;
	unsigned char b[240];
	memset(b, 0xee, sizeof b);
	statx_to_fbsd(&sx, b);
	cr_assert_eq(u64(b, 0), fbsd_makedev(8, 1), "st_dev @0");
	cr_assert_eq(u64(b, 8), 0x1122334455667788ull, "st_ino @8");
	cr_assert_eq(u64(b, 16), 3, "st_nlink @16 (u64)");
	cr_assert_eq(u16(b, 24), S_IFREG | 0640, "st_mode @24 (u16)");
	cr_assert_eq(u32(b, 28), 1000, "st_uid @28");
	cr_assert_eq(u32(b, 32), 100, "st_gid @32");
	cr_assert_eq(u64(b, 48), 1700000001, "st_atim @48");
	cr_assert_eq(u64(b, 56), 11);
	cr_assert_eq(u64(b, 64), 1700000002, "st_mtim @64");
	cr_assert_eq(u64(b, 80), 1700000003, "st_ctim @80");
	cr_assert_eq(u64(b, 96), 1700000000, "st_birthtim @96");
	cr_assert_eq(u64(b, 104), 44);
	cr_assert_eq(u64(b, 112), 123456789, "st_size @112");
	cr_assert_eq(u64(b, 120), 2048, "st_blocks @120");
	cr_assert_eq(u32(b, 128), 4096, "st_blksize @128 (i32)");
	cr_assert_eq(u32(b, 132), 0, "st_flags");
	for (int i = 136; i < 224; i++)
		cr_assert_eq(b[i], 0, "st_gen/filerev/spare zeroed (byte %d)", i);
	cr_assert_eq(b[224], 0xee, "nothing written past 224 bytes");
}

Test(stat, no_birthtime_reads_as_minus_one)
{
	struct statx sx;
	memset(&sx, 0, sizeof sx);
	sx.stx_mask = STATX_BASIC_STATS;
	unsigned char b[224];
	statx_to_fbsd(&sx, b);
	cr_assert_eq((int64_t)u64(b, 96), -1);
}

Test(stat, freebsd_dev_t_encoding)
{
	/* FreeBSD 12+ makedev(): major bits 0-7 at 8-15, 8-31 at 40-63;
	 * minor bits 0-7 at 0-7, 8-15 at 32-39, 16-31 at 16-31. */
	cr_assert_eq(fbsd_makedev(0, 0), 0);
	cr_assert_eq(fbsd_makedev(1, 2), 0x102);
	cr_assert_eq(fbsd_makedev(0x1234, 0), 0x0000120000003400ull);
	cr_assert_eq(fbsd_makedev(0, 0xabcd), 0x000000ab000000cdull);
}
