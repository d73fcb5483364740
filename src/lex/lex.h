/*
 * lex.h — stage 2: tokens with offsets and normalised forms.
 *
 * A token is a span of the original document plus a folded form used for
 * matching: lower case, curly quotes and dashes folded to ASCII, diacritics
 * kept but case-folded (utf8proc). Folded forms live in one pool per
 * document; tokens point into it by offset. No allocation per token.
 */
#ifndef DN_LEX_H
#define DN_LEX_H

#include <stdint.h>

#include "../base/base.h"

enum {
	DN_TK_WORD = 1 << 0,     /* letters (and digits) */
	DN_TK_NUM = 1 << 1,      /* starts with a digit: 40, 1,000, 3.5, 18th */
	DN_TK_PUNCT = 1 << 2,    /* one punctuation mark */
	DN_TK_CAP = 1 << 3,      /* starts with a capital letter */
	DN_TK_ALLCAP = 1 << 4,   /* two or more letters, all capitals */
	DN_TK_HYPH = 1 << 5,     /* contains a hyphen: al-Moualem */
	DN_TK_POSS = 1 << 6,     /* the possessive 's or ' */
	DN_TK_QUOTE = 1 << 7,    /* a quotation mark */
	DN_TK_HASH = 1 << 8,     /* #hashtag */
	DN_TK_HANDLE = 1 << 9,   /* @handle */
	DN_TK_NONLATIN = 1 << 10, /* Cyrillic, Arabic or other script */
	DN_TK_ACRO = 1 << 11,    /* dotted acronym: U.S. */
	DN_TK_NEG = 1 << 12      /* the clitic n't */
};

typedef struct dn_tok {
	uint32_t start, end; /* byte span in the document */
	uint32_t norm;       /* offset of the folded form in the pool */
	uint16_t nlen;       /* length of the folded form */
	uint16_t flags;      /* DN_TK_* */
	uint32_t word;       /* vocabulary id of the folded form, 0 unknown */
	uint32_t lemma;      /* vocabulary id of the lemma (= word when none) */
	uint32_t cls;        /* lexical class bits from the dictionary */
	uint32_t hash;       /* dn_hash of the folded form, low 32 bits (set
				by dn_lex; whoever makes tokens otherwise
				must set it too) */
} dn_tok;

typedef struct dn_toks {
	dn_tok *v;   /* tokens of the document, in order */
	int n, cap;  /* count and capacity */
	dn_buf pool; /* folded forms, each NUL-terminated */
} dn_toks;

void dn_toks_init(dn_toks *t);
void dn_toks_reset(dn_toks *t);
void dn_toks_clear(dn_toks *t);

/* Appends the tokens of s[a..b) (cleaned, valid UTF-8) to t, at most max
 * tokens. Returns the number appended, or -1 on OOM. */
int dn_lex(const char *s, uint32_t a, uint32_t b, int max, dn_toks *t);

/* Folds s[0..n) for matching into out (NUL-terminated, at most cap-1
 * bytes); returns the length. Used for dictionary entries too, so both
 * sides of every lookup are folded the same way. */
size_t dn_fold(const char *s, size_t n, char *out, size_t cap);

static inline const char *dn_tok_norm(const dn_toks *t, const dn_tok *k)
{
	return t->pool.p + k->norm;
}

#endif
