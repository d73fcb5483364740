/*
 * fuzz_pipeline.c — libFuzzer target over the whole pipeline and the
 * document reader, through the public API (tests/fuzz/run.sh builds it).
 *
 * The dictionaries are loaded once per process. Each input is one document
 * or one input file; its first byte chooses how it is fed:
 *
 *   bits 0-1  route: 0 the bytes are a document's text (dn_coder_code);
 *             1 they are a JSON Lines file read by dn_reader; 2 they are a
 *             plain-text file read by dn_reader; 3 they are a lookup
 *             expression for dn_dict_lookup
 *   bit 2     a publication date is given ("2016-10-14")
 *   bit 3     the date is the next 10 input bytes instead (any bytes)
 *   bit 4     dn_coder_debug with tokens (otherwise without)
 *   bit 5     title, source and url are set
 *   bit 6     a fresh coder for this input (otherwise the long-lived one,
 *             so state left over from earlier inputs is exercised too)
 *   bit 7     the reader gets the file twice (duplicate ids)
 *
 * Besides the sanitizers, the target checks what the public header
 * promises and aborts when a promise is broken: output and debug are JSON
 * Lines (each line a JSON object ending in '\n'), stats->events is the
 * number of output lines, coding a document twice gives the same events,
 * errors carry their code and a NUL-terminated
 * message, the publication date looks like YYYY-MM-DD with a known
 * evidence, and the reader's counters match what it returned.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dunlin.h>

#include "io/reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define S_ROUTE_TEXT 0
#define S_ROUTE_JSONL 1
#define S_ROUTE_PLAIN 2
#define S_ROUTE_LOOKUP 3

/* Everything that lives for the whole process, in one visible place. */
static struct {
	dn_dict *dict;       /* loaded once, never freed (reachable) */
	dn_coder *coder;     /* the long-lived coder */
	const char *tmpdir;  /* where reader inputs are written ($TMPDIR) */
} g;

/* Stops the run with a message: a broken promise is a finding. */
static void S_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_pipeline: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *data = getenv("DUNLIN_DATA");
	dn_error err;
	memset(&err, 0, sizeof err);
	g.dict = dn_dict_new(data && *data ? data : DN_DATA_DIR, &err);
	if (!g.dict) {
		fprintf(stderr, "fuzz_pipeline: cannot load dictionaries: %s:%ld: %s\n",
			err.file, err.line, err.msg);
		exit(2);
	}
	g.coder = dn_coder_new(g.dict);
	if (!g.coder)
		S_fail("dn_coder_new returned NULL", NULL);
	const char *tmp = getenv("TMPDIR");
	g.tmpdir = tmp && *tmp ? tmp : "/tmp";
	return 0;
}

/* MARK: - Checks */

/* Each line of out[0..len) is a JSON object ending in '\n'. Returns the
 * number of lines. */
static size_t S_check_jsonl(const char *what, const char *out, size_t len)
{
	if (len == 0)
		return 0;
	if (!out)
		S_fail(what, "NULL with a nonzero length");
	if (out[len - 1] != '\n')
		S_fail(what, "last line does not end in a newline");
	if (memchr(out, '\0', len))
		S_fail(what, "NUL byte inside the output");
	size_t lines = 0;
	const char *p = out, *end = out + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_error_t jerr;
		json_t *j = json_loadb(p, (size_t)(nl - p), JSON_ALLOW_NUL, &jerr);
		if (!j) {
			fprintf(stderr, "line %zu: %.*s\n", lines + 1,
				(int)(nl - p > 400 ? 400 : nl - p), p);
			S_fail(what, jerr.text);
		}
		if (!json_is_object(j))
			S_fail(what, "a line is not a JSON object");
		json_decref(j);
		lines++;
		p = nl + 1;
	}
	return lines;
}

static void S_check_error(dn_code rc, const dn_error *err)
{
	if (err->code != rc)
		S_fail("dn_error.code differs from the returned code", NULL);
	if (!memchr(err->msg, '\0', sizeof err->msg) || err->msg[0] == '\0')
		S_fail("dn_error.msg empty or not NUL-terminated", NULL);
	if (!memchr(err->file, '\0', sizeof err->file))
		S_fail("dn_error.file not NUL-terminated", NULL);
}

static void S_check_pubdate(const dn_coder *c)
{
	static const char *const known[] = {"input", "dateline", "stamp",
					    "embedded", "references"};
	const char *evidence = NULL;
	const char *d = dn_coder_pubdate(c, &evidence);
	if (!d)
		return;
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		S_fail("publication date not YYYY-MM-DD", d);
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			S_fail("publication date not YYYY-MM-DD", d);
	if (!evidence)
		S_fail("publication date without evidence", d);
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(evidence, known[i]) == 0)
			return;
	S_fail("unknown publication date evidence", evidence);
}

/* MARK: - Routes */

/* Codes one document and checks everything the coder hands back. */
static void S_code(dn_coder *c, const dn_doc *doc, int with_tokens)
{
	dn_error err;
	memset(&err, 0, sizeof err);
	dn_code rc = dn_coder_code(c, doc, &err);
	if (rc != DN_OK) {
		S_check_error(rc, &err);
		return;
	}
	size_t len = 0;
	const char *out = dn_coder_output(c, &len);
	size_t lines = S_check_jsonl("dn_coder_output", out, len);
	const dn_doc_stats *st = dn_coder_stats(c);
	if (!st)
		S_fail("dn_coder_stats returned NULL", NULL);
	if (st->events != lines)
		S_fail("stats->events differs from the output lines", NULL);
	const char *dbg = dn_coder_debug(c, with_tokens, &len);
	S_check_jsonl("dn_coder_debug", dbg, len);
	S_check_pubdate(c);

	/* Coding is deterministic: the same document again (with a NULL
	 * err this time) gives the same events. */
	out = dn_coder_output(c, &len);
	char *first = malloc(len + 1);
	if (!first)
		return;
	memcpy(first, out ? out : "", len);
	size_t first_len = len;
	if (dn_coder_code(c, doc, NULL) != DN_OK)
		S_fail("the same document failed the second time", NULL);
	out = dn_coder_output(c, &len);
	if (len != first_len || (len && memcmp(out, first, len) != 0))
		S_fail("coding the same document twice gave different events",
		       NULL);
	free(first);
}

/* Writes the input to a new temp file named *SUFFIX (the reader picks its
 * format by extension) and returns its path in path[4096]. The caller
 * unlinks it, so nothing is left behind between inputs. */
static void S_write_file(char *path, const char *suffix, const uint8_t *data,
			 size_t size)
{
	snprintf(path, 4096, "%s/dn-fuzz-XXXXXX%s", g.tmpdir, suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		S_fail("cannot create a temp file in", g.tmpdir);
	FILE *f = fdopen(fd, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		S_fail("cannot write", path);
}

/* Reads PATH (once or twice) with dn_reader and codes every document. */
static void S_read(dn_coder *c, const char *path, int twice,
		   const char *date, int with_tokens)
{
	char *paths[2] = {(char *)path, (char *)path};
	dn_reader *r = dn_reader_new(paths, twice ? 2 : 1, date);
	if (!r)
		S_fail("dn_reader_new returned NULL", NULL);
	size_t ok = 0, bad = 0;
	for (;;) {
		dn_doc doc;
		dn_error err;
		memset(&err, 0, sizeof err);
		int rc = dn_reader_next(r, &doc, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			bad++;
			if (!memchr(err.msg, '\0', sizeof err.msg) || !err.msg[0])
				S_fail("reader error without a message", NULL);
			continue;
		}
		if (rc != 1)
			S_fail("dn_reader_next returned neither -1, 0 nor 1", NULL);
		if (!doc.id || !doc.text)
			S_fail("reader document without id or text", NULL);
		ok++;
		S_code(c, &doc, with_tokens);
	}
	if (dn_reader_read(r) != ok || dn_reader_failed(r) != bad)
		S_fail("reader counters differ from what it returned", NULL);
	dn_reader_free(r);
}

static void S_lookup(const uint8_t *data, size_t size, const char *date)
{
	char *text = malloc(size + 1);
	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	char *out = dn_dict_lookup(g.dict, text, date);
	if (out)
		S_check_jsonl("dn_dict_lookup", out, strlen(out));
	free(out);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned mode = data[0];
	data++;
	size--;

	char date[11] = "2016-10-14";
	const char *pubdate = NULL;
	if (mode & 8) {
		if (size < 10)
			return 0;
		memcpy(date, data, 10);
		date[10] = '\0';
		data += 10;
		size -= 10;
		pubdate = date;
	} else if (mode & 4) {
		pubdate = date;
	}
	int with_tokens = (mode & 16) != 0;
	dn_coder *c = g.coder;
	if (mode & 64) {
		c = dn_coder_new(g.dict);
		if (!c)
			S_fail("dn_coder_new returned NULL", NULL);
	}

	switch (mode & 3) {
	case S_ROUTE_TEXT: {
		/* An exact-size copy, so reading past len is caught. */
		char *text = malloc(size ? size : 1);
		if (!text)
			break;
		memcpy(text, data, size);
		dn_doc doc = {.id = "fuzz", .text = text, .len = size,
			      .date = pubdate};
		if (mode & 32) {
			doc.title = "Fuzzed headline";
			doc.source = "fuzz";
			doc.url = "https://example.org/fuzz";
		}
		S_code(c, &doc, with_tokens);
		free(text);
		break;
	}
	case S_ROUTE_JSONL:
	case S_ROUTE_PLAIN: {
		char path[4096];
		S_write_file(path, (mode & 3) == S_ROUTE_JSONL ? ".jsonl" : ".txt",
			     data, size);
		S_read(c, path, mode & 128, pubdate, with_tokens);
		unlink(path);
		break;
	}
	default:
		S_lookup(data, size, pubdate);
		break;
	}
	if (c != g.coder)
		dn_coder_free(c);
	return 0;
}
