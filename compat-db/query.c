/* compat-db: query results as rows of text. */
#include "compat-db/compat.h"

#include <stdlib.h>
#include <string.h>

int compat_rows_query(struct compat_db *db, struct compat_rows *out, const char *sql,
		      int nbind, const char *const *binds)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = compat_db_prepare(db, sql);
	if (!st)
		return -1;
	for (int i = 0; i < nbind; i++) {
		if (binds[i])
			sqlite3_bind_text(st, i + 1, binds[i], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 1);
	}
	out->ncols = sqlite3_column_count(st);
	out->names = compat_xcalloc((size_t)out->ncols, sizeof(char *));
	for (int c = 0; c < out->ncols; c++)
		out->names[c] = compat_xstrdup(sqlite3_column_name(st, c));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->nrows == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->cells = compat_xrealloc(out->cells, sizeof(char *) * (size_t)out->cap * (size_t)out->ncols);
			out->types = compat_xrealloc(out->types, (size_t)out->cap * (size_t)out->ncols);
		}
		for (int c = 0; c < out->ncols; c++) {
			size_t k = (size_t)out->nrows * (size_t)out->ncols + (size_t)c;
			int t = sqlite3_column_type(st, c);
			const unsigned char *v = sqlite3_column_text(st, c);
			out->types[k] = (unsigned char)t;
			out->cells[k] = t == SQLITE_NULL || !v ? NULL : compat_xstrdup((const char *)v);
		}
		out->nrows++;
	}
	if (rc != SQLITE_DONE) {
		compat_db_error(db, "querying");
		sqlite3_finalize(st);
		compat_rows_free(out);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int col_index(const struct compat_rows *r, const char *col)
{
	for (int c = 0; c < r->ncols; c++)
		if (!strcmp(r->names[c], col))
			return c;
	return -1;
}

const char *compat_rows_get(const struct compat_rows *r, int row, const char *col)
{
	int c = col_index(r, col);
	if (c < 0 || row < 0 || row >= r->nrows)
		return NULL;
	return r->cells[row * r->ncols + c];
}

long long compat_rows_int(const struct compat_rows *r, int row, const char *col)
{
	const char *v = compat_rows_get(r, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

void compat_rows_json(const struct compat_rows *r, FILE *f, const char *indent)
{
	fputs("[", f);
	for (int i = 0; i < r->nrows; i++) {
		fprintf(f, "%s\n%s  {", i ? "," : "", indent);
		for (int c = 0; c < r->ncols; c++) {
			size_t k = (size_t)i * (size_t)r->ncols + (size_t)c;
			fprintf(f, "%s", c ? ", " : "");
			compat_json_str(f, r->names[c]);
			fputs(": ", f);
			if (!r->cells[k])
				fputs("null", f);
			else if (r->types[k] == SQLITE_INTEGER || r->types[k] == SQLITE_FLOAT)
				fputs(r->cells[k], f);
			else
				compat_json_str(f, r->cells[k]);
		}
		fputs("}", f);
	}
	if (r->nrows)
		fprintf(f, "\n%s", indent);
	fputs("]", f);
}

void compat_rows_free(struct compat_rows *r)
{
	for (int i = 0; i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	for (int c = 0; c < r->ncols; c++)
		free(r->names[c]);
	free(r->cells);
	free(r->names);
	free(r->types);
	memset(r, 0, sizeof *r);
}
