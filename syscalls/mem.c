/* Memory mappings.  The guest may not map over, unmap or re-protect
 * abirun's own image. */
#include "handlers.h"
#include <linux/mman.h>

static bool hits_image(uint64_t addr, uint64_t len)
{
	return addr < rt_cfg.image_end && addr + len > rt_cfg.image_start;
}

long sys_mmap(struct trap *t)
{
	uint64_t addr = ARG(0), len = ARG(1);
	unsigned long gprot = ARG(2), gflags = ARG(3);
	int fd = IARG(4);
	long off = (long)ARG(5);
	/* PROT_MAX(p) (FreeBSD 13+) lives in bits 16-18; Linux has no such
	 * ceiling: strip it. */
	unsigned long prot = gprot & 7;
	if (gprot & ~0x70007ul)
		return -L_EINVAL;
	unsigned align_log = (unsigned)(gflags >> 24);	/* MAP_ALIGNED(n) */
	unsigned long unknown = 0;
	unsigned long hflags = xlat_bits_to_host(t->abi, XL_MAPFLAGS, gflags & 0xffffff, &unknown);
	if (unknown)
		return -L_EINVAL;
	if (len == 0)
		return -L_EINVAL;
	if (!(hflags & (MAP_SHARED | MAP_PRIVATE)))
		hflags |= MAP_PRIVATE;	/* FreeBSD accepts neither (as private) */
	if (hflags & MAP_ANONYMOUS)
		fd = -1, off = 0;
	if (hflags & 0x4000 /* from MAP_GUARD */) {
		prot = PROT_NONE;
		hflags |= MAP_ANONYMOUS | MAP_PRIVATE;
		fd = -1;
	}
	if ((hflags & MAP_FIXED) && hits_image(addr, len))
		return -L_ENOMEM;
	if (!(hflags & MAP_FIXED) && addr && hits_image(addr, len))
		addr = 0;	/* a hint into our image: let the kernel choose */
	if (align_log > 12 && align_log < 48 && !(hflags & MAP_FIXED)) {
		/* Over-reserve, then trim to the requested alignment. */
		uint64_t a = 1ull << align_log, span = len + a;
		long r = sys6(__NR_mmap, addr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (r < 0)
			return r;
		uint64_t start = ((uint64_t)r + a - 1) & ~(a - 1);
		if (start > (uint64_t)r)
			sys2(__NR_munmap, r, start - (uint64_t)r);
		uint64_t end = (uint64_t)r + span, want_end = start + ((len + 4095) & ~4095ull);
		if (end > want_end)
			sys2(__NR_munmap, want_end, end - want_end);
		addr = start;
		hflags |= MAP_FIXED;
	}
	long r = sys6(__NR_mmap, addr, len, prot, hflags, fd, off);
	if (r >= 0 && hits_image((uint64_t)r, len)) {	/* cannot happen; be sure */
		sys2(__NR_munmap, r, len);
		return -L_ENOMEM;
	}
	return r;
}

long sys_munmap(struct trap *t)
{
	if (hits_image(ARG(0), ARG(1)))
		return -L_EINVAL;
	return sys2(__NR_munmap, ARG(0), ARG(1));
}

long sys_mprotect(struct trap *t)
{
	if (hits_image(ARG(0), ARG(1)))
		return -L_EINVAL;
	return sys3(__NR_mprotect, ARG(0), ARG(1), ARG(2) & 7);
}

long sys_madvise(struct trap *t)
{
	long adv = xlat_to_host(t->abi, XL_MADV, IARG(2), -2);
	if (adv == -2)
		return -L_EINVAL;
	if (adv < 0)
		return 0;	/* FreeBSD-only advice (NOSYNC, PROTECT...): advisory */
	if (hits_image(ARG(0), ARG(1)))
		return -L_EINVAL;
	return sys3(__NR_madvise, ARG(0), ARG(1), adv);
}

long sys_msync(struct trap *t)
{
	/* MS_ASYNC 1, MS_INVALIDATE 2, MS_SYNC 0 on FreeBSD; Linux 1, 2, 4. */
	unsigned long g = ARG(2), h = 0;
	if (g & ~3ul)
		return -L_EINVAL;
	h = (g & 1) ? 1 : 4;
	if (g & 2)
		h |= 2;
	return sys3(__NR_msync, ARG(0), ARG(1), h);
}

long sys_mlock(struct trap *t)
{
	return sys2(__NR_mlock, ARG(0), ARG(1));
}

long sys_munlock(struct trap *t)
{
	return sys2(__NR_munlock, ARG(0), ARG(1));
}

long sys_mincore(struct trap *t)
{
	return sys3(__NR_mincore, ARG(0), ARG(1), ARG(2));
}

long sys_minherit(struct trap *t)
{
	/* INHERIT_SHARE 0, COPY 1, NONE 2, ZERO 3 -> MADV_DOFORK/DONTFORK/WIPEONFORK */
	static const long adv[] = {-1, 11, 10, 18};
	unsigned i = (unsigned)IARG(2);
	if (i > 3)
		return -L_EINVAL;
	if (adv[i] < 0)
		return -L_EOPNOTSUPP;
	return sys3(__NR_madvise, ARG(0), ARG(1), adv[i]);
}
