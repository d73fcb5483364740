/*
 * query.c — selecting events and incidents: the filters of a dn_query
 * compiled to SQL, the rows they select, and --count-by aggregates.
 *
 * Filters on events apply to each record. On incidents, the category,
 * dates, place and toll filters apply to the incident's best attributes
 * (incident.c, rule 4); the others (actor, recipient, mode, modality,
 * text, document) hold when at least one of its reports satisfies them.
 * Dates filter on the start of the date's interval: --from 2015-10-15
 * drops an event dated "October 2015".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"

#define DN_QUERY_MAX_BINDS 256 /* values bound in one query, at most */
#define DN_QUERY_MAX_VALUES 64 /* alternatives in one filter, at most */
#define DN_QUERY_MAX_VALUES_TEXT "64"


void dn_query_init(dn_query *q)
{
	memset(q, 0, sizeof(*q));
	q->min_dead = -1;
}

dn_countby dn_countby_parse(const char *name)
{
	static const char *const names[] = {"",      "month", "week",
					    "day",   "event", "actor",
					    "dyad",  "place"};
	for (size_t i = 1; name && i < DN_ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (dn_countby)i;
	return DN_BY_NONE;
}

/* MARK: - Compiling filters */

typedef struct S_bind {
	int is_int;
	const char *s; /* in the selection's arena */
	int64_t i;
} S_bind;

typedef struct S_sel {
	dn_buf where;                     /* " AND ..." conditions */
	S_bind b[DN_QUERY_MAX_BINDS];     /* values, in order of their ? */
	int nb;
	dn_arena a;                       /* copies of filter values */
	dn_error *err;
	dn_code rc;                       /* first failure */
} S_sel;

static void S_fail(S_sel *s, dn_code rc, const char *fmt, const char *arg)
{
	if (!s->rc) {
		s->rc = rc;
		dn_store_err(s->err, rc, fmt, arg);
	}
}

static void S_text(S_sel *s, const char *v)
{
	if (s->nb == DN_QUERY_MAX_BINDS) {
		S_fail(s, DN_ELIMIT, "too many filter values (over %s)", "256");
		return;
	}
	s->b[s->nb++] = (S_bind){0, v, 0};
	dn_buf_addc(&s->where, '?');
}

static void S_int(S_sel *s, int64_t v)
{
	if (s->nb == DN_QUERY_MAX_BINDS) {
		S_fail(s, DN_ELIMIT, "too many filter values (over %s)", "256");
		return;
	}
	s->b[s->nb++] = (S_bind){1, NULL, v};
	dn_buf_addc(&s->where, '?');
}

/* Splits a comma list into trimmed, non-empty items in the arena; more
 * than max items fail with DN_ELIMIT. */
static int S_split(S_sel *s, const char *list, char **items, int max)
{
	int n = 0;
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		const char *a = p, *b = e;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a && n == max) {
			S_fail(s, DN_ELIMIT, "more than %s values in one filter",
			       DN_QUERY_MAX_VALUES_TEXT);
			return 0;
		}
		if (b > a) {
			items[n] = dn_arena_strndup(&s->a, a, (size_t)(b - a));
			if (!items[n]) {
				S_fail(s, DN_ENOMEM, "out of memory%s", "");
				return 0;
			}
			n++;
		}
		p = *e ? e + 1 : e;
	}
	return n;
}

static void S_upper(char *p)
{
	for (; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

static int S_is_code(const char *p)
{
	size_t n = strlen(p);
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)p[i]))
			return 0;
	return n >= 2 && n <= 3;
}

/* --actor / --recipient: "RUS", "SYR:REB", ":REB" or "REB". */
static void S_entity_filter(S_sel *s, const char *role, const char *list,
			    const char *opt)
{
	char *items[DN_QUERY_MAX_VALUES];
	int n = S_split(s, list, items, DN_QUERY_MAX_VALUES);
	if (!n) {
		S_fail(s, DN_EINPUT, "--%s needs a value", opt);
		return;
	}
	dn_buf_printf(&s->where, " AND EXISTS (SELECT 1 FROM entities n "
				 "WHERE n.event = e.id AND n.role = '%s' AND (",
		      role);
	for (int i = 0; i < n; i++) {
		char *cty = items[i], *sec = strchr(items[i], ':');
		S_upper(items[i]);
		if (sec)
			*sec++ = 0;
		else if (dn_store_is_sector(cty))
			sec = cty, cty = "";
		if ((*cty && !S_is_code(cty)) || (sec && !dn_store_is_sector(sec)) ||
		    (!*cty && !sec)) {
			S_fail(s, DN_EINPUT,
			       "--%s wants COUNTRY, COUNTRY:SECTOR or SECTOR",
			       opt);
			return;
		}
		dn_buf_adds(&s->where, i ? " OR (1" : "(1");
		if (*cty) {
			dn_buf_adds(&s->where, " AND n.country = ");
			S_text(s, cty);
		}
		if (sec) {
			dn_buf_adds(&s->where, " AND n.sector = ");
			S_text(s, sec);
		}
		dn_buf_addc(&s->where, ')');
	}
	dn_buf_adds(&s->where, "))");
}

/* "col IN (?, ?)" over a comma list (upper-cased when upper is set). */
static void S_in(S_sel *s, const char *col, const char *list, int upper,
		 const char *opt)
{
	char *items[DN_QUERY_MAX_VALUES];
	int n = S_split(s, list, items, DN_QUERY_MAX_VALUES);
	if (!n) {
		S_fail(s, DN_EINPUT, "--%s needs a value", opt);
		return;
	}
	dn_buf_printf(&s->where, " AND %s IN (", col);
	for (int i = 0; i < n; i++) {
		if (upper)
			S_upper(items[i]);
		if (strcmp(opt, "event") == 0 && dn_store_cat(items[i]) < 0) {
			S_fail(s, DN_EINPUT, "unknown PLOVER category '%s'",
			       items[i]);
			return;
		}
		if (i)
			dn_buf_adds(&s->where, ", ");
		S_text(s, items[i]);
	}
	dn_buf_addc(&s->where, ')');
}

static void S_modes(S_sel *s, const char *list)
{
	char *items[DN_QUERY_MAX_VALUES];
	int n = S_split(s, list, items, DN_QUERY_MAX_VALUES);
	if (!n) {
		S_fail(s, DN_EINPUT, "--%s needs a value", "mode");
		return;
	}
	dn_buf_adds(&s->where, " AND (");
	for (int i = 0; i < n; i++) {
		size_t len = strlen(items[i]);
		char *pat = dn_arena_alloc(&s->a, len + 5);
		if (!pat) {
			S_fail(s, DN_ENOMEM, "out of memory%s", "");
			return;
		}
		snprintf(pat, len + 5, "%%,%s,%%", items[i]);
		dn_buf_adds(&s->where, i ? " OR e.mode LIKE " : "e.mode LIKE ");
		S_text(s, pat);
	}
	dn_buf_addc(&s->where, ')');
}

/* --from / --to as a day number: the period's first or last day. */
static void S_date(S_sel *s, const char *col, const char *v, int to,
		   const char *opt)
{
	int32_t lo, hi;
	dn_prec used;
	char norm[11];
	if (dn_store_date_parse(v, DN_PREC_UNKNOWN, &lo, &hi, &used, norm) < 0) {
		S_fail(s, DN_EINPUT, "--%s wants YYYY, YYYY-MM or YYYY-MM-DD",
		       opt);
		return;
	}
	dn_buf_printf(&s->where, " AND %s %s ", col, to ? "<=" : ">=");
	S_int(s, to ? hi : lo);
}

/* --place: a place whose name, province or country code is the value. */
static void S_place(S_sel *s, const char *col, const char *list,
		    int with_text)
{
	char *items[DN_QUERY_MAX_VALUES];
	int n = S_split(s, list, items, DN_QUERY_MAX_VALUES);
	if (!n) {
		S_fail(s, DN_EINPUT, "--%s needs a value", "place");
		return;
	}
	dn_buf_printf(&s->where, " AND (%s IN (SELECT id FROM places WHERE ",
		      col);
	for (int i = 0; i < n; i++) {
		dn_buf_adds(&s->where, i ? " OR name = " : "name = ");
		S_text(s, items[i]);
		dn_buf_adds(&s->where, " COLLATE NOCASE OR province = ");
		S_text(s, items[i]);
		dn_buf_adds(&s->where, " COLLATE NOCASE OR country = ");
		S_text(s, items[i]);
		dn_buf_adds(&s->where, " COLLATE NOCASE");
	}
	dn_buf_addc(&s->where, ')');
	for (int i = 0; with_text && i < n; i++) {
		dn_buf_adds(&s->where, " OR e.place_text = ");
		S_text(s, items[i]);
		dn_buf_adds(&s->where, " COLLATE NOCASE");
	}
	dn_buf_addc(&s->where, ')');
}

/* The conditions every record is held to; with report set, only those
 * that apply to an incident's reports. */
/* The filters events and incidents share, on table alias t ("e" or "i"):
 * event, from/to, place (with_text: also the place's text) and the dead
 * column. */
static void S_common_conds(S_sel *s, const dn_query *q, const char *t,
			   const char *dead, int with_text)
{
	char col[32];
	if (q->event) {
		snprintf(col, sizeof col, "%s.event", t);
		S_in(s, col, q->event, 1, "event");
	}
	snprintf(col, sizeof col, "%s.day0", t);
	if (q->from)
		S_date(s, col, q->from, 0, "from");
	if (q->to)
		S_date(s, col, q->to, 1, "to");
	if (q->place) {
		snprintf(col, sizeof col, "%s.place", t);
		S_place(s, col, q->place, with_text);
	}
	if (q->min_dead >= 0) {
		dn_buf_printf(&s->where, " AND %s.%s >= ", t, dead);
		S_int(s, q->min_dead);
	}
}

static void S_event_conds(S_sel *s, const dn_query *q, int report)
{
	if (q->actor)
		S_entity_filter(s, "actor", q->actor, "actor");
	if (q->recipient)
		S_entity_filter(s, "recipient", q->recipient, "recipient");
	if (q->mode)
		S_modes(s, q->mode);
	if (q->modality)
		S_in(s, "e.modality", q->modality, 0, "modality");
	if (q->text) {
		dn_buf_adds(&s->where, " AND e.sent IN (SELECT rowid FROM "
				       "sentences_fts WHERE sentences_fts MATCH ");
		S_text(s, q->text);
		dn_buf_addc(&s->where, ')');
	}
	if (q->doc_text) {
		dn_buf_adds(&s->where, " AND e.doc IN (SELECT rowid FROM "
				       "docs_fts WHERE docs_fts MATCH ");
		S_text(s, q->doc_text);
		dn_buf_addc(&s->where, ')');
	}
	if (q->doc) {
		dn_buf_adds(&s->where, " AND e.doc IN (SELECT id FROM docs "
				       "WHERE 1");
		S_in(s, "name", q->doc, 0, "doc");
		dn_buf_addc(&s->where, ')');
	}
	if (report)
		return;
	S_common_conds(s, q, "e", "dead_min", 1);
}

static void S_incident_conds(S_sel *s, const dn_query *q)
{
	S_common_conds(s, q, "i", "dead", 0);
	if (q->actor || q->recipient || q->mode || q->modality || q->text ||
	    q->doc_text || q->doc) {
		dn_buf_adds(&s->where, " AND EXISTS (SELECT 1 FROM reports r "
				       "JOIN events e ON e.id = r.event "
				       "WHERE r.incident = i.id");
		S_event_conds(s, q, 1);
		dn_buf_addc(&s->where, ')');
	}
}

static void S_sel_init(S_sel *s, dn_error *err)
{
	memset(s, 0, sizeof(*s));
	dn_buf_init(&s->where);
	dn_buf_adds(&s->where, "");
	dn_arena_init(&s->a);
	s->err = err;
}

static void S_sel_clear(S_sel *s)
{
	dn_buf_clear(&s->where);
	dn_arena_clear(&s->a);
}

/* Prepares head + conditions + tail and binds the values. */
static dn_code S_prepare(dn_store *st, S_sel *s, const char *head,
			 const char *tail, long limit, sqlite3_stmt **out)
{
	*out = NULL;
	if (s->rc)
		return s->rc;
	dn_buf sql;
	dn_buf_init(&sql);
	dn_buf_printf(&sql, "%s%s%s", head, s->where.p, tail);
	if (limit > 0)
		dn_buf_printf(&sql, " LIMIT %ld", limit);
	if (sql.oom || s->where.oom) {
		dn_buf_clear(&sql);
		return dn_store_err(s->err, DN_ENOMEM, "out of memory");
	}
	int rc = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, out, NULL);
	dn_buf_clear(&sql);
	if (rc != SQLITE_OK)
		return dn_store_fail(st, s->err, DN_EIO, "preparing a query");
	for (int i = 0; i < s->nb; i++) {
		if (s->b[i].is_int)
			sqlite3_bind_int64(*out, i + 1, s->b[i].i);
		else
			sqlite3_bind_text(*out, i + 1, s->b[i].s, -1,
					  SQLITE_STATIC);
	}
	return DN_OK;
}

/* A failed step: an FTS5 syntax error is the user's. */
static dn_code S_step_fail(dn_store *st, dn_error *err)
{
	const char *msg = sqlite3_errmsg(st->db);
	int user = strstr(msg, "fts5") != NULL ||
		   strstr(msg, "syntax error") != NULL;
	return dn_store_fail(st, err, user ? DN_EINPUT : DN_EIO,
			     user ? "bad --text query" : "running a query");
}

/* MARK: - Events */

static const char *S_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static long S_long(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1
		       : (long)sqlite3_column_int64(st, i);
}

static const char S_events_sql[] =
	"SELECT e.id, e.rid, d.name, e.sentence, e.date, e.precision, "
	"e.event, e.cameo, e.mode, e.context, e.dead_min, e.dead_max, "
	"e.injured_min, e.injured_max, e.modality, e.trigger, e.rule, "
	"e.record, p.name, p.province, p.country, p.lat, p.lon, "
	"p.resolution, e.place_text, i.key, d.source, d.url, s.text "
	"FROM events e JOIN docs d ON d.id = e.doc "
	"LEFT JOIN places p ON p.id = e.place "
	"LEFT JOIN reports r ON r.event = e.id "
	"LEFT JOIN incidents i ON i.id = r.incident "
	"LEFT JOIN sentences s ON s.id = e.sent WHERE 1";

static const char S_events_order[] =
	" ORDER BY e.day0 IS NULL, e.day0, d.name, e.sentence, e.id";

static const char *S_copy(dn_arena *a, sqlite3_stmt *st, int i)
{
	const char *s = S_col(st, i);
	return s ? dn_arena_strndup(a, s, (size_t)sqlite3_column_bytes(st, i))
		 : NULL;
}

/* Loads the entities of event id into *v (strings in the arena). */
static int S_entities(sqlite3_stmt *st, int64_t id, dn_arena *a, dn_ent **v,
		      int *cap, int *n)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == *cap) {
			int c = *cap ? *cap * 2 : 8;
			dn_ent *w = realloc(*v, (size_t)c * sizeof(*w));
			if (!w)
				return -1;
			*v = w;
			*cap = c;
		}
		(*v)[(*n)++] = (dn_ent){S_copy(a, st, 0), S_copy(a, st, 1),
					S_copy(a, st, 2), S_copy(a, st, 3),
					S_copy(a, st, 4)};
		if (!(*v)[*n - 1].role)
			return -1;
	}
	return 0;
}

static void S_row_event(sqlite3_stmt *st, dn_ev *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->rid = S_col(st, 1);
	e->doc = S_col(st, 2);
	e->sentence = (int)S_long(st, 3);
	e->date = S_col(st, 4);
	e->precision = S_col(st, 5);
	e->event = S_col(st, 6);
	e->cameo = S_col(st, 7);
	e->mode = S_col(st, 8);
	e->context = S_col(st, 9);
	e->dead_min = S_long(st, 10);
	e->dead_max = S_long(st, 11);
	e->inj_min = S_long(st, 12);
	e->inj_max = S_long(st, 13);
	e->modality = S_col(st, 14);
	e->trigger = S_col(st, 15);
	e->rule = S_col(st, 16);
	e->record = S_col(st, 17);
	e->place = S_col(st, 18);
	e->province = S_col(st, 19);
	e->country = S_col(st, 20);
	e->has_ll = sqlite3_column_type(st, 21) != SQLITE_NULL &&
		    sqlite3_column_type(st, 22) != SQLITE_NULL;
	e->lat = sqlite3_column_double(st, 21);
	e->lon = sqlite3_column_double(st, 22);
	e->resolution = (int)S_long(st, 23);
	e->place_text = S_col(st, 24);
	e->incident = S_col(st, 25);
	e->source = S_col(st, 26);
	e->url = S_col(st, 27);
	e->text = S_col(st, 28);
}

dn_code dn_store_select_events(dn_store *s, const dn_query *q, dn_ev_fn fn,
			 void *ctx, dn_error *err)
{
	S_sel sel;
	S_sel_init(&sel, err);
	S_event_conds(&sel, q, 0);
	sqlite3_stmt *st = NULL, *ents = NULL;
	dn_code rc = S_prepare(s, &sel, S_events_sql, S_events_order,
			       q->limit, &st);
	if (!rc && sqlite3_prepare_v2(s->db,
				      "SELECT role, text, country, sector, "
				      "name FROM entities WHERE event = ?1 "
				      "ORDER BY role, pos",
				      -1, &ents, NULL) != SQLITE_OK)
		rc = dn_store_fail(s, err, DN_EIO, "preparing a query");
	dn_ent *v = NULL;
	int cap = 0, r = SQLITE_DONE;
	dn_arena a;
	dn_arena_init(&a);
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		dn_ev e;
		S_row_event(st, &e);
		dn_arena_reset(&a);
		if (S_entities(ents, e.id, &a, &v, &cap, &e.nents) < 0) {
			rc = dn_store_err(err, DN_ENOMEM, "out of memory");
			break;
		}
		e.ents = v;
		if (fn(ctx, &e))
			break;
	}
	if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
		rc = S_step_fail(s, err);
	free(v);
	dn_arena_clear(&a);
	sqlite3_finalize(ents);
	sqlite3_finalize(st);
	S_sel_clear(&sel);
	return rc;
}

/* MARK: - Incidents */

static const char S_incidents_sql[] =
	"SELECT i.id, i.key, i.event, i.date, i.precision, i.date_min, "
	"i.date_max, i.dead, i.dead_min, i.dead_max, i.injured, "
	"i.injured_min, i.injured_max, i.actor, i.recipient, i.reports, "
	"i.docs, i.disagreements, p.name, p.province, p.country, p.lat, "
	"p.lon, p.resolution, (SELECT group_concat(src, ';') FROM (SELECT "
	"DISTINCT d.source AS src FROM reports r2 JOIN events e2 ON e2.id = "
	"r2.event JOIN docs d ON d.id = e2.doc WHERE r2.incident = i.id AND "
	"d.source IS NOT NULL ORDER BY src)) "
	"FROM incidents i LEFT JOIN places p ON p.id = i.place WHERE 1";

static const char S_incidents_order[] =
	" ORDER BY i.day0 IS NULL, i.day0, i.key";

static void S_row_incident(sqlite3_stmt *st, dn_incrow *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->key = S_col(st, 1);
	r->event = S_col(st, 2);
	r->date = S_col(st, 3);
	r->precision = S_col(st, 4);
	r->date_min = S_col(st, 5);
	r->date_max = S_col(st, 6);
	r->dead = S_long(st, 7);
	r->dead_min = S_long(st, 8);
	r->dead_max = S_long(st, 9);
	r->inj = S_long(st, 10);
	r->inj_min = S_long(st, 11);
	r->inj_max = S_long(st, 12);
	r->actor = S_col(st, 13);
	r->recipient = S_col(st, 14);
	r->reports = sqlite3_column_int(st, 15);
	r->docs = sqlite3_column_int(st, 16);
	r->disagreements = S_col(st, 17);
	r->place = S_col(st, 18);
	r->province = S_col(st, 19);
	r->country = S_col(st, 20);
	r->has_ll = sqlite3_column_type(st, 21) != SQLITE_NULL &&
		    sqlite3_column_type(st, 22) != SQLITE_NULL;
	r->lat = sqlite3_column_double(st, 21);
	r->lon = sqlite3_column_double(st, 22);
	r->resolution = (int)S_long(st, 23);
	r->sources = S_col(st, 24);
}

/* Runs the incident selection with extra text before the ordering. */
static dn_code S_incidents(dn_store *s, const dn_query *q, const char *key,
			   dn_inc_fn fn, void *ctx, dn_error *err)
{
	S_sel sel;
	S_sel_init(&sel, err);
	S_incident_conds(&sel, q);
	if (key) {
		dn_buf_adds(&sel.where, " AND (i.key = ");
		S_text(&sel, key);
		dn_buf_adds(&sel.where, " OR i.id IN (SELECT r.incident FROM "
					"reports r JOIN events e ON e.id = "
					"r.event WHERE e.rid = ");
		S_text(&sel, key);
		dn_buf_adds(&sel.where, "))");
	}
	sqlite3_stmt *st = NULL;
	dn_code rc = S_prepare(s, &sel, S_incidents_sql, S_incidents_order,
			       q->limit, &st);
	int r = SQLITE_DONE;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		dn_incrow row;
		S_row_incident(st, &row);
		if (fn(ctx, &row))
			break;
	}
	if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
		rc = S_step_fail(s, err);
	sqlite3_finalize(st);
	S_sel_clear(&sel);
	return rc;
}

dn_code dn_store_select_incidents(dn_store *s, const dn_query *q, dn_inc_fn fn,
			    void *ctx, dn_error *err)
{
	return S_incidents(s, q, NULL, fn, ctx, err);
}

dn_code dn_store_select_incident_key(dn_store *s, const char *key, dn_inc_fn fn,
			       void *ctx, dn_error *err)
{
	dn_query q;
	dn_query_init(&q);
	return S_incidents(s, &q, key, fn, ctx, err);
}

/* MARK: - Counting */

typedef struct S_counter {
	dn_count *v;
	size_t n, cap;
	dn_countby by;
	int oom;
	dn_buf lab;        /* scratch */
	size_t first;      /* the row's labels start here in touched */
	size_t *touched;   /* labels counted for the row (each counts once) */
	size_t ntouched, captouched;
} S_counter;

/* Counts label once for the current row. */
static void S_count(S_counter *c, const char *label)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].label, label) == 0)
			break;
	for (size_t k = c->first; k < c->ntouched; k++)
		if (c->touched[k] == i)
			return;
	if (i == c->n) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 32;
			dn_count *w = realloc(c->v, cap * sizeof(*w));
			if (!w) {
				c->oom = 1;
				return;
			}
			c->v = w;
			c->cap = cap;
		}
		c->v[i].label = strdup(label);
		c->v[i].n = 0;
		if (!c->v[i].label) {
			c->oom = 1;
			return;
		}
		c->n++;
	}
	c->v[i].n++;
	if (c->ntouched == c->captouched) {
		size_t cap = c->captouched ? c->captouched * 2 : 32;
		size_t *w = realloc(c->touched, cap * sizeof(*w));
		if (!w) {
			c->oom = 1;
			return;
		}
		c->touched = w;
		c->captouched = cap;
	}
	c->touched[c->ntouched++] = i;
}

static void S_row_start(S_counter *c)
{
	c->first = c->ntouched = 0;
}

/* The time bucket of a date at a precision. */
static void S_time_label(S_counter *c, const char *date, const char *prec)
{
	int day = prec && strcmp(prec, "day") == 0;
	int month = day || (prec && strcmp(prec, "month") == 0);
	if (!date || (c->by == DN_BY_MONTH ? !month : !day)) {
		S_count(c, "unknown");
		return;
	}
	char out[11];
	if (c->by == DN_BY_MONTH) {
		snprintf(out, sizeof out, "%.7s", date);
	} else if (c->by == DN_BY_DAY) {
		snprintf(out, sizeof out, "%.10s", date);
	} else {
		int32_t lo, hi;
		dn_prec used;
		char norm[11];
		if (dn_store_date_parse(date, DN_PREC_DAY, &lo, &hi, &used, norm) < 0) {
			S_count(c, "unknown");
			return;
		}
		/* day 0 (1970-01-01) was a Thursday: Monday is 3 days before */
		int32_t monday = lo - (int32_t)(((lo % 7) + 7 + 3) % 7);
		dn_store_date_format(monday, out);
	}
	S_count(c, out);
}

static const char *S_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

/* Dyads from actor and recipient country lists: "A>R" for each pair;
 * with no recipient, "A=B" for each pair of parties, or "A>?" alone. */
static void S_dyads(S_counter *c, const char *const *act, int na,
		    const char *const *rec, int nr)
{
	if (nr || na < 2) {
		for (int i = 0; i < (na ? na : 1); i++)
			for (int j = 0; j < (nr ? nr : 1); j++) {
				dn_buf_reset(&c->lab);
				dn_buf_printf(&c->lab, "%s>%s",
					      na ? act[i] : "?",
					      nr ? rec[j] : "?");
				S_count(c, c->lab.p);
			}
		return;
	}
	for (int i = 0; i < na; i++)
		for (int j = i + 1; j < na; j++) {
			int lt = strcmp(act[i], act[j]) <= 0;
			dn_buf_reset(&c->lab);
			dn_buf_printf(&c->lab, "%s=%s", lt ? act[i] : act[j],
				      lt ? act[j] : act[i]);
			S_count(c, c->lab.p);
		}
}

/* Counts one event or incident under the --count-by key. */
static void S_count_row(S_counter *c, const char *date, const char *precision,
			const char *event, const char **act, int na,
			const char **rec, int nr, const char *place,
			const char *province, const char *country)
{
	switch (c->by) {
	case DN_BY_MONTH:
	case DN_BY_WEEK:
	case DN_BY_DAY:
		S_time_label(c, date, precision);
		break;
	case DN_BY_EVENT:
		S_count(c, event);
		break;
	case DN_BY_ACTOR:
		for (int i = 0; i < na; i++)
			S_count(c, act[i]);
		if (!na)
			S_count(c, "?");
		break;
	case DN_BY_DYAD:
		S_dyads(c, act, na, rec, nr);
		break;
	case DN_BY_PLACE:
		S_count(c, S_or(place, S_or(province, S_or(country, "?"))));
		break;
	default:
		break;
	}
}

static int S_count_event(void *ctx, const dn_ev *e)
{
	S_counter *c = ctx;
	S_row_start(c);
	const char *act[64], *rec[64];
	int na = 0, nr = 0;
	for (int i = 0; i < e->nents; i++) {
		const char *cty = S_or(e->ents[i].country, "?");
		if (strcmp(e->ents[i].role, "actor") == 0 && na < 64)
			act[na++] = cty;
		else if (strcmp(e->ents[i].role, "recipient") == 0 && nr < 64)
			rec[nr++] = cty;
	}
	S_count_row(c, e->date, e->precision, e->event, act, na, rec, nr,
		    e->place, e->province, e->country);
	return c->oom;
}

/* Splits "RUS:MIL;SYR" into country codes (in buf). */
static int S_countries(const char *list, char *buf, size_t size,
		       const char **out, int max)
{
	int n = 0;
	snprintf(buf, size, "%s", list ? list : "");
	for (char *p = buf; *p && n < max;) {
		char *e = strchr(p, ';');
		if (e)
			*e = 0;
		char *colon = strchr(p, ':');
		if (colon)
			*colon = 0;
		out[n++] = p;
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

static int S_count_incident(void *ctx, const dn_incrow *r)
{
	S_counter *c = ctx;
	S_row_start(c);
	char abuf[1024], rbuf[1024];
	const char *act[64], *rec[64];
	int na = S_countries(r->actor, abuf, sizeof abuf, act, 64);
	int nr = S_countries(r->recipient, rbuf, sizeof rbuf, rec, 64);
	S_count_row(c, r->date, r->precision, r->event, act, na, rec, nr,
		    r->place, r->province, r->country);
	return c->oom;
}

static int S_by_time(dn_countby by)
{
	return by == DN_BY_MONTH || by == DN_BY_WEEK || by == DN_BY_DAY;
}

static int S_label_cmp(const void *p, const void *q)
{
	const dn_count *a = p, *b = q;
	int ua = strcmp(a->label, "unknown") == 0;
	int ub = strcmp(b->label, "unknown") == 0;
	if (ua != ub)
		return ua - ub;
	return strcmp(a->label, b->label);
}

static int S_count_cmp(const void *p, const void *q)
{
	const dn_count *a = p, *b = q;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->label, b->label);
}

dn_code dn_store_select_counts(dn_store *s, const dn_query *q, dn_count **out,
			 size_t *n, dn_error *err)
{
	S_counter c;
	memset(&c, 0, sizeof(c));
	c.by = q->count_by;
	dn_buf_init(&c.lab);
	dn_query all = *q;
	all.limit = 0;
	dn_code rc = q->incidents
			     ? dn_store_select_incidents(s, &all, S_count_incident, &c,
						   err)
			     : dn_store_select_events(s, &all, S_count_event, &c, err);
	if (!rc && c.oom)
		rc = dn_store_err(err, DN_ENOMEM, "out of memory");
	free(c.touched);
	dn_buf_clear(&c.lab);
	if (rc) {
		dn_store_counts_free(c.v, c.n);
		return rc;
	}
	qsort(c.v, c.n, sizeof(*c.v), S_by_time(c.by) ? S_label_cmp
						       : S_count_cmp);
	if (q->limit > 0 && c.n > (size_t)q->limit) {
		for (size_t i = (size_t)q->limit; i < c.n; i++)
			free(c.v[i].label);
		c.n = (size_t)q->limit;
	}
	*out = c.v;
	*n = c.n;
	return DN_OK;
}

void dn_store_counts_free(dn_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].label);
	free(v);
}
