/* Spinlocks for tiny critical sections; futex mutexes for longer ones. */
#include "shim.h"
#include <asm/unistd.h>
#include <linux/futex.h>

void shim_spin_lock(shim_spinlock_t *l)
{
	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->v, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

void shim_spin_unlock(shim_spinlock_t *l)
{
	__atomic_store_n(&l->v, 0, __ATOMIC_RELEASE);
}

/* Drepper's three-state mutex: 0 free, 1 locked, 2 locked with waiters. */
void shim_mutex_lock(shim_mutex_t *m)
{
	int c = 0;
	if (__atomic_compare_exchange_n(&m->v, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&m->v, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		sys4(__NR_futex, &m->v, FUTEX_WAIT_PRIVATE, 2, 0);
		c = __atomic_exchange_n(&m->v, 2, __ATOMIC_ACQUIRE);
	}
}

void shim_mutex_unlock(shim_mutex_t *m)
{
	if (__atomic_exchange_n(&m->v, 0, __ATOMIC_RELEASE) == 2)
		sys3(__NR_futex, &m->v, FUTEX_WAKE_PRIVATE, 1);
}
