/*
 * code.c — `dunlin code` and `dunlin split`.
 *
 * Documents are read in order, coded in batches by N worker threads (one
 * dn_coder each, one shared dn_dict), and written in input order, so the
 * output is byte-identical whatever N is.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dunlin.h>

#include "base/base.h"
#include "cli.h"
#include "io/reader.h"

const char *dn_cli_help_text(const char *topic);

#define S_BATCH_DOCS 256
#define S_BATCH_BYTES ((size_t)16 << 20)
#define S_MAX_THREADS 64

/* One document of a batch: an owned copy of the input, and its results. */
typedef struct S_job {
	dn_doc doc;          /* points into the owned strings below */
	char *id, *text, *date, *title, *source, *url;
	dn_buf out;          /* JSON Lines of events (or the debug view) */
	dn_doc_stats stats;
	dn_error err;
	int rc;              /* dn_code */
} S_job;

typedef struct S_ctx {
	const dn_dict *dict;
	S_job *jobs;
	int njobs;
	atomic_int next;     /* next job to take */
	int debug;           /* split mode */
	int tokens;          /* split --tokens */
} S_ctx;

static char *S_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int S_job_set(S_job *j, const dn_doc *d)
{
	j->id = S_dup(d->id);
	j->text = malloc(d->len + 1);
	j->date = S_dup(d->date);
	j->title = S_dup(d->title);
	j->source = S_dup(d->source);
	j->url = S_dup(d->url);
	if (!j->id || !j->text)
		return -1;
	memcpy(j->text, d->text, d->len);
	j->text[d->len] = 0;
	j->doc = (dn_doc){j->id, j->text, d->len, j->date, j->title, j->source, j->url};
	return 0;
}

static void S_job_clear(S_job *j)
{
	free(j->id);
	free(j->text);
	free(j->date);
	free(j->title);
	free(j->source);
	free(j->url);
	j->id = j->text = j->date = j->title = j->source = j->url = NULL;
	dn_buf_reset(&j->out);
}

static void S_run_job(dn_coder *c, const S_ctx *x, S_job *j)
{
	memset(&j->err, 0, sizeof j->err);
	j->rc = dn_coder_code(c, &j->doc, &j->err);
	memset(&j->stats, 0, sizeof j->stats);
	if (j->rc != DN_OK && !x->debug)
		return;
	j->stats = *dn_coder_stats(c);
	size_t len;
	const char *s = x->debug ? dn_coder_debug(c, x->tokens, &len) : dn_coder_output(c, &len);
	if (j->rc == DN_OK || x->debug)
		if (dn_buf_add(&j->out, s, len) < 0)
			j->rc = DN_ENOMEM;
}

typedef struct S_worker {
	S_ctx *x;
	dn_coder *coder;
} S_worker;

static void *S_work(void *arg)
{
	S_worker *w = arg;
	for (;;) {
		int i = atomic_fetch_add(&w->x->next, 1);
		if (i >= w->x->njobs)
			break;
		S_run_job(w->coder, w->x, &w->x->jobs[i]);
	}
	return NULL;
}

typedef struct S_totals {
	size_t read, coded, failed, sentences, events, warnings;
	int write_failed;
} S_totals;

/* Writes a batch's results in order; reports failures and warnings. */
static void S_flush(S_ctx *x, S_totals *tot)
{
	for (int i = 0; i < x->njobs; i++) {
		S_job *j = &x->jobs[i];
		if (j->rc != DN_OK) {
			tot->failed++;
			dn_cli_warn("%s: %s", j->id, j->err.msg[0] ? j->err.msg : "failed");
		} else {
			tot->coded++;
			tot->sentences += j->stats.sentences;
			tot->events += j->stats.events;
			if (j->stats.bad_bytes) {
				tot->warnings++;
				dn_cli_warn("%s: %zu invalid UTF-8 bytes replaced for analysis",
					    j->id, j->stats.bad_bytes);
			}
			if (j->stats.nul_bytes) {
				tot->warnings++;
				dn_cli_warn("%s: %zu NUL bytes replaced for analysis", j->id,
					    j->stats.nul_bytes);
			}
		}
		if (!tot->write_failed && j->out.len &&
		    fwrite(j->out.p, 1, j->out.len, stdout) != j->out.len)
			tot->write_failed = errno ? errno : EIO;
		S_job_clear(j);
	}
	if (!tot->write_failed && fflush(stdout) != 0)
		tot->write_failed = errno ? errno : EIO;
	x->njobs = 0;
	atomic_store(&x->next, 0);
}

static void S_run_batch(S_ctx *x, S_worker *w, int nthreads)
{
	if (nthreads <= 1 || x->njobs <= 1) {
		for (int i = 0; i < x->njobs; i++)
			S_run_job(w[0].coder, x, &x->jobs[i]);
		return;
	}
	pthread_t th[S_MAX_THREADS];
	int started = 0;
	for (int t = 1; t < nthreads; t++)
		if (pthread_create(&th[started], NULL, S_work, &w[t]) == 0)
			started++;
	S_work(&w[0]);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
}

static int S_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)DN_MIN(n, S_MAX_THREADS) : 1;
}

static int S_code_main(int argc, char **argv, int debug)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{"threads", required_argument, NULL, 't'},
		{"data", required_argument, NULL, 'D'},
		{"debug", no_argument, NULL, 'g'},
		{"tokens", no_argument, NULL, 'k'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *date = NULL, *data = NULL;
	int threads = S_default_threads(), quiet = 0, tokens = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!dn_cli_date_ok(optarg))
				return 2;
			date = optarg;
			break;
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > S_MAX_THREADS) {
				dn_cli_warn("--threads wants a number from 1 to %d", S_MAX_THREADS);
				return 2;
			}
			threads = (int)n;
			break;
		}
		case 'D': data = optarg; break;
		case 'g': debug = 1; break;
		case 'k': tokens = 1; break;
		case 'q': quiet = 1; break;
		case 'h':
			fputs(dn_cli_help_text(debug ? "split" : "code"), stdout);
			return 0;
		default:
			dn_cli_warn("unknown option '%s'", argv[optind - 1]);
			fputs(dn_cli_help_text(debug ? "split" : "code"), stderr);
			return 2;
		}
	}
	char *stdin_only[] = {(char *)"-"};
	char **paths = optind < argc ? argv + optind : stdin_only;
	int npaths = optind < argc ? argc - optind : 1;

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dn_error err;
	dn_dict *dict = dn_dict_new(dn_cli_datadir(data), &err);
	if (!dict) {
		if (err.line)
			dn_cli_warn("%s:%ld: %s", err.file, err.line, err.msg);
		else
			dn_cli_warn("%s%s%s", err.file, err.file[0] ? ": " : "", err.msg);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	static char obuf[1 << 20];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);

	S_ctx x = {0};
	x.dict = dict;
	x.debug = debug;
	x.tokens = tokens;
	x.jobs = calloc(S_BATCH_DOCS, sizeof(*x.jobs));
	S_worker w[S_MAX_THREADS];
	int ok = x.jobs != NULL;
	for (int t = 0; t < threads && ok; t++) {
		w[t].x = &x;
		w[t].coder = dn_coder_new(dict);
		if (!w[t].coder)
			ok = 0;
	}
	dn_reader *r = ok ? dn_reader_new(paths, npaths, date) : NULL;
	if (!r) {
		dn_cli_warn("out of memory");
		return 1;
	}
	S_totals tot = {0};
	size_t batch_bytes = 0;
	for (;;) {
		dn_doc doc;
		int rc = dn_reader_next(r, &doc, &err);
		if (rc < 0) {
			if (err.line)
				dn_cli_warn("%s:%ld: %s", err.file, err.line, err.msg);
			else
				dn_cli_warn("%s: %s", err.file, err.msg);
			continue;
		}
		if (rc > 0) {
			if (S_job_set(&x.jobs[x.njobs], &doc) < 0) {
				dn_cli_warn("%s: out of memory", doc.id);
				S_job_clear(&x.jobs[x.njobs]);
				tot.failed++;
				continue;
			}
			x.njobs++;
			batch_bytes += doc.len;
		}
		if (rc == 0 || x.njobs == S_BATCH_DOCS || batch_bytes >= S_BATCH_BYTES) {
			S_run_batch(&x, w, threads);
			S_flush(&x, &tot);
			batch_bytes = 0;
			if (tot.write_failed)
				break;
		}
		if (rc == 0)
			break;
	}
	tot.read = dn_reader_read(r);
	size_t bad_items = dn_reader_failed(r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (tot.write_failed)
		dn_cli_warn("cannot write the output (%s); stopped after %zu documents",
			    strerror(tot.write_failed), tot.coded + tot.failed);
	if (!quiet)
		dn_cli_warn("%zu documents read, %zu coded, %zu failed; %zu sentences; "
			    "%zu events; %zu warnings; %.3f s; dictionaries %.1f ms",
			    tot.read, tot.coded, tot.failed + bad_items, tot.sentences,
			    tot.events, tot.warnings, secs, dn_dict_load_ms(dict));
	dn_reader_free(r);
	for (int t = 0; t < threads; t++)
		dn_coder_free(w[t].coder);
	for (int i = 0; i < S_BATCH_DOCS; i++)
		dn_buf_clear(&x.jobs[i].out);
	free(x.jobs);
	dn_dict_free(dict);
	return (tot.failed || bad_items || tot.write_failed) ? 1 : 0;
}

int dn_cli_code(int argc, char **argv)
{
	return S_code_main(argc, argv, 0);
}

int dn_cli_split(int argc, char **argv)
{
	return S_code_main(argc, argv, 1);
}
