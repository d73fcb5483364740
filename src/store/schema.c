/*
 * schema.c — opening the database: pragmas, the schema and its migrations,
 * the prepared statements, and the helpers every store file uses.
 *
 * The schema (version 1):
 *
 *   docs        one row per document: its id (name), content hashes, the
 *               publication dates (given and used), metadata and full text
 *   sentences   the sentences that carry events: index, byte span, text
 *   places      resolved places, deduplicated on (name, province, country,
 *               resolution, lat, lon)
 *   events      one row per event record: the fields queries filter on,
 *               the date as an interval of day numbers, and the record as
 *               coded (JSON)
 *   entities    actors, recipients and attributions of each event
 *   incidents   groups of events describing one real-world incident, with
 *               their best-supported attributes (see incident.c)
 *   reports     the events of each incident and why each was merged
 *   docs_fts, sentences_fts   FTS5 indexes (external content, kept by
 *               triggers) over document and sentence text
 *
 * Deleting a document cascades to its sentences, events, entities and
 * reports (foreign keys are on). The schema version is PRAGMA
 * user_version; S_migrations[v] takes a version-v file to v+1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"

/* MARK: - Schema and migrations */

static const char S_schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE docs(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n" /* the document id */
	"  hash TEXT NOT NULL,\n"        /* content hash of the text */
	"  ehash TEXT,\n"                /* hash of pre-coded events, or NULL */
	"  date TEXT, pubdate TEXT,\n"   /* given / used publication date */
	"  title TEXT, source TEXT, url TEXT,\n"
	"  text TEXT NOT NULL,\n"
	"  nevents INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE sentences(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  doc INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL, start INTEGER, end INTEGER,\n"
	"  text TEXT NOT NULL,\n"
	"  UNIQUE(doc, idx));\n"
	"CREATE TABLE places(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  name TEXT, province TEXT, country TEXT,\n"
	"  lat REAL, lon REAL, resolution INTEGER);\n"
	"CREATE TABLE events(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  doc INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
	"  rid TEXT NOT NULL,\n" /* the record's own id */
	"  sent INTEGER REFERENCES sentences(id) ON DELETE CASCADE,\n"
	"  sentence INTEGER,\n"
	"  event TEXT NOT NULL, cameo TEXT,\n"
	"  mode TEXT NOT NULL, context TEXT NOT NULL,\n" /* ",a,b," lists */
	"  date TEXT, precision TEXT NOT NULL,\n"
	"  day0 INTEGER, day1 INTEGER,\n" /* the date as a day interval */
	"  place INTEGER REFERENCES places(id), place_text TEXT,\n"
	"  dead_min INTEGER, dead_max INTEGER,\n"
	"  injured_min INTEGER, injured_max INTEGER,\n"
	"  modality TEXT, trigger TEXT, rule TEXT,\n"
	"  record TEXT NOT NULL,\n"
	"  UNIQUE(doc, rid));\n"
	"CREATE INDEX events_window ON events(event, precision, day0);\n"
	"CREATE INDEX events_sent ON events(sent);\n"
	"CREATE INDEX events_place ON events(place);\n"
	"CREATE TABLE entities(\n"
	"  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
	"  role TEXT NOT NULL\n"
	"    CHECK(role IN ('actor', 'recipient', 'attribution')),\n"
	"  pos INTEGER NOT NULL,\n"
	"  text TEXT, country TEXT, sector TEXT, name TEXT,\n"
	"  PRIMARY KEY(event, role, pos)) WITHOUT ROWID;\n"
	"CREATE INDEX entities_country ON entities(country, sector);\n"
	"CREATE TABLE incidents(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  event TEXT NOT NULL,\n"
	"  date TEXT, precision TEXT NOT NULL, day0 INTEGER,\n"
	"  date_min TEXT, date_max TEXT,\n"
	"  place INTEGER REFERENCES places(id),\n"
	"  dead INTEGER, dead_min INTEGER, dead_max INTEGER,\n"
	"  injured INTEGER, injured_min INTEGER, injured_max INTEGER,\n"
	"  actor TEXT NOT NULL, recipient TEXT NOT NULL,\n"
	"  reports INTEGER NOT NULL, docs INTEGER NOT NULL,\n"
	"  disagreements TEXT NOT NULL);\n"
	"CREATE INDEX incidents_day ON incidents(day0);\n"
	"CREATE INDEX incidents_place ON incidents(place);\n"
	"CREATE TABLE reports(\n"
	"  incident INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,\n"
	"  event INTEGER NOT NULL UNIQUE REFERENCES events(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  why TEXT NOT NULL,\n"
	"  PRIMARY KEY(incident, seq));\n"
	"CREATE VIRTUAL TABLE docs_fts USING fts5(title, text,\n"
	"  content='docs', content_rowid='id');\n"
	"CREATE TRIGGER docs_fts_ai AFTER INSERT ON docs BEGIN\n"
	"  INSERT INTO docs_fts(rowid, title, text)\n"
	"  VALUES (new.id, new.title, new.text); END;\n"
	"CREATE TRIGGER docs_fts_ad AFTER DELETE ON docs BEGIN\n"
	"  INSERT INTO docs_fts(docs_fts, rowid, title, text)\n"
	"  VALUES ('delete', old.id, old.title, old.text); END;\n"
	"CREATE TRIGGER docs_fts_au AFTER UPDATE OF title, text ON docs BEGIN\n"
	"  INSERT INTO docs_fts(docs_fts, rowid, title, text)\n"
	"  VALUES ('delete', old.id, old.title, old.text);\n"
	"  INSERT INTO docs_fts(rowid, title, text)\n"
	"  VALUES (new.id, new.title, new.text); END;\n"
	"CREATE VIRTUAL TABLE sentences_fts USING fts5(text,\n"
	"  content='sentences', content_rowid='id');\n"
	"CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN\n"
	"  INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END;\n"
	"CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN\n"
	"  INSERT INTO sentences_fts(sentences_fts, rowid, text)\n"
	"  VALUES ('delete', old.id, old.text); END;\n";

/* S_migrations[v] upgrades a version-v database to v+1, in one
 * transaction with the new user_version. Append; never edit. */
static const char *const S_migrations[DN_STORE_SCHEMA] = {
	S_schema_v1,
};

static dn_code S_version(dn_store *s, int *version, dn_error *err)
{
	sqlite3_stmt *st;
	*version = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
		return dn_store_fail(s, err, DN_EIO, "reading the schema version");
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (*version > DN_STORE_SCHEMA)
		return dn_store_err(err, DN_EFORMAT,
				    "database schema %d is newer than this "
				    "dunlin's (%d)", *version, DN_STORE_SCHEMA);
	return DN_OK;
}

/* Brings the file to DN_STORE_SCHEMA. The version is read again under
 * the write lock, so two processes opening a new file do not both
 * create it; an up-to-date file is never locked. */
static dn_code S_migrate(dn_store *s, dn_error *err)
{
	int version;
	dn_code rc = S_version(s, &version, err);
	if (rc || version == DN_STORE_SCHEMA)
		return rc;
	if ((rc = dn_store_exec(s, "BEGIN IMMEDIATE", err)))
		return rc;
	if ((rc = S_version(s, &version, err))) {
		dn_store_exec(s, "ROLLBACK", NULL);
		return rc;
	}
	for (int v = version; v < DN_STORE_SCHEMA; v++) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((rc = dn_store_exec(s, S_migrations[v], err)) != DN_OK ||
		    (rc = dn_store_exec(s, sql, err)) != DN_OK) {
			dn_store_exec(s, "ROLLBACK", NULL);
			return rc;
		}
	}
	return dn_store_exec(s, "COMMIT", err);
}

/* MARK: - Statements */

static const char *const S_sql[DN_ST_COUNT] = {
	[DN_ST_DOC_FIND] = "SELECT id, hash, ehash FROM docs WHERE name = ?1",
	[DN_ST_DOC_DELETE] = "DELETE FROM docs WHERE id = ?1",
	[DN_ST_DOC_INSERT] =
		"INSERT INTO docs(name, hash, ehash, date, pubdate, title, "
		"source, url, text, nevents) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[DN_ST_SENT_INSERT] =
		"INSERT INTO sentences(doc, idx, start, end, text) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[DN_ST_PLACE_PUT] =
		"INSERT INTO places(key, name, province, country, lat, lon, "
		"resolution) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		"ON CONFLICT(key) DO UPDATE SET key = excluded.key "
		"RETURNING id",
	[DN_ST_EVENT_INSERT] =
		"INSERT INTO events(doc, rid, sent, sentence, event, cameo, "
		"mode, context, date, precision, day0, day1, place, "
		"place_text, dead_min, dead_max, injured_min, injured_max, "
		"modality, trigger, rule, record) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
		"?19, ?20, ?21, ?22)",
	[DN_ST_ENTITY_INSERT] =
		"INSERT INTO entities(event, role, pos, text, country, sector, "
		"name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[DN_ST_INC_DOC] = "SELECT name, source FROM docs WHERE id = ?1",
	[DN_ST_INC_EVENTS] =
		"SELECT e.id, e.rid, e.sentence, e.event, e.date, e.precision, "
		"e.day0, e.day1, e.dead_min, e.dead_max, e.injured_min, "
		"e.injured_max, e.modality, p.id, p.name, p.province, "
		"p.country, p.lat, p.lon, p.resolution "
		"FROM events e LEFT JOIN places p ON p.id = e.place "
		"WHERE e.doc = ?1 ORDER BY e.sentence, e.id",
	[DN_ST_INC_ENTITIES] =
		"SELECT n.event, n.role, n.country, n.sector FROM entities n "
		"JOIN events e ON e.id = n.event "
		"WHERE e.doc = ?1 AND n.role <> 'attribution' "
		"ORDER BY n.event, n.role, n.pos",
	[DN_ST_INC_NEAR] = /* a day, month or year interval meeting [?1, ?2];
			      * ?4 and ?5 start its month and year */
		"SELECT doc FROM events WHERE event = ?1 AND precision = 'day' "
		"AND day0 BETWEEN ?2 AND ?3 UNION "
		"SELECT doc FROM events WHERE event = ?1 AND precision = 'month' "
		"AND day0 BETWEEN ?4 AND ?3 AND day1 >= ?2 UNION "
		"SELECT doc FROM events WHERE event = ?1 AND precision = 'year' "
		"AND day0 BETWEEN ?5 AND ?3 AND day1 >= ?2",
	[DN_ST_INC_OF_EVENT] = "SELECT incident FROM reports WHERE event = ?1",
	[DN_ST_INC_OF_DOC] =
		"SELECT DISTINCT r.incident FROM reports r "
		"JOIN events e ON e.id = r.event WHERE e.doc = ?1",
	[DN_ST_INC_DOCS] =
		"SELECT DISTINCT e.doc FROM reports r "
		"JOIN events e ON e.id = r.event WHERE r.incident = ?1",
	[DN_ST_INC_DELETE] = "DELETE FROM incidents WHERE id = ?1",
	[DN_ST_INC_INSERT] =
		"INSERT INTO incidents(key, event, date, precision, day0, "
		"date_min, date_max, place, dead, dead_min, dead_max, injured, "
		"injured_min, injured_max, actor, recipient, reports, docs, "
		"disagreements) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[DN_ST_REP_INSERT] =
		"INSERT INTO reports(incident, event, seq, why) "
		"VALUES (?1, ?2, ?3, ?4)",
	[DN_ST_PLACE_GC] =
		"DELETE FROM places WHERE NOT EXISTS (SELECT 1 FROM events "
		"WHERE events.place = places.id) AND NOT EXISTS (SELECT 1 "
		"FROM incidents WHERE incidents.place = places.id)",
};

sqlite3_stmt *dn_store_stmt(dn_store *s, dn_st id, dn_error *err)
{
	sqlite3_stmt *st = s->st[id];
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(s->db, S_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
			       &st, NULL) != SQLITE_OK) {
		dn_store_fail(s, err, DN_EIO, "preparing a statement");
		return NULL;
	}
	s->st[id] = st;
	return st;
}

/* MARK: - Errors */

dn_code dn_store_err(dn_error *err, dn_code code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

dn_code dn_store_fail(dn_store *s, dn_error *err, dn_code code,
		      const char *what)
{
	int rc = s && s->db ? sqlite3_extended_errcode(s->db) : 0;
	if (rc == SQLITE_NOMEM)
		code = DN_ENOMEM;
	return dn_store_err(err, code, "%s: %s", what,
			    s && s->db ? sqlite3_errmsg(s->db) : "no database");
}

dn_code dn_store_exec(dn_store *s, const char *sql, dn_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return DN_OK;
	dn_code code = sqlite3_errcode(s->db) == SQLITE_NOMEM ? DN_ENOMEM
							     : DN_EIO;
	dn_store_err(err, code, "sqlite: %s", msg ? msg : "error");
	sqlite3_free(msg);
	return code;
}

/* MARK: - Opening and closing */

static dn_code S_pragmas(dn_store *s, const char *path, dn_error *err)
{
	dn_code rc = dn_store_exec(s,
				   "PRAGMA foreign_keys = ON;"
				   "PRAGMA synchronous = NORMAL;"
				   "PRAGMA temp_store = MEMORY;"
				   "PRAGMA cache_size = -32000;",
				   err);
	if (rc || strcmp(path, ":memory:") == 0)
		return rc;
	return dn_store_exec(s, "PRAGMA journal_mode = WAL", err);
}

dn_store *dn_store_open(const char *path, dn_error *err)
{
	dn_store *s = calloc(1, sizeof(*s));
	if (!s) {
		dn_store_err(err, DN_ENOMEM, "out of memory");
		return NULL;
	}
	dn_arena_init(&s->work.arena);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		dn_store_fail(s, err, DN_EIO, path);
		dn_store_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 1);
	if (S_pragmas(s, path, err) != DN_OK || S_migrate(s, err) != DN_OK) {
		if (err)
			snprintf(err->file, sizeof err->file, "%s", path);
		dn_store_close(s);
		return NULL;
	}
	return s;
}

void dn_store_close(dn_store *s)
{
	if (!s)
		return;
	if (s->batch)
		dn_store_rollback(s);
	for (int i = 0; i < DN_ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	dn_store_inc_reset(&s->work);
	free(s->work.docs);
	free(s->work.stale);
	free(s->work.ghosts);
	dn_arena_clear(&s->work.arena);
	free(s);
}

/* MARK: - Dates */

const char *const dn_store_precs[4] = {"day", "month", "year", "unknown"};

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil). */
int32_t dn_store_days(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void dn_store_civil(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Writes "YYYY-MM-DD" cut to the precision (years 0..9999). */
static void S_ymd(char out[11], int y, int m, int d, dn_prec p)
{
	unsigned u = (unsigned)(y < 0 ? 0 : y > 9999 ? 9999 : y);
	out[0] = (char)('0' + u / 1000);
	out[1] = (char)('0' + u / 100 % 10);
	out[2] = (char)('0' + u / 10 % 10);
	out[3] = (char)('0' + u % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = 0;
	out[p == DN_PREC_DAY ? 10 : p == DN_PREC_MONTH ? 7 : 4] = 0;
}

void dn_store_date_format(int32_t z, char out[11])
{
	int y, m, d;
	dn_store_civil(z, &y, &m, &d);
	S_ymd(out, y, m, d, DN_PREC_DAY);
}

static int S_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int S_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return days[m - 1] + (m == 2 && leap);
}

int dn_store_date_parse(const char *s, dn_prec prec, int32_t *lo, int32_t *hi,
		  dn_prec *used, char norm[11])
{
	if (!s)
		return -1;
	size_t n = strlen(s);
	int y = n >= 4 ? S_digits(s, 4) : -1, m = -1, d = -1;
	if (y < 0 || (n > 4 && s[4] != '-'))
		return -1;
	if (n >= 7 && (m = S_digits(s + 5, 2)) < 0)
		return -1;
	if (n >= 10 && (s[7] != '-' || (d = S_digits(s + 8, 2)) < 0))
		return -1;
	if (n != 4 && n != 7 && n < 10)
		return -1;
	if (m != -1 && (m < 1 || m > 12))
		return -1;
	if (d != -1 && (d < 1 || d > S_month_days(y, m)))
		return -1;
	dn_prec p = d > 0 ? DN_PREC_DAY : m > 0 ? DN_PREC_MONTH : DN_PREC_YEAR;
	if (prec != DN_PREC_UNKNOWN && prec > p)
		p = prec; /* "2014-10-01" at month precision is October */
	if (prec != DN_PREC_UNKNOWN && prec < p)
		return -1; /* day precision claimed for "2014-10" */
	switch (p) {
	case DN_PREC_DAY:
		*lo = *hi = dn_store_days(y, m, d);
		break;
	case DN_PREC_MONTH:
		*lo = dn_store_days(y, m, 1);
		*hi = dn_store_days(y, m, S_month_days(y, m));
		break;
	default:
		*lo = dn_store_days(y, 1, 1);
		*hi = dn_store_days(y, 12, 31);
		break;
	}
	S_ymd(norm, y, m, d, p);
	*used = p;
	return 0;
}

/* MARK: - PLOVER names */

const char *const dn_store_cats[DN_NCATS] = {
	"AGREE",   "CONSULT", "SUPPORT",  "CONCEDE",  "COOPERATE", "AID",
	"RETREAT", "REQUEST", "ACCUSE",   "REJECT",   "THREATEN",  "PROTEST",
	"SANCTION", "MOBILIZE", "COERCE", "ASSAULT"};

int dn_store_cat(const char *s)
{
	for (int i = 0; s && i < DN_NCATS; i++)
		if (strcmp(s, dn_store_cats[i]) == 0)
			return i;
	return -1;
}

int dn_store_is_sector(const char *s)
{
	static const char *const sectors[] = {
		"GOV", "MIL", "REB", "COP", "JUD", "LEG", "PTY", "SPY", "UAF",
		"UNK", "CVL", "REF", "MED", "JRN", "OPP", "BUS", "REL", "EDU",
		"LAB", "AGR", "CRM", "ELI", "PRE", "PRM", "SOC"};
	for (size_t i = 0; s && i < DN_ARRAY_LEN(sectors); i++)
		if (strcasecmp(s, sectors[i]) == 0)
			return 1;
	return 0;
}

int dn_store_happened(const char *modality)
{
	return !modality || strcmp(modality, "asserted") == 0 ||
	       strcmp(modality, "claimed") == 0 ||
	       strcmp(modality, "denied") == 0;
}
