/*
 * text.h — stage 1 of the pipeline: from raw bytes to a cleaned buffer,
 * boilerplate regions, the dateline, paragraphs and sentences.
 *
 * Every offset in this stage is a byte offset into the document's original
 * text: the cleaned buffer has exactly the same length as the original, so
 * cleaning never shifts an offset.
 */
#ifndef DN_TEXT_H
#define DN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

/* MARK: - Decoding */

/* Copies n bytes of in to out (same length), replacing each byte of an
 * invalid UTF-8 sequence with '?', each NUL with ' ', and CR with '\n' (or
 * ' ' before '\n'), so that out is valid UTF-8 with the same offsets.
 * Counts the replacements in *nbad and *nnul. */
void dn_text_decode(const char *in, size_t n, char *out, size_t *nbad,
		    size_t *nnul);

/* Decodes the UTF-8 code point at s[0..n) (s must be valid, as after
 * dn_text_decode); stores its length in *len. */
int32_t dn_utf8_get(const char *s, size_t n, int *len);

/* Returns the offset of the first byte of s[0..n) that is not part of a
 * valid UTF-8 sequence, or n when all of it is valid. */
size_t dn_utf8_invalid(const char *s, size_t n);

/* MARK: - Regions */

typedef enum dn_region_kind {
	DN_RG_BYLINE = 1, /* author, byline and credit lines */
	DN_RG_CAPTION,    /* photo captions and credits */
	DN_RG_SOURCES,    /* "For more information please see:" lists */
	DN_RG_RELATED,    /* "Related Items" and similar link lists */
	DN_RG_COMMENTS,   /* comment forms, captchas */
	DN_RG_MENU,       /* "LATEST"-style headline menus */
	DN_RG_SHARE,      /* share / subscribe / follow lines */
	DN_RG_EMBED,      /* embedded-post attribution lines */
	DN_RG_DATELINE    /* "DAMASCUS, Syria –" */
} dn_region_kind;

typedef struct dn_region {
	uint32_t start, end; /* byte span [start, end) */
	uint8_t kind;        /* dn_region_kind */
} dn_region;

const char *dn_region_name(int kind);

/* MARK: - Sentences */

enum {
	DN_SF_HEADLINE = 1, /* a headline or heading: no final punctuation */
	DN_SF_LIST = 2,     /* a list item */
	DN_SF_QUOTE = 4,    /* entirely inside quotation marks */
	DN_SF_CUT = 8       /* cut at DN_MAX_SENT_TOKENS or the length cap */
};

typedef struct dn_sent {
	uint32_t start, end; /* byte span [start, end), trimmed */
	uint32_t para;       /* paragraph index */
	uint16_t flags;      /* DN_SF_* */
} dn_sent;

/* The layout of one document: regions and sentences, in the arena. */
typedef struct dn_layout {
	dn_region *regions; /* boilerplate and the dateline, by start */
	int nregions;
	dn_sent *sents;     /* sentences outside boilerplate, in order */
	int nsents;
	int dateline;       /* index of the dateline region, or -1 */
} dn_layout;

/* Finds regions and sentences in the cleaned text s[0..n). Returns 0, or
 * -1 on OOM. Everything is allocated in a. */
int dn_layout_build(const char *s, size_t n, dn_arena *a, dn_layout *out);

/* Whether [start, end) lies inside a boilerplate region (not the dateline). */
int dn_layout_in_boiler(const dn_layout *l, uint32_t start, uint32_t end);

#endif
