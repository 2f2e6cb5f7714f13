/* Constant translation through the generated tables. */
#include "runtime.h"

long xlat_to_host(const struct abi *abi, enum xlat_kind k, long guest, long dflt)
{
	const struct xlat_table *x = &abi->x[k];
	for (unsigned i = 0; i < x->n; i++)
		if (x->v[i].guest == guest)
			return x->v[i].host;
	return dflt;
}

long xlat_to_guest(const struct abi *abi, enum xlat_kind k, long host, long dflt)
{
	const struct xlat_table *x = &abi->x[k];
	for (unsigned i = 0; i < x->n; i++)
		if (x->v[i].host == host)
			return x->v[i].guest;
	return dflt;
}

unsigned long xlat_bits_to_host(const struct abi *abi, enum xlat_kind k, unsigned long guest,
				unsigned long *unknown)
{
	const struct xlat_table *x = &abi->x[k];
	unsigned long out = 0, seen = 0;
	for (unsigned i = 0; i < x->n; i++) {
		unsigned long g = (unsigned long)x->v[i].guest;
		if (g && (guest & g) == g) {
			seen |= g;
			if (x->v[i].host > 0)
				out |= (unsigned long)x->v[i].host;
			else if (x->v[i].host < 0 && unknown)
				*unknown |= g;	/* known name, no Linux equivalent */
		}
	}
	if (unknown)
		*unknown |= guest & ~seen;
	return out;
}

unsigned long xlat_bits_to_guest(const struct abi *abi, enum xlat_kind k, unsigned long host)
{
	const struct xlat_table *x = &abi->x[k];
	unsigned long out = 0;
	for (unsigned i = 0; i < x->n; i++) {
		long h = x->v[i].host;
		if (h > 0 && (host & (unsigned long)h) == (unsigned long)h)
			out |= (unsigned long)x->v[i].guest;
	}
	return out;
}

const char *xlat_name(const struct abi *abi, enum xlat_kind k, long guest)
{
	const struct xlat_table *x = &abi->x[k];
	for (unsigned i = 0; i < x->n; i++)
		if (x->v[i].guest == guest)
			return x->v[i].name;
	return 0;
}

/* Host errno -> guest errno, through a direct-indexed cache filled on first
 * use (errno tables have ~130 entries; the trap path wants O(1)). */
#define HOST_ERRNO_MAX 134
static int errno_cache[HOST_ERRNO_MAX + 1];
static const struct abi *errno_cache_abi;

int errno_to_guest(const struct abi *abi, int host)
{
	if (errno_cache_abi != abi) {
		for (int h = 0; h <= HOST_ERRNO_MAX; h++) {
			long g = xlat_to_guest(abi, XL_ERRNO, h, -1);
			if (g < 0)
				g = xlat_to_guest(abi, XL_ERRNO_IN, h, -1);
			errno_cache[h] = g < 0 ? (int)xlat_to_guest(abi, XL_ERRNO, L_EINVAL, 22) : (int)g;
		}
		__atomic_store_n(&errno_cache_abi, abi, __ATOMIC_RELEASE);
	}
	if (host > 0 && host <= HOST_ERRNO_MAX)
		return errno_cache[host];
	return errno_cache[L_EINVAL];
}

int errno_to_host(const struct abi *abi, int guest)
{
	return (int)xlat_to_host(abi, XL_ERRNO, guest, L_EINVAL);
}

const char *errno_guest_name(const struct abi *abi, int guest)
{
	return xlat_name(abi, XL_ERRNO, guest);
}
