/* getdirentries: Linux getdents64 records -> FreeBSD struct dirent, never
 * writing past the guest's buffer (a FreeBSD record is up to 5 bytes longer
 * than Linux's for the same name, so conversion may stop early and seek the
 * directory back to the first entry not delivered). */
#include "handlers.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

#define FBSD_DIRENT_HDR 24

long sys_getdirentries(struct trap *t)
{
	int fd = IARG(0);
	uint64_t gbuf = ARG(1);
	size_t count = ARG(2);
	uint64_t basep = ARG(3);
	if ((long)count < 0)
		return -L_EINVAL;
	long base = sys3(__NR_lseek, fd, 0, 1 /* SEEK_CUR */);
	size_t hcap = count < 65536 ? count : 65536;
	char *hbuf = shim_malloc(hcap);
	char *obuf = shim_malloc(hcap + 512);
	if (!hbuf || !obuf) {
		shim_free(hbuf);
		shim_free(obuf);
		return -L_ENOMEM;
	}
	long n = sys3(__NR_getdents64, fd, hbuf, hcap);
	long ret = n;
	if (n > 0) {
		size_t out = 0;
		long pos = 0;
		int64_t resume = -1;
		while (pos < n) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(hbuf + pos);
			size_t namlen = strlen(d->d_name);
			size_t reclen = (FBSD_DIRENT_HDR + namlen + 1 + 7) & ~(size_t)7;
			if (out + reclen > count) {
				/* Deliver it next time: `resume` is its position. */
				break;
			}
			char *o = obuf + out;
			memset(o, 0, reclen);
			uint64_t off = (uint64_t)d->d_off;
			uint16_t rl = (uint16_t)reclen, nl = (uint16_t)namlen;
			memcpy(o + 0, &d->d_ino, 8);
			memcpy(o + 8, &off, 8);
			memcpy(o + 16, &rl, 2);
			o[18] = (char)d->d_type;
			memcpy(o + 20, &nl, 2);
			memcpy(o + FBSD_DIRENT_HDR, d->d_name, namlen);
			out += reclen;
			resume = d->d_off;
			pos += d->d_reclen;
		}
		if (out == 0) {
			ret = -L_EINVAL;	/* not even one entry fits */
			sys3(__NR_lseek, fd, base, 0);
		} else {
			if (pos < n)	/* entries read but not delivered */
				sys3(__NR_lseek, fd, resume, 0 /* SEEK_SET */);
			ret = copy_to_guest(gbuf, obuf, out) < 0 ? -L_EFAULT : (long)out;
			if (ret < 0)
				sys3(__NR_lseek, fd, base, 0);
		}
	}
	shim_free(hbuf);
	shim_free(obuf);
	if (ret >= 0 && basep && copy_to_guest(basep, &base, 8) < 0)
		return -L_EFAULT;
	return ret;
}
