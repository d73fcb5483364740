/*
 * layout.c — paragraphs, boilerplate regions, the dateline and sentences.
 *
 * Boilerplate is recognised by cues and shape, line by line: a cue line
 * ("For more information", "Leave a Reply", an all-caps menu header) opens
 * a region that runs over the list-like lines after it and ends at the
 * first line that reads like prose. Nothing in a region is coded.
 */
#include <ctype.h>
#include <stdlib.h>

#include "text.h"

#define S_MAX_SENT_BYTES 3000 /* longer runs without a boundary are cut */
#define S_HEADLINE_WORDS 16   /* a headline has at most this many words */
#define S_PROSE_WORDS 15      /* a line this long that ends in '.' is prose */
#define S_LIST_WORDS 40       /* a longer line does not continue a list */
#define S_MENU_WORDS 4        /* a menu header has at most this many words */
/* Words are counted up to this many: every rule below compares the count
 * with a smaller number, so a paragraph is read only up to its 41st word
 * (keep it above every word threshold in this file). */
#define S_WORDS_SEEN (S_LIST_WORDS + 1)

typedef struct S_line {
	uint32_t start, end; /* trimmed span */
	uint32_t raw;        /* start of the untrimmed line */
	int words;           /* number of words, up to S_WORDS_SEEN */
	int upper_words;     /* words in capitals (counted while words <=
				S_MENU_WORDS: only menu headers use it) */
	int blank;           /* nothing but white space */
	int terminal;        /* ends with . ! ? (possibly before quotes) */
	int colon;           /* ends with ':' */
	uint8_t kind;        /* region kind assigned, 0 for text */
} S_line;

const char *dn_region_name(int kind)
{
	static const char *names[] = {"", "byline", "caption", "sources",
				      "related", "comments", "menu", "share",
				      "embed", "dateline"};
	return kind > 0 && kind < (int)DN_ARRAY_LEN(names) ? names[kind] : "?";
}

/* MARK: - Character helpers */

/* Bits of S_ASCII: the C locale's isspace (of the three that occur in
 * cleaned text), isupper and islower for each ASCII byte. */
enum { S_C_SPACE = 1, S_C_UPPER = 2, S_C_LOWER = 4 };

#define S_U(c) [c] = S_C_UPPER
#define S_L(c) [c] = S_C_LOWER
static const unsigned char S_ASCII[128] = {
	[' '] = S_C_SPACE, ['\t'] = S_C_SPACE, ['\n'] = S_C_SPACE,
	S_U('A'), S_U('B'), S_U('C'), S_U('D'), S_U('E'), S_U('F'), S_U('G'),
	S_U('H'), S_U('I'), S_U('J'), S_U('K'), S_U('L'), S_U('M'), S_U('N'),
	S_U('O'), S_U('P'), S_U('Q'), S_U('R'), S_U('S'), S_U('T'), S_U('U'),
	S_U('V'), S_U('W'), S_U('X'), S_U('Y'), S_U('Z'),
	S_L('a'), S_L('b'), S_L('c'), S_L('d'), S_L('e'), S_L('f'), S_L('g'),
	S_L('h'), S_L('i'), S_L('j'), S_L('k'), S_L('l'), S_L('m'), S_L('n'),
	S_L('o'), S_L('p'), S_L('q'), S_L('r'), S_L('s'), S_L('t'), S_L('u'),
	S_L('v'), S_L('w'), S_L('x'), S_L('y'), S_L('z')};
#undef S_U
#undef S_L

/* Length of a white-space character at s (ASCII space, NBSP, U+2000-200B,
 * U+202F, U+205F, U+3000), or 0. */
static inline int S_space_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\n';
	if (c == 0xC2 && n > 1 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (c == 0xE2 && n > 2) {
		unsigned char b = (unsigned char)s[1], d = (unsigned char)s[2];
		if (b == 0x80 && (d <= 0x8B || d == 0xAF))
			return 3;
		if (b == 0x81 && d == 0x9F)
			return 3;
	}
	if (c == 0xE3 && n > 2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

/* Length of a dash (-, en dash, em dash, minus, "--") at s, or 0. */
static int S_dash_len(const char *s, size_t n)
{
	if (s[0] == '-')
		return n > 1 && s[1] == '-' ? 2 : 1;
	if (n > 2 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x95))
		return 3;
	if (n > 2 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x88 &&
	    (unsigned char)s[2] == 0x92)
		return 3;
	return 0;
}

/* Length of a closing quote or bracket at s, or 0. */
static int S_closer_len(const char *s, size_t n)
{
	if (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']')
		return 1;
	if (n > 2 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9D || (unsigned char)s[2] == 0x99))
		return 3;
	return 0;
}

/* Length of an opening quote or bracket at s, or 0. */
static int S_opener_len(const char *s, size_t n)
{
	if (s[0] == '"' || s[0] == '\'' || s[0] == '(' || s[0] == '[')
		return 1;
	if (n > 2 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x98))
		return 3;
	return 0;
}

static int S_is_upper_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return S_ASCII[c] & S_C_UPPER;
	int len;
	int32_t cp = dn_utf8_get(s, n, &len);
	/* Latin-1/Extended capitals, Greek and Cyrillic capitals. */
	return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	       (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F);
}

/* ASCII lower case (the C locale's tolower, without the call). */
static inline unsigned char S_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* strncasecmp(s, w, m) == 0 for an m-byte word w without NUL. */
static inline int S_ieq(const char *s, const char *w, size_t m)
{
	for (size_t k = 0; k < m; k++)
		if (S_lower((unsigned char)s[k]) != S_lower((unsigned char)w[k]))
			return 0;
	return 1;
}

/* Every cue and needle below is non-empty and in lower case: the first
 * byte is compared, as it is, before the length is taken. */
static inline int S_starts_ci(const char *s, size_t n, const char *prefix)
{
	if (!n || S_lower((unsigned char)s[0]) != (unsigned char)prefix[0])
		return 0;
	size_t m = strlen(prefix);
	return n >= m && S_ieq(s, prefix, m);
}

static int S_contains_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m > n)
		return 0;
	/* a byte without case in the needle ('.' of "pic.twitter.com") is
	 * rarer in text than its letters: the candidates are where it is */
	size_t k = 0;
	while (k < m && (needle[k] == ' ' || ((unsigned char)needle[k] < 0x80 &&
					      S_ASCII[(unsigned char)needle[k]] & (S_C_UPPER | S_C_LOWER))))
		k++;
	if (k < m) {
		const char *p = s + k, *end = s + (n - m) + k + 1; /* anchors before end */
		while (p < end) {
			const char *c = memchr(p, needle[k], (size_t)(end - p));
			if (!c)
				return 0;
			if (S_ieq(c - k, needle, m))
				return 1;
			p = c + 1;
		}
		return 0;
	}
	unsigned char c0 = S_lower((unsigned char)needle[0]);
	if (c0 >= 'a' && c0 <= 'z') {
		/* a letter: the candidates are its two cases, found by memchr */
		if (m > n)
			return 0;
		const char *p = s, *end = s + (n - m) + 1; /* starts before end */
		while (p < end) {
			const char *lo = memchr(p, c0, (size_t)(end - p));
			const char *up = memchr(p, c0 - 32, (size_t)((lo ? lo : end) - p));
			const char *c = up ? up : lo;
			if (!c)
				return 0;
			if (S_ieq(c, needle, m))
				return 1;
			p = c + 1;
		}
		return 0;
	}
	for (size_t i = 0; i + m <= n; i++)
		if (S_lower((unsigned char)s[i]) == c0 && S_ieq(s + i, needle, m))
			return 1;
	return 0;
}

/* MARK: - Lines */

/* The words of s[i..b) (s[i - 1] ends a word) added to words, counted up
 * to S_WORDS_SEEN. Eight ASCII bytes at a time: a word starts at a byte
 * that is no white space after one that is (the exact per-byte zero test,
 * no carries between bytes). */
static int S_count_words(const char *s, uint32_t i, uint32_t b, int words)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL, low7 = ~high;
	uint64_t prev = 0; /* 0x80 when the byte before i is white space */
	while (i < b && words < S_WORDS_SEEN) {
		if (b - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & high)) {
				uint64_t x = w ^ (ones * ' '), y = w ^ (ones * '\t'), z = w ^ (ones * '\n');
				uint64_t sp = (~(((x & low7) + low7) | x) |
					       ~(((y & low7) + low7) | y) |
					       ~(((z & low7) + low7) | z)) & high;
				uint64_t starts = ~sp & high & (sp << 8 | prev);
				words += (int)(((starts >> 7) * ones) >> 56);
				prev = sp >> 56;
				i += 8;
				continue;
			}
		}
		/* a byte at a time where there is UTF-8 (or near the end) */
		unsigned char c = (unsigned char)s[i];
		int k = c < 0x80 ? (S_ASCII[c] & S_C_SPACE) != 0 : S_space_len(s + i, b - i);
		if (!k && prev)
			words++;
		prev = k ? 0x80 : 0;
		i += k > 1 ? (uint32_t)k : 1;
	}
	return words < S_WORDS_SEEN ? words : S_WORDS_SEEN;
}

static void S_measure(const char *s, S_line *l)
{
	uint32_t a = l->start, b = l->end;
	/* trim */
	while (a < b) {
		int k = S_space_len(s + a, b - a);
		if (!k)
			break;
		a += (uint32_t)k;
	}
	while (b > a) {
		uint32_t k = 1;
		while (k < 4 && k < b - a && ((unsigned char)s[b - k] & 0xC0) == 0x80)
			k++;
		if (!S_space_len(s + b - k, k))
			break;
		b -= k;
	}
	l->start = a;
	l->end = b;
	l->blank = a == b;
	/* the first words, whose capitals make a menu header */
	uint32_t i = a;
	while (i < b && l->words < S_MENU_WORDS) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 ? S_ASCII[c] & S_C_SPACE : S_space_len(s + i, b - i) > 0) {
			i += c < 0x80 ? 1 : (uint32_t)S_space_len(s + i, b - i);
			continue;
		}
		/* a word starts at i and runs up to the next white space */
		l->words++;
		uint32_t j = i + 1;
		if (S_is_upper_at(s + i, b - i)) {
			/* whole word in capitals: no small letter, two letters */
			unsigned acc = c < 0x80 ? S_ASCII[c] : 0;
			int letters = (acc & (S_C_UPPER | S_C_LOWER)) != 0;
			for (; j < b; j++) {
				c = (unsigned char)s[j];
				if (c < 0x80) {
					unsigned e = S_ASCII[c];
					if (e & S_C_SPACE)
						break;
					acc |= e;
					letters += (e & (S_C_UPPER | S_C_LOWER)) != 0;
				} else if (S_space_len(s + j, b - j)) {
					break;
				}
			}
			if (!(acc & S_C_LOWER) && letters > 1)
				l->upper_words++;
		} else {
			for (; j < b; j++) {
				c = (unsigned char)s[j];
				if (c < 0x80 ? S_ASCII[c] & S_C_SPACE : S_space_len(s + j, b - j) > 0)
					break;
			}
		}
		i = j;
	}
	if (i < b)
		l->words = S_count_words(s, i, b, l->words);
	uint32_t e = b;
	while (e > a) {
		int k = 0;
		for (int t = 1; t <= 3 && t <= (int)(e - a); t++)
			if (S_closer_len(s + e - t, (size_t)t) == t) {
				k = t;
				break;
			}
		if (!k)
			break;
		e -= (uint32_t)k;
	}
	if (e > a) {
		char c = s[e - 1];
		l->terminal = c == '.' || c == '!' || c == '?';
		l->colon = c == ':';
		/* an ellipsis U+2026 ends a line too */
		if (e - a >= 3 && (unsigned char)s[e - 3] == 0xE2 &&
		    (unsigned char)s[e - 2] == 0x80 && (unsigned char)s[e - 1] == 0xA6)
			l->terminal = 1;
	}
}

static int S_is_prose(const S_line *l)
{
	return l->words >= S_PROSE_WORDS && l->terminal;
}

/* MARK: - Cues */

static int S_cue_comments(const char *s, size_t n)
{
	static const char *cues[] = {"leave a reply", "leave a comment",
				     "post a comment", "add a comment",
				     "your email address will not be published",
				     "required fields are marked",
				     "notify me of", "comments are closed",
				     "join the discussion", "log in to comment"};
	for (size_t i = 0; i < DN_ARRAY_LEN(cues); i++)
		if (S_starts_ci(s, n, cues[i]))
			return 1;
	/* a captcha: "4 × 2 =", "3 + 5 = ?" */
	size_t i = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 3)
		return 0;
	while (i < n && (s[i] == ' ' || (unsigned char)s[i] >= 0x80 ||
			 strchr("x*+-", s[i])))
		i++;
	size_t d = i;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == d)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i < n && s[i] == '=';
}

static int S_cue_sources(const char *s, size_t n, const S_line *l)
{
	static const char *cues[] = {"for more information", "for further information",
				     "sources:", "source:", "references", "further reading",
				     "see also", "read more", "more information:"};
	if (l->words > 10)
		return 0;
	for (size_t i = 0; i < DN_ARRAY_LEN(cues); i++)
		if (S_starts_ci(s, n, cues[i]))
			return 1;
	return 0;
}

static int S_cue_related(const char *s, size_t n, const S_line *l)
{
	static const char *cues[] = {"related", "more from", "you may also like",
				     "recommended", "most read", "most popular",
				     "trending", "more stories", "also read",
				     "read next", "latest news"};
	if (l->words > 5 || l->terminal)
		return 0;
	for (size_t i = 0; i < DN_ARRAY_LEN(cues); i++)
		if (S_starts_ci(s, n, cues[i]))
			return 1;
	return 0;
}

static int S_cue_byline(const char *s, size_t n, const S_line *l)
{
	static const char *labels[] = {"author:", "written by", "reporting by",
				       "reported by", "editing by", "edited by",
				       "compiled by", "additional reporting",
				       "contributor:", "posted by"};
	for (size_t i = 0; i < DN_ARRAY_LEN(labels); i++)
		if (S_starts_ci(s, n, labels[i]) && l->words <= 20)
			return 1;
	if (l->words > 8 || l->terminal)
		return 0;
	if ((s[0] == 'B' || s[0] == 'b') && n > 3 && s[1] == 'y' && s[2] == ' ' &&
	    S_is_upper_at(s + 3, n - 3))
		return 1;
	static const char *roles[] = {"reporter", "editor", "correspondent",
				      "staff writer", "contributing writer",
				      "columnist", "bureau chief"};
	for (size_t i = 0; i < DN_ARRAY_LEN(roles); i++)
		if (S_contains_ci(s, n, roles[i]))
			return 1;
	return 0;
}

static int S_cue_caption(const char *s, size_t n, const S_line *l)
{
	static const char *lead[] = {"photo:", "photo credit", "image:", "picture:",
				     "caption:", "photograph:", "file photo",
				     "pictured:", "video:", "watch:", "graphic:"};
	for (size_t i = 0; i < DN_ARRAY_LEN(lead); i++)
		if (S_starts_ci(s, n, lead[i]))
			return 1;
	static const char *alone[] = {"image", "photo", "video", "file photo",
				      "picture", "photograph", "advertisement"};
	for (size_t i = 0; i < DN_ARRAY_LEN(alone); i++)
		if (dn_span_ieq(s, n, alone[i]))
			return 1;
	(void)l;
	/* a credit at the end: "(Courtesy of X)", "(Photo: X)", "File photo" */
	size_t tail = n > 90 ? n - 90 : 0;
	const char *t = s + tail, *end = s + n;
	while ((t = memchr(t, '(', (size_t)(end - t))) != NULL) {
		const char *p = ++t;
		size_t r = (size_t)(end - p);
		if (S_starts_ci(p, r, "courtesy") || S_starts_ci(p, r, "photo") ||
		    S_starts_ci(p, r, "image") || S_starts_ci(p, r, "picture") ||
		    S_starts_ci(p, r, "credit") || S_starts_ci(p, r, "pictured"))
			return 1;
	}
#define S_END(w) {w, sizeof(w) - 1}
	static const struct { const char *w; size_t n; } ends[] = {
		S_END("file photo"), S_END("file image"), S_END("getty images"),
		S_END("afp photo"), S_END("reuters photo"), S_END("ap photo")};
#undef S_END
	for (size_t i = 0; i < DN_ARRAY_LEN(ends); i++) {
		size_t k = ends[i].n;
		if (n >= k && S_ieq(s + n - k, ends[i].w, k))
			return 1;
	}
	return 0;
}

static int S_cue_share(const char *s, size_t n, const S_line *l)
{
	static const char *cues[] = {"share this", "share on", "share:", "tweet",
				     "subscribe", "follow us", "sign up", "click here",
				     "email this", "print this", "like us on",
				     "download our app", "join our"};
	if (l->words > 10)
		return 0;
	for (size_t i = 0; i < DN_ARRAY_LEN(cues); i++)
		if (S_starts_ci(s, n, cues[i]))
			return 1;
	return 0;
}

/* "— Name (@handle) December 23, 2015" */
static int S_cue_embed(const char *s, size_t n)
{
	int d = S_dash_len(s, n);
	if (!d || n < 6)
		return S_contains_ci(s, n, "pic.twitter.com");
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '(' && s[i + 1] == '@')
			return 1;
	return 0;
}

static int S_cue_menu(const S_line *l)
{
	/* an all-capitals header of up to four words: "LATEST", "TOP STORIES" */
	return l->words >= 1 && l->words <= S_MENU_WORDS && l->upper_words == l->words &&
	       !l->terminal && !l->colon;
}

/* A line that may continue a list-like region: short, not prose. */
static int S_listlike(const S_line *l)
{
	return l->blank || (!S_is_prose(l) && l->words <= S_LIST_WORDS);
}

/* MARK: - Dateline */

/* Returns the end of a dateline at the start of the line ("DAMASCUS, Syria
 * –", "BEIRUT (Reuters) -"), including the dash and following spaces, or 0. */
static uint32_t S_dateline(const char *s, const S_line *l)
{
	uint32_t i = l->start, e = l->end;
	int words = 0, comma = 0;
	while (i < e) {
		/* a capitalised word (letters, dots, apostrophes, hyphens) */
		if (!S_is_upper_at(s + i, e - i))
			return 0;
		while (i < e && !S_space_len(s + i, e - i) && s[i] != ',' &&
		       s[i] != '(' && !(S_dash_len(s + i, e - i) && i + 1 < e &&
					(S_space_len(s + i + S_dash_len(s + i, e - i), e - i) ||
					 i + (uint32_t)S_dash_len(s + i, e - i) == e)))
			i++;
		if (++words > 5)
			return 0;
		while (i < e && S_space_len(s + i, e - i))
			i += (uint32_t)S_space_len(s + i, e - i);
		if (i < e && s[i] == '(') { /* (Reuters) */
			while (i < e && s[i] != ')')
				i++;
			if (i == e)
				return 0;
			i++;
			while (i < e && S_space_len(s + i, e - i))
				i += (uint32_t)S_space_len(s + i, e - i);
		}
		if (i < e && s[i] == ',') {
			if (++comma > 1)
				return 0;
			i++;
			while (i < e && S_space_len(s + i, e - i))
				i += (uint32_t)S_space_len(s + i, e - i);
			continue;
		}
		int d = i < e ? S_dash_len(s + i, e - i) : 0;
		if (d) {
			i += (uint32_t)d;
			if (i < e && !S_space_len(s + i, e - i))
				return 0;
			while (i < e && S_space_len(s + i, e - i))
				i += (uint32_t)S_space_len(s + i, e - i);
			return i;
		}
	}
	return 0;
}

/* MARK: - Sentences */

static const char *S_abbrev[] = {
	"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "adm",
	"gov", "sen", "rep", "prof", "st", "jr", "sr", "vs", "etc", "no", "nos",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "inc", "ltd", "co", "corp", "mt", "ft", "approx", "est",
	"dept", "univ", "fig", "vol", "pp", "cf", "al", "brig", "cmdr", "pres",
	"amb", "hon", "rev", "messrs", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m",
	"i.e", "e.g"};

/* S_abbrev as a word set (read-only once built, so shared by threads). */
static dn_wset S_abbrevs;
static dn_once S_abbrevs_once = DN_ONCE_INIT;

static void S_abbrevs_build(void)
{
	for (size_t i = 0; i < DN_ARRAY_LEN(S_abbrev); i++)
		dn_wset_add(&S_abbrevs, S_abbrev[i], 1);
}

static int S_is_abbrev(const char *w, size_t n)
{
	if (n == 1 && isupper((unsigned char)w[0]))
		return 1; /* an initial */
	/* dn_span_ieq against each: ASCII case folding, then one lookup
	 * (every abbreviation is shorter than low) */
	char low[16];
	if (n > sizeof low)
		return 0;
	for (size_t k = 0; k < n; k++)
		low[k] = (char)S_lower((unsigned char)w[k]);
	dn_once_run(&S_abbrevs_once, S_abbrevs_build);
	uint32_t v;
	int r = dn_wset_get(&S_abbrevs, low, n, &v);
	if (r >= 0)
		return r;
	for (size_t i = 0; i < DN_ARRAY_LEN(S_abbrev); i++) /* a full set */
		if (dn_span_ieq(w, n, S_abbrev[i]))
			return 1;
	return 0;
}

/* Words that start sentences after an acronym like "U.S." */
static int S_starter(const char *w, size_t n)
{
	static const char *st[] = {"the", "a", "an", "he", "she", "it", "they",
				   "we", "i", "this", "that", "but", "in", "on",
				   "his", "her", "their", "its", "there", "meanwhile",
				   "however", "earlier", "later"};
	for (size_t i = 0; i < DN_ARRAY_LEN(st); i++)
		if (dn_span_ieq(w, n, st[i]))
			return 1;
	return 0;
}

typedef struct S_split {
	const char *s;
	dn_arena *a;
	dn_sent *v;
	int n, cap;
} S_split;

static int S_push(S_split *sp, uint32_t a, uint32_t b, uint32_t para,
		  uint16_t flags)
{
	const char *s = sp->s;
	while (a < b && S_space_len(s + a, b - a))
		a += (uint32_t)S_space_len(s + a, b - a);
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n'))
		b--;
	if (a >= b)
		return 0;
	if (sp->n == sp->cap) {
		int cap = sp->cap ? sp->cap * 2 : 64;
		dn_sent *v = dn_arena_alloc(sp->a, (size_t)cap * sizeof(*v));
		if (!v)
			return -1;
		if (sp->n)
			memcpy(v, sp->v, (size_t)sp->n * sizeof(*v));
		sp->v = v;
		sp->cap = cap;
	}
	sp->v[sp->n++] = (dn_sent){a, b, para, flags};
	return 0;
}

/* The first of '.', '!' and '?' in s[i..e), or e: eight bytes at a time
 * (a zero byte in w ^ the mark, found with the exact word test). */
static uint32_t S_next_mark(const char *s, uint32_t i, uint32_t e)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	while (e - i >= 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t x = w ^ (ones * '.'), y = w ^ (ones * '!'), z = w ^ (ones * '?');
		if ((((x - ones) & ~x) | ((y - ones) & ~y) | ((z - ones) & ~z)) & high)
			break;
		i += 8;
	}
	while (i < e && s[i] != '.' && s[i] != '!' && s[i] != '?')
		i++;
	return i;
}

/* Splits the paragraph text s[a..b) into sentences. */
static int S_split_para(S_split *sp, uint32_t a, uint32_t b, uint32_t para,
			uint16_t flags)
{
	const char *s = sp->s;
	uint32_t start = a;
	for (uint32_t i = a; i < b; i++) {
		/* below the length cap only a mark can end a sentence: skip
		 * to the next one */
		if (i - start < S_MAX_SENT_BYTES) {
			uint32_t cap = start + S_MAX_SENT_BYTES;
			i = S_next_mark(s, i, cap < b ? cap : b);
			if (i == b)
				break;
		}
		char c = s[i];
		int cut = i - start >= S_MAX_SENT_BYTES &&
			  (c == ' ' || c == '\n' || ((unsigned char)c & 0xC0) != 0x80);
		if (cut) {
			if (S_push(sp, start, i, para, flags | DN_SF_CUT) < 0)
				return -1;
			start = i;
			continue;
		}
		if (c != '.' && c != '!' && c != '?')
			continue;
		uint32_t j = i + 1;
		while (j < b && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
			j++;
		int k;
		while (j < b && (k = S_closer_len(s + j, b - j)) > 0)
			j += (uint32_t)k;
		if (j < b && !S_space_len(s + j, b - j))
			continue; /* "3.5", "U.S.-led", "e.g.," */
		uint32_t nx = j;
		while (nx < b && S_space_len(s + nx, b - nx))
			nx += (uint32_t)S_space_len(s + nx, b - nx);
		if (nx < b) {
			uint32_t q = nx;
			while (q < b && (k = S_opener_len(s + q, b - q)) > 0)
				q += (uint32_t)k;
			if (q < b && !S_is_upper_at(s + q, b - q) &&
			    !isdigit((unsigned char)s[q]) && s[q] != '#' && s[q] != '@')
				continue;
			if (c == '.') {
				/* the word before the period */
				uint32_t w = i;
				while (w > start && !S_space_len(s + w - 1, 1) &&
				       S_opener_len(s + w - 1, 1) == 0 && s[w - 1] != '(')
					w--;
				size_t wl = i - w;
				if (wl && S_is_abbrev(s + w, wl)) {
					/* an acronym may still end a sentence */
					uint32_t we = q;
					while (we < b && isalpha((unsigned char)s[we]))
						we++;
					if (!(wl > 1 && memchr(s + w, '.', wl) &&
					      S_starter(s + q, we - q)))
						continue;
				}
			}
		}
		if (S_push(sp, start, j, para, flags) < 0)
			return -1;
		start = j;
		i = j - 1;
	}
	return S_push(sp, start, b, para, flags);
}

/* MARK: - Layout */

static int S_add_region(dn_arena *a, dn_layout *out, int *cap, uint32_t s,
			uint32_t e, int kind)
{
	if (out->nregions == *cap) {
		int nc = *cap ? *cap * 2 : 16;
		dn_region *v = dn_arena_alloc(a, (size_t)nc * sizeof(*v));
		if (!v)
			return -1;
		if (out->nregions)
			memcpy(v, out->regions, (size_t)out->nregions * sizeof(*v));
		out->regions = v;
		*cap = nc;
	}
	out->regions[out->nregions++] = (dn_region){s, e, (uint8_t)kind};
	return 0;
}

/* Whether line l opens a region of its own (so ends the one before). */
static int S_opens(const char *s, const S_line *l)
{
	const char *t = s + l->start;
	size_t m = l->end - l->start;
	return !l->blank && (S_cue_comments(t, m) || S_cue_sources(t, m, l) ||
			     S_cue_related(t, m, l));
}

/* Opens a region of KIND at line i and extends it over list-like lines;
 * returns the index of the last line in it. */
static int S_extend(const char *s, S_line *ln, int nl, int i, int kind,
		    int to_end)
{
	ln[i].kind = (uint8_t)kind;
	int last = i;
	for (int j = i + 1; j < nl; j++) {
		if (!to_end && (!S_listlike(&ln[j]) || S_opens(s, &ln[j])))
			break;
		if (to_end && S_is_prose(&ln[j]) && ln[j].words > 30)
			break;
		ln[j].kind = (uint8_t)kind;
		if (!ln[j].blank)
			last = j;
	}
	for (int j = last + 1; j < nl && ln[j].blank; j++)
		ln[j].kind = 0;
	return last;
}

int dn_layout_build(const char *s, size_t n, dn_arena *a, dn_layout *out)
{
	memset(out, 0, sizeof(*out));
	out->dateline = -1;
	/* lines */
	int nl = 0, cap = 256;
	S_line *ln = malloc((size_t)cap * sizeof(*ln));
	if (!ln)
		return -1;
	uint32_t pos = 0;
	while (pos <= n) {
		const char *nlp = pos < n ? memchr(s + pos, '\n', n - pos) : NULL;
		uint32_t e = nlp ? (uint32_t)(nlp - s) : (uint32_t)n;
		if (nl == cap) {
			cap *= 2;
			S_line *v = realloc(ln, (size_t)cap * sizeof(*ln));
			if (!v) {
				free(ln);
				return -1;
			}
			ln = v;
		}
		S_line *l = &ln[nl++];
		memset(l, 0, sizeof(*l));
		l->raw = pos;
		l->start = pos;
		l->end = e;
		S_measure(s, l);
		if (!nlp)
			break;
		pos = e + 1;
	}
	/* boilerplate cues */
	for (int i = 0; i < nl; i++) {
		S_line *l = &ln[i];
		if (l->blank || l->kind)
			continue;
		const char *t = s + l->start;
		size_t m = l->end - l->start;
		if (S_cue_comments(t, m))
			i = S_extend(s, ln, nl, i, DN_RG_COMMENTS, 1);
		else if (S_cue_sources(t, m, l))
			i = S_extend(s, ln, nl, i, DN_RG_SOURCES, 0);
		else if (S_cue_related(t, m, l))
			i = S_extend(s, ln, nl, i, DN_RG_RELATED, 0);
		else if (S_cue_embed(t, m))
			l->kind = DN_RG_EMBED;
		else if (S_cue_byline(t, m, l))
			l->kind = DN_RG_BYLINE;
		else if (S_cue_caption(t, m, l))
			l->kind = DN_RG_CAPTION;
		else if (S_cue_share(t, m, l))
			l->kind = DN_RG_SHARE;
		else if (S_cue_menu(l) && !S_dateline(s, l)) {
			/* a menu header is followed by short headline-like lines */
			int j = i + 1;
			while (j < nl && ln[j].blank)
				j++;
			if (j < nl && !S_is_prose(&ln[j]) && !ln[j].terminal)
				i = S_extend(s, ln, nl, i, DN_RG_MENU, 0);
		}
	}
	/* regions from consecutive lines of one kind */
	int rcap = 0;
	for (int i = 0; i < nl; i++) {
		if (!ln[i].kind)
			continue;
		int k = ln[i].kind, j = i;
		while (j + 1 < nl && (ln[j + 1].kind == k))
			j++;
		if (S_add_region(a, out, &rcap, ln[i].start, ln[j].end > ln[j].start ? ln[j].end : ln[j].start, k) < 0)
			goto oom;
		i = j;
	}
	/* paragraphs and sentences */
	S_split sp = {s, a, NULL, 0, 0};
	int seen_prose = 0;
	uint32_t para = 0;
	for (int i = 0; i < nl; i++) {
		S_line *l = &ln[i];
		if (l->blank || l->kind)
			continue;
		uint32_t a0 = l->start;
		if (!seen_prose) {
			uint32_t d = S_dateline(s, l);
			if (d && out->dateline < 0) {
				out->dateline = out->nregions;
				uint32_t de = d;
				while (de > a0 && S_space_len(s + de - 1, 1))
					de--;
				if (S_add_region(a, out, &rcap, a0, de, DN_RG_DATELINE) < 0)
					goto oom;
				a0 = d;
			}
		}
		/* join hard-wrapped continuation lines */
		int j = i;
		while (j + 1 < nl && !ln[j + 1].blank && !ln[j + 1].kind &&
		       ln[j].end - ln[j].start >= 60 && !ln[j].terminal && !ln[j].colon &&
		       S_dash_len(s + ln[j + 1].start, ln[j + 1].end - ln[j + 1].start) == 0)
			j++;
		uint32_t b0 = ln[j].end;
		uint16_t flags = 0;
		if (j == i && !l->terminal && !l->colon && l->words <= S_HEADLINE_WORDS)
			flags |= DN_SF_HEADLINE;
		if (S_dash_len(s + a0, b0 - a0) || s[a0] == '*' ||
		    (b0 - a0 > 2 && (unsigned char)s[a0] == 0xE2 &&
		     (unsigned char)s[a0 + 1] == 0x80 && (unsigned char)s[a0 + 2] == 0xA2))
			flags |= DN_SF_LIST;
		if (a0 < b0) {
			if (S_split_para(&sp, a0, b0, para, flags) < 0)
				goto oom;
			if (!(flags & DN_SF_HEADLINE))
				seen_prose = 1;
		}
		para++;
		i = j;
	}
	out->sents = sp.v;
	out->nsents = sp.n;
	/* keep regions sorted by start (the dateline was added late) */
	for (int i = 1; i < out->nregions; i++) {
		dn_region r = out->regions[i];
		int j = i - 1;
		while (j >= 0 && out->regions[j].start > r.start) {
			out->regions[j + 1] = out->regions[j];
			j--;
		}
		out->regions[j + 1] = r;
	}
	out->dateline = -1;
	for (int i = 0; i < out->nregions; i++)
		if (out->regions[i].kind == DN_RG_DATELINE)
			out->dateline = i;
	free(ln);
	return 0;
oom:
	free(ln);
	return -1;
}

int dn_layout_in_boiler(const dn_layout *l, uint32_t start, uint32_t end)
{
	for (int i = 0; i < l->nregions; i++) {
		const dn_region *r = &l->regions[i];
		if (r->kind == DN_RG_DATELINE)
			continue;
		if (start < r->end && r->start < end)
			return 1;
	}
	return 0;
}
