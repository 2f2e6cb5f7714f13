/* The generated ABI tables are complete and consistent. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "syscalls/abi.h"

static const struct abi *A = &abi_freebsd_amd64;

Test(errnos, every_guest_errno_maps_both_ways)
{
	const struct xlat_table *x = &A->x[XL_ERRNO];
	cr_assert_eq(x->n, 97, "FreeBSD has errnos 1..97 (ELAST 97)");
	for (unsigned i = 0; i < x->n; i++) {
		long g = x->v[i].guest;
		cr_assert_eq(g, (long)i + 1, "errno table is dense and ordered");
		int h = errno_to_host(A, (int)g);
		cr_assert(h > 0 && h < 134, "%s has a Linux errno", x->v[i].name);
		int back = errno_to_guest(A, h);
		/* Names that share a Linux errno come back as the canonical one,
		 * which must carry the same Linux value. */
		cr_assert_eq(errno_to_host(A, back), h, "%s -> %d -> %d", x->v[i].name, h, back);
		if (!strcmp(x->v[i].name, strerrorname_np(h)))
			cr_assert_eq(back, g, "%s round-trips", x->v[i].name);
	}
}

Test(errnos, every_linux_errno_has_a_guest_value)
{
	for (int h = 1; h < 134; h++) {
		if (!strerrorname_np(h))
			continue;	/* holes in Linux's numbering */
		int g = errno_to_guest(A, h);
		cr_assert(g >= 1 && g <= 97, "Linux %s -> FreeBSD %d", strerrorname_np(h), g);
	}
}

Test(errnos, known_differences)
{
	cr_assert_eq(errno_to_guest(A, EAGAIN), 35);
	cr_assert_eq(errno_to_guest(A, EDEADLK), 11);
	cr_assert_eq(errno_to_guest(A, ENOSYS), 78);
	cr_assert_eq(errno_to_guest(A, ELOOP), 62);
	cr_assert_eq(errno_to_guest(A, ENOTEMPTY), 66);
	cr_assert_eq(errno_to_guest(A, EINPROGRESS), 36);
	cr_assert_eq(errno_to_guest(A, ENODATA), 87, "ENODATA -> ENOATTR");
	cr_assert_eq(errno_to_guest(A, EOWNERDEAD), 96);
}

Test(signals, numbers)
{
	struct { long g; int h; } v[] = {{1, SIGHUP}, {10, SIGBUS}, {12, SIGSYS}, {16, SIGURG},
		{17, SIGSTOP}, {18, SIGTSTP}, {19, SIGCONT}, {20, SIGCHLD}, {23, SIGIO},
		{30, SIGUSR1}, {31, SIGUSR2}, {9, SIGKILL}, {11, SIGSEGV}, {13, SIGPIPE}};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		cr_assert_eq(xlat_to_host(A, XL_SIGNAL, v[i].g, -1), v[i].h, "guest %ld", v[i].g);
		cr_assert_eq(xlat_to_guest(A, XL_SIGNAL, v[i].h, -1), v[i].g, "host %d", v[i].h);
	}
	cr_assert_eq(A->sigsys, 12);
}

/* Every flag's host column equals the Linux header's value. */
Test(flags, open_flags_match_linux_headers)
{
	struct { const char *n; long h; } v[] = {{"O_NONBLOCK", O_NONBLOCK}, {"O_APPEND", O_APPEND},
		{"O_CREAT", O_CREAT}, {"O_TRUNC", O_TRUNC}, {"O_EXCL", O_EXCL}, {"O_NOFOLLOW", O_NOFOLLOW},
		{"O_DIRECTORY", O_DIRECTORY}, {"O_CLOEXEC", O_CLOEXEC}, {"O_NOCTTY", O_NOCTTY},
		{"O_SYNC", O_SYNC}, {"O_DSYNC", O_DSYNC}, {"O_DIRECT", O_DIRECT}, {"O_PATH", O_PATH}};
	const struct xlat_table *x = &A->x[XL_OFLAGS];
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		bool found = false;
		for (unsigned j = 0; j < x->n; j++)
			if (!strcmp(x->v[j].name, v[i].n)) {
				cr_assert_eq(x->v[j].host, v[i].h, "%s", v[i].n);
				found = true;
			}
		cr_assert(found, "%s in the table", v[i].n);
	}
	unsigned long unknown = 0;
	cr_assert_eq(xlat_bits_to_host(A, XL_OFLAGS, 0x200 | 0x400 | 0x100000, &unknown),
		     (unsigned long)(O_CREAT | O_TRUNC | O_CLOEXEC));
	cr_assert_eq(unknown, 0);
	xlat_bits_to_host(A, XL_OFLAGS, 0x10000000, &unknown);
	cr_assert_eq(unknown, 0x10000000ul, "unknown bits are reported");
}

Test(flags, mmap_and_clocks)
{
	cr_assert_eq(xlat_bits_to_host(A, XL_MAPFLAGS, 0x1000 | 0x2, 0), (unsigned long)(MAP_ANONYMOUS | MAP_PRIVATE));
	cr_assert_eq(xlat_to_host(A, XL_MADV, 5, -1), MADV_FREE);
	cr_assert_eq(xlat_to_host(A, XL_CLOCK, 4, -1), CLOCK_MONOTONIC);
	cr_assert_eq(xlat_to_host(A, XL_CLOCK, 0, -1), CLOCK_REALTIME);
	cr_assert_eq(xlat_to_host(A, XL_CLOCK, 15, -1), CLOCK_PROCESS_CPUTIME_ID);
	cr_assert_eq(xlat_to_host(A, XL_RLIMIT, 8, -1), 7, "RLIMIT_NOFILE");
	cr_assert_eq(xlat_to_host(A, XL_SIGHOW, 3, -1), SIG_SETMASK);
}

Test(syscalls, table_is_consistent)
{
	unsigned full = 0, partial = 0, missing = 0;
	cr_assert_gt(A->nsysent, 580u);
	for (unsigned i = 0; i < A->nsysent; i++) {
		const struct sysent *e = &A->sysent[i];
		if (!e->name)
			continue;
		cr_assert(e->nargs <= 8);
		if (e->status == SYS_MISSING)
			cr_assert_null((void *)e->fn, "%s: missing rows have no handler", e->name);
		else
			cr_assert_not_null((void *)e->fn, "%s: implemented rows have one", e->name);
		full += e->status == SYS_FULL;
		partial += e->status == SYS_PARTIAL;
		missing += e->status == SYS_MISSING;
		for (unsigned j = i + 1; j < A->nsysent; j++)
			if (A->sysent[j].name)
				cr_assert_str_neq(e->name, A->sysent[j].name, "duplicate name");
	}
	cr_log_info("freebsd-amd64: %u full, %u partial, %u missing", full, partial, missing);
	/* Spot checks against FreeBSD's syscalls.master. */
	cr_assert_str_eq(A->sysent[1].name, "exit");
	cr_assert_str_eq(A->sysent[477].name, "mmap");
	cr_assert_str_eq(A->sysent[551].name, "fstat");
	cr_assert_str_eq(A->sysent[455].name, "thr_new");
	cr_assert_null(A->sysent[8].name, "8 is an old creat: not in the table as a plain call");
}

Test(sysctl, mibs_are_unique_and_osreldate_is_ino64)
{
	bool osrel = false;
	for (unsigned i = 0; i < A->nsysctl; i++) {
		const struct sysctl_node *s = &A->sysctl[i];
		for (unsigned j = i + 1; j < A->nsysctl; j++)
			cr_assert_str_neq(s->name, A->sysctl[j].name);
		if (!strcmp(s->name, "kern.osreldate")) {
			osrel = true;
			cr_assert_eq(s->miblen, 2);
			cr_assert_eq(s->mib[0], 1);
			cr_assert_eq(s->mib[1], 24);
			cr_assert_geq(s->ival, 1200031, "ino64 stat and dirent");
		}
	}
	cr_assert(osrel);
}
