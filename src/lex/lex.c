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

/* Bits of S_BYTE above the class of the byte (bits 8-10) and the folded
 * byte (bits 0-7, for the bytes that continue a word). */
enum {
	S_B_CLASS = 7 << 8,  /* S_OTHER .. S_MARK, shifted */
	S_B_UPPER = 8 << 8,  /* A-Z */
	S_B_LOWER = 16 << 8, /* a-z */
	S_B_WORD = 32 << 8,  /* a letter, digit or '_': a word goes on */
	S_B_JOIN = 64 << 8   /* - . , ' : a word may go on (S_word decides) */
};

#define S_UP(c) [c] = (S_ALPHA << 8 | S_B_UPPER | S_B_WORD | (c + 32))
#define S_LO(c) [c] = (S_ALPHA << 8 | S_B_LOWER | S_B_WORD | c)
#define S_DI(c) [c] = (S_DIGIT << 8 | S_B_WORD | c)

/* Class, case and fold of each byte (isalpha, isupper, islower, isdigit
 * and tolower of the C locale), so that the word loop reads one table
 * entry per byte. Bytes from 0x80 are 0: they start or continue a UTF-8
 * sequence, which S_class decodes. */
static const uint16_t S_BYTE[256] = {
	['\t'] = S_SPACE << 8, ['\n'] = S_SPACE << 8, [' '] = S_SPACE << 8,
	['-'] = S_HYPHEN << 8 | S_B_JOIN, ['\''] = S_APOS << 8 | S_B_JOIN,
	['.'] = S_B_JOIN, [','] = S_B_JOIN, ['"'] = S_QUOTE << 8,
	['_'] = S_OTHER << 8 | S_B_WORD | '_',
	S_DI('0'), S_DI('1'), S_DI('2'), S_DI('3'), S_DI('4'), S_DI('5'),
	S_DI('6'), S_DI('7'), S_DI('8'), S_DI('9'),
	S_UP('A'), S_UP('B'), S_UP('C'), S_UP('D'), S_UP('E'), S_UP('F'),
	S_UP('G'), S_UP('H'), S_UP('I'), S_UP('J'), S_UP('K'), S_UP('L'),
	S_UP('M'), S_UP('N'), S_UP('O'), S_UP('P'), S_UP('Q'), S_UP('R'),
	S_UP('S'), S_UP('T'), S_UP('U'), S_UP('V'), S_UP('W'), S_UP('X'),
	S_UP('Y'), S_UP('Z'),
	S_LO('a'), S_LO('b'), S_LO('c'), S_LO('d'), S_LO('e'), S_LO('f'),
	S_LO('g'), S_LO('h'), S_LO('i'), S_LO('j'), S_LO('k'), S_LO('l'),
	S_LO('m'), S_LO('n'), S_LO('o'), S_LO('p'), S_LO('q'), S_LO('r'),
	S_LO('s'), S_LO('t'), S_LO('u'), S_LO('v'), S_LO('w'), S_LO('x'),
	S_LO('y'), S_LO('z')
	/* everything else: S_OTHER (0) */
};

#undef S_UP
#undef S_LO
#undef S_DI

/* tolower of the C locale for an ASCII byte */
static inline unsigned char S_lower(unsigned char c)
{
	return (unsigned char)(c | (S_BYTE[c] & S_B_UPPER) >> 6);
}

/* Classifies the code point at s; stores its byte length. */
static inline int S_class(const char *s, size_t n, int *len, int32_t *cpo)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*len = 1;
		*cpo = c;
		return (S_BYTE[c] & S_B_CLASS) >> 8;
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

/* Makes room for one more token. */
static inline int S_room(dn_toks *t)
{
	if (t->n < t->cap)
		return 0;
	int cap = t->cap ? t->cap * 2 : 1024;
	dn_tok *v = realloc(t->v, (size_t)cap * sizeof(*v));
	if (!v)
		return -1;
	t->v = v;
	t->cap = cap;
	return 0;
}

/* Appends the token s[a..b) whose folded form (len bytes, NUL-terminated)
 * was written at the end of the pool and hashes to h. */
static inline void S_commit(dn_toks *t, uint32_t a, uint32_t b, size_t len,
			    uint16_t flags, uint64_t h)
{
	size_t off = t->pool.len;
	t->pool.len += len + 1;
	dn_tok *k = &t->v[t->n++];
	k->start = a;
	k->end = b;
	k->norm = (uint32_t)off;
	k->nlen = (uint16_t)len;
	k->flags = flags;
	k->word = k->lemma = k->cls = 0;
	k->hash = (uint32_t)h;
}

static int S_push(dn_toks *t, const char *s, uint32_t a, uint32_t b,
		  uint16_t flags)
{
	if (S_room(t) < 0)
		return -1;
	size_t need = (size_t)(b - a) * 2 + 16;
	if (dn_buf_reserve(&t->pool, need) < 0)
		return -1;
	char *out = t->pool.p + t->pool.len;
	size_t n = b - a;
	/* ASCII (punctuation, "'s"): fold and hash in one loop */
	if (n <= 0xFFFF) {
		uint64_t h = DN_HASH_INIT;
		size_t q = 0;
		for (; q < n; q++) {
			unsigned char c = (unsigned char)s[a + q];
			if (c >= 0x80)
				break;
			c = S_lower(c);
			out[q] = (char)c;
			h = dn_hash_step(h, c);
		}
		if (q == n) {
			out[n] = 0;
			S_commit(t, a, b, n, flags, dn_hash_final(h));
			return 0;
		}
	}
	size_t len = dn_fold(s + a, n, out, need);
	if (len > 0xFFFF)
		len = 0xFFFF;
	S_commit(t, a, b, len, flags, dn_hash(out, len));
	return 0;
}

/* S_push of the one ASCII byte s[i] that is no capital letter (its folded
 * form is itself), inline: commas and full stops are a token in six. */
static inline int S_push1(dn_toks *t, const char *s, uint32_t i,
			  uint16_t flags)
{
	if (S_room(t) < 0 || dn_buf_reserve(&t->pool, 18) < 0) /* as S_push */
		return -1;
	unsigned char c = (unsigned char)s[i];
	char *out = t->pool.p + t->pool.len;
	out[0] = (char)c;
	out[1] = 0;
	S_commit(t, i, i + 1, 1, flags,
		 dn_hash_final(dn_hash_step(DN_HASH_INIT, c)));
	return 0;
}

static uint16_t S_case_flags(const char *s, uint32_t a, uint32_t b);

/* S_push(t, s, a, b, flags | S_case_flags(s, a, b)) for a word, in one
 * pass over the bytes when they are all ASCII (folding, hashing and
 * counting capitals together). */
static int S_push_word(dn_toks *t, const char *s, uint32_t a, uint32_t b,
		       uint16_t flags)
{
	size_t n = b - a;
	if (n > 0xFFFF || t->n == t->cap)
		return S_push(t, s, a, b, flags | S_case_flags(s, a, b));
	if (dn_buf_reserve(&t->pool, n * 2 + 16) < 0) /* as S_push reserves */
		return -1;
	char *out = t->pool.p + t->pool.len;
	uint64_t h = DN_HASH_INIT;
	int upper = 0, lower = 0, first = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[a + i];
		if (c >= 0x80) /* not ASCII: the general path (nothing kept yet) */
			return S_push(t, s, a, b, flags | S_case_flags(s, a, b));
		unsigned k = S_BYTE[c] / S_B_UPPER & 3; /* 1 capital, 2 small */
		upper += k & 1;
		lower += k >> 1;
		if (!first)
			first = (int)k;
		c = (unsigned char)(c | (k & 1) << 5); /* tolower */
		out[i] = (char)c;
		h = dn_hash_step(h, c);
	}
	out[n] = 0;
	if (first == 1)
		flags |= DN_TK_CAP;
	if (upper >= 2 && lower == 0)
		flags |= DN_TK_ALLCAP;
	S_commit(t, a, b, n, flags, dn_hash_final(h));
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

/* S_case_flags of the ASCII word s[a..b), given the OR of its S_BYTE
 * entries: capitals are counted only when there is no small letter. */
static uint16_t S_ascii_case(const char *s, uint32_t a, uint32_t b,
			     unsigned acc)
{
	if (!(acc & (S_B_UPPER | S_B_LOWER)))
		return 0;
	uint16_t f = 0;
	uint32_t q = a;
	while (!(S_BYTE[(unsigned char)s[q]] & (S_B_UPPER | S_B_LOWER)))
		q++;
	if (S_BYTE[(unsigned char)s[q]] & S_B_UPPER)
		f |= DN_TK_CAP;
	if (!(acc & S_B_LOWER)) {
		int upper = 0;
		for (; q < b && upper < 2; q++)
			upper += (S_BYTE[(unsigned char)s[q]] & S_B_UPPER) != 0;
		if (upper >= 2)
			f |= DN_TK_ALLCAP;
	}
	return f;
}

/* The state of a word being folded while it is scanned: its ASCII bytes
 * go to out (at their offset from the word's start) and into the hash. */
typedef struct S_fold_state {
	char *out;    /* the folded form, at the end of the pool */
	uint64_t h;   /* dn_hash state of out so far */
	unsigned acc; /* OR of the S_BYTE entries of the bytes taken */
} S_fold_state;

static inline void S_take(S_fold_state *f, const char *s, uint32_t st,
			  uint32_t q)
{
	unsigned char c = (unsigned char)s[q];
	unsigned e = S_BYTE[c];
	f->acc |= e;
	c = (unsigned char)(c | (e & S_B_UPPER) >> 6);
	f->out[q - st] = (char)c;
	f->h = dn_hash_step(f->h, c);
}

/* Folds and hashes the run of ASCII letters, digits and '_' at s[i..b)
 * (the bulk of the text); returns its end. */
__attribute__((always_inline)) static inline uint32_t S_run(S_fold_state *f, const char *s, uint32_t st,
			     uint32_t i, uint32_t b)
{
	const unsigned char *p = (const unsigned char *)s + i;
	char *o = f->out + (i - st);
	size_t n = b - i, k = 0;
	uint64_t h = f->h;
	unsigned acc = 0, v;
	/* four bytes a turn while four are left: one bound test for four */
#define S_STEP(j)                                         \
	v = S_BYTE[p[k + j]];                             \
	if (!(v & S_B_WORD)) {                            \
		k += j;                                   \
		goto end;                                 \
	}                                                 \
	acc |= v;                                         \
	o[k + j] = (char)v; /* the folded byte */         \
	h = dn_hash_step(h, (unsigned char)v)
	for (; k + 4 <= n; k += 4) {
		S_STEP(0);
		S_STEP(1);
		S_STEP(2);
		S_STEP(3);
	}
	for (; k < n; k++) {
		S_STEP(0);
	}
#undef S_STEP
end:
	f->h = h;
	f->acc |= acc;
	return i + (uint32_t)k;
}

/* A word being scanned: its folded form so far and what the bytes that
 * are no ASCII letters or digits told. */
typedef struct S_word_state {
	S_fold_state f;  /* the folded ASCII bytes */
	uint16_t flags;  /* DN_TK_* */
	int dots;        /* dots of an acronym taken ("U.S") */
	int wide;        /* letters beyond ASCII */
	int nonlatin;    /* a letter from U+0370 on */
	int ascii;       /* every byte so far is ASCII */
} S_word_state;

/* The word from st has reached s[i], a byte that may join it (- . , ' or
 * the start of a UTF-8 sequence). Returns the index past what the word
 * takes there, or i when the word ends before it. Out of line: the word
 * loop stays small for the common case. */
__attribute__((noinline)) static uint32_t
S_join(S_word_state *w, const char *s, uint32_t st, uint32_t i, uint32_t b)
{
	int len;
	int32_t cp;
	int k = S_class(s + i, b - i, &len, &cp);
	if (k == S_ALPHA || k == S_DIGIT || k == S_MARK || cp == '_') {
		/* not ASCII: those are taken by S_run */
		if (k == S_ALPHA) {
			w->wide++;
			if (cp >= 0x370)
				w->nonlatin = 1;
		}
		w->ascii = 0;
		return i + (uint32_t)len;
	}
	if (i + (uint32_t)len >= b)
		return i;
	int l2;
	int32_t c2;
	int k2 = S_class(s + i + len, b - i - (uint32_t)len, &l2, &c2);
	int next_alnum = k2 == S_ALPHA || k2 == S_DIGIT;
	int letters = (w->f.acc & (S_B_UPPER | S_B_LOWER)) || w->wide;
	if (k == S_HYPHEN && next_alnum && !(w->flags & DN_TK_NUM && k2 == S_DIGIT)) {
		w->flags |= DN_TK_HYPH;
		goto take;
	}
	if ((w->flags & DN_TK_NUM) && (cp == ',' || cp == '.') &&
	    k2 == S_DIGIT && !letters)
		goto take; /* 1,000 and 3.5 */
	if (cp == '.' && k2 == S_ALPHA && letters &&
	    i - st <= 3 * (uint32_t)(w->dots + 1)) {
		/* U.S. / U.N. : letter . letter */
		uint32_t q = i + 1 + (uint32_t)l2;
		if (q < b && s[q] == '.') {
			w->dots++;
			goto take;
		}
	}
	if (k == S_APOS && k2 == S_ALPHA) {
		/* keep O'Brien and Qur'an; split 's, n't, 'll */
		char nx = (char)tolower((unsigned char)s[i + len]);
		uint32_t q = i + (uint32_t)len + 1;
		int word_end = q >= b || !isalpha((unsigned char)s[q]);
		if ((nx == 's' || nx == 'd' || nx == 'm') && word_end)
			return i;
		if ((nx == 'l' || nx == 'r' || nx == 'v') && q < b &&
		    tolower((unsigned char)s[q]) != nx) {
			/* 'll 're 've */
			if (q + 1 >= b || !isalpha((unsigned char)s[q + 1]))
				return i;
		}
		goto take;
	}
	return i;
take:
	if (len == 1)
		S_take(&w->f, s, st, i);
	else
		w->ascii = 0;
	return i + (uint32_t)len;
}

/* The end of an acronym at s[i] (a '.' after "U.S") and what follows it
 * ("U.S.-led"); returns the word's new end. */
__attribute__((noinline)) static uint32_t
S_acronym(S_word_state *w, const char *s, uint32_t st, uint32_t i, uint32_t b)
{
	S_take(&w->f, s, st, i++);
	w->flags |= DN_TK_ACRO;
	if (i + 1 < b && s[i] == '-' && isalpha((unsigned char)s[i + 1])) {
		w->flags |= DN_TK_HYPH;
		S_take(&w->f, s, st, i++);
		while (i < b && (isalnum((unsigned char)s[i]) ||
				 (s[i] == '-' && i + 1 < b && isalpha((unsigned char)s[i + 1]))))
			S_take(&w->f, s, st, i++);
	}
	return i;
}

/* Scans the word that starts at st (*ip is past a '#' or '@' that opens
 * it, else st) and appends it, or it and its "n't". A word of ASCII
 * bytes is folded and hashed as it is scanned, so it is read once; any
 * other byte sends the word to S_push_word. Sets *ip to the word's end.
 * Always inline: it is the body of dn_lex's loop. */
__attribute__((always_inline)) static inline int
S_word(dn_toks *t, const char *s, uint32_t st, uint32_t *ip, uint32_t b,
       uint16_t flags)
{
	if (dn_buf_reserve(&t->pool, b - st) < 0) /* the word and its NUL */
		return -1;
	S_fold_state f = {t->pool.p + t->pool.len, DN_HASH_INIT, 0};
	/* w once a byte other than a letter or digit comes (most words have
	 * none): until then the state can stay in registers */
	S_word_state w;
	int joined = 0;
	uint32_t i = *ip;
	for (uint32_t q = st; q < i; q++)
		S_take(&f, s, st, q);
	for (;;) {
		i = S_run(&f, s, st, i, b);
		if (i >= b)
			break;
		unsigned char a0 = (unsigned char)s[i];
		if (a0 < 0x80 && !(S_BYTE[a0] & S_B_JOIN))
			break; /* white space, a quote, a bracket: S_join says no */
		if (!joined)
			w = (S_word_state){f, flags, 0, 0, 0, 1};
		else
			w.f = f;
		joined = 1;
		uint32_t j = S_join(&w, s, st, i, b);
		f = w.f;
		if (j == i)
			break;
		i = j;
	}
	if (!joined && i - st <= 0xFFFF) {
		/* letters and digits only (most words): no "n't" to split, and
		 * without a capital no case flag */
		*ip = i;
		if (S_room(t) < 0)
			return -1;
		f.out[i - st] = 0;
		flags |= DN_TK_WORD;
		if (f.acc & S_B_UPPER)
			flags |= S_ascii_case(s, st, i, f.acc);
		S_commit(t, st, i, i - st, flags, dn_hash_final(f.h));
		return 0;
	}
	int nonlatin = 0, ascii = 1;
	if (joined) {
		if (w.dots && i < b && s[i] == '.') {
			w.f = f;
			i = S_acronym(&w, s, st, i, b);
			f = w.f;
		}
		flags = w.flags;
		nonlatin = w.nonlatin;
		ascii = w.ascii;
	}
	*ip = i;
	/* split a trailing "n't" off "didn't" (the last byte first: it is
	 * the test that fails most often) */
	if ((s[i - 1] == 't' || s[i - 1] == 'T') && !(flags & DN_TK_NUM) &&
	    i - st > 3 &&
	    (s[i - 2] == '\'' || ((unsigned char)s[i - 2] == 0x99 && i - st > 5)) ) {
		uint32_t ap = s[i - 2] == '\'' ? i - 2 : i - 4;
		if (ap > st && (s[ap - 1] == 'n' || s[ap - 1] == 'N') && ap - 1 > st) {
			if (S_push_word(t, s, st, ap - 1, flags | DN_TK_WORD) < 0)
				return -1;
			return S_push(t, s, ap - 1, i, DN_TK_WORD | DN_TK_NEG);
		}
	}
	if (nonlatin)
		flags |= DN_TK_NONLATIN;
	flags |= DN_TK_WORD;
	if (!ascii || i - st > 0xFFFF)
		return S_push_word(t, s, st, i, flags);
	if (S_room(t) < 0)
		return -1;
	f.out[i - st] = 0;
	flags |= S_ascii_case(s, st, i, f.acc);
	S_commit(t, st, i, i - st, flags, dn_hash_final(f.h));
	return 0;
}

/* What is at s[i] when it is no ASCII space, letter or digit: white space
 * beyond ASCII, a word that opens with '#', '@' or a letter beyond ASCII,
 * an apostrophe (possessive or quote), punctuation. Appends its token, if
 * any, and returns the index past it (> i), or 0 on OOM. Out of line, as
 * S_join. */
__attribute__((noinline)) static uint32_t
S_other(dn_toks *t, const char *s, uint32_t a, uint32_t b, int n0, uint32_t i)
{
	uint32_t st = i;
	uint16_t flags = 0;
	int len;
	int32_t cp;
	int c = S_class(s + i, b - i, &len, &cp);
	if (c == S_SPACE)
		return i + (uint32_t)len;
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
		return S_word(t, s, st, &i, b, flags) < 0 ? 0 : i;
	}
	if (c == S_APOS) {
		/* possessive 's / s' , or a quote */
		if (i > a && t->n > n0 && t->v[t->n - 1].end == i &&
		    (t->v[t->n - 1].flags & DN_TK_WORD)) {
			uint32_t q = i + (uint32_t)len;
			if (q < b && (s[q] == 's' || s[q] == 'S') &&
			    (q + 1 >= b || !isalnum((unsigned char)s[q + 1]))) {
				return S_push(t, s, i, q + 1, DN_TK_POSS | DN_TK_WORD) < 0 ? 0 : q + 1;
			}
			const char *pn = dn_tok_norm(t, &t->v[t->n - 1]);
			uint16_t pl = t->v[t->n - 1].nlen;
			if (pl && pn[pl - 1] == 's' && (q >= b || !isalnum((unsigned char)s[q]))) {
				return S_push(t, s, i, q, DN_TK_POSS) < 0 ? 0 : q;
			}
		}
		return S_push(t, s, i, i + (uint32_t)len, DN_TK_PUNCT | DN_TK_QUOTE) < 0 ?
			       0 : i + (uint32_t)len;
	}
punct:
	if (c == S_QUOTE)
		flags |= DN_TK_QUOTE;
	if (cp == '.' && i + 2 < b && s[i + 1] == '.' && s[i + 2] == '.')
		len = 3;
	else if (c == S_HYPHEN && i + 1 < b && s[i + 1] == '-')
		len = 2;
	return S_push(t, s, i, i + (uint32_t)len, flags | DN_TK_PUNCT) < 0 ?
		       0 : i + (uint32_t)len;
}

/* The classes of the ASCII bytes that S_lone may find to be a token of
 * their own, as bits: S_OTHER, S_HYPHEN, S_QUOTE. */
#define S_B_PUNCT1 (1u << S_OTHER | 1u << S_HYPHEN | 1u << S_QUOTE)

/* Whether the ASCII mark s[i] (of a class in S_B_PUNCT1) is a token of
 * one byte, as S_other would find: not '#' or '@' before a word (nor the
 * byte 0, '_' or a byte from 0x80, which S_other sees to), not "..." or
 * "--". */
static inline int S_lone(const char *s, uint32_t i, uint32_t b)
{
	unsigned char c = (unsigned char)s[i];
	if (c == 0 || c >= 0x80 || c == '#' || c == '@' || c == '_')
		return 0;
	if (c == '.' || c == '-')
		return i + 1 >= b || s[i + 1] != c;
	return 1;
}

int dn_lex(const char *s, uint32_t a, uint32_t b, int max, dn_toks *t)
{
	int n0 = t->n;
	uint32_t i = a;
	if (max <= 0)
		return 0;
	while (i < b) {
		/* the common cases here: an ASCII space, letter or digit */
		unsigned v = S_BYTE[(unsigned char)s[i]];
		if ((v & S_B_CLASS) == S_SPACE << 8) {
			i++;
			continue;
		}
		if ((v & S_B_WORD) && (v & S_B_CLASS)) { /* not '_' */
			uint16_t num = (v & S_B_CLASS) == S_DIGIT << 8 ? DN_TK_NUM : 0;
			if (S_word(t, s, i, &i, b, num) < 0)
				return -1;
		} else if (S_B_PUNCT1 >> (v >> 8 & 7) & 1 && S_lone(s, i, b)) {
			/* one ASCII mark: inline, without S_other */
			uint16_t fl = (v & S_B_CLASS) == S_QUOTE << 8 ?
					      DN_TK_PUNCT | DN_TK_QUOTE : DN_TK_PUNCT;
			if (S_push1(t, s, i++, fl) < 0)
				return -1;
		} else if (!(i = S_other(t, s, a, b, n0, i))) {
			return -1;
		}
		if (t->n - n0 >= max) /* only a token can reach it */
			break;
	}
	return t->n - n0;
}
