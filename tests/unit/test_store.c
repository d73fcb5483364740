/*
 * test_store.c — the corpus store: schema and migrations, replacing
 * documents, incidents within and across documents, query filters,
 * count-by, the export formats and the content checksum. Every record is
 * made here by hand (the coder is not involved).
 */
#include <jansson.h>
#include <sqlite3.h>
#include <unistd.h>

#include "testutil.h"
#include "store/store.h"
#include "store/internal.h"

/* MARK: - Fixtures */

typedef struct S_fix {
	char dir[64];
	char path[128];
	dn_store *s;
} S_fix;

static int S_setup(void **state)
{
	S_fix *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof f->dir, "/tmp/dn-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	dn_error err = {0};
	f->s = dn_store_open(f->path, &err);
	if (!f->s) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static void S_rm(const char *dir, const char *name)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	unlink(p);
}

static int S_teardown(void **state)
{
	S_fix *f = *state;
	dn_store_close(f->s);
	const char *names[] = {"t.db", "t.db-wal", "t.db-shm", "u.db",
			       "u.db-wal", "u.db-shm"};
	for (size_t i = 0; i < DN_ARRAY_LEN(names); i++)
		S_rm(f->dir, names[i]);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One hand-made event record. Strings may be NULL (then left out or
 * null); dead_min -1 means no toll, dead_max -1 an open range. */
typedef struct S_ev {
	const char *id;
	int sentence;
	const char *event, *date, *prec;
	const char *actor, *recipient; /* "RUS:MIL", "SYR", "RUS:MIL,SYR" */
	const char *place, *province, *country;
	int res;
	double lat, lon;
	long dead_min, dead_max;
	const char *modality, *mode, *text;
} S_ev;

static json_t *S_ents(const char *list)
{
	json_t *a = json_array();
	char buf[256];
	snprintf(buf, sizeof buf, "%s", list ? list : "");
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		char *sec = strchr(tok, ':');
		if (sec)
			*sec++ = 0;
		json_array_append_new(
			a, json_pack("{s:s,s:o,s:o}", "text", tok, "country",
				     *tok && strcmp(tok, "-") ? json_string(tok)
							      : json_null(),
				     "sector",
				     sec ? json_string(sec) : json_null()));
	}
	return a;
}

static char *S_record(const char *doc, const S_ev *e)
{
	json_t *r = json_object();
	json_object_set_new(r, "id", json_string(e->id));
	json_object_set_new(r, "doc", json_string(doc));
	json_object_set_new(r, "sentence", json_integer(e->sentence));
	json_object_set_new(r, "text", json_string(e->text ? e->text : "..."));
	json_object_set_new(r, "event", json_string(e->event));
	json_t *mode = json_array();
	if (e->mode)
		json_array_append_new(mode, json_string(e->mode));
	json_object_set_new(r, "mode", mode);
	json_object_set_new(r, "context", json_array());
	json_object_set_new(r, "cameo", json_string(
		strcmp(e->event, "ASSAULT") == 0 ? "195" : "040"));
	json_object_set_new(r, "actor", S_ents(e->actor));
	json_object_set_new(r, "recipient", S_ents(e->recipient));
	json_object_set_new(r, "date", e->date ? json_string(e->date)
					       : json_null());
	json_object_set_new(r, "date_precision",
			    json_string(e->prec ? e->prec : "unknown"));
	if (e->place || e->province || e->country) {
		json_t *l = json_pack("{s:s}", "text",
				      e->place ? e->place : e->province
						? e->province : e->country);
		json_object_set_new(l, "name", e->place ? json_string(e->place)
			: e->province ? json_string(e->province)
				      : json_null());
		json_object_set_new(l, "country", e->country
						      ? json_string(e->country)
						      : json_null());
		json_object_set_new(l, "province", e->province
						       ? json_string(e->province)
						       : json_null());
		if (e->lat || e->lon) {
			json_object_set_new(l, "lat", json_real(e->lat));
			json_object_set_new(l, "lon", json_real(e->lon));
		}
		json_object_set_new(l, "resolution", json_integer(e->res));
		json_object_set_new(r, "location", l);
	} else {
		json_object_set_new(r, "location", json_null());
	}
	if (e->dead_min >= 0)
		json_object_set_new(
			r, "dead",
			json_pack("{s:I,s:o}", "min", (json_int_t)e->dead_min,
				  "max", e->dead_max >= 0
						 ? json_integer(e->dead_max)
						 : json_null()));
	else
		json_object_set_new(r, "dead", json_null());
	json_object_set_new(r, "injured", json_null());
	json_object_set_new(r, "modality",
			    json_string(e->modality ? e->modality
						    : "asserted"));
	json_object_set_new(r, "rule", json_string("test"));
	char *s = json_dumps(r, JSON_COMPACT);
	json_decref(r);
	return s;
}

/* Stores document id with the given events; asserts success. */
static void S_put(dn_store *s, const char *id, const char *source,
		  const char *text, const S_ev *ev, int n)
{
	dn_buf b;
	dn_buf_init(&b);
	for (int i = 0; i < n; i++) {
		char *r = S_record(id, &ev[i]);
		dn_buf_adds(&b, r);
		dn_buf_addc(&b, '\n');
		free(r);
	}
	dn_doc d = {id, text, strlen(text), "2015-10-06", NULL, source, NULL};
	dn_error err = {0};
	dn_code rc = dn_store_put_doc(s, &d, b.p, b.len, "2015-10-06", &err);
	if (rc)
		fail_msg("put %s: %s (line %ld)", id, err.msg, err.line);
	dn_buf_clear(&b);
}

static long S_int(dn_store *s, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), 0);
	long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
						: -1;
	sqlite3_finalize(st);
	return v;
}

/* Runs a query and returns its output (caller frees). */
static char *S_query(dn_store *s, const dn_query *q, dn_format fmt)
{
	dn_buf b;
	dn_buf_init(&b);
	dn_error err = {0};
	dn_code rc = dn_store_query(s, q, fmt, &b, NULL, NULL, &err);
	if (rc)
		fail_msg("query: %s", err.msg);
	char *out = strdup(b.p ? b.p : "");
	dn_buf_clear(&b);
	return out;
}

static void S_query_is(dn_store *s, const dn_query *q, dn_format fmt,
		       const char *want)
{
	char *got = S_query(s, q, fmt);
	if (strcmp(got, want) != 0)
		fail_msg("query output:\n%s\nwanted:\n%s", got, want);
	free(got);
}

/* MARK: - The incident corpus
 * Five documents about one airstrike on Kafr Nabl told differently
 * (dates a day apart and by month, the village or its province, 40 dead
 * or 45 or "at least 40"), plus unrelated ASSAULTs of the same day. */

#define KN "Kafr Nabl", "Idlib", "SYR", 5, 35.55, 36.56
#define SQ "Saraqib", "Idlib", "SYR", 4, 35.86, 36.8
#define AF "Afrin", "Aleppo", "SYR", 4, 36.51, 36.87
#define IDLIB NULL, "Idlib", "SYR", 2, 0, 0

static const S_ev S_afp[] = {
	{"afp#1", 1, "ASSAULT", "2015-10-03", "day", "RUS:MIL", "SYR:CVL", KN,
	 40, 40, NULL, "aerial", "Russian jets struck Kafr Nabl, killing 40."},
	{"afp#2", 4, "ASSAULT", NULL, NULL, "RUS", NULL, NULL, NULL, NULL, 0,
	 0, 0, 40, 40, NULL, NULL, "The strike killed 40 people."},
	{"afp#3", 5, "CONSULT", "2015-10-03", "day", "RUS:GOV,SYR:GOV", NULL,
	 NULL, NULL, NULL, 0, 0, 0, -1, -1, NULL, "visit",
	 "Lavrov met Moualem in Moscow."},
};
static const S_ev S_reu[] = {
	{"reu#1", 0, "ASSAULT", "2015-10-04", "day", "RUS", "SYR:CVL", KN, 45,
	 45, "claimed", NULL, "Activists said 45 died in Kafranbel."},
};
static const S_ev S_aj[] = {
	{"aj#1", 2, "ASSAULT", "2015-10", "month", "RUS:MIL", NULL, IDLIB, 40,
	 -1, NULL, NULL, "In October at least 40 were killed in Idlib."},
};
static const S_ev S_tur[] = {
	{"tur#1", 0, "ASSAULT", "2015-10-03", "day", "TUR:MIL", "SYR:REB", AF,
	 3, 3, NULL, "heavy-weapons", "Turkish shelling killed 3 in Afrin."},
};
static const S_ev S_sar[] = {
	{"sar#1", 0, "ASSAULT", "2015-10-03", "day", "RUS:MIL", "SYR:CVL", SQ,
	 7, 7, NULL, "aerial", "Seven died in a raid on Saraqib."},
	{"sar#2", 1, "ASSAULT", "2015-10-03", "day", "RUS:MIL", "SYR:CVL", SQ,
	 7, 7, "negated", NULL, "The raid did not hit the hospital."},
};

static void S_load_corpus(dn_store *s, const int *order)
{
	static const struct {
		const char *id, *src;
		const S_ev *ev;
		int n;
	} docs[] = {
		{"afp-1", "AFP", S_afp, 3}, {"reu-1", "Reuters", S_reu, 1},
		{"aj-1", "Al Jazeera", S_aj, 1}, {"tur-1", "Anadolu", S_tur, 1},
		{"sar-1", "SANA", S_sar, 2}};
	for (int i = 0; i < 5; i++) {
		int k = order ? order[i] : i;
		S_put(s, docs[k].id, docs[k].src, "Article text.", docs[k].ev,
		      docs[k].n);
	}
}

/* The ids of the events (or keys of the incidents) q selects, in order,
 * separated by spaces (caller frees). */
static char *S_ids(dn_store *s, const dn_query *q)
{
	char *csv = S_query(s, q, DN_FMT_CSV);
	dn_buf b;
	dn_buf_init(&b);
	dn_buf_adds(&b, "");
	char *line = strchr(csv, '\n'); /* skip the header */
	while (line && line[1]) {
		line++;
		size_t n = strcspn(line, ",\r\n");
		if (b.len)
			dn_buf_addc(&b, ' ');
		dn_buf_add(&b, line, n);
		line = strchr(line, '\n');
	}
	free(csv);
	return b.p;
}

static void S_ids_are(dn_store *s, const dn_query *q, const char *want)
{
	char *got = S_ids(s, q);
	if (strcmp(got, want) != 0)
		fail_msg("selected '%s', wanted '%s'", got, want);
	free(got);
}

/* The store passes every consistency check. */
static void S_consistent(dn_store *s)
{
	dn_buf b;
	dn_buf_init(&b);
	dn_error err;
	long n = dn_store_check(s, &b, &err);
	if (n)
		fail_msg("%ld problems:\n%s", n, b.p ? b.p : err.msg);
	dn_buf_clear(&b);
}

static char *S_sum(dn_store *s)
{
	static char hex[17];
	dn_error err;
	assert_int_equal(dn_store_checksum(s, hex, &err), DN_OK);
	return hex;
}

/* MARK: - Dates */

static void test_dates(void **state)
{
	(void)state;
	int32_t lo, hi;
	dn_prec p;
	char norm[11];
	assert_int_equal(dn_store_days(1970, 1, 1), 0);
	assert_int_equal(dn_store_date_parse("2015-10-03", DN_PREC_UNKNOWN,
					     &lo, &hi, &p, norm), 0);
	assert_int_equal(p, DN_PREC_DAY);
	assert_int_equal(lo, hi);
	assert_string_equal(norm, "2015-10-03");
	dn_store_date_format(lo, norm);
	assert_string_equal(norm, "2015-10-03");
	assert_int_equal(dn_store_date_parse("2015-10-03", DN_PREC_MONTH, &lo,
					     &hi, &p, norm), 0);
	assert_int_equal(p, DN_PREC_MONTH);
	assert_int_equal(hi - lo, 30);
	assert_string_equal(norm, "2015-10");
	assert_int_equal(dn_store_date_parse("2016", DN_PREC_UNKNOWN, &lo, &hi,
					     &p, norm), 0);
	assert_int_equal(hi - lo, 365); /* a leap year */
	assert_int_equal(dn_store_date_parse("2016-02-29", DN_PREC_UNKNOWN,
					     &lo, &hi, &p, norm), 0);
	const char *bad[] = {"2015-02-29", "2015-13", "2015-00-10", "15-10-03",
			     "2015/10/03", "", "2015-1", "2015-10-3x"};
	for (size_t i = 0; i < DN_ARRAY_LEN(bad); i++)
		if (dn_store_date_parse(bad[i], DN_PREC_UNKNOWN, &lo, &hi, &p,
					norm) == 0)
			fail_msg("'%s' parsed as a date", bad[i]);
	/* day precision claimed for a month is refused */
	assert_int_equal(dn_store_date_parse("2015-10", DN_PREC_DAY, &lo, &hi,
					     &p, norm), -1);
}

/* MARK: - Schema */

static void test_schema(void **state)
{
	S_fix *f = *state;
	assert_int_equal(S_int(f->s, "PRAGMA user_version"), DN_STORE_SCHEMA);
	assert_int_equal(S_int(f->s, "PRAGMA foreign_keys"), 1);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(f->s->db, "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* reopening keeps the data; a newer schema is refused */
	S_put(f->s, "a", NULL, "text", S_tur, 1);
	dn_store_close(f->s);
	dn_error err = {0};
	f->s = dn_store_open(f->path, &err);
	assert_non_null(f->s);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM events"), 1);
	assert_int_equal(sqlite3_exec(f->s->db, "PRAGMA user_version = 99",
				      NULL, NULL, NULL), 0);
	dn_store_close(f->s);
	f->s = dn_store_open(f->path, &err);
	assert_null(f->s);
	assert_int_equal(err.code, DN_EFORMAT);
	assert_non_null(strstr(err.msg, "newer"));
	/* an in-memory store works too (no WAL) */
	dn_store *m = dn_store_open(":memory:", &err);
	assert_non_null(m);
	S_put(m, "a", NULL, "text", S_tur, 1);
	dn_store_close(m);
	f->s = NULL;
	sqlite3 *db;
	sqlite3_open(f->path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 1", NULL, NULL, NULL);
	sqlite3_close(db);
	f->s = dn_store_open(f->path, &err);
	assert_non_null(f->s);
}

/* MARK: - Documents */

static void test_replace_is_idempotent(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_store_counts a, b;
	dn_error err;
	assert_int_equal(dn_store_count(f->s, &a, &err), DN_OK);
	assert_int_equal(a.docs, 5);
	assert_int_equal(a.events, 8);
	assert_int_equal(a.sentences, 8);
	assert_int_equal(a.places, 4);
	assert_int_equal(a.incidents, 4);
	assert_int_equal(a.reports, 7); /* the negated record has none */
	S_consistent(f->s);
	char sum[17];
	strcpy(sum, S_sum(f->s));
	S_load_corpus(f->s, NULL);
	assert_int_equal(dn_store_count(f->s, &b, &err), DN_OK);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_string_equal(S_sum(f->s), sum);
	assert_true(dn_store_doc_unchanged(f->s, "afp-1", "Article text.", 13));
	assert_false(dn_store_doc_unchanged(f->s, "afp-1", "Article text!", 13));
	assert_false(dn_store_doc_unchanged(f->s, "nope", "Article text.", 13));
	/* the same text with other events is not "unchanged" for --events */
	assert_false(dn_store_events_unchanged(f->s, "afp-1", "Article text.",
					       13, "{}", 2));
}

static void test_bad_record_keeps_old_version(void **state)
{
	S_fix *f = *state;
	S_put(f->s, "reu-1", "Reuters", "Article text.", S_reu, 1);
	char *good = S_record("reu-1", &S_reu[0]);
	char bad[4096];
	snprintf(bad, sizeof bad, "%s\n\n{\"event\": 12}\n", good);
	dn_doc d = {"reu-1", "New text.", 9, NULL, NULL, NULL, NULL};
	dn_error err = {0};
	assert_int_equal(dn_store_put_doc(f->s, &d, bad, strlen(bad), NULL,
					  &err),
			 DN_EFORMAT);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.file, "reu-1");
	snprintf(bad, sizeof bad, "%s\n{\"id\": \"x\", \"event\": \"ASSAULT\"", good);
	assert_int_equal(dn_store_put_doc(f->s, &d, bad, strlen(bad), NULL,
					  &err),
			 DN_EFORMAT);
	assert_int_equal(err.line, 2);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM events"), 1);
	assert_true(dn_store_doc_unchanged(f->s, "reu-1", "Article text.", 13));
	/* in a batch, a bad document is dropped and the others kept */
	assert_int_equal(dn_store_begin(f->s, &err), DN_OK);
	S_put(f->s, "tur-1", NULL, "t", S_tur, 1);
	assert_int_equal(dn_store_put_doc(f->s, &d, "[1]\n", 4, NULL, &err),
			 DN_EFORMAT);
	S_put(f->s, "aj-1", NULL, "t", S_aj, 1);
	assert_int_equal(dn_store_commit(f->s, &err), DN_OK);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM docs"), 3);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM incidents"), 2);
	/* a rolled-back batch leaves nothing */
	assert_int_equal(dn_store_begin(f->s, &err), DN_OK);
	S_put(f->s, "sar-1", NULL, "t", S_sar, 2);
	dn_store_rollback(f->s);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM docs"), 3);
	S_consistent(f->s);
	free(good);
}

/* MARK: - Incidents */

static void test_incidents_merge_reports(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_query q;
	dn_query_init(&q);
	q.incidents = 1;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "incident,event,date,precision,actor,recipient,place,dead,"
		   "dead_range,reports,docs,sources\r\n"
		   "inc-48b65efc625bfa98,CONSULT,2015-10-03,day,RUS:GOV;SYR:GOV,,"
		   ",,,1,1,AFP\r\n"
		   "inc-4910721aa8b0e9a0,ASSAULT,2015-10-03,day,TUR:MIL,SYR:REB,"
		   "Afrin,3,3,1,1,Anadolu\r\n"
		   "inc-7348b4fe955eab7b,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,"
		   "Kafr Nabl,40,40-45,4,3,AFP;Al Jazeera;Reuters\r\n"
		   "inc-f08ecfcf9e4c4960,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,"
		   "Saraqib,7,7,1,1,SANA\r\n");
	/* every record that happened is in exactly one incident */
	S_consistent(f->s);
	/* a check notices when that is not so */
	sqlite3_exec(f->s->db, "DELETE FROM reports WHERE rowid = 1", NULL,
		     NULL, NULL);
	dn_buf b;
	dn_buf_init(&b);
	dn_error err;
	assert_int_equal(dn_store_check(f->s, &b, &err), 2);
	dn_buf_clear(&b);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(f->s->db,
			   "SELECT disagreements, date_min, date_max, dead_min, "
			   "dead_max FROM incidents WHERE key = "
			   "'inc-7348b4fe955eab7b'",
			   -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(
		(const char *)sqlite3_column_text(st, 0),
		"[{\"field\":\"date\",\"values\":[{\"value\":\"2015-10-03\","
		"\"docs\":[\"afp-1\"]},{\"value\":\"2015-10-04\",\"docs\":"
		"[\"reu-1\"]}]},{\"field\":\"dead\",\"values\":[{\"value\":40,"
		"\"docs\":[\"afp-1\",\"aj-1\"]},{\"value\":45,\"docs\":"
		"[\"reu-1\"]}]}]");
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
			    "2015-10-03");
	assert_string_equal((const char *)sqlite3_column_text(st, 2),
			    "2015-10-04");
	assert_int_equal(sqlite3_column_int(st, 3), 40);
	assert_int_equal(sqlite3_column_int(st, 4), 45);
	sqlite3_finalize(st);
}

static void test_incident_explained(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_buf b;
	dn_buf_init(&b);
	dn_error err = {0};
	/* by a report's id, or by the incident key */
	assert_int_equal(dn_store_incident(f->s, "aj#1", 0, &b, &err), DN_OK);
	assert_non_null(strstr(b.p, "incident   inc-7348b4fe955eab7b\n"));
	assert_non_null(strstr(
		b.p, "why: matches afp#1 in afp-1: ASSAULT; date 2015-10-03 in "
		     "2015-10; place Kafr Nabl in Idlib; dead 40+ ~ 40; actors "
		     "compatible; anchors place+dead (needed 2)\n"));
	assert_non_null(strstr(b.p, "why: same article as afp#1: undated, same "
				    "article; dead 40 ~ 40; actors compatible; "
				    "anchors dead (needed 1)\n"));
	assert_non_null(strstr(b.p, "  dead: 40 [afp-1, aj-1]; 45 [reu-1]\n"));
	dn_buf_reset(&b);
	assert_int_equal(dn_store_incident(f->s, "inc-7348b4fe955eab7b", 1, &b,
					   &err),
			 DN_OK);
	json_t *j = json_loads(b.p, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "report_ids")), 4);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(j, "dead"), "best")),
			 40);
	json_decref(j);
	assert_int_equal(dn_store_incident(f->s, "inc-0", 0, &b, &err),
			 DN_EINPUT);
	assert_int_equal(dn_store_incident(f->s, "sar#2", 0, &b, &err),
			 DN_EINPUT); /* negated: in no incident */
	dn_buf_clear(&b);
}

static void test_incidents_ignore_order(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	char want[17];
	strcpy(want, S_sum(f->s));
	static const int orders[][5] = {
		{4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}, {1, 2, 3, 4, 0}};
	for (size_t k = 0; k < DN_ARRAY_LEN(orders); k++) {
		char path[160];
		snprintf(path, sizeof path, "%s/u.db", f->dir);
		dn_error err;
		dn_store *s = dn_store_open(path, &err);
		assert_non_null(s);
		if (k == 1) /* all in one transaction */
			assert_int_equal(dn_store_begin(s, &err), DN_OK);
		S_load_corpus(s, orders[k]);
		if (k == 1)
			assert_int_equal(dn_store_commit(s, &err), DN_OK);
		if (strcmp(S_sum(s), want) != 0)
			fail_msg("order %zu gives another database", k);
		dn_store_close(s);
		S_rm(f->dir, "u.db");
		S_rm(f->dir, "u.db-wal");
		S_rm(f->dir, "u.db-shm");
	}
}

/* Replacing a document reclusters what it was part of, exactly as if
 * the new version had been there from the start. */
static void test_replace_reclusters(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	S_ev moved = S_reu[0];
	moved.place = "Saraqib";
	moved.lat = 35.86;
	moved.lon = 36.8;
	moved.res = 4;
	moved.dead_min = moved.dead_max = 7;
	S_put(f->s, "reu-1", "Reuters", "Article text, corrected.", &moved, 1);
	dn_query q;
	dn_query_init(&q);
	q.incidents = 1;
	q.event = "ASSAULT";
	q.place = "Idlib";
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "incident,event,date,precision,actor,recipient,place,dead,"
		   "dead_range,reports,docs,sources\r\n"
		   "inc-7348b4fe955eab7b,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,"
		   "Kafr Nabl,40,40,3,2,AFP;Al Jazeera\r\n"
		   "inc-f08ecfcf9e4c4960,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,"
		   "Saraqib,7,7,2,2,Reuters;SANA\r\n");
	S_consistent(f->s);
	char sum[17];
	strcpy(sum, S_sum(f->s));
	/* the same documents stored fresh */
	char path[160];
	snprintf(path, sizeof path, "%s/u.db", f->dir);
	dn_error err;
	dn_store *s = dn_store_open(path, &err);
	S_put(s, "reu-1", "Reuters", "Article text, corrected.", &moved, 1);
	S_put(s, "afp-1", "AFP", "Article text.", S_afp, 3);
	S_put(s, "aj-1", "Al Jazeera", "Article text.", S_aj, 1);
	S_put(s, "tur-1", "Anadolu", "Article text.", S_tur, 1);
	S_put(s, "sar-1", "SANA", "Article text.", S_sar, 2);
	assert_string_equal(S_sum(s), sum);
	dn_store_close(s);
	/* and back: removing the only toll that linked it */
	S_put(f->s, "reu-1", "Reuters", "Article text.", S_reu, 1);
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "incident,event,date,precision,actor,recipient,place,dead,"
		   "dead_range,reports,docs,sources\r\n"
		   "inc-7348b4fe955eab7b,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,"
		   "Kafr Nabl,40,40-45,4,3,AFP;Al Jazeera;Reuters\r\n"
		   "inc-f08ecfcf9e4c4960,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,"
		   "Saraqib,7,7,1,1,SANA\r\n");
	S_consistent(f->s);
}

/* Unrelated events of one type and day stay apart; month-precise
 * reports that fit two incidents equally are kept apart too. */
static void test_ambiguous_month_kept_apart(void **state)
{
	S_fix *f = *state;
	static const S_ev a[] = {{"a#1", 0, "ASSAULT", "2015-10-03", "day",
				  "RUS:MIL", "SYR:CVL", KN, 10, 10, NULL, NULL,
				  NULL}};
	static const S_ev b[] = {{"b#1", 0, "ASSAULT", "2015-10-20", "day",
				  "RUS:MIL", "SYR:CVL", KN, 10, 10, NULL, NULL,
				  NULL}};
	static const S_ev c[] = {{"c#1", 0, "ASSAULT", "2015-10", "month",
				  "RUS:MIL", "SYR:CVL", KN, 10, 10, NULL, NULL,
				  NULL}};
	S_put(f->s, "a", NULL, "t", a, 1);
	S_put(f->s, "b", NULL, "t", b, 1);
	S_put(f->s, "c", NULL, "t", c, 1);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM incidents"), 3);
	assert_int_equal(S_int(f->s, "SELECT count(*) FROM reports WHERE why "
				     "LIKE 'kept apart: fits the incidents of "
				     "a#1 and b#1 equally'"),
			 1);
}

/* MARK: - Query */

static void test_query_filters(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_query q;
	dn_query_init(&q);
	S_ids_are(f->s, &q, "aj#1 afp#1 afp#3 sar#1 sar#2 tur#1 reu#1 afp#2");
	q.actor = "RUS";
	S_ids_are(f->s, &q, "aj#1 afp#1 afp#3 sar#1 sar#2 reu#1 afp#2");
	q.actor = "RUS:GOV,TUR";
	S_ids_are(f->s, &q, "afp#3 tur#1");
	q.actor = ":MIL";
	S_ids_are(f->s, &q, "aj#1 afp#1 sar#1 sar#2 tur#1");
	q.actor = "gov";
	S_ids_are(f->s, &q, "afp#3");
	q.actor = NULL;
	q.recipient = "SYR:REB";
	S_ids_are(f->s, &q, "tur#1");
	dn_query_init(&q);
	q.event = "consult";
	S_ids_are(f->s, &q, "afp#3");
	q.event = "ASSAULT";
	q.mode = "aerial,visit";
	S_ids_are(f->s, &q, "afp#1 sar#1");
	dn_query_init(&q);
	q.from = "2015-10-04";
	S_ids_are(f->s, &q, "reu#1");
	q.from = "2015-10";
	q.to = "2015-10-03";
	S_ids_are(f->s, &q, "aj#1 afp#1 afp#3 sar#1 sar#2 tur#1");
	q.from = "2014";
	q.to = "2014";
	S_ids_are(f->s, &q, "");
	dn_query_init(&q);
	q.place = "idlib";
	S_ids_are(f->s, &q, "aj#1 afp#1 sar#1 sar#2 reu#1");
	q.place = "Afrin,Saraqib";
	S_ids_are(f->s, &q, "sar#1 sar#2 tur#1");
	q.place = "SYR";
	S_ids_are(f->s, &q, "aj#1 afp#1 sar#1 sar#2 tur#1 reu#1");
	dn_query_init(&q);
	q.min_dead = 10;
	S_ids_are(f->s, &q, "aj#1 afp#1 reu#1 afp#2");
	q.min_dead = 0;
	q.modality = "claimed,negated";
	S_ids_are(f->s, &q, "sar#2 reu#1");
	dn_query_init(&q);
	q.text = "killing OR died";
	S_ids_are(f->s, &q, "afp#1 sar#1 reu#1");
	q.text = "kill*";
	S_ids_are(f->s, &q, "aj#1 afp#1 tur#1 afp#2");
	q.text = NULL;
	q.doc_text = "\"article text\"";
	S_ids_are(f->s, &q, "aj#1 afp#1 afp#3 sar#1 sar#2 tur#1 reu#1 afp#2");
	q.doc_text = NULL;
	q.doc = "tur-1, aj-1";
	S_ids_are(f->s, &q, "aj#1 tur#1");
	q.limit = 1;
	S_ids_are(f->s, &q, "aj#1");
}

/* The analyst's question: every Russian ASSAULT in Idlib province in
 * 2015 with at least 10 dead, and who reported it. */
static void test_query_incidents(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_query q;
	dn_query_init(&q);
	q.incidents = 1;
	q.actor = "RUS";
	q.event = "ASSAULT";
	q.place = "Idlib";
	q.from = q.to = "2015";
	q.min_dead = 10;
	char *out = S_query(f->s, &q, DN_FMT_JSONL);
	json_t *j = json_loads(out, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "incident")),
			    "inc-7348b4fe955eab7b");
	json_t *src = json_object_get(j, "sources");
	assert_int_equal(json_array_size(src), 3);
	assert_string_equal(json_string_value(json_array_get(src, 2)),
			    "Reuters");
	json_t *reps = json_object_get(j, "report_ids");
	assert_int_equal(json_array_size(reps), 4);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(reps, 3), "doc")),
			    "aj-1");
	json_decref(j);
	free(out);
	/* report-level filters: any report; incident-level: best values */
	q.actor = NULL;
	q.modality = "claimed";
	S_ids_are(f->s, &q, "inc-7348b4fe955eab7b");
	q.modality = NULL;
	q.min_dead = 41;
	S_ids_are(f->s, &q, "");
	dn_query_init(&q);
	q.incidents = 1;
	q.text = "Seven";
	S_ids_are(f->s, &q, "inc-f08ecfcf9e4c4960");
}

static void test_count_by(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_query q;
	dn_query_init(&q);
	q.count_by = DN_BY_MONTH;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "month,count\r\n2015-10,7\r\nunknown,1\r\n");
	q.count_by = DN_BY_DAY;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "day,count\r\n2015-10-03,5\r\n2015-10-04,1\r\n"
		   "unknown,2\r\n");
	q.count_by = DN_BY_WEEK;
	S_query_is(f->s, &q, DN_FMT_JSONL,
		   "{\"week\":\"2015-09-28\",\"count\":6}\n"
		   "{\"week\":\"unknown\",\"count\":2}\n");
	q.count_by = DN_BY_EVENT;
	S_query_is(f->s, &q, DN_FMT_TABLE,
		   "event    count\nASSAULT  7\nCONSULT  1\n");
	q.count_by = DN_BY_ACTOR;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "actor,count\r\nRUS,7\r\nSYR,1\r\nTUR,1\r\n");
	q.count_by = DN_BY_DYAD;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "dyad,count\r\nRUS>SYR,4\r\nRUS>?,2\r\nRUS=SYR,1\r\n"
		   "TUR>SYR,1\r\n");
	q.count_by = DN_BY_PLACE;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "place,count\r\n?,2\r\nKafr Nabl,2\r\nSaraqib,2\r\n"
		   "Afrin,1\r\nIdlib,1\r\n");
	q.incidents = 1;
	q.count_by = DN_BY_EVENT;
	S_query_is(f->s, &q, DN_FMT_CSV,
		   "event,count\r\nASSAULT,3\r\nCONSULT,1\r\n");
}

static void test_query_limits(void **state)
{
	S_fix *f = *state;
	dn_query q;
	dn_query_init(&q);
	dn_buf b;
	dn_buf_init(&b);
	dn_error err = {0};
	char many[1024] = "";
	for (int i = 0; i <= 64; i++)
		strcat(many, i ? ",RUS" : "RUS"); /* 65 values */
	q.actor = many;
	assert_int_equal(dn_store_query(f->s, &q, DN_FMT_CSV, &b, NULL, NULL,
					&err),
			 DN_ELIMIT);
	char sixty4[1024] = "";
	for (int i = 0; i < 64; i++)
		strcat(sixty4, i ? ",RUS:MIL" : "RUS:MIL"); /* 128 binds */
	q.actor = q.recipient = sixty4;
	q.event = "ASSAULT"; /* the 257th */
	assert_int_equal(dn_store_query(f->s, &q, DN_FMT_CSV, &b, NULL, NULL,
					&err),
			 DN_ELIMIT);
	q.event = NULL;
	assert_int_equal(dn_store_query(f->s, &q, DN_FMT_CSV, &b, NULL, NULL,
					&err),
			 DN_OK);
	dn_query_init(&q);
	const char *bad[][2] = {{"event", "ATTACK"}, {"actor", "R1S"},
				{"actor", "RUS:XYZ"}, {"from", "2015-13"},
				{"text", "AND AND"}};
	for (size_t i = 0; i < DN_ARRAY_LEN(bad); i++) {
		dn_query_init(&q);
		if (!strcmp(bad[i][0], "event"))
			q.event = bad[i][1];
		else if (!strcmp(bad[i][0], "actor"))
			q.actor = bad[i][1];
		else if (!strcmp(bad[i][0], "from"))
			q.from = bad[i][1];
		else
			q.text = bad[i][1];
		if (dn_store_query(f->s, &q, DN_FMT_CSV, &b, NULL, NULL, &err) !=
		    DN_EINPUT)
			fail_msg("--%s %s accepted", bad[i][0], bad[i][1]);
	}
	dn_buf_clear(&b);
}

/* MARK: - Export */

static char *S_export(dn_store *s, dn_format fmt, const char *doc)
{
	dn_query q;
	dn_query_init(&q);
	q.doc = doc;
	dn_buf b;
	dn_buf_init(&b);
	dn_error err = {0};
	assert_int_equal(dn_store_export(s, &q, fmt, &b, NULL, NULL, &err),
			 DN_OK);
	char *out = strdup(b.p ? b.p : "");
	dn_buf_clear(&b);
	return out;
}

static void test_export_formats(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	/* PLOVER JSON: the records exactly as coded */
	char *got = S_export(f->s, DN_FMT_PLOVER, "tur-1");
	char *rec = S_record("tur-1", &S_tur[0]);
	assert_int_equal(strlen(got), strlen(rec) + 1);
	assert_memory_equal(got, rec, strlen(rec));
	free(rec);
	free(got);
	got = S_export(f->s, DN_FMT_CSV, "tur-1");
	const char *csv =
		"id,doc,sentence,date,date_precision,event,mode,context,cameo,"
		"actor,actor_text,actor_country,actor_sector,recipient,"
		"recipient_text,recipient_country,recipient_sector,place,"
		"province,country,lat,lon,resolution,place_text,dead_min,"
		"dead_max,injured_min,injured_max,modality,attribution,trigger,"
		"rule,incident,source,url,text\r\n"
		"tur#1,tur-1,0,2015-10-03,day,ASSAULT,heavy-weapons,,195,TUR:MIL,"
		"TUR,TUR,MIL,SYR:REB,SYR,SYR,REB,Afrin,Aleppo,SYR,36.51,36.87,4,"
		"Afrin,3,3,,,asserted,,,test,inc-4910721aa8b0e9a0,Anadolu,,"
		"Turkish shelling killed 3 in Afrin.\r\n";
	if (strcmp(got, csv))
		fail_msg("csv:\n%s", got);
	free(got);
	got = S_export(f->s, DN_FMT_CAMEO, "afp-1,tur-1");
	const char *tsv =
		"event_id\tdate\tyear\tmonth\tday\tsource\tsource_country\t"
		"source_sector\ttarget\ttarget_country\ttarget_sector\tcameo\t"
		"cameo_root\tquad_class\tscore\tlat\tlon\tplace\tprovince\t"
		"country\tdoc_id\turl\tnews_source\n"
		"afp#1\t2015-10-03\t2015\t10\t03\tRUSMIL\tRUS\tMIL\tSYRCVL\tSYR\t"
		"CVL\t195\t19\t4\t-9.5\t35.55\t36.56\tKafr Nabl\tIdlib\tSYR\t"
		"afp-1\t\tAFP\n"
		"afp#3\t2015-10-03\t2015\t10\t03\tRUSGOV\tRUS\tGOV\tSYRGOV\tSYR\t"
		"GOV\t040\t04\t1\t4.0\t\t\t\t\t\tafp-1\t\tAFP\n"
		"tur#1\t2015-10-03\t2015\t10\t03\tTURMIL\tTUR\tMIL\tSYRREB\tSYR\t"
		"REB\t195\t19\t4\t-9.5\t36.51\t36.87\tAfrin\tAleppo\tSYR\t"
		"tur-1\t\tAnadolu\n"
		"afp#2\t\t\t\t\tRUS\tRUS\t\t\t\t\t195\t19\t4\t-9.0\t\t\t\t\t\t"
		"afp-1\t\tAFP\n";
	if (strcmp(got, tsv))
		fail_msg("cameo-tsv:\n%s", got);
	free(got);
}

/* Output handed over in chunks ends with the same bytes. */
static int S_collect(void *ctx, dn_buf *out)
{
	dn_buf *all = ctx;
	dn_buf_add(all, out->p, out->len);
	dn_buf_reset(out);
	return 0;
}

static void test_flush_chunks(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	for (int i = 0; i < 300; i++) {
		char id[32];
		snprintf(id, sizeof id, "copy-%03d", i);
		S_put(f->s, id, "X", "Article text.", S_afp, 3);
	}
	dn_query q;
	dn_query_init(&q);
	dn_buf whole, part, all;
	dn_buf_init(&whole);
	dn_buf_init(&part);
	dn_buf_init(&all);
	dn_error err;
	assert_int_equal(dn_store_export(f->s, &q, DN_FMT_CSV, &whole, NULL,
					 NULL, &err),
			 DN_OK);
	assert_int_equal(dn_store_export(f->s, &q, DN_FMT_CSV, &part,
					 S_collect, &all, &err),
			 DN_OK);
	assert_true(whole.len > (64 << 10));
	assert_int_equal(whole.len, all.len);
	assert_memory_equal(whole.p, all.p, whole.len);
	/* 300 identical accounts of one strike are one incident */
	assert_int_equal(S_int(f->s, "SELECT max(docs) FROM incidents"), 303);
	S_consistent(f->s);
	dn_buf_clear(&whole);
	dn_buf_clear(&part);
	dn_buf_clear(&all);
}

static void test_stats(void **state)
{
	S_fix *f = *state;
	S_load_corpus(f->s, NULL);
	dn_buf b;
	dn_buf_init(&b);
	dn_error err;
	assert_int_equal(dn_store_stats(f->s, 0, &b, &err), DN_OK);
	assert_string_equal(b.p,
			    "documents    5\nsentences    8\nevents       8\n"
			    "entities     14\nplaces       4\nincidents    4\n"
			    "reports      7\n\n"
			    "by category          events  incidents\n"
			    "  ASSAULT                 7          3\n"
			    "  CONSULT                 1          1\n\n"
			    "by month             events  incidents\n"
			    "  2015-10                 7          4\n"
			    "  unknown                 1          0\n");
	dn_buf_reset(&b);
	assert_int_equal(dn_store_stats(f->s, 1, &b, &err), DN_OK);
	json_t *j = json_loads(b.p, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "incidents")), 4);
	json_decref(j);
	dn_buf_clear(&b);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, S_setup, S_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		T(test_schema),
		T(test_replace_is_idempotent),
		T(test_bad_record_keeps_old_version),
		T(test_incidents_merge_reports),
		T(test_incident_explained),
		T(test_incidents_ignore_order),
		T(test_replace_reclusters),
		T(test_ambiguous_month_kept_apart),
		T(test_query_filters),
		T(test_query_incidents),
		T(test_count_by),
		T(test_query_limits),
		T(test_export_formats),
		T(test_flush_chunks),
		T(test_stats),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
