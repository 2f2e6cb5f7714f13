/* struct stat: the one place where Linux's statx becomes FreeBSD's 224-byte
 * ino64 struct stat (ABI-NOTES A7). */
#include "handlers.h"
#include <linux/stat.h>

struct fbsd_timespec {
	int64_t tv_sec;
	long tv_nsec;
};

struct fbsd_stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint16_t st_mode;
	int16_t st_bsdflags;
	uint32_t st_uid, st_gid, st_padding1;
	uint64_t st_rdev;
	struct fbsd_timespec st_atim, st_mtim, st_ctim, st_birthtim;
	int64_t st_size, st_blocks;
	int32_t st_blksize;
	uint32_t st_flags;
	uint64_t st_gen, st_filerev;
	uint64_t st_spare[9];
};
_Static_assert(sizeof(struct fbsd_stat) == 224, "FreeBSD struct stat is 224 bytes");
_Static_assert(__builtin_offsetof(struct fbsd_stat, st_size) == 112, "st_size @112");
_Static_assert(__builtin_offsetof(struct fbsd_stat, st_blksize) == 128, "st_blksize @128");

/* FreeBSD 12+ dev_t: major and minor interleaved into 64 bits. */
uint64_t fbsd_makedev(uint32_t x, uint32_t y)
{
	return ((uint64_t)(x & 0xffffff00) << 32) | ((x & 0xff) << 8) |
	       ((uint64_t)(y & 0xff00) << 24) | (y & 0xffff00ff);
}

static struct fbsd_timespec ts(const struct statx_timestamp *s)
{
	struct fbsd_timespec t = {s->tv_sec, (long)s->tv_nsec};
	return t;
}

void statx_to_fbsd(const struct statx *sx, struct fbsd_stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_dev = fbsd_makedev(sx->stx_dev_major, sx->stx_dev_minor);
	st->st_ino = sx->stx_ino;
	st->st_nlink = sx->stx_nlink;
	st->st_mode = sx->stx_mode;
	st->st_uid = sx->stx_uid;
	st->st_gid = sx->stx_gid;
	st->st_rdev = fbsd_makedev(sx->stx_rdev_major, sx->stx_rdev_minor);
	st->st_atim = ts(&sx->stx_atime);
	st->st_mtim = ts(&sx->stx_mtime);
	st->st_ctim = ts(&sx->stx_ctime);
	if (sx->stx_mask & STATX_BTIME)
		st->st_birthtim = ts(&sx->stx_btime);
	else
		st->st_birthtim.tv_sec = -1;	/* what FreeBSD reports without one */
	st->st_size = (int64_t)sx->stx_size;
	st->st_blocks = (int64_t)sx->stx_blocks;
	st->st_blksize = (int32_t)sx->stx_blksize;
}

static long stat_common(struct trap *t, int dirfd, const char *path, int hflags, uint64_t out)
{
	struct statx sx;
	struct fbsd_stat st;
	long r = sys5(__NR_statx, dirfd, path, hflags, STATX_BASIC_STATS | STATX_BTIME, &sx);
	if (r < 0)
		return r;
	(void)t;
	statx_to_fbsd(&sx, &st);
	return copy_to_guest(out, &st, sizeof st) < 0 ? -L_EFAULT : 0;
}

long sys_fstat(struct trap *t)
{
	return stat_common(t, IARG(0), "", 0x1000 /* AT_EMPTY_PATH */, ARG(1));
}

long sys_fstatat(struct trap *t)
{
	long fl = atflags_to_host(t->abi, ARG(3));
	if (fl < 0)
		return fl;
	char buf[GUEST_PATH_MAX];
	long err = 0;
	const char *p = guest_path(t, ARG(1), buf, sizeof buf, &err);
	if (!p)
		return err;
	return stat_common(t, IARG(0), p, (int)fl, ARG(2));
}
