/*
 * reader.c — documents from files, directories, JSON Lines and stdin.
 *
 * Inputs are expanded lazily: a directory becomes its sorted .txt/.jsonl
 * files when the reader reaches it. JSON Lines files are streamed line by
 * line, so a large corpus never sits in memory whole.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/base.h"
#include "reader.h"

typedef struct S_item {
	char *path; /* file or directory; "-" for stdin */
} S_item;

struct dn_reader {
	S_item *todo;       /* stack of pending paths (last = next) */
	int ntodo, captodo;
	const char *date;   /* default publication date for plain text */
	FILE *jf;           /* open JSON Lines stream, or NULL */
	char *jpath;        /* its path (for messages) */
	long jline;         /* its current line number */
	int jstdin;         /* jf reads stdin (or a memory copy of it) */
	char *line;         /* getline buffer */
	size_t linecap;
	char *textbuf;      /* current plain-text document */
	char idbuf[1024];   /* current id */
	json_t *cur;        /* current JSON document */
	dn_strtab ids;      /* ids seen, for duplicates */
	size_t nread, nfailed;
	size_t total, done; /* input bytes: total (files) and consumed */
	char *stdin_buf;    /* stdin slurped */
};

static int S_push(dn_reader *r, const char *path)
{
	if (r->ntodo == r->captodo) {
		int cap = r->captodo ? r->captodo * 2 : 16;
		S_item *v = realloc(r->todo, (size_t)cap * sizeof(*v));
		if (!v)
			return -1;
		r->todo = v;
		r->captodo = cap;
	}
	char *p = strdup(path);
	if (!p)
		return -1;
	r->todo[r->ntodo++].path = p;
	return 0;
}

static size_t S_file_size(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return (size_t)st.st_size;
	return 0;
}

dn_reader *dn_reader_new(char *const *paths, int npaths,
			 const char *default_date)
{
	dn_reader *r = calloc(1, sizeof(*r));
	if (!r || dn_strtab_init(&r->ids) < 0) {
		free(r);
		return NULL;
	}
	r->date = default_date;
	for (int i = npaths - 1; i >= 0; i--) {
		if (S_push(r, paths[i]) < 0) {
			dn_reader_free(r);
			return NULL;
		}
		r->total += S_file_size(paths[i]);
	}
	return r;
}

static void S_close_json(dn_reader *r)
{
	if (r->jf && r->jf != stdin)
		fclose(r->jf);
	r->jf = NULL;
	free(r->jpath);
	r->jpath = NULL;
	r->jstdin = 0;
}

void dn_reader_free(dn_reader *r)
{
	if (!r)
		return;
	S_close_json(r);
	for (int i = 0; i < r->ntodo; i++)
		free(r->todo[i].path);
	free(r->todo);
	free(r->line);
	free(r->textbuf);
	free(r->stdin_buf);
	json_decref(r->cur);
	dn_strtab_clear(&r->ids);
	free(r);
}

size_t dn_reader_read(const dn_reader *r) { return r->nread; }
size_t dn_reader_failed(const dn_reader *r) { return r->nfailed; }
size_t dn_reader_total_bytes(const dn_reader *r) { return r->total; }
size_t dn_reader_bytes_done(const dn_reader *r) { return r->done; }

static int S_fail(dn_reader *r, dn_error *err, dn_code code, const char *file,
		  long line, const char *fmt, const char *arg)
{
	r->nfailed++;
	if (err) {
		memset(err, 0, sizeof(*err));
		err->code = code;
		snprintf(err->file, sizeof err->file, "%.250s", file);
		err->line = line;
		snprintf(err->msg, sizeof err->msg, fmt, arg ? arg : "");
	}
	return -1;
}

static int S_has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), m = strlen(ext);
	return n > m && strcmp(name + n - m, ext) == 0;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes the directory's entries (sorted, reversed onto the stack). */
static int S_expand_dir(dn_reader *r, const char *dir, dn_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return S_fail(r, err, DN_EIO, dir, 0, "cannot read directory: %s",
			      strerror(errno));
	char **names = NULL;
	int n = 0, cap = 0, bad = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(len);
		if (!p) {
			bad = 1;
			break;
		}
		snprintf(p, len, "%s/%s", dir, e->d_name);
		struct stat st;
		int isdir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
		if (!isdir && !S_has_ext(p, ".txt") && !S_has_ext(p, ".jsonl")) {
			free(p);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **v = realloc(names, (size_t)cap * sizeof(*v));
			if (!v) {
				free(p);
				bad = 1;
				break;
			}
			names = v;
		}
		names[n++] = p;
		r->total += S_file_size(p);
	}
	closedir(d);
	if (n)
		qsort(names, (size_t)n, sizeof(*names), S_cmp);
	for (int i = n - 1; i >= 0; i--) {
		if (!bad && S_push(r, names[i]) < 0)
			bad = 1;
		free(names[i]);
	}
	free(names);
	if (bad)
		return S_fail(r, err, DN_ENOMEM, dir, 0, "out of memory%s", "");
	return 0;
}

/* Sets the id from a path: the file name without its extension. */
static void S_id_from_path(dn_reader *r, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(r->idbuf, sizeof r->idbuf, "%s", base);
	char *dot = strrchr(r->idbuf, '.');
	if (dot && dot != r->idbuf)
		*dot = 0;
}

static const char *S_jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads the next line of the open JSON Lines stream into a document. */
static int S_next_json(dn_reader *r, dn_doc *doc, dn_error *err)
{
	for (;;) {
		ssize_t len = getline(&r->line, &r->linecap, r->jf);
		if (len < 0) {
			int bad = ferror(r->jf);
			char path[512];
			snprintf(path, sizeof path, "%s", r->jpath);
			S_close_json(r);
			if (bad)
				return S_fail(r, err, DN_EIO, path, 0, "read error%s", "");
			return 0;
		}
		r->jline++;
		r->done += (size_t)len;
		size_t n = (size_t)len;
		while (n && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
			n--;
		size_t k = 0;
		while (k < n && (r->line[k] == ' ' || r->line[k] == '\t'))
			k++;
		if (k == n)
			continue; /* blank line */
		json_error_t je;
		json_decref(r->cur);
		r->cur = json_loadb(r->line, n, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
		if (!r->cur)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "malformed JSON: %s", je.text);
		if (!json_is_object(r->cur))
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "not a JSON object%s", "");
		json_t *id = json_object_get(r->cur, "id");
		json_t *text = json_object_get(r->cur, "text");
		if (!id)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "missing \"id\"%s", "");
		if (!json_is_string(id) || json_string_length(id) == 0)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "\"id\" must be a non-empty string%s", "");
		if (memchr(json_string_value(id), 0, json_string_length(id)) ||
		    json_string_length(id) >= sizeof r->idbuf)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "\"id\" holds a NUL or is too long%s", "");
		if (!text)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "document %s: missing \"text\"",
				      json_string_value(id));
		if (!json_is_string(text))
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "document %s: \"text\" must be a string",
				      json_string_value(id));
		static const char *opt[] = {"date", "title", "source", "url"};
		for (size_t i = 0; i < DN_ARRAY_LEN(opt); i++) {
			json_t *v = json_object_get(r->cur, opt[i]);
			if (v && !json_is_string(v) && !json_is_null(v)) {
				char msg[64];
				snprintf(msg, sizeof msg, "\"%s\" must be a string", opt[i]);
				return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
					      "%s", msg);
			}
		}
		const char *ids = json_string_value(id);
		size_t before = r->ids.n;
		if (!dn_strtab_intern(&r->ids, ids, strlen(ids)))
			return S_fail(r, err, DN_ENOMEM, r->jpath, r->jline,
				      "out of memory%s", "");
		if (r->ids.n == before)
			return S_fail(r, err, DN_EINPUT, r->jpath, r->jline,
				      "duplicate document id \"%s\" (skipped)", ids);
		memset(doc, 0, sizeof(*doc));
		doc->id = ids;
		doc->text = json_string_value(text);
		doc->len = json_string_length(text);
		doc->date = S_jstr(r->cur, "date");
		doc->title = S_jstr(r->cur, "title");
		doc->source = S_jstr(r->cur, "source");
		doc->url = S_jstr(r->cur, "url");
		r->nread++;
		return 1;
	}
}

static int S_open_json(dn_reader *r, const char *path, FILE *f)
{
	r->jf = f;
	r->jpath = strdup(path);
	r->jline = 0;
	return r->jpath ? 0 : -1;
}

/* A plain-text document held in r->textbuf. */
static int S_text_doc(dn_reader *r, const char *path, char *buf, size_t len,
		      dn_doc *doc, dn_error *err)
{
	free(r->textbuf);
	r->textbuf = buf;
	S_id_from_path(r, path);
	size_t before = r->ids.n;
	if (!dn_strtab_intern(&r->ids, r->idbuf, strlen(r->idbuf)))
		return S_fail(r, err, DN_ENOMEM, path, 0, "out of memory%s", "");
	if (r->ids.n == before)
		return S_fail(r, err, DN_EINPUT, path, 0,
			      "duplicate document id \"%s\" (skipped)", r->idbuf);
	memset(doc, 0, sizeof(*doc));
	doc->id = r->idbuf;
	doc->text = buf;
	doc->len = len;
	doc->date = r->date;
	r->nread++;
	return 1;
}

static int S_read_stdin(dn_reader *r, dn_doc *doc, dn_error *err)
{
	char *buf;
	size_t len;
	if (dn_read_file("/dev/stdin", DN_MAX_DOC_BYTES * 4, &buf, &len) < 0)
		return S_fail(r, err, DN_EIO, "-", 0, "cannot read stdin: %s",
			      strerror(errno));
	r->done += len;
	size_t k = 0;
	while (k < len && (buf[k] == ' ' || buf[k] == '\n' || buf[k] == '\t' ||
			   buf[k] == '\r'))
		k++;
	if (k < len && buf[k] == '{') {
		free(r->stdin_buf);
		r->stdin_buf = buf;
		FILE *f = fmemopen(buf, len, "r");
		if (!f || S_open_json(r, "-", f) < 0)
			return S_fail(r, err, DN_ENOMEM, "-", 0, "out of memory%s", "");
		r->jstdin = 1;
		return S_next_json(r, doc, err);
	}
	if (len > DN_MAX_DOC_BYTES) {
		free(buf);
		return S_fail(r, err, DN_ELIMIT, "-", 0,
			      "document larger than the %s limit", "64 MiB");
	}
	return S_text_doc(r, "stdin", buf, len, doc, err);
}

int dn_reader_next(dn_reader *r, dn_doc *doc, dn_error *err)
{
	for (;;) {
		if (r->jf) {
			int rc = S_next_json(r, doc, err);
			if (rc != 0)
				return rc;
			continue;
		}
		if (r->ntodo == 0)
			return 0;
		char *path = r->todo[--r->ntodo].path;
		int rc = 0;
		struct stat st;
		if (strcmp(path, "-") == 0) {
			rc = S_read_stdin(r, doc, err);
		} else if (stat(path, &st) != 0) {
			rc = S_fail(r, err, DN_EIO, path, 0, "cannot open: %s",
				    strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = S_expand_dir(r, path, err);
		} else if (S_has_ext(path, ".jsonl") || S_has_ext(path, ".json")) {
			FILE *f = fopen(path, "rb");
			if (!f)
				rc = S_fail(r, err, DN_EIO, path, 0, "cannot open: %s",
					    strerror(errno));
			else if (S_open_json(r, path, f) < 0)
				rc = S_fail(r, err, DN_ENOMEM, path, 0, "out of memory%s", "");
		} else {
			char *buf;
			size_t len;
			if (dn_read_file(path, DN_MAX_DOC_BYTES, &buf, &len) < 0) {
				if (errno == EFBIG)
					rc = S_fail(r, err, DN_ELIMIT, path, 0,
						    "document larger than the %s limit",
						    "64 MiB");
				else
					rc = S_fail(r, err, DN_EIO, path, 0,
						    "cannot read: %s", strerror(errno));
			} else {
				r->done += len;
				rc = S_text_doc(r, path, buf, len, doc, err);
			}
		}
		free(path);
		if (rc != 0)
			return rc;
	}
}
