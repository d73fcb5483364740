/*
 * geo.h — the gazetteer and event locations.
 *
 * The gazetteer (gazetteer.c) knows countries and first-level subdivisions
 * from Debian's iso-codes, ~24,000 cities from libgeonames (GEN_DIR/
 * cities.tsv, made at build time by tools/mkcities.c), and the exonyms,
 * transliterations and small places of DATADIR/places.txt. When
 * DATADIR/countries.txt is present its country names, adjectives and
 * capitals are read too. Loaded once, then immutable: every lookup is
 * read-only and thread-safe.
 *
 * The locator (locate.c) finds where one event happened: the place
 * expression attached to the trigger's clause ("in X", "near X", "the
 * northern province of X", "X, Country", "south of X"...), resolved
 * against the gazetteer.
 *
 * Names are matched by key: the folded form (dn_fold) with diacritics,
 * apostrophes and dots removed, hyphens read as spaces and a leading
 * "the" dropped, so "Ḩalab", "al-Bab"/"Al Bab" and "Sana'a"/"Sanaa" meet.
 */
#ifndef DN_GEO_H
#define DN_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "dunlin.h"
#include "../lex/lex.h"

/* Resolutions, finest first (the record's location.resolution). */
enum {
	DN_RES_COUNTRY = 1,  /* a country */
	DN_RES_PROVINCE = 2, /* a first-level subdivision, or a region */
	DN_RES_DISTRICT = 3, /* a district or a named area (Eastern Ghouta) */
	DN_RES_CITY = 4,     /* a city or town */
	DN_RES_PLACE = 5     /* a village, camp, neighbourhood, base */
};

/* dn_place.flags */
enum {
	DN_PLACE_CURATED = 1, /* from data/places.txt */
	DN_PLACE_CAPITAL = 2  /* a national capital (countries.txt) */
};

typedef struct dn_place {
	const char *name;     /* canonical name, owned by the gazetteer */
	char country[4];      /* ISO alpha-3 (or KOS), "" when unknown */
	const char *province; /* first-level subdivision name or NULL */
	double lat, lon;      /* coordinates (NAN when unknown) */
	int resolution;       /* DN_RES_*: 5 sub-city ... 1 country */
	uint32_t population;  /* 0 when unknown */
	unsigned flags;       /* DN_PLACE_* */
} dn_place;

typedef struct dn_gaz dn_gaz;

/* Where the iso-codes JSON files live (Debian's iso-codes package). */
#ifndef DN_ISO_DIR
#define DN_ISO_DIR "/usr/share/iso-codes/json"
#endif

/* Limits of the gazetteer's data. */
#define DN_GAZ_MAX_KEY 256   /* bytes of a normalised name; longer: no match */
#define DN_GAZ_MAX_WORDS 8   /* words of a name */
#define DN_GAZ_MAX_FILE ((size_t)16 << 20) /* bytes of one data file */

/* Loads iso-codes, GENDIR/cities.tsv, DATADIR/places.txt and (if present)
 * DATADIR/countries.txt. Returns NULL and fills err (when not NULL) on a
 * missing or malformed file or OOM; err names the file and line. Caller
 * frees with dn_gaz_free. Takes about 20 ms. */
dn_gaz *dn_gaz_new(const char *datadir, const char *gendir, dn_error *err);
void dn_gaz_free(dn_gaz *g); /* NULL does nothing */

/* What a lookup prefers. */
typedef struct dn_gaz_query {
	const char *country; /* alpha-3 preferred, or NULL */
	int strict;          /* only places in country, when it has any */
	int minres, maxres;  /* resolution range; 0, 0 for any */
} dn_gaz_query;

/* Looks up a folded place name (tokens' folded forms joined by single
 * spaces: "deir ez-zor", "aleppo") and fills *out with the best place:
 * the highest score, where
 *   score = log10(population)       countries count as 1e9, provinces and
 *                                   places.txt entries as at least 1e5,
 *                                   unknown populations as 1e3
 *         + 1.5 if from places.txt  (curated spellings win)
 *         + 1.5 if in q->country
 * so a place in the context country wins unless another is ~30 times
 * larger; a country always wins over a province or city of its name; a
 * city of 100,000 or more wins over a province of the same name. Names
 * listed as "not a place" in places.txt never match. Returns 1, or 0 when
 * nothing matches. out->name/province are owned by the gazetteer.
 * Thread-safe. q may be NULL. */
int dn_gaz_query_find(const dn_gaz *g, const char *folded, size_t n,
		      const dn_gaz_query *q, dn_place *out);

/* dn_gaz_query_find with only a preferred country (alpha-3 or NULL). */
int dn_gaz_find(const dn_gaz *g, const char *folded, size_t n,
		const char *ctx_country, dn_place *out);

/* Candidate test used while scanning: nonzero if some place name has this
 * folded word as its first word (a hyphenated token counts by its first
 * part: "al-habeet" → "al"). */
int dn_gaz_is_first_word(const dn_gaz *g, const char *folded, size_t n);

/* The country (alpha-3) of a country adjective ("syrian" → SYR), from
 * countries.txt; 1 and fills country[4], or 0. */
int dn_gaz_adjective(const dn_gaz *g, const char *folded, size_t n,
		     char country[4]);

size_t dn_gaz_size(const dn_gaz *g);   /* number of names loaded */
size_t dn_gaz_places(const dn_gaz *g); /* number of distinct places */

/* Writes the match key of s[0..n) (folded or not) into out (cap bytes,
 * NUL-terminated); returns its length, or 0 when it does not fit. */
size_t dn_gaz_key(const char *s, size_t n, char *out, size_t cap);

/* The key of one piece of a name (a token), before a leading "the " is
 * dropped: the non-empty parts of the pieces joined by single spaces are
 * the key of the pieces joined by spaces, once a leading "the " (with
 * more after it) is dropped, provided the whole fits in cap. Writes out
 * (NUL-terminated) and *len and returns 1, or 0 when it does not fit. */
int dn_gaz_key_part(const char *s, size_t n, char *out, size_t cap, size_t *len);

/* dn_gaz_query_find, dn_gaz_is_first_word and dn_gaz_adjective for a key
 * already made by dn_gaz_key (k = 0: no match). */
int dn_gaz_query_key(const dn_gaz *g, const char *key, size_t k,
		     const dn_gaz_query *q, dn_place *out);
int dn_gaz_first_word_key(const dn_gaz *g, const char *key, size_t k);

/* dn_gaz_query_key(g, key, k, NULL, NULL), faster: whether key names a
 * place at all. */
int dn_gaz_name_key(const dn_gaz *g, const char *key, size_t k);

/* dn_gaz_name_key as the key's id (nonzero when key names a place), and
 * dn_gaz_query_key for the key of an id dn_gaz_name_id gave: a name found
 * once is then resolved without making and hashing its key again. */
uint32_t dn_gaz_name_id(const dn_gaz *g, const char *key, size_t k);
int dn_gaz_query_id(const dn_gaz *g, uint32_t id, const dn_gaz_query *q,
		    dn_place *out);

/* dn_gaz_name_id and dn_gaz_key_extends (into *ext) at once, the key
 * hashed once. */
uint32_t dn_gaz_name_ext(const dn_gaz *g, const char *key, size_t k, int *ext);

/* Whether the one-word key word[0..n), whose dn_hash has h as its low 32
 * bits, follows another word in some key. When not, no key and no
 * dn_gaz_key_extends prefix has it after its first word. */
int dn_gaz_word_inner_h(const dn_gaz *g, const char *word, size_t n, uint32_t h);

/* Whether some key starts with key[0..k) followed by a space: when not,
 * no longer name that starts with these words is known. */
int dn_gaz_key_extends(const dn_gaz *g, const char *key, size_t k);
int dn_gaz_adjective_key(const dn_gaz *g, const char *key, size_t k,
			 char country[4]);

/* The same for a key of one word (no space) whose dn_hash has h as its
 * low 32 bits (a token's hash when the key is its folded form):
 * dn_gaz_first_word_key and dn_gaz_adjective_key without hashing. */
int dn_gaz_word_is_first_h(const dn_gaz *g, const char *key, size_t k, uint32_t h);
int dn_gaz_adjective_key_h(const dn_gaz *g, const char *key, size_t k,
			   uint32_t h, char country[4]);

/* MARK: - Event location */

typedef struct dn_loc {
	uint32_t start, end; /* byte span of the place text in the document */
	dn_place place;      /* what it resolved to */
} dn_loc;

/* Finds the location of an event in one sentence's tokens
 * toks->v[first..last), whose trigger token is `trigger`; text is the
 * document the tokens point into.
 *
 * Accepted expressions: a locative preposition before the place ("in",
 * "near", "at", "on", "outside", "around", "across", "over", "into";
 * "to" and "from" count less), a direction ("eastern Aleppo", "south of
 * Damascus"), a place noun ("Idlib province", "the northern province of
 * Idlib", "the Syrian city of Aleppo", "Idlib and Homs provinces"), an
 * apposition ("Lausanne, Switzerland", which also picks the country), a
 * possessive ("Syria's Idlib province"), a direct object of the trigger
 * that is a city ("shelled Aleppo"), a place naming the trigger noun
 * ("the Sochi talks"). "X-held" and similar modifiers are skipped. An
 * unknown name after a preposition takes the place named right after it
 * ("near al-Habeet in the northern province of Idlib" → text "al-Habeet",
 * place Idlib province).
 *
 * Not locations: a place with no such cue ("Moscow said", "Syria
 * agreed"), a place before an actor noun ("the Damascus government"), a
 * place inside a longer proper name ("Aleppo Media Center"), a capital or
 * country as the trigger's object ("accused Moscow").
 *
 * Prefers the expression nearest the trigger inside its clause (clauses
 * end at ; : ( ) dashes and at "said", "but", "while"...), then anywhere
 * in the range; a trigger outside the range counts as its first token.
 * ctx_country (alpha-3 or NULL) is the article's country, preferred when
 * resolving. Returns 1 and fills *out (text span = byte offsets into the
 * document), else 0; 0 also for a range longer than DN_GEO_MAX_TOKENS.
 * Linear in the number of tokens. Thread-safe; does not allocate.
 *
 * The same as dn_geo_prepare on a scan of its own followed by one
 * dn_geo_pick: a caller with several triggers in a sentence should use
 * those. */
int dn_geo_locate(const dn_gaz *g, const char *text, const dn_toks *toks,
		  int first, int last, int trigger, const char *ctx_country,
		  dn_loc *out);

/* The longest range dn_geo_prepare and dn_geo_locate accept. */
#define DN_GEO_MAX_TOKENS DN_MAX_SENT_TOKENS

/* A sentence prepared for locating the events in it: what each token is
 * (prepositions, place nouns, directions, names and the gazetteer names
 * they start, country adjectives), which does not depend on the trigger
 * or the article's country, and the place expressions found so far.
 * About 28 KB, and 192 KB more in which a scan from dn_geo_scan_new
 * remembers what it learnt of each word (for the life of the scan, with
 * one gazetteer). One per thread: the coder keeps one. */
typedef struct dn_geo_scan dn_geo_scan;

/* A scan with nothing prepared, or NULL on OOM. Caller frees with
 * dn_geo_scan_free (NULL does nothing). */
dn_geo_scan *dn_geo_scan_new(void);
void dn_geo_scan_free(dn_geo_scan *x);

/* Prepares the sentence toks->v[first..last) of the document text for
 * dn_geo_pick, forgetting the previous one. The scan borrows g, text and
 * toks: they must stay unchanged while it is used (toks may move its
 * arrays: the scan reaches them through toks). Returns 1, or 0 for an
 * empty or invalid range or one longer than DN_GEO_MAX_TOKENS (then
 * every pick finds nothing). Linear in the number of tokens; does not
 * allocate. */
int dn_geo_prepare(dn_geo_scan *x, const dn_gaz *g, const char *text,
		   const dn_toks *toks, int first, int last);

/* dn_geo_locate(g, text, toks, first, last, trigger, ctx_country, out)
 * for the sentence x was prepared with: the same answer, for any number
 * of triggers in any order, with any ctx_country each (expressions
 * parsed for one ctx_country are reused while it stays the same).
 * Returns 1 and fills *out (when not NULL), else 0. */
int dn_geo_pick(dn_geo_scan *x, int trigger, const char *ctx_country,
		dn_loc *out);

#endif
