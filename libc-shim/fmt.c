/* Formatted output without stdio: into a buffer, or straight to an fd. */
#include "shim.h"
#include <asm/unistd.h>

struct out {
	char *buf;
	size_t cap, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long v, unsigned base, bool neg,
		    int width, bool zero, bool left)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	int len = n + (neg ? 1 : 0);
	if (!left && !zero)
		for (; len < width; width--)
			put(o, ' ');
	if (neg)
		put(o, '-');
	if (!left && zero)
		for (; len < width; width--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	if (left)
		for (; len < width; width--)
			put(o, ' ');
}

int shim_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct out o = {buf, cap, 0};
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		bool zero = false, left = false, alt = false;
		int width = 0, prec = -1, lng = 0;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z' || *fmt == 'j' || *fmt == 't') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, width, zero, left);
			break;
		}
		case 'u':
		case 'x':
		case 'o': {
			unsigned long v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			if (alt && v && *fmt != 'u') {
				put(&o, '0');
				if (*fmt == 'x')
					put(&o, 'x');
			}
			put_num(&o, v, *fmt == 'u' ? 10 : *fmt == 'x' ? 16 : 8, false, width, zero, left);
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (unsigned long)va_arg(ap, void *), 16, false, width, zero, left);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int n = 0;
			while (s[n] && (prec < 0 || n < prec))
				n++;
			if (!left)
				for (int w = n; w < width; w++)
					put(&o, ' ');
			for (int i = 0; i < n; i++)
				put(&o, s[i]);
			if (left)
				for (int w = n; w < width; w++)
					put(&o, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
		}
	}
	if (cap)
		buf[o.len < cap ? o.len : cap - 1] = 0;
	return (int)o.len;
}

int shim_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = shim_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

long shim_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	while (done < n) {
		long r = sys3(__NR_write, fd, p + done, n - done);
		if (r == -4 /* EINTR */)
			continue;
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
	}
	return (long)done;
}

int shim_dprintf(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int r = shim_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	shim_write_all(fd, buf, r < (int)sizeof buf ? (size_t)r : sizeof buf - 1);
	return r;
}

_Noreturn void shim_exit_group(int status)
{
	for (;;)
		sys1(__NR_exit_group, status);
}

_Noreturn void shim_panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = shim_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	shim_write_all(2, "abirun: internal error: ", 24);
	shim_write_all(2, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
	shim_write_all(2, "\n", 1);
	shim_exit_group(125);
}

uint64_t shim_now_ns(void)
{
	struct { long s, ns; } ts;
	sys2(__NR_clock_gettime, 1 /* CLOCK_MONOTONIC */, &ts);
	return (uint64_t)ts.s * 1000000000ull + (uint64_t)ts.ns;
}
