/* compat-db: a small JSON reader (RFC 8259) building a tree of
 * struct compat_json.  Enough for abirun's --stats=json output; strict about
 * syntax, bounded nesting, no dependency. */
#include "compat-db/compat.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256

struct parser {
	const char *s;
	size_t len, pos;
	char *err;
	size_t errlen;
	int failed;
};

static void fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	char msg[200];
	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->err && p->errlen)
		snprintf(p->err, p->errlen, "%s at offset %zu", msg, p->pos);
}

static void ws(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int peek(struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int lit(struct parser *p, const char *w)
{
	size_t n = strlen(w);
	if (p->len - p->pos >= n && memcmp(p->s + p->pos, w, n) == 0) {
		p->pos += n;
		return 1;
	}
	return 0;
}

static int hex4(struct parser *p, unsigned *out)
{
	unsigned v = 0;
	if (p->len - p->pos < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos + (size_t)i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	p->pos += 4;
	*out = v;
	return 0;
}

static void put_utf8(struct compat_buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) { u[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { u[0] = (char)(0xc0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3f)); n = 2; }
	else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); u[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	compat_buf_add(b, u, n);
}

static char *string(struct parser *p)
{
	struct compat_buf b = {0};
	p->pos++;	/* opening quote */
	for (;;) {
		if (p->pos >= p->len) {
			fail(p, "unterminated string");
			break;
		}
		unsigned char c = (unsigned char)p->s[p->pos++];
		if (c == '"')
			return compat_buf_take(&b);
		if (c < 0x20) {
			p->pos--;
			fail(p, "control character in string");
			break;
		}
		if (c != '\\') {
			compat_buf_add(&b, &c, 1);
			continue;
		}
		if (p->pos >= p->len) {
			fail(p, "unterminated escape");
			break;
		}
		c = (unsigned char)p->s[p->pos++];
		switch (c) {
		case '"': case '\\': case '/': compat_buf_add(&b, &c, 1); break;
		case 'b': compat_buf_add(&b, "\b", 1); break;
		case 'f': compat_buf_add(&b, "\f", 1); break;
		case 'n': compat_buf_add(&b, "\n", 1); break;
		case 'r': compat_buf_add(&b, "\r", 1); break;
		case 't': compat_buf_add(&b, "\t", 1); break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(p, &cp) < 0) {
				fail(p, "bad \\u escape");
				goto out;
			}
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (p->len - p->pos >= 6 && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
					p->pos += 2;
					if (hex4(p, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
						fail(p, "bad surrogate pair");
						goto out;
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				} else {
					cp = 0xfffd;
				}
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				cp = 0xfffd;
			}
			if (cp == 0)
				cp = 0xfffd;	/* keep strings NUL-free */
			put_utf8(&b, cp);
			break;
		}
		default:
			p->pos--;
			fail(p, "bad escape");
			goto out;
		}
	}
out:
	compat_buf_free(&b);
	return NULL;
}

static int number(struct parser *p, double *out)
{
	size_t st = p->pos;
	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
	} else if (peek(p) >= '1' && peek(p) <= '9') {
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	} else {
		fail(p, "bad number");
		return -1;
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!(peek(p) >= '0' && peek(p) <= '9')) {
			fail(p, "bad number");
			return -1;
		}
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!(peek(p) >= '0' && peek(p) <= '9')) {
			fail(p, "bad number");
			return -1;
		}
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	char tmp[64];
	size_t n = p->pos - st;
	if (n >= sizeof tmp) {
		fail(p, "number too long");
		return -1;
	}
	memcpy(tmp, p->s + st, n);
	tmp[n] = 0;
	*out = strtod(tmp, NULL);
	return 0;
}

static struct compat_json *value(struct parser *p, int depth)
{
	struct compat_json *v;
	ws(p);
	if (depth > MAX_DEPTH) {
		fail(p, "nesting too deep");
		return NULL;
	}
	int c = peek(p);
	if (c < 0) {
		fail(p, "unexpected end of input");
		return NULL;
	}
	v = compat_xcalloc(1, sizeof *v);
	if (c == '{' || c == '[') {
		int obj = c == '{';
		struct compat_json **tail = &v->child;
		v->type = obj ? COMPAT_JSON_OBJECT : COMPAT_JSON_ARRAY;
		p->pos++;
		ws(p);
		if (peek(p) == (obj ? '}' : ']')) {
			p->pos++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			ws(p);
			if (obj) {
				if (peek(p) != '"') {
					fail(p, "expected member name");
					goto bad;
				}
				key = string(p);
				if (!key)
					goto bad;
				ws(p);
				if (peek(p) != ':') {
					free(key);
					fail(p, "expected ':'");
					goto bad;
				}
				p->pos++;
			}
			struct compat_json *e = value(p, depth + 1);
			if (!e) {
				free(key);
				goto bad;
			}
			e->key = key;
			*tail = e;
			tail = &e->next;
			ws(p);
			if (peek(p) == ',') {
				p->pos++;
				continue;
			}
			if (peek(p) == (obj ? '}' : ']')) {
				p->pos++;
				return v;
			}
			fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
			goto bad;
		}
	}
	if (c == '"') {
		v->type = COMPAT_JSON_STRING;
		v->string = string(p);
		if (!v->string)
			goto bad;
		return v;
	}
	if (lit(p, "true")) {
		v->type = COMPAT_JSON_BOOL;
		v->boolean = 1;
		return v;
	}
	if (lit(p, "false")) {
		v->type = COMPAT_JSON_BOOL;
		return v;
	}
	if (lit(p, "null")) {
		v->type = COMPAT_JSON_NULL;
		return v;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		v->type = COMPAT_JSON_NUMBER;
		if (number(p, &v->number) < 0)
			goto bad;
		return v;
	}
	fail(p, "unexpected character '%c'", c >= 0x20 && c < 0x7f ? c : '?');
bad:
	compat_json_free(v);
	return NULL;
}

struct compat_json *compat_json_parse(const char *text, size_t len, size_t *end,
				      char *err, size_t errlen)
{
	struct parser p = {text, len, 0, err, errlen, 0};
	struct compat_json *v = value(&p, 0);
	if (v) {
		ws(&p);
		if (end)
			*end = p.pos;
		else if (p.pos != len) {
			fail(&p, "trailing data");
			compat_json_free(v);
			return NULL;
		}
	}
	return v;
}

void compat_json_free(struct compat_json *v)
{
	while (v) {
		struct compat_json *n = v->next;
		compat_json_free(v->child);
		free(v->string);
		free(v->key);
		free(v);
		v = n;
	}
}

const struct compat_json *compat_json_get(const struct compat_json *obj, const char *key)
{
	if (!obj || obj->type != COMPAT_JSON_OBJECT)
		return NULL;
	for (const struct compat_json *c = obj->child; c; c = c->next)
		if (c->key && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const char *compat_json_get_str(const struct compat_json *obj, const char *key)
{
	const struct compat_json *v = compat_json_get(obj, key);
	return v && v->type == COMPAT_JSON_STRING ? v->string : NULL;
}

int compat_json_get_i64(const struct compat_json *obj, const char *key, int64_t *out)
{
	const struct compat_json *v = compat_json_get(obj, key);
	if (!v || v->type != COMPAT_JSON_NUMBER || !isfinite(v->number) ||
	    v->number != floor(v->number) || fabs(v->number) > 9.0e15)
		return -1;
	*out = (int64_t)v->number;
	return 0;
}
