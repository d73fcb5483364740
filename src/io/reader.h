/*
 * reader.h — documents from files, directories, JSON Lines and stdin.
 *
 * A reader walks its inputs in order: plain-text files (id = file name
 * without extension), directories (recursively, .txt and .jsonl, sorted),
 * JSON Lines files (one document per line: id, text, optional date, title,
 * source, url) and "-" for stdin (JSON Lines when the first non-blank byte
 * is '{', plain text otherwise). A bad item (unreadable file, malformed
 * line, missing id or text, wrong type, duplicate id) is reported through
 * dn_reader_next's error and skipped; the next call goes on with the rest.
 */
#ifndef DN_READER_H
#define DN_READER_H

#include <dunlin.h>

typedef struct dn_reader dn_reader;

/* Reads the given paths ("-" is stdin). default_date ("YYYY-MM-DD" or
 * NULL) is the publication date of plain-text documents. Caller frees
 * with dn_reader_free. NULL on OOM. */
dn_reader *dn_reader_new(char *const *paths, int npaths,
			 const char *default_date);
void dn_reader_free(dn_reader *r);

/* Fills *doc with the next document (owned by the reader, valid until the
 * next call). Returns 1 with a document, 0 at the end, -1 for an item that
 * failed (err names the file and line; nothing is in *doc). */
int dn_reader_next(dn_reader *r, dn_doc *doc, dn_error *err);

/* Counters so far: documents returned and items that failed. */
size_t dn_reader_read(const dn_reader *r);
size_t dn_reader_failed(const dn_reader *r);

/* Total bytes of all regular input files (for progress), 0 when unknown. */
size_t dn_reader_total_bytes(const dn_reader *r);
/* Bytes consumed so far (for progress). */
size_t dn_reader_bytes_done(const dn_reader *r);

#endif
