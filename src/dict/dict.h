/*
 * dict.h — stage 3: the dictionaries, compiled at load into interned word
 * ids, one phrase trie for actors and a head index for event patterns.
 *
 * A dn_dict is built once (dn_dict_new) and then only read, so any number
 * of coders on any number of threads share it.
 */
#ifndef DN_DICT_H
#define DN_DICT_H

#include <dunlin.h>
#include <stdint.h>

#include "base/base.h"
#include "lex/lex.h"

struct dn_gaz;

/* MARK: - Codes */

#define DN_NEVENTS 16
/* PLOVER categories, index 1..16 (0 is "none"). */
extern const char *const dn_event_names[DN_NEVENTS + 1];
#define DN_NSECTORS 25
/* PLOVER sector codes, index 1..25. */
extern const char *const dn_sector_names[DN_NSECTORS + 1];

int dn_event_find(const char *s, size_t n);  /* 0 when unknown */
int dn_sector_find(const char *s, size_t n); /* 0 when unknown */

/* MARK: - Lexical classes (token cls bits) */
enum {
	DN_C_DET = 1u << 0,
	DN_C_PREP = 1u << 1,
	DN_C_AUX = 1u << 2,
	DN_C_MODAL = 1u << 3,
	DN_C_NEG = 1u << 4,
	DN_C_PRON = 1u << 5,
	DN_C_CONJ = 1u << 6,
	DN_C_REL = 1u << 7,
	DN_C_SAY = 1u << 8,
	DN_C_HEDGE = 1u << 9,
	DN_C_DENY = 1u << 10,
	DN_C_FUTURE = 1u << 11,
	DN_C_COND = 1u << 12,
	DN_C_MONTH = 1u << 13,
	DN_C_WEEKDAY = 1u << 14,
	DN_C_NUM = 1u << 15,
	DN_C_HEAD = 1u << 16,  /* the lemma heads a verb pattern */
	DN_C_NHEAD = 1u << 17, /* the lemma heads a noun pattern */
	DN_C_ACTOR = 1u << 18, /* the word starts an actor phrase */
	DN_C_BE = 1u << 19,    /* a form of "be" */
	DN_C_SUB = 1u << 20,   /* a subordinator that opens a clause: "while" */
	DN_C_CLAIMN = 1u << 21, /* a noun of claim: "claims", "reports" */
	DN_C_FOREIGN = 1u << 22, /* marks a party as from outside: "Western" */
	DN_C_QUANT = 1u << 23    /* may open a quantity: "at least", "nearly" */
};

/* MARK: - Actors */
enum dn_akind {
	DN_AK_NAME = 1, /* country name */
	DN_AK_ADJ,      /* country adjective */
	DN_AK_PEOPLE,   /* "Syrians" */
	DN_AK_CAPITAL,  /* "Moscow" */
	DN_AK_SEAT,     /* "the Kremlin" */
	DN_AK_ORG,      /* organisation or group */
	DN_AK_AGENT,    /* sector noun: "army" */
	DN_AK_TITLE,    /* "Foreign Minister" */
	DN_AK_MODIFIER, /* "rebel-held" */
	DN_AK_PERSON    /* a named person (one term) */
};

typedef struct dn_actor {
	uint8_t kind;      /* dn_akind */
	uint8_t sector;    /* index into dn_sector_names, 0 none */
	uint8_t bare;      /* person: this variant resolves on its own */
	uint8_t caps;      /* the token(s) must be capitalised */
	char country[4];   /* alpha-3 or pseudo-country, "" none */
	const char *name;  /* canonical name, or NULL */
	const char *role;  /* person: role text, or NULL */
	int32_t from, to;  /* person: term as yyyymmdd (to 99991231 open) */
	uint32_t person;   /* person: id shared by all of one person's lines */
} dn_actor;

/* MARK: - Event patterns */
enum {
	DN_R_OBJ = 1,   /* recipient: direct object */
	DN_R_PREP = 2,  /* recipient: after one of preps[] */
	DN_R_RECIP = 4, /* reciprocal: all parties are actors */
	DN_R_NONE = 8   /* no recipient */
};
#define DN_PAT_WORDS 8
#define DN_PAT_PREPS 6
#define DN_PAT_NAMES 6 /* modes or contexts per pattern */

typedef struct dn_pattern {
	uint8_t event;                /* 1..16 */
	uint8_t noun;                 /* from nouns.txt */
	uint8_t roles;                /* DN_R_* */
	uint8_t nwords;               /* words after the head */
	uint32_t head;                /* lemma id of the head word */
	uint32_t words[DN_PAT_WORDS]; /* lemma ids after the head; 0 = gap */
	uint32_t preps[DN_PAT_PREPS]; /* recipient prepositions (word ids) */
	char cameo[6];                /* CAMEO code */
	const char *modes;            /* JSON array text: ["aerial"] */
	const char *contexts;         /* JSON array text */
	const char *mode[DN_PAT_NAMES];    /* the mode names, NULL-padded */
	const char *context[DN_PAT_NAMES]; /* the context names, NULL-padded */
	const char *text;             /* the pattern as written */
} dn_pattern;

/* A word id's bit in a 64-bit signature: a pattern can match only where
 * the signature of the tokens after its head shares a bit with the
 * pattern's key (dict->pat_keys). */
static inline uint64_t dn_pat_bit(uint32_t word)
{
	return (uint64_t)1 << ((word * 2654435761u) >> 26);
}

/* MARK: - The dictionary */

typedef struct dn_trie_node {
	uint32_t first; /* first payload index in dict->payload */
	uint16_t count; /* payload entries */
	uint32_t plain; /* 1 + the actor index of the first payload entry that
			   is not a person (dn_dict_pick's answer whatever
			   the date), 0 when all are persons; set at load */
	uint8_t caps;   /* the first payload entry's caps (dn_dict_match's
			   case rule), set at load */
} dn_trie_node;

/* What dn_dict_annotate gives a token of a known word, worked out for each
 * word id at load (the morphology runs once per word, not once per token). */
typedef struct dn_wordinfo {
	uint32_t lemma;       /* lemma id for a word token */
	uint32_t cls;         /* DN_C_* of the word and that lemma */
	uint32_t lemma_other; /* lemma id for any other token (a number) */
	uint32_t cls_other;   /* DN_C_* of the word and that lemma */
} dn_wordinfo;

struct dn_dict {
	dn_strtab vocab;       /* every folded word the dictionaries use */
	uint32_t *lemma_of;    /* per word id: its lemma id (0 = itself) */
	uint32_t *cls_of;      /* per word id: DN_C_* bits */
	size_t vcap;           /* capacity of lemma_of / cls_of */
	dn_wordinfo *winfo;    /* per word id 1..vocab.n, set once loaded */
	dn_trie_node *nodes;   /* trie nodes, 0 is the root */
	size_t nnodes, capnodes;
	uint64_t *ekeys;       /* trie edges: (parent << 32 | word), 0 empty */
	uint32_t *evals;       /* child node per edge slot */
	size_t nedges, capedges;
	uint32_t *payload;     /* actor indices, grouped by node */
	dn_actor *actors;      /* all actor entries */
	size_t nactors, capactors;
	dn_pattern *pats;      /* all patterns, sorted by (noun, head) */
	size_t npats, cappats;
	uint32_t *pat_first;   /* per word id: first pattern + 1 (verbs) */
	uint32_t *npat_first;  /* per word id: first pattern + 1 (nouns) */
	uint16_t *pat_count;   /* per word id: verb patterns with this head */
	uint16_t *npat_count;  /* per word id: noun patterns with this head */
	uint64_t *pat_keys;    /* per pattern: dn_pat_bit of the word that must
				  come first after the head (after the gap when
				  it starts with "*"); all bits for a bare head */
	size_t npeople;        /* person lines */
	dn_arena pool;         /* strings */
	struct dn_gaz *gaz;    /* the gazetteer (src/geo) */
	double load_ms;        /* time dn_dict_new took */
	/* frequently used word ids */
	uint32_t w_by, w_of, w_to, w_with, w_in, w_on, w_against, w_and, w_that,
		w_s, w_said, w_according, w_its, w_their, w_his, w_her, w_as,
		w_for, w_at, w_near, w_from, w_between, w_which, w_who;
	/* word ids the coder compares tokens with, looked up (not interned)
	 * once everything is loaded, so that they change no token's id: 0
	 * when no dictionary has the word (see S_is in src/code/events.c) */
	uint32_t w_but, w_must, w_should, w_ought, w_will, w_shall, w_ll,
		w_would, w_may, w_might, w_could, w_got, w_get, w_also, w_yet,
		w_still, w_already, w_not, w_never, w_despite, w_the, w_this,
		w_these, w_those, w_he, w_she;
};

/* Whether token i (annotated) is the word w, looked up as id (one of the
 * w_but … w_she fields): one comparison of ids. A word no dictionary has
 * (id 0) is compared by its spelling, among the tokens no dictionary has
 * either. */
static inline int dn_tok_is(const dn_toks *t, int i, uint32_t id, const char *w)
{
	const dn_tok *k = &t->v[i];
	return k->word == id && (id || dn_span_ieq(dn_tok_norm(t, k), k->nlen, w));
}

/* Fills tok->word, tok->lemma and tok->cls for tokens [first, last). */
void dn_dict_annotate(const dn_dict *d, const dn_toks *t, int first, int last);

/* Longest actor phrase starting at token i (before last). Returns the
 * number of tokens matched (0 none) and the trie node in *node. */
int dn_dict_match(const dn_dict *d, const dn_toks *t, int i, int last,
		  uint32_t *node);

/* The best actor entry among a node's payload for a publication date
 * (yyyymmdd, 0 unknown): persons by term, others first come. */
const dn_actor *dn_dict_pick(const dn_dict *d, uint32_t node, int32_t date,
			     int require_bare);

/* Interned id of a folded word, 0 when the dictionaries never use it. */
uint32_t dn_dict_word(const dn_dict *d, const char *s, size_t n);

#endif
