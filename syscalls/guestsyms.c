/* Symbol lookup for crash reports. */
#include "runtime.h"
#include "guestsyms.h"

struct guestsym *guestsyms;
unsigned nguestsyms;

bool guestsyms_lookup(uint64_t pc, const char **name, uint64_t *off)
{
	unsigned lo = 0, hi = nguestsyms;
	while (lo < hi) {	/* last symbol with addr <= pc */
		unsigned mid = (lo + hi) / 2;
		if (guestsyms[mid].addr <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	const struct guestsym *s = &guestsyms[lo - 1];
	if (s->size && pc >= s->addr + s->size)
		return false;
	*name = s->name;
	*off = pc - s->addr;
	return true;
}
