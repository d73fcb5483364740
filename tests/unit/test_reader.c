/*
 * test_reader.c — documents from files, directories and JSON Lines,
 * and every kind of bad item: each reported with file and line, the rest
 * still read.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "io/reader.h"

static char S_dir[256];

static void S_write(const char *name, const char *data, size_t n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", S_dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(data, 1, n, f);
	fclose(f);
}

static int S_setup(void **state)
{
	(void)state;
	snprintf(S_dir, sizeof S_dir, "/tmp/dn-reader-XXXXXX");
	assert_non_null(mkdtemp(S_dir));
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", S_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_jsonl_bad_lines(void **state)
{
	(void)state;
	const char *j =
		"{\"id\":\"a\",\"text\":\"Rebels shelled the town.\",\"date\":\"2016-01-02\"}\n"
		"{\"id\":\"b\",\"text\":\"broken\"\n"
		"\n"
		"{\"text\":\"no id\"}\n"
		"{\"id\":\"c\"}\n"
		"{\"id\":7,\"text\":\"wrong type\"}\n"
		"{\"id\":\"d\",\"text\":42}\n"
		"[1,2]\n"
		"{\"id\":\"a\",\"text\":\"duplicate\"}\n"
		"{\"id\":\"e\",\"text\":\"nul \\u0000 inside\"}\n"
		"{\"id\":\"f\",\"text\":\"one\",\"text\":\"two\"}\n"
		"\"just a string\"\n"
		"{\"id\":\"g\",\"text\":\"bad \xff byte\"}\n"
		"{\"id\":\"h\",\"text\":\"ok\"} trailing\n"
		"{\"id\":\"i\",\"date\":5,\"text\":\"x\"}\n"
		"{\"meta\":{\"id\":1,\"text\":[2]},\"id\":\"j\",\"text\":\"caf\\u00e9 \\\"q\\\"\",\"url\":null}\n";
	S_write("docs.jsonl", j, strlen(j));
	char path[512];
	snprintf(path, sizeof path, "%s/docs.jsonl", S_dir);
	char *paths[] = {path};
	dn_reader *r = dn_reader_new(paths, 1, NULL);
	assert_non_null(r);
	dn_doc doc;
	dn_error err;
	long bad_lines[16];
	int nbad = 0, ngood = 0;
	const char *msgs[] = {"malformed JSON", "missing \"id\"", "missing \"text\"",
			      "\"id\" must be", "\"text\" must be", "not a JSON object",
			      "duplicate", "\"text\" given twice", "not a JSON object",
			      "invalid bytes in UTF8", "trailing garbage", "\"date\" must be a string"};
	int rc;
	while ((rc = dn_reader_next(r, &doc, &err)) != 0) {
		if (rc < 0) {
			assert_true(nbad < 12);
			assert_string_equal(err.file, path);
			assert_true(strstr(err.msg, msgs[nbad]) != NULL);
			bad_lines[nbad++] = err.line;
			continue;
		}
		ngood++;
		if (strcmp(doc.id, "e") == 0)
			assert_int_equal(doc.len, strlen("nul ") + 1 + strlen(" inside"));
		if (strcmp(doc.id, "a") == 0)
			assert_string_equal(doc.date, "2016-01-02");
		/* members of nested objects are not the document's */
		if (strcmp(doc.id, "j") == 0) {
			assert_string_equal(doc.text, "caf\xc3\xa9 \"q\"");
			assert_null(doc.url);
			assert_null(doc.date);
		}
	}
	assert_int_equal(ngood, 3);
	assert_int_equal(nbad, 12);
	long want[] = {2, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15};
	for (int i = 0; i < 12; i++)
		assert_int_equal(bad_lines[i], want[i]);
	assert_int_equal(dn_reader_failed(r), 12);
	dn_reader_free(r);
}

static void test_directory_sorted_and_unreadable(void **state)
{
	(void)state;
	S_write("b.txt", "Second.", 7);
	S_write("a.txt", "First.", 6);
	S_write("c.md", "ignored", 7);
	S_write("empty.txt", "", 0);
	char sub[512];
	snprintf(sub, sizeof sub, "%s/sub", S_dir);
	mkdir(sub, 0755);
	char locked[600];
	snprintf(locked, sizeof locked, "%s/sub/locked.txt", S_dir);
	FILE *f = fopen(locked, "w");
	fputs("secret", f);
	fclose(f);
	chmod(locked, 0);
	int root = geteuid() == 0; /* root reads anything */
	char *paths[] = {S_dir};
	dn_reader *r = dn_reader_new(paths, 1, "2015-05-05");
	dn_doc doc;
	dn_error err;
	const char *order[8];
	int n = 0, bad = 0, rc;
	while ((rc = dn_reader_next(r, &doc, &err)) != 0) {
		if (rc < 0) {
			bad++;
			assert_true(strstr(err.file, "locked.txt") != NULL);
			continue;
		}
		if (strcmp(doc.id, "docs") == 0)
			continue; /* left by the other test in this folder, if any */
		order[n++] = strdup(doc.id);
		assert_string_equal(doc.date, "2015-05-05");
	}
	assert_int_equal(n, root ? 4 : 3);
	assert_string_equal(order[0], "a");
	assert_string_equal(order[1], "b");
	assert_string_equal(order[2], "empty");
	assert_int_equal(bad, root ? 0 : 1);
	for (int i = 0; i < n; i++)
		free((void *)order[i]);
	dn_reader_free(r);
}

static void test_missing_file(void **state)
{
	(void)state;
	char *paths[] = {(char *)"/nonexistent/x.txt", (char *)"/nonexistent/y.jsonl"};
	dn_reader *r = dn_reader_new(paths, 2, NULL);
	dn_doc doc;
	dn_error err;
	assert_int_equal(dn_reader_next(r, &doc, &err), -1);
	assert_string_equal(err.file, "/nonexistent/x.txt");
	assert_int_equal(dn_reader_next(r, &doc, &err), -1);
	assert_int_equal(dn_reader_next(r, &doc, &err), 0);
	assert_int_equal(dn_reader_failed(r), 2);
	dn_reader_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_jsonl_bad_lines, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_directory_sorted_and_unreadable, S_setup, S_teardown),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
