/*
 * store.h — the corpus database: documents, sentences, events, entities,
 * places and incidents in one SQLite file, with ingest, incident
 * clustering, query, export and statistics on top.
 *
 * A dn_store wraps one sqlite3 connection (WAL mode, foreign keys on,
 * prepared statements kept on the handle). It is not thread-safe: use one
 * handle per thread. Every function returns a dn_code and fills an
 * optional dn_error; nothing here prints or exits.
 *
 * Ingest:
 *   dn_store *s = dn_store_open("dunlin.db", &err);
 *   dn_store_begin(s, &err);                  a batch (one transaction)
 *   if (!dn_store_doc_unchanged(s, id, text, len))
 *       dn_store_put_doc(s, &doc, jsonl, n, pubdate, &err);
 *   dn_store_commit(s, &err);                 incidents are recomputed here
 *   dn_store_close(s);
 *
 * The schema and the incident rule are described in schema.c and
 * incident.c.
 */
#ifndef DN_STORE_H
#define DN_STORE_H

#include <dunlin.h>
#include <stdint.h>

#include "base/base.h"

typedef struct dn_store dn_store;

/* MARK: - Opening */

/* The schema version this build writes (PRAGMA user_version). Older files
 * are migrated on open; newer ones are refused with DN_EFORMAT. */
#define DN_STORE_SCHEMA 1

/* Opens or creates the database at path (":memory:" works, without WAL).
 * Returns NULL and fills err on failure. Caller frees with
 * dn_store_close. */
dn_store *dn_store_open(const char *path, dn_error *err);

/* Closes the handle, rolling back an open batch. NULL does nothing. */
void dn_store_close(dn_store *s);

/* MARK: - Ingest */

/* Starts a batch: later puts share one transaction until dn_store_commit.
 * Without a batch every put is its own transaction. */
dn_code dn_store_begin(dn_store *s, dn_error *err);

/* Recomputes the incidents touched by the batch and commits. On failure
 * the whole batch is rolled back. */
dn_code dn_store_commit(dn_store *s, dn_error *err);

/* Abandons the open batch (nothing of it is kept). */
void dn_store_rollback(dn_store *s);

/* 1 when document id is stored with exactly this text (same content
 * hash), so recoding it can be skipped; 0 otherwise. */
int dn_store_doc_unchanged(dn_store *s, const char *id, const char *text,
			   size_t len);

/* 1 when document id is stored with this text and these event lines (for
 * ingest of pre-coded events); 0 otherwise. */
int dn_store_events_unchanged(dn_store *s, const char *id, const char *text,
			      size_t len, const char *jsonl, size_t jlen);

/* Replaces document doc->id with doc, its sentences, events, entities and
 * places, parsed from events_jsonl (len bytes of event records, one per
 * line, as dn_coder_output gives them). pubdate_used is the publication
 * date the coder used, or NULL. All or nothing: on error (DN_EFORMAT with
 * err->line set for a malformed record) the document's previous rows are
 * kept. Strings are borrowed for the call. */
dn_code dn_store_put_doc(dn_store *s, const dn_doc *doc,
			 const char *events_jsonl, size_t len,
			 const char *pubdate_used, dn_error *err);

/* MARK: - Counts and statistics */

typedef struct dn_store_counts {
	long docs;       /* documents */
	long sentences;  /* sentences that carry events */
	long events;     /* event records */
	long entities;   /* actor, recipient and attribution entities */
	long places;     /* distinct resolved places */
	long incidents;  /* incidents */
	long reports;    /* incident reports (events in incidents) */
} dn_store_counts;

dn_code dn_store_count(dn_store *s, dn_store_counts *c, dn_error *err);

/* Writes the statistics (counts, then events and incidents by category
 * and by month) as text, or as one JSON object when json is set. */
dn_code dn_store_stats(dn_store *s, int json, dn_buf *out, dn_error *err);

/* A checksum of the database's content (not of its row ids or layout):
 * two databases holding the same documents, events and incidents have
 * the same 16 hex digits. hex receives 17 bytes. */
dn_code dn_store_checksum(dn_store *s, char hex[17], dn_error *err);

/* Checks the database: SQLite's integrity and foreign-key checks, and
 * the incident invariants (every record that happened is in exactly one
 * incident; each incident's counts match its reports). Writes one line
 * per problem to out and returns the number of problems, or -1 with err
 * filled when the checks could not run. */
long dn_store_check(dn_store *s, dn_buf *out, dn_error *err);

/* MARK: - Query */

typedef enum dn_format {
	DN_FMT_TABLE = 1, /* aligned columns for a terminal */
	DN_FMT_JSONL,     /* one JSON object per line */
	DN_FMT_CSV,       /* RFC 4180, with a header line */
	DN_FMT_PLOVER,    /* export: the event records as coded */
	DN_FMT_CAMEO      /* export: Phoenix/ICEWS-style CAMEO TSV */
} dn_format;

typedef enum dn_countby {
	DN_BY_NONE = 0,
	DN_BY_MONTH,
	DN_BY_WEEK, /* labelled by the week's Monday */
	DN_BY_DAY,
	DN_BY_EVENT,
	DN_BY_ACTOR, /* actor country */
	DN_BY_DYAD,  /* "RUS>SYR"; reciprocal parties "SYR=TUR" */
	DN_BY_PLACE
} dn_countby;

/* Filters; NULL (or -1) means "no filter". Lists are comma-separated
 * alternatives. Strings are borrowed for the call. */
typedef struct dn_query {
	const char *actor;     /* "RUS", "SYR:REB", ":MIL" or "MIL" */
	const char *recipient; /* same syntax as actor */
	const char *event;     /* PLOVER categories: "ASSAULT,COERCE" */
	const char *mode;      /* PLOVER modes: "aerial" */
	const char *from;      /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
	const char *to;        /* same; inclusive to the end of the period */
	const char *place;     /* a place name, province, or country code */
	const char *modality;  /* "asserted,claimed" */
	const char *text;      /* FTS5 query over the event's sentence */
	const char *doc_text;  /* FTS5 query over whole documents */
	const char *doc;       /* document ids */
	long min_dead;         /* at least this many dead, -1 none */
	int incidents;         /* return incidents instead of records */
	dn_countby count_by;   /* aggregate instead of listing */
	long limit;            /* at most this many rows, 0 all */
} dn_query;

void dn_query_init(dn_query *q);

/* Parses a --count-by name; DN_BY_NONE when unknown. */
dn_countby dn_countby_parse(const char *name);

/* Called by writers whenever out holds a chunk worth writing: the
 * callback consumes out (and resets it). Return nonzero to stop. */
typedef int (*dn_flush_fn)(void *ctx, dn_buf *out);

/* Runs q and writes the rows in fmt (TABLE, JSONL or CSV) to out. With
 * flush set, the output is handed over in chunks (the table is built
 * whole first). DN_EINPUT for a malformed filter (err->msg says which). */
dn_code dn_store_query(dn_store *s, const dn_query *q, dn_format fmt,
		       dn_buf *out, dn_flush_fn flush, void *ctx,
		       dn_error *err);

/* Exports the event records selected by q (q->incidents and q->count_by
 * are ignored) in fmt: PLOVER (JSON Lines as coded), CSV (every field
 * flat) or CAMEO (tab-separated, see export.c). */
dn_code dn_store_export(dn_store *s, const dn_query *q, dn_format fmt,
			dn_buf *out, dn_flush_fn flush, void *ctx,
			dn_error *err);

/* Writes incident key (or the incident that holds event record key) as
 * text: its attributes, disagreements, and each report with why it was
 * merged; or as one JSON object when json is set. DN_EINPUT when there is
 * no such incident. */
dn_code dn_store_incident(dn_store *s, const char *key, int json, dn_buf *out,
			  dn_error *err);

#endif
