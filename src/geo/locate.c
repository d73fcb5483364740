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
 */
#include <math.h>

#include "geo.h"

/* MARK: - Word classes */

typedef struct S_word {
	const char *w; /* folded word */
	int v;         /* value: a penalty or a wanted resolution */
} S_word;

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

/* MARK: - Word index
 * Every word of the tables above, with its entry in each table, in one
 * hash table built on first use (dn_once_run; never changed after, so
 * lookups need no lock). A token is looked up once per dn_geo_locate
 * call; the parse then asks "is token i a cue?" in constant time instead
 * of scanning the tables with strlen, many times per token. */

/* The tables, by index; S_T_* bits follow this order. */
enum {
	S_T_PREPS, S_T_DIR_ADJ, S_T_DIR_NOUN, S_T_CUES, S_T_MODS, S_T_HELD,
	S_T_ACTOR_NOUNS, S_T_CLAUSE_END, S_T_CALENDAR, S_T_COMPLEMENTS,
	S_T_DETS, S_T_PARTICLES, S_NTAB
};

static const S_word *const S_TABLES[S_NTAB] = {
	S_PREPS, S_DIR_ADJ, S_DIR_NOUN, S_CUES, S_MODS, S_HELD,
	S_ACTOR_NOUNS, S_CLAUSE_END, S_CALENDAR, S_COMPLEMENTS, S_DETS,
	S_PARTICLES
};

typedef struct S_rec {
	const char *w;             /* the folded word */
	size_t n;                  /* its length */
	const S_word *hit[S_NTAB]; /* its (first) entry in each table, or NULL */
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
	int ok;                 /* built (else the tables are scanned) */
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
			if (!S_idx.rec[r].hit[t])
				S_idx.rec[r].hit[t] = e; /* the first, as a scan finds */
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

/* The record of word s[0..n), or NULL when no table lists it. */
static const S_rec *S_rec_find(const char *s, size_t n)
{
	if (n == 0 || n > S_idx.maxlen ||
	    !((S_idx.firstlen[(unsigned char)s[0]] >> n) & 1))
		return NULL;
	return S_rec_find_h(s, n, (uint32_t)dn_hash(s, n));
}

/* Table t's entry for word s[0..n), or NULL. */
static const S_word *S_lookup(int t, const char *s, size_t n)
{
	if (!S_idx.ok) {
		for (const S_word *e = S_TABLES[t]; e->w; e++)
			if (strlen(e->w) == n && memcmp(e->w, s, n) == 0)
				return e;
		return NULL;
	}
	const S_rec *r = S_rec_find(s, n);
	return r ? r->hit[t] : NULL;
}

/* MARK: - Scanner state */

/* Evidence that an expression is a location, found inside it. */
enum {
	S_EV_DIR = 1,   /* a direction: "eastern Aleppo", "south of X" */
	S_EV_CUE = 2,   /* a place noun: "Idlib province", "city of X" */
	S_EV_APPOS = 4  /* an apposition: "Lausanne, Switzerland" */
};

/* Per-token facts of one call, kept for sentences of up to
 * DN_MAX_SENT_TOKENS tokens (longer ranges are parsed without them). */
enum { S_CACHE = DN_MAX_SENT_TOKENS };

typedef struct S_scan {
	const dn_gaz *g;     /* the gazetteer */
	const char *text;    /* the document */
	const dn_toks *t;    /* its tokens */
	int first, last;     /* the sentence's tokens */
	const char *ctx;     /* the article's country, or NULL */
	char buf[DN_GAZ_MAX_KEY]; /* joined folded forms */
	int cached;          /* the arrays below hold [first, last) */
	const S_rec *rec[S_CACHE]; /* word record of token first + k, or NULL */
	int16_t match[S_CACHE];    /* S_match of token first + k; -1 not yet */
	int8_t adj[S_CACHE];       /* dn_gaz_adjective: -1 not yet, 0, 1 */
	char adjcc[S_CACHE][4];    /* ... and its country when 1 */
	int8_t kst[S_CACHE];       /* key of the token: -1 not yet, 0 none,
				      1 in kpool, 2 the folded form itself */
	uint16_t koff[S_CACHE];    /* ... its offset in kpool */
	uint8_t klen[S_CACHE];     /* ... and length (dn_gaz_key_part) */
	size_t kused;              /* bytes of kpool used */
	char kpool[4096];          /* token keys (too many: the rest go without) */
} S_scan;

typedef struct S_ex {
	int a, b;       /* tokens consumed [a, b) */
	int ta, tb;     /* tokens of the place text [ta, tb) */
	int ev;         /* S_EV_* */
	dn_place place; /* the place */
} S_ex;

static const char *S_norm(const S_scan *x, int i, size_t *n)
{
	*n = x->t->v[i].nlen;
	return dn_tok_norm(x->t, &x->t->v[i]);
}

/* Table t's entry for token i, or NULL (also outside the sentence). */
static inline const S_word *S_tok_in(const S_scan *x, int i, int t)
{
	if (i < x->first || i >= x->last)
		return NULL;
	if (x->cached) {
		const S_rec *r = x->rec[i - x->first];
		return r ? r->hit[t] : NULL;
	}
	size_t n;
	const char *s = S_norm(x, i, &n);
	return S_lookup(t, s, n);
}

static inline int S_tok_is(const S_scan *x, int i, const char *w)
{
	if (i < x->first || i >= x->last)
		return 0;
	size_t n;
	const char *s = S_norm(x, i, &n);
	return n == strlen(w) && memcmp(s, w, n) == 0;
}

/* The gazetteer key of token i on its own, before a leading "the " is
 * dropped (dn_gaz_key_part), made once per call: 1 and *key, *len, or 0
 * when it is not kept (no cache, too long, the pool is full). */
static int S_tok_key(S_scan *x, int i, const char **key, size_t *len)
{
	if (!x->cached || i < x->first || i >= x->last)
		return 0;
	int k = i - x->first;
	if (x->kst[k] < 0) {
		size_t n, kl;
		const char *s = S_norm(x, i, &n);
		/* a word of a-z and 0-9 is its own key (dn_gaz_key keeps those
		 * bytes and only those): no copy */
		size_t j = 0;
		while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
			j++;
		if (j == n && n + 8 < DN_GAZ_MAX_KEY) {
			x->kst[k] = 2;
			*key = s;
			*len = n;
			return 1;
		}
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
	if (x->kst[k] == 2) {
		*key = S_norm(x, i, len);
		return 1;
	}
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

/* dn_gaz_adjective for token i (first <= i < last), remembered. */
static int S_adjective(S_scan *x, int i, char cc[4])
{
	size_t n;
	const char *s = S_norm(x, i, &n);
	if (!x->cached)
		return dn_gaz_adjective(x->g, s, n, cc);
	int k = i - x->first;
	if (x->adj[k] < 0) {
		const char *key;
		size_t kl;
		if (S_tok_key(x, i, &key, &kl) && x->kst[k] == 2) {
			/* the folded form: one word, hashed already */
			x->adj[k] = (int8_t)dn_gaz_adjective_key_h(x->g, key, kl,
								  x->t->v[i].hash,
								  x->adjcc[k]);
		} else if (S_tok_key(x, i, &key, &kl)) {
			key = S_key_whole(key, &kl);
			x->adj[k] = (int8_t)dn_gaz_adjective_key(x->g, key, kl, x->adjcc[k]);
		} else {
			x->adj[k] = (int8_t)dn_gaz_adjective(x->g, s, n, x->adjcc[k]);
		}
	}
	if (x->adj[k])
		memcpy(cc, x->adjcc[k], 4);
	return x->adj[k];
}

/* A capitalised word, or a particle-hyphen name: "al-Habeet". */
static int S_namelike(const S_scan *x, int i)
{
	if (i < x->first || i >= x->last)
		return 0;
	const dn_tok *k = &x->t->v[i];
	if (!(k->flags & DN_TK_WORD) || (k->flags & (DN_TK_NUM | DN_TK_POSS)))
		return 0;
	if (k->flags & DN_TK_CAP)
		return !S_tok_in(x, i, S_T_CALENDAR);
	if (!(k->flags & DN_TK_HYPH))
		return 0;
	for (uint32_t j = k->start; j + 1 < k->end; j++)
		if (x->text[j] == '-' && x->text[j + 1] >= 'A' && x->text[j + 1] <= 'Z')
			return 1;
	return 0;
}

/* "rebel-held", "IS-controlled". */
static int S_is_held(const S_scan *x, int i)
{
	if (i < x->first || i >= x->last || !(x->t->v[i].flags & DN_TK_HYPH))
		return 0;
	size_t n;
	const char *s = S_norm(x, i, &n);
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

/* The end of the longest gazetteer name starting at token i, or i. */
static int S_match_at(S_scan *x, int i)
{
	if (!S_namelike(x, i))
		return i;
	size_t n;
	const char *s = S_norm(x, i, &n);
	const char *key;
	size_t kl;
	if (S_tok_key(x, i, &key, &kl) && x->kst[i - x->first] == 2) {
		/* the folded form: one word, hashed already */
		if (!dn_gaz_word_is_first_h(x->g, key, kl, x->t->v[i].hash))
			return i;
	} else if (S_tok_key(x, i, &key, &kl)) {
		key = S_key_whole(key, &kl);
		if (!dn_gaz_first_word_key(x->g, key, kl))
			return i;
	} else if (!dn_gaz_is_first_word(x->g, s, n)) {
		return i;
	}
	/* The names [i, k]: the key of their joined folded forms is made
	 * from the tokens' keys (dn_gaz_key_part) while it is well short of
	 * DN_GAZ_MAX_KEY, where dn_gaz_key could not fail; otherwise the
	 * text is joined and keyed as a whole. */
	char whole[DN_GAZ_MAX_KEY];
	size_t wl = 0;  /* length of the key in whole */
	int parts = 1;  /* whole holds the key of [i, k) */
	size_t jl = 0;  /* length S_join gives [i, k) */
	int best = i;
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
		if (parts && S_tok_key(x, k, &pk, &pl) && wl + 1 + pl + 8 < sizeof whole) {
			if (pl) {
				if (wl)
					whole[wl++] = ' ';
				memcpy(whole + wl, pk, pl);
				wl += pl;
			}
			size_t ql = wl;
			const char *q = S_key_whole(whole, &ql);
			if (dn_gaz_name_key(x->g, q, ql))
				best = k + 1;
			/* no longer name starts with these words: the key of
			 * [i, k + 1] is this one or it followed by " ..." (but
			 * "the" alone loses its "the" once more follows) */
			if (!dn_gaz_key_extends(x->g, q, ql) &&
			    !(wl == 3 && memcmp(whole, "the", 3) == 0))
				break;
			continue;
		}
		parts = 0;
		size_t len = S_join(x, i, k + 1);
		if (dn_gaz_query_find(x->g, x->buf, len, NULL, NULL))
			best = k + 1;
	}
	return best;
}

/* S_match_at, remembered per token (it depends on nothing else). */
static int S_match(S_scan *x, int i)
{
	if (!x->cached || i < x->first || i >= x->last)
		return S_match_at(x, i);
	int k = i - x->first;
	if (x->match[k] < 0)
		x->match[k] = (int16_t)(S_match_at(x, i) - x->first);
	return x->first + x->match[k];
}

/* Resolves the name of tokens [a, b): wanted resolution first, then any;
 * cc (with strict) is a country the text itself gave. */
static int S_resolve(S_scan *x, int a, int b, int want, const char *cc,
		     int strict, dn_place *out)
{
	size_t len = S_join(x, a, b);
	dn_gaz_query q = {.country = cc && cc[0] ? cc : x->ctx,
			  .strict = strict && cc && cc[0]};
	if (want == S_PROV || want == S_DIST) {
		q.minres = q.maxres = want;
	} else if (want == S_CITY) {
		q.minres = DN_RES_CITY;
		q.maxres = DN_RES_PLACE;
	}
	if (len && q.minres && dn_gaz_query_find(x->g, x->buf, len, &q, out))
		return 1;
	int wanted = q.minres;
	q.minres = q.maxres = 0;
	if (!len || !dn_gaz_query_find(x->g, x->buf, len, &q, out))
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
		if (!(S_tok_is(x, k, "and") || S_tok_is(x, k, ",") ||
		      S_tok_is(x, k, "or")))
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
static int S_unknown(S_scan *x, int a)
{
	int i = a, end = a;
	while (i < x->last && i - a < 4) {
		if (S_namelike(x, i))
			end = ++i;
		else if (i > a && S_tok_in(x, i, S_T_PARTICLES) && S_namelike(x, i + 1))
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
	if (!S_resolve(x, ca, cb, want, cc, cc != NULL, &ex->place))
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
		while (S_tok_in(x, k, S_T_DIR_ADJ) || S_tok_in(x, k, S_T_MODS))
			k++;
		if (S_tok_in(x, k, S_T_CUES)) {
			ex->ev |= S_EV_CUE;
			ex->b = k + 1;
			return 1;
		}
	}
	if (S_tok_in(x, j, S_T_ACTOR_NOUNS))
		return 0;
	int allcaps = (x->t->v[cb - 1].flags & DN_TK_ALLCAP) != 0;
	if (!allcaps && S_namelike(x, j))
		return 0; /* "Aleppo Media Center" */
	ex->b = j;
	/* "Lausanne, Switzerland", "Tripoli in northern Lebanon" */
	if (depth == 0 && (S_tok_is(x, j, ",") || S_tok_is(x, j, "in"))) {
		S_ex sub;
		dn_place p;
		if (S_expr(x, j + 1, 0, depth + 1, NULL, &sub) &&
		    sub.place.resolution < ex->place.resolution &&
		    sub.place.country[0] &&
		    S_resolve(x, ca, cb, want, sub.place.country, 1, &p) &&
		    strcmp(p.country, sub.place.country) == 0) {
			ex->place = p;
			if (S_tok_is(x, j, ",")) {
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
	int i = p, want = S_ANY, dir = -1;
	char cc[4] = "";
	if (cc0)
		memcpy(cc, cc0, 4);
	memset(ex, 0, sizeof(*ex));
	ex->a = p;
	for (int steps = 0; i < x->last && steps < 12; steps++) {
		int e = S_match(x, i);
		if (e > i) {
			ex->ta = dir >= 0 ? dir : i;
			return S_known(x, i, e, want, cc[0] ? cc : NULL, depth, ex);
		}
		const S_word *c;
		if (S_tok_in(x, i, S_T_DIR_NOUN) && S_tok_is(x, i + 1, "of")) {
			if (dir < 0)
				dir = i;
			ex->ev |= S_EV_DIR;
			i += 2;
		} else if ((c = S_tok_in(x, i, S_T_CUES)) && S_tok_is(x, i + 1, "of")) {
			want = c->v;
			ex->ev |= S_EV_CUE;
			dir = -1;
			i += 2;
		} else if (S_tok_in(x, i, S_T_DIR_ADJ)) {
			if (dir < 0)
				dir = i;
			ex->ev |= S_EV_DIR;
			i++;
		} else if (S_tok_in(x, i, S_T_MODS) || S_is_held(x, i) ||
			   (x->t->v[i].flags & DN_TK_NUM)) {
			i++;
		} else if (S_adjective(x, i, cc)) {
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
	if (S_tok_in(x, j, S_T_CUES))
		j++;
	if (depth > 0 || !(S_tok_is(x, j, "in") || S_tok_is(x, j, ",")))
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

/* MARK: - Choosing */

/* The clause of the trigger: [*lo, *hi). */
static void S_clause(const S_scan *x, int trigger, int *lo, int *hi)
{
	*lo = x->first;
	*hi = x->last;
	for (int j = trigger - 1; j >= x->first; j--)
		if (S_tok_in(x, j, S_T_CLAUSE_END) || (x->t->v[j].flags & DN_TK_QUOTE)) {
			*lo = j + 1;
			break;
		}
	for (int j = trigger + 1; j < x->last; j++)
		if (S_tok_in(x, j, S_T_CLAUSE_END) || (x->t->v[j].flags & DN_TK_QUOTE)) {
			*hi = j;
			break;
		}
}

typedef struct S_best {
	int cost;  /* lower is better; -1 before the first candidate */
	S_ex ex;   /* the winner */
} S_best;

static void S_offer(int trigger, int lo, int hi, int pen, const S_ex *ex,
		    S_best *best)
{
	int d;
	if (ex->b <= trigger) /* before the trigger it often names the subject's place */
		d = 2 * (trigger - ex->b + 1) + 3;
	else if (ex->a > trigger)
		d = 2 * (ex->a - trigger);
	else
		d = 0;
	/* a country is often background ("the situation in Syria"): a city
	 * three words further away still wins over it */
	if (ex->place.resolution == DN_RES_COUNTRY)
		pen += 3;
	int cost = d + 2 * pen + (ex->a >= lo && ex->b <= hi ? 0 : 1000);
	if (best->cost < 0 || cost < best->cost) {
		best->cost = cost;
		best->ex = *ex;
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

int dn_geo_locate(const dn_gaz *g, const char *text, const dn_toks *toks,
		  int first, int last, int trigger, const char *ctx_country,
		  dn_loc *out)
{
	if (!g || !toks || first < 0 || last > toks->n || first >= last)
		return 0;
	dn_once_run(&S_idx_once, S_idx_build);
	S_scan x; /* not zeroed: its arrays are large; [0, last - first) is set */
	x.g = g;
	x.text = text;
	x.t = toks;
	x.first = first;
	x.last = last;
	x.ctx = ctx_country;
	x.cached = S_idx.ok && last - first <= S_CACHE;
	if (x.cached) {
		for (int i = first; i < last; i++) {
			size_t n;
			const char *s = S_norm(&x, i, &n);
			x.rec[i - first] = S_rec_find_h(s, n, toks->v[i].hash);
			x.match[i - first] = -1;
			x.adj[i - first] = -1;
			x.kst[i - first] = -1;
		}
		x.kused = 0;
	}
	if (trigger < first || trigger >= last)
		trigger = first;
	int lo, hi;
	S_clause(&x, trigger, &lo, &hi);
	S_best best = {.cost = -1};
	S_ex ex;
	for (int p = first; p < last; p++) {
		const S_word *prep = S_tok_in(&x, p, S_T_PREPS);
		if (prep && S_expr(&x, p + 1, 1, 0, NULL, &ex)) {
			ex.a = p;
			S_offer(trigger, lo, hi, prep->v, &ex, &best);
			p = ex.b - 1;
			continue;
		}
		/* "shelled Aleppo", "the siege of Aleppo" */
		int obj = p + 1 + S_tok_is(&x, p + 1, "of");
		if (p == trigger && S_expr(&x, obj, 0, 0, NULL, &ex) &&
		    (ex.ev || S_object_is_place(&x, &ex))) {
			S_offer(trigger, lo, hi, 0, &ex, &best);
			continue;
		}
		if (p == trigger || !S_expr(&x, p, 0, 0, NULL, &ex))
			continue;
		if (ex.ev) {
			S_offer(trigger, lo, hi, 1, &ex, &best);
			p = ex.b - 1;
		} else if (ex.b == trigger && S_tok_in(&x, p - 1, S_T_DETS)) {
			S_offer(trigger, lo, hi, 1, &ex, &best); /* "the Sochi talks" */
		}
	}
	if (best.cost < 0)
		return 0;
	if (out) {
		out->start = toks->v[best.ex.ta].start;
		out->end = toks->v[best.ex.tb - 1].end;
		out->place = best.ex.place;
	}
	return 1;
}
