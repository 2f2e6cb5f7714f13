/* The start-up benchmark's program: does nothing and exits 0.  Built for
 * FreeBSD (run under abirun) and for Linux (run natively); what is measured
 * is exec, loading, the runtime's set-up and exit. */
#include "os.h"

int bench_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}
