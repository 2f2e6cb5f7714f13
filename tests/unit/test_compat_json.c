/* compat-db: the JSON reader and the --stats=json parser. */
#include "test_compat.h"

static struct compat_json *parse(const char *s, char *err)
{
	return compat_json_parse(s, strlen(s), NULL, err, 200);
}

Test(compat_json, values_and_escapes)
{
	char err[200];
	struct compat_json *v = parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\\"y\\\\z\\n\\u00e9\\ud83d\\ude00\","
				      " \"e\": {}, \"z\": []} ", err);
	cr_assert_not_null(v, "%s", err);
	cr_assert_eq(v->type, COMPAT_JSON_OBJECT);
	const struct compat_json *a = compat_json_get(v, "a");
	cr_assert_eq(a->type, COMPAT_JSON_ARRAY);
	cr_assert_eq(a->child->number, 1);
	cr_assert_eq(a->child->next->number, -2500);
	cr_assert_eq(a->child->next->next->type, COMPAT_JSON_BOOL);
	cr_assert_eq(a->child->next->next->boolean, 1);
	cr_assert_eq(a->child->next->next->next->next->type, COMPAT_JSON_NULL);
	cr_assert_str_eq(compat_json_get_str(v, "s"), "x\"y\\z\n\xc3\xa9\xf0\x9f\x98\x80");
	cr_assert_eq(compat_json_get(v, "e")->child, NULL);
	cr_assert_null(compat_json_get(v, "missing"));
	int64_t n;
	cr_assert_eq(compat_json_get_i64(v, "s", &n), -1);
	compat_json_free(v);
}

Test(compat_json, syntax_errors)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\" 1}", "{\"a\":}", "[1 2]", "\"unterminated", "tru", "01",
		"1.", "-", "{\"a\":1,}", "[\"\\x\"]", "[\"\\u12g4\"]", "{1:2}", "[1] x", "\"a\nb\"",
		"nul", "[1e]", "{\"a\":[}",
	};
	char err[200];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = 0;
		struct compat_json *v = parse(bad[i], err);
		cr_assert_null(v, "accepted: %s", bad[i]);
		cr_assert(err[0], "no message for %s", bad[i]);
	}
}

Test(compat_json, deep_nesting_is_bounded)
{
	char *s = compat_xmalloc(200001);
	memset(s, '[', 100000);
	memset(s + 100000, ']', 100000);
	s[200000] = 0;
	char err[200];
	struct compat_json *v = compat_json_parse(s, 200000, NULL, err, sizeof err);
	cr_assert_null(v);
	cr_assert(strstr(err, "deep") != NULL, "%s", err);
	free(s);
}

Test(compat_json, integers)
{
	char err[200];
	struct compat_json *v = parse("{\"a\": 9007199254740, \"b\": 1.5, \"c\": -3, \"d\": 1e300}", err);
	int64_t n;
	cr_assert_eq(compat_json_get_i64(v, "a", &n), 0);
	cr_assert_eq(n, 9007199254740LL);
	cr_assert_eq(compat_json_get_i64(v, "b", &n), -1);
	cr_assert_eq(compat_json_get_i64(v, "c", &n), 0);
	cr_assert_eq(n, -3);
	cr_assert_eq(compat_json_get_i64(v, "d", &n), -1);
	compat_json_free(v);
}

static const char STATS[] =
	"{\"abi\":\"freebsd-amd64\",\"program\":\"/path/prog\","
	"\"syscalls\":[{\"nr\":4,\"name\":\"write\",\"status\":\"full\",\"count\":3,\"errors\":0,\"enosys\":0},"
	"{\"nr\":54,\"name\":\"ioctl\",\"status\":\"partial\",\"count\":5,\"errors\":2,\"enosys\":1},"
	"{\"nr\":85,\"name\":\"swapon\",\"status\":\"missing\",\"count\":1,\"errors\":1,\"enosys\":1}],"
	"\"unknown\":[{\"nr\":999,\"count\":1}],"
	"\"totals\":{\"calls\":10,\"errors\":4,\"enosys\":3}}\n";

Test(compat_stats, example_from_the_interface)
{
	struct compat_stats st;
	char err[200];
	cr_assert_eq(compat_stats_parse(STATS, strlen(STATS), &st, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(st.abi, "freebsd-amd64");
	cr_assert_str_eq(st.program, "/path/prog");
	cr_assert_eq(st.nrows, 4);
	cr_assert_eq(st.rows[0].nr, 4);
	cr_assert_str_eq(st.rows[0].name, "write");
	cr_assert_eq(st.rows[0].count, 3);
	cr_assert_eq(st.rows[1].nr, 54);
	cr_assert_str_eq(st.rows[1].status, "partial");
	cr_assert_eq(st.rows[1].enosys, 1);
	cr_assert_eq(st.rows[1].errors, 2);
	cr_assert_eq(st.rows[2].nr, 85);
	cr_assert_str_eq(st.rows[2].status, "missing");
	cr_assert_eq(st.rows[3].nr, 999);
	cr_assert_str_eq(st.rows[3].status, "unknown");
	cr_assert_eq(st.rows[3].enosys, 1);
	cr_assert_eq(st.calls, 10);
	cr_assert_eq(st.errors, 4);
	cr_assert_eq(st.enosys, 3);
	cr_assert_eq(st.objects, 1);
	compat_stats_free(&st);
}

Test(compat_stats, forked_guests_are_merged)
{
	char *two = compat_xasprintf("%s%s", STATS, STATS);
	struct compat_stats st;
	char err[200];
	cr_assert_eq(compat_stats_parse(two, strlen(two), &st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(st.objects, 2);
	cr_assert_eq(st.nrows, 4);
	cr_assert_eq(st.rows[0].count, 6);
	cr_assert_eq(st.calls, 20);
	compat_stats_free(&st);
	free(two);
}

Test(compat_stats, missing_rows_are_all_enosys_and_totals_derived)
{
	const char *s = "{\"abi\":\"netbsd-amd64\",\"syscalls\":[{\"nr\":1,\"name\":\"a\",\"status\":\"missing\",\"count\":4},"
			"{\"nr\":2,\"name\":\"b\",\"count\":2,\"errors\":1}],\"unknown\":[{\"nr\":5000,\"count\":3}]}";
	struct compat_stats st;
	char err[200];
	cr_assert_eq(compat_stats_parse(s, strlen(s), &st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(st.rows[0].enosys, 4);
	cr_assert_str_eq(st.rows[1].status, "full");
	cr_assert_eq(st.calls, 9);
	cr_assert_eq(st.enosys, 3);	/* derived from rows present as written */
	compat_stats_free(&st);
}

Test(compat_stats, malformed_stats_are_rejected)
{
	static const char *const bad[] = {
		"", "   ", "[]", "{\"syscalls\":{}}", "{\"syscalls\":[{\"name\":\"x\",\"count\":1}]}",
		"{\"syscalls\":[{\"nr\":1,\"count\":-1}]}", "{\"syscalls\":[{\"nr\":1,\"count\":\"3\"}]}",
		"{\"syscalls\":[{\"nr\":1,\"count\":1,\"status\":\"bogus\"}]}", "{\"unknown\":[{\"nr\":1}]}",
		"{\"totals\":{\"errors\":1}}", STATS + 1, "{\"abi\":\"x\"} garbage",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct compat_stats st;
		char err[200] = "";
		cr_assert_eq(compat_stats_parse(bad[i], strlen(bad[i]), &st, err, sizeof err), -1, "accepted #%zu", i);
		cr_assert(err[0]);
	}
	/* truncated at every length: never accepted as complete, never a crash */
	for (size_t n = 0; n + 2 < strlen(STATS); n++) {
		struct compat_stats st;
		char err[200];
		cr_assert_eq(compat_stats_parse(STATS, n, &st, err, sizeof err), -1, "accepted a %zu-byte prefix", n);
	}
}
