/* compat-db: `html OUT` — one static, self-contained page (inline CSS and
 * SVG, no script, no external resource) with the syscall coverage of each
 * ABI, the latest results, the changes between the last two versions, the
 * not-implemented syscalls and the scanned binaries. */
#include "compat-db/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char CSS[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;"
	"padding:0 1em;color:#1b1b1b;background:#fff}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}"
	".meta{color:#555}table{border-collapse:collapse;width:100%;margin:.5em 0}"
	"th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top;white-space:nowrap}"
	"td.wrap{white-space:normal;min-width:16em}.scroll{overflow-x:auto}svg{max-width:100%;height:auto}"
	"th{background:#f4f4f4}tr:nth-child(even) td{background:#fafafa}"
	"td.pass,span.pass{color:#1b5e20;font-weight:600}td.fail,span.fail{color:#b71c1c;font-weight:600}"
	"td.regressed{color:#b71c1c;font-weight:700}td.fixed{color:#1b5e20;font-weight:700}"
	"code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}"
	".cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}"
	".card b{display:block;font-size:1.6em}.empty{color:#777;font-style:italic}"
	"svg text{font-family:system-ui,sans-serif}";

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void td(FILE *f, const char *s)
{
	fputs("<td>", f);
	compat_html_esc(f, s);
	fputs("</td>", f);
}

static void td_class(FILE *f, const char *cls, const char *s)
{
	fprintf(f, "<td class=\"%s\">", cls);
	compat_html_esc(f, s);
	fputs("</td>", f);
}

static void th_row(FILE *f, const char *const *h, int n)
{
	fputs("<thead><tr>", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "<th scope=\"col\">%s</th>", h[i]);
	fputs("</tr></thead>\n<tbody>\n", f);
}

/* Syscalls the corpus actually made, per ABI: how many distinct ones, how
 * many of them answered ENOSYS (latest run of each binary). */
struct used {
	char abi[48];
	int used, missing;
};

static int corpus_usage(struct compat_db *db, struct used **out)
{
	struct compat_rows r;
	*out = NULL;
	if (!db)
		return 0;
	if (compat_rows_query(db, &r,
		"SELECT coalesce(r.stats_abi, b.abi, '?') AS abi, count(DISTINCT s.nr) AS used,"
		"  count(DISTINCT CASE WHEN s.enosys > 0 THEN s.nr END) AS missing"
		" FROM runs r JOIN run_syscalls s ON s.run_id = r.id LEFT JOIN binaries b ON b.id = r.binary_id"
		" WHERE r.id IN (SELECT max(id) FROM runs GROUP BY name) GROUP BY 1 ORDER BY 1", 0, NULL) < 0)
		return -1;
	*out = compat_xcalloc((size_t)r.nrows + 1, sizeof **out);
	for (int i = 0; i < r.nrows; i++) {
		snprintf((*out)[i].abi, sizeof (*out)[i].abi, "%s", nz(compat_rows_get(&r, i, "abi")));
		(*out)[i].used = (int)compat_rows_int(&r, i, "used");
		(*out)[i].missing = (int)compat_rows_int(&r, i, "missing");
	}
	int n = r.nrows;
	compat_rows_free(&r);
	return n;
}

static void bar(FILE *f, double x, double y, double w, double h, const char *color, const char *title)
{
	if (w <= 0)
		return;
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x, y, w, h, color);
	compat_html_esc(f, title);
	fputs("</title></rect>\n", f);
}

static void chart(FILE *f, const struct compat_abi_coverage *cov, int ncov, const struct used *u, int nu)
{
	const double label = 170, bw = 520, rowh = 46, top = 30;
	int rows = ncov;
	for (int j = 0; j < nu; j++) {
		int known = 0;
		for (int i = 0; i < ncov; i++)
			known |= !strcmp(cov[i].abi, u[j].abi);
		rows += !known;
	}
	double height = top + (rows ? rows : 1) * rowh + 4;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		"role=\"img\" aria-labelledby=\"covtitle\">\n<title id=\"covtitle\">System call coverage per ABI</title>\n",
		label + bw + 340, height, label + bw + 340, height);
	/* legend */
	static const struct { const char *name, *color; } leg[] = {
		{"full", "#2e7d32"}, {"partial", "#f9a825"}, {"missing", "#c62828"}, {"other", "#9e9e9e"},
		{"used by corpus: implemented", "#1565c0"}, {"used by corpus: ENOSYS", "#ef6c00"},
	};
	double lx = 0;
	for (size_t i = 0; i < sizeof leg / sizeof leg[0]; i++) {
		fprintf(f, "<rect x=\"%.0f\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			"<text x=\"%.0f\" y=\"14\" font-size=\"12\">%s</text>\n", lx, leg[i].color, lx + 16, leg[i].name);
		lx += 24 + 7.0 * (double)strlen(leg[i].name);
	}
	int row = 0;
	for (int i = 0; i < ncov; i++, row++) {
		const struct compat_abi_coverage *c = &cov[i];
		double y = top + row * rowh, x = label;
		double t = c->total ? c->total : 1;
		char tip[160];
		fprintf(f, "<text x=\"0\" y=\"%.1f\" font-size=\"13\" font-weight=\"600\">", y + 14);
		compat_html_esc(f, c->abi);
		fputs("</text>\n", f);
		struct { int n; const char *name, *color; } seg[] = {
			{c->full, "full", "#2e7d32"}, {c->partial, "partial", "#f9a825"},
			{c->missing, "missing", "#c62828"}, {c->other, "other", "#9e9e9e"},
		};
		for (int s = 0; s < 4; s++) {
			double w = bw * seg[s].n / t;
			snprintf(tip, sizeof tip, "%s: %d %s of %d (%.1f%%)", c->abi, seg[s].n, seg[s].name, c->total,
				 100.0 * seg[s].n / t);
			bar(f, x, y + 2, w, 16, seg[s].color, tip);
			x += w;
		}
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"12\">%d/%d full (%.0f%%), %d partial, %d missing</text>\n",
			label + bw + 8, y + 14, c->full, c->total, 100.0 * c->full / t, c->partial, c->missing);
		for (int j = 0; j < nu; j++) {
			if (strcmp(u[j].abi, c->abi))
				continue;
			double w1 = bw * (u[j].used - u[j].missing) / t, w2 = bw * u[j].missing / t;
			snprintf(tip, sizeof tip, "%s: the corpus called %d distinct syscalls, %d answered ENOSYS",
				 c->abi, u[j].used, u[j].missing);
			bar(f, label, y + 21, w1, 9, "#1565c0", tip);
			bar(f, label + w1, y + 21, w2, 9, "#ef6c00", tip);
			fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#444\">corpus used %d, %d not implemented</text>\n",
				label + bw + 8, y + 30, u[j].used, u[j].missing);
		}
	}
	for (int j = 0; j < nu; j++) {
		int known = 0;
		for (int i = 0; i < ncov; i++)
			known |= !strcmp(cov[i].abi, u[j].abi);
		if (known)
			continue;
		double y = top + row++ * rowh;
		fprintf(f, "<text x=\"0\" y=\"%.1f\" font-size=\"13\" font-weight=\"600\">", y + 14);
		compat_html_esc(f, u[j].abi);
		fprintf(f, "</text><text x=\"%.0f\" y=\"%.1f\" font-size=\"12\" fill=\"#555\">no table found; "
			"corpus used %d syscalls, %d not implemented</text>\n", label, y + 14, u[j].used, u[j].missing);
	}
	if (rows == 0)
		fprintf(f, "<text x=\"0\" y=\"%.0f\" font-size=\"13\">no ABI tables found</text>\n", top + 14);
	fputs("</svg>\n", f);
}

static void runs_table(FILE *f, const struct compat_rows *r)
{
	static const char *const h[] = {"Binary", "Result", "Outcome", "ABI", "Linkage", "abirun",
					"Time", "Syscalls", "Not implemented", "Reason", "Recorded"};
	if (!r->nrows) {
		fputs("<p class=\"empty\">No runs recorded yet.</p>\n", f);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n", f);
	th_row(f, h, 11);
	for (int i = 0; i < r->nrows; i++) {
		char oc[64], tm[32], sc[64];
		const char *v = nz(compat_rows_get(r, i, "verdict"));
		compat_outcome_text(r, i, oc, sizeof oc);
		compat_fmt_ms(compat_rows_int(r, i, "duration_ms"), tm, sizeof tm);
		if (compat_rows_get(r, i, "total_calls"))
			snprintf(sc, sizeof sc, "%lld (%s calls)", compat_rows_int(r, i, "syscalls"),
				 compat_rows_get(r, i, "total_calls"));
		else
			snprintf(sc, sizeof sc, "no stats");
		fputs("<tr>", f);
		td(f, compat_rows_get(r, i, "name"));
		td_class(f, !strcmp(v, "pass") ? "pass" : "fail", !strcmp(v, "pass") ? "PASS" : "FAIL");
		td(f, oc);
		td(f, compat_rows_get(r, i, "abi"));
		td(f, compat_rows_get(r, i, "linkage"));
		td(f, compat_rows_get(r, i, "version"));
		td(f, tm);
		td(f, sc);
		td_class(f, "mono wrap", compat_rows_get(r, i, "not_implemented_names"));
		td_class(f, "wrap", compat_rows_get(r, i, "reason"));
		td(f, compat_rows_get(r, i, "started_at"));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

static void regressions_section(FILE *f, struct compat_db *db, const struct compat_rows *versions)
{
	fputs("<h2 id=\"changes\">Changes between the last two versions</h2>\n", f);
	if (versions->nrows < 2) {
		fputs("<p class=\"empty\">Fewer than two abirun versions recorded.</p>\n", f);
		return;
	}
	const char *from = compat_rows_get(versions, versions->nrows - 2, "version");
	const char *to = compat_rows_get(versions, versions->nrows - 1, "version");
	struct compat_regression *g;
	int n = compat_regressions(db, from, to, &g);
	if (n < 0)
		return;
	fputs("<p>From <code>", f);
	compat_html_esc(f, from);
	fputs("</code> to <code>", f);
	compat_html_esc(f, to);
	fputs("</code>.</p>\n<div class=\"scroll\"><table>\n", f);
	static const char *const h[] = {"Binary", "Change", "From", "To", "Notes"};
	th_row(f, h, 5);
	for (int i = 0; i < n; i++) {
		char a[200], b[200], notes[400] = "";
		snprintf(a, sizeof a, "%s%s%s%s", g[i].from_verdict ? g[i].from_verdict : "-",
			 g[i].from_detail ? " (" : "", nz(g[i].from_detail), g[i].from_detail ? ")" : "");
		snprintf(b, sizeof b, "%s%s%s%s", g[i].to_verdict ? g[i].to_verdict : "-",
			 g[i].to_detail ? " (" : "", nz(g[i].to_detail), g[i].to_detail ? ")" : "");
		if (g[i].from_sha && g[i].to_sha && strcmp(g[i].from_sha, g[i].to_sha))
			strcat(notes, "binary changed. ");
		if (g[i].output_changed)
			strcat(notes, "output changed. ");
		if (g[i].new_missing)
			snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "newly not implemented: %.200s",
				 g[i].new_missing);
		fputs("<tr>", f);
		td(f, g[i].name);
		const char *cn = compat_change_name(g[i].change);
		td_class(f, g[i].change == COMPAT_REGRESSED ? "regressed" : g[i].change == COMPAT_FIXED ? "fixed" : "x", cn);
		td(f, a);
		td(f, b);
		td_class(f, "wrap", notes);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	compat_regressions_free(g, n);
}

static void missing_table(FILE *f, const struct compat_rows *m)
{
	static const char *const h[] = {"ABI", "Nr", "Syscall", "Status", "Binaries", "Calls", "Hit by"};
	if (!m->nrows) {
		fputs("<p class=\"empty\">None: every syscall the recorded runs made is implemented.</p>\n", f);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n", f);
	th_row(f, h, 7);
	for (int i = 0; i < m->nrows; i++) {
		fputs("<tr>", f);
		td(f, compat_rows_get(m, i, "abi"));
		td(f, compat_rows_get(m, i, "nr"));
		td_class(f, "mono", compat_rows_get(m, i, "name") ? compat_rows_get(m, i, "name") : "(unknown number)");
		td(f, compat_rows_get(m, i, "status"));
		td(f, compat_rows_get(m, i, "binaries"));
		td(f, compat_rows_get(m, i, "calls"));
		td_class(f, "wrap", compat_rows_get(m, i, "names"));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

static void generic_table(FILE *f, const struct compat_rows *r, const char *const *cols,
			  const char *const *heads, int n, const char *empty)
{
	if (!r->nrows) {
		fprintf(f, "<p class=\"empty\">%s</p>\n", empty);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n", f);
	th_row(f, heads, n);
	for (int i = 0; i < r->nrows; i++) {
		fputs("<tr>", f);
		for (int c = 0; c < n; c++) {
			if (!strcmp(cols[c], "sha256")) {
				char s[20];
				snprintf(s, sizeof s, "%.16s", nz(compat_rows_get(r, i, "sha256")));
				td_class(f, "mono", s);
			} else {
				td(f, compat_rows_get(r, i, cols[c]));
			}
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

static int write_page(FILE *f, struct compat_db *db, const char *tables_dir)
{
	struct compat_rows runs = {0}, bins = {0}, miss = {0}, vers = {0};
	struct compat_abi_coverage *cov = NULL;
	struct used *u = NULL;
	char now[32];
	int ok = 0;

	if (db && (compat_q_latest_runs(db, NULL, &runs) < 0 || compat_q_binaries(db, &bins) < 0 ||
		   compat_q_missing(db, NULL, &miss) < 0 || compat_q_versions(db, &vers) < 0))
		goto out;
	int ncov = compat_tables_load(tables_dir, &cov);
	int nu = corpus_usage(db, &u);
	if (nu < 0)
		goto out;
	compat_now_iso(now);

	int pass = 0;
	for (int i = 0; i < runs.nrows; i++)
		pass += !strcmp(nz(compat_rows_get(&runs, i, "verdict")), "pass");

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>abirun compatibility report</title>\n<style>%s</style>\n</head>\n<body>\n", CSS);
	fputs("<h1>abirun compatibility report</h1>\n<p class=\"meta\">Generated ", f);
	compat_html_esc(f, now);
	fputs(" by abirun ", f);
	compat_html_esc(f, compat_version());
	fputs(" from ", f);
	if (db) {
		fputs("<code>", f);
		compat_html_esc(f, db->path);
		fputs("</code>", f);
	} else {
		fputs("no database (nothing recorded yet)", f);
	}
	fputs(".</p>\n", f);
	fprintf(f, "<div class=\"cards\"><div class=\"card\"><b>%d</b>binaries run</div>"
		"<div class=\"card\"><b><span class=\"pass\">%d</span></b>pass</div>"
		"<div class=\"card\"><b><span class=\"fail\">%d</span></b>fail</div>"
		"<div class=\"card\"><b>%d</b>binaries scanned</div>"
		"<div class=\"card\"><b>%d</b>abirun versions</div></div>\n",
		runs.nrows, pass, runs.nrows - pass, bins.nrows, vers.nrows);

	fputs("<h2 id=\"coverage\">System call coverage per ABI</h2>\n<p>From the runtime's tables in <code>", f);
	compat_html_esc(f, tables_dir);
	fputs("</code>: status of every system call of each guest ABI; the thin bar shows the distinct "
	      "system calls the recorded binaries made, and how many of them are not implemented.</p>\n", f);
	if (ncov < 0)
		fputs("<p class=\"empty\">The ABI tables directory could not be read.</p>\n", f);
	chart(f, cov, ncov > 0 ? ncov : 0, u, nu);

	fputs("<h2 id=\"results\">Latest result of each binary</h2>\n", f);
	runs_table(f, &runs);
	if (db)
		regressions_section(f, db, &vers);
	fputs("<h2 id=\"missing\">Not-implemented system calls, by number of binaries hitting them</h2>\n", f);
	missing_table(f, &miss);

	fputs("<h2 id=\"versions\">Recorded abirun versions</h2>\n", f);
	{
		static const char *const c[] = {"version", "binaries", "pass", "fail", "runs", "first_run", "last_run"};
		static const char *const h[] = {"Version", "Binaries", "Pass", "Fail", "Runs", "First run", "Last run"};
		generic_table(f, &vers, c, h, 7, "No runs recorded yet.");
	}
	fputs("<h2 id=\"binaries\">Scanned binaries</h2>\n", f);
	{
		static const char *const c[] = {"path", "format", "abi", "os_version", "linkage", "interp",
						"needed", "go_version", "go_module", "runs", "sha256"};
		static const char *const h[] = {"Path", "Format", "ABI", "OS version", "Linkage", "Interpreter",
						"Needed", "Go", "Go module", "Runs", "SHA-256"};
		generic_table(f, &bins, c, h, 11, "No binaries scanned yet.");
	}
	fputs("<p class=\"meta\">abirun compat-db — see docs/compat-db.md.</p>\n</body>\n</html>\n", f);
	ok = 1;
out:
	free(cov);
	free(u);
	compat_rows_free(&runs);
	compat_rows_free(&bins);
	compat_rows_free(&miss);
	compat_rows_free(&vers);
	return ok ? 0 : -1;
}

int compat_cmd_html(struct compat_db *db, const char *out, const char *tables_dir)
{
	char *tmp = compat_xasprintf("%s.tmp%d", out, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		compat_err("cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return COMPAT_EXIT_ERROR;
	}
	int r = write_page(f, db, tables_dir);
	if (fclose(f) != 0)
		r = -1;
	if (r == 0 && rename(tmp, out) < 0) {
		compat_err("cannot write %s: %s", out, strerror(errno));
		r = -1;
	}
	if (r < 0) {
		unlink(tmp);
		free(tmp);
		return COMPAT_EXIT_ERROR;
	}
	free(tmp);
	printf("wrote %s\n", out);
	return COMPAT_EXIT_OK;
}
