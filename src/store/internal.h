/*
 * internal.h — what the store's own files share: the handle, the prepared
 * statements, the pending incident work of a transaction, and small
 * helpers (errors, dates, PLOVER names). Not used outside src/store.
 */
#ifndef DN_STORE_INTERNAL_H
#define DN_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* MARK: - Prepared statements
 * Every statement the store runs more than once, by id; the SQL text is
 * the table S_sql in schema.c. Prepared on first use, kept on the handle. */
typedef enum dn_st {
	DN_ST_DOC_FIND,      /* id, hash, ehash of a document name */
	DN_ST_DOC_DELETE,    /* a document and (by cascade) its rows */
	DN_ST_DOC_INSERT,    /* a document */
	DN_ST_SENT_INSERT,   /* a sentence */
	DN_ST_PLACE_PUT,     /* a place (deduplicated), returns its id */
	DN_ST_EVENT_INSERT,  /* an event */
	DN_ST_ENTITY_INSERT, /* an entity of an event */
	DN_ST_INC_DOC,       /* name and source of a document rowid */
	DN_ST_INC_EVENTS,    /* the events of a document, for clustering */
	DN_ST_INC_ENTITIES,  /* their entities */
	DN_ST_INC_NEAR,      /* documents with events in a date window */
	DN_ST_INC_OF_EVENT,  /* the incident of an event */
	DN_ST_INC_OF_DOC,    /* incidents holding a document's events */
	DN_ST_INC_DOCS,      /* documents with reports in an incident */
	DN_ST_INC_DELETE,    /* an incident and its reports */
	DN_ST_INC_INSERT,    /* an incident */
	DN_ST_REP_INSERT,    /* a report of an incident */
	DN_ST_PLACE_GC,      /* places no event or incident uses */
	DN_ST_COUNT
} dn_st;

/* MARK: - Pending incident work
 * What a transaction changed, so that the commit can recompute exactly the
 * incidents it touched (see incident.c). */
typedef struct dn_incwork {
	int64_t *docs;      /* rowids of documents to recluster from */
	size_t ndocs, capdocs;
	int64_t *stale;     /* incident rowids to drop before reclustering */
	size_t nstale, capstale;
	void *ghosts;       /* replaced documents as they were (incident.c) */
	size_t nghosts, capghosts;
	int replaced;       /* a document was replaced (places may be unused) */
	dn_arena arena;     /* memory of the ghosts */
} dn_incwork;

struct dn_store {
	sqlite3 *db;                     /* the connection */
	sqlite3_stmt *st[DN_ST_COUNT];   /* prepared statements, by dn_st */
	int batch;                       /* a batch transaction is open */
	dn_incwork work;                 /* incidents to recompute on commit */
};

/* Returns statement id, reset and unbound; NULL with err filled on failure. */
sqlite3_stmt *dn_store_stmt(dn_store *s, dn_st id, dn_error *err);

/* Fills err from the connection's last error; returns code. */
dn_code dn_store_fail(dn_store *s, dn_error *err, dn_code code,
		      const char *what);

/* Fills err with a message; returns code. */
dn_code dn_store_err(dn_error *err, dn_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Runs one statement with no rows; DN_OK or DN_EIO with err filled. */
dn_code dn_store_exec(dn_store *s, const char *sql, dn_error *err);

/* MARK: - Incidents (incident.c) */

/* Before document rowid doc is replaced: remembers its incidents and the
 * documents they share, and the document as it was. */
dn_code dn_store_inc_note_replace(dn_store *s, int64_t doc, dn_error *err);
/* After document rowid doc was stored. */
dn_code dn_store_inc_note_new(dn_store *s, int64_t doc, dn_error *err);
/* Recomputes every incident the pending work touches; clears the work. */
dn_code dn_store_inc_recompute(dn_store *s, dn_error *err);
/* Forgets the pending work (after a rollback). */
void dn_store_inc_reset(dn_incwork *w);

/* MARK: - Dates
 * Dates are kept as day numbers (days since 1970-01-01) for windows. */

typedef enum dn_prec {
	DN_PREC_DAY = 0,
	DN_PREC_MONTH,
	DN_PREC_YEAR,
	DN_PREC_UNKNOWN
} dn_prec;

extern const char *const dn_store_precs[4];

int32_t dn_store_days(int y, int m, int d);
void dn_store_civil(int32_t z, int *y, int *m, int *d);

/* Parses "YYYY[-MM[-DD]]" at precision prec (DN_PREC_UNKNOWN: as precise
 * as the text is). Fills the interval [*lo, *hi] and the precision
 * actually used, and writes the normalised text ("YYYY-MM-DD", "YYYY-MM"
 * or "YYYY") into norm[11]. Returns 0, or -1 when s is not a date. */
int dn_store_date_parse(const char *s, dn_prec prec, int32_t *lo, int32_t *hi,
		  dn_prec *used, char norm[11]);

/* Writes day z as "YYYY-MM-DD" into out[11]. */
void dn_store_date_format(int32_t z, char out[11]);

/* MARK: - PLOVER names */

#define DN_NCATS 16
extern const char *const dn_store_cats[DN_NCATS];
/* Index of a PLOVER category, -1 when unknown. */
int dn_store_cat(const char *s);

/* 1 when sector code s is one of PLOVER's. */
int dn_store_is_sector(const char *s);

/* Whether events of this modality describe something that happened (or
 * is said to have happened) and so can belong to an incident. */
int dn_store_happened(const char *modality);

/* MARK: - Selected rows (query.c)
 * The query's filters compiled to SQL, and the rows they select, handed
 * to a callback one at a time (valid during the call only). */

typedef struct dn_ent {
	const char *role;    /* "actor", "recipient" or "attribution" */
	const char *text, *country, *sector, *name; /* or NULL */
} dn_ent;

typedef struct dn_ev {
	int64_t id;                 /* events rowid */
	const char *rid, *doc;      /* record id, document id */
	int sentence;               /* -1 unknown */
	const char *date;           /* normalised ("2015-10", ...) or NULL */
	const char *precision;      /* "day" .. "unknown" */
	const char *event, *cameo, *mode, *context; /* lists are ",a,b," */
	long dead_min, dead_max;    /* -1 none */
	long inj_min, inj_max;      /* -1 none */
	const char *modality, *trigger, *rule;
	const char *record;         /* the record as coded */
	const char *place, *province, *country, *place_text; /* or NULL */
	double lat, lon;
	int has_ll, resolution;
	const char *incident;       /* incident key, or NULL */
	const char *source, *url;   /* document metadata, or NULL */
	const char *text;           /* the sentence, or NULL */
	const dn_ent *ents;         /* actors, recipients, attributions */
	int nents;
} dn_ev;

typedef struct dn_incrow {
	int64_t id;                 /* incidents rowid */
	const char *key, *event, *date, *precision, *date_min, *date_max;
	long dead, dead_min, dead_max, inj, inj_min, inj_max; /* -1 none */
	const char *actor, *recipient; /* "RUS:MIL;SYR" */
	int reports, docs;
	const char *disagreements;  /* JSON array */
	const char *place, *province, *country; /* or NULL */
	double lat, lon;
	int has_ll, resolution;
	const char *sources;        /* distinct outlets, "AFP;Reuters" */
} dn_incrow;

typedef int (*dn_ev_fn)(void *ctx, const dn_ev *ev);
typedef int (*dn_inc_fn)(void *ctx, const dn_incrow *inc);

/* Calls fn for each event (or incident) q selects, in date order; stops
 * when fn returns nonzero. q->limit applies. */
dn_code dn_store_select_events(dn_store *s, const dn_query *q, dn_ev_fn fn,
			 void *ctx, dn_error *err);
dn_code dn_store_select_incidents(dn_store *s, const dn_query *q, dn_inc_fn fn,
			    void *ctx, dn_error *err);

/* The incident with this key, or the one holding the record with this
 * id (at most one row). */
dn_code dn_store_select_incident_key(dn_store *s, const char *key, dn_inc_fn fn,
			       void *ctx, dn_error *err);

/* One row of a --count-by aggregate. */
typedef struct dn_count {
	char *label; /* malloc'd */
	long n;
} dn_count;

/* Counts the events (or incidents, with q->incidents) q selects by
 * q->count_by. Caller frees with dn_store_counts_free. */
dn_code dn_store_select_counts(dn_store *s, const dn_query *q, dn_count **out,
			 size_t *n, dn_error *err);
void dn_store_counts_free(dn_count *v, size_t n);

/* MARK: - Writers (export.c)
 * Rows out as an aligned table, CSV, TSV or JSON Lines, into a dn_buf
 * that is handed to the flush callback in chunks. */

typedef struct dn_writer {
	dn_format fmt;             /* TABLE, CSV, JSONL, PLOVER or CAMEO */
	const char *const *cols;   /* column names */
	int ncols;
	dn_buf *out;
	dn_flush_fn flush;         /* or NULL: keep everything in out */
	void *ctx;
	char **cells;              /* table: every cell, row by row */
	size_t ncells, capcells;
	int stopped;               /* the flush callback asked to stop */
} dn_writer;

void dn_store_writer_init(dn_writer *w, dn_format fmt, const char *const *cols,
		    int ncols, dn_buf *out, dn_flush_fn flush, void *ctx);
/* One row of ncols cells (NULL is empty). Returns nonzero to stop. */
int dn_store_writer_cells(dn_writer *w, const char *const *cells);
/* One JSON Lines row, or a raw line (PLOVER). Returns nonzero to stop. */
int dn_store_writer_line(dn_writer *w, const char *s, size_t n);
/* Finishes (the table is laid out here). DN_ENOMEM when out overflowed. */
dn_code dn_store_writer_end(dn_writer *w, dn_error *err);

#endif
