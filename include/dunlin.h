/*
 * dunlin.h — the public interface of libdunlin, the one installed header.
 *
 * dunlin turns news text into PLOVER 2.0 event records (who did what to
 * whom, when, where, how many were killed, according to whom).
 *
 * Life cycle:
 *   dn_dict  *d = dn_dict_new("data", &err);   load once, then immutable;
 *                                               share it across threads.
 *   dn_coder *c = dn_coder_new(d);              one per thread (scratch).
 *   dn_coder_code(c, &doc, &err);               code one document;
 *   dn_coder_output(c, &len);                   its events as JSON Lines.
 *   dn_coder_free(c); dn_dict_free(d);
 *
 * Errors are values: functions return a dn_code and fill an optional
 * caller-supplied dn_error. The library never prints, logs or exits.
 * Every _free(NULL) does nothing.
 */
#ifndef DUNLIN_H
#define DUNLIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DN_BUILDING)
#define DN_API __attribute__((visibility("default")))
#else
#define DN_API
#endif

#define DN_VERSION "0.1.0"

/* Result codes. DN_OK is 0; everything else is a failure of some kind. */
typedef enum dn_code {
	DN_OK = 0,
	DN_ENOMEM,  /* out of memory */
	DN_EIO,     /* a file could not be read or written */
	DN_EFORMAT, /* a data file or input line is malformed */
	DN_EINPUT,  /* the document is unusable (empty, missing fields) */
	DN_ELIMIT   /* a named limit was exceeded (document size, ...) */
} dn_code;

/* Where and why something failed. msg is static text or points into where;
 * never freed by the caller. */
typedef struct dn_error {
	dn_code code;    /* the failure */
	char msg[256];   /* human-readable message, NUL-terminated */
	char file[256];  /* data file or document id concerned, or "" */
	long line;       /* 1-based line in file, or 0 */
	size_t offset;   /* byte offset in the document, or 0 */
} dn_error;

/* One input document. Strings are borrowed for the duration of the call;
 * text need not be NUL-terminated and may hold any bytes. */
typedef struct dn_doc {
	const char *id;     /* document id, NUL-terminated, required */
	const char *text;   /* the article, len bytes, any encoding damage */
	size_t len;         /* byte length of text */
	const char *date;   /* publication date "YYYY-MM-DD", or NULL */
	const char *title;  /* optional metadata, or NULL */
	const char *source; /* optional metadata, or NULL */
	const char *url;    /* optional metadata, or NULL */
} dn_doc;

/* Counters of one coded document, valid until the next dn_coder_code. */
typedef struct dn_doc_stats {
	size_t sentences;      /* sentences analysed (outside boilerplate) */
	size_t events;         /* event records written */
	size_t bad_bytes;      /* invalid UTF-8 bytes replaced for analysis */
	size_t nul_bytes;      /* NUL bytes replaced for analysis */
	size_t boiler_regions; /* boilerplate regions found */
} dn_doc_stats;

/* Limits that every input is held to (see tests/unit/test_limits.c). */
#define DN_MAX_DOC_BYTES ((size_t)64 << 20) /* larger documents fail */
#define DN_MAX_SENT_TOKENS 512              /* longer sentences are cut */

typedef struct dn_dict dn_dict;
typedef struct dn_coder dn_coder;

/* Loads every dictionary listed in DATADIR/manifest.txt, the iso-codes
 * countries and the gazetteer. Returns NULL and fills err on failure.
 * Caller frees with dn_dict_free. The result is immutable and may be
 * shared by any number of threads. */
DN_API dn_dict *dn_dict_new(const char *datadir, dn_error *err);
DN_API void dn_dict_free(dn_dict *dict);

/* Milliseconds dn_dict_new took (for benchmarks). */
DN_API double dn_dict_load_ms(const dn_dict *dict);

/* Writes, as JSON Lines, what TEXT resolves to in the dictionaries (actors,
 * people, patterns, places). Returns a string the caller frees with free(),
 * or NULL on OOM. pubdate may be NULL. */
DN_API char *dn_dict_lookup(const dn_dict *dict, const char *text,
			    const char *pubdate);

/* Validates every data file: returns the number of problems found and
 * calls report(ctx, err) once per problem (file and line set). */
DN_API int dn_dict_check(const char *datadir,
			 void (*report)(void *ctx, const dn_error *err),
			 void *ctx);

/* A coder holds per-thread scratch space over a shared dictionary (which
 * must outlive it). Caller frees with dn_coder_free. NULL on OOM. */
DN_API dn_coder *dn_coder_new(const dn_dict *dict);
DN_API void dn_coder_free(dn_coder *coder);

/* Codes one document. On DN_OK the events are available through
 * dn_coder_output. Diagnostics that did not stop coding (invalid bytes,
 * NULs) are counted in the stats. Not thread-safe per coder. */
DN_API dn_code dn_coder_code(dn_coder *coder, const dn_doc *doc,
			     dn_error *err);

/* The last document's events as JSON Lines (one object per line, each
 * ending in '\n'). Owned by the coder, valid until the next call. */
DN_API const char *dn_coder_output(const dn_coder *coder, size_t *len);

/* The last document's counters. Owned by the coder. */
DN_API const dn_doc_stats *dn_coder_stats(const dn_coder *coder);

/* The last document's analysis as JSON Lines: boilerplate regions, the
 * dateline, sentences with offsets, and tokens when with_tokens is set.
 * Owned by the coder, valid until the next call. */
DN_API const char *dn_coder_debug(dn_coder *coder, int with_tokens,
				  size_t *len);

/* The publication date used for the last document ("YYYY-MM-DD"), and how
 * it was found ("input", "dateline", "stamp", "embedded", "references"),
 * or NULL when none. Owned by the coder. */
DN_API const char *dn_coder_pubdate(const dn_coder *coder,
				    const char **evidence);

#ifdef __cplusplus
}
#endif
#endif
