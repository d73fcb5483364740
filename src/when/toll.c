/*
 * toll.c — how many were killed or wounded: number expressions in digits
 * and words, the approximations around them ("at least", "nearly",
 * "dozens of"), the casualty words they attach to ("40 people were
 * killed", "killing 3 and wounding 12", "a death toll of 57", "left more
 * than 200 civilians dead"), and which of those counts belong to a given
 * event trigger.
 *
 * Number words, multipliers, approximators and casualty words are small
 * static tables: closed-class grammar of counts, not dictionary data.
 */
#include "when_int.h"

/* MARK: - Number words */

typedef struct S_word {
	const char *w; /* folded word */
	size_t n;      /* its length (S_W) */
	long long v;   /* its value */
} S_word;

#define S_W(w, v) { w, sizeof(w) - 1, v }

static const S_word S_units[] = {
	S_W("zero", 0), S_W("one", 1), S_W("two", 2), S_W("three", 3),
	S_W("four", 4), S_W("five", 5), S_W("six", 6), S_W("seven", 7), S_W("eight", 8),
	S_W("nine", 9), S_W("ten", 10), S_W("eleven", 11), S_W("twelve", 12),
	S_W("thirteen", 13), S_W("fourteen", 14), S_W("fifteen", 15),
	S_W("sixteen", 16), S_W("seventeen", 17), S_W("eighteen", 18),
	S_W("nineteen", 19), { NULL, 0, 0 }
};

static const S_word S_tens[] = {
	S_W("twenty", 20), S_W("thirty", 30), S_W("forty", 40), S_W("fifty", 50),
	S_W("sixty", 60), S_W("seventy", 70), S_W("eighty", 80), S_W("ninety", 90),
	{ NULL, 0, 0 }
};

static const S_word S_mults[] = {
	S_W("hundred", 100), S_W("thousand", 1000), S_W("million", 1000000),
	S_W("billion", 1000000000LL), { NULL, 0, 0 }
};

/* Vague plurals: the value is the lower bound (ACLED's convention). */
static const S_word S_vague[] = {
	S_W("tens", 10), S_W("dozens", 12), S_W("scores", 20), S_W("hundreds", 100),
	S_W("thousands", 1000), S_W("millions", 1000000), S_W("several", 3),
	{ NULL, 0, 0 }
};

static long long S_lookup(const char *s, size_t n, const S_word *tab)
{
	for (int k = 0; tab[k].w; k++)
		if (tab[k].n == n && tab[k].w[0] == s[0] && memcmp(tab[k].w, s, n) == 0)
			return tab[k].v;
	return -1;
}

/* MARK: - Word set
 * The words a number can start with and the casualty words (S_anchors,
 * below), hashed once so that the loops trying every token of a sentence
 * reject most of them in a few instructions. */

enum {
	S_NW_A = 1,      /* "a", "an" */
	S_NW_UNIT = 2,   /* S_units */
	S_NW_TENS = 4,   /* S_tens */
	S_NW_VAGUE = 8,  /* S_vague */
	S_NW_ANCHOR = 16, /* S_anchors; the index is in bits 8 and up */
	S_NW_APPROX = 32, /* the first word of a phrase of S_approxes */
	S_NW_BETWEEN = 64 /* "between" */
};

static dn_wset S_words;
static dn_wset S_approx_first; /* first words of S_approxes: bit k, phrase k */
static size_t S_tens_min, S_tens_max; /* the shortest and longest of S_tens */
static dn_once S_words_once = DN_ONCE_INIT;
static void S_words_build(void);

/* Whether the word s[0..n) is "forty-five": S_small reads the part
 * before the first hyphen, which must be a word of S_tens, so the hyphen
 * comes early. S_words is built. */
static inline int S_hyphen_tens(const char *s, size_t n)
{
	uint32_t v;
	if (S_words.full) {
		/* the set says "maybe" to every prefix: any early hyphen */
		size_t m = n < S_tens_max + 1 ? n : S_tens_max + 1, h = 0;
		while (h < m && s[h] != '-')
			h++;
		return h < m;
	}
	/* the first hyphen must end a word of S_tens, so it sits at one of
	 * their lengths (a hyphen before it makes the prefix no such word) */
	for (size_t h = S_tens_min; h <= S_tens_max && h < n; h++)
		if (s[h] == '-')
			return dn_wset_get(&S_words, s, h, &v) > 0 && (v & S_NW_TENS);
	return 0;
}

int dn_number_may_start_hyphen(const dn_toks *t, int i)
{
	if (!(t->v[i].flags & DN_TK_WORD))
		return 0;
	dn_once_run(&S_words_once, S_words_build);
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	return S_hyphen_tens(s, n);
}

int dn_number_may_start(const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	if (k->flags & DN_TK_NUM)
		return 1;
	if (!(k->flags & DN_TK_WORD))
		return 0;
	dn_once_run(&S_words_once, S_words_build);
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	uint32_t v;
	int r = dn_wset_get_h(&S_words, s, n, k->hash, &v);
	if (r != 0 && (r < 0 || (v & (S_NW_A | S_NW_UNIT | S_NW_TENS | S_NW_VAGUE))))
		return 1;
	return S_hyphen_tens(s, n);
}

void dn_number_words_add(dn_wset *s, uint32_t bits)
{
	dn_wset_add(s, "a", bits);
	dn_wset_add(s, "an", bits);
	for (int k = 0; S_units[k].w; k++)
		dn_wset_add(s, S_units[k].w, bits);
	for (int k = 0; S_tens[k].w; k++)
		dn_wset_add(s, S_tens[k].w, bits);
	for (int k = 0; S_vague[k].w; k++)
		dn_wset_add(s, S_vague[k].w, bits);
}

static long long S_tok_lookup(const dn_toks *t, int i, int last,
			      const S_word *tab)
{
	size_t n;
	if (i >= last || !(t->v[i].flags & DN_TK_WORD))
		return -1;
	const char *s = dn_wtok(t, i, &n);
	return S_lookup(s, n, tab);
}

/* "seven", "forty", "forty-five": 0..99, or -1. *tens set for a bare
 * multiple of ten (which a unit may still follow: "forty five"). */
static long long S_small(const dn_toks *t, int i, int last, int *tens)
{
	size_t n;
	*tens = 0;
	if (i >= last || !(t->v[i].flags & DN_TK_WORD))
		return -1;
	const char *s = dn_wtok(t, i, &n);
	long long v = S_lookup(s, n, S_units);
	if (v >= 0)
		return v;
	if ((v = S_lookup(s, n, S_tens)) >= 0) {
		*tens = 1;
		return v;
	}
	const char *h = memchr(s, '-', n);
	if (!h)
		return -1;
	long long a = S_lookup(s, (size_t)(h - s), S_tens);
	long long b = S_lookup(h + 1, n - (size_t)(h - s) - 1, S_units);
	if (a < 0 || b < 1 || b > 9)
		return -1;
	return a + b;
}

/* MARK: - Numbers */

/* Whether token i says the number before it is a share: "80 %". */
static int S_percent(const dn_toks *t, int i, int last)
{
	if (i >= last)
		return 0;
	return dn_wtok_is(t, i, "%") || dn_wtok_is(t, i, "percent") ||
	       (dn_wtok_is(t, i, "per") && i + 1 < last &&
		dn_wtok_is(t, i + 1, "cent"));
}

/* "40", "1,000", "3.5" followed by an optional multiplier. */
static int S_digits_number(const dn_toks *t, int i, int last, long long *val,
			   int *exact)
{
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	long long ip = 0, fp = 0, scale = 1;
	int digits = 0, group = -1, frac = 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[k];
		if (c >= '0' && c <= '9') {
			if (++digits > 13)
				return 0;
			if (frac) {
				if (scale < 1000000) {
					fp = fp * 10 + (c - '0');
					scale *= 10;
				}
			} else {
				ip = ip * 10 + (c - '0');
				if (group >= 0)
					group++;
			}
		} else if (c == ',' && !frac) {
			if (group >= 0 && group != 3)
				return 0;
			if (group < 0 && (k == 0 || k > 3))
				return 0;
			group = 0;
		} else if (c == '.' && !frac) {
			frac = 1;
		} else {
			return 0; /* "18th", "2o15", "12-year-old" */
		}
	}
	if (group >= 0 && group != 3)
		return 0;
	if (S_percent(t, i + 1, last))
		return 0;
	long long mult = S_tok_lookup(t, i + 1, last, S_mults);
	if (mult > 0) {
		*val = ip * mult + fp * mult / scale;
		*exact = 1;
		return 2;
	}
	*val = ip;
	*exact = !frac;
	return 1;
}

/* "two", "forty five", "one hundred and twenty", "two thousand". */
static int S_words_number(const dn_toks *t, int i, int last, long long *val)
{
	long long total = 0, cur = 0;
	int j = i, any = 0, prev = 0; /* prev: 1 unit, 2 tens, 3 hundred, 4 big */
	while (j < last) {
		int tens;
		long long v = S_small(t, j, last, &tens);
		if (v >= 0) {
			if (prev == 1 || (prev == 2 && (tens || v >= 10)))
				break;
			cur += v;
			prev = tens ? 2 : 1;
			any = 1;
			j++;
			continue;
		}
		long long m = S_tok_lookup(t, j, last, S_mults);
		if (m == 100 && any && prev != 3 && cur > 0) {
			cur *= 100;
			prev = 3;
			j++;
			continue;
		}
		if (m >= 1000 && any && prev != 4 && (cur > 0 || total > 0)) {
			total += (cur ? cur : 1) * m;
			cur = 0;
			prev = 4;
			j++;
			continue;
		}
		if (dn_wtok_is(t, j, "and") && (prev == 3 || prev == 4) &&
		    j + 1 < last && S_small(t, j + 1, last, &tens) > 0) {
			j++;
			prev = 3;
			continue;
		}
		break;
	}
	if (!any)
		return 0;
	*val = total + cur;
	return j - i;
}

int dn_number_parse(const dn_toks *t, int i, int last, long long *val,
		    int *exact)
{
	*val = 0;
	*exact = 0;
	if (i < 0 || i >= last || last > t->n)
		return 0;
	const dn_tok *k = &t->v[i];
	if (k->flags & DN_TK_NUM)
		return S_digits_number(t, i, last, val, exact);
	if (!dn_number_may_start(t, i))
		return 0; /* the word cannot start any reading below */
	long long v;
	if (dn_wtok_is(t, i, "a") || dn_wtok_is(t, i, "an")) {
		if (i + 1 >= last)
			return 0;
		if (dn_wtok_is(t, i + 1, "dozen") || dn_wtok_is(t, i + 1, "score")) {
			*val = dn_wtok_is(t, i + 1, "dozen") ? 12 : 20;
			*exact = 1;
			return 2;
		}
		if (dn_wtok_is(t, i + 1, "couple")) {
			*val = 2;
			*exact = 1;
			return 2;
		}
		if (dn_wtok_is(t, i + 1, "few")) {
			*val = 2;
			return 2;
		}
		if ((v = S_tok_lookup(t, i + 1, last, S_mults)) > 0) {
			*val = v;
			*exact = 1;
			return 2;
		}
		return 0;
	}
	if ((v = S_tok_lookup(t, i, last, S_vague)) > 0) {
		/* "tens of thousands", "hundreds of thousands" */
		long long m;
		if (i + 2 < last && dn_wtok_is(t, i + 1, "of") &&
		    (m = S_tok_lookup(t, i + 2, last, S_vague)) >= 100) {
			*val = v * m;
			return 3;
		}
		*val = v;
		return 1;
	}
	int n = S_words_number(t, i, last, &v);
	if (!n)
		return 0;
	if (i + n < last && dn_wtok_is(t, i + n, "dozen")) {
		v *= 12;
		n++;
	}
	if (S_percent(t, i + n, last))
		return 0;
	*val = v;
	*exact = 1;
	return n;
}

/* MARK: - Counts with their approximations */

enum { S_AP_EXACT, S_AP_LOW, S_AP_ABOUT, S_AP_BELOW, S_AP_ATMOST };

typedef struct S_approx {
	const char *w[4]; /* folded words, NULL-terminated */
	int kind;         /* S_AP_* */
} S_approx;

/* Longer phrases first where one begins another. */
static const S_approx S_approxes[] = {
	{ { "at", "least", NULL }, S_AP_LOW },
	{ { "more", "than", NULL }, S_AP_LOW },
	{ { "over", NULL }, S_AP_LOW },
	{ { "upwards", "of", NULL }, S_AP_LOW },
	{ { "no", "fewer", "than", NULL }, S_AP_LOW },
	{ { "no", "less", "than", NULL }, S_AP_LOW },
	{ { "not", "less", "than", NULL }, S_AP_LOW },
	{ { "in", "excess", "of", NULL }, S_AP_LOW },
	{ { "above", NULL }, S_AP_LOW },
	{ { "nearly", NULL }, S_AP_ABOUT },
	{ { "almost", NULL }, S_AP_ABOUT },
	{ { "about", NULL }, S_AP_ABOUT },
	{ { "around", NULL }, S_AP_ABOUT },
	{ { "roughly", NULL }, S_AP_ABOUT },
	{ { "approximately", NULL }, S_AP_ABOUT },
	{ { "some", NULL }, S_AP_ABOUT },
	{ { "close", "to", NULL }, S_AP_ABOUT },
	{ { "an", "estimated", NULL }, S_AP_ABOUT },
	{ { "estimated", NULL }, S_AP_ABOUT },
	{ { "up", "to", NULL }, S_AP_ABOUT },
	{ { "as", "many", "as", NULL }, S_AP_ABOUT },
	{ { "perhaps", NULL }, S_AP_ABOUT },
	{ { "fewer", "than", NULL }, S_AP_BELOW },
	{ { "less", "than", NULL }, S_AP_BELOW },
	{ { "under", NULL }, S_AP_BELOW },
	{ { "at", "most", NULL }, S_AP_ATMOST },
	{ { "no", "more", "than", NULL }, S_AP_ATMOST },
	{ { "not", "more", "than", NULL }, S_AP_ATMOST },
	{ { NULL }, 0 }
};
_Static_assert(DN_ARRAY_LEN(S_approxes[0].w) - 1 <= DN_COUNT_LEAD_MAX,
	       "a count starts at most DN_COUNT_LEAD_MAX tokens after its lead");

/* Units that make a number something other than people: "3 days". */
static const char *const S_not_people[] = {
	"%", "percent", "per", "year", "years", "month", "months", "week",
	"weeks", "day", "days", "hour", "hours", "minute", "minutes", "km",
	"kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile",
	"metres", "meters", "m", "kg", "tons", "tonnes", "dollars", "euros",
	"pounds", "times", "am", "pm", "a.m.", "p.m.", NULL
};

/* The word lists of this file that hold token i: bit k for list k of
 * S_lists (below). */
enum { S_G_NOT_PEOPLE = 1, S_G_NP_STOP = 2, S_G_GAP = 4, S_G_TOLL_LINK = 8,
       S_G_CUE = 16 };
static uint32_t S_gram_class(const dn_toks *t, int i);

typedef struct S_cnt {
	int a, b;           /* tokens [a, b): approximation and number(s) */
	long long min, max; /* bounds, max -1 = null */
} S_cnt;

/* Whether token j lies inside a temporal expression ("October 7",
 * "three weeks", "in 2015"): then it is not a count of people. */
static int S_in_date(const dn_when_sent *ws, int j)
{
	for (int s = DN_MAX(ws->first, j - 3); s <= j; s++) {
		dn_texpr x;
		uint32_t cls = dn_when_bits(ws, s) & DN_TS_ALL;
		if (cls && dn_texpr_match_at(ws->t, s, ws->first, ws->last, &x, cls) &&
		    x.first <= j && j < x.last)
			return 1;
	}
	return 0;
}

/* A count at i: [approximation] number [to|or|- number]. */
static int S_count_at(const dn_when_sent *ws, int i, S_cnt *c)
{
	const dn_toks *t = ws->t;
	int first = ws->first, last = ws->last;
	/* nothing below can match at a token without DN_WB_COUNT */
	if (i >= last || !(dn_when_bits(ws, i) & DN_WB_COUNT))
		return 0;
	int kind = S_AP_EXACT, j = i;
	int between = 0;
	/* only the phrases whose first word is token i can match (and none
	 * at last); phrases past the 32nd are always tried */
	uint32_t cand = 0;
	int nphrases = 0;
	if (i < last) {
		size_t n0;
		const char *s0 = dn_wtok(t, i, &n0);
		dn_once_run(&S_words_once, S_words_build);
		if (dn_wset_get_h(&S_approx_first, s0, n0, t->v[i].hash, &cand) < 0)
			cand = ~0u;
		nphrases = (int)DN_ARRAY_LEN(S_approxes) - 1;
	}
	for (int k = 0; k < nphrases; k++) {
		if (k < 32 && !((cand >> k) & 1)) {
			if (!(cand >> k))
				k = 31; /* none of the first 32 left */
			continue;
		}
		int n = 0;
		while (S_approxes[k].w[n] && i + n < last &&
		       dn_wtok_is(t, i + n, S_approxes[k].w[n]))
			n++;
		if (!S_approxes[k].w[n]) {
			kind = S_approxes[k].kind;
			j = i + n;
			break;
		}
	}
	if (j == i && i < last && dn_wtok_is(t, i, "between")) {
		between = 1;
		j++;
	}
	long long v;
	int exact;
	int n = dn_number_parse(t, j, last, &v, &exact);
	if (!n || S_in_date(ws, j))
		return 0;
	if (j > first && dn_wtok_is(t, j, "one") && dn_wtok_is(t, j - 1, "no"))
		return 0; /* "no one was killed" */
	int e = j + n;
	if (e < last && (S_gram_class(t, e) & S_G_NOT_PEOPLE))
		return 0;
	c->a = i;
	c->min = v;
	c->max = exact ? v : -1;
	/* ranges: "10 to 20", "two or three", "10-20", "between 10 and 20" */
	if (e + 1 < last && (dn_wtok_is(t, e, "to") || dn_wtok_is(t, e, "or") ||
			     dn_wtok_is(t, e, "-") ||
			     (between && dn_wtok_is(t, e, "and")))) {
		long long v2;
		int ex2;
		int n2 = dn_number_parse(t, e + 1, last, &v2, &ex2);
		if (n2 && ex2 && exact && v2 > v &&
		    (e + 1 + n2 >= last ||
		     !(S_gram_class(t, e + 1 + n2) & S_G_NOT_PEOPLE))) {
			c->max = v2;
			e += 1 + n2;
			kind = S_AP_EXACT;
		}
	} else if (between) {
		return 0;
	}
	c->b = e;
	switch (kind) {
	case S_AP_LOW:
		c->max = -1;
		break;
	case S_AP_ABOUT:
		break; /* min = max = the number (or max null when vague) */
	case S_AP_BELOW:
		c->max = v > 0 ? v - 1 : 0;
		c->min = 0;
		break;
	case S_AP_ATMOST:
		c->max = v;
		c->min = 0;
		break;
	default:
		break;
	}
	return 1;
}

/* MARK: - Casualty words */

enum { S_K_DEAD = 1, S_K_INJ = 2 };
enum {
	S_T_VERB = 1,   /* followed by the count: "killed 40" */
	S_T_PART = 2,   /* after "were" and the like: "40 were killed" */
	S_T_DIRECT = 4, /* right after the count: "40 dead", "57 deaths" */
	S_T_OF = 8,     /* "the deaths of 4", "a death toll of 57" */
	S_T_TOLL = 16   /* "the toll rose to 57" */
};

typedef struct S_anchor {
	const char *w;
	size_t n; /* strlen(w) (S_A) */
	int kind; /* S_K_* */
	int type; /* S_T_* bits */
} S_anchor;

#define S_A(w, kind, type) { w, sizeof(w) - 1, kind, type }

static const S_anchor S_anchors[] = {
	S_A("killed", S_K_DEAD, S_T_VERB | S_T_PART | S_T_DIRECT),
	S_A("kill", S_K_DEAD, S_T_VERB),
	S_A("kills", S_K_DEAD, S_T_VERB),
	S_A("killing", S_K_DEAD, S_T_VERB | S_T_OF),
	S_A("killings", S_K_DEAD, S_T_OF),
	S_A("dead", S_K_DEAD, S_T_PART | S_T_DIRECT),
	S_A("died", S_K_DEAD, S_T_PART | S_T_DIRECT),
	S_A("die", S_K_DEAD, S_T_PART),
	S_A("death", S_K_DEAD, S_T_OF),
	S_A("deaths", S_K_DEAD, S_T_OF | S_T_DIRECT),
	S_A("toll", S_K_DEAD, S_T_OF | S_T_TOLL),
	S_A("lives", S_K_DEAD, S_T_OF),
	S_A("bodies", S_K_DEAD, S_T_OF | S_T_DIRECT),
	S_A("corpses", S_K_DEAD, S_T_OF | S_T_DIRECT),
	S_A("massacre", S_K_DEAD, S_T_OF),
	S_A("massacred", S_K_DEAD, S_T_VERB | S_T_PART | S_T_DIRECT),
	S_A("slain", S_K_DEAD, S_T_PART | S_T_DIRECT),
	S_A("slaughtered", S_K_DEAD, S_T_VERB | S_T_PART),
	S_A("perished", S_K_DEAD, S_T_PART | S_T_DIRECT),
	S_A("fatalities", S_K_DEAD, S_T_DIRECT),
	S_A("murdered", S_K_DEAD, S_T_VERB | S_T_PART),
	S_A("executed", S_K_DEAD, S_T_VERB | S_T_PART),
	S_A("beheaded", S_K_DEAD, S_T_VERB | S_T_PART),
	S_A("wounded", S_K_INJ, S_T_VERB | S_T_PART | S_T_DIRECT),
	S_A("wounding", S_K_INJ, S_T_VERB),
	S_A("injured", S_K_INJ, S_T_VERB | S_T_PART | S_T_DIRECT),
	S_A("injuring", S_K_INJ, S_T_VERB),
	S_A("injuries", S_K_INJ, S_T_DIRECT),
	S_A("hurt", S_K_INJ, S_T_PART | S_T_DIRECT),
	S_A("maimed", S_K_INJ, S_T_VERB | S_T_PART),
	{ NULL, 0, 0, 0 }
};
_Static_assert(DN_ARRAY_LEN(S_anchors) <= (DN_WB_ANCHOR_MASK >> DN_WB_ANCHOR_SHIFT),
	       "a casualty word's index + 1 fits DN_WB_ANCHOR_MASK");

static void S_words_build(void)
{
	dn_wset_add(&S_words, "a", S_NW_A);
	dn_wset_add(&S_words, "an", S_NW_A);
	for (int k = 0; S_units[k].w; k++)
		dn_wset_add(&S_words, S_units[k].w, S_NW_UNIT);
	for (int k = 0; S_tens[k].w; k++) {
		dn_wset_add(&S_words, S_tens[k].w, S_NW_TENS);
		if (S_tens[k].n > S_tens_max)
			S_tens_max = S_tens[k].n;
		if (S_tens_min == 0 || S_tens[k].n < S_tens_min)
			S_tens_min = S_tens[k].n;
	}
	for (int k = 0; S_vague[k].w; k++)
		dn_wset_add(&S_words, S_vague[k].w, S_NW_VAGUE);
	for (int k = 0; S_anchors[k].w; k++) {
		uint32_t v;
		if (dn_wset_get(&S_words, S_anchors[k].w, S_anchors[k].n, &v) > 0 &&
		    (v & S_NW_ANCHOR))
			continue; /* a scan finds the first */
		dn_wset_add(&S_words, S_anchors[k].w, S_NW_ANCHOR | (uint32_t)k << 8);
	}
	for (int k = 0; S_approxes[k].w[0] && k < 32; k++)
		dn_wset_add(&S_approx_first, S_approxes[k].w[0], 1u << k);
	for (int k = 0; S_approxes[k].w[0]; k++)
		dn_wset_add(&S_words, S_approxes[k].w[0], S_NW_APPROX);
	dn_wset_add(&S_words, "between", S_NW_BETWEEN);
}

void dn_toll_words_add(dn_wset *s, dn_wset *prefixes)
{
	uint32_t v;
	/* dn_number_parse reads "a"/"an" only as "a dozen", "a score", "a
	 * couple", "a few" or "a hundred" (any of S_mults) */
	dn_wset_add(s, "a", DN_WB_A);
	dn_wset_add(s, "an", DN_WB_A);
	dn_wset_add(s, "dozen", DN_WB_AFTER_A);
	dn_wset_add(s, "score", DN_WB_AFTER_A);
	dn_wset_add(s, "couple", DN_WB_AFTER_A);
	dn_wset_add(s, "few", DN_WB_AFTER_A);
	for (int k = 0; S_mults[k].w; k++)
		dn_wset_add(s, S_mults[k].w, DN_WB_AFTER_A);
	for (int k = 0; S_units[k].w; k++)
		dn_wset_add(s, S_units[k].w, DN_WB_NUM);
	for (int k = 0; S_tens[k].w; k++)
		dn_wset_add(s, S_tens[k].w, DN_WB_NUM);
	for (int k = 0; S_vague[k].w; k++)
		dn_wset_add(s, S_vague[k].w, DN_WB_NUM);
	for (int k = 0; S_approxes[k].w[0]; k++)
		dn_wset_add(s, S_approxes[k].w[0], DN_WB_LEAD);
	dn_wset_add(s, "between", DN_WB_LEAD);
	for (int k = 0; S_anchors[k].w; k++) {
		if (dn_wset_get(s, S_anchors[k].w, S_anchors[k].n, &v) > 0 &&
		    (v & DN_WB_ANCHOR_MASK))
			continue; /* S_anchor_at finds the first */
		dn_wset_add(s, S_anchors[k].w, (uint32_t)(k + 1) << DN_WB_ANCHOR_SHIFT);
	}
	/* "forty-five": the hyphen ends a word of S_tens */
	for (int k = 0; prefixes && S_tens[k].w; k++)
		dn_wset_add(prefixes, S_tens[k].w, 1);
}

static const S_anchor *S_anchor_at(const dn_toks *t, int i, int last)
{
	size_t n;
	if (i < 0 || i >= last || !(t->v[i].flags & DN_TK_WORD))
		return NULL;
	const char *s = dn_wtok(t, i, &n);
	dn_once_run(&S_words_once, S_words_build);
	uint32_t v;
	int r = dn_wset_get_h(&S_words, s, n, t->v[i].hash, &v);
	if (r == 0 || (r > 0 && !(v & S_NW_ANCHOR)))
		return NULL;
	if (r > 0)
		return &S_anchors[v >> 8];
	for (int k = 0; S_anchors[k].w; k++)
		if (S_anchors[k].n == n && S_anchors[k].w[0] == s[0] &&
		    memcmp(S_anchors[k].w, s, n) == 0)
			return &S_anchors[k];
	return NULL;
}

uint32_t dn_toll_word_bits(const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	dn_once_run(&S_words_once, S_words_build);
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	uint32_t v = 0, cand = 0;
	int r = dn_wset_get_h(&S_words, s, n, k->hash, &v);
	if (r < 0 || S_approx_first.full) {
		/* the set cannot tell: ask what S_count_at and S_anchor_at ask */
		const S_anchor *an = S_anchor_at(t, i, t->n);
		int lead = dn_wtok_is(t, i, "between") ||
			   dn_wset_get_h(&S_approx_first, s, n, k->hash, &cand) != 0;
		return (dn_number_may_start(t, i) ? DN_WB_NUM : 0) |
		       (lead ? DN_WB_LEAD : 0) |
		       (an ? (uint32_t)(an - S_anchors + 1) << DN_WB_ANCHOR_SHIFT : 0);
	}
	uint32_t b = 0;
	/* dn_number_may_start */
	if ((k->flags & DN_TK_NUM) ||
	    ((k->flags & DN_TK_WORD) &&
	     ((r && (v & (S_NW_A | S_NW_UNIT | S_NW_TENS | S_NW_VAGUE))) ||
	      S_hyphen_tens(s, n))))
		b |= DN_WB_NUM;
	/* S_count_at's approximations and "between" */
	if (r && (v & (S_NW_APPROX | S_NW_BETWEEN)))
		b |= DN_WB_LEAD;
	/* S_anchor_at */
	if (r && (v & S_NW_ANCHOR) && (k->flags & DN_TK_WORD))
		b |= ((v >> 8) + 1) << DN_WB_ANCHOR_SHIFT;
	return b;
}

/* S_anchor_at for token i of the prepared sentence. */
static const S_anchor *S_anchor_ws(const dn_when_sent *ws, int i)
{
	if (i < ws->first || i >= ws->last)
		return S_anchor_at(ws->t, i, ws->last);
	uint32_t a = (dn_when_bits(ws, i) & DN_WB_ANCHOR_MASK) >> DN_WB_ANCHOR_SHIFT;
	return a ? &S_anchors[a - 1] : NULL;
}

/* Closed-class words that end the noun phrase after a count. */
static const char *const S_np_stop[] = {
	"in", "on", "at", "from", "by", "with", "to", "for", "into", "onto",
	"near", "during", "after", "before", "since", "over", "under",
	"across", "through", "against", "inside", "outside", "including",
	"among", "amid", "as", "like", "without", "within", "around",
	"between", "behind", "of", "and", "or", "but", "nor", "while", "is",
	"are", "was", "were", "be", "been", "being", "have", "has", "had",
	"will", "would", "shall", "should", "can", "could", "may", "might",
	"must", "do", "does", "did", "got", "who", "which", "that", "whom",
	"whose", "where", "when", "the", "a", "an", "their", "his", "her",
	"its", "our", "also", "reportedly", "allegedly", "all", "both",
	"not", "never", "no", "left", "leaving", "lost", NULL
};

/* Words allowed between a count's noun phrase and "killed": "40 people
 * were reportedly killed", "two people who have been killed". */
static const char *const S_gap[] = {
	"is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
	"will", "would", "could", "may", "might", "must", "reportedly",
	"allegedly", "also", "all", "both", "reported", "confirmed",
	"believed", "feared", "later", "now", "already", "apparently",
	"initially", "subsequently", "got", "found", "shot", "who", "that",
	"were", "either", "each", NULL
};

/* Words between a toll and its figure: "the toll rose to 57". */
static const char *const S_toll_links[] = {
	"to", "at", "reached", "hit", "passed", "topped", "exceeded",
	"surpassed", "stood", "stands", "is", "was", "reaching", NULL
};

/* Words that make a count cumulative: "since October 7", "in total". */
static const char *const S_cues[] = {
	"since", "total", "overall", "cumulative", "bringing", "altogether",
	NULL
};

/* The word lists of this file as one set (S_gram_class): bit k, list k. */
static const char *const *const S_lists[] = {
	S_not_people, S_np_stop, S_gap, S_toll_links, S_cues, NULL
};
static dn_wset S_gram;
static dn_once S_gram_once = DN_ONCE_INIT;

static void S_gram_build(void)
{
	dn_wset_add_lists(&S_gram, S_lists);
}

static uint32_t S_gram_class(const dn_toks *t, int i)
{
	dn_once_run(&S_gram_once, S_gram_build);
	return dn_wtok_lists(t, i, &S_gram, S_lists);
}

/* The end of the noun phrase after a count: "[more] [of] Syrian
 * civilians". */
static int S_np_end(const dn_when_sent *ws, int j)
{
	const dn_toks *t = ws->t;
	int last = ws->last;
	if (j < last && (dn_wtok_is(t, j, "more") || dn_wtok_is(t, j, "other") ||
			 dn_wtok_is(t, j, "others")))
		j++;
	if (j + 1 < last && dn_wtok_is(t, j, "of") &&
	    (t->v[j + 1].flags & DN_TK_WORD))
		j++;
	for (int k = 0; k < 4 && j < last; k++, j++) {
		const dn_tok *w = &t->v[j];
		if (!(w->flags & DN_TK_WORD) || (w->flags & (DN_TK_NUM | DN_TK_POSS)) ||
		    (S_gram_class(t, j) & S_G_NP_STOP) || S_anchor_ws(ws, j))
			break;
	}
	if (j > 0 && dn_wtok_is(t, j - 1, "of"))
		j--;
	return j;
}

/* MARK: - Mentions */

static int S_cumulative(dn_when_sent *ws, const dn_mention *m);

/* "killed or wounded", "dead and injured": the count covers both kinds
 * and so neither. */
static int S_ambiguous(const dn_when_sent *ws, int a, int kind)
{
	const dn_toks *t = ws->t;
	const S_anchor *o;
	if (a + 2 < ws->last && (dn_wtok_is(t, a + 1, "or") || dn_wtok_is(t, a + 1, "and")) &&
	    (o = S_anchor_ws(ws, a + 2)) && o->kind != kind)
		return 1;
	if (a - 2 >= ws->first && (dn_wtok_is(t, a - 1, "or") || dn_wtok_is(t, a - 1, "and")) &&
	    (o = S_anchor_ws(ws, a - 2)) && o->kind != kind)
		return 1;
	return 0;
}

/* Records the mention of count c and its casualty word at anchor. */
static void S_add(dn_when_sent *ws, const S_anchor *an, int anchor,
		  const S_cnt *c, int np_end, int lo_extra)
{
	dn_mention *m = &ws->men[ws->nmen++];
	m->kind = an->kind;
	m->anchor = anchor;
	m->ca = c->a;
	m->cb = np_end > c->b ? np_end : c->b;
	m->lo = DN_MIN(DN_MIN(c->a, anchor), lo_extra);
	m->hi = DN_MAX(m->cb - 1, anchor);
	m->min = c->min;
	m->max = c->max;
	/* "accused Moscow of killing 12": the content of another event */
	m->own = S_cumulative(ws, m) ||
		 (m->anchor > ws->first && (dn_wtok_is(ws->t, m->anchor - 1, "of") ||
					    dn_wtok_is(ws->t, m->anchor - 1, "for")) &&
		  m->anchor < m->ca);
}

/* "40 people were killed", "left more than 200 civilians dead", "57
 * deaths", "two people lost their lives". At most one mention per token
 * of [lo, hi). */
static void S_count_first(dn_when_sent *ws, int lo, int hi)
{
	const dn_toks *t = ws->t;
	int last = ws->last;
	for (int i = lo; (i = dn_when_next(ws, i, hi, DN_WB_COUNT)) < hi;) {
		S_cnt c;
		if (!S_count_at(ws, i, &c)) {
			i++;
			continue;
		}
		int np = S_np_end(ws, c.b);
		const S_anchor *an = S_anchor_ws(ws, np);
		int a = np;
		if (!an || !(an->type & S_T_DIRECT)) {
			an = NULL;
			for (a = np; a < last && a - np < 5; a++) {
				if (dn_wtok_is(t, a, "lost") && a + 2 < last &&
				    (dn_wtok_is(t, a + 2, "lives") || dn_wtok_is(t, a + 2, "life"))) {
					a += 2;
					an = S_anchor_ws(ws, a);
					break;
				}
				if (!(S_gram_class(t, a) & S_G_GAP))
					break;
			}
			if (!an && (an = S_anchor_ws(ws, a)) && !(an->type & S_T_PART))
				an = NULL;
		}
		if (an && !S_ambiguous(ws, a, an->kind))
			S_add(ws, an, a, &c, np, a);
		i = c.b;
	}
}

/* "killed 40", "the deaths of four", "the toll rose to 57". At most one
 * mention per token of [lo, hi). */
static void S_anchor_first(dn_when_sent *ws, int lo, int hi)
{
	const dn_toks *t = ws->t;
	int first = ws->first, last = ws->last;
	for (int a = lo; (a = dn_when_next(ws, a, hi, DN_WB_ANCHOR_MASK)) < hi; a++) {
		const S_anchor *an = &S_anchors[((dn_when_bits(ws, a) & DN_WB_ANCHOR_MASK) >>
						 DN_WB_ANCHOR_SHIFT) - 1];
		if (S_ambiguous(ws, a, an->kind))
			continue;
		S_cnt c;
		int at = -1;
		if ((an->type & S_T_VERB) && S_count_at(ws, a + 1, &c))
			at = a;
		else if ((an->type & S_T_OF) && a + 1 < last && dn_wtok_is(t, a + 1, "of") &&
			 S_count_at(ws, a + 2, &c))
			at = a;
		else if (an->type & S_T_TOLL)
			for (int j = a + 1; j < last && j <= a + 8; j++) {
				if (dn_wtok_is(t, j, ",") || dn_wtok_is(t, j, ";") ||
				    dn_wtok_is(t, j, "."))
					break;
				if ((S_gram_class(t, j) & S_G_TOLL_LINK) &&
				    S_count_at(ws, j + 1, &c)) {
					at = a;
					break;
				}
			}
		if (at < 0)
			continue;
		/* "a death toll of 57": the mention starts at "death" */
		int lo_extra = a;
		if (a > first && dn_wtok_is(t, a, "toll") &&
		    (dn_wtok_is(t, a - 1, "death") || dn_wtok_is(t, a - 1, "casualty")))
			lo_extra = a - 1;
		S_add(ws, an, a, &c, S_np_end(ws, c.b), lo_extra);
	}
}

/* The count mentions of the window [lo, hi) into ws->men, in the order
 * the ranking breaks ties by: counts first, then casualty words. */
static void S_scan(dn_when_sent *ws, int lo, int hi)
{
	ws->nmen = 0;
	S_count_first(ws, lo, hi);
	S_anchor_first(ws, lo, hi);
	ws->men_lo = lo;
	ws->men_hi = hi;
}

/* MARK: - Attaching counts to the trigger */

/* Whether the count's clause says it is cumulative: "since October 7",
 * "so far", "bringing the toll to 110", "in total". */
static int S_cumulative(dn_when_sent *ws, const dn_mention *m)
{
	const dn_toks *t = ws->t;
	int first = ws->first, last = ws->last;
	int a = m->lo, b = m->hi;
	while (a > first && dn_clause_bnd(ws, a) == DN_BND_NONE)
		a--;
	while (b + 1 < last && dn_clause_bnd(ws, b + 1) == DN_BND_NONE)
		b++;
	if (b + 1 < last)
		b++; /* the word that ends the clause: "... people since 2011" */
	for (int i = a; i <= b; i++) {
		if (S_gram_class(t, i) & S_G_CUE)
			return 1;
		if (i + 1 <= b && ((dn_wtok_is(t, i, "so") && dn_wtok_is(t, i + 1, "far")) ||
				   (dn_wtok_is(t, i, "to") && dn_wtok_is(t, i + 1, "date"))))
			return 1;
	}
	return 0;
}

/* Whether the boundary at p opens a relative clause on the trigger:
 * "bombings which left", "an attack that killed", "the raid, which". */
static int S_opens_relative(dn_when_sent *ws, int trig, int p)
{
	int kind = dn_clause_bnd(ws, p);
	int rel = kind == DN_BND_REL || kind == DN_BND_THAT;
	if (p == trig + 1)
		return rel || (kind == DN_BND_COMMA && p + 1 < ws->last &&
			       dn_clause_bnd(ws, p + 1) == DN_BND_REL);
	return p == trig + 2 && dn_wtok_is(ws->t, trig + 1, ",") && rel;
}

/* 0 the trigger's own count, 1 same clause, 2 tied clause, -1 unrelated. */
static int S_rank(dn_when_sent *ws, int trig, const dn_mention *m)
{
	int last = ws->last;
	if (trig >= m->lo && trig <= m->hi)
		return 0;
	if (m->own)
		return -1;
	dn_gap g;
	int after = m->lo > trig;
	if (after)
		dn_clause_gap(ws, trig, m->lo, &g);
	else
		dn_clause_gap(ws, m->hi, trig, &g);
	if (g.n > DN_GAP_MAX)
		return -1;
	int kept = 0, pos = -1, kind = 0;
	for (int k = 0; k < g.n; k++) {
		if (after && S_opens_relative(ws, trig, g.pos[k]))
			continue;
		pos = g.pos[k];
		kind = g.kind[k];
		kept++;
	}
	if (kept == 0)
		return 1;
	/* "shelled the town, killing 12" */
	if (kept == 1 && after && kind == DN_BND_COMMA && pos + 1 < last &&
	    dn_clause_is_ing(ws->t, pos + 1))
		return 2;
	/* "five people were killed when a shell hit their house" */
	if (kept == 1 && !after && kind == DN_BND_SUB && dn_wtok_is(ws->t, pos, "when"))
		return 2;
	return -1;
}

int dn_toll_pick(dn_when_sent *ws, int trigger, dn_count *dead,
		 dn_count *injured)
{
	memset(dead, 0, sizeof(*dead));
	memset(injured, 0, sizeof(*injured));
	dead->max = injured->max = -1;
	if (!ws->ok || trigger < ws->first || trigger >= ws->last)
		return 0;
	dn_when_classify(ws);
	/* the whole sentence for every trigger of a short one (dn_when_pick) */
	int lo = DN_MAX(ws->first, trigger - DN_WHEN_WINDOW);
	int hi = DN_MIN(ws->last, trigger + DN_WHEN_WINDOW + 1);
	if (ws->men_lo != lo || ws->men_hi != hi)
		S_scan(ws, lo, hi);
	/* the nearest of the best rank of each kind; the first found wins a tie */
	const dn_mention *best[3] = { NULL, NULL, NULL }; /* by S_K_* */
	int rank[3] = { -1, -1, -1 }, dist[3] = { 0, 0, 0 };
	for (int i = 0; i < ws->nmen; i++) {
		const dn_mention *m = &ws->men[i];
		int r = S_rank(ws, trigger, m);
		if (r < 0)
			continue;
		int d = m->anchor > trigger ? m->anchor - trigger : trigger - m->anchor;
		int k = m->kind;
		if (rank[k] < 0 || r < rank[k] || (r == rank[k] && d < dist[k])) {
			best[k] = m;
			rank[k] = r;
			dist[k] = d;
		}
	}
	int mask = 0;
	for (int kd = S_K_DEAD; kd <= S_K_INJ; kd++) {
		if (rank[kd] < 0)
			continue;
		const dn_mention *m = best[kd];
		dn_count *c = kd == S_K_DEAD ? dead : injured;
		c->min = m->min;
		c->max = m->max;
		c->start = ws->t->v[m->ca].start;
		c->end = ws->t->v[m->cb - 1].end;
		c->set = 1;
		mask |= kd;
	}
	return mask;
}

int dn_toll_find(const char *text, const dn_toks *toks, int first, int last,
		 int trigger, dn_count *dead, dn_count *injured)
{
	dn_when_sent ws;
	(void)text;
	dn_when_prepare(&ws, toks, first, last);
	return dn_toll_pick(&ws, trigger, dead, injured);
}
