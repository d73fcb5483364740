/*
 * export.c — writing selected rows: the writer (aligned table, CSV, TSV,
 * JSON Lines), the row layouts of `query` (events, incidents, counts) and
 * of `export` (PLOVER JSON, flat CSV, CAMEO TSV).
 *
 * CAMEO TSV follows the Phoenix/ICEWS habit of one dyadic row per event:
 * the first actor is the source; the first recipient (or, for reciprocal
 * events, the second actor) is the target; actor codes are country and
 * sector run together ("RUSMIL"). The quad class and the
 * conflict-cooperation score come from the PLOVER manual's tables (quad
 * categories; "Numeric conflict/cooperation scores"), not from Goldstein.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"

#define DN_TABLE_MAX_WIDTH 40      /* table cells are cut to this width */
#define DN_WRITER_CHUNK (64 << 10) /* hand output over in such chunks */

/* MARK: - Writer */

static void S_csv_cell(dn_buf *b, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		dn_buf_adds(b, s);
		return;
	}
	dn_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			dn_buf_addc(b, '"');
		dn_buf_addc(b, *s);
	}
	dn_buf_addc(b, '"');
}

static void S_tsv_cell(dn_buf *b, const char *s)
{
	for (; s && *s; s++)
		dn_buf_addc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' '
								    : *s);
}

static void S_sep_row(dn_writer *w, const char *const *cells)
{
	for (int i = 0; i < w->ncols; i++) {
		if (i)
			dn_buf_addc(w->out, w->fmt == DN_FMT_CSV ? ',' : '\t');
		if (w->fmt == DN_FMT_CSV)
			S_csv_cell(w->out, cells[i]);
		else
			S_tsv_cell(w->out, cells[i]);
	}
	dn_buf_adds(w->out, w->fmt == DN_FMT_CSV ? "\r\n" : "\n");
}

static int S_maybe_flush(dn_writer *w)
{
	if (w->flush && !w->stopped && w->out->len >= DN_WRITER_CHUNK)
		w->stopped = w->flush(w->ctx, w->out) != 0;
	return w->stopped;
}

void dn_store_writer_init(dn_writer *w, dn_format fmt, const char *const *cols,
		    int ncols, dn_buf *out, dn_flush_fn flush, void *ctx)
{
	memset(w, 0, sizeof(*w));
	w->fmt = fmt;
	w->cols = cols;
	w->ncols = ncols;
	w->out = out;
	w->flush = flush;
	w->ctx = ctx;
	if (fmt == DN_FMT_CSV || fmt == DN_FMT_CAMEO)
		S_sep_row(w, cols);
	else if (fmt == DN_FMT_TABLE)
		dn_store_writer_cells(w, cols);
}

int dn_store_writer_cells(dn_writer *w, const char *const *cells)
{
	if (w->stopped)
		return 1;
	if (w->fmt != DN_FMT_TABLE) {
		S_sep_row(w, cells);
		return S_maybe_flush(w);
	}
	if (w->ncells + (size_t)w->ncols > w->capcells) {
		size_t cap = w->capcells ? w->capcells * 2 : 256;
		while (cap < w->ncells + (size_t)w->ncols)
			cap *= 2;
		char **v = realloc(w->cells, cap * sizeof(*v));
		if (!v) {
			w->out->oom = 1;
			return w->stopped = 1;
		}
		w->cells = v;
		w->capcells = cap;
	}
	for (int i = 0; i < w->ncols; i++) {
		char *c = strdup(cells[i] ? cells[i] : "");
		if (!c)
			w->out->oom = 1;
		w->cells[w->ncells++] = c;
	}
	return w->out->oom;
}

int dn_store_writer_line(dn_writer *w, const char *s, size_t n)
{
	if (w->stopped)
		return 1;
	dn_buf_add(w->out, s, n);
	dn_buf_addc(w->out, '\n');
	return S_maybe_flush(w);
}

/* Display width of UTF-8 text (code points; continuation bytes skipped). */
static size_t S_width(const char *s, size_t *cut, size_t max)
{
	size_t w = 0, i = 0;
	*cut = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (w == max)
			*cut = i;
		w++;
	}
	if (w <= max)
		*cut = i;
	return w;
}

static void S_table(dn_writer *w)
{
	size_t rows = w->ncells / (size_t)w->ncols;
	size_t width[64] = {0}, cut;
	int ncols = w->ncols < 64 ? w->ncols : 64;
	for (size_t r = 0; r < rows; r++)
		for (int c = 0; c < ncols; c++) {
			const char *s = w->cells[r * (size_t)w->ncols + (size_t)c];
			size_t n = s ? S_width(s, &cut, DN_TABLE_MAX_WIDTH) : 0;
			n = DN_MIN(n, (size_t)DN_TABLE_MAX_WIDTH);
			width[c] = DN_MAX(width[c], n);
		}
	for (size_t r = 0; r < rows && !w->stopped; r++) {
		size_t end = w->out->len;
		for (int c = 0; c < ncols; c++) {
			const char *s = w->cells[r * (size_t)w->ncols + (size_t)c];
			if (!s)
				s = "";
			size_t n = S_width(s, &cut, DN_TABLE_MAX_WIDTH);
			if (c)
				dn_buf_adds(w->out, "  ");
			if (n > DN_TABLE_MAX_WIDTH) {
				S_width(s, &cut, DN_TABLE_MAX_WIDTH - 1);
				dn_buf_add(w->out, s, cut);
				dn_buf_adds(w->out, "\xe2\x80\xa6"); /* … */
				n = DN_TABLE_MAX_WIDTH;
			} else {
				dn_buf_adds(w->out, s);
			}
			for (; n < width[c]; n++)
				dn_buf_addc(w->out, ' ');
			if (n || !c)
				end = w->out->len;
		}
		/* no trailing blanks */
		while (w->out->len > end)
			w->out->len--;
		while (w->out->len && w->out->p[w->out->len - 1] == ' ')
			w->out->len--;
		dn_buf_addc(w->out, '\n');
		S_maybe_flush(w);
	}
}

dn_code dn_store_writer_end(dn_writer *w, dn_error *err)
{
	if (w->fmt == DN_FMT_TABLE)
		S_table(w);
	for (size_t i = 0; i < w->ncells; i++)
		free(w->cells[i]);
	free(w->cells);
	w->cells = NULL;
	w->ncells = w->capcells = 0;
	if (w->out->oom)
		return dn_store_err(err, DN_ENOMEM, "output too large");
	if (w->flush && !w->stopped && w->out->len)
		w->stopped = w->flush(w->ctx, w->out) != 0;
	return DN_OK;
}

/* MARK: - Cells */

/* Writes "40", "40+" or "40-45" (empty when unknown). */
static const char *S_toll(long lo, long hi, char out[48])
{
	if (lo < 0)
		out[0] = 0;
	else if (hi == lo)
		snprintf(out, 48, "%ld", lo);
	else if (hi < 0)
		snprintf(out, 48, "%ld+", lo);
	else
		snprintf(out, 48, "%ld-%ld", lo, hi);
	return out;
}

/* A number with at most five decimals, no trailing zeros. */
static const char *S_num(double v, char out[48])
{
	snprintf(out, 48, "%.5f", v);
	char *p = out + strlen(out);
	while (p > out && p[-1] == '0')
		*--p = 0;
	if (p > out && p[-1] == '.')
		*--p = 0;
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
	return out;
}

/* "RUS:MIL;SYR" for the entities of one role. */
static const char *S_ents(const dn_ev *e, const char *role, dn_buf *b)
{
	dn_buf_reset(b);
	dn_buf_adds(b, "");
	int n = 0;
	for (int i = 0; i < e->nents; i++) {
		const dn_ent *x = &e->ents[i];
		if (strcmp(x->role, role) != 0)
			continue;
		if (n++)
			dn_buf_addc(b, ';');
		dn_buf_adds(b, x->country ? x->country : "?");
		if (x->sector)
			dn_buf_printf(b, ":%s", x->sector);
	}
	return b->p;
}

/* One field of the entities of a role, ';'-joined. */
static const char *S_ent_field(const dn_ev *e, const char *role, int field,
			       dn_buf *b)
{
	dn_buf_reset(b);
	dn_buf_adds(b, "");
	int n = 0;
	for (int i = 0; i < e->nents; i++) {
		const dn_ent *x = &e->ents[i];
		if (strcmp(x->role, role) != 0)
			continue;
		const char *v = field == 0 ? x->text : field == 1 ? x->country
								  : x->sector;
		if (n++)
			dn_buf_addc(b, ';');
		dn_buf_adds(b, v ? v : "");
	}
	return b->p;
}

/* ",a,b," lists as "a;b". */
static const char *S_list(const char *l, char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (const char *p = l ? l : ""; *p && n + 1 < size; p++) {
		if (*p == ',') {
			if (n && p[1])
				out[n++] = ';';
			continue;
		}
		out[n++] = *p;
	}
	out[n] = 0;
	return out;
}

/* MARK: - Query rows: events */

static const char *const S_ev_cols[] = {
	"id",    "doc",       "date",  "event",    "mode",    "actor",
	"recipient", "place", "dead", "modality", "incident"};

typedef struct S_out {
	dn_writer w;
	dn_store *s;
	dn_buf tmp, tmp2;
	sqlite3_stmt *reports; /* incident reports, for JSON Lines */
	int failed;
} S_out;

static int S_ev_row(void *ctx, const dn_ev *e)
{
	S_out *o = ctx;
	if (o->w.fmt == DN_FMT_JSONL) {
		json_t *rec = json_loads(e->record, 0, NULL);
		if (!json_is_object(rec)) {
			json_decref(rec);
			return dn_store_writer_line(&o->w, e->record,
					      strlen(e->record));
		}
		json_object_set_new(rec, "incident",
				    e->incident ? json_string(e->incident)
						: json_null());
		char *s = json_dumps(rec, JSON_COMPACT);
		json_decref(rec);
		if (!s)
			return o->failed = 1;
		int stop = dn_store_writer_line(&o->w, s, strlen(s));
		free(s);
		return stop;
	}
	char dead[48], mode[256];
	const char *place = e->place ? e->place : e->place_text;
	const char *cells[] = {
		e->rid,
		e->doc,
		e->date,
		e->event,
		S_list(e->mode, mode, sizeof mode),
		S_ents(e, "actor", &o->tmp),
		S_ents(e, "recipient", &o->tmp2),
		place,
		S_toll(e->dead_min, e->dead_max, dead),
		e->modality,
		e->incident};
	return dn_store_writer_cells(&o->w, cells);
}

/* A JSON string, or null for NULL or bytes that are not UTF-8 (sentence
 * text is the document's original bytes). */
static json_t *S_jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

/* MARK: - Query rows: incidents */

static const char *const S_inc_cols[] = {
	"incident", "event",     "date",    "precision", "actor", "recipient",
	"place",    "dead",      "dead_range", "reports", "docs", "sources"};

static json_t *S_split_json(const char *list)
{
	json_t *a = json_array();
	const char *p = list ? list : "";
	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p = e ? e + 1 : p + n;
	}
	return a;
}

static json_t *S_toll_json(long best, long lo, long hi)
{
	if (best < 0)
		return json_null();
	return json_pack("{s:I,s:I,s:I}", "best", (json_int_t)best, "min",
			 (json_int_t)lo, "max", (json_int_t)hi);
}

static json_t *S_place_json(const dn_incrow *r)
{
	if (!r->place && !r->province && !r->country)
		return json_null();
	json_t *p = json_object();
	json_object_set_new(p, "name", r->place ? json_string(r->place)
						: json_null());
	json_object_set_new(p, "province", r->province
						   ? json_string(r->province)
						   : json_null());
	json_object_set_new(p, "country", r->country ? json_string(r->country)
						     : json_null());
	json_object_set_new(p, "lat", r->has_ll ? json_real(r->lat)
						: json_null());
	json_object_set_new(p, "lon", r->has_ll ? json_real(r->lon)
						: json_null());
	json_object_set_new(p, "resolution", r->resolution > 0
						     ? json_integer(r->resolution)
						     : json_null());
	return p;
}

static json_t *S_reports_json(S_out *o, int64_t id)
{
	json_t *a = json_array();
	if (!o->reports &&
	    sqlite3_prepare_v2(o->s->db,
			       "SELECT d.name, e.rid, e.sentence, d.source "
			       "FROM reports r JOIN events e ON e.id = "
			       "r.event JOIN docs d ON d.id = e.doc WHERE "
			       "r.incident = ?1 ORDER BY r.seq",
			       -1, &o->reports, NULL) != SQLITE_OK)
		return a;
	sqlite3_reset(o->reports);
	sqlite3_bind_int64(o->reports, 1, id);
	while (sqlite3_step(o->reports) == SQLITE_ROW) {
		const char *src = (const char *)sqlite3_column_text(o->reports, 3);
		json_t *r = json_pack(
			"{s:o,s:o,s:I,s:o}", "doc",
			S_jstr((const char *)sqlite3_column_text(o->reports, 0)),
			"id",
			S_jstr((const char *)sqlite3_column_text(o->reports, 1)),
			"sentence",
			(json_int_t)sqlite3_column_int64(o->reports, 2),
			"source", S_jstr(src));
		json_array_append_new(a, r);
	}
	return a;
}

static json_t *S_incident_json(S_out *o, const dn_incrow *r)
{
	json_t *j = json_object();
	json_object_set_new(j, "incident", json_string(r->key));
	json_object_set_new(j, "event", json_string(r->event));
	json_object_set_new(j, "date", r->date ? json_string(r->date)
					       : json_null());
	json_object_set_new(j, "date_precision", json_string(r->precision));
	json_object_set_new(j, "date_range",
			    r->date ? json_pack("[s,s]", r->date_min,
						r->date_max)
				    : json_null());
	json_object_set_new(j, "place", S_place_json(r));
	json_object_set_new(j, "actor", S_split_json(r->actor));
	json_object_set_new(j, "recipient", S_split_json(r->recipient));
	json_object_set_new(j, "dead", S_toll_json(r->dead, r->dead_min,
						   r->dead_max));
	json_object_set_new(j, "injured",
			    S_toll_json(r->inj, r->inj_min, r->inj_max));
	json_object_set_new(j, "reports", json_integer(r->reports));
	json_object_set_new(j, "docs", json_integer(r->docs));
	json_object_set_new(j, "sources", S_split_json(r->sources));
	json_t *dis = json_loads(r->disagreements ? r->disagreements : "[]",
				 0, NULL);
	json_object_set_new(j, "disagreements", dis ? dis : json_array());
	json_object_set_new(j, "report_ids", S_reports_json(o, r->id));
	return j;
}

static int S_inc_row(void *ctx, const dn_incrow *r)
{
	S_out *o = ctx;
	if (o->w.fmt == DN_FMT_JSONL) {
		json_t *j = S_incident_json(o, r);
		char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!s)
			return o->failed = 1;
		int stop = dn_store_writer_line(&o->w, s, strlen(s));
		free(s);
		return stop;
	}
	char dead[48], range[48], reports[24], docs[24];
	snprintf(reports, sizeof reports, "%d", r->reports);
	snprintf(docs, sizeof docs, "%d", r->docs);
	if (r->dead < 0)
		dead[0] = 0;
	else
		snprintf(dead, sizeof dead, "%ld", r->dead);
	S_toll(r->dead_min, r->dead_max, range);
	const char *place = r->place ? r->place
			    : r->province ? r->province : r->country;
	const char *cells[] = {r->key,    r->event,     r->date,
			       r->precision, r->actor,   r->recipient,
			       place,     dead,         range,
			       reports,   docs,         r->sources};
	return dn_store_writer_cells(&o->w, cells);
}

/* MARK: - Query */

static void S_out_init(S_out *o, dn_store *s)
{
	memset(o, 0, sizeof(*o));
	o->s = s;
	dn_buf_init(&o->tmp);
	dn_buf_init(&o->tmp2);
}

static dn_code S_out_end(S_out *o, dn_code rc, dn_error *err)
{
	if (!rc && o->failed)
		rc = dn_store_err(err, DN_ENOMEM, "out of memory");
	dn_code wrc = dn_store_writer_end(&o->w, rc ? NULL : err);
	sqlite3_finalize(o->reports);
	dn_buf_clear(&o->tmp);
	dn_buf_clear(&o->tmp2);
	return rc ? rc : wrc;
}

static dn_code S_counts(dn_store *s, const dn_query *q, dn_format fmt,
			dn_buf *out, dn_flush_fn flush, void *ctx,
			dn_error *err)
{
	static const char *const by[] = {"",      "month", "week", "day",
					 "event", "actor", "dyad", "place"};
	dn_count *v;
	size_t n;
	dn_code rc = dn_store_select_counts(s, q, &v, &n, err);
	if (rc)
		return rc;
	const char *cols[] = {by[q->count_by], "count"};
	dn_writer w;
	dn_store_writer_init(&w, fmt, cols, 2, out, flush, ctx);
	for (size_t i = 0; i < n; i++) {
		char num[24];
		snprintf(num, sizeof num, "%ld", v[i].n);
		if (fmt == DN_FMT_JSONL) {
			json_t *j = json_pack("{s:s,s:I}", by[q->count_by],
					      v[i].label, "count",
					      (json_int_t)v[i].n);
			char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
			json_decref(j);
			if (t)
				dn_store_writer_line(&w, t, strlen(t));
			else
				out->oom = 1;
			free(t);
		} else {
			const char *cells[] = {v[i].label, num};
			dn_store_writer_cells(&w, cells);
		}
	}
	dn_store_counts_free(v, n);
	return dn_store_writer_end(&w, err);
}

dn_code dn_store_query(dn_store *s, const dn_query *q, dn_format fmt,
		       dn_buf *out, dn_flush_fn flush, void *ctx,
		       dn_error *err)
{
	if (fmt != DN_FMT_TABLE && fmt != DN_FMT_JSONL && fmt != DN_FMT_CSV)
		return dn_store_err(err, DN_EINPUT,
				    "query writes table, jsonl or csv");
	if (q->count_by != DN_BY_NONE)
		return S_counts(s, q, fmt, out, flush, ctx, err);
	S_out o;
	S_out_init(&o, s);
	dn_code rc;
	if (q->incidents) {
		dn_store_writer_init(&o.w, fmt, S_inc_cols,
			       (int)DN_ARRAY_LEN(S_inc_cols), out, flush, ctx);
		rc = dn_store_select_incidents(s, q, S_inc_row, &o, err);
	} else {
		dn_store_writer_init(&o.w, fmt, S_ev_cols,
			       (int)DN_ARRAY_LEN(S_ev_cols), out, flush, ctx);
		rc = dn_store_select_events(s, q, S_ev_row, &o, err);
	}
	return S_out_end(&o, rc, err);
}

/* MARK: - Export: scores and quad classes */

/* The PLOVER manual's conflict-cooperation scores, by category and mode
 * ("Numeric conflict/cooperation scores"). A NULL mode is the
 * category's own score. The manual prints ACCUSE as +3 while every
 * ACCUSE mode is negative; -3 is used as the evident intent. */
typedef struct S_score {
	const char *cat, *mode;
	double score;
} S_score;

static const S_score S_scores[] = {
	{"AGREE", NULL, 2.5},
	{"CONSULT", NULL, 2.5}, {"CONSULT", "visit", 4},
	{"CONSULT", "third-party", 1}, {"CONSULT", "multilateral", 4},
	{"CONSULT", "phone", 1.5},
	{"SUPPORT", NULL, 5},
	{"CONCEDE", NULL, 4.5},
	{"COOPERATE", NULL, 9.5},
	{"AID", NULL, 10},
	{"RETREAT", NULL, 6.5}, {"RETREAT", "withdraw", 8},
	{"RETREAT", "release", 6.5}, {"RETREAT", "disarm", 10},
	{"RETREAT", "ceasefire", 7.5}, {"RETREAT", "access", 6.5},
	{"RETREAT", "resign", 4.5},
	{"REQUEST", NULL, 0}, {"REQUEST", "assist", 0.5},
	{"REQUEST", "change", -1}, {"REQUEST", "yield", -1},
	{"REQUEST", "meet", 0},
	{"ACCUSE", NULL, -3}, {"ACCUSE", "disapprove", -2},
	{"ACCUSE", "investigate", -3.5}, {"ACCUSE", "allege", -3.5},
	{"REJECT", NULL, -2}, {"REJECT", "assist", -1.5},
	{"REJECT", "change", -2}, {"REJECT", "yield", -2},
	{"REJECT", "meet", -2},
	{"THREATEN", NULL, -3.5}, {"THREATEN", "restrict", -3},
	{"THREATEN", "arrest", -3.5}, {"THREATEN", "relations", -3.5},
	{"THREATEN", "expel", -3.5}, {"THREATEN", "territory", -4},
	{"THREATEN", "violence", -3.5},
	{"PROTEST", NULL, -5}, {"PROTEST", "demo", -5},
	{"PROTEST", "riot", -7}, {"PROTEST", "strike", -5},
	{"PROTEST", "hunger", -4.5}, {"PROTEST", "boycott", -4.5},
	{"PROTEST", "obstruct", -4.5},
	{"SANCTION", NULL, -6}, {"SANCTION", "convict", -6},
	{"SANCTION", "expel", -5.5}, {"SANCTION", "withdraw", -6},
	{"SANCTION", "discontinue", -6},
	{"MOBILIZE", NULL, -5.5}, {"MOBILIZE", "troops", -6.5},
	{"MOBILIZE", "weapons", -6.5}, {"MOBILIZE", "police", -5.5},
	{"MOBILIZE", "militia", -6},
	{"COERCE", NULL, -7}, {"COERCE", "seize", -7},
	{"COERCE", "restrict", -7}, {"COERCE", "censor", -6.5},
	{"COERCE", "curfew", -6.5}, {"COERCE", "martial-law", -7.5},
	{"COERCE", "arrest", -7}, {"COERCE", "deport", -7},
	{"COERCE", "withhold", -7}, {"COERCE", "misinformation", -6.5},
	{"COERCE", "cyber", -7},
	{"ASSAULT", NULL, -9}, {"ASSAULT", "abduct", -8.5},
	{"ASSAULT", "beat", -7.5}, {"ASSAULT", "torture", -8.5},
	{"ASSAULT", "sexual", -8.5}, {"ASSAULT", "targeted", -9.5},
	{"ASSAULT", "destroy", -8.5}, {"ASSAULT", "primitive", -8},
	{"ASSAULT", "firearms", -9}, {"ASSAULT", "explosives", -9},
	{"ASSAULT", "suicide-attack", -9.5}, {"ASSAULT", "aerial", -9.5},
	{"ASSAULT", "drone", -9.5}, {"ASSAULT", "heavy-weapons", -9.5},
	{"ASSAULT", "crowd-control", -7.5},
	{"ASSAULT", "unconventional", -10},
};

/* Mode names compare without case, '_' and '-' alike. */
static int S_mode_eq(const char *a, size_t n, const char *b)
{
	size_t i = 0;
	for (; i < n && b[i]; i++) {
		char x = (char)tolower((unsigned char)a[i]);
		char y = b[i];
		if (x == '_')
			x = '-';
		if (x != y)
			return 0;
	}
	return i == n && !b[i];
}

/* The score of the first listed mode the table knows, else the
 * category's; writes "" for an unknown category. */
static const char *S_score_of(const char *cat, const char *modes,
			      char out[48])
{
	const S_score *base = NULL;
	for (size_t i = 0; cat && i < DN_ARRAY_LEN(S_scores); i++)
		if (strcmp(S_scores[i].cat, cat) == 0 && !S_scores[i].mode)
			base = &S_scores[i];
	out[0] = 0;
	if (!base)
		return out;
	for (const char *p = modes ? modes : ""; *p;) {
		while (*p == ',')
			p++;
		size_t n = strcspn(p, ",");
		for (size_t i = 0; n && i < DN_ARRAY_LEN(S_scores); i++)
			if (S_scores[i].mode && strcmp(S_scores[i].cat, cat) == 0 &&
			    S_mode_eq(p, n, S_scores[i].mode)) {
				snprintf(out, 48, "%.1f", S_scores[i].score);
				return out;
			}
		p += n;
	}
	snprintf(out, 48, "%.1f", base->score);
	return out;
}

/* PLOVER's quad categories: 1 verbal cooperation, 2 material
 * cooperation, 3 verbal conflict, 4 material conflict. */
static int S_quad(const char *cat)
{
	static const char quad[DN_NCATS] = {1, 1, 1, 1, 2, 2, 2, 3,
					    3, 3, 3, 4, 3, 4, 4, 4};
	int i = dn_store_cat(cat);
	return i < 0 ? 0 : quad[i];
}

/* MARK: - Export rows */

static const char *const S_csv_cols[] = {
	"id", "doc", "sentence", "date", "date_precision", "event", "mode",
	"context", "cameo", "actor", "actor_text", "actor_country",
	"actor_sector", "recipient", "recipient_text", "recipient_country",
	"recipient_sector", "place", "province", "country", "lat", "lon",
	"resolution", "place_text", "dead_min", "dead_max", "injured_min",
	"injured_max", "modality", "attribution", "trigger", "rule",
	"incident", "source", "url", "text"};

static const char *const S_cameo_cols[] = {
	"event_id", "date", "year", "month", "day", "source",
	"source_country", "source_sector", "target", "target_country",
	"target_sector", "cameo", "cameo_root", "quad_class", "score",
	"lat", "lon", "place", "province", "country", "doc_id", "url",
	"news_source"};

typedef struct S_cells {
	char b[24][64]; /* numbers and short codes */
	dn_buf lists[8];
} S_cells;

/* A count as text, empty when unknown (negative). */
static const char *S_count_cell(long v, char out[64])
{
	if (v < 0)
		out[0] = 0;
	else
		snprintf(out, 64, "%ld", v);
	return out;
}

static int S_csv_row(S_out *o, const dn_ev *e, S_cells *c)
{
	char mode[256], ctx[256];
	const char *lat = e->has_ll ? S_num(e->lat, c->b[1]) : "";
	const char *lon = e->has_ll ? S_num(e->lon, c->b[2]) : "";
	const char *cells[] = {
		e->rid, e->doc, S_count_cell(e->sentence, c->b[0]), e->date,
		e->precision, e->event,
		S_list(e->mode, mode, sizeof mode),
		S_list(e->context, ctx, sizeof ctx), e->cameo,
		S_ents(e, "actor", &c->lists[0]),
		S_ent_field(e, "actor", 0, &c->lists[1]),
		S_ent_field(e, "actor", 1, &c->lists[2]),
		S_ent_field(e, "actor", 2, &c->lists[3]),
		S_ents(e, "recipient", &c->lists[4]),
		S_ent_field(e, "recipient", 0, &c->lists[5]),
		S_ent_field(e, "recipient", 1, &c->lists[6]),
		S_ent_field(e, "recipient", 2, &c->lists[7]),
		e->place, e->province, e->country, lat, lon,
		S_count_cell(e->resolution, c->b[3]), e->place_text,
		S_count_cell(e->dead_min, c->b[4]),
		S_count_cell(e->dead_max, c->b[5]),
		S_count_cell(e->inj_min, c->b[6]),
		S_count_cell(e->inj_max, c->b[7]), e->modality,
		S_ent_field(e, "attribution", 0, &o->tmp), e->trigger,
		e->rule, e->incident, e->source, e->url, e->text};
	return dn_store_writer_cells(&o->w, cells);
}

/* The i-th entity of a role, or NULL. */
static const dn_ent *S_nth(const dn_ev *e, const char *role, int i)
{
	for (int k = 0; k < e->nents; k++)
		if (strcmp(e->ents[k].role, role) == 0 && i-- == 0)
			return &e->ents[k];
	return NULL;
}

/* "RUSMIL": country (or "---") and sector run together. */
static const char *S_cameo_actor(const dn_ent *x, char out[64])
{
	out[0] = 0;
	if (x && (x->country || x->sector))
		snprintf(out, 64, "%s%s", x->country ? x->country : "---",
			 x->sector ? x->sector : "");
	return out;
}

static int S_cameo_row(S_out *o, const dn_ev *e, S_cells *c)
{
	const dn_ent *src = S_nth(e, "actor", 0);
	const dn_ent *tgt = S_nth(e, "recipient", 0);
	if (!tgt) /* reciprocal: the second party */
		tgt = S_nth(e, "actor", 1);
	const char *d = e->date ? e->date : "";
	size_t dl = strlen(d);
	snprintf(c->b[0], 64, "%.4s", d);
	snprintf(c->b[1], 64, "%.2s", dl >= 7 ? d + 5 : "");
	snprintf(c->b[2], 64, "%.2s", dl >= 10 ? d + 8 : "");
	snprintf(c->b[3], 64, "%.2s", e->cameo ? e->cameo : "");
	int quad = S_quad(e->event);
	if (quad)
		snprintf(c->b[4], 64, "%d", quad);
	else
		c->b[4][0] = 0;
	const char *cells[] = {
		e->rid, e->date, c->b[0], c->b[1], c->b[2],
		S_cameo_actor(src, c->b[5]), src ? src->country : NULL,
		src ? src->sector : NULL, S_cameo_actor(tgt, c->b[6]),
		tgt ? tgt->country : NULL, tgt ? tgt->sector : NULL,
		e->cameo, c->b[3], c->b[4],
		S_score_of(e->event, e->mode, c->b[7]),
		e->has_ll ? S_num(e->lat, c->b[8]) : NULL,
		e->has_ll ? S_num(e->lon, c->b[9]) : NULL, e->place,
		e->province, e->country, e->doc, e->url, e->source};
	return dn_store_writer_cells(&o->w, cells);
}

typedef struct S_exp {
	S_out o;
	S_cells cells;
} S_exp;

static int S_export_row(void *ctx, const dn_ev *e)
{
	S_exp *x = ctx;
	switch (x->o.w.fmt) {
	case DN_FMT_PLOVER:
		return dn_store_writer_line(&x->o.w, e->record, strlen(e->record));
	case DN_FMT_CSV:
		return S_csv_row(&x->o, e, &x->cells);
	default:
		return S_cameo_row(&x->o, e, &x->cells);
	}
}

dn_code dn_store_export(dn_store *s, const dn_query *q, dn_format fmt,
			dn_buf *out, dn_flush_fn flush, void *ctx,
			dn_error *err)
{
	if (fmt != DN_FMT_PLOVER && fmt != DN_FMT_CSV && fmt != DN_FMT_CAMEO)
		return dn_store_err(err, DN_EINPUT,
				    "export writes plover-json, csv or "
				    "cameo-tsv");
	S_exp *x = calloc(1, sizeof(*x));
	if (!x)
		return dn_store_err(err, DN_ENOMEM, "out of memory");
	S_out_init(&x->o, s);
	for (size_t i = 0; i < DN_ARRAY_LEN(x->cells.lists); i++)
		dn_buf_init(&x->cells.lists[i]);
	if (fmt == DN_FMT_CSV)
		dn_store_writer_init(&x->o.w, fmt, S_csv_cols,
			       (int)DN_ARRAY_LEN(S_csv_cols), out, flush, ctx);
	else if (fmt == DN_FMT_CAMEO)
		dn_store_writer_init(&x->o.w, fmt, S_cameo_cols,
			       (int)DN_ARRAY_LEN(S_cameo_cols), out, flush,
			       ctx);
	else
		dn_store_writer_init(&x->o.w, fmt, NULL, 0, out, flush, ctx);
	dn_query all = *q;
	all.incidents = 0;
	all.count_by = DN_BY_NONE;
	dn_code rc = dn_store_select_events(s, &all, S_export_row, x, err);
	rc = S_out_end(&x->o, rc, err);
	for (size_t i = 0; i < DN_ARRAY_LEN(x->cells.lists); i++)
		dn_buf_clear(&x->cells.lists[i]);
	free(x);
	return rc;
}

/* MARK: - One incident, explained */

typedef struct S_one {
	S_out o;
	int json;
	int found;
	sqlite3_stmt *st;
} S_one;

static const char S_reports_sql[] =
	"SELECT d.name, e.rid, e.sentence, d.source, r.why, s.text, e.date, "
	"e.dead_min, e.dead_max, p.name, p.province, p.country, e.place_text "
	"FROM reports r JOIN events e ON e.id = r.event "
	"JOIN docs d ON d.id = e.doc "
	"LEFT JOIN sentences s ON s.id = e.sent "
	"LEFT JOIN places p ON p.id = e.place "
	"WHERE r.incident = ?1 ORDER BY r.seq";

static const char *S_colt(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static long S_coll(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1
		       : (long)sqlite3_column_int64(st, i);
}

/* "dead: 40 [a, b]; 45 [c]" for each disagreement. */
static void S_disagreements_text(dn_buf *b, const char *json)
{
	json_t *arr = json_loads(json ? json : "[]", 0, NULL);
	size_t i, k, m;
	json_t *d, *v, *doc;
	json_array_foreach(arr, i, d) {
		dn_buf_printf(b, "  %s:", json_string_value(json_object_get(d, "field")));
		json_array_foreach(json_object_get(d, "values"), k, v) {
			json_t *val = json_object_get(v, "value");
			dn_buf_adds(b, k ? "; " : " ");
			if (json_is_integer(val))
				dn_buf_printf(b, "%lld",
					      (long long)json_integer_value(val));
			else
				dn_buf_adds(b, json_string_value(val));
			dn_buf_adds(b, " [");
			json_array_foreach(json_object_get(v, "docs"), m, doc)
				dn_buf_printf(b, "%s%s", m ? ", " : "",
					      json_string_value(doc));
			dn_buf_addc(b, ']');
		}
		dn_buf_addc(b, '\n');
	}
	json_decref(arr);
}

static void S_incident_text(S_one *x, const dn_incrow *r)
{
	dn_buf *b = x->o.w.out;
	char range[48];
	dn_buf_printf(b, "incident   %s\nevent      %s\n", r->key, r->event);
	if (r->date && strcmp(r->date_min, r->date_max) != 0)
		dn_buf_printf(b, "date       %s (%s; reports say %s .. %s)\n",
			      r->date, r->precision, r->date_min, r->date_max);
	else if (r->date)
		dn_buf_printf(b, "date       %s (%s)\n", r->date, r->precision);
	else
		dn_buf_adds(b, "date       unknown\n");
	if (r->place || r->province || r->country)
		dn_buf_printf(b, "place      %s%s%s%s%s\n",
			      r->place ? r->place : "",
			      r->place && r->province ? ", " : "",
			      r->province ? r->province : "",
			      r->country ? " " : "",
			      r->country ? r->country : "");
	dn_buf_printf(b, "actor      %s\nrecipient  %s\n",
		      r->actor && *r->actor ? r->actor : "-",
		      r->recipient && *r->recipient ? r->recipient : "-");
	if (r->dead >= 0 && r->dead_min != r->dead_max)
		dn_buf_printf(b, "dead       %ld (reports say %s)\n", r->dead,
			      S_toll(r->dead_min, r->dead_max, range));
	else if (r->dead >= 0)
		dn_buf_printf(b, "dead       %ld\n", r->dead);
	if (r->inj >= 0 && r->inj_min != r->inj_max)
		dn_buf_printf(b, "injured    %ld (reports say %s)\n", r->inj,
			      S_toll(r->inj_min, r->inj_max, range));
	else if (r->inj >= 0)
		dn_buf_printf(b, "injured    %ld\n", r->inj);
	dn_buf_printf(b, "reports    %d in %d document%s%s%s%s\n", r->reports,
		      r->docs, r->docs == 1 ? "" : "s",
		      r->sources ? " (" : "", r->sources ? r->sources : "",
		      r->sources ? ")" : "");
	if (r->disagreements && strcmp(r->disagreements, "[]") != 0) {
		dn_buf_adds(b, "disagreements\n");
		S_disagreements_text(b, r->disagreements);
	}
	dn_buf_adds(b, "why merged\n");
	int n = 0;
	sqlite3_reset(x->st);
	sqlite3_bind_int64(x->st, 1, r->id);
	while (sqlite3_step(x->st) == SQLITE_ROW) {
		sqlite3_stmt *st = x->st;
		const char *src = S_colt(st, 3), *place = S_colt(st, 9);
		if (!place)
			place = S_colt(st, 12);
		dn_buf_printf(b, "  %d. %s %s, sentence %ld%s%s%s\n", ++n,
			      S_colt(st, 0), S_colt(st, 1), S_coll(st, 2),
			      src ? " (" : "", src ? src : "", src ? ")" : "");
		dn_buf_printf(b, "     %s | %s | dead %s\n",
			      S_colt(st, 6) ? S_colt(st, 6) : "undated",
			      place ? place : "no place",
			      S_coll(st, 7) >= 0
				      ? S_toll(S_coll(st, 7), S_coll(st, 8), range)
				      : "-");
		if (S_colt(st, 5))
			dn_buf_printf(b, "     \"%s\"\n", S_colt(st, 5));
		dn_buf_printf(b, "     why: %s\n", S_colt(st, 4));
	}
}

static void S_incident_detail_json(S_one *x, const dn_incrow *r)
{
	json_t *j = S_incident_json(&x->o, r);
	json_t *reps = json_array();
	sqlite3_reset(x->st);
	sqlite3_bind_int64(x->st, 1, r->id);
	while (sqlite3_step(x->st) == SQLITE_ROW) {
		sqlite3_stmt *st = x->st;
		const char *src = S_colt(st, 3), *text = S_colt(st, 5);
		json_array_append_new(
			reps, json_pack("{s:o,s:o,s:I,s:o,s:o,s:o}", "doc",
					S_jstr(S_colt(st, 0)), "id",
					S_jstr(S_colt(st, 1)), "sentence",
					(json_int_t)S_coll(st, 2), "source",
					S_jstr(src), "text", S_jstr(text),
					"why", S_jstr(S_colt(st, 4))));
	}
	json_object_set_new(j, "report_ids", reps);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (s)
		dn_store_writer_line(&x->o.w, s, strlen(s));
	else
		x->o.failed = 1;
	free(s);
}

static int S_one_row(void *ctx, const dn_incrow *r)
{
	S_one *x = ctx;
	x->found++;
	if (x->json)
		S_incident_detail_json(x, r);
	else
		S_incident_text(x, r);
	return 0;
}

dn_code dn_store_incident(dn_store *s, const char *key, int json, dn_buf *out,
			  dn_error *err)
{
	S_one x;
	memset(&x, 0, sizeof(x));
	S_out_init(&x.o, s);
	x.json = json;
	dn_store_writer_init(&x.o.w, DN_FMT_JSONL, NULL, 0, out, NULL, NULL);
	dn_code rc = DN_OK;
	if (sqlite3_prepare_v2(s->db, S_reports_sql, -1, &x.st, NULL))
		rc = dn_store_fail(s, err, DN_EIO, "preparing a query");
	if (!rc)
		rc = dn_store_select_incident_key(s, key, S_one_row, &x, err);
	sqlite3_finalize(x.st);
	rc = S_out_end(&x.o, rc, err);
	if (!rc && !x.found)
		rc = dn_store_err(err, DN_EINPUT,
				  "no incident %s (give an incident key or "
				  "an event id)", key);
	return rc;
}
