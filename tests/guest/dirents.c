/* Listing a directory with getdirentries (FreeBSD) / getdents64 (Linux):
 * every name once with its type, sorted; small buffers work across many
 * calls and never write past the end; a buffer too small for one entry is
 * EINVAL; rewinding with lseek lists everything again. */
#include "guest.h"

#define MAXN 64

static char names[MAXN][80];
static char *sorted[MAXN];

static const char *tname(unsigned t)
{
	switch (t) {
	case DT_REG: return "reg";
	case DT_DIR: return "dir";
	case DT_LNK: return "lnk";
	case DT_FIFO: return "fifo";
	case DT_UNKNOWN: return "unknown";
	default: return "other";
	}
}

/* list fd with reads of bufsize bytes; canary bytes follow the buffer */
static int list(int fd, unsigned bufsize, int *calls, int *canary_ok, long *err)
{
	static unsigned char area[8192 + 64];
	int n = 0;
	*calls = 0;
	*canary_ok = 1;
	*err = 0;
	for (;;) {
		memset(area, 0xA5, sizeof(area));
		long r = sys_getdents(fd, area, bufsize);
		for (unsigned i = bufsize; i < bufsize + 64; i++)
			if (area[i] != 0xA5)
				*canary_ok = 0;
		if (r < 0) {
			*err = r;
			break;
		}
		if (r == 0)
			break;
		(*calls)++;
		if (r > (long)bufsize)
			*canary_ok = 0;
		long pos = 0;
		struct gdirent d;
		while (gdirent_next(area, r, &pos, &d)) {
			if (n < MAXN) {
				snprintf(names[n], sizeof(names[n]), "%.*s %s", (int)d.namlen, d.name, tname(d.type));
				sorted[n] = names[n];
				n++;
			}
		}
		if (*calls > 1000)
			break;
	}
	sort_strings(sorted, n);
	return n;
}

int main(void)
{
	int calls, canary_ok;
	long err;

	sys_mkdir("d", 0755);
	const char *files[] = { "alpha", "beta", "a-much-longer-file-name-than-the-others.txt", "z", "0" };
	for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
		char p[128];
		snprintf(p, sizeof(p), "d/%s", files[i]);
		sys_close((int)sys_open(p, O_WRONLY | O_CREAT, 0644));
	}
	sys_mkdir("d/subdir", 0755);
	sys_symlink("alpha", "d/link");

	long fd = sys_open("d", O_RDONLY | O_DIRECTORY, 0);
	check("open(d, O_DIRECTORY)", fd);

	int n = list((int)fd, 4096, &calls, &canary_ok, &err);
	printf("entries with a 4096-byte buffer: %d%s%s\n", n, err ? " error " : "", err ? errname(err) : "");
	for (int i = 0; i < n; i++)
		printf("  %s\n", sorted[i]);
	yesno("canary intact", canary_ok);
	checkval("getdirentries at end", sys_getdents((int)fd, names[0], sizeof(names[0])));

	/* rewind and read again in small pieces */
	checkval("lseek(dirfd, 0, SEEK_SET)", sys_lseek((int)fd, 0, SEEK_SET));
	n = list((int)fd, 128, &calls, &canary_ok, &err);
	printf("entries with a 128-byte buffer: %d%s%s\n", n, err ? " error " : "", err ? errname(err) : "");
	yesno("needed several calls", calls > 1);
	yesno("canary intact", canary_ok);
	int same = 1;
	char copy[MAXN][80];
	for (int i = 0; i < n; i++)
		strcpy(copy[i], sorted[i]);
	sys_lseek((int)fd, 0, SEEK_SET);
	int n2 = list((int)fd, 4096, &calls, &canary_ok, &err);
	if (n2 != n)
		same = 0;
	for (int i = 0; i < n && same; i++)
		if (strcmp(copy[i], sorted[i]))
			same = 0;
	yesno("same listing as with a big buffer", same);

	/* a buffer too small for any entry */
	sys_lseek((int)fd, 0, SEEK_SET);
	static unsigned char tiny[8 + 64];
	memset(tiny, 0xA5, sizeof(tiny));
	expect_err("getdirentries with an 8-byte buffer", sys_getdents((int)fd, tiny, 8));
	int ok = 1;
	for (unsigned i = 8; i < sizeof(tiny); i++)
		if (tiny[i] != 0xA5)
			ok = 0;
	yesno("canary intact", ok);
	sys_close((int)fd);

	/* an empty directory has only . and .. */
	sys_mkdir("empty", 0755);
	fd = sys_open("empty", O_RDONLY | O_DIRECTORY, 0);
	n = list((int)fd, 4096, &calls, &canary_ok, &err);
	printf("empty directory: %d entries:", n);
	for (int i = 0; i < n; i++)
		printf(" [%s]", sorted[i]);
	printf("\n");
	sys_close((int)fd);

	/* a directory of 300 files read through a 512-byte buffer */
	sys_mkdir("many", 0755);
	for (int i = 0; i < 300; i++) {
		char p[64];
		snprintf(p, sizeof(p), "many/file-with-a-longish-name-%03d", i);
		sys_close((int)sys_open(p, O_WRONLY | O_CREAT, 0644));
	}
	fd = sys_open("many", O_RDONLY | O_DIRECTORY, 0);
	int total = 0, seen[300], dup = 0, calls2 = 0, overrun = 0;
	memset(seen, 0, sizeof(seen));
	static unsigned char area[512 + 64];
	for (;;) {
		memset(area, 0xA5, sizeof(area));
		long r = sys_getdents((int)fd, area, 512);
		for (int i = 512; i < 512 + 64; i++)
			if (area[i] != 0xA5)
				overrun = 1;
		if (r <= 0) {
			if (r < 0)
				printf("error: %s\n", errname(r));
			break;
		}
		calls2++;
		long pos = 0;
		struct gdirent d;
		while (gdirent_next(area, r, &pos, &d)) {
			total++;
			int k = -1;
			if (d.namlen == 28 && !strncmp(d.name, "file-with-a-longish-name-", 25))
				k = (d.name[25] - '0') * 100 + (d.name[26] - '0') * 10 + (d.name[27] - '0');
			if (k >= 0 && k < 300) {
				if (seen[k])
					dup = 1;
				seen[k] = 1;
			}
		}
		if (calls2 > 10000)
			break;
	}
	int all = 1;
	for (int i = 0; i < 300; i++)
		if (!seen[i])
			all = 0;
	printf("300 files through a 512-byte buffer: %d entries\n", total);
	yesno("every file exactly once", all && !dup);
	yesno("canary intact", !overrun);
	sys_close((int)fd);

	/* errors */
	fd = sys_open("d/alpha", O_RDONLY, 0);
	expect_err("getdirentries on a regular file", sys_getdents((int)fd, names[0], 4096));
	sys_close((int)fd);
	expect_err("getdirentries on a bad fd", sys_getdents(12345, names[0], 4096));
	return 0;
}
