/* A small allocator on mmap for the runtime (and uthash inside it).
 * Also shim_map_pages() for runtime stacks.
 * Blocks up to 2 KiB come from power-of-two size classes carved out of 64 KiB
 * arenas and kept on per-class free lists; larger blocks are whole mappings.
 * A 16-byte header before each block records its class or mapping size. */
#include "shim.h"
#include <asm/unistd.h>
#include <linux/mman.h>

#define NCLASS 8		/* 16 .. 2048 */
#define ARENA (64 * 1024)

struct hdr {
	size_t size;		/* class size, or mapping length | 1 */
	size_t pad;
};

static void *free_list[NCLASS];
static char *arena_cur, *arena_end;
static shim_spinlock_t lock;

/* All runtime memory comes from one reserved region, so that no guest
 * address the guest itself unmapped can turn into runtime memory (a stale
 * guest pointer must keep faulting).  Pages are committed on demand. */
#define REGION_SIZE (1ul << 32)
static char *region, *region_cur;
struct bigfree {
	struct bigfree *next;
	size_t len;
};
static struct bigfree *big_free;

static void *map(size_t n)
{
	if (!region) {
		long p = sys6(__NR_mmap, 0, REGION_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p < 0 && p > -4096)
			return 0;
		region = region_cur = (char *)p;
	}
	for (struct bigfree **pp = &big_free; *pp; pp = &(*pp)->next)
		if ((*pp)->len == n) {
			struct bigfree *b = *pp;
			*pp = b->next;
			return b;
		}
	if ((size_t)(region + REGION_SIZE - region_cur) < n)
		return 0;
	char *p = region_cur;
	if (sys3(__NR_mprotect, p, n, PROT_READ | PROT_WRITE) < 0)
		return 0;
	region_cur += n;
	return p;
}

/* Called with the lock held. */
static void unmap(void *p, size_t n)
{
	/* Give the pages back but keep the address range reserved. */
	sys3(__NR_madvise, p, n, 4 /* MADV_DONTNEED */);
	struct bigfree *b = p;
	b->len = n;
	b->next = big_free;
	big_free = b;
}

static int class_of(size_t n)
{
	size_t c = 16;
	for (int i = 0; i < NCLASS; i++, c <<= 1)
		if (n <= c)
			return i;
	return -1;
}

void *shim_malloc(size_t n)
{
	int c = class_of(n);
	if (c < 0) {
		size_t len = (n + sizeof(struct hdr) + 4095) & ~(size_t)4095;
		shim_spin_lock(&lock);
		struct hdr *h = map(len);
		shim_spin_unlock(&lock);
		if (!h)
			return 0;
		h->size = len | 1;
		return h + 1;
	}
	size_t csz = (size_t)16 << c;
	shim_spin_lock(&lock);
	void *p = free_list[c];
	if (p) {
		free_list[c] = *(void **)p;
		shim_spin_unlock(&lock);
		return p;
	}
	size_t need = csz + sizeof(struct hdr);
	if (!arena_cur || (size_t)(arena_end - arena_cur) < need) {
		char *a = map(ARENA);
		if (!a) {
			shim_spin_unlock(&lock);
			return 0;
		}
		arena_cur = a;
		arena_end = a + ARENA;
	}
	struct hdr *h = (struct hdr *)arena_cur;
	arena_cur += need;
	shim_spin_unlock(&lock);
	h->size = csz;
	return h + 1;
}

void *shim_calloc(size_t a, size_t b)
{
	if (b && a > (size_t)-1 / b)
		return 0;
	void *p = shim_malloc(a * b);
	if (p)
		memset(p, 0, a * b);	/* recycled class blocks are dirty */
	return p;
}

void shim_free(void *p)
{
	if (!p)
		return;
	struct hdr *h = (struct hdr *)p - 1;
	if (h->size & 1) {
		shim_spin_lock(&lock);
		unmap(h, h->size & ~(size_t)1);
		shim_spin_unlock(&lock);
		return;
	}
	int c = class_of(h->size);
	shim_spin_lock(&lock);
	*(void **)p = free_list[c];
	free_list[c] = p;
	shim_spin_unlock(&lock);
}

void *shim_realloc(void *p, size_t n)
{
	if (!p)
		return shim_malloc(n);
	struct hdr *h = (struct hdr *)p - 1;
	size_t old = h->size & 1 ? (h->size & ~(size_t)1) - sizeof(struct hdr) : h->size;
	if (n <= old)
		return p;
	void *q = shim_malloc(n);
	if (!q)
		return 0;
	memcpy(q, p, old);
	shim_free(p);
	return q;
}

/* Whole pages for runtime use (signal stacks), from the same region. */
void *shim_map_pages(size_t n)
{
	n = (n + 4095) & ~(size_t)4095;
	shim_spin_lock(&lock);
	void *p = map(n);
	shim_spin_unlock(&lock);
	return p;
}
