/* A small allocator on mmap for the runtime (and uthash inside it).
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

static void *map(size_t n)
{
	long p = sys6(__NR_mmap, 0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p < 0 && p > -4096 ? 0 : (void *)p;
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
		struct hdr *h = map(len);
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
		sys2(__NR_munmap, h, h->size & ~(size_t)1);
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
