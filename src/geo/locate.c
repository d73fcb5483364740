/*
 * locate.c — where did the event happen: finds the place expressions of a
 * sentence, keeps those that are locations rather than actors, and picks
 * the one nearest the trigger in its clause.
 *
 * An expression is parsed left to right from a preposition or from any
 * other token:
 *
 *   [det | direction | X-held | country adjective | "province of" |
 *    "south of" | number | unit]*  CORE  [cue noun]
 *   [("and" | ",") CORE2 cue noun]   ["'s" EXPR]   ["," | "in" COARSER]
 *
 * where CORE is the longest gazetteer name starting at a capitalised
 * token, or after a preposition an unknown name that must be followed by
 * a known place containing it. Only the small closed word classes the
 * parse needs are listed here; places themselves live in data/.
 *
 * A sentence is prepared once (dn_geo_prepare: the word classes, names
 * and adjectives of its tokens, none of which depends on the trigger or
 * the article's country) and then asked once per event (dn_geo_pick);
 * the expressions a pick parses are kept for the next pick of the same
 * sentence while the article's country stays the same.
 */
#include <math.h>
#include <stdlib.h>

#include "geo.h"

/* MARK: - Word classes */

typedef struct S_word {
	const char *w; /* folded word */
	int v;         /* value: a penalty, a wanted resolution, an S_F_* bit */
} S_word;

/* Facts about one token of a prepared sentence, as bits: below S_F_AND,
 * bit t says that table t (S_T_*) lists the token's word. */
enum {
	S_F_AND = 1 << 16,   /* the word "and" */
	S_F_COMMA = 1 << 17, /* "," */
	S_F_OR = 1 << 18,    /* "or" */
	S_F_OF = 1 << 19,    /* "of" */
	S_F_IN = 1 << 20,    /* "in" */
	S_F_NAME = 1 << 21,  /* name-like: capitalised, or "al-Habeet" */
	S_F_HELD = 1 << 22,  /* an "X-held" modifier */
	S_F_ADJ = 1 << 23,   /* a country adjective ("Syrian") */
	S_F_BOUND = 1 << 24, /* ends a clause (a word or a quotation mark) */
	S_F_FIRST = 1 << 25, /* some gazetteer name starts with this word */
	S_F_EXT = 1 << 26,   /* some gazetteer name starts with this word and
				more words */
	S_F_SKIP = 1 << 27,  /* S_expr steps over it: a direction adjective,
				a modifier, X-held, a number, an adjective */
	S_F_START = 1 << 28, /* S_expr(unknown_ok = 0) may find an expression
				here: a name, a direction or cue noun, or
				S_F_SKIP before an S_F_START */
	S_F_USTART = 1 << 29,/* S_expr(unknown_ok = 1) may: S_F_START, a
				name-like word, or S_F_SKIP before one */
	S_F_PURE = 1u << 30  /* a-z and 0-9 only: its own key (S_tok_key) */
};

/* Locative prepositions; v is a distance penalty (from/to are weaker). */
static const S_word S_PREPS[] = {
	{"in", 0}, {"near", 0}, {"at", 0}, {"on", 0}, {"outside", 0},
	{"around", 0}, {"across", 0}, {"throughout", 0}, {"inside", 0},
	{"within", 0}, {"into", 0}, {"along", 0}, {"between", 0},
	{"over", 1}, {"toward", 1}, {"towards", 1}, {"off", 1}, {"to", 3},
	{"from", 6}, {NULL, 0}
};

/* Directions standing before a place: "eastern Aleppo". */
static const S_word S_DIR_ADJ[] = {
	{"north", 0}, {"south", 0}, {"east", 0}, {"west", 0}, {"northern", 0},
	{"southern", 0}, {"eastern", 0}, {"western", 0}, {"northeast", 0},
	{"northwest", 0}, {"southeast", 0}, {"southwest", 0},
	{"northeastern", 0}, {"northwestern", 0}, {"southeastern", 0},
	{"southwestern", 0}, {"north-east", 0}, {"north-west", 0},
	{"south-east", 0}, {"south-west", 0}, {"north-eastern", 0},
	{"north-western", 0}, {"south-eastern", 0}, {"south-western", 0},
	{"central", 0}, {"rural", 0}, {"greater", 0}, {"downtown", 0},
	{"upper", 0}, {"lower", 0}, {"coastal", 0}, {"far", 0}, {NULL, 0}
};

/* Directions followed by "of": "south of Damascus". */
static const S_word S_DIR_NOUN[] = {
	{"north", 0}, {"south", 0}, {"east", 0}, {"west", 0},
	{"northeast", 0}, {"northwest", 0}, {"southeast", 0},
	{"southwest", 0}, {"north-east", 0}, {"north-west", 0},
	{"south-east", 0}, {"south-west", 0}, {NULL, 0}
};

enum { S_ANY = 0, S_PROV = 2, S_DIST = 3, S_CITY = 4 };

/* Place nouns: "Idlib province", "the city of Aleppo"; v is the
 * resolution they ask for. */
static const S_word S_CUES[] = {
	{"province", S_PROV}, {"provinces", S_PROV}, {"governorate", S_PROV},
	{"governorates", S_PROV}, {"region", S_PROV}, {"regions", S_PROV},
	{"state", S_PROV}, {"oblast", S_PROV}, {"prefecture", S_PROV},
	{"district", S_DIST}, {"districts", S_DIST},
	{"city", S_CITY}, {"cities", S_CITY}, {"town", S_CITY},
	{"towns", S_CITY}, {"village", S_CITY}, {"villages", S_CITY},
	{"port", S_CITY}, {"hamlet", S_CITY}, {"capital", S_CITY},
	{"camp", S_ANY}, {"neighbourhood", S_ANY}, {"neighborhood", S_ANY},
	{"neighbourhoods", S_ANY}, {"neighborhoods", S_ANY},
	{"suburb", S_ANY}, {"suburbs", S_ANY}, {"outskirts", S_ANY},
	{"countryside", S_PROV}, {"area", S_ANY}, {"areas", S_ANY},
	{"environs", S_ANY}, {"vicinity", S_ANY}, {"edge", S_ANY},
	{"heart", S_ANY}, {"centre", S_ANY}, {"center", S_ANY},
	{"parts", S_ANY}, {"part", S_ANY}, {"stronghold", S_ANY},
	{"bastion", S_ANY}, {"enclave", S_ANY}, {"streets", S_ANY},
	{"quarter", S_ANY}, {"border", S_ANY}, {NULL, 0}
};

/* Words that may stand between a preposition and a place. */
static const S_word S_MODS[] = {
	{"the", 0}, {"a", 0}, {"an", 0}, {"besieged", 0}, {"embattled", 0},
	{"restive", 0}, {"beleaguered", 0}, {"key", 0}, {"strategic", 0},
	{"ancient", 0}, {"historic", 0}, {"nearby", 0}, {"neighbouring", 0},
	{"neighboring", 0}, {"occupied", 0}, {"annexed", 0}, {"disputed", 0},
	{"breakaway", 0}, {"contested", 0}, {"rebel", 0}, {"opposition", 0},
	{"government", 0}, {"regime", 0}, {"jihadist", 0}, {"kurdish", 0},
	{"arab", 0}, {"christian", 0}, {"druze", 0}, {"alawite", 0},
	{"shiite", 0}, {"shia", 0}, {"sunni", 0}, {"yazidi", 0},
	{"turkmen", 0}, {"km", 0}, {"kms", 0}, {"kilometres", 0},
	{"kilometers", 0}, {"miles", 0}, {"mile", 0}, {"some", 0},
	{"about", 0}, {"around", 0}, {NULL, 0}
};

/* Endings of "X-held" modifiers. */
static const S_word S_HELD[] = {
	{"held", 0}, {"controlled", 0}, {"besieged", 0}, {"occupied", 0},
	{"run", 0}, {"dominated", 0}, {"ruled", 0}, {"contested", 0},
	{"administered", 0}, {"annexed", 0}, {NULL, 0}
};

/* Nouns that make a place before them part of an actor. */
static const S_word S_ACTOR_NOUNS[] = {
	{"government", 0}, {"regime", 0}, {"forces", 0}, {"army", 0},
	{"military", 0}, {"authorities", 0}, {"authority", 0},
	{"officials", 0}, {"official", 0}, {"police", 0}, {"troops", 0},
	{"soldiers", 0}, {"rebels", 0}, {"fighters", 0}, {"militants", 0},
	{"militia", 0}, {"militias", 0}, {"ministry", 0}, {"administration", 0},
	{"leadership", 0}, {"delegation", 0}, {"spokesman", 0},
	{"spokeswoman", 0}, {"envoy", 0}, {"leaders", 0}, {"leader", 0},
	{NULL, 0}
};

/* Words that end a clause. */
static const S_word S_CLAUSE_END[] = {
	{"said", 0}, {"says", 0}, {"say", 0}, {"told", 0}, {"tells", 0},
	{"added", 0}, {"according", 0}, {"but", 0}, {"while", 0},
	{"whereas", 0}, {"although", 0}, {"though", 0}, {"however", 0},
	{";", 0}, {":", 0}, {"(", 0}, {")", 0}, {"[", 0}, {"]", 0},
	{"--", 0}, {"-", 0}, {NULL, 0}
};

/* Capitalised words that may follow a place without joining its name,
 * and that are never unknown places. */
static const S_word S_CALENDAR[] = {
	{"monday", 0}, {"tuesday", 0}, {"wednesday", 0}, {"thursday", 0},
	{"friday", 0}, {"saturday", 0}, {"sunday", 0}, {"january", 0},
	{"february", 0}, {"march", 0}, {"april", 0}, {"may", 0}, {"june", 0},
	{"july", 0}, {"august", 0}, {"september", 0}, {"october", 0},
	{"november", 0}, {"december", 0}, {NULL, 0}
};

/* Words after an object that make it the recipient of a verb rather
 * than a place: "accused Ankara of", "urged Moscow to". */
static const S_word S_COMPLEMENTS[] = {
	{"of", 0}, {"to", 0}, {"over", 0}, {"that", 0},
	{"about", 0}, {"against", 0}, {"with", 0}, {"not", 0},
	{"for", 1}, {NULL, 0} /* v = 1: only after a capital ("thanked Moscow for") */
};

/* Determiners before a place that names the trigger: "the Sochi talks". */
static const S_word S_DETS[] = {
	{"the", 0}, {"a", 0}, {"an", 0}, {"this", 0}, {"last", 0},
	{"these", 0}, {"those", 0}, {"its", 0}, {"their", 0}, {NULL, 0}
};

/* Lower-case particles inside transliterated names: "Tal al Abyad". */
static const S_word S_PARTICLES[] = {
	{"al", 0}, {"el", 0}, {"ad", 0}, {"ar", 0}, {"as", 0}, {"ash", 0},
	{"at", 0}, {"az", 0}, {"ez", 0}, {"es", 0}, {"ed", 0}, {"an", 0},
	{"bin", 0}, {"ibn", 0}, {"de", 0}, {"du", 0}, {"la", 0}, {"le", 0},
	{"ul", 0}, {NULL, 0}
};


/* Single words the parse asks about; v is the token's S_F_* bit. */
static const S_word S_WORDS[] = {
	{"and", S_F_AND}, {",", S_F_COMMA}, {"or", S_F_OR}, {"of", S_F_OF},
	{"in", S_F_IN}, {NULL, 0}
};

/* MARK: - Word index
 * Every word of the tables above, with its entry in each table, in one
 * hash table built on first use (dn_once_run; never changed after, so
 * lookups need no lock). A token is looked up once when its sentence is
 * prepared; the parse then asks "is token i a cue?" with a bit test. */

/* The tables, by index; a token's bit t follows this order. */
enum {
	S_T_PREPS, S_T_DIR_ADJ, S_T_DIR_NOUN, S_T_CUES, S_T_MODS, S_T_HELD,
	S_T_ACTOR_NOUNS, S_T_CLAUSE_END, S_T_CALENDAR, S_T_COMPLEMENTS,
	S_T_DETS, S_T_PARTICLES, S_T_WORDS, S_NTAB
};

_Static_assert(S_NTAB <= 16, "table bits must stay below S_F_AND");

static const S_word *const S_TABLES[S_NTAB] = {
	S_PREPS, S_DIR_ADJ, S_DIR_NOUN, S_CUES, S_MODS, S_HELD,
	S_ACTOR_NOUNS, S_CLAUSE_END, S_CALENDAR, S_COMPLEMENTS, S_DETS,
	S_PARTICLES, S_WORDS
};

typedef struct S_rec {
	const char *w;             /* the folded word */
	size_t n;                  /* its length */
	const S_word *hit[S_NTAB]; /* its (first) entry in each table, or NULL */
	uint32_t fl;               /* bit t when hit[t]; the S_WORDS bits */
} S_rec;

enum {
	S_NREC = 512,  /* records: more than the words of all the tables */
	S_NSLOT = 1024 /* hash slots: a power of two, twice S_NREC */
};

static struct {
	S_rec rec[S_NREC];      /* rec[0] unused: slot value 0 is empty */
	int nrec;               /* records used, 1..nrec */
	uint16_t slot[S_NSLOT]; /* record index per slot, 0 empty */
	uint32_t firstlen[256]; /* bit n: a word of length n starts with this byte */
	size_t maxlen;          /* the longest word (under 32) */
	int ok;                 /* built (never fails with the tables above) */
} S_idx;

static dn_once S_idx_once = DN_ONCE_INIT;

/* The slot of word s[0..n) whose dn_hash is hash: its record's, or the
 * empty one to fill. */
static size_t S_idx_slot(const char *s, size_t n, uint64_t hash)
{
	size_t h = (size_t)hash & (S_NSLOT - 1);
	for (;;) {
		uint16_t r = S_idx.slot[h];
		if (!r || (S_idx.rec[r].n == n && memcmp(S_idx.rec[r].w, s, n) == 0))
			return h;
		h = (h + 1) & (S_NSLOT - 1);
	}
}

static void S_idx_build(void)
{
	S_idx.nrec = 0;
	for (int t = 0; t < S_NTAB; t++) {
		for (const S_word *e = S_TABLES[t]; e->w; e++) {
			size_t n = strlen(e->w);
			size_t h = S_idx_slot(e->w, n, dn_hash(e->w, n));
			uint16_t r = S_idx.slot[h];
			if (!r) {
				if (S_idx.nrec + 1 >= S_NREC)
					return; /* too many words: S_idx.ok stays 0 */
				r = (uint16_t)++S_idx.nrec;
				S_idx.rec[r].w = e->w;
				S_idx.rec[r].n = n;
				S_idx.slot[h] = r;
				if (n > S_idx.maxlen)
					S_idx.maxlen = n;
				if (n >= 32)
					return; /* too long for firstlen: S_idx.ok stays 0 */
				S_idx.firstlen[(unsigned char)e->w[0]] |= 1u << n;
			}
			if (!S_idx.rec[r].hit[t]) {
				S_idx.rec[r].hit[t] = e; /* the first, as a scan finds */
				S_idx.rec[r].fl |= 1u << t;
				if (t == S_T_WORDS)
					S_idx.rec[r].fl |= (uint32_t)e->v;
			}
		}
	}
	S_idx.ok = 1;
}

/* The record of word s[0..n) whose dn_hash has h as its low 32 bits, or
 * NULL when no table lists it. */
static const S_rec *S_rec_find_h(const char *s, size_t n, uint32_t h)
{
	if (n == 0 || n > S_idx.maxlen ||
	    !((S_idx.firstlen[(unsigned char)s[0]] >> n) & 1))
		return NULL;
	uint16_t r = S_idx.slot[S_idx_slot(s, n, h)];
	return r ? &S_idx.rec[r] : NULL;
}

/* Table t's entry for word s[0..n), or NULL. */
static const S_word *S_lookup(int t, const char *s, size_t n)
{
	if (n == 0 || n > S_idx.maxlen ||
	    !((S_idx.firstlen[(unsigned char)s[0]] >> n) & 1))
		return NULL;
	const S_rec *r = S_rec_find_h(s, n, (uint32_t)dn_hash(s, n));
	return r ? r->hit[t] : NULL;
}

/* MARK: - Prepared sentence */

/* Evidence that an expression is a location, found inside it. */
enum {
	S_EV_DIR = 1,   /* a direction: "eastern Aleppo", "south of X" */
	S_EV_CUE = 2,   /* a place noun: "Idlib province", "city of X" */
	S_EV_APPOS = 4  /* an apposition: "Lausanne, Switzerland" */
};

typedef struct S_ex {
	int a, b;       /* tokens consumed [a, b) */
	int ta, tb;     /* tokens of the place text [ta, tb) */
	int ev;         /* S_EV_* */
	dn_place place; /* the place */
} S_ex;

/* What a token's folded form alone says: S_wf_make. */
typedef struct S_wf {
	const S_rec *rec; /* its word record, or NULL */
	uint32_t fl;      /* the token bits it gives: the record's, S_F_PURE,
			     S_F_ADJ, S_F_BOUND and S_F_SKIP for those, and
			     with S_W_NAMES S_F_FIRST, S_F_EXT */
	uint32_t name;    /* dn_gaz_name_id of its key, 0 none (S_W_NAMES) */
	char cc[4];       /* the country of an adjective (S_F_ADJ) */
	uint8_t bits;     /* S_W_* */
} S_wf;

enum {
	S_W_NAMES = 1 /* S_F_FIRST, S_F_EXT and name are known (S_wf_names) */
};

enum {
	S_KPOOL = 4096,     /* bytes of token keys kept (the rest are made again) */
	S_NEX = 64,         /* expressions kept per sentence (the rest are parsed again) */
	S_MEMO_SLOTS = 4096,/* word facts remembered by a scan: a power of two */
	S_MEMO_W = 19       /* bytes of the longest folded form remembered
			       (at most 24: S_same; 19 makes S_memo 48 bytes) */
};

/* The facts of one folded form, kept across sentences and documents
 * (they depend on the gazetteer alone). */
typedef struct S_memo {
	S_wf f;             /* the facts */
	uint32_t h;         /* the folded form's hash (low 32 bits) */
	uint8_t n;          /* its length; 0: an empty slot */
	char w[S_MEMO_W];   /* the folded form */
} S_memo;

typedef struct dn_geo_scan S_scan;

struct dn_geo_scan {
	const dn_gaz *g;           /* the gazetteer */
	const char *text;          /* the document */
	const dn_toks *t;          /* its tokens */
	int first, last;           /* the sentence's tokens */
	int ready;                 /* dn_geo_prepare succeeded */
	const char *ctx;           /* the article's country in this pick, or NULL */
	char ctxkey[8];            /* the country exs[] were parsed for, "" none */
	int ctxexact;              /* ctxkey holds all of it (else exs[] go) */
	char buf[DN_GAZ_MAX_KEY];  /* joined folded forms */
	uint32_t fl[DN_GEO_MAX_TOKENS];      /* S_F_* and table bits of token first + k */
	const S_rec *rec[DN_GEO_MAX_TOKENS]; /* its word record, or NULL */
	int16_t match[DN_GEO_MAX_TOKENS];    /* S_match_at(first + k) - first */
	uint32_t name[DN_GEO_MAX_TOKENS];    /* dn_gaz_name_id of the name
						[first + k, match): 0 none */
	char adjcc[DN_GEO_MAX_TOKENS][4];    /* the country of an S_F_ADJ token */
	int8_t kst[DN_GEO_MAX_TOKENS];       /* key of a token not S_F_PURE: -1 not
						yet, 0 none, 1 in kpool */
	uint16_t koff[DN_GEO_MAX_TOKENS];    /* ... its offset in kpool */
	uint8_t klen[DN_GEO_MAX_TOKENS];     /* ... and length (dn_gaz_key_part) */
	size_t kused;                        /* bytes of kpool used */
	char kpool[S_KPOOL];                 /* token keys */
	int16_t cand[DN_GEO_MAX_TOKENS];     /* tokens (- first) where a pick may
						find an expression, last first */
	int ncand;                           /* their number */
	int16_t bounds[DN_GEO_MAX_TOKENS];   /* tokens (- first) with S_F_BOUND, last
						first */
	int nbounds;                         /* their number */
	int16_t exst[2][DN_GEO_MAX_TOKENS];  /* S_expr(first + k, unknown_ok, depth 0,
						no country): -1 not parsed yet, -2
						none, else its index in exs ... */
	uint16_t exgen[DN_GEO_MAX_TOKENS];   /* ... when exgen[k] is gen */
	uint16_t gen;                        /* changes with the sentence or the
						country: exst is void */
	int nexs;                            /* exs used */
	S_ex exs[S_NEX];                     /* expressions found, for ctxkey */
	S_ex spill;                          /* the last one found when exs is full */
	S_memo *memo;                        /* S_MEMO_SLOTS word facts, or NULL */
	const dn_gaz *memo_g;                /* the gazetteer they were found in */
};

static const char *S_norm(const S_scan *x, int i, size_t *n)
{
	*n = x->t->v[i].nlen;
	return dn_tok_norm(x->t, &x->t->v[i]);
}

/* The S_F_* and table bits of token i; 0 outside the sentence. */
static inline uint32_t S_fl(const S_scan *x, int i)
{
	return i >= x->first && i < x->last ? x->fl[i - x->first] : 0;
}

/* Table t's entry for token i, or NULL (also outside the sentence). */
static inline const S_word *S_tok_in(const S_scan *x, int i, int t)
{
	return (S_fl(x, i) >> t) & 1 ? x->rec[i - x->first]->hit[t] : NULL;
}

/* The end of the longest gazetteer name starting at token i, or i. */
static inline int S_match(const S_scan *x, int i)
{
	return i >= x->first && i < x->last ? x->first + x->match[i - x->first] : i;
}

/* The gazetteer key of token i on its own, before a leading "the " is
 * dropped (dn_gaz_key_part), made once per sentence: 1 and *key, *len,
 * or 0 when it is not kept (outside the sentence, too long, the pool is
 * full). */
static int S_tok_key(S_scan *x, int i, const char **key, size_t *len)
{
	if (i < x->first || i >= x->last)
		return 0;
	int k = i - x->first;
	if (x->fl[k] & S_F_PURE) {
		/* a word of a-z and 0-9 is its own key (dn_gaz_key keeps those
		 * bytes and only those): no copy */
		*key = S_norm(x, i, len);
		return 1;
	}
	if (x->kst[k] < 0) {
		size_t n, kl;
		const char *s = S_norm(x, i, &n);
		char tmp[DN_GAZ_MAX_KEY];
		x->kst[k] = 0;
		if (dn_gaz_key_part(s, n, tmp, sizeof tmp, &kl) && kl <= UINT8_MAX &&
		    x->kused + kl + 1 <= sizeof x->kpool) {
			memcpy(x->kpool + x->kused, tmp, kl + 1);
			x->koff[k] = (uint16_t)x->kused;
			x->klen[k] = (uint8_t)kl;
			x->kused += kl + 1;
			x->kst[k] = 1;
		}
	}
	if (!x->kst[k])
		return 0;
	*key = x->kpool + x->koff[k];
	*len = x->klen[k];
	return 1;
}

/* The key dn_gaz_key makes of a whole from the parts' key: a leading
 * "the " (with more after it) is dropped. */
static const char *S_key_whole(const char *key, size_t *len)
{
	if (*len > 4 && memcmp(key, "the ", 4) == 0) {
		*len -= 4;
		return key + 4;
	}
	return key;
}

/* Whether s[0..n) is its own key (S_tok_key). */
static int S_pure(const char *s, size_t n)
{
	size_t j = 0;
	while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
		j++;
	return j == n && n + 8 < DN_GAZ_MAX_KEY;
}

/* The facts of the folded form s[0..n) whose dn_hash has h as its low
 * 32 bits that every token needs: its record, whether it is its own key,
 * whether it is a country adjective. Each is what the parse would find
 * with the token's key (made by S_tok_key or, when that keeps none, by
 * dn_gaz_key). */
static void S_wf_make(const dn_gaz *g, const char *s, size_t n, uint32_t h,
		      S_wf *f)
{
	memset(f, 0, sizeof(*f));
	f->rec = S_rec_find_h(s, n, h);
	uint32_t fl = f->rec ? f->rec->fl : 0;
	if (S_pure(s, n)) {
		/* its own key: one word, hashed already */
		fl |= S_F_PURE;
		if (dn_gaz_adjective_key_h(g, s, n, h, f->cc))
			fl |= S_F_ADJ;
	} else {
		char buf[DN_GAZ_MAX_KEY];
		size_t kl;
		if (dn_gaz_key_part(s, n, buf, sizeof buf, &kl)) { /* else no key */
			const char *key = S_key_whole(buf, &kl);
			if (dn_gaz_adjective_key(g, key, kl, f->cc))
				fl |= S_F_ADJ;
		}
	}
	if (fl & (1u << S_T_CLAUSE_END))
		fl |= S_F_BOUND;
	if (fl & (S_F_ADJ | (1u << S_T_DIR_ADJ) | (1u << S_T_MODS)))
		fl |= S_F_SKIP;
	f->fl = fl;
}

/* The facts S_match_at needs of a name's first word, added to f: whether
 * a name starts with it, its own name id, whether a longer name starts
 * with it. */
static void S_wf_names(const dn_gaz *g, const char *s, size_t n, uint32_t h,
		       S_wf *f)
{
	f->bits |= S_W_NAMES;
	char buf[DN_GAZ_MAX_KEY];
	const char *key = s;
	size_t kl = n;
	if (f->fl & S_F_PURE) {
		if (!dn_gaz_word_is_first_h(g, s, n, h))
			return;
	} else {
		if (!dn_gaz_key_part(s, n, buf, sizeof buf, &kl))
			return;
		key = S_key_whole(buf, &kl);
		if (!dn_gaz_first_word_key(g, key, kl))
			return;
	}
	/* (no name starts with the word: it is no name, and no longer
	 * name starts with it) */
	int ext;
	f->fl |= S_F_FIRST;
	f->name = dn_gaz_name_ext(g, key, kl, &ext);
	if (ext)
		f->fl |= S_F_EXT;
}

static inline uint64_t S_ld8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint32_t S_ld4(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Whether a[0..n) and b[0..n) are the same bytes, 1 <= n <= 24: a few
 * overlapping loads that read no byte outside them. */
static inline int S_same(const char *a, const char *b, size_t n)
{
	if (n >= 8)
		return S_ld8(a) == S_ld8(b) && S_ld8(a + n - 8) == S_ld8(b + n - 8) &&
		       (n <= 16 || S_ld8(a + 8) == S_ld8(b + 8));
	if (n >= 4)
		return S_ld4(a) == S_ld4(b) && S_ld4(a + n - 4) == S_ld4(b + n - 4);
	return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
}

/* The facts of the word s[0..n) of token tk, made (S_wf_make) and
 * remembered in x->memo when it has one: a pointer to them, in the memo
 * or in *tmp. (Cold: a word's first sighting, kept out of the loop over
 * tokens, which then needs fewer registers.) */
static S_wf *S_word_made(S_scan *x, const dn_tok *tk, const char *s, size_t n,
			 S_wf *tmp) __attribute__((noinline, cold));

static S_wf *S_word_made(S_scan *x, const dn_tok *tk, const char *s, size_t n,
			 S_wf *tmp)
{
	S_wf_make(x->g, s, n, tk->hash, tmp);
	if (!x->memo || n - 1 >= S_MEMO_W) /* (remembered: 1 <= n <= S_MEMO_W) */
		return tmp;
	S_memo *m = &x->memo[tk->hash & (S_MEMO_SLOTS - 1)];
	m->f = *tmp; /* the slot now holds this word */
	m->h = tk->hash;
	m->n = (uint8_t)n;
	memcpy(m->w, s, n);
	return &m->f;
}

/* The facts of token tk: remembered, or S_word_made. */
static inline S_wf *S_word_facts(S_scan *x, const dn_tok *tk, S_wf *tmp)
{
	const char *s = dn_tok_norm(x->t, tk);
	size_t n = tk->nlen;
	if (x->memo) {
		S_memo *m = &x->memo[tk->hash & (S_MEMO_SLOTS - 1)];
		/* (an empty slot has n = 0: no token matches it) */
		if (m->h == tk->hash && m->n == n && n && S_same(m->w, s, n))
			return &m->f;
	}
	return S_word_made(x, tk, s, n, tmp);
}

/* A capitalised word, or a particle-hyphen name: "al-Habeet" (a token
 * of the sentence, whose table bits are fl). */
static inline int S_namelike(const S_scan *x, const dn_tok *k, uint32_t fl)
{
	unsigned tf = k->flags & (DN_TK_WORD | DN_TK_NUM | DN_TK_POSS | DN_TK_CAP |
				  DN_TK_HYPH);
	if ((tf & ~DN_TK_HYPH) == (DN_TK_WORD | DN_TK_CAP))
		return !(fl & (1u << S_T_CALENDAR));
	if (tf != (DN_TK_WORD | DN_TK_HYPH))
		return 0;
	for (uint32_t j = k->start; j + 1 < k->end; j++)
		if (x->text[j] == '-' && x->text[j + 1] >= 'A' && x->text[j + 1] <= 'Z')
			return 1;
	return 0;
}

/* "rebel-held", "IS-controlled" (a token of the sentence). */
static int S_is_held(const S_scan *x, const dn_tok *k)
{
	if (!(k->flags & DN_TK_HYPH))
		return 0;
	size_t n = k->nlen;
	const char *s = dn_tok_norm(x->t, k);
	const char *dash = NULL;
	for (size_t j = 0; j < n; j++)
		if (s[j] == '-')
			dash = s + j;
	return dash && S_lookup(S_T_HELD, dash + 1, (size_t)(s + n - dash - 1));
}

/* Joins the folded forms of tokens [a, b) into x->buf; its length, or 0
 * when it does not fit. */
static size_t S_join(S_scan *x, int a, int b)
{
	size_t o = 0;
	for (int i = a; i < b; i++) {
		size_t n;
		const char *s = S_norm(x, i, &n);
		if (o + n + 2 >= sizeof x->buf)
			return 0;
		if (i > a)
			x->buf[o++] = ' ';
		memcpy(x->buf + o, s, n);
		o += n;
	}
	x->buf[o] = 0;
	return o;
}

/* The end of the longest gazetteer name starting at the name-like token
 * i (first <= i < last) whose word starts a name (S_F_FIRST), or i; sets
 * x->name[i - first] (which holds the word's own name id before). */
static int S_match_at(S_scan *x, int i)
{
	int k0 = i - x->first;
	uint32_t id1 = x->name[k0];
	int ext1 = (x->fl[k0] & S_F_EXT) != 0;
	/* A word that is its own key and starts no longer name: the name is
	 * the word or none (the loop below stops after the word). */
	size_t n0 = x->t->v[i].nlen;
	if ((x->fl[k0] & (S_F_PURE | S_F_EXT)) == S_F_PURE && n0 > 0 &&
	    n0 + 9 < DN_GAZ_MAX_KEY &&
	    !(n0 == 3 && memcmp(dn_tok_norm(x->t, &x->t->v[i]), "the", 3) == 0)) {
		x->name[k0] = id1;
		return id1 ? i + 1 : i;
	}
	/* The names [i, k]: the key of their joined folded forms is made
	 * from the tokens' keys (dn_gaz_key_part) while it is well short of
	 * DN_GAZ_MAX_KEY, where dn_gaz_key could not fail; otherwise the
	 * text is joined and keyed as a whole. The key of [i, i] is the
	 * word's own, whose facts are known already. */
	char whole[DN_GAZ_MAX_KEY];
	size_t wl = 0;  /* length of the key in whole */
	int parts = 1;  /* whole holds the key of [i, k) */
	size_t jl = 0;  /* length S_join gives [i, k) */
	int best = i;
	uint32_t bestid = 0;
	for (int k = i; k < x->last && k - i < DN_GAZ_MAX_WORDS; k++) {
		if (k > i && !(x->t->v[k].flags & DN_TK_WORD))
			break;
		size_t tn = x->t->v[k].nlen;
		if (jl + tn + 2 >= sizeof x->buf)
			break; /* S_join would fail */
		jl += (k > i) + tn;
		if (!jl)
			break; /* S_join gives nothing */
		const char *pk;
		size_t pl;
		uint32_t id;
		if (parts && S_tok_key(x, k, &pk, &pl) && wl + 1 + pl + 8 < sizeof whole) {
			if (pl) {
				if (wl)
					whole[wl++] = ' ';
				memcpy(whole + wl, pk, pl);
				wl += pl;
			}
			size_t ql = wl;
			const char *q = S_key_whole(whole, &ql);
			int ext = ext1;
			if (k == i)
				id = id1;
			else if (pl && ql > pl && (x->fl[k - x->first] & S_F_PURE) &&
				 !dn_gaz_word_inner_h(x->g, pk, pl, x->t->v[k].hash))
				id = ext = 0; /* q ends in a word no key has there */
			else
				id = dn_gaz_name_ext(x->g, q, ql, &ext);
			if (id != 0) {
				best = k + 1;
				bestid = id;
			}
			/* no longer name starts with these words: the key of
			 * [i, k + 1] is this one or it followed by " ..." (but
			 * "the" alone loses its "the" once more follows) */
			if (!ext && !(wl == 3 && memcmp(whole, "the", 3) == 0))
				break;
			continue;
		}
		parts = 0;
		size_t len = S_join(x, i, k + 1);
		char key[DN_GAZ_MAX_KEY];
		size_t kl = dn_gaz_key(x->buf, len, key, sizeof key);
		if ((id = dn_gaz_name_id(x->g, key, kl)) != 0) {
			best = k + 1;
			bestid = id;
		}
	}
	x->name[k0] = bestid;
	return best;
}

int dn_geo_prepare(dn_geo_scan *x, const dn_gaz *g, const char *text,
		   const dn_toks *toks, int first, int last)
{
	if (!x)
		return 0;
	x->ready = 0;
	if (!g || !toks || first < 0 || last > toks->n || first >= last ||
	    last - first > DN_GEO_MAX_TOKENS)
		return 0;
	dn_once_run(&S_idx_once, S_idx_build);
	if (!S_idx.ok)
		return 0;
	x->g = g;
	x->text = text;
	x->t = toks;
	x->first = first;
	x->last = last;
	x->kused = 0;
	if (x->memo && x->memo_g != g) {
		memset(x->memo, 0, S_MEMO_SLOTS * sizeof(*x->memo));
		x->memo_g = g;
	}
	/* From the last token back: a name reads the tokens after it (their
	 * keys), and so does the test of where expressions may start. S_expr
	 * stops at once at a token that is no name, no direction or cue noun
	 * and nothing it steps over, and fails there unless an unknown name
	 * may stand there. A pick must try those starts, and prepositions
	 * before an S_F_USTART. */
	int n = last - first;
	memset(x->kst, -1, (size_t)n);
	const dn_tok *v = toks->v + first;
	uint32_t next = 0; /* the bits of token k + 1 */
	int nc = 0, nb = 0;
	for (int k = n - 1; k >= 0; k--) {
		const dn_tok *tk = v + k;
		uint32_t tf = tk->flags;
		S_wf tmp, *f = S_word_facts(x, tk, &tmp);
		uint32_t fl = f->fl; /* S_F_FIRST and S_F_EXT count with S_F_NAME */
		if (S_namelike(x, tk, fl)) {
			if (!(f->bits & S_W_NAMES)) /* remembered with the rest */
				S_wf_names(g, dn_tok_norm(toks, tk), tk->nlen, tk->hash, f);
			fl = f->fl | S_F_NAME;
			x->name[k] = f->name; /* for S_match_at */
		}
		if (fl & S_F_ADJ)
			memcpy(x->adjcc[k], f->cc, 4);
		x->rec[k] = f->rec;
		if (tf & DN_TK_QUOTE)
			fl |= S_F_BOUND;
		if (tf & DN_TK_NUM)
			fl |= S_F_SKIP;
		if ((tf & DN_TK_HYPH) && S_is_held(x, tk))
			fl |= S_F_HELD | S_F_SKIP;
		int m = k;
		if ((fl & (S_F_NAME | S_F_FIRST)) == (S_F_NAME | S_F_FIRST)) {
			x->fl[k] = fl; /* S_match_at reads it */
			m = S_match_at(x, first + k) - first;
		}
		x->match[k] = (int16_t)m;
		if (m > k || (fl & ((1u << S_T_DIR_NOUN) | (1u << S_T_CUES))))
			fl |= S_F_START | S_F_USTART;
		else if (fl & S_F_SKIP) /* START comes with USTART */
			fl |= next & (S_F_START | S_F_USTART);
		if (fl & S_F_NAME)
			fl |= S_F_USTART;
		if ((fl & S_F_START) || ((fl & (1u << S_T_PREPS)) && (next & S_F_USTART)))
			x->cand[nc++] = (int16_t)k;
		if (fl & S_F_BOUND)
			x->bounds[nb++] = (int16_t)k;
		x->fl[k] = fl;
		next = fl;
	}
	x->ncand = nc;
	x->nbounds = nb;
	x->ctxexact = 0; /* the first pick forgets the expressions */
	x->ready = 1;
	return 1;
}

/* Resolves the name of tokens [a, S_match(a)): wanted resolution first,
 * then any; cc (with strict) is a country the text itself gave. */
static int S_resolve(S_scan *x, int a, int want, const char *cc,
		     int strict, dn_place *out)
{
	uint32_t id = x->name[a - x->first];
	dn_gaz_query q = {.country = cc && cc[0] ? cc : x->ctx,
			  .strict = strict && cc && cc[0]};
	if (want == S_PROV || want == S_DIST) {
		q.minres = q.maxres = want;
	} else if (want == S_CITY) {
		q.minres = DN_RES_CITY;
		q.maxres = DN_RES_PLACE;
	}
	if (q.minres && dn_gaz_query_id(x->g, id, &q, out))
		return 1;
	int wanted = q.minres;
	q.minres = q.maxres = 0;
	if (!dn_gaz_query_id(x->g, id, &q, out))
		return 0;
	if (wanted == DN_RES_PROVINCE && out->resolution > wanted) {
		/* "Deir Ezzor province": the province of the city's canonical name */
		dn_gaz_query pq = {.country = out->country, .strict = 1,
				   .minres = wanted, .maxres = wanted};
		dn_place prov;
		if (dn_gaz_query_find(x->g, out->name, strlen(out->name), &pq, &prov) &&
		    strcmp(prov.country, out->country) == 0)
			*out = prov;
	}
	return 1;
}

/* MARK: - Expressions */

static int S_expr(S_scan *x, int p, int unknown_ok, int depth,
		  const char *cc0, S_ex *ex);

/* After a core [ca, cb): a place noun, or "and CORE2 provinces". Returns
 * the token after them and sets *want. */
static int S_cue_after(S_scan *x, int j, int *want, int *ev)
{
	const S_word *c = S_tok_in(x, j, S_T_CUES);
	if (c) {
		*want = c->v;
		*ev |= S_EV_CUE;
		return j + 1;
	}
	int k = j;
	for (int n = 0; n < 3; n++) {
		if (!(S_fl(x, k) & (S_F_AND | S_F_COMMA | S_F_OR)))
			break;
		int e = S_match(x, k + 1);
		if (e == k + 1)
			break;
		k = e;
		if ((c = S_tok_in(x, k, S_T_CUES)) != NULL) {
			*want = c->v;
			*ev |= S_EV_CUE;
			return k + 1;
		}
	}
	return j;
}

/* A name of up to four name-like tokens (particles allowed inside) that
 * the gazetteer does not know as a whole ("Kafr Halab" though "Halab" is
 * known); returns its end, or a when there is none. */
static int S_unknown(const S_scan *x, int a)
{
	int i = a, end = a;
	while (i < x->last && i - a < 4) {
		if (S_fl(x, i) & S_F_NAME)
			end = ++i;
		else if (i > a && S_tok_in(x, i, S_T_PARTICLES) && (S_fl(x, i + 1) & S_F_NAME))
			i++;
		else
			break;
	}
	return end;
}

/* The known core [ca, cb) of an expression: resolves it, then looks to
 * its right for place nouns, possessives, actor nouns, longer names and
 * containers. */
static int S_known(S_scan *x, int ca, int cb, int want, const char *cc,
		   int depth, S_ex *ex)
{
	int j = S_cue_after(x, cb, &want, &ex->ev);
	ex->tb = j == cb + 1 ? j : cb; /* "Idlib province" keeps its noun */
	if (!S_resolve(x, ca, want, cc, cc != NULL, &ex->place))
		return 0;
	/* "Syria's Idlib province": the second place, in the first's country */
	if (j < x->last && (x->t->v[j].flags & DN_TK_POSS) && depth < 2) {
		S_ex sub;
		if (S_expr(x, j + 1, 0, depth + 1, ex->place.country, &sub)) {
			sub.a = ex->a;
			*ex = sub;
			return 1;
		}
		/* "Aleppo's eastern districts": a part of the place */
		int k = j + 1;
		while (S_fl(x, k) & ((1u << S_T_DIR_ADJ) | (1u << S_T_MODS)))
			k++;
		if (S_fl(x, k) & (1u << S_T_CUES)) {
			ex->ev |= S_EV_CUE;
			ex->b = k + 1;
			return 1;
		}
	}
	uint32_t fj = S_fl(x, j);
	if (fj & (1u << S_T_ACTOR_NOUNS))
		return 0;
	int allcaps = (x->t->v[cb - 1].flags & DN_TK_ALLCAP) != 0;
	if (!allcaps && (fj & S_F_NAME))
		return 0; /* "Aleppo Media Center" */
	ex->b = j;
	/* "Lausanne, Switzerland", "Tripoli in northern Lebanon" */
	if (depth == 0 && (fj & (S_F_COMMA | S_F_IN))) {
		S_ex sub;
		dn_place p;
		if (S_expr(x, j + 1, 0, depth + 1, NULL, &sub) &&
		    sub.place.resolution < ex->place.resolution &&
		    sub.place.country[0] &&
		    S_resolve(x, ca, want, sub.place.country, 1, &p) &&
		    strcmp(p.country, sub.place.country) == 0) {
			ex->place = p;
			if (fj & S_F_COMMA) {
				ex->tb = sub.tb;
				ex->b = sub.b;
				ex->ev |= S_EV_APPOS;
			}
		}
	}
	return 1;
}

/* Parses a place expression starting at token p into *ex; 1 when it
 * names a place. unknown_ok lets an unknown name stand for a place named
 * right after it; depth bounds the nesting of containers; cc0 is a
 * country given by the text around it ("Syria's ..."), or NULL. */
static int S_expr(S_scan *x, int p, int unknown_ok, int depth,
		  const char *cc0, S_ex *ex)
{
	/* most tokens start nothing: the loop below would stop at once */
	if (!(S_fl(x, p) & (unknown_ok ? S_F_USTART : S_F_START)))
		return 0;
	int i = p, want = S_ANY, dir = -1;
	char cc[4] = "";
	if (cc0)
		memcpy(cc, cc0, 4);
	ex->a = p; /* the rest is set on success (place by S_resolve) */
	ex->b = ex->ta = ex->tb = p;
	ex->ev = 0;
	for (int steps = 0; i < x->last && steps < 12; steps++) {
		int e = S_match(x, i);
		if (e > i) {
			ex->ta = dir >= 0 ? dir : i;
			return S_known(x, i, e, want, cc[0] ? cc : NULL, depth, ex);
		}
		uint32_t fi = x->fl[i - x->first];
		if ((fi & (1u << S_T_DIR_NOUN)) && (S_fl(x, i + 1) & S_F_OF)) {
			if (dir < 0)
				dir = i;
			ex->ev |= S_EV_DIR;
			i += 2;
		} else if ((fi & (1u << S_T_CUES)) && (S_fl(x, i + 1) & S_F_OF)) {
			want = S_tok_in(x, i, S_T_CUES)->v;
			ex->ev |= S_EV_CUE;
			dir = -1;
			i += 2;
		} else if (fi & (1u << S_T_DIR_ADJ)) {
			if (dir < 0)
				dir = i;
			ex->ev |= S_EV_DIR;
			i++;
		} else if ((fi & ((1u << S_T_MODS) | S_F_HELD)) ||
			   (x->t->v[i].flags & DN_TK_NUM)) {
			i++;
		} else if (fi & S_F_ADJ) {
			memcpy(cc, x->adjcc[i - x->first], 4);
			i++;
		} else {
			break;
		}
	}
	if (!unknown_ok || i >= x->last)
		return 0;
	int ue = S_unknown(x, i);
	if (ue == i)
		return 0;
	/* an unknown name needs a known place right after it */
	int j = ue;
	if (S_fl(x, j) & (1u << S_T_CUES))
		j++;
	if (depth > 0 || !(S_fl(x, j) & (S_F_IN | S_F_COMMA)))
		return 0;
	S_ex sub;
	if (!S_expr(x, j + 1, 0, depth + 1, NULL, &sub))
		return 0;
	ex->place = sub.place;
	ex->ta = i;
	ex->tb = ue;
	ex->b = sub.b;
	ex->ev |= sub.ev;
	return 1;
}

/* S_expr(x, p, unknown_ok, 0, NULL), parsed once per sentence and
 * country: the expression, or NULL. The result is valid until the next
 * call. */
static const S_ex *S_expr_at(S_scan *x, int p, int unknown_ok)
{
	if (p >= x->last)
		return NULL;
	int k = p - x->first;
	if (x->exgen[k] != x->gen) { /* nothing parsed here yet */
		x->exgen[k] = x->gen;
		x->exst[0][k] = x->exst[1][k] = -1;
	}
	int16_t *st = &x->exst[unknown_ok != 0][k];
	if (*st >= 0)
		return &x->exs[*st];
	if (*st == -2)
		return NULL;
	S_ex ex; /* (a local: S_expr's stores then cannot alias x) */
	if (!S_expr(x, p, unknown_ok, 0, NULL, &ex)) {
		*st = -2;
		return NULL;
	}
	if (x->nexs == S_NEX) { /* not kept: parsed again next time */
		x->spill = ex;
		return &x->spill;
	}
	x->exs[x->nexs] = ex;
	*st = (int16_t)x->nexs++;
	return &x->exs[*st];
}

/* Makes ctx the article's country of this pick; forgets the expressions
 * parsed for another. */
static void S_ctx_use(S_scan *x, const char *ctx)
{
	char key[sizeof x->ctxkey] = {0}; /* "" resolves as NULL does */
	size_t n = 0;
	while (ctx && n < sizeof key && ctx[n]) {
		key[n] = ctx[n];
		n++;
	}
	int exact = n < sizeof key;
	x->ctx = ctx;
	if (exact && x->ctxexact && memcmp(key, x->ctxkey, sizeof key) == 0)
		return;
	memcpy(x->ctxkey, key, sizeof key);
	x->ctxexact = exact;
	if (++x->gen == 0) { /* wrapped: no stale stamp may match */
		memset(x->exgen, 0, sizeof x->exgen);
		x->gen = 1;
	}
	x->nexs = 0;
}

/* MARK: - Choosing */

/* The clause of the trigger: [*lo, *hi), between the S_F_BOUND tokens
 * before and after it. */
static void S_clause(const S_scan *x, int trigger, int *lo, int *hi)
{
	int t = trigger - x->first, b = 0;
	*lo = x->first;
	*hi = x->last;
	while (b < x->nbounds && x->bounds[b] > t) /* last first */
		*hi = x->first + x->bounds[b++];
	if (b < x->nbounds && x->bounds[b] == t)
		b++;
	if (b < x->nbounds)
		*lo = x->first + x->bounds[b] + 1;
}

typedef struct S_best {
	int cost;  /* lower is better; -1 before the first candidate */
	S_ex ex;   /* the winner */
} S_best;

/* Offers ex, starting at token a (a preposition before it, or ex->a). */
static void S_offer(int trigger, int lo, int hi, int pen, int a,
		    const S_ex *ex, S_best *best)
{
	int d;
	if (ex->b <= trigger) /* before the trigger it often names the subject's place */
		d = 2 * (trigger - ex->b + 1) + 3;
	else if (a > trigger)
		d = 2 * (a - trigger);
	else
		d = 0;
	/* a country is often background ("the situation in Syria"): a city
	 * three words further away still wins over it */
	if (ex->place.resolution == DN_RES_COUNTRY)
		pen += 3;
	int cost = d + 2 * pen + (a >= lo && ex->b <= hi ? 0 : 1000);
	if (best->cost < 0 || cost < best->cost) {
		best->cost = cost;
		best->ex = *ex;
		best->ex.a = a;
	}
}

/* Whether a place right after the trigger is where it happened
 * ("shelled Aleppo", "seized Aden on Monday") rather than its recipient
 * ("accused Ankara of", "urged Moscow to", "met Moscow's envoy").
 * Countries as objects are always recipients. */
static int S_object_is_place(const S_scan *x, const S_ex *ex)
{
	if (ex->place.resolution == DN_RES_COUNTRY)
		return 0;
	if (ex->b < x->last && (x->t->v[ex->b].flags & DN_TK_POSS))
		return 0;
	const S_word *c = S_tok_in(x, ex->b, S_T_COMPLEMENTS);
	return !c || (c->v && !(ex->place.flags & DN_PLACE_CAPITAL));
}

int dn_geo_pick(dn_geo_scan *x, int trigger, const char *ctx_country,
		dn_loc *out)
{
	if (!x || !x->ready)
		return 0;
	S_ctx_use(x, ctx_country);
	int first = x->first, last = x->last;
	if (trigger < first || trigger >= last)
		trigger = first;
	int lo, hi;
	S_clause(x, trigger, &lo, &hi);
	S_best best = {.cost = -1};
	const S_ex *ex;
	/* Left to right; an expression taken is stepped over. Only the
	 * candidates (dn_geo_prepare) and the trigger can give anything. */
	int c = x->ncand - 1;
	for (int p = first; p < last; p++) {
		while (c >= 0 && first + x->cand[c] < p)
			c--;
		int q = c >= 0 ? first + x->cand[c] : last;
		if (trigger >= p && trigger < q)
			q = trigger;
		if (q >= last)
			break;
		/* after the trigger an expression from q costs at least
		 * 2 (q - trigger), and 1000 more past its clause (S_offer),
		 * which grows with q: the best stays */
		if (q > trigger && best.cost >= 0 &&
		    best.cost <= 2 * (q - trigger) + (q >= hi ? 1000 : 0))
			break;
		p = q;
		uint32_t f = x->fl[p - first];
		if ((f & (1u << S_T_PREPS)) && (ex = S_expr_at(x, p + 1, 1)) != NULL) {
			S_offer(trigger, lo, hi, S_tok_in(x, p, S_T_PREPS)->v, p, ex, &best);
			p = ex->b - 1;
			continue;
		}
		if (p == trigger) {
			/* "shelled Aleppo", "the siege of Aleppo" */
			int obj = p + 1 + ((S_fl(x, p + 1) & S_F_OF) != 0);
			if ((ex = S_expr_at(x, obj, 0)) != NULL &&
			    (ex->ev || S_object_is_place(x, ex)))
				S_offer(trigger, lo, hi, 0, ex->a, ex, &best);
			continue;
		}
		if (!(f & S_F_START) || (ex = S_expr_at(x, p, 0)) == NULL)
			continue;
		if (ex->ev) {
			S_offer(trigger, lo, hi, 1, ex->a, ex, &best);
			p = ex->b - 1;
		} else if (ex->b == trigger && S_tok_in(x, p - 1, S_T_DETS)) {
			S_offer(trigger, lo, hi, 1, ex->a, ex, &best); /* "the Sochi talks" */
		}
	}
	if (best.cost < 0)
		return 0;
	if (out) {
		out->start = x->t->v[best.ex.ta].start;
		out->end = x->t->v[best.ex.tb - 1].end;
		out->place = best.ex.place;
	}
	return 1;
}

dn_geo_scan *dn_geo_scan_new(void)
{
	/* the scan and its memo in one block (calloc: the memo is empty) */
	dn_geo_scan *x = calloc(1, sizeof(*x) + S_MEMO_SLOTS * sizeof(S_memo));
	if (x)
		x->memo = (S_memo *)(x + 1);
	return x;
}

void dn_geo_scan_free(dn_geo_scan *x)
{
	free(x);
}

int dn_geo_locate(const dn_gaz *g, const char *text, const dn_toks *toks,
		  int first, int last, int trigger, const char *ctx_country,
		  dn_loc *out)
{
	S_scan x; /* not zeroed: its arrays are large; prepare sets what pick reads */
	x.memo = NULL; /* too large for the stack: every word's facts are made */
	memset(x.exgen, 0, sizeof x.exgen); /* (dn_geo_scan_new zeroes these) */
	x.gen = 0;
	if (!dn_geo_prepare(&x, g, text, toks, first, last))
		return 0;
	return dn_geo_pick(&x, trigger, ctx_country, out);
}
