/* Exit status propagation: the shell sees the guest's own exit status. */
#include "guest.h"

int main(void)
{
	printf("exiting with status 42\n");
	return 42;
}
