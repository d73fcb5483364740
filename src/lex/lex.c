/*
 * lex.c — the tokenizer: one pass over a sentence's bytes.
 */
#include <ctype.h>
#include <utf8proc.h>

#include "../text/text.h"
#include "lex.h"

void dn_toks_init(dn_toks *t)
{
	memset(t, 0, sizeof(*t));
	dn_buf_init(&t->pool);
}

void dn_toks_reset(dn_toks *t)
{
	t->n = 0;
	dn_buf_reset(&t->pool);
}

void dn_toks_clear(dn_toks *t)
{
	free(t->v);
	dn_buf_clear(&t->pool);
	memset(t, 0, sizeof(*t));
}

/* MARK: - Character classes */

enum { S_OTHER, S_SPACE, S_ALPHA, S_DIGIT, S_HYPHEN, S_APOS, S_QUOTE, S_MARK };

/* The class of each ASCII byte (isalpha and isdigit of the C locale). */
static const unsigned char S_ASCII_CLASS[128] = {
	['\t'] = S_SPACE, ['\n'] = S_SPACE, [' '] = S_SPACE,
	['-'] = S_HYPHEN, ['\''] = S_APOS, ['"'] = S_QUOTE,
	['0'] = S_DIGIT, ['1'] = S_DIGIT, ['2'] = S_DIGIT, ['3'] = S_DIGIT,
	['4'] = S_DIGIT, ['5'] = S_DIGIT, ['6'] = S_DIGIT, ['7'] = S_DIGIT,
	['8'] = S_DIGIT, ['9'] = S_DIGIT,
	['A'] = S_ALPHA, ['B'] = S_ALPHA, ['C'] = S_ALPHA, ['D'] = S_ALPHA,
	['E'] = S_ALPHA, ['F'] = S_ALPHA, ['G'] = S_ALPHA, ['H'] = S_ALPHA,
	['I'] = S_ALPHA, ['J'] = S_ALPHA, ['K'] = S_ALPHA, ['L'] = S_ALPHA,
	['M'] = S_ALPHA, ['N'] = S_ALPHA, ['O'] = S_ALPHA, ['P'] = S_ALPHA,
	['Q'] = S_ALPHA, ['R'] = S_ALPHA, ['S'] = S_ALPHA, ['T'] = S_ALPHA,
	['U'] = S_ALPHA, ['V'] = S_ALPHA, ['W'] = S_ALPHA, ['X'] = S_ALPHA,
	['Y'] = S_ALPHA, ['Z'] = S_ALPHA,
	['a'] = S_ALPHA, ['b'] = S_ALPHA, ['c'] = S_ALPHA, ['d'] = S_ALPHA,
	['e'] = S_ALPHA, ['f'] = S_ALPHA, ['g'] = S_ALPHA, ['h'] = S_ALPHA,
	['i'] = S_ALPHA, ['j'] = S_ALPHA, ['k'] = S_ALPHA, ['l'] = S_ALPHA,
	['m'] = S_ALPHA, ['n'] = S_ALPHA, ['o'] = S_ALPHA, ['p'] = S_ALPHA,
	['q'] = S_ALPHA, ['r'] = S_ALPHA, ['s'] = S_ALPHA, ['t'] = S_ALPHA,
	['u'] = S_ALPHA, ['v'] = S_ALPHA, ['w'] = S_ALPHA, ['x'] = S_ALPHA,
	['y'] = S_ALPHA, ['z'] = S_ALPHA
	/* everything else: S_OTHER (0) */
};

/* Classifies the code point at s; stores its byte length. */
static inline int S_class(const char *s, size_t n, int *len, int32_t *cpo)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*len = 1;
		*cpo = c;
		return S_ASCII_CLASS[c];
	}
	int32_t cp = dn_utf8_get(s, n, len);
	*cpo = cp;
	switch (cp) {
	case 0xA0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
	case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
	case 0x2009: case 0x200A: case 0x200B: case 0x202F: case 0x205F:
	case 0x3000: case 0xFEFF:
		return S_SPACE;
	case 0x2010: case 0x2011:
		return S_HYPHEN;
	case 0x2019: case 0x2018: case 0x02BC:
		return S_APOS;
	case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB:
		return S_QUOTE;
	default:
		break;
	}
	utf8proc_category_t cat = utf8proc_category(cp);
	if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
		return S_ALPHA;
	if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)
		return S_MARK;
	if (cat == UTF8PROC_CATEGORY_ND)
		return S_DIGIT;
	if (cat == UTF8PROC_CATEGORY_ZS)
		return S_SPACE;
	return S_OTHER;
}

/* MARK: - Folding */

size_t dn_fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	size_t i = 0;
	if (cap == 0)
		return 0;
	while (i < n && o + 8 < cap) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			/* tolower of the C locale */
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		int len;
		int32_t cp = dn_utf8_get(s + i, n - i, &len);
		i += (size_t)len;
		const char *map = NULL;
		switch (cp) {
		case 0x2018: case 0x2019: case 0x02BC: case 0x2032: map = "'"; break;
		case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: map = "\""; break;
		case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
		case 0x2015: case 0x2212: map = "-"; break;
		case 0x2026: map = "..."; break;
		case 0xA0: case 0x202F: case 0x2009: map = " "; break;
		case 0xD7: map = "x"; break;
		default: break;
		}
		if (map) {
			size_t m = strlen(map);
			memcpy(out + o, map, m);
			o += m;
			continue;
		}
		/* simple one-to-one lower-casing keeps composed letters whole */
		o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)out + o);
	}
	out[o] = 0;
	return o;
}

/* MARK: - Tokens */

static int S_push(dn_toks *t, const char *s, uint32_t a, uint32_t b,
		  uint16_t flags)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 1024;
		dn_tok *v = realloc(t->v, (size_t)cap * sizeof(*v));
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	size_t need = (size_t)(b - a) * 2 + 16;
	if (dn_buf_reserve(&t->pool, need) < 0)
		return -1;
	size_t off = t->pool.len;
	size_t len = dn_fold(s + a, b - a, t->pool.p + off, need);
	if (len > 0xFFFF)
		len = 0xFFFF;
	t->pool.len += len + 1;
	dn_tok *k = &t->v[t->n++];
	k->start = a;
	k->end = b;
	k->norm = (uint32_t)off;
	k->nlen = (uint16_t)len;
	k->flags = flags;
	k->word = k->lemma = k->cls = 0;
	k->hash = (uint32_t)dn_hash(t->pool.p + off, len);
	return 0;
}

static uint16_t S_case_flags(const char *s, uint32_t a, uint32_t b);

/* S_push(t, s, a, b, flags | S_case_flags(s, a, b)) for a word, in one
 * pass over the bytes when they are all ASCII (folding, hashing and
 * counting capitals together). */
static int S_push_word(dn_toks *t, const char *s, uint32_t a, uint32_t b,
		       uint16_t flags)
{
	/* ASCII case: 1 a capital (Lu), 2 a small letter (Ll), else 0 */
	static const unsigned char cases[128] = {
		['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
		['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
		['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
		['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
		['Y'] = 1, ['Z'] = 1,
		['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2,
		['g'] = 2, ['h'] = 2, ['i'] = 2, ['j'] = 2, ['k'] = 2, ['l'] = 2,
		['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2,
		['s'] = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2,
		['y'] = 2, ['z'] = 2};
	size_t n = b - a;
	if (n > 0xFFFF || t->n == t->cap)
		return S_push(t, s, a, b, flags | S_case_flags(s, a, b));
	if (dn_buf_reserve(&t->pool, n * 2 + 16) < 0) /* as S_push reserves */
		return -1;
	size_t off = t->pool.len;
	char *out = t->pool.p + off;
	uint64_t h = DN_HASH_INIT;
	int upper = 0, lower = 0, first = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[a + i];
		if (c >= 0x80) /* not ASCII: the general path (nothing kept yet) */
			return S_push(t, s, a, b, flags | S_case_flags(s, a, b));
		unsigned k = cases[c];
		upper += k & 1;
		lower += k >> 1;
		if (!first)
			first = (int)k;
		c = (unsigned char)(c | (k & 1) << 5); /* tolower */
		out[i] = (char)c;
		h = dn_hash_step(h, c);
	}
	out[n] = 0;
	t->pool.len += n + 1;
	if (first == 1)
		flags |= DN_TK_CAP;
	if (upper >= 2 && lower == 0)
		flags |= DN_TK_ALLCAP;
	dn_tok *k = &t->v[t->n++];
	k->start = a;
	k->end = b;
	k->norm = (uint32_t)off;
	k->nlen = (uint16_t)n;
	k->flags = flags;
	k->word = k->lemma = k->cls = 0;
	k->hash = (uint32_t)dn_hash_final(h);
	return 0;
}

static uint16_t S_case_flags(const char *s, uint32_t a, uint32_t b)
{
	int upper = 0, lower = 0, first = -1;
	for (uint32_t i = a; i < b;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			/* ASCII: only A-Z are Lu and a-z Ll */
			if (c >= 'A' && c <= 'Z') {
				upper++;
				if (first < 0)
					first = 1;
			} else if (c >= 'a' && c <= 'z') {
				lower++;
				if (first < 0)
					first = 0;
			}
			i++;
			continue;
		}
		int len;
		int32_t cp = dn_utf8_get(s + i, b - i, &len);
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
			upper++;
			if (first < 0)
				first = 1;
		} else if (cat == UTF8PROC_CATEGORY_LL) {
			lower++;
			if (first < 0)
				first = 0;
		}
		i += (uint32_t)len;
	}
	uint16_t f = 0;
	if (first == 1)
		f |= DN_TK_CAP;
	if (upper >= 2 && lower == 0)
		f |= DN_TK_ALLCAP;
	return f;
}

int dn_lex(const char *s, uint32_t a, uint32_t b, int max, dn_toks *t)
{
	int n0 = t->n;
	uint32_t i = a;
	while (i < b && t->n - n0 < max) {
		int len;
		int32_t cp;
		int c = S_class(s + i, b - i, &len, &cp);
		if (c == S_SPACE) {
			i += (uint32_t)len;
			continue;
		}
		uint32_t st = i;
		uint16_t flags = 0;
		if (c == S_ALPHA || c == S_DIGIT ||
		    ((cp == '#' || cp == '@') && i + 1 < b)) {
			if (cp == '#' || cp == '@') {
				int l2;
				int32_t c2;
				int k2 = S_class(s + i + 1, b - i - 1, &l2, &c2);
				if (k2 != S_ALPHA && k2 != S_DIGIT && c2 != '_')
					goto punct;
				flags |= cp == '#' ? DN_TK_HASH : DN_TK_HANDLE;
				i += 1;
			}
			if (c == S_DIGIT)
				flags |= DN_TK_NUM;
			int letters = 0, dots = 0, nonlatin = 0;
			while (i < b) {
				unsigned char a0 = (unsigned char)s[i];
				if (a0 < 0x80) { /* the common case, as below */
					int ac = S_ASCII_CLASS[a0];
					if (ac == S_ALPHA) {
						letters++;
						i++;
						continue;
					}
					if (ac == S_DIGIT || a0 == '_') {
						i++;
						continue;
					}
				}
				int k = S_class(s + i, b - i, &len, &cp);
				if (k == S_ALPHA || k == S_DIGIT || k == S_MARK || cp == '_') {
					if (k == S_ALPHA) {
						letters++;
						if (cp >= 0x370)
							nonlatin = 1;
					}
					i += (uint32_t)len;
					continue;
				}
				if (i + (uint32_t)len >= b)
					break;
				int l2;
				int32_t c2;
				int k2 = S_class(s + i + len, b - i - (uint32_t)len, &l2, &c2);
				int next_alnum = k2 == S_ALPHA || k2 == S_DIGIT;
				if (k == S_HYPHEN && next_alnum && !(flags & DN_TK_NUM && k2 == S_DIGIT)) {
					flags |= DN_TK_HYPH;
					i += (uint32_t)len;
					continue;
				}
				if ((flags & DN_TK_NUM) && (cp == ',' || cp == '.') &&
				    k2 == S_DIGIT && letters == 0) {
					/* 1,000 and 3.5 */
					i += (uint32_t)len;
					continue;
				}
				if (cp == '.' && k2 == S_ALPHA && letters >= 1 &&
				    i - st <= 3 * (uint32_t)(dots + 1)) {
					/* U.S. / U.N. : letter . letter */
					uint32_t q = i + 1 + (uint32_t)l2;
					if (q < b && s[q] == '.') {
						dots++;
						i += 1;
						continue;
					}
				}
				if (k == S_APOS && k2 == S_ALPHA) {
					/* keep O'Brien and Qur'an; split 's, n't, 'll */
					char nx = (char)tolower((unsigned char)s[i + len]);
					uint32_t q = i + (uint32_t)len + 1;
					int word_end = q >= b || !isalpha((unsigned char)s[q]);
					if ((nx == 's' || nx == 'd' || nx == 'm') && word_end)
						break;
					if ((nx == 'l' || nx == 'r' || nx == 'v') && q < b &&
					    tolower((unsigned char)s[q]) != nx) {
						/* 'll 're 've */
						if (q + 1 >= b || !isalpha((unsigned char)s[q + 1]))
							break;
					}
					i += (uint32_t)len;
					continue;
				}
				break;
			}
			if (dots && i < b && s[i] == '.') {
				i++;
				flags |= DN_TK_ACRO;
				/* "U.S.-led" */
				if (i + 1 < b && s[i] == '-' && isalpha((unsigned char)s[i + 1])) {
					flags |= DN_TK_HYPH;
					i++;
					while (i < b && (isalnum((unsigned char)s[i]) ||
							 (s[i] == '-' && i + 1 < b && isalpha((unsigned char)s[i + 1]))))
						i++;
				}
			}
			/* split a trailing "n't" off "didn't" */
			if (!(flags & DN_TK_NUM) && i - st > 3 &&
			    (s[i - 1] == 't' || s[i - 1] == 'T') &&
			    (s[i - 2] == '\'' || ((unsigned char)s[i - 2] == 0x99 && i - st > 5)) ) {
				uint32_t ap = s[i - 2] == '\'' ? i - 2 : i - 4;
				if (ap > st && (s[ap - 1] == 'n' || s[ap - 1] == 'N') && ap - 1 > st) {
					if (S_push_word(t, s, st, ap - 1, flags | DN_TK_WORD) < 0)
						return -1;
					if (S_push(t, s, ap - 1, i, DN_TK_WORD | DN_TK_NEG) < 0)
						return -1;
					continue;
				}
			}
			if (nonlatin)
				flags |= DN_TK_NONLATIN;
			if (S_push_word(t, s, st, i, flags | DN_TK_WORD) < 0)
				return -1;
			continue;
		}
		if (c == S_APOS) {
			/* possessive 's / s' , or a quote */
			if (i > a && t->n > n0 && t->v[t->n - 1].end == i &&
			    (t->v[t->n - 1].flags & DN_TK_WORD)) {
				uint32_t q = i + (uint32_t)len;
				if (q < b && (s[q] == 's' || s[q] == 'S') &&
				    (q + 1 >= b || !isalnum((unsigned char)s[q + 1]))) {
					if (S_push(t, s, i, q + 1, DN_TK_POSS | DN_TK_WORD) < 0)
						return -1;
					i = q + 1;
					continue;
				}
				const char *pn = dn_tok_norm(t, &t->v[t->n - 1]);
				uint16_t pl = t->v[t->n - 1].nlen;
				if (pl && pn[pl - 1] == 's' && (q >= b || !isalnum((unsigned char)s[q]))) {
					if (S_push(t, s, i, q, DN_TK_POSS) < 0)
						return -1;
					i = q;
					continue;
				}
			}
			if (S_push(t, s, i, i + (uint32_t)len, DN_TK_PUNCT | DN_TK_QUOTE) < 0)
				return -1;
			i += (uint32_t)len;
			continue;
		}
punct:
		if (c == S_QUOTE)
			flags |= DN_TK_QUOTE;
		if (cp == '.' && i + 2 < b && s[i + 1] == '.' && s[i + 2] == '.')
			len = 3;
		else if (c == S_HYPHEN && i + 1 < b && s[i + 1] == '-')
			len = 2;
		if (S_push(t, s, i, i + (uint32_t)len, flags | DN_TK_PUNCT) < 0)
			return -1;
		i += (uint32_t)len;
	}
	return t->n - n0;
}
