/* fstat / fstatat as a user sees them: sizes, file types, link counts,
 * permission bits, symlinks with and without AT_SYMLINK_NOFOLLOW. */
#include "guest.h"

static const char *ftype(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "regular";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symlink";
	case S_IFIFO: return "fifo";
	case S_IFCHR: return "chardev";
	case S_IFSOCK: return "socket";
	default: return "other";
	}
}

static void show(const char *label, long r, const struct gstat *st)
{
	if (is_err(r)) {
		printf("%s: %s\n", label, errname(r));
		return;
	}
	printf("%s: %s size=%ld nlink=%lu perm=%o\n", label, ftype(st->mode),
	       S_ISDIR(st->mode) ? -1L : st->size, st->nlink, st->mode & 07777);
}

int main(void)
{
	struct gstat st, st2;
	long fd, r;
	char block[1000];

	memset(block, 'x', sizeof(block));
	fd = sys_open("f", O_RDWR | O_CREAT | O_EXCL, 0640);
	r = sys_fstat((int)fd, &st);
	show("fstat new file", r, &st);
	for (int i = 0; i < 5; i++)
		sys_write((int)fd, block, sizeof(block));
	sys_write((int)fd, "tail", 4);
	r = sys_fstat((int)fd, &st);
	show("fstat after 5004 bytes", r, &st);
	yesno("S_ISREG", S_ISREG(st.mode));
	yesno("S_ISDIR", S_ISDIR(st.mode));
	yesno("st_blksize > 0", st.blksize > 0);
	yesno("st_blocks > 0", st.blocks > 0);
	yesno("st_mtime > 0", st.mtim.tv_sec > 0);
	yesno("st_mtime nsec in range", st.mtim.tv_nsec >= 0 && st.mtim.tv_nsec < 1000000000);
	yesno("st_uid == geteuid()", st.uid == (unsigned)sys_geteuid());
	yesno("st_gid == getegid()", st.gid == (unsigned)sys_getegid());

	/* fstatat by name agrees with fstat on the descriptor */
	r = sys_fstatat(AT_FDCWD, "f", &st2, 0);
	show("fstatat(AT_FDCWD, f)", r, &st2);
	yesno("same dev and ino as fstat", st.dev == st2.dev && st.ino == st2.ino);

	/* hard links raise the link count of every name */
	sys_link("f", "f2");
	r = sys_fstat((int)fd, &st);
	show("fstat after link", r, &st);
	sys_unlink("f2");
	r = sys_fstat((int)fd, &st);
	show("fstat after unlink of the link", r, &st);
	sys_unlink("f");
	r = sys_fstat((int)fd, &st);
	show("fstat of an open, unlinked file", r, &st);
	sys_close((int)fd);

	/* directories */
	sys_mkdir("d", 0750);
	sys_mkdir("d/sub1", 0755);
	sys_mkdir("d/sub2", 0755);
	r = sys_fstatat(AT_FDCWD, "d", &st, 0);
	printf("fstatat(d): %s perm=%o\n", is_err(r) ? errname(r) : ftype(st.mode), st.mode & 07777);
	yesno("S_ISDIR(d)", S_ISDIR(st.mode));
	long dfd = sys_open("d", O_RDONLY | O_DIRECTORY, 0);
	r = sys_fstatat((int)dfd, "sub1", &st2, 0);
	printf("fstatat(dirfd, sub1): %s\n", is_err(r) ? errname(r) : ftype(st2.mode));
	r = sys_fstat((int)dfd, &st2);
	yesno("fstat(dirfd) same inode as fstatat(d)", r == 0 && st.ino == st2.ino);
	sys_close((int)dfd);

	/* symlinks: followed by default, examined with AT_SYMLINK_NOFOLLOW */
	fd = sys_open("target", O_WRONLY | O_CREAT, 0600);
	sys_write((int)fd, "12345", 5);
	sys_close((int)fd);
	sys_symlink("target", "sl");
	r = sys_fstatat(AT_FDCWD, "sl", &st, 0);
	show("fstatat(sl) follows", r, &st);
	r = sys_fstatat(AT_FDCWD, "sl", &st, AT_SYMLINK_NOFOLLOW);
	printf("fstatat(sl, AT_SYMLINK_NOFOLLOW): %s size=%ld\n", is_err(r) ? errname(r) : ftype(st.mode), st.size);
	sys_symlink("missing", "dangling");
	expect_err("fstatat(dangling)", sys_fstatat(AT_FDCWD, "dangling", &st, 0));
	r = sys_fstatat(AT_FDCWD, "dangling", &st, AT_SYMLINK_NOFOLLOW);
	printf("fstatat(dangling, AT_SYMLINK_NOFOLLOW): %s\n", is_err(r) ? errname(r) : ftype(st.mode));

	/* a pipe is a FIFO */
	int p[2];
	sys_pipe2(p, 0);
	r = sys_fstat(p[0], &st);
	printf("fstat(pipe): %s\n", is_err(r) ? errname(r) : ftype(st.mode));
	yesno("S_ISFIFO(pipe)", S_ISFIFO(st.mode));

	/* errors */
	expect_err("fstatat(missing)", sys_fstatat(AT_FDCWD, "missing", &st, 0));
	expect_err("fstatat(target/x)", sys_fstatat(AT_FDCWD, "target/x", &st, 0));
	expect_err("fstat(12345)", sys_fstat(12345, &st));
	expect_err("fstatat(bad dirfd, relative)", sys_fstatat(999, "target", &st, 0));
	expect_err("fstatat(flags 0xffff)", sys_fstatat(AT_FDCWD, "target", &st, 0xffff));
	return 0;
}
