/* Counts of guest syscall numbers that exist on no supported OS: any 64-bit
 * value can arrive, so a hash table (uthash on the shim allocator) rather
 * than an array.  This file includes only libc-shim: uthash's own includes
 * (string.h, stdlib.h) are declarations, and its memcmp/memset resolve to
 * the shim through shim.h's assembler names. */
#include "../libc-shim/shim.h"
#define uthash_malloc(sz) shim_malloc(sz)
#define uthash_free(p, sz) shim_free(p)
#define uthash_fatal(msg) shim_panic("%s", msg)
#include <uthash.h>

struct unknown_call {
	long nr;
	uint64_t count;
	UT_hash_handle hh;
};

static struct unknown_call *table;
static shim_spinlock_t lock;

void unknown_calls_count(long nr)
{
	shim_spin_lock(&lock);
	struct unknown_call *u;
	HASH_FIND(hh, table, &nr, sizeof nr, u);
	if (!u && (u = shim_calloc(1, sizeof *u))) {
		u->nr = nr;
		HASH_ADD(hh, table, nr, sizeof u->nr, u);
	}
	if (u)
		u->count++;
	shim_spin_unlock(&lock);
}

static int by_nr(struct unknown_call *a, struct unknown_call *b)
{
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

/* Visits every number seen, in ascending order. */
void unknown_calls_foreach(void (*fn)(long nr, uint64_t count, void *arg), void *arg)
{
	shim_spin_lock(&lock);
	HASH_SORT(table, by_nr);
	for (struct unknown_call *u = table; u; u = u->hh.next)
		fn(u->nr, u->count, arg);
	shim_spin_unlock(&lock);
}

/* A fork child starts counting afresh. */
void unknown_calls_reset(void)
{
	struct unknown_call *u, *tmp;
	HASH_ITER(hh, table, u, tmp) {
		HASH_DEL(table, u);
		shim_free(u);
	}
	lock.v = 0;
}
