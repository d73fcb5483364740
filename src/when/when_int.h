/*
 * when_int.h — what the files of src/when share and nobody else uses:
 * token tests, clause boundaries and the temporal-expression recogniser.
 */
#ifndef DN_WHEN_INT_H
#define DN_WHEN_INT_H

#include "when.h"

/* MARK: - Token tests */

/* Folded form and its length. */
static inline const char *dn_wtok(const dn_toks *t, int i, size_t *n)
{
	*n = t->v[i].nlen;
	return dn_tok_norm(t, &t->v[i]);
}

/* Whether token i's folded form is exactly w. Inline: with a literal w
 * the length is a constant and the test a compare or two. */
static inline int dn_wtok_is(const dn_toks *t, int i, const char *w)
{
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	return strlen(w) == n && (n == 0 || (s[0] == w[0] && memcmp(s, w, n) == 0));
}

/* Index of token i's folded form in the NULL-terminated list, or -1.
 * (Every word of a list is non-empty: the first bytes are compared
 * before the lengths.) */
int dn_wtok_in(const dn_toks *t, int i, const char *const *list);

/* Which of several NULL-terminated word lists hold token i's folded
 * form: bit k for lists[k] (a NULL-terminated array of at most 32
 * lists). set must have been filled by dn_wset_add_lists(set, lists):
 * then this is one look-up instead of a scan of every list. */
void dn_wset_add_lists(dn_wset *set, const char *const *const *lists);
uint32_t dn_wtok_lists_slow(const dn_toks *t, int i,
			    const char *const *const *lists);
static inline uint32_t dn_wtok_lists(const dn_toks *t, int i,
				     const dn_wset *set,
				     const char *const *const *lists)
{
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	uint32_t v;
	int r = dn_wset_get_h(set, s, n, t->v[i].hash, &v);
	if (r < 0)
		return dn_wtok_lists_slow(t, i, lists);
	return r ? v : 0;
}

/* Whether dn_number_parse(t, i, ...) can find a number at token i: 0
 * means it certainly does not (a cheap test on the folded form, for
 * loops that try every token). Thread-safe. */
int dn_number_may_start(const dn_toks *t, int i);

/* The words a number in words can start with ("a", "two", "dozens"...),
 * added to set s with value bits, for filters like the one above. */
void dn_number_words_add(dn_wset *s, uint32_t bits);

/* dn_number_may_start for a word not among those: whether it is a
 * hyphenated "forty-five". */
int dn_number_may_start_hyphen(const dn_toks *t, int i);

/* MARK: - Clauses */

/* What token i is as a clause boundary inside [first, last). */
enum {
	DN_BND_NONE,
	DN_BND_HARD,  /* ; : ( ) [ ] and a free-standing dash */
	DN_BND_COMMA, /* , */
	DN_BND_THAT,  /* the subordinator "that" */
	DN_BND_REL,   /* which who whom whose where */
	DN_BND_SUB,   /* when while because although if whether ... */
	DN_BND_COORD  /* and/but/or before a new subject: "and the conflict" */
};
int dn_clause_boundary(const dn_toks *t, int i, int first, int last);

/* The clause boundaries strictly between tokens a and b of the prepared
 * sentence. A parenthesis that closes before b ("the International
 * Criminal Court (ICC) must") is transparent. Only the first DN_GAP_MAX
 * are recorded; n counts all. */
#define DN_GAP_MAX 8
typedef struct dn_gap {
	int n;                /* boundaries found */
	int pos[DN_GAP_MAX];  /* token index of each recorded one */
	int kind[DN_GAP_MAX]; /* DN_BND_* of each */
} dn_gap;
void dn_clause_gap(dn_when_sent *ws, int a, int b, dn_gap *g);

/* dn_clause_boundary(ws->t, i, ws->first, ws->last), remembered per token
 * of the prepared, classified sentence. */
int dn_clause_bnd_slow(dn_when_sent *ws, int i);
static inline int dn_clause_bnd(dn_when_sent *ws, int i)
{
	int k = i - ws->first;
	if (ws->classified && k >= 0 && k < DN_MAX_SENT_TOKENS && i < ws->last &&
	    ws->bnd[k] >= 0)
		return ws->bnd[k];
	return dn_clause_bnd_slow(ws, i);
}

/* Whether token i is a reporting word: said, says, told, reported ... */
int dn_clause_is_report(const dn_toks *t, int i);

/* Whether token i looks like a participle opening a clause: "killing". */
int dn_clause_is_ing(const dn_toks *t, int i);

/* MARK: - Temporal expressions */

enum {
	DN_TX_ABS = 1, /* y/m/d as written (y or m may be 0) */
	DN_TX_WEEKDAY, /* n = weekday 0..6, rel = -1 last, 0 plain, +1 next */
	DN_TX_DAYS,    /* pub + n days, day precision */
	DN_TX_WEEKS,   /* pub + 7n days, month precision */
	DN_TX_MONTHS,  /* pub's month + n, month precision */
	DN_TX_YEARS,   /* pub's year + n, year precision */
	DN_TX_SPAN     /* the n days up to pub: the unit that holds them */
};

/* (dn_texpr itself is in when.h, for dn_when_sent.) */

/* Recognises a temporal expression starting at token i (< last). Returns
 * the number of tokens of its core (0 if none) and fills *x; x->first is
 * then widened over a preceding preposition by the caller's helper
 * dn_texpr_widen. */
int dn_texpr_match(const dn_toks *t, int i, int first, int last,
		   dn_texpr *x);
/* dn_texpr_match trying only the recognisers of cls (DN_TS_* bits, at
 * least those of dn_texpr_starts(t, i)). */
int dn_texpr_match_at(const dn_toks *t, int i, int first, int last,
		      dn_texpr *x, uint32_t cls);
void dn_texpr_widen(const dn_toks *t, int first, dn_texpr *x);

/* Resolves x against pub (may be NULL). Returns 1 and fills *out and *prec,
 * or 0 when it cannot be resolved. */
int dn_texpr_resolve(const dn_texpr *x, const dn_date *pub, int future,
		     dn_date *out, int *prec);

/* MARK: - Word classes of a prepared sentence
 * The scans of a sentence try every token; one look-up per token, made
 * once per sentence, tells where each scan can find anything at all and
 * which of its recognisers to try. */

/* Which recognisers of temporal expressions can match at a token. */
enum {
	DN_TS_NUM = 1,        /* a number: S_iso, S_day_first, S_year_alone */
	DN_TS_THE = 2,        /* "the": S_day_first, S_modified */
	DN_TS_MOD = 4,        /* "last", "past", "early" ...: S_modified */
	DN_TS_MONTH = 8,      /* a month name: S_month_first */
	DN_TS_WEEKDAY = 16,   /* a weekday name: S_weekday */
	DN_TS_DEICTIC = 32,   /* "yesterday" ...: S_deictic */
	DN_TS_AGO = 64,       /* a count: S_ago ("two days ago") */
	DN_TS_MID = 128,      /* "mid-October": S_mid_token */
	DN_TS_ALL = 255,
	DN_TS_AGO_WORD = 1 << 8, /* "ago" (starts nothing) */
	DN_TS_AFTER_THE = 1 << 9 /* "past", "last", "day": "the" starts an
				    expression only before these or a number */
};

/* The DN_TS_* bits of token i (date.c). */
uint32_t dn_texpr_starts(const dn_toks *t, int i);
/* Adds the words dn_texpr_starts looks up to s, with their DN_TS_* bits
 * (the token "ago" included), and to prefixes (unless NULL) the words a
 * hyphen can follow to make a token a start ("mid-"). */
void dn_texpr_words_add(dn_wset *s, dn_wset *prefixes);

/* Counts (toll.c); bits above the DN_TS_* ones. */
enum {
	DN_WB_NUM = 1 << 10,   /* dn_number_may_start */
	DN_WB_LEAD = 1 << 11,  /* an approximation's first word, "between" */
	DN_WB_COUNT = 1 << 12, /* a count may start: a number, or a LEAD word
				  with a number at most DN_COUNT_LEAD_MAX
				  tokens on */
	DN_WB_A = 1 << 13,     /* "a", "an" in the set of dn_toll_words_add:
				  a number only before an AFTER_A word
				  (dn_toll_word_bits says DN_WB_NUM) */
	DN_WB_AFTER_A = 1 << 14, /* "dozen", "few", "hundred" ... */
	DN_WB_ANCHOR_SHIFT = 16 /* bits 16..23: casualty word index + 1 */
};
#define DN_WB_ANCHOR_MASK (0xFFu << DN_WB_ANCHOR_SHIFT)

#define DN_COUNT_LEAD_MAX 3 /* words of the longest approximation */

/* The DN_WB_NUM, DN_WB_LEAD and anchor bits of token i (toll.c). */
uint32_t dn_toll_word_bits(const dn_toks *t, int i);
/* dn_texpr_words_add for those bits, and DN_WB_A / DN_WB_AFTER_A (which
 * dn_toll_word_bits folds into DN_WB_NUM). DN_WB_NUM, DN_WB_A and the
 * anchor bits of a word hold only for a DN_TK_WORD token; a DN_TK_NUM
 * token has DN_WB_NUM. */
void dn_toll_words_add(dn_wset *s, dn_wset *prefixes);

/* Fills ws->bits and clears ws->bnd on first use (sent.c); the pick
 * functions call it before anything reads them. */
void dn_when_classify(dn_when_sent *ws);

/* The bits of token i alone: dn_texpr_starts | dn_toll_word_bits, with
 * DN_WB_COUNT for every number and LEAD word (sent.c). */
uint32_t dn_when_word_bits(const dn_toks *t, int i);

/* The DN_TS_* and DN_WB_* bits of token i of the prepared, classified
 * sentence. Outside the first DN_MAX_SENT_TOKENS tokens, those of the
 * token alone (they may be set where the sentence's own would not: the
 * filters still hold). */
static inline uint32_t dn_when_bits(const dn_when_sent *ws, int i)
{
	int k = i - ws->first;
	if (k >= 0 && k < DN_MAX_SENT_TOKENS && i < ws->last)
		return ws->bits[k];
	return dn_when_word_bits(ws->t, i);
}

/* The first token of [i, hi) whose bits have any of mask, or hi; for the
 * scans that try every token (first <= i, hi <= last) of the classified
 * sentence. */
static inline int dn_when_next(const dn_when_sent *ws, int i, int hi,
			       uint32_t mask)
{
	int end = DN_MIN(hi, ws->first + DN_MAX_SENT_TOKENS);
	if (!(ws->any & mask) && i < end)
		i = end; /* no token of bits[] has them */
	for (; i < end; i++)
		if (ws->bits[i - ws->first] & mask)
			return i;
	for (; i < hi; i++)
		if (dn_when_word_bits(ws->t, i) & mask)
			return i;
	return hi;
}

#endif
