/*
 * reader.c — documents from files, directories, JSON Lines and stdin.
 *
 * Inputs are expanded lazily: a directory becomes its sorted .txt/.jsonl
 * files when the reader reaches it. JSON Lines files are streamed line by
 * line, so a large corpus never sits in memory whole.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yajl/yajl_parse.h>

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
	dn_buf field[6];    /* the current JSON line's id, text, date, ... */
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
	for (size_t i = 0; i < DN_ARRAY_LEN(r->field); i++)
		dn_buf_clear(&r->field[i]);
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

/* MARK: - JSON Lines */

/* The members of a document object dunlin reads (EVENTS.md). */
enum { S_F_ID, S_F_TEXT, S_F_DATE, S_F_TITLE, S_F_SOURCE, S_F_URL, S_NFIELDS, S_F_OTHER = S_NFIELDS };
static const char *const S_field_names[S_NFIELDS] = {"id", "text", "date", "title", "source", "url"};

/* What a member held: absent, a string, null, or something else. */
enum { S_V_ABSENT, S_V_STRING, S_V_NULL, S_V_OTHER };

typedef struct S_line {
	dn_buf *field;         /* the reader's buffers, one per member */
	int kind[S_NFIELDS];   /* S_V_* */
	int depth;             /* 1 inside the top-level object */
	int member;            /* the top-level member whose value comes next */
	int toplevel;          /* the line is an object (0: an array or scalar) */
	int dup;               /* a member named twice */
} S_line;

/* A value at the top level of the object: records its kind, and keeps
 * the bytes when it is a string of a member dunlin reads. */
static int S_value(S_line *x, int kind, const unsigned char *s, size_t n)
{
	if (x->depth == 0) {
		x->toplevel = 0; /* a scalar instead of an object */
		return 0;
	}
	if (x->depth != 1 || x->member == S_F_OTHER)
		return 1;
	x->kind[x->member] = kind;
	if (kind == S_V_STRING) {
		dn_buf *b = &x->field[x->member];
		dn_buf_reset(b);
		if (dn_buf_add(b, s, n) < 0 || dn_buf_reserve(b, 0) < 0)
			return 0;
	}
	return 1;
}

static int S_on_null(void *ctx) { return S_value(ctx, S_V_NULL, NULL, 0); }
static int S_on_bool(void *ctx, int v) { (void)v; return S_value(ctx, S_V_OTHER, NULL, 0); }
static int S_on_number(void *ctx, const char *s, size_t n) { (void)s; (void)n; return S_value(ctx, S_V_OTHER, NULL, 0); }
static int S_on_string(void *ctx, const unsigned char *s, size_t n) { return S_value(ctx, S_V_STRING, s, n); }

static int S_on_open(void *ctx)
{
	S_line *x = ctx;
	if (x->depth == 1 && x->member != S_F_OTHER)
		x->kind[x->member] = S_V_OTHER;
	x->depth++;
	return 1;
}

static int S_on_map_open(void *ctx)
{
	S_line *x = ctx;
	if (x->depth == 0)
		x->toplevel = 1;
	return S_on_open(ctx);
}

static int S_on_array_open(void *ctx)
{
	S_line *x = ctx;
	if (x->depth == 0)
		return 0; /* an array instead of an object */
	return S_on_open(ctx);
}

static int S_on_close(void *ctx)
{
	((S_line *)ctx)->depth--;
	return 1;
}

static int S_on_key(void *ctx, const unsigned char *s, size_t n)
{
	S_line *x = ctx;
	if (x->depth != 1)
		return 1;
	x->member = S_F_OTHER;
	for (int i = 0; i < S_NFIELDS; i++)
		if (strlen(S_field_names[i]) == n && memcmp(S_field_names[i], s, n) == 0)
			x->member = i;
	if (x->member != S_F_OTHER && x->kind[x->member] != S_V_ABSENT) {
		x->dup = 1;
		return 0;
	}
	return 1;
}

static const yajl_callbacks S_callbacks = {
	.yajl_null = S_on_null,
	.yajl_boolean = S_on_bool,
	.yajl_number = S_on_number,
	.yajl_string = S_on_string,
	.yajl_start_map = S_on_map_open,
	.yajl_map_key = S_on_key,
	.yajl_end_map = S_on_close,
	.yajl_start_array = S_on_array_open,
	.yajl_end_array = S_on_close,
};

/* Parses one line into x. 0, or -1 with a message in msg. */
static int S_parse_line(const char *line, size_t n, S_line *x, char *msg, size_t cap)
{
	yajl_handle h = yajl_alloc(&S_callbacks, NULL, x);
	if (!h) {
		snprintf(msg, cap, "out of memory");
		return -1;
	}
	yajl_status st = yajl_parse(h, (const unsigned char *)line, n);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	int rc = 0;
	if (st != yajl_status_ok) {
		rc = -1;
		if (x->dup) {
			snprintf(msg, cap, "malformed JSON: \"%s\" given twice",
				 S_field_names[x->member]);
		} else if (!x->toplevel && x->depth == 0) {
			snprintf(msg, cap, "not a JSON object");
		} else {
			unsigned char *e = yajl_get_error(h, 0, (const unsigned char *)line, n);
			size_t k = e ? strlen((char *)e) : 0;
			while (k && (e[k - 1] == '\n' || e[k - 1] == ' ' || e[k - 1] == '.'))
				k--;
			snprintf(msg, cap, "malformed JSON: %.*s", (int)k, e ? (char *)e : "");
			if (e)
				yajl_free_error(h, e);
		}
	}
	yajl_free(h);
	return rc;
}

static const char *S_field(const dn_reader *r, const S_line *x, int f)
{
	return x->kind[f] == S_V_STRING ? r->field[f].p : NULL;
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
		S_line x = {.field = r->field, .member = S_F_OTHER};
		char msg[200];
		if (S_parse_line(r->line, n, &x, msg, sizeof msg) < 0)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline, "%s", msg);
		const char *id = S_field(r, &x, S_F_ID);
		size_t idlen = r->field[S_F_ID].len;
		if (x.kind[S_F_ID] == S_V_ABSENT)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "missing \"id\"%s", "");
		if (!id || idlen == 0)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "\"id\" must be a non-empty string%s", "");
		if (memchr(id, 0, idlen) || idlen >= sizeof r->idbuf)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "\"id\" holds a NUL or is too long%s", "");
		if (x.kind[S_F_TEXT] == S_V_ABSENT)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "document %s: missing \"text\"", id);
		if (x.kind[S_F_TEXT] != S_V_STRING)
			return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline,
				      "document %s: \"text\" must be a string", id);
		for (int f = S_F_DATE; f < S_NFIELDS; f++) {
			if (x.kind[f] == S_V_OTHER) {
				snprintf(msg, sizeof msg, "\"%s\" must be a string", S_field_names[f]);
				return S_fail(r, err, DN_EFORMAT, r->jpath, r->jline, "%s", msg);
			}
		}
		size_t before = r->ids.n;
		const char *ids = dn_strtab_str(&r->ids, dn_strtab_intern(&r->ids, id, idlen));
		if (!ids)
			return S_fail(r, err, DN_ENOMEM, r->jpath, r->jline,
				      "out of memory%s", "");
		if (r->ids.n == before)
			return S_fail(r, err, DN_EINPUT, r->jpath, r->jline,
				      "duplicate document id \"%s\" (skipped)", ids);
		memset(doc, 0, sizeof(*doc));
		doc->id = ids;
		doc->text = r->field[S_F_TEXT].p ? r->field[S_F_TEXT].p : "";
		doc->len = r->field[S_F_TEXT].len;
		doc->date = S_field(r, &x, S_F_DATE);
		doc->title = S_field(r, &x, S_F_TITLE);
		doc->source = S_field(r, &x, S_F_SOURCE);
		doc->url = S_field(r, &x, S_F_URL);
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
