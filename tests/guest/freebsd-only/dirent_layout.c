/* The FreeBSD ino64 struct dirent as written by getdirentries(554):
 * d_fileno @0, d_off @8, d_reclen u16 @16, d_type u8 @18, d_namlen u16
 * @20, d_name @24 NUL-terminated and zero-padded, d_reclen =
 * (24 + namlen + 1 + 7) & ~7.  FreeBSD records are longer than Linux's for
 * the same name, so small buffers must never be overrun. */
#include "guest.h"

#define P(x) ((long)(x))

static unsigned char buf[4096 + 64];
static char lines[32][128];
static char *sorted[32];

static long getdirentries(int fd, void *b, long n, long *basep)
{
	return sys4(SYS_getdirentries, fd, P(b), n, P(basep));
}

static int canary(long n)
{
	for (long i = n; i < n + 64; i++)
		if (buf[i] != 0xA5)
			return 0;
	return 1;
}

int main(void)
{
	sys_mkdir("d", 0755);
	sys_close((int)sys_open("d/a", O_WRONLY | O_CREAT, 0644));
	sys_close((int)sys_open("d/bb", O_WRONLY | O_CREAT, 0644));
	sys_close((int)sys_open("d/seven77", O_WRONLY | O_CREAT, 0644));
	sys_close((int)sys_open("d/a-name-of-exactly-31-characters", O_WRONLY | O_CREAT, 0644));
	sys_mkdir("d/sub", 0755);
	sys_symlink("a", "d/ln");

	long fd = sys_open("d", O_RDONLY | O_DIRECTORY, 0);
	long base = -1;
	memset(buf, 0xA5, sizeof(buf));
	long n = getdirentries((int)fd, buf, 4096, &base);
	checkval("getdirentries(4096) returns bytes > 0", n > 0 ? 1 : n);
	printf("*basep after the first call: %ld\n", base);
	yesno("nothing written past the returned length", canary(n));

	int cnt = 0, layout_ok = 1;
	for (long pos = 0; pos < n && cnt < 32;) {
		unsigned char *r = buf + pos;
		uint64_t fileno;
		uint16_t reclen, namlen, pad1;
		memcpy(&fileno, r + 0, 8);
		memcpy(&reclen, r + 16, 2);
		memcpy(&namlen, r + 20, 2);
		memcpy(&pad1, r + 22, 2);
		unsigned type = r[18];
		int nul = r[24 + namlen] == 0;
		int padded = 1;
		for (int i = 24 + namlen; i < reclen; i++)
			if (r[i])
				padded = 0;
		if (reclen == 0 || reclen % 8 || r[19] || pad1 || fileno == 0)
			layout_ok = 0;
		snprintf(lines[cnt], sizeof(lines[cnt]), "%.*s namlen=%u reclen=%u type=%u nul=%s padded=%s",
			 (int)namlen, (char *)r + 24, namlen, reclen, type, nul ? "yes" : "no", padded ? "yes" : "no");
		sorted[cnt] = lines[cnt];
		cnt++;
		if (reclen == 0)
			break;
		pos += reclen;
	}
	yesno("reclen multiple of 8, pads zero, d_fileno != 0", layout_ok);
	sort_strings(sorted, cnt);
	for (int i = 0; i < cnt; i++)
		printf("  %s\n", sorted[i]);
	checkval("next call at the end", getdirentries((int)fd, buf, 4096, &base));

	/* small buffers: the longest record is 56 bytes; a 56-byte buffer must
	 * return whole records only and never write past 56 bytes */
	sys_lseek((int)fd, 0, SEEK_SET);
	int total = 0, calls = 0, overrun = 0, partial = 0;
	for (;;) {
		memset(buf, 0xA5, sizeof(buf));
		long m = getdirentries((int)fd, buf, 56, NULL);
		if (!canary(56))
			overrun = 1;
		if (m <= 0) {
			if (m < 0)
				printf("56-byte buffer: %s\n", errname(m));
			break;
		}
		calls++;
		long pos = 0;
		while (pos < m) {
			uint16_t reclen;
			memcpy(&reclen, buf + pos + 16, 2);
			if (reclen == 0)
				break;
			pos += reclen;
			total++;
		}
		if (pos != m)
			partial = 1;
		if (calls > 100)
			break;
	}
	printf("56-byte buffer: %d entries in %s calls\n", total, calls > 1 ? "several" : "one");
	yesno("never wrote past 56 bytes", !overrun);
	yesno("only whole records", !partial);

	sys_lseek((int)fd, 0, SEEK_SET);
	memset(buf, 0xA5, sizeof(buf));
	expect_err("16-byte buffer", getdirentries((int)fd, buf, 16, NULL));
	yesno("nothing written past 16 bytes", canary(16));
	sys_close((int)fd);
	return 0;
}
