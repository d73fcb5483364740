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

/* The clause boundaries strictly between tokens a and b. A parenthesis
 * that closes before b ("the International Criminal Court (ICC) must") is
 * transparent. Only the first DN_GAP_MAX are recorded; n counts all. */
#define DN_GAP_MAX 8
typedef struct dn_gap {
	int n;                /* boundaries found */
	int pos[DN_GAP_MAX];  /* token index of each recorded one */
	int kind[DN_GAP_MAX]; /* DN_BND_* of each */
} dn_gap;
void dn_clause_gap(const dn_toks *t, int first, int last, int a, int b,
		   dn_gap *g);

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

typedef struct dn_texpr {
	int first, last; /* token range [first, last) incl. a preposition */
	int kind;        /* DN_TX_* */
	int y, m, d;     /* DN_TX_ABS parts, 0 when not written */
	int n;           /* offset, weekday or span length (see kinds) */
	int rel;         /* DN_TX_WEEKDAY / month: -1 last, +1 next, 0 */
	int prec_cap;    /* coarsest precision allowed ("late January") */
} dn_texpr;

/* Recognises a temporal expression starting at token i (< last). Returns
 * the number of tokens of its core (0 if none) and fills *x; x->first is
 * then widened over a preceding preposition by the caller's helper
 * dn_texpr_widen. */
int dn_texpr_match(const dn_toks *t, int i, int first, int last,
		   dn_texpr *x);
void dn_texpr_widen(const dn_toks *t, int first, dn_texpr *x);

/* Resolves x against pub (may be NULL). Returns 1 and fills *out and *prec,
 * or 0 when it cannot be resolved. */
int dn_texpr_resolve(const dn_texpr *x, const dn_date *pub, int future,
		     dn_date *out, int *prec);

#endif
