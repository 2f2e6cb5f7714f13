/* compat-db: Go build information.
 *
 * The Go linker writes a 32-byte header into .go.buildinfo (or, without
 * section headers, near the start of the first writable segment):
 *
 *   "\xff Go buildinf:"  ptrsize:u8  flags:u8  ...padding to 32
 *
 * flags&2 (Go 1.18+): the version string and the module information follow
 * inline, each prefixed by its length as an unsigned varint.  Otherwise
 * (older Go) offsets 16 and 16+ptrsize hold addresses of Go string headers
 * {data pointer, length}; flags&1 says big-endian.  The module information is
 * text between two 16-byte sentinels: lines "path\t<pkg>", "mod\t<module>\t
 * <version>\t<sum>", "dep\t...", "build\t-key=value". */
#include "compat-db/compat.h"

#include <string.h>

static const char MAGIC[] = "\xff Go buildinf:";
#define MAGIC_LEN 14

static int uvarint(const uint8_t *p, size_t len, size_t *pos, uint64_t *out)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*pos >= len)
			return -1;
		uint8_t b = p[(*pos)++];
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

static uint64_t rd(const uint8_t *p, int size, int big)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
	return v;
}

/* Reads a Go string header at vaddr; returns a pointer to its bytes. */
static const uint8_t *go_string(compat_vaddr_fn map, void *ctx, uint64_t vaddr, int ps, int big,
				size_t *len)
{
	size_t avail;
	const uint8_t *h = map ? map(ctx, vaddr, &avail) : NULL;
	if (!h || avail < (size_t)ps * 2)
		return NULL;
	uint64_t data = rd(h, ps, big), n = rd(h + ps, ps, big);
	if (n > (1u << 20))
		return NULL;
	const uint8_t *d = map(ctx, data, &avail);
	if (!d || avail < n)
		return NULL;
	*len = (size_t)n;
	return d;
}

static void copy_str(char *dst, size_t cap, const void *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = '?';
}

void compat_go_modinfo(const char *mi, size_t len, struct compat_fingerprint *fp)
{
	/* strip the sentinels */
	if (len >= 33 && mi[len - 17] == '\n') {
		mi += 16;
		len -= 32;
	}
	const char *end = mi + len;
	while (mi < end) {
		const char *nl = memchr(mi, '\n', (size_t)(end - mi));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - mi);
		if (n > 5 && memcmp(mi, "path\t", 5) == 0 && !fp->go_module[0]) {
			copy_str(fp->go_module, sizeof fp->go_module, mi + 5, n - 5);
		} else if (n > 4 && memcmp(mi, "mod\t", 4) == 0) {
			const char *f = mi + 4;
			const char *t1 = memchr(f, '\t', (size_t)(le - f));
			copy_str(fp->go_module, sizeof fp->go_module, f, (size_t)((t1 ? t1 : le) - f));
			fp->go_module_version[0] = 0;
			if (t1) {
				const char *v = t1 + 1;
				const char *t2 = memchr(v, '\t', (size_t)(le - v));
				copy_str(fp->go_module_version, sizeof fp->go_module_version, v,
					 (size_t)((t2 ? t2 : le) - v));
			}
		}
		mi = nl ? nl + 1 : end;
	}
}

int compat_go_buildinfo(const uint8_t *data, size_t len, compat_vaddr_fn map, void *ctx,
			struct compat_fingerprint *fp)
{
	const uint8_t *ver = NULL, *mod = NULL;
	size_t vlen = 0, mlen = 0;

	if (len < 32 || memcmp(data, MAGIC, MAGIC_LEN) != 0)
		return -1;
	int ps = data[14], flags = data[15];
	if (flags & 2) {
		size_t pos = 32;
		uint64_t n;
		if (uvarint(data, len, &pos, &n) < 0 || n > len - pos)
			return -1;
		ver = data + pos;
		vlen = (size_t)n;
		pos += (size_t)n;
		if (uvarint(data, len, &pos, &n) == 0 && n <= len - pos) {
			mod = data + pos;
			mlen = (size_t)n;
		}
	} else {
		int big = flags & 1;
		if ((ps != 4 && ps != 8) || len < 16 + 2 * (size_t)ps)
			return -1;
		ver = go_string(map, ctx, rd(data + 16, ps, big), ps, big, &vlen);
		mod = go_string(map, ctx, rd(data + 16 + ps, ps, big), ps, big, &mlen);
		if (!ver)
			return -1;
	}
	snprintf(fp->lang, sizeof fp->lang, "go");
	snprintf(fp->go_info, sizeof fp->go_info, "buildinfo");
	copy_str(fp->go_version, sizeof fp->go_version, ver, vlen);
	if (mod)
		compat_go_modinfo((const char *)mod, mlen, fp);
	return 0;
}

static int is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static int printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

int compat_go_find_version(const uint8_t *data, size_t len, char *out, size_t outlen)
{
	for (size_t i = 0; i + 5 <= len; i++) {
		const uint8_t *p = memchr(data + i, 'g', len - i);
		if (!p)
			break;
		i = (size_t)(p - data);
		if (len - i < 5 || memcmp(p, "go1.", 4) != 0 || !is_digit(p[4]))
			continue;
		if (i > 0 && printable(data[i - 1]))
			continue;
		size_t j = i + 4;
		while (j < len && (is_digit(data[j]) || (data[j] == '.' && j + 1 < len && is_digit(data[j + 1]))))
			j++;
		if (j + 2 < len && (memcmp(data + j, "rc", 2) == 0))
			for (j += 2; j < len && is_digit(data[j]); j++)
				;
		else if (j + 4 < len && memcmp(data + j, "beta", 4) == 0)
			for (j += 4; j < len && is_digit(data[j]); j++)
				;
		if (j < len && printable(data[j]))
			continue;
		if (j - i >= outlen)
			continue;
		memcpy(out, data + i, j - i);
		out[j - i] = 0;
		return 0;
	}
	return -1;
}
