/* Helpers shared by the compat-db criterion tests (tests/unit/test_compat_*.c). */
#ifndef TEST_COMPAT_H
#define TEST_COMPAT_H

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat-db/compat.h"

/* A fresh temporary directory (criterion runs each test in its own process). */
static inline char *tc_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *d = compat_xasprintf("%s/compat-test-XXXXXX", t && *t ? t : "/tmp");
	cr_assert_not_null(mkdtemp(d), "mkdtemp: %s", strerror(errno));
	return d;
}

static inline void tc_write(const char *path, const void *data, size_t n, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	cr_assert(fd >= 0, "open %s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, data, n), (ssize_t)n);
	close(fd);
}

static inline void tc_rm_rf(const char *dir)
{
	char *cmd = compat_xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup of %s failed\n", dir);
	free(cmd);
}

/* Redirects stdout to /dev/null around report commands. */
static inline int tc_quiet_begin(void)
{
	fflush(stdout);
	int saved = dup(1);
	int dn = open("/dev/null", O_WRONLY);
	dup2(dn, 1);
	close(dn);
	return saved;
}

static inline void tc_quiet_end(int saved)
{
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
}

/* Captures stdout of fn into a malloc'd string. */
static inline char *tc_capture(int (*fn)(void *), void *arg, int *rc)
{
	char path[] = "/tmp/compat-cap-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	fflush(stdout);
	int saved = dup(1);
	dup2(fd, 1);
	int r = fn(arg);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(fd);
	char *text = NULL;
	size_t len;
	cr_assert_eq(compat_read_file(path, 1 << 24, &text, &len), 0);
	unlink(path);
	if (rc)
		*rc = r;
	return text;
}

#endif
