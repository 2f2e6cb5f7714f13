/* struct statfs: Linux statfs plus the mount table (/proc/self/mountinfo)
 * -> FreeBSD's 2344-byte struct statfs (the one place it is built). */
#include "handlers.h"

struct fbsd_statfs {
	uint32_t f_version, f_type;
	uint64_t f_flags, f_bsize, f_iosize, f_blocks, f_bfree;
	int64_t f_bavail;
	uint64_t f_files;
	int64_t f_ffree;
	uint64_t f_syncwrites, f_asyncwrites, f_syncreads, f_asyncreads;
	uint32_t f_nvnodelistsize, f_spare0;
	uint64_t f_spare[9];
	uint32_t f_namemax, f_owner;
	int32_t f_fsid[2];
	char f_charspare[80];
	char f_fstypename[16];
	char f_mntfromname[1024];
	char f_mntonname[1024];
};
_Static_assert(sizeof(struct fbsd_statfs) == 2344, "FreeBSD struct statfs is 2344 bytes");

struct linux_statfs {
	long f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen, f_frsize, f_flags, f_spare[4];
};

/* FreeBSD names for Linux file system types, where one exists. */
static const char *fstype_name(long magic, const char *linux_name)
{
	switch ((unsigned long)magic) {
	case 0xEF53: return "ext2fs";
	case 0x01021994: return "tmpfs";
	case 0x9fa0: return "procfs";
	case 0x6969: return "nfs";
	case 0x2fc12fc1: return "zfs";
	case 0x4d44: return "msdosfs";
	case 0x794c7630: return "unionfs";
	}
	return linux_name;
}

/* Finds the mount with device maj:min in mountinfo: mount point, source and
 * type. The last matching line is the one on top. */
static void mount_of(uint32_t maj, uint32_t min, char *on, char *from, char *type)
{
	char *buf = shim_malloc(65536);
	if (!buf)
		return;
	if (rt_read_file("/proc/self/mountinfo", buf, 65536) < 0)
		buf[0] = 0;
	char want[32];
	shim_snprintf(want, sizeof want, "%u:%u", maj, min);
	for (char *line = buf; *line;) {
		char *end = shim_strchr(line, '\n');
		if (end)
			*end = 0;
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - TYPE SOURCE SUPER */
		char *f[8];
		int k = 0;
		char *p = line;
		while (k < 5 && p) {
			f[k++] = p;
			p = shim_strchr(p, ' ');
			if (p)
				*p++ = 0;
		}
		char *dash = p ? p : 0;
		while (dash && shim_strncmp(dash, "- ", 2) && (dash = shim_strchr(dash, ' ')))
			dash++;
		if (k == 5 && !shim_strcmp(f[2], want) && dash) {
			char *ty = dash + 2, *src = shim_strchr(ty, ' ');
			if (src)
				*src++ = 0;
			char *sp = src ? shim_strchr(src, ' ') : 0;
			if (sp)
				*sp = 0;
			shim_strlcpy(on, f[4], 1024);
			shim_strlcpy(type, ty, 16);
			shim_strlcpy(from, src ? src : "", 1024);
		}
		if (!end)
			break;
		line = end + 1;
	}
	shim_free(buf);
}

static long statfs_to_guest(int dirfd, const char *path, uint64_t out)
{
	struct linux_statfs ls;
	struct { uint32_t mask, blksize; uint64_t attr; uint32_t nlink, uid, gid; uint16_t mode, pad;
		 uint64_t ino, size, blocks, amask; uint64_t ts[8]; uint32_t rmaj, rmin, dmaj, dmin;
		 uint64_t spare[14]; } sx;
	long fd = dirfd;
	if (path) {
		fd = sys4(__NR_openat, dirfd, path, 0x200000 /* O_PATH */ | 0x80000, 0);
		if (fd < 0)
			return fd;
	}
	long r = sys2(__NR_fstatfs, fd, &ls);
	if (r == 0)
		r = sys5(__NR_statx, fd, "", 0x1000 /* AT_EMPTY_PATH */, 0, &sx);
	if (path)
		sys1(__NR_close, fd);
	if (r < 0)
		return r;
	struct fbsd_statfs *f = shim_calloc(1, sizeof *f);
	if (!f)
		return -L_ENOMEM;
	char type[16] = "";
	mount_of(sx.dmaj, sx.dmin, f->f_mntonname, f->f_mntfromname, type);
	f->f_version = 0x20140518;	/* STATFS_VERSION */
	f->f_type = (uint32_t)ls.f_type;
	f->f_flags = (ls.f_flags & 1 /* ST_RDONLY */) ? 1 /* MNT_RDONLY */ : 0;
	f->f_bsize = (uint64_t)(ls.f_frsize ? ls.f_frsize : ls.f_bsize);
	f->f_iosize = (uint64_t)ls.f_bsize;
	f->f_blocks = ls.f_blocks;
	f->f_bfree = ls.f_bfree;
	f->f_bavail = (int64_t)ls.f_bavail;
	f->f_files = ls.f_files;
	f->f_ffree = (int64_t)ls.f_ffree;
	f->f_namemax = (uint32_t)ls.f_namelen;
	f->f_fsid[0] = ls.f_fsid[0];
	f->f_fsid[1] = ls.f_fsid[1];
	shim_strlcpy(f->f_fstypename, fstype_name(ls.f_type, type[0] ? type : "unknown"), 16);
	r = copy_to_guest(out, f, sizeof *f) < 0 ? -L_EFAULT : 0;
	shim_free(f);
	return r;
}

long sys_statfs(struct trap *t)
{
	return statfs_to_guest(-100, (const char *)ARG(0), ARG(1));
}

long sys_fstatfs(struct trap *t)
{
	return statfs_to_guest(IARG(0), 0, ARG(1));
}
