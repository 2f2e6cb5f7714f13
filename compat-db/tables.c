/* compat-db: syscall coverage per ABI from the runtime's tables,
 * abi-tables/<abi>/syscalls.tab: "nr name arg:type... handler status note...". */
#include "compat-db/compat.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int compat_tables_parse(const char *text, struct compat_abi_coverage *cov)
{
	char *copy = compat_xstrdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tok[64], *s2 = NULL;
		int n = 0;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		for (char *t = strtok_r(line, " \t\r", &s2); t && n < 64; t = strtok_r(NULL, " \t\r", &s2))
			tok[n++] = t;
		if (n == 0)
			continue;
		char *e;
		strtol(tok[0], &e, 10);
		if (*e || n < 4)
			continue;	/* not a syscall row */
		int i = 2;
		while (i < n && strchr(tok[i], ':'))
			i++;
		if (i + 1 >= n)
			continue;	/* no handler/status */
		const char *st = tok[i + 1];
		if (!strcmp(st, "full"))
			cov->full++;
		else if (!strcmp(st, "partial"))
			cov->partial++;
		else if (!strcmp(st, "missing"))
			cov->missing++;
		else
			cov->other++;
		cov->total++;
	}
	free(copy);
	return 0;
}

static int cmp_cov(const void *a, const void *b)
{
	return strcmp(((const struct compat_abi_coverage *)a)->abi, ((const struct compat_abi_coverage *)b)->abi);
}

int compat_tables_load(const char *dir, struct compat_abi_coverage **out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	*out = NULL;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = compat_xasprintf("%s/%s/syscalls.tab", dir, de->d_name);
		char *text;
		if (compat_read_file(p, 16u << 20, &text, NULL) == 0) {
			*out = compat_xrealloc(*out, sizeof **out * (size_t)(n + 1));
			struct compat_abi_coverage *c = &(*out)[n++];
			memset(c, 0, sizeof *c);
			compat_strlcpy(c->abi, de->d_name, sizeof c->abi);
			compat_tables_parse(text, c);
			free(text);
		}
		free(p);
	}
	closedir(d);
	if (n > 1)
		qsort(*out, (size_t)n, sizeof **out, cmp_cov);
	return n;
}

static int has_tables(const char *dir)
{
	struct stat st;
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

char *compat_tables_default_dir(void)
{
	char *self = compat_self_dir();
	if (self) {
		char *p = compat_xasprintf("%s/../abi-tables", self);
		free(self);
		if (has_tables(p))
			return p;
		free(p);
	}
	return compat_xstrdup("abi-tables");
}
