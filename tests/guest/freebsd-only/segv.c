/* A guest that dereferences NULL dies by SIGSEGV, as it would natively:
 * the shell reports status 139 and says so on stderr. */
#include "guest.h"

int main(void)
{
	printf("about to dereference NULL\n");
	flush();
	*(volatile int *)0 = 1;
	printf("still alive?\n");
	return 0;
}
