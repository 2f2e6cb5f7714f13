/* compat-db: reading abirun's --stats=json output.
 *
 *   {"abi":"freebsd-amd64","program":"/path/prog",
 *    "syscalls":[{"nr":4,"name":"write","status":"full","count":3,"errors":0,"enosys":0}, ...],
 *    "unknown":[{"nr":999,"count":1}],
 *    "totals":{"calls":10,"errors":1,"enosys":0}}
 *
 * A file may hold several such objects one after another (a guest that
 * forked, each process writing at its exit); their counts are summed per
 * syscall number. */
#include "compat-db/compat.h"

#include <stdlib.h>
#include <string.h>

static struct compat_stat_row *find_row(struct compat_stats *st, long nr, int *cap)
{
	for (int i = 0; i < st->nrows; i++)
		if (st->rows[i].nr == nr)
			return &st->rows[i];
	if (st->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		st->rows = compat_xrealloc(st->rows, sizeof *st->rows * (size_t)*cap);
	}
	struct compat_stat_row *r = &st->rows[st->nrows++];
	memset(r, 0, sizeof *r);
	r->nr = nr;
	return r;
}

static int get_count(const struct compat_json *o, const char *key, int64_t *out, int required)
{
	if (compat_json_get_i64(o, key, out) == 0)
		return *out < 0 ? -1 : 0;
	if (!required && !compat_json_get(o, key)) {
		*out = 0;
		return 1;	/* absent */
	}
	return -1;
}

static int merge_object(const struct compat_json *o, struct compat_stats *st, int *cap,
			char *err, size_t errlen)
{
	const struct compat_json *a, *e;
	int64_t v;
	int idx = 0;

	if (o->type != COMPAT_JSON_OBJECT) {
		snprintf(err, errlen, "stats: top-level value is not an object");
		return -1;
	}
	const char *abi = compat_json_get_str(o, "abi");
	const char *prog = compat_json_get_str(o, "program");
	if (abi && !st->abi[0])
		snprintf(st->abi, sizeof st->abi, "%s", abi);
	if (prog && !st->program[0])
		snprintf(st->program, sizeof st->program, "%s", prog);

	a = compat_json_get(o, "syscalls");
	if (a && a->type != COMPAT_JSON_ARRAY) {
		snprintf(err, errlen, "stats: \"syscalls\" is not an array");
		return -1;
	}
	for (e = a ? a->child : NULL; e; e = e->next, idx++) {
		int64_t nr, count, errors, enosys;
		const char *name = compat_json_get_str(e, "name");
		const char *status = compat_json_get_str(e, "status");
		if (e->type != COMPAT_JSON_OBJECT || compat_json_get_i64(e, "nr", &nr) < 0 ||
		    nr < 0 || nr > 1000000 || get_count(e, "count", &count, 1) < 0 ||
		    get_count(e, "errors", &errors, 0) < 0 || get_count(e, "enosys", &enosys, 0) < 0) {
			snprintf(err, errlen, "stats: syscalls[%d] lacks a valid nr/count", idx);
			return -1;
		}
		if (status && strcmp(status, "full") && strcmp(status, "partial") &&
		    strcmp(status, "missing") && strcmp(status, "stub")) {
			snprintf(err, errlen, "stats: syscalls[%d] has unknown status \"%s\"", idx, status);
			return -1;
		}
		struct compat_stat_row *r = find_row(st, (long)nr, cap);
		if (name && !r->name[0])
			snprintf(r->name, sizeof r->name, "%s", name);
		if (!r->status[0] || strcmp(r->status, "unknown") == 0)
			snprintf(r->status, sizeof r->status, "%s", status ? status : "full");
		/* a "missing" row's calls are all ENOSYS even if the writer left enosys out */
		if (status && strcmp(status, "missing") == 0 && enosys < count)
			enosys = count;
		r->count += count;
		r->errors += errors;
		r->enosys += enosys;
	}

	a = compat_json_get(o, "unknown");
	if (a && a->type != COMPAT_JSON_ARRAY) {
		snprintf(err, errlen, "stats: \"unknown\" is not an array");
		return -1;
	}
	idx = 0;
	for (e = a ? a->child : NULL; e; e = e->next, idx++) {
		int64_t nr, count, errors;
		if (e->type != COMPAT_JSON_OBJECT || compat_json_get_i64(e, "nr", &nr) < 0 ||
		    get_count(e, "count", &count, 1) < 0 || get_count(e, "errors", &errors, 0) < 0 ||
		    nr > 1000000 || nr < -1000000) {
			snprintf(err, errlen, "stats: unknown[%d] lacks a valid nr/count", idx);
			return -1;
		}
		struct compat_stat_row *r = find_row(st, (long)nr, cap);
		if (!r->status[0])
			snprintf(r->status, sizeof r->status, "unknown");
		r->count += count;
		r->errors += errors > count ? errors : count;
		r->enosys += count;
	}

	const struct compat_json *t = compat_json_get(o, "totals");
	if (t) {
		int64_t calls, errors, enosys;
		if (t->type != COMPAT_JSON_OBJECT || get_count(t, "calls", &calls, 1) < 0 ||
		    get_count(t, "errors", &errors, 0) < 0 || get_count(t, "enosys", &enosys, 0) < 0) {
			snprintf(err, errlen, "stats: bad \"totals\"");
			return -1;
		}
		st->calls += calls;
		st->errors += errors;
		st->enosys += enosys;
	} else {
		/* derive them from this object's rows */
		for (e = compat_json_get(o, "syscalls") ? compat_json_get(o, "syscalls")->child : NULL; e; e = e->next) {
			if (compat_json_get_i64(e, "count", &v) == 0)
				st->calls += v;
			if (compat_json_get_i64(e, "errors", &v) == 0)
				st->errors += v;
			if (compat_json_get_i64(e, "enosys", &v) == 0)
				st->enosys += v;
		}
		for (e = compat_json_get(o, "unknown") ? compat_json_get(o, "unknown")->child : NULL; e; e = e->next)
			if (compat_json_get_i64(e, "count", &v) == 0) {
				st->calls += v;
				st->errors += v;
				st->enosys += v;
			}
	}
	st->objects++;
	return 0;
}

static int cmp_row(const void *a, const void *b)
{
	const struct compat_stat_row *x = a, *y = b;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

int compat_stats_parse(const char *text, size_t len, struct compat_stats *st,
		       char *err, size_t errlen)
{
	size_t pos = 0;
	int cap = 0;
	memset(st, 0, sizeof *st);
	while (pos < len) {
		size_t end = 0;
		/* skip whitespace between objects */
		while (pos < len && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t'))
			pos++;
		if (pos == len)
			break;
		struct compat_json *v = compat_json_parse(text + pos, len - pos, &end, err, errlen);
		if (!v) {
			compat_stats_free(st);
			return -1;
		}
		int r = merge_object(v, st, &cap, err, errlen);
		compat_json_free(v);
		if (r < 0) {
			compat_stats_free(st);
			return -1;
		}
		pos += end;
	}
	if (st->objects == 0) {
		snprintf(err, errlen, "stats: empty file");
		compat_stats_free(st);
		return -1;
	}
	if (st->nrows)
		qsort(st->rows, (size_t)st->nrows, sizeof *st->rows, cmp_row);
	return 0;
}

void compat_stats_free(struct compat_stats *st)
{
	free(st->rows);
	st->rows = NULL;
	st->nrows = 0;
}
