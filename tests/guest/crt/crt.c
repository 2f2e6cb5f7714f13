/* Startup, exit, strings, formatted output and errno names for the guest
 * test programs.  Freestanding: nothing here may call into a libc. */
#include "guest.h"

char **environ;
long *__auxv;

/* programs may define main with 0, 2 or 3 parameters */
int main(int argc, char **argv, char **envp);
_Noreturn void __crt_start(long *ap);

_Noreturn void __crt_start(long *ap)
{
	int argc = (int)ap[0];
	char **argv = (char **)(ap + 1);
	char **envp = argv + argc + 1;
	char **e = envp;

	while (*e)
		e++;
	environ = envp;
	__auxv = (long *)(e + 1);
	exit(main(argc, argv, envp));
}

long getauxval(long type)
{
	for (long *a = __auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return -1;
}

_Noreturn void _exit(int status)
{
	for (;;)
		sys1(SYS_exit, status);
}

_Noreturn void exit(int status)
{
	flush();
	_exit(status);
}

/* ---- memory and strings ------------------------------------------- */

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

void *memset(void *d, int c, size_t n)
{
	volatile unsigned char *dp = d;   /* keep clang from calling memset */
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strcpy(char *d, const char *s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

char *strcat(char *d, const char *s)
{
	strcpy(d + strlen(d), s);
	return d;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *r = NULL;
	for (;; s++) {
		if (*s == (char)c)
			r = s;
		if (!*s)
			return (char *)r;
	}
}

char *strstr(const char *h, const char *n)
{
	size_t l = strlen(n);
	for (; *h; h++)
		if (!strncmp(h, n, l))
			return (char *)h;
	return l ? NULL : (char *)h;
}

int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

void sort_strings(char **v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* ---- formatted output --------------------------------------------- */

struct out {
	char *buf;
	size_t cap, len;   /* len counts every byte produced */
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct out o = { buf, n, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		int left = 0, zero = 0, width = 0, lng = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		int prec = -1;
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		while (*fmt == 'l' || *fmt == 'z') {
			lng = 1;
			fmt++;
		}
		char tmp[24];
		const char *s = tmp;
		int sl = 0;
		switch (*fmt) {
		case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
			unsigned long v;
			int neg = 0, base = 10;
			if (*fmt == 'p') {
				v = (unsigned long)va_arg(ap, void *);
				base = 16;
			} else if (*fmt == 'd' || *fmt == 'i') {
				long sv = lng ? va_arg(ap, long) : va_arg(ap, int);
				neg = sv < 0;
				v = neg ? -(unsigned long)sv : (unsigned long)sv;
			} else {
				v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
				if (*fmt == 'o')
					base = 8;
				else if (*fmt != 'u')
					base = 16;
			}
			const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
			char *p = tmp + sizeof(tmp);
			do {
				*--p = digits[v % base];
				v /= base;
			} while (v);
			if (*fmt == 'p') {
				*--p = 'x';
				*--p = '0';
			}
			if (neg) {
				if (zero) {
					out_c(&o, '-');
					width--;
				} else {
					*--p = '-';
				}
			}
			s = p;
			sl = (int)(tmp + sizeof(tmp) - p);
			break;
		}
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			sl = 0;
			while (s[sl] && (prec < 0 || sl < prec))
				sl++;
			zero = 0;
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			sl = 1;
			zero = 0;
			break;
		case '%':
			tmp[0] = '%';
			sl = 1;
			break;
		default:
			tmp[0] = '%';
			tmp[1] = *fmt;
			sl = 2;
			if (!*fmt)
				fmt--;
			break;
		}
		if (!left)
			out_pad(&o, zero ? '0' : ' ', width - sl);
		for (int i = 0; i < sl; i++)
			out_c(&o, s[i]);
		if (left)
			out_pad(&o, ' ', width - sl);
	}
	if (o.cap)
		o.buf[o.len < o.cap ? o.len : o.cap - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		long r = sys_write(fd, p, n);
		if (r <= 0)
			return;
		p += r;
		n -= (size_t)r;
	}
}

static char stdout_buf[8192];
static size_t stdout_len;

void flush(void)
{
	write_all(1, stdout_buf, stdout_len);
	stdout_len = 0;
}

static void stdout_put(const char *p, size_t n)
{
	if (stdout_len + n > sizeof(stdout_buf))
		flush();
	if (n > sizeof(stdout_buf)) {
		write_all(1, p, n);
		return;
	}
	memcpy(stdout_buf + stdout_len, p, n);
	stdout_len += n;
}

int printf(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	stdout_put(line, (size_t)r < sizeof(line) ? (size_t)r : sizeof(line) - 1);
	return r;
}

int dprintf(int fd, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (fd == 1)
		stdout_put(line, (size_t)r < sizeof(line) ? (size_t)r : sizeof(line) - 1);
	else
		write_all(fd, line, (size_t)r < sizeof(line) ? (size_t)r : sizeof(line) - 1);
	return r;
}

int eprintf(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	write_all(2, line, (size_t)r < sizeof(line) ? (size_t)r : sizeof(line) - 1);
	return r;
}

/* ---- errno names --------------------------------------------------- */

#if defined(__FreeBSD__)
/* sys/sys/errno.h (ABI-NOTES A6.1) */
static const char *const errnames[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO",
	[6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD",
	[11] = "EDEADLK", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
	[15] = "ENOTBLK", [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV",
	[19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL",
	[23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
	[27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS",
	[31] = "EMLINK", [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE",
	[35] = "EAGAIN", [36] = "EINPROGRESS", [37] = "EALREADY", [38] = "ENOTSOCK",
	[39] = "EDESTADDRREQ", [40] = "EMSGSIZE", [41] = "EPROTOTYPE",
	[42] = "ENOPROTOOPT", [43] = "EPROTONOSUPPORT", [44] = "ESOCKTNOSUPPORT",
	[45] = "EOPNOTSUPP", [46] = "EPFNOSUPPORT", [47] = "EAFNOSUPPORT",
	[48] = "EADDRINUSE", [49] = "EADDRNOTAVAIL", [50] = "ENETDOWN",
	[51] = "ENETUNREACH", [52] = "ENETRESET", [53] = "ECONNABORTED",
	[54] = "ECONNRESET", [55] = "ENOBUFS", [56] = "EISCONN", [57] = "ENOTCONN",
	[58] = "ESHUTDOWN", [59] = "ETOOMANYREFS", [60] = "ETIMEDOUT",
	[61] = "ECONNREFUSED", [62] = "ELOOP", [63] = "ENAMETOOLONG",
	[64] = "EHOSTDOWN", [65] = "EHOSTUNREACH", [66] = "ENOTEMPTY",
	[67] = "EPROCLIM", [68] = "EUSERS", [69] = "EDQUOT", [70] = "ESTALE",
	[71] = "EREMOTE", [72] = "EBADRPC", [73] = "ERPCMISMATCH",
	[74] = "EPROGUNAVAIL", [75] = "EPROGMISMATCH", [76] = "EPROCUNAVAIL",
	[77] = "ENOLCK", [78] = "ENOSYS", [79] = "EFTYPE", [80] = "EAUTH",
	[81] = "ENEEDAUTH", [82] = "EIDRM", [83] = "ENOMSG", [84] = "EOVERFLOW",
	[85] = "ECANCELED", [86] = "EILSEQ", [87] = "ENOATTR", [88] = "EDOOFUS",
	[89] = "EBADMSG", [90] = "EMULTIHOP", [91] = "ENOLINK", [92] = "EPROTO",
	[93] = "ENOTCAPABLE", [94] = "ECAPMODE", [95] = "ENOTRECOVERABLE",
	[96] = "EOWNERDEAD", [97] = "EINTEGRITY",
};
#else
/* asm-generic/errno-base.h + errno.h */
static const char *const errnames[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO",
	[6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD",
	[11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
	[15] = "ENOTBLK", [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV",
	[19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL",
	[23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
	[27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS",
	[31] = "EMLINK", [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE",
	[35] = "EDEADLK", [36] = "ENAMETOOLONG", [37] = "ENOLCK", [38] = "ENOSYS",
	[39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG", [43] = "EIDRM",
	[44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
	[48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT",
	[52] = "EBADE", [53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO",
	[56] = "EBADRQC", [57] = "EBADSLT", [59] = "EBFONT", [60] = "ENOSTR",
	[61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR", [64] = "ENONET",
	[65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
	[69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP",
	[73] = "EDOTDOT", [74] = "EBADMSG", [75] = "EOVERFLOW", [76] = "ENOTUNIQ",
	[77] = "EBADFD", [78] = "EREMCHG", [79] = "ELIBACC", [80] = "ELIBBAD",
	[81] = "ELIBSCN", [82] = "ELIBMAX", [83] = "ELIBEXEC", [84] = "EILSEQ",
	[85] = "ERESTART", [86] = "ESTRPIPE", [87] = "EUSERS", [88] = "ENOTSOCK",
	[89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE",
	[92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT", [94] = "ESOCKTNOSUPPORT",
	[95] = "EOPNOTSUPP", [96] = "EPFNOSUPPORT", [97] = "EAFNOSUPPORT",
	[98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN",
	[101] = "ENETUNREACH", [102] = "ENETRESET", [103] = "ECONNABORTED",
	[104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN",
	[107] = "ENOTCONN", [108] = "ESHUTDOWN", [109] = "ETOOMANYREFS",
	[110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [112] = "EHOSTDOWN",
	[113] = "EHOSTUNREACH", [114] = "EALREADY", [115] = "EINPROGRESS",
	[116] = "ESTALE", [117] = "EUCLEAN", [118] = "ENOTNAM", [119] = "ENAVAIL",
	[120] = "EISNAM", [121] = "EREMOTEIO", [122] = "EDQUOT",
	[123] = "ENOMEDIUM", [124] = "EMEDIUMTYPE", [125] = "ECANCELED",
	[126] = "ENOKEY", [127] = "EKEYEXPIRED", [128] = "EKEYREVOKED",
	[129] = "EKEYREJECTED", [130] = "EOWNERDEAD", [131] = "ENOTRECOVERABLE",
	[132] = "ERFKILL", [133] = "EHWPOISON",
};
#endif

const char *errname(long e)
{
	static char unknown[32];
	if (e < 0)
		e = -e;
	if (e > 0 && (size_t)e < ARRAY_SIZE(errnames) && errnames[e])
		return errnames[e];
	snprintf(unknown, sizeof(unknown), "errno-%ld", e);
	return unknown;
}

/* ---- reporting ----------------------------------------------------- */

void check(const char *label, long r)
{
	if (is_err(r))
		printf("%s: %s\n", label, errname(r));
	else
		printf("%s: ok\n", label);
}

void checkval(const char *label, long r)
{
	if (is_err(r))
		printf("%s: %s\n", label, errname(r));
	else
		printf("%s: %ld\n", label, r);
}

void yesno(const char *label, int cond)
{
	printf("%s: %s\n", label, cond ? "yes" : "no");
}

void expect_err(const char *label, long r)
{
	if (is_err(r))
		printf("%s: %s\n", label, errname(r));
	else
		printf("%s: unexpected success %ld\n", label, r);
}
