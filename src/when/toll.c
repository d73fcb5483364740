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
	S_NW_ANCHOR = 16 /* S_anchors; the index is in bits 8 and up */
};

static dn_wset S_words;
static dn_wset S_approx_first; /* first words of S_approxes: bit k, phrase k */
static size_t S_tens_max; /* the longest word of S_tens */
static dn_once S_words_once = DN_ONCE_INIT;
static void S_words_build(void);

/* Whether the word s[0..n) is "forty-five": S_small reads the part
 * before the first hyphen, which must be a word of S_tens, so the hyphen
 * comes early. S_words is built. */
static inline int S_hyphen_tens(const char *s, size_t n)
{
	size_t m = n < S_tens_max + 1 ? n : S_tens_max + 1, h = 0;
	while (h < m && s[h] != '-')
		h++;
	if (h == m)
		return 0;
	uint32_t v;
	int r = dn_wset_get(&S_words, s, h, &v);
	return r < 0 || (r > 0 && (v & S_NW_TENS));
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

/* Units that make a number something other than people: "3 days". */
static const char *const S_not_people[] = {
	"%", "percent", "per", "year", "years", "month", "months", "week",
	"weeks", "day", "days", "hour", "hours", "minute", "minutes", "km",
	"kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile",
	"metres", "meters", "m", "kg", "tons", "tonnes", "dollars", "euros",
	"pounds", "times", "am", "pm", "a.m.", "p.m.", NULL
};

typedef struct S_cnt {
	int a, b;           /* tokens [a, b): approximation and number(s) */
	long long min, max; /* bounds, max -1 = null */
} S_cnt;

/* Whether token j lies inside a temporal expression ("October 7",
 * "three weeks", "in 2015"): then it is not a count of people. */
static int S_in_date(const dn_toks *t, int j, int first, int last)
{
	for (int s = DN_MAX(first, j - 3); s <= j; s++) {
		dn_texpr x;
		if (dn_texpr_match(t, s, first, last, &x) && x.first <= j && j < x.last)
			return 1;
	}
	return 0;
}

/* A count at i: [approximation] number [to|or|- number]. */
static int S_count_at(const dn_toks *t, int i, int first, int last, S_cnt *c)
{
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
	if (!n || S_in_date(t, j, first, last))
		return 0;
	if (j > first && dn_wtok_is(t, j, "one") && dn_wtok_is(t, j - 1, "no"))
		return 0; /* "no one was killed" */
	int e = j + n;
	if (e < last && dn_wtok_in(t, e, S_not_people) >= 0)
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
		     dn_wtok_in(t, e + 1 + n2, S_not_people) < 0)) {
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

/* The end of the noun phrase after a count: "[more] [of] Syrian
 * civilians". */
static int S_np_end(const dn_toks *t, int j, int last)
{
	if (j < last && (dn_wtok_is(t, j, "more") || dn_wtok_is(t, j, "other") ||
			 dn_wtok_is(t, j, "others")))
		j++;
	if (j + 1 < last && dn_wtok_is(t, j, "of") &&
	    (t->v[j + 1].flags & DN_TK_WORD))
		j++;
	for (int k = 0; k < 4 && j < last; k++, j++) {
		const dn_tok *w = &t->v[j];
		if (!(w->flags & DN_TK_WORD) || (w->flags & (DN_TK_NUM | DN_TK_POSS)) ||
		    dn_wtok_in(t, j, S_np_stop) >= 0 || S_anchor_at(t, j, last))
			break;
	}
	if (j > 0 && dn_wtok_is(t, j - 1, "of"))
		j--;
	return j;
}

/* MARK: - Mentions */

typedef struct S_mention {
	int kind;           /* S_K_* */
	int anchor;         /* the casualty word */
	int lo, hi;         /* tokens spanned by count and casualty word */
	int ca, cb;         /* count text tokens [ca, cb) */
	long long min, max; /* bounds */
} S_mention;

/* The best count of each kind found so far for one trigger. */
typedef struct S_found {
	const dn_toks *t;
	int first, last, trig;
	S_mention best[3];   /* by S_K_* */
	int rank[3], dist[3]; /* rank -1: none yet */
} S_found;

static int S_rank(const dn_toks *t, int first, int last, int trig,
		  const S_mention *m);

/* "killed or wounded", "dead and injured": the count covers both kinds
 * and so neither. */
static int S_ambiguous(const dn_toks *t, int a, int first, int last,
		       int kind)
{
	const S_anchor *o;
	if (a + 2 < last && (dn_wtok_is(t, a + 1, "or") || dn_wtok_is(t, a + 1, "and")) &&
	    (o = S_anchor_at(t, a + 2, last)) && o->kind != kind)
		return 1;
	if (a - 2 >= first && (dn_wtok_is(t, a - 1, "or") || dn_wtok_is(t, a - 1, "and")) &&
	    (o = S_anchor_at(t, a - 2, last)) && o->kind != kind)
		return 1;
	return 0;
}

/* Weighs the mention of count c and its casualty word at anchor
 * against the best one of its kind so far. */
static void S_add(S_found *f, const S_anchor *an, int anchor, const S_cnt *c,
		  int np_end, int lo_extra)
{
	S_mention m;
	m.kind = an->kind;
	m.anchor = anchor;
	m.ca = c->a;
	m.cb = np_end > c->b ? np_end : c->b;
	m.lo = DN_MIN(DN_MIN(c->a, anchor), lo_extra);
	m.hi = DN_MAX(m.cb - 1, anchor);
	m.min = c->min;
	m.max = c->max;
	int r = S_rank(f->t, f->first, f->last, f->trig, &m);
	if (r < 0)
		return;
	int d = anchor > f->trig ? anchor - f->trig : f->trig - anchor;
	int k = m.kind;
	if (f->rank[k] < 0 || r < f->rank[k] || (r == f->rank[k] && d < f->dist[k])) {
		f->best[k] = m;
		f->rank[k] = r;
		f->dist[k] = d;
	}
}

/* "40 people were killed", "left more than 200 civilians dead", "57
 * deaths", "two people lost their lives". */
static void S_count_first(const dn_toks *t, int first, int last, int lo,
			  int hi, S_found *f)
{
	for (int i = lo; i < hi;) {
		S_cnt c;
		if (!S_count_at(t, i, first, last, &c)) {
			i++;
			continue;
		}
		int np = S_np_end(t, c.b, last);
		const S_anchor *an = S_anchor_at(t, np, last);
		int a = np;
		if (!an || !(an->type & S_T_DIRECT)) {
			an = NULL;
			for (a = np; a < last && a - np < 5; a++) {
				if (dn_wtok_is(t, a, "lost") && a + 2 < last &&
				    (dn_wtok_is(t, a + 2, "lives") || dn_wtok_is(t, a + 2, "life"))) {
					a += 2;
					an = S_anchor_at(t, a, last);
					break;
				}
				if (dn_wtok_in(t, a, S_gap) < 0)
					break;
			}
			if (!an && (an = S_anchor_at(t, a, last)) && !(an->type & S_T_PART))
				an = NULL;
		}
		if (an && !S_ambiguous(t, a, first, last, an->kind))
			S_add(f, an, a, &c, np, a);
		i = c.b;
	}
}

/* "killed 40", "the deaths of four", "the toll rose to 57". */
static void S_anchor_first(const dn_toks *t, int first, int last, int lo,
			   int hi, S_found *f)
{
	static const char *const toll_links[] = {
		"to", "at", "reached", "hit", "passed", "topped", "exceeded",
		"surpassed", "stood", "stands", "is", "was", "reaching", NULL
	};
	for (int a = lo; a < hi; a++) {
		const S_anchor *an = S_anchor_at(t, a, last);
		if (!an || S_ambiguous(t, a, first, last, an->kind))
			continue;
		S_cnt c;
		int at = -1;
		if ((an->type & S_T_VERB) && S_count_at(t, a + 1, first, last, &c))
			at = a;
		else if ((an->type & S_T_OF) && a + 1 < last && dn_wtok_is(t, a + 1, "of") &&
			 S_count_at(t, a + 2, first, last, &c))
			at = a;
		else if (an->type & S_T_TOLL)
			for (int j = a + 1; j < last && j <= a + 8; j++) {
				if (dn_wtok_is(t, j, ",") || dn_wtok_is(t, j, ";") ||
				    dn_wtok_is(t, j, "."))
					break;
				if (dn_wtok_in(t, j, toll_links) >= 0 &&
				    S_count_at(t, j + 1, first, last, &c)) {
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
		S_add(f, an, a, &c, S_np_end(t, c.b, last), lo_extra);
	}
}

/* MARK: - Attaching counts to the trigger */

/* Whether the count's clause says it is cumulative: "since October 7",
 * "so far", "bringing the toll to 110", "in total". */
static int S_cumulative(const dn_toks *t, int first, int last,
			const S_mention *m)
{
	static const char *const cues[] = {
		"since", "total", "overall", "cumulative", "bringing",
		"altogether", NULL
	};
	int a = m->lo, b = m->hi;
	while (a > first && dn_clause_boundary(t, a, first, last) == DN_BND_NONE)
		a--;
	while (b + 1 < last && dn_clause_boundary(t, b + 1, first, last) == DN_BND_NONE)
		b++;
	if (b + 1 < last)
		b++; /* the word that ends the clause: "... people since 2011" */
	for (int i = a; i <= b; i++) {
		if (dn_wtok_in(t, i, cues) >= 0)
			return 1;
		if (i + 1 <= b && ((dn_wtok_is(t, i, "so") && dn_wtok_is(t, i + 1, "far")) ||
				   (dn_wtok_is(t, i, "to") && dn_wtok_is(t, i + 1, "date"))))
			return 1;
	}
	return 0;
}

/* Whether the boundary at p opens a relative clause on the trigger:
 * "bombings which left", "an attack that killed", "the raid, which". */
static int S_opens_relative(const dn_toks *t, int first, int last, int trig,
			    int p)
{
	int kind = dn_clause_boundary(t, p, first, last);
	int rel = kind == DN_BND_REL || kind == DN_BND_THAT;
	if (p == trig + 1)
		return rel || (kind == DN_BND_COMMA && p + 1 < last &&
			       dn_clause_boundary(t, p + 1, first, last) == DN_BND_REL);
	return p == trig + 2 && dn_wtok_is(t, trig + 1, ",") && rel;
}

/* 0 the trigger's own count, 1 same clause, 2 tied clause, -1 unrelated. */
static int S_rank(const dn_toks *t, int first, int last, int trig,
		  const S_mention *m)
{
	if (trig >= m->lo && trig <= m->hi)
		return 0;
	if (S_cumulative(t, first, last, m))
		return -1;
	/* "accused Moscow of killing 12": the content of another event */
	if (m->anchor > first && (dn_wtok_is(t, m->anchor - 1, "of") ||
				  dn_wtok_is(t, m->anchor - 1, "for")) &&
	    m->anchor < m->ca)
		return -1;
	dn_gap g;
	int after = m->lo > trig;
	if (after)
		dn_clause_gap(t, first, last, trig, m->lo, &g);
	else
		dn_clause_gap(t, first, last, m->hi, trig, &g);
	if (g.n > DN_GAP_MAX)
		return -1;
	int kept = 0, pos = -1, kind = 0;
	for (int k = 0; k < g.n; k++) {
		if (after && S_opens_relative(t, first, last, trig, g.pos[k]))
			continue;
		pos = g.pos[k];
		kind = g.kind[k];
		kept++;
	}
	if (kept == 0)
		return 1;
	/* "shelled the town, killing 12" */
	if (kept == 1 && after && kind == DN_BND_COMMA && pos + 1 < last &&
	    dn_clause_is_ing(t, pos + 1))
		return 2;
	/* "five people were killed when a shell hit their house" */
	if (kept == 1 && !after && kind == DN_BND_SUB && dn_wtok_is(t, pos, "when"))
		return 2;
	return -1;
}

int dn_toll_find(const char *text, const dn_toks *toks, int first, int last,
		 int trigger, dn_count *dead, dn_count *injured)
{
	(void)text;
	memset(dead, 0, sizeof(*dead));
	memset(injured, 0, sizeof(*injured));
	dead->max = injured->max = -1;
	if (first < 0 || last > toks->n || trigger < first || trigger >= last)
		return 0;
	int lo = DN_MAX(first, trigger - DN_WHEN_WINDOW);
	int hi = DN_MIN(last, trigger + DN_WHEN_WINDOW + 1);
	S_found f;
	memset(&f, 0, sizeof(f));
	f.t = toks;
	f.first = first;
	f.last = last;
	f.trig = trigger;
	f.rank[S_K_DEAD] = f.rank[S_K_INJ] = -1;
	S_count_first(toks, first, last, lo, hi, &f);
	S_anchor_first(toks, first, last, lo, hi, &f);
	int mask = 0;
	for (int kd = S_K_DEAD; kd <= S_K_INJ; kd++) {
		if (f.rank[kd] < 0)
			continue;
		const S_mention *m = &f.best[kd];
		dn_count *c = kd == S_K_DEAD ? dead : injured;
		c->min = m->min;
		c->max = m->max;
		c->start = toks->v[m->ca].start;
		c->end = toks->v[m->cb - 1].end;
		c->set = 1;
		mask |= kd;
	}
	return mask;
}
