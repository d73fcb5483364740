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

/* Classifies the code point at s; stores its byte length. */
static int S_class(const char *s, size_t n, int *len, int32_t *cpo)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*len = 1;
		*cpo = c;
		if (isalpha(c))
			return S_ALPHA;
		if (isdigit(c))
			return S_DIGIT;
		if (c == ' ' || c == '\t' || c == '\n')
			return S_SPACE;
		if (c == '-')
			return S_HYPHEN;
		if (c == '\'')
			return S_APOS;
		if (c == '"')
			return S_QUOTE;
		return S_OTHER;
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
			out[o++] = (char)tolower(c);
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
	return 0;
}

static uint16_t S_case_flags(const char *s, uint32_t a, uint32_t b)
{
	int upper = 0, lower = 0, first = -1;
	for (uint32_t i = a; i < b;) {
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
					if (S_push(t, s, st, ap - 1, flags | DN_TK_WORD |
								 S_case_flags(s, st, ap - 1)) < 0)
						return -1;
					if (S_push(t, s, ap - 1, i, DN_TK_WORD | DN_TK_NEG) < 0)
						return -1;
					continue;
				}
			}
			if (nonlatin)
				flags |= DN_TK_NONLATIN;
			flags |= DN_TK_WORD | S_case_flags(s, st, i);
			if (S_push(t, s, st, i, flags) < 0)
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
