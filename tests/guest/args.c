/* What a program is started with: argc/argv (argv[1] is the test
 * directory, the runner's only argument), the environment, and where the
 * auxiliary vector begins. */
#include "guest.h"

extern char _start[];

int main(int argc, char **argv, char **envp)
{
	printf("argc: %d\n", argc);
	const char *base = strrchr(argv[0], '/');
	printf("basename(argv[0]): %s\n", base ? base + 1 : argv[0]);
	char cwd[1024];
	sys_getcwd(cwd, sizeof(cwd));
	yesno("argv[1] is the working directory", argc > 1 && !strcmp(argv[1], cwd));
	yesno("argv[argc] is NULL", argv[argc] == NULL);
	yesno("envp follows argv", envp == argv + argc + 1);
	yesno("environ == envp", environ == envp);

	int n = 0;
	unsigned long h = 5381;
	static char *sorted[4096];
	int total = 0;
	/* leave out what differs between the two runs by design: "_" (the
	 * shell's name of the command run) and anything naming the test's own
	 * temporary directory (PWD, OLDPWD) */
	for (char **e = envp; *e; e++, total++)
		if (n < 4096 && strncmp(*e, "_=", 2) && !(argc > 1 && strstr(*e, argv[1])))
			sorted[n++] = *e;
	sort_strings(sorted, n);
	for (int i = 0; i < n; i++)
		for (const char *c = sorted[i]; *c; c++)
			h = h * 33 + (unsigned char)*c;
	printf("environment: %d entries (not counting _, PWD, OLDPWD), hash %lx\n", n, h);
	int path = 0;
	for (int i = 0; i < n; i++)
		if (!strncmp(sorted[i], "PATH=", 5))
			path = 1;
	yesno("PATH is set", path);
	yesno("auxv follows the environment's NULL", (char **)__auxv == envp + total + 1);
	yesno("AT_PAGESZ is 4096", getauxval(AT_PAGESZ) == 4096);
	yesno("AT_ENTRY is _start", getauxval(AT_ENTRY) == (long)_start);
	return 0;
}
