/*
 * store.c — the store subcommands: `dunlin ingest`, `query`, `export`,
 * `stats` and `incident`. Argument parsing, the progress bar, summaries
 * and exit codes live here; everything else is src/store.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dunlin.h>

#include "base/base.h"
#include "cli.h"
#include "geo/geo.h"
#include "io/reader.h"
#include "store/store.h"

#define S_DEFAULT_DB "dunlin.db"
#define S_BATCH_DOCS 500        /* documents per transaction, default */
#define S_BATCH_SECONDS 2.0     /* ... or this long, whichever first */
#define S_PROGRESS_SECONDS 0.2  /* progress bar refresh */

/* MARK: - Help */

static const char S_help_ingest[] =
	"usage: dunlin ingest [--db FILE] [OPTIONS] INPUT...\n"
	"\n"
	"Codes documents and stores them, their sentences, events, entities and\n"
	"places in the SQLite database FILE (default ./" S_DEFAULT_DB "), then\n"
	"groups the events into incidents. Inputs are read as by `dunlin code`.\n"
	"Re-ingesting a document replaces its rows; a document whose text is\n"
	"unchanged is skipped without recoding. Work is committed in batches, so\n"
	"an interrupted ingest keeps what it committed and a rerun completes it.\n"
	"A progress bar is shown on a terminal; a summary goes to stderr.\n"
	"Exit status: 0 all stored, 1 some documents failed, 2 usage.\n"
	"\n"
	"options:\n"
	"  --db FILE          the database (default ./" S_DEFAULT_DB ")\n"
	"  --events FILE      store these event records (JSON Lines, as `dunlin\n"
	"                     code` writes them) instead of coding the documents\n"
	"  --date YYYY-MM-DD  publication date of plain-text documents\n"
	"  --force            recode and replace even unchanged documents\n"
	"  --batch N          documents per transaction (default 500)\n"
	"  --data DIR         the dictionaries (default: $DUNLIN_DATA or the build's)\n"
	"  --quiet            no progress bar and no summary\n";

static const char S_help_query[] =
	"usage: dunlin query [--db FILE] [FILTERS] [--incidents] [--count-by BY]\n"
	"                    [--format table|jsonl|csv] [--limit N]\n"
	"\n"
	"Selects event records (or, with --incidents, incidents) from the store.\n"
	"Output is an aligned table on a terminal, JSON Lines otherwise.\n"
	"\n"
	"filters (lists are comma-separated alternatives):\n"
	"  --actor C[:S]      an actor of country C and/or sector S (RUS, SYR:REB,\n"
	"                     :MIL or MIL)\n"
	"  --recipient C[:S]  likewise for recipients\n"
	"  --event CAT        PLOVER categories (ASSAULT,COERCE)\n"
	"  --mode MODE        PLOVER modes (aerial)\n"
	"  --from DATE        on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)\n"
	"  --to DATE          up to the end of DATE\n"
	"  --place NAME       a place, province or country (names resolved through\n"
	"                     the gazetteer: Idleb finds Idlib, Syria finds SYR)\n"
	"  --min-dead N       at least N dead\n"
	"  --modality M       asserted, claimed, denied, negated, future,\n"
	"                     hypothetical\n"
	"  --text QUERY       FTS5 query over the event's sentence\n"
	"  --doc-text QUERY   FTS5 query over the whole document\n"
	"  --doc ID           documents\n"
	"On incidents, category, dates, place and --min-dead apply to the\n"
	"incident's best-supported values; the other filters to any report.\n"
	"\n"
	"  --count-by BY      month, week, day, event, actor, dyad or place: counts\n"
	"                     instead of rows (week: labelled by its Monday)\n"
	"  --db FILE          the database (default ./" S_DEFAULT_DB ")\n";

static const char S_help_export[] =
	"usage: dunlin export [--db FILE] [--format plover-json|csv|cameo-tsv]\n"
	"                     [FILTERS]\n"
	"\n"
	"Writes the selected event records (all by default; filters as for\n"
	"`dunlin query`) to stdout:\n"
	"  plover-json  the records as coded, one JSON object per line (default)\n"
	"  csv          every field, flat, with a header\n"
	"  cameo-tsv    Phoenix/ICEWS-style columns: date, source and target codes,\n"
	"               CAMEO code and root, quad class, PLOVER conflict-cooperation\n"
	"               score, lat, lon, place, doc id, url\n";

static const char S_help_stats[] =
	"usage: dunlin stats [--db FILE] [--json] [--checksum] [--check]\n"
	"\n"
	"Counts documents, sentences, events, entities, places, incidents and\n"
	"reports, with events and incidents by category and by month.\n"
	"--checksum prints only a checksum of the content (independent of row\n"
	"ids): equal databases print equal checksums.\n"
	"--check runs SQLite's integrity and foreign-key checks and the incident\n"
	"invariants; prints each problem and exits 1 when there is any.\n";

static const char S_help_incident[] =
	"usage: dunlin incident [--db FILE] [--json] KEY\n"
	"\n"
	"Shows one incident (KEY is an incident key such as inc-3fa9c2e1d4b5a6c7,\n"
	"or the id of one of its event records): its best-supported date, place\n"
	"and toll, the disagreements between reports, and each report with why it\n"
	"was merged.\n";

/* MARK: - Shared pieces */

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_flush_stdout(void *ctx, dn_buf *out)
{
	(void)ctx;
	size_t n = fwrite(out->p, 1, out->len, stdout);
	int failed = n != out->len;
	dn_buf_reset(out);
	return failed;
}

static void S_warn_err(const dn_error *err)
{
	if (err->file[0] && err->line)
		dn_cli_warn("%s:%ld: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		dn_cli_warn("%s: %s", err->file, err->msg);
	else
		dn_cli_warn("%s", err->msg);
}

static dn_store *S_open(const char *db)
{
	dn_error err = {0};
	dn_store *s = dn_store_open(db, &err);
	if (!s)
		dn_cli_warn("%s: %s", db, err.msg);
	return s;
}

static int S_long_arg(const char *opt, const char *v, long min, long *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < min) {
		dn_cli_warn("--%s wants a number of at least %ld, not '%s'", opt,
			    min, v);
		return -1;
	}
	*out = n;
	return 0;
}

/* MARK: - ingest: pre-coded events */

/* Event lines grouped by their "doc". */
typedef struct S_coded {
	dn_strtab ids;  /* document id -> 1..n */
	dn_buf *lines;  /* lines[id] */
	size_t cap;
} S_coded;

static int S_coded_load(S_coded *c, const char *path)
{
	char *text;
	size_t len;
	if (dn_read_file(path, DN_BUF_MAX, &text, &len) < 0) {
		dn_cli_warn("%s: cannot read", path);
		return -1;
	}
	if (dn_strtab_init(&c->ids) < 0) {
		free(text);
		return -1;
	}
	long lineno = 0;
	int bad = 0;
	for (char *p = text, *end = text + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		json_t *rec = n ? json_loadb(p, n, 0, NULL) : NULL;
		const char *doc = json_string_value(json_object_get(rec, "doc"));
		if (n && !doc) {
			dn_cli_warn("%s:%ld: not an event record with a \"doc\"",
				    path, lineno);
			bad = 1;
		}
		uint32_t id = doc ? dn_strtab_intern(&c->ids, doc, strlen(doc))
				  : 0;
		if (id >= c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 256;
			while (cap <= id)
				cap *= 2;
			dn_buf *v = realloc(c->lines, cap * sizeof(*v));
			if (!v)
				break;
			for (size_t i = c->cap; i < cap; i++)
				dn_buf_init(&v[i]);
			c->lines = v;
			c->cap = cap;
		}
		if (id) {
			dn_buf_add(&c->lines[id], p, n);
			dn_buf_addc(&c->lines[id], '\n');
		}
		json_decref(rec);
		p = nl ? nl + 1 : end;
	}
	free(text);
	return bad ? -1 : 0;
}

static const dn_buf *S_coded_find(const S_coded *c, const char *doc)
{
	uint32_t id = dn_strtab_find(&c->ids, doc, strlen(doc));
	return id ? &c->lines[id] : NULL;
}

static void S_coded_clear(S_coded *c)
{
	for (size_t i = 0; i < c->cap; i++)
		dn_buf_clear(&c->lines[i]);
	free(c->lines);
	if (c->ids.slots)
		dn_strtab_clear(&c->ids);
}

/* MARK: - ingest: progress */

typedef struct S_ingest {
	dn_reader *reader;
	dn_store *store;
	dn_dict *dict;
	dn_coder *coder;
	S_coded coded;
	int use_coded, force, quiet, tty;
	long batch;
	size_t stored, unchanged, failed, events;
	double start, last_draw, last_commit;
	size_t in_batch;
} S_ingest;

static void S_clock(double secs, char out[32])
{
	long s = (long)(secs + 0.5);
	if (s >= 3600)
		snprintf(out, 32, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(out, 32, "%ld:%02ld", s / 60, s % 60);
}

static void S_progress(S_ingest *g, int final)
{
	double now = S_now();
	if (!g->tty || (!final && now - g->last_draw < S_PROGRESS_SECONDS))
		return;
	g->last_draw = now;
	double t = now - g->start;
	size_t docs = g->stored + g->unchanged + g->failed;
	char line[256];
	int n = snprintf(line, sizeof line,
			 "\r%zu docs  %.0f docs/s  %.0f events/s", docs,
			 t > 0 ? (double)docs / t : 0.0,
			 t > 0 ? (double)g->events / t : 0.0);
	size_t total = dn_reader_total_bytes(g->reader);
	size_t done = dn_reader_bytes_done(g->reader);
	if (total && n > 0 && (size_t)n < sizeof line) {
		double frac = (double)done / (double)total;
		char eta[32] = "-";
		if (frac > 0.01 && frac < 1)
			S_clock(t / frac - t, eta);
		snprintf(line + n, sizeof line - (size_t)n,
			 "  %3.0f%%  ETA %s", frac > 1 ? 100.0 : 100 * frac,
			 eta);
	}
	fprintf(stderr, "%s\033[K", line);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* MARK: - ingest */

static size_t S_count_lines(const char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += p[i] == '\n';
	if (n && p[n - 1] != '\n')
		k++;
	return k;
}

/* Codes (or looks up) and stores one document. Returns 0, or -1 when it
 * failed (reported). */
static int S_ingest_doc(S_ingest *g, const dn_doc *doc)
{
	dn_error err = {0};
	const char *out = "", *pub = doc->date;
	size_t len = 0;
	if (g->use_coded) {
		const dn_buf *b = S_coded_find(&g->coded, doc->id);
		out = b && b->p ? b->p : "";
		len = b ? b->len : 0;
		if (!g->force &&
		    dn_store_events_unchanged(g->store, doc->id, doc->text,
					      doc->len, out, len)) {
			g->unchanged++;
			return 0;
		}
	} else {
		if (!g->force && dn_store_doc_unchanged(g->store, doc->id,
							doc->text, doc->len)) {
			g->unchanged++;
			return 0;
		}
		if (dn_coder_code(g->coder, doc, &err) != DN_OK) {
			if (!err.file[0])
				snprintf(err.file, sizeof err.file, "%s",
					 doc->id);
			S_warn_err(&err);
			return -1;
		}
		out = dn_coder_output(g->coder, &len);
		const char *evidence;
		pub = dn_coder_pubdate(g->coder, &evidence);
	}
	if (dn_store_put_doc(g->store, doc, out, len, pub, &err) != DN_OK) {
		S_warn_err(&err);
		return -1;
	}
	g->stored++;
	g->in_batch++;
	g->events += S_count_lines(out, len);
	return 0;
}

/* Commits when the batch is full or old; returns -1 on failure. */
static int S_maybe_commit(S_ingest *g, int final)
{
	double now = S_now();
	if (!final && g->in_batch < (size_t)g->batch &&
	    now - g->last_commit < S_BATCH_SECONDS)
		return 0;
	dn_error err = {0};
	if (dn_store_commit(g->store, &err) != DN_OK) {
		dn_cli_warn("commit failed: %s", err.msg);
		return -1;
	}
	g->in_batch = 0;
	g->last_commit = now;
	if (!final && dn_store_begin(g->store, &err) != DN_OK) {
		dn_cli_warn("%s", err.msg);
		return -1;
	}
	return 0;
}

static int S_ingest_run(S_ingest *g)
{
	dn_error err = {0};
	if (dn_store_begin(g->store, &err) != DN_OK) {
		dn_cli_warn("%s", err.msg);
		return -1;
	}
	g->start = g->last_commit = S_now();
	for (;;) {
		dn_doc doc;
		int r = dn_reader_next(g->reader, &doc, &err);
		if (r == 0)
			break;
		if (r < 0) {
			S_warn_err(&err);
			g->failed++;
		} else if (S_ingest_doc(g, &doc) < 0) {
			g->failed++;
		}
		if (S_maybe_commit(g, 0) < 0)
			return -1;
		S_progress(g, 0);
	}
	int rc = S_maybe_commit(g, 1);
	S_progress(g, 1);
	return rc;
}

static void S_summary(S_ingest *g)
{
	double t = S_now() - g->start;
	dn_store_counts c;
	dn_error err = {0};
	if (dn_store_count(g->store, &c, &err) != DN_OK)
		memset(&c, 0, sizeof(c));
	fprintf(stderr,
		"dunlin: ingest: %zu stored, %zu unchanged, %zu failed; %zu "
		"events in %.2f s (%.0f docs/s, %.0f events/s); the store "
		"holds %ld documents, %ld events, %ld incidents\n",
		g->stored, g->unchanged, g->failed, g->events, t,
		t > 0 ? (double)(g->stored + g->unchanged) / t : 0.0,
		t > 0 ? (double)g->events / t : 0.0, c.docs, c.events,
		c.incidents);
}

int dn_cli_ingest(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'b'},
		{"events", required_argument, NULL, 'e'},
		{"date", required_argument, NULL, 'd'},
		{"force", no_argument, NULL, 'f'},
		{"batch", required_argument, NULL, 'n'},
		{"data", required_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	S_ingest g;
	memset(&g, 0, sizeof(g));
	g.batch = S_BATCH_DOCS;
	const char *db = S_DEFAULT_DB, *events = NULL, *date = NULL;
	const char *data = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': db = optarg; break;
		case 'e': events = optarg; break;
		case 'd':
			if (!dn_cli_date_ok(optarg))
				return 2;
			date = optarg;
			break;
		case 'f': g.force = 1; break;
		case 'n':
			if (S_long_arg("batch", optarg, 1, &g.batch) < 0)
				return 2;
			break;
		case 'D': data = optarg; break;
		case 'q': g.quiet = 1; break;
		case 'h': fputs(S_help_ingest, stdout); return 0;
		default:
			dn_cli_warn("unknown option '%s'", argv[optind - 1]);
			fputs(S_help_ingest, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		dn_cli_warn("ingest needs at least one input");
		fputs(S_help_ingest, stderr);
		return 2;
	}
	g.tty = !g.quiet && isatty(2);
	int status = 1;
	dn_error err = {0};
	if (events) {
		g.use_coded = 1;
		if (S_coded_load(&g.coded, events) < 0)
			goto done;
	} else {
		if (!(g.dict = dn_dict_new(dn_cli_datadir(data), &err))) {
			S_warn_err(&err);
			goto done;
		}
		if (!(g.coder = dn_coder_new(g.dict))) {
			dn_cli_warn("out of memory");
			goto done;
		}
	}
	if (!(g.store = S_open(db)))
		goto done;
	if (!(g.reader = dn_reader_new(argv + optind, argc - optind, date))) {
		dn_cli_warn("out of memory");
		goto done;
	}
	if (S_ingest_run(&g) == 0)
		status = g.failed ? 1 : 0;
	if (!g.quiet)
		S_summary(&g);
done:
	dn_reader_free(g.reader);
	dn_store_close(g.store);
	dn_coder_free(g.coder);
	dn_dict_free(g.dict);
	S_coded_clear(&g.coded);
	return status;
}

/* MARK: - query and export: filters */

typedef struct S_qargs {
	dn_query q;
	const char *db, *format, *data;
	char *place;   /* --place with gazetteer names added (malloc'd) */
} S_qargs;

enum {
	S_O_ACTOR = 256, S_O_RECIPIENT, S_O_EVENT, S_O_MODE, S_O_FROM, S_O_TO,
	S_O_PLACE, S_O_MIN_DEAD, S_O_MODALITY, S_O_TEXT, S_O_DOC_TEXT,
	S_O_DOC, S_O_INCIDENTS, S_O_COUNT_BY, S_O_FORMAT, S_O_LIMIT, S_O_DB,
	S_O_DATA, S_O_HELP
};

static const struct option S_qopts[] = {
	{"actor", required_argument, NULL, S_O_ACTOR},
	{"recipient", required_argument, NULL, S_O_RECIPIENT},
	{"event", required_argument, NULL, S_O_EVENT},
	{"mode", required_argument, NULL, S_O_MODE},
	{"from", required_argument, NULL, S_O_FROM},
	{"to", required_argument, NULL, S_O_TO},
	{"place", required_argument, NULL, S_O_PLACE},
	{"min-dead", required_argument, NULL, S_O_MIN_DEAD},
	{"modality", required_argument, NULL, S_O_MODALITY},
	{"text", required_argument, NULL, S_O_TEXT},
	{"doc-text", required_argument, NULL, S_O_DOC_TEXT},
	{"doc", required_argument, NULL, S_O_DOC},
	{"incidents", no_argument, NULL, S_O_INCIDENTS},
	{"count-by", required_argument, NULL, S_O_COUNT_BY},
	{"format", required_argument, NULL, S_O_FORMAT},
	{"limit", required_argument, NULL, S_O_LIMIT},
	{"db", required_argument, NULL, S_O_DB},
	{"data", required_argument, NULL, S_O_DATA},
	{"help", no_argument, NULL, S_O_HELP},
	{NULL, 0, NULL, 0}};

/* Parses the shared options; returns 0, 1 for --help, or 2 on misuse. */
static int S_qparse(int argc, char **argv, S_qargs *a, const char *help)
{
	memset(a, 0, sizeof(*a));
	dn_query_init(&a->q);
	a->db = S_DEFAULT_DB;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", S_qopts, NULL)) != -1) {
		switch (c) {
		case S_O_ACTOR: a->q.actor = optarg; break;
		case S_O_RECIPIENT: a->q.recipient = optarg; break;
		case S_O_EVENT: a->q.event = optarg; break;
		case S_O_MODE: a->q.mode = optarg; break;
		case S_O_FROM: a->q.from = optarg; break;
		case S_O_TO: a->q.to = optarg; break;
		case S_O_PLACE: a->q.place = optarg; break;
		case S_O_MIN_DEAD:
			if (S_long_arg("min-dead", optarg, 0, &a->q.min_dead))
				return 2;
			break;
		case S_O_MODALITY: a->q.modality = optarg; break;
		case S_O_TEXT: a->q.text = optarg; break;
		case S_O_DOC_TEXT: a->q.doc_text = optarg; break;
		case S_O_DOC: a->q.doc = optarg; break;
		case S_O_INCIDENTS: a->q.incidents = 1; break;
		case S_O_COUNT_BY:
			if (!(a->q.count_by = dn_countby_parse(optarg))) {
				dn_cli_warn("--count-by wants month, week, day, "
					    "event, actor, dyad or place");
				return 2;
			}
			break;
		case S_O_FORMAT: a->format = optarg; break;
		case S_O_LIMIT:
			if (S_long_arg("limit", optarg, 1, &a->q.limit))
				return 2;
			break;
		case S_O_DB: a->db = optarg; break;
		case S_O_DATA: a->data = optarg; break;
		case S_O_HELP: fputs(help, stdout); return 1;
		default:
			dn_cli_warn("unknown option '%s'", argv[optind - 1]);
			fputs(help, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		dn_cli_warn("unexpected argument '%s'", argv[optind]);
		return 2;
	}
	return 0;
}

/* --place through the gazetteer: "Idleb" also looks for "Idlib", a
 * country name for its code. Without a gazetteer the names are matched
 * as given. */
static void S_resolve_place(S_qargs *a)
{
	if (!a->q.place)
		return;
	dn_error err = {0};
	dn_gaz *g = dn_gaz_new(dn_cli_datadir(a->data), DN_GEN_DIR, &err);
	if (!g)
		return;
	dn_buf b;
	dn_buf_init(&b);
	dn_buf_adds(&b, a->q.place);
	const char *p = a->q.place;
	while (*p) {
		size_t n = strcspn(p, ",");
		char key[DN_GAZ_MAX_KEY];
		dn_place pl;
		size_t kn = dn_gaz_key(p, n, key, sizeof key);
		if (kn && dn_gaz_find(g, key, kn, NULL, &pl)) {
			if (pl.name && !strchr(pl.name, ','))
				dn_buf_printf(&b, ",%s", pl.name);
			if (pl.resolution == DN_RES_COUNTRY && pl.country[0])
				dn_buf_printf(&b, ",%s", pl.country);
		}
		p += n;
		if (*p)
			p++;
	}
	dn_gaz_free(g);
	if (!b.oom) {
		a->place = b.p;
		a->q.place = a->place;
	} else {
		dn_buf_clear(&b);
	}
}

static int S_qstatus(dn_code rc, const dn_error *err)
{
	if (rc == DN_OK)
		return 0;
	dn_cli_warn("%s", err->msg);
	return rc == DN_EINPUT ? 2 : 1;
}

/* MARK: - query */

/* Opens the store, runs a query or an export to stdout, and turns the
 * result into the exit status. */
typedef dn_code (*S_select_fn)(dn_store *, const dn_query *, dn_format, dn_buf *,
			       dn_flush_fn, void *, dn_error *);

static int S_run(S_qargs *a, dn_format fmt, S_select_fn fn)
{
	dn_store *s = S_open(a->db);
	if (!s)
		return 1;
	S_resolve_place(a);
	dn_buf out;
	dn_buf_init(&out);
	dn_error err = {0};
	dn_code rc = fn(s, &a->q, fmt, &out, S_flush_stdout, NULL, &err);
	dn_buf_clear(&out);
	dn_store_close(s);
	free(a->place);
	if (fflush(stdout) != 0 && rc == DN_OK) {
		dn_cli_warn("write error");
		return 1;
	}
	return S_qstatus(rc, &err);
}

int dn_cli_query(int argc, char **argv)
{
	S_qargs a;
	int r = S_qparse(argc, argv, &a, S_help_query);
	if (r)
		return r == 1 ? 0 : r;
	dn_format fmt = isatty(1) ? DN_FMT_TABLE : DN_FMT_JSONL;
	if (a.format) {
		if (strcmp(a.format, "table") == 0)
			fmt = DN_FMT_TABLE;
		else if (strcmp(a.format, "jsonl") == 0)
			fmt = DN_FMT_JSONL;
		else if (strcmp(a.format, "csv") == 0)
			fmt = DN_FMT_CSV;
		else {
			dn_cli_warn("--format wants table, jsonl or csv");
			return 2;
		}
	}
	return S_run(&a, fmt, dn_store_query);
}

/* MARK: - export */

int dn_cli_export(int argc, char **argv)
{
	S_qargs a;
	int r = S_qparse(argc, argv, &a, S_help_export);
	if (r)
		return r == 1 ? 0 : r;
	dn_format fmt = DN_FMT_PLOVER;
	if (a.format) {
		if (strcmp(a.format, "plover-json") == 0)
			fmt = DN_FMT_PLOVER;
		else if (strcmp(a.format, "csv") == 0)
			fmt = DN_FMT_CSV;
		else if (strcmp(a.format, "cameo-tsv") == 0)
			fmt = DN_FMT_CAMEO;
		else {
			dn_cli_warn("--format wants plover-json, csv or "
				    "cameo-tsv");
			return 2;
		}
	}
	if (a.q.incidents || a.q.count_by) {
		dn_cli_warn("export writes event records; use `dunlin query` "
			    "for incidents and counts");
		return 2;
	}
	return S_run(&a, fmt, dn_store_export);
}

/* MARK: - stats and incident */

/* Parses --db, --json, --checksum and --check (stats: *checksum 1 or 2)
 * and at most one argument. Returns 0, 1 for --help, 2 on misuse. */
static int S_simple_args(int argc, char **argv, const char *help,
			 int with_checksum, const char **db, int *json,
			 int *checksum, const char **arg)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'b'},
		{"json", no_argument, NULL, 'j'},
		{"checksum", no_argument, NULL, 'c'},
		{"check", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int c;
	*db = S_DEFAULT_DB;
	*json = *checksum = 0;
	*arg = NULL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'b') {
			*db = optarg;
		} else if (c == 'j') {
			*json = 1;
		} else if (c == 'c' && with_checksum) {
			*checksum = 1;
		} else if (c == 'k' && with_checksum) {
			*checksum = 2;
		} else if (c == 'h') {
			fputs(help, stdout);
			return 1;
		} else {
			dn_cli_warn("unknown option '%s'", argv[optind - 1]);
			fputs(help, stderr);
			return 2;
		}
	}
	if (argc - optind > (with_checksum ? 0 : 1)) {
		dn_cli_warn("unexpected argument '%s'", argv[argc - 1]);
		return 2;
	}
	if (optind < argc)
		*arg = argv[optind];
	return 0;
}

int dn_cli_stats(int argc, char **argv)
{
	const char *db, *arg;
	int json, checksum;
	int r = S_simple_args(argc, argv, S_help_stats, 1, &db, &json,
			      &checksum, &arg);
	if (r)
		return r == 1 ? 0 : r;
	dn_store *s = S_open(db);
	if (!s)
		return 1;
	dn_error err = {0};
	dn_code rc;
	if (checksum == 2) {
		dn_buf out;
		dn_buf_init(&out);
		long n = dn_store_check(s, &out, &err);
		fputs(out.p ? out.p : "", stdout);
		dn_buf_clear(&out);
		dn_store_close(s);
		if (n < 0)
			dn_cli_warn("%s", err.msg);
		return n != 0;
	}
	if (checksum) {
		char hex[17];
		if ((rc = dn_store_checksum(s, hex, &err)) == DN_OK)
			printf("%s\n", hex);
	} else {
		dn_buf out;
		dn_buf_init(&out);
		if ((rc = dn_store_stats(s, json, &out, &err)) == DN_OK)
			fputs(out.p ? out.p : "", stdout);
		dn_buf_clear(&out);
	}
	dn_store_close(s);
	return S_qstatus(rc, &err) ? 1 : 0;
}

int dn_cli_incident(int argc, char **argv)
{
	const char *db, *key;
	int json, checksum;
	int r = S_simple_args(argc, argv, S_help_incident, 0, &db, &json,
			      &checksum, &key);
	if (r)
		return r == 1 ? 0 : r;
	if (!key) {
		dn_cli_warn("incident needs a KEY");
		fputs(S_help_incident, stderr);
		return 2;
	}
	dn_store *s = S_open(db);
	if (!s)
		return 1;
	dn_buf out;
	dn_buf_init(&out);
	dn_error err = {0};
	dn_code rc = dn_store_incident(s, key, json, &out, &err);
	if (rc == DN_OK)
		fputs(out.p ? out.p : "", stdout);
	dn_buf_clear(&out);
	dn_store_close(s);
	return S_qstatus(rc, &err) ? 1 : 0;
}
