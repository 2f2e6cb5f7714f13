/* The guest program's function symbols, gathered by the loader (host phase)
 * and consulted by crash reports (runtime). Sorted by address. */
#ifndef ABIRUN_GUESTSYMS_H
#define ABIRUN_GUESTSYMS_H
#include <stdint.h>
#include <stdbool.h>

struct guestsym {
	uint64_t addr, size;
	const char *name;
};
extern struct guestsym *guestsyms;
extern unsigned nguestsyms;
bool guestsyms_lookup(uint64_t pc, const char **name, uint64_t *off);
#endif
