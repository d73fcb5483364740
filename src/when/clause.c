/*
 * clause.c — where one clause of a sentence ends and the next begins,
 * judged from punctuation and a few closed-class words. Dates and counts
 * attach to a trigger only within its clause (or a clause tied to it), so
 * that "the conflict has killed close to 200,000 people" does not lend its
 * toll to another verb of the sentence.
 *
 * The word lists here are grammar (conjunctions, determiners, pronouns,
 * reporting verbs of news style), not dictionary data.
 */
#include "when_int.h"

/* MARK: - Token tests */

int dn_wtok_in(const dn_toks *t, int i, const char *const *list)
{
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	if (i < t->n && n) {
		/* no word of a list is empty: a first byte that differs
		 * settles most of them before their length is taken */
		for (int k = 0; list[k]; k++)
			if (list[k][0] == s[0] && strlen(list[k]) == n &&
			    memcmp(s, list[k], n) == 0)
				return k;
		return -1;
	}
	for (int k = 0; list[k]; k++)
		if (strlen(list[k]) == n && memcmp(s, list[k], n) == 0)
			return k;
	return -1;
}

void dn_wset_add_lists(dn_wset *set, const char *const *const *lists)
{
	for (int k = 0; lists[k]; k++)
		dn_wset_add_list(set, lists[k], 1u << k);
}

uint32_t dn_wtok_lists_slow(const dn_toks *t, int i,
			    const char *const *const *lists)
{
	/* the set overflowed and cannot tell: scan the lists */
	uint32_t v = 0;
	for (int k = 0; lists[k]; k++)
		if (dn_wtok_in(t, i, lists[k]) >= 0)
			v |= 1u << k;
	return v;
}

/* MARK: - Word classes */

static const char *const S_rel[] = {
	"which", "who", "whom", "whose", "where", NULL
};
static const char *const S_sub[] = {
	"when", "while", "whereas", "although", "though", "because", "unless",
	"if", "whether", "since", "whilst", NULL
};
/* Words that open a new subject after "and"/"or". */
static const char *const S_subject[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their",
	"his", "her", "our", "my", "your", "he", "she", "it", "they", "we", "i",
	"you", "there", "many", "most", "some", "no", NULL
};
static const char *const S_report[] = {
	"said", "says", "say", "told", "tells", "reported", "reports",
	"announced", "announces", "stated", "added", "adds", "claimed",
	"claims", "confirmed", "confirms", "according", "noted", "insisted",
	"explained", "wrote", "writes", NULL
};
/* Words in -ing that do not open a participle clause. */
static const char *const S_not_ing[] = {
	"during", "including", "according", "following", "nothing",
	"something", "anything", "everything", "morning", "evening", "bring",
	"spring", "string", "ceiling", "wedding", "meeting", "building",
	"regarding", "concerning", "notwithstanding", "pending", "thing",
	"things", "king", NULL
};
/* The words dn_clause_boundary tests one by one. */
static const char *const S_other[] = { "that", "but", "and", "or", NULL };

/* The lists above as one set: bit k for list k. */
enum { S_C_REL = 1, S_C_SUB = 2, S_C_SUBJECT = 4, S_C_REPORT = 8,
       S_C_NOT_ING = 16, S_C_OTHER = 32 };
static const char *const *const S_lists[] = {
	S_rel, S_sub, S_subject, S_report, S_not_ing, S_other, NULL
};
static dn_wset S_words;
static dn_once S_words_once = DN_ONCE_INIT;

static void S_words_build(void)
{
	dn_wset_add_lists(&S_words, S_lists);
}

/* The S_C_* lists that hold token i. */
static uint32_t S_class(const dn_toks *t, int i)
{
	dn_once_run(&S_words_once, S_words_build);
	return dn_wtok_lists(t, i, &S_words, S_lists);
}

/* Whether dn_number_parse can find a number at token i < last. */
static int S_number_at(const dn_when_sent *ws, const dn_toks *t, int i,
		       int last)
{
	long long v;
	int exact;
	if (ws && ws->classified && i >= ws->first && i < ws->last &&
	    i - ws->first < DN_MAX_SENT_TOKENS &&
	    !(ws->bits[i - ws->first] & DN_WB_NUM))
		return 0; /* the word classes say no number starts there */
	return dn_number_parse(t, i, last, &v, &exact) > 0;
}

/* Whether a free-standing punctuation mark at i separates clauses. */
static int S_punct_boundary(const dn_when_sent *ws, const dn_toks *t, int i,
			    int first, int last)
{
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	if (n == 0)
		return DN_BND_NONE;
	if (n == 1 && s[0] == ',') {
		/* "3 killed, 12 injured": a list of counts, one clause */
		if (i + 1 < last && S_number_at(ws, t, i + 1, last))
			return DN_BND_NONE;
		return DN_BND_COMMA;
	}
	if (n == 1 && (s[0] == ';' || s[0] == '(' || s[0] == ')' ||
		       s[0] == '[' || s[0] == ']' || s[0] == '/'))
		return DN_BND_HARD;
	if ((n == 1 && (s[0] == '-' || s[0] == ':')) || (n == 2 && s[0] == '-')) {
		/* 2016-10-12, 10-20 and 10:35 are not boundaries */
		const dn_tok *k = &t->v[i];
		if (i > first && i + 1 < last &&
		    (t->v[i - 1].flags & DN_TK_NUM) &&
		    (t->v[i + 1].flags & DN_TK_NUM) && t->v[i - 1].end == k->start &&
		    t->v[i + 1].start == k->end)
			return DN_BND_NONE;
		return DN_BND_HARD;
	}
	return DN_BND_NONE;
}

/* dn_clause_boundary; ws (or NULL) may tell where no number starts. */
static int S_boundary(const dn_when_sent *ws, const dn_toks *t, int i,
		      int first, int last)
{
	const dn_tok *k = &t->v[i];
	if (k->flags & DN_TK_PUNCT)
		return S_punct_boundary(ws, t, i, first, last);
	if (!(k->flags & DN_TK_WORD) || i == first)
		return DN_BND_NONE;
	uint32_t c = S_class(t, i);
	if (!(c & (S_C_REL | S_C_SUB | S_C_OTHER)))
		return DN_BND_NONE;
	if (c & S_C_REL)
		return DN_BND_REL;
	if (dn_wtok_is(t, i, "that")) {
		/* "that was" / "that day": a pronoun or determiner */
		if (i + 1 < last && (dn_wtok_is(t, i + 1, "is") ||
				     dn_wtok_is(t, i + 1, "was") ||
				     dn_wtok_is(t, i + 1, "day") ||
				     dn_wtok_is(t, i + 1, "week")))
			return DN_BND_NONE;
		return DN_BND_THAT;
	}
	if (c & S_C_SUB)
		return DN_BND_SUB;
	if (dn_wtok_is(t, i, "but"))
		return DN_BND_COORD;
	if ((dn_wtok_is(t, i, "and") || dn_wtok_is(t, i, "or")) && i + 1 < last) {
		if (S_number_at(ws, t, i + 1, last))
			return DN_BND_NONE; /* "killed 3 and 11 injured" */
		if (S_class(t, i + 1) & S_C_SUBJECT)
			return DN_BND_COORD;
		if ((t->v[i + 1].flags & DN_TK_CAP) && !(t->v[i + 1].flags & DN_TK_NUM))
			return DN_BND_COORD;
	}
	return DN_BND_NONE;
}

int dn_clause_boundary(const dn_toks *t, int i, int first, int last)
{
	return S_boundary(NULL, t, i, first, last);
}

int dn_clause_is_report(const dn_toks *t, int i)
{
	return (S_class(t, i) & S_C_REPORT) != 0;
}

int dn_clause_is_ing(const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	if (!(k->flags & DN_TK_WORD) || (k->flags & (DN_TK_CAP | DN_TK_NUM)))
		return 0;
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	if (n < 5 || memcmp(s + n - 3, "ing", 3) != 0)
		return 0;
	return !(S_class(t, i) & S_C_NOT_ING);
}

int dn_clause_bnd_slow(dn_when_sent *ws, int i)
{
	int k = i - ws->first;
	int b = S_boundary(ws, ws->t, i, ws->first, ws->last);
	if (ws->classified && k >= 0 && k < DN_MAX_SENT_TOKENS && i < ws->last)
		ws->bnd[k] = (int8_t)b;
	return b;
}

void dn_clause_gap(dn_when_sent *ws, int a, int b, dn_gap *g)
{
	const dn_toks *t = ws->t;
	memset(g, 0, sizeof(*g));
	for (int i = a + 1; i < b; i++) {
		int kind = dn_clause_bnd(ws, i);
		if (kind == DN_BND_HARD &&
		    (dn_wtok_is(t, i, "(") || dn_wtok_is(t, i, "["))) {
			/* a parenthesis closed before b is transparent: "(ICC)" */
			const char *close = dn_wtok_is(t, i, "(") ? ")" : "]";
			int j = i + 1;
			while (j < b && !dn_wtok_is(t, j, close))
				j++;
			if (j < b) {
				i = j;
				continue;
			}
		}
		if (kind == DN_BND_NONE)
			continue;
		if (g->n < DN_GAP_MAX) {
			g->pos[g->n] = i;
			g->kind[g->n] = kind;
		}
		g->n++;
	}
}
