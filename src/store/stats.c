/*
 * stats.c — what the database holds: row counts, events and incidents by
 * category and by month, and a checksum of the content that ignores row
 * ids (two databases with the same documents, events and incidents have
 * the same checksum however they were built).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* MARK: - Counts */

dn_code dn_store_count(dn_store *s, dn_store_counts *c, dn_error *err)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM docs), "
		"(SELECT count(*) FROM sentences), "
		"(SELECT count(*) FROM events), "
		"(SELECT count(*) FROM entities), "
		"(SELECT count(*) FROM places), "
		"(SELECT count(*) FROM incidents), "
		"(SELECT count(*) FROM reports)";
	sqlite3_stmt *st;
	memset(c, 0, sizeof(*c));
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dn_store_fail(s, err, DN_EIO, "counting rows");
	if (sqlite3_step(st) == SQLITE_ROW) {
		long *v[] = {&c->docs,   &c->sentences, &c->events,
			     &c->entities, &c->places,  &c->incidents,
			     &c->reports};
		for (int i = 0; i < 7; i++)
			*v[i] = (long)sqlite3_column_int64(st, i);
	}
	sqlite3_finalize(st);
	return DN_OK;
}

/* MARK: - Statistics */

#define S_MONTH(t) \
	"CASE WHEN " t ".precision IN ('day', 'month') THEN substr(" t \
	".date, 1, 7) ELSE 'unknown' END"

static const char S_by_month[] =
	"SELECT k, sum(ev), sum(inc) FROM ("
	"SELECT " S_MONTH("e") " AS k, 1 AS ev, 0 AS inc FROM events e "
	"UNION ALL SELECT " S_MONTH("i") ", 0, 1 FROM incidents i) "
	"GROUP BY k ORDER BY k = 'unknown', k";

static const char S_by_cat[] =
	"SELECT k, sum(ev), sum(inc) FROM ("
	"SELECT event AS k, 1 AS ev, 0 AS inc FROM events "
	"UNION ALL SELECT event, 0, 1 FROM incidents) "
	"GROUP BY k ORDER BY sum(ev) DESC, k";

static dn_code S_groups(dn_store *s, const char *sql, const char *title,
			json_t *obj, dn_buf *out, dn_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dn_store_fail(s, err, DN_EIO, "computing statistics");
	if (!obj)
		dn_buf_printf(out, "\nby %-14s %9s %10s\n", title, "events",
			      "incidents");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		long ev = (long)sqlite3_column_int64(st, 1);
		long inc = (long)sqlite3_column_int64(st, 2);
		if (obj)
			json_object_set_new(obj, k ? k : "",
					    json_pack("{s:I,s:I}", "events",
						      (json_int_t)ev,
						      "incidents",
						      (json_int_t)inc));
		else
			dn_buf_printf(out, "  %-15s %9ld %10ld\n", k ? k : "",
				      ev, inc);
	}
	sqlite3_finalize(st);
	return DN_OK;
}

dn_code dn_store_stats(dn_store *s, int json, dn_buf *out, dn_error *err)
{
	dn_store_counts c;
	dn_code rc = dn_store_count(s, &c, err);
	if (rc)
		return rc;
	const char *names[] = {"documents", "sentences", "events", "entities",
			       "places",    "incidents", "reports"};
	long vals[] = {c.docs,   c.sentences, c.events,  c.entities,
		       c.places, c.incidents, c.reports};
	json_t *obj = json ? json_object() : NULL;
	json_t *cats = json ? json_object() : NULL;
	json_t *months = json ? json_object() : NULL;
	for (int i = 0; i < 7; i++) {
		if (obj)
			json_object_set_new(obj, names[i],
					    json_integer(vals[i]));
		else
			dn_buf_printf(out, "%-12s %ld\n", names[i], vals[i]);
	}
	rc = S_groups(s, S_by_cat, "category", cats, out, err);
	if (!rc)
		rc = S_groups(s, S_by_month, "month", months, out, err);
	if (obj) {
		json_object_set_new(obj, "by_category", cats);
		json_object_set_new(obj, "by_month", months);
		char *t = json_dumps(obj, JSON_COMPACT);
		json_decref(obj);
		if (t) {
			dn_buf_adds(out, t);
			dn_buf_addc(out, '\n');
		} else {
			out->oom = 1;
		}
		free(t);
	}
	if (!rc && out->oom)
		rc = dn_store_err(err, DN_ENOMEM, "out of memory");
	return rc;
}

/* MARK: - Checksum */

/* The content, in an order that does not depend on row ids. */
static const char *const S_content[] = {
	"SELECT name, hash, ehash, date, pubdate, title, source, url, "
	"nevents FROM docs ORDER BY name",
	"SELECT d.name, s.idx, s.start, s.end, s.text FROM sentences s "
	"JOIN docs d ON d.id = s.doc ORDER BY d.name, s.idx",
	"SELECT key, name, province, country, lat, lon, resolution "
	"FROM places ORDER BY key",
	"SELECT d.name, e.rid, e.record, p.key FROM events e "
	"JOIN docs d ON d.id = e.doc LEFT JOIN places p ON p.id = e.place "
	"ORDER BY d.name, e.rid",
	"SELECT d.name, e.rid, n.role, n.pos, n.text, n.country, n.sector, "
	"n.name FROM entities n JOIN events e ON e.id = n.event "
	"JOIN docs d ON d.id = e.doc ORDER BY d.name, e.rid, n.role, n.pos",
	"SELECT i.key, i.event, i.date, i.precision, i.date_min, i.date_max, "
	"p.key, i.dead, i.dead_min, i.dead_max, i.injured, i.injured_min, "
	"i.injured_max, i.actor, i.recipient, i.reports, i.docs, "
	"i.disagreements FROM incidents i LEFT JOIN places p "
	"ON p.id = i.place ORDER BY i.key",
	"SELECT i.key, r.seq, d.name, e.rid, r.why FROM reports r "
	"JOIN incidents i ON i.id = r.incident JOIN events e "
	"ON e.id = r.event JOIN docs d ON d.id = e.doc "
	"ORDER BY i.key, r.seq",
};

static uint64_t S_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

dn_code dn_store_checksum(dn_store *s, char hex[17], dn_error *err)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t q = 0; q < DN_ARRAY_LEN(S_content); q++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(s->db, S_content[q], -1, &st, NULL))
			return dn_store_fail(s, err, DN_EIO, "checksum");
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int n = sqlite3_column_count(st);
			for (int i = 0; i < n; i++) {
				unsigned char type =
					(unsigned char)sqlite3_column_type(st, i);
				h = S_fnv(h, &type, 1);
				if (type == SQLITE_NULL)
					continue;
				const unsigned char *v =
					sqlite3_column_text(st, i);
				int len = sqlite3_column_bytes(st, i);
				h = S_fnv(h, &len, sizeof len);
				h = S_fnv(h, v, (size_t)len);
			}
			h = S_fnv(h, "\n", 1);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return dn_store_fail(s, err, DN_EIO, "checksum");
		h = S_fnv(h, "\f", 1);
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	snprintf(hex, 17, "%016llx", (unsigned long long)h);
	return DN_OK;
}

/* MARK: - Consistency */

/* Each query returns one text column per problem found. The third
 * mirrors dn_store_cats and dn_store_happened. */
static const char *const S_checks[] = {
	"SELECT 'integrity: ' || integrity_check FROM pragma_integrity_check "
	"WHERE integrity_check <> 'ok'",
	"SELECT 'foreign key: ' || \"table\" || ' row ' || rowid || ' -> ' || "
	"parent FROM pragma_foreign_key_check",
	"SELECT 'event ' || e.rid || ' of ' || d.name || ' is in ' || "
	"(SELECT count(*) FROM reports r WHERE r.event = e.id) || "
	"' incidents' FROM events e JOIN docs d ON d.id = e.doc WHERE "
	"(SELECT count(*) FROM reports r WHERE r.event = e.id) <> "
	"(e.event IN ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', "
	"'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', "
	"'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT') AND "
	"(e.modality IS NULL OR e.modality IN ('asserted', 'claimed', "
	"'denied')))",
	"SELECT 'incident ' || i.key || ' counts ' || i.reports || '/' || "
	"i.docs || ' reports/documents' FROM incidents i WHERE i.reports <> "
	"(SELECT count(*) FROM reports r WHERE r.incident = i.id) OR i.docs "
	"<> (SELECT count(DISTINCT e.doc) FROM reports r JOIN events e ON "
	"e.id = r.event WHERE r.incident = i.id)",
	"SELECT 'document ' || d.name || ' counts ' || d.nevents || "
	"' events' FROM docs d WHERE d.nevents <> (SELECT count(*) FROM "
	"events e WHERE e.doc = d.id)",
};

long dn_store_check(dn_store *s, dn_buf *out, dn_error *err)
{
	long problems = 0;
	for (size_t q = 0; q < DN_ARRAY_LEN(S_checks); q++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(s->db, S_checks[q], -1, &st, NULL)) {
			dn_store_fail(s, err, DN_EIO, "checking");
			return -1;
		}
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			problems++;
			dn_buf_printf(out, "%s\n",
				      (const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			dn_store_fail(s, err, DN_EIO, "checking");
			return -1;
		}
	}
	return problems;
}
