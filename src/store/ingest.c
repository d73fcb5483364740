/*
 * ingest.c — storing a coded document: batches, content hashes, and the
 * replacement of a document's rows from its event records.
 *
 * A document is replaced as a whole (delete, then insert) inside a
 * savepoint, so a malformed record leaves the previous version in place
 * and a killed process leaves whatever the last commit held. Incidents
 * are recomputed once per transaction, at commit (incident.c).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* MARK: - Batches */

dn_code dn_store_begin(dn_store *s, dn_error *err)
{
	if (s->batch)
		return dn_store_err(err, DN_EINPUT, "a batch is already open");
	dn_code rc = dn_store_exec(s, "BEGIN IMMEDIATE", err);
	if (rc == DN_OK)
		s->batch = 1;
	return rc;
}

/* Recomputes incidents, drops unused places, commits. */
static dn_code S_finish(dn_store *s, dn_error *err)
{
	int replaced = s->work.replaced;
	dn_code rc = dn_store_inc_recompute(s, err);
	if (rc == DN_OK && replaced) {
		sqlite3_stmt *st = dn_store_stmt(s, DN_ST_PLACE_GC, err);
		if (!st)
			rc = err ? err->code : DN_EIO;
		else if (sqlite3_step(st) != SQLITE_DONE)
			rc = dn_store_fail(s, err, DN_EIO, "dropping places");
	}
	if (rc == DN_OK)
		rc = dn_store_exec(s, "COMMIT", err);
	if (rc != DN_OK) {
		dn_store_exec(s, "ROLLBACK", NULL);
		dn_store_inc_reset(&s->work);
	}
	return rc;
}

dn_code dn_store_commit(dn_store *s, dn_error *err)
{
	if (!s->batch)
		return dn_store_err(err, DN_EINPUT, "no batch is open");
	s->batch = 0;
	return S_finish(s, err);
}

void dn_store_rollback(dn_store *s)
{
	if (!s->batch)
		return;
	s->batch = 0;
	dn_store_exec(s, "ROLLBACK", NULL);
	dn_store_inc_reset(&s->work);
}

/* MARK: - Content hashes */

/* "LEN:HEX" of n bytes: the length guards the 64-bit hash. */
static void S_hash(const char *p, size_t n, char out[40])
{
	snprintf(out, 40, "%zu:%016llx", n,
		 (unsigned long long)dn_hash(p ? p : "", p ? n : 0));
}

/* Looks up document name; fills its rowid and hashes (NULL when absent).
 * Returns 1 found, 0 absent, -1 on error. */
static int S_find(dn_store *s, const char *name, int64_t *id, char hash[40],
		  char ehash[40], dn_error *err)
{
	sqlite3_stmt *st = dn_store_stmt(s, DN_ST_DOC_FIND, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		dn_store_fail(s, err, DN_EIO, "finding a document");
		return -1;
	}
	*id = sqlite3_column_int64(st, 0);
	const char *h = (const char *)sqlite3_column_text(st, 1);
	const char *e = (const char *)sqlite3_column_text(st, 2);
	snprintf(hash, 40, "%s", h ? h : "");
	snprintf(ehash, 40, "%s", e ? e : "");
	sqlite3_reset(st);
	return 1;
}

int dn_store_doc_unchanged(dn_store *s, const char *id, const char *text,
			   size_t len)
{
	int64_t row;
	char have[40], ehave[40], want[40];
	if (S_find(s, id, &row, have, ehave, NULL) != 1)
		return 0;
	S_hash(text, len, want);
	return strcmp(have, want) == 0;
}

int dn_store_events_unchanged(dn_store *s, const char *id, const char *text,
			      size_t len, const char *jsonl, size_t jlen)
{
	int64_t row;
	char have[40], ehave[40], want[40];
	if (S_find(s, id, &row, have, ehave, NULL) != 1)
		return 0;
	S_hash(text, len, want);
	if (strcmp(have, want) != 0)
		return 0;
	S_hash(jsonl, jlen, want);
	return strcmp(ehave, want) == 0;
}

/* MARK: - Reading records */

typedef struct S_line {
	json_t *rec;       /* the parsed record */
	const char *p;     /* its text in the caller's buffer */
	size_t n;          /* its length, without the newline */
} S_line;

/* Splits and parses the event lines; blank lines are skipped. On a bad
 * line returns DN_EFORMAT with err->line set; *out is freed then. */
static dn_code S_parse(const char *jsonl, size_t len, const char *docid,
		       S_line **out, size_t *nout, dn_error *err)
{
	S_line *v = NULL;
	size_t n = 0, cap = 0;
	long lineno = 0;
	const char *p = jsonl, *end = jsonl ? jsonl + len : NULL;
	*out = NULL;
	*nout = 0;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t ln = (size_t)(e - p);
		lineno++;
		while (ln && (p[ln - 1] == '\r' || p[ln - 1] == ' '))
			ln--;
		const char *q = p;
		p = nl ? nl + 1 : end;
		if (ln == 0)
			continue;
		json_error_t je;
		json_t *rec = json_loadb(q, ln, JSON_REJECT_DUPLICATES, &je);
		const char *why = NULL;
		if (!rec)
			why = je.text;
		else if (!json_is_object(rec))
			why = "an event record must be a JSON object";
		else if (!json_is_string(json_object_get(rec, "event")))
			why = "an event record needs an \"event\" string";
		if (!why && n == cap) {
			cap = cap ? cap * 2 : 16;
			S_line *w = realloc(v, cap * sizeof(*v));
			if (!w)
				why = "out of memory";
			else
				v = w;
		}
		if (why) {
			dn_code code = strcmp(why, "out of memory") == 0
					       ? DN_ENOMEM
					       : DN_EFORMAT;
			dn_store_err(err, code, "event record %ld: %s", lineno,
				     why);
			if (err) {
				err->line = lineno;
				snprintf(err->file, sizeof err->file, "%s",
					 docid);
			}
			json_decref(rec);
			for (size_t i = 0; i < n; i++)
				json_decref(v[i].rec);
			free(v);
			return code;
		}
		v[n].rec = rec;
		v[n].p = q;
		v[n].n = ln;
		n++;
	}
	*out = v;
	*nout = n;
	return DN_OK;
}

static const char *S_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Binds a string member, or NULL. */
static void S_bind_str(sqlite3_stmt *st, int i, const json_t *o,
		       const char *key)
{
	const char *v = S_str(o, key);
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds an integer member (a number, rounded down), or NULL. */
static void S_bind_int(sqlite3_stmt *st, int i, const json_t *o,
		       const char *key)
{
	const json_t *v = o ? json_object_get(o, key) : NULL;
	if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else if (json_is_real(v))
		sqlite3_bind_int64(st, i, (sqlite3_int64)json_real_value(v));
	else
		sqlite3_bind_null(st, i);
}

/* ",a,b," from an array of strings (so that LIKE '%,a,%' finds a). */
static void S_list(const json_t *arr, dn_buf *b)
{
	dn_buf_reset(b);
	dn_buf_addc(b, ',');
	size_t i;
	const json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			continue;
		dn_buf_adds(b, json_string_value(v));
		dn_buf_addc(b, ',');
	}
}

/* MARK: - Writing rows */

typedef struct S_put {
	dn_store *s;
	const dn_doc *doc;
	int64_t docrow;     /* the new document's rowid */
	int64_t *sents;     /* sentence rowid by index, 0 none yet */
	size_t nsents;
	dn_buf tmp;         /* scratch for lists and keys */
	dn_buf tmp2;
} S_put;

/* The rowid of sentence idx of the document, inserting it first. */
static dn_code S_sentence(S_put *w, const json_t *rec, int64_t *row,
			  dn_error *err)
{
	const json_t *jv = json_object_get(rec, "sentence");
	*row = 0;
	if (!json_is_integer(jv) || json_integer_value(jv) < 0 ||
	    json_integer_value(jv) > 10000000)
		return DN_OK;
	size_t idx = (size_t)json_integer_value(jv);
	if (idx >= w->nsents) {
		size_t n = idx + 16;
		int64_t *v = realloc(w->sents, n * sizeof(*v));
		if (!v)
			return dn_store_err(err, DN_ENOMEM, "out of memory");
		memset(v + w->nsents, 0, (n - w->nsents) * sizeof(*v));
		w->sents = v;
		w->nsents = n;
	}
	if (w->sents[idx]) {
		*row = w->sents[idx];
		return DN_OK;
	}
	const json_t *span = json_object_get(rec, "span");
	json_int_t a = json_integer_value(json_array_get(span, 0));
	json_int_t b = json_integer_value(json_array_get(span, 1));
	int have_span = json_array_size(span) == 2 && a >= 0 && a <= b &&
			(size_t)b <= w->doc->len;
	sqlite3_stmt *st = dn_store_stmt(w->s, DN_ST_SENT_INSERT, err);
	if (!st)
		return err ? err->code : DN_EIO;
	sqlite3_bind_int64(st, 1, w->docrow);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)idx);
	if (have_span) {
		sqlite3_bind_int64(st, 3, a);
		sqlite3_bind_int64(st, 4, b);
		sqlite3_bind_text(st, 5, w->doc->text + a, (int)(b - a),
				  SQLITE_STATIC);
	} else {
		const char *t = S_str(rec, "text");
		sqlite3_bind_text(st, 5, t ? t : "", -1, SQLITE_STATIC);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(w->s, err, DN_EIO, "storing a sentence");
	*row = w->sents[idx] = sqlite3_last_insert_rowid(w->s->db);
	return DN_OK;
}

/* The rowid of the event's resolved place (0 when it has none). */
static dn_code S_place(S_put *w, const json_t *loc, int64_t *row,
		       dn_error *err)
{
	*row = 0;
	const char *name = S_str(loc, "name"), *prov = S_str(loc, "province");
	const char *ctry = S_str(loc, "country");
	const json_t *lat = json_object_get(loc, "lat");
	const json_t *lon = json_object_get(loc, "lon");
	const json_t *res = json_object_get(loc, "resolution");
	if (!name && !prov && !ctry)
		return DN_OK;
	dn_buf *k = &w->tmp2;
	dn_buf_reset(k);
	dn_buf_printf(k, "%s|%s|%s|%lld|", name ? name : "", prov ? prov : "",
		      ctry ? ctry : "",
		      json_is_integer(res) ? (long long)json_integer_value(res)
					   : 0LL);
	if (json_is_number(lat) && json_is_number(lon))
		dn_buf_printf(k, "%.5f|%.5f", json_number_value(lat),
			      json_number_value(lon));
	if (k->oom)
		return dn_store_err(err, DN_ENOMEM, "out of memory");
	sqlite3_stmt *st = dn_store_stmt(w->s, DN_ST_PLACE_PUT, err);
	if (!st)
		return err ? err->code : DN_EIO;
	sqlite3_bind_text(st, 1, k->p, (int)k->len, SQLITE_STATIC);
	S_bind_str(st, 2, loc, "name");
	S_bind_str(st, 3, loc, "province");
	S_bind_str(st, 4, loc, "country");
	if (json_is_number(lat) && json_is_number(lon)) {
		sqlite3_bind_double(st, 5, json_number_value(lat));
		sqlite3_bind_double(st, 6, json_number_value(lon));
	}
	if (json_is_integer(res))
		sqlite3_bind_int64(st, 7, json_integer_value(res));
	if (sqlite3_step(st) != SQLITE_ROW)
		return dn_store_fail(w->s, err, DN_EIO, "storing a place");
	*row = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return DN_OK;
}

static dn_code S_entity(S_put *w, int64_t ev, const char *role, int pos,
			const json_t *e, dn_error *err)
{
	if (!json_is_object(e))
		return DN_OK;
	sqlite3_stmt *st = dn_store_stmt(w->s, DN_ST_ENTITY_INSERT, err);
	if (!st)
		return err ? err->code : DN_EIO;
	sqlite3_bind_int64(st, 1, ev);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, pos);
	S_bind_str(st, 4, e, "text");
	S_bind_str(st, 5, e, "country");
	S_bind_str(st, 6, e, "sector");
	S_bind_str(st, 7, e, "name");
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(w->s, err, DN_EIO, "storing an entity");
	return DN_OK;
}

/* Stores a list of entities (or a single object) under role. */
static dn_code S_entities(S_put *w, int64_t ev, const char *role,
			  const json_t *v, dn_error *err)
{
	if (json_is_object(v))
		return S_entity(w, ev, role, 0, v, err);
	size_t i;
	const json_t *e;
	json_array_foreach(v, i, e) {
		dn_code rc = S_entity(w, ev, role, (int)i, e, err);
		if (rc)
			return rc;
	}
	return DN_OK;
}

static dn_prec S_prec(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, dn_store_precs[i]) == 0)
			return (dn_prec)i;
	return DN_PREC_UNKNOWN;
}

static dn_code S_event(S_put *w, const S_line *l, dn_error *err)
{
	const json_t *rec = l->rec;
	int64_t sent, place;
	dn_code rc;
	if ((rc = S_sentence(w, rec, &sent, err)) ||
	    (rc = S_place(w, json_object_get(rec, "location"), &place, err)))
		return rc;
	sqlite3_stmt *st = dn_store_stmt(w->s, DN_ST_EVENT_INSERT, err);
	if (!st)
		return err ? err->code : DN_EIO;
	const char *rid = S_str(rec, "id");
	char ridbuf[32];
	if (!rid) { /* the contract requires one; make a stable stand-in */
		snprintf(ridbuf, sizeof ridbuf, "#%016llx",
			 (unsigned long long)dn_hash(l->p, l->n));
		rid = ridbuf;
	}
	sqlite3_bind_int64(st, 1, w->docrow);
	sqlite3_bind_text(st, 2, rid, -1, SQLITE_TRANSIENT);
	if (sent)
		sqlite3_bind_int64(st, 3, sent);
	S_bind_int(st, 4, rec, "sentence");
	S_bind_str(st, 5, rec, "event");
	S_bind_str(st, 6, rec, "cameo");
	S_list(json_object_get(rec, "mode"), &w->tmp);
	sqlite3_bind_text(st, 7, w->tmp.p, (int)w->tmp.len, SQLITE_TRANSIENT);
	S_list(json_object_get(rec, "context"), &w->tmp);
	sqlite3_bind_text(st, 8, w->tmp.p, (int)w->tmp.len, SQLITE_TRANSIENT);
	int32_t lo, hi;
	dn_prec used;
	char norm[11];
	if (dn_store_date_parse(S_str(rec, "date"),
			  S_prec(S_str(rec, "date_precision")), &lo, &hi,
			  &used, norm) == 0) {
		sqlite3_bind_text(st, 9, norm, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, dn_store_precs[used], -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(st, 11, lo);
		sqlite3_bind_int(st, 12, hi);
	} else {
		sqlite3_bind_text(st, 10, "unknown", -1, SQLITE_STATIC);
	}
	const json_t *loc = json_object_get(rec, "location");
	if (place)
		sqlite3_bind_int64(st, 13, place);
	S_bind_str(st, 14, loc, "text");
	const json_t *dead = json_object_get(rec, "dead");
	const json_t *inj = json_object_get(rec, "injured");
	S_bind_int(st, 15, dead, "min");
	S_bind_int(st, 16, dead, "max");
	S_bind_int(st, 17, inj, "min");
	S_bind_int(st, 18, inj, "max");
	S_bind_str(st, 19, rec, "modality");
	S_bind_str(st, 20, json_object_get(rec, "trigger"), "text");
	S_bind_str(st, 21, rec, "rule");
	sqlite3_bind_text(st, 22, l->p, (int)l->n, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(w->s, err, sqlite3_errcode(w->s->db) ==
							SQLITE_CONSTRAINT
						? DN_EFORMAT
						: DN_EIO,
				     "storing an event");
	int64_t ev = sqlite3_last_insert_rowid(w->s->db);
	if ((rc = S_entities(w, ev, "actor", json_object_get(rec, "actor"),
			     err)) ||
	    (rc = S_entities(w, ev, "recipient",
			     json_object_get(rec, "recipient"), err)) ||
	    (rc = S_entities(w, ev, "attribution",
			     json_object_get(rec, "attribution"), err)))
		return rc;
	return DN_OK;
}

static dn_code S_doc_row(S_put *w, const char *jsonl, size_t len,
			 const char *pubdate, size_t nevents, dn_error *err)
{
	const dn_doc *d = w->doc;
	char hash[40], ehash[40];
	S_hash(d->text, d->len, hash);
	S_hash(jsonl, len, ehash);
	sqlite3_stmt *st = dn_store_stmt(w->s, DN_ST_DOC_INSERT, err);
	if (!st)
		return err ? err->code : DN_EIO;
	sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ehash, -1, SQLITE_TRANSIENT);
	if (d->date)
		sqlite3_bind_text(st, 4, d->date, -1, SQLITE_STATIC);
	if (pubdate)
		sqlite3_bind_text(st, 5, pubdate, -1, SQLITE_STATIC);
	if (d->title)
		sqlite3_bind_text(st, 6, d->title, -1, SQLITE_STATIC);
	if (d->source)
		sqlite3_bind_text(st, 7, d->source, -1, SQLITE_STATIC);
	if (d->url)
		sqlite3_bind_text(st, 8, d->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, d->text ? d->text : "", (int)d->len,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)nevents);
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(w->s, err, DN_EIO, "storing a document");
	w->docrow = sqlite3_last_insert_rowid(w->s->db);
	return DN_OK;
}

/* Deletes the stored version of the document, if any, noting its
 * incidents for recomputation. */
static dn_code S_drop_old(dn_store *s, const char *name, dn_error *err)
{
	int64_t row;
	char hash[40], ehash[40];
	int found = S_find(s, name, &row, hash, ehash, err);
	if (found <= 0)
		return found < 0 ? (err ? err->code : DN_EIO) : DN_OK;
	dn_code rc = dn_store_inc_note_replace(s, row, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = dn_store_stmt(s, DN_ST_DOC_DELETE, err);
	if (!st)
		return err ? err->code : DN_EIO;
	sqlite3_bind_int64(st, 1, row);
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(s, err, DN_EIO, "replacing a document");
	return DN_OK;
}

/* Everything of one put, inside the savepoint. */
static dn_code S_put_rows(S_put *w, const S_line *lines, size_t n,
			  const char *jsonl, size_t len, const char *pubdate,
			  dn_error *err)
{
	dn_code rc = S_drop_old(w->s, w->doc->id, err);
	if (!rc)
		rc = S_doc_row(w, jsonl, len, pubdate, n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = S_event(w, &lines[i], err);
		if (rc && err && !err->line)
			err->line = (long)i + 1;
	}
	if (!rc)
		rc = dn_store_inc_note_new(w->s, w->docrow, err);
	return rc;
}

dn_code dn_store_put_doc(dn_store *s, const dn_doc *doc,
			 const char *events_jsonl, size_t len,
			 const char *pubdate_used, dn_error *err)
{
	if (err) {
		err->line = 0;
		err->file[0] = 0;
	}
	if (!doc || !doc->id || !doc->id[0] || (!doc->text && doc->len))
		return dn_store_err(err, DN_EINPUT,
				    "a document needs an id and a text");
	if (doc->len > DN_MAX_DOC_BYTES || len > INT32_MAX)
		return dn_store_err(err, DN_ELIMIT, "document too large");
	S_line *lines;
	size_t n;
	dn_code rc = S_parse(events_jsonl, len, doc->id, &lines, &n, err);
	if (rc)
		return rc;
	S_put w = {.s = s, .doc = doc};
	dn_buf_init(&w.tmp);
	dn_buf_init(&w.tmp2);
	size_t ndocs = s->work.ndocs, nstale = s->work.nstale;
	size_t nghosts = s->work.nghosts;
	int own = !s->batch;
	rc = dn_store_exec(s, own ? "BEGIN IMMEDIATE" : "SAVEPOINT put", err);
	if (!rc) {
		rc = S_put_rows(&w, lines, n, events_jsonl, len, pubdate_used,
				err);
		if (rc && err)
			snprintf(err->file, sizeof err->file, "%s", doc->id);
		if (own)
			rc = rc ? (dn_store_exec(s, "ROLLBACK", NULL), rc)
				: S_finish(s, err);
		else if (rc)
			dn_store_exec(s, "ROLLBACK TO put; RELEASE put", NULL);
		else
			rc = dn_store_exec(s, "RELEASE put", err);
	}
	if (rc && !own) { /* forget what this document added */
		s->work.ndocs = ndocs;
		s->work.nstale = nstale;
		s->work.nghosts = nghosts;
	} else if (rc) {
		dn_store_inc_reset(&s->work);
	}
	for (size_t i = 0; i < n; i++)
		json_decref(lines[i].rec);
	free(lines);
	free(w.sents);
	dn_buf_clear(&w.tmp);
	dn_buf_clear(&w.tmp2);
	return rc;
}
