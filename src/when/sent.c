/*
 * sent.c — one sentence prepared for the date and count finders of
 * several triggers (dn_when_sent): what each token can start, found with
 * one look-up per token, once; the expressions and mentions themselves are
 * found by date.c and toll.c on the first pick that needs them.
 */
#include <limits.h>

#include "when_int.h"

/* MARK: - Word classes */

/* The words of dn_texpr_starts and dn_toll_word_bits in one set, so that
 * a token costs one look-up; and the words a hyphen can follow to matter
 * ("mid-October", "forty-five"). */
static dn_wset S_words;
static dn_wset S_prefixes;
static dn_once S_words_once = DN_ONCE_INIT;

/* Filters that settle most tokens in a few instructions. S_hashes has
 * bit h & S_HASH_MASK set for the hash h of every word of S_words (a
 * token whose bit is clear is not in the set); S_hyph[c] has bit p when
 * a word of S_prefixes of length p starts with byte c. A set that
 * overflowed lets everything through. */
#define S_HASH_MASK 0xFFFFu
static uint8_t S_hashes[(S_HASH_MASK + 1) / 8];
static uint32_t S_hyph[256];
/* Whether S_hyph has bit 31 anywhere (a prefix of 31 bytes or more, or a
 * full set): then S_hyphen passes long words without a hyphen. */
static int S_hyph_long;

/* Bits of the set that hold only for a DN_TK_WORD token. */
#define S_WORD_ONLY (DN_WB_NUM | DN_WB_A | DN_WB_ANCHOR_MASK)

static void S_words_build(void)
{
	dn_texpr_words_add(&S_words, &S_prefixes);
	dn_toll_words_add(&S_words, &S_prefixes);
	if (S_words.full)
		memset(S_hashes, 0xFF, sizeof(S_hashes));
	for (int k = 0; k < S_words.count; k++) {
		uint32_t h = (uint32_t)dn_hash(S_words.w[k], S_words.n[k]) & S_HASH_MASK;
		S_hashes[h >> 3] |= (uint8_t)(1u << (h & 7));
	}
	for (int c = 0; c < 256; c++) {
		S_hyph[c] = S_prefixes.full ? ~0u : S_prefixes.firstlen[c];
		if (S_hyph[c] >> 31)
			S_hyph_long = 1;
	}
}

/* Whether the folded form s[0..n) may have a hyphen right after one of
 * S_prefixes (only the positions S_hyph gives are looked at). */
static inline int S_hyphen(const char *s, size_t n)
{
	uint32_t m = n ? S_hyph[(unsigned char)s[0]] : 0;
	if (n < 32)
		m &= (1u << n) - 1; /* a hyphen at p < n */
	m &= ~1u;
	for (size_t p = 1; m >> p; p++)
		if (((m >> p) & 1) && (p == 31 || s[p] == '-'))
			return 1;
	return 0;
}

/* The bits of token i from the modules themselves. */
static uint32_t S_bits_slow(const dn_toks *t, int i)
{
	return dn_texpr_starts(t, i) | dn_toll_word_bits(t, i);
}

uint32_t dn_when_word_bits(const dn_toks *t, int i)
{
	uint32_t b = S_bits_slow(t, i);
	return b & (DN_WB_NUM | DN_WB_LEAD) ? b | DN_WB_COUNT : b;
}

/* The bits of token i alone, as dn_when_word_bits but without
 * DN_WB_COUNT: from S_words when no hyphen can matter, else from the
 * modules themselves. */
static uint32_t S_bits(const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	uint32_t v = 0, h = k->hash;
	int r = 0;
	if ((S_hashes[(h & S_HASH_MASK) >> 3] >> (h & 7)) & 1)
		r = dn_wset_get_h(&S_words, s, n, h, &v);
	if (r < 0 || S_hyphen(s, n))
		return S_bits_slow(t, i);
	uint32_t b = r ? v : 0;
	if (!(k->flags & DN_TK_WORD))
		b &= ~S_WORD_ONLY;
	if (k->flags & DN_TK_NUM)
		b |= DN_TS_NUM | DN_TS_AGO | DN_WB_NUM;
	return b;
}

/* MARK: - Prepared sentence */

void dn_when_prepare(dn_when_sent *ws, const dn_toks *toks, int first,
		     int last)
{
	ws->t = toks;
	ws->first = first;
	ws->last = last;
	ws->ok = first >= 0 && last <= toks->n && first < last;
	ws->classified = 0;
	ws->tx_lo = ws->tx_hi = -1;
	ws->men_lo = ws->men_hi = -1;
	ws->ntx = ws->nmen = 0;
}

void dn_when_classify(dn_when_sent *ws)
{
	if (ws->classified)
		return;
	dn_once_run(&S_words_once, S_words_build);
	/* tokens past the first DN_MAX_SENT_TOKENS (a sentence not cut by
	 * the coder) are classified as they are asked for (dn_when_bits) */
	int n = DN_MIN(ws->last - ws->first, DN_MAX_SENT_TOKENS);
	int cut = n < ws->last - ws->first;
	const dn_toks *t = ws->t;
	const dn_tok *v = t->v + ws->first;
	/* Most tokens are settled by their flags and the hash filter; the
	 * folded form is read only for those that pass it and for those with
	 * a hyphen (DN_TK_HYPH: a token of dn_lex whose folded form has a
	 * hyphen after its first byte has the flag; unless some prefix is
	 * 31 bytes or longer, where S_hyphen needs no hyphen). */
	const uint16_t hyph = S_hyph_long ? (uint16_t)~0u : (uint16_t)DN_TK_HYPH;
	for (int k = 0; k < n; k++) {
		const dn_tok *tk = &v[k];
		uint32_t h = tk->hash;
		/* what S_bits gives a token in no set and with no hyphen */
		uint32_t b = tk->flags & DN_TK_NUM ? DN_TS_NUM | DN_TS_AGO | DN_WB_NUM : 0;
		if (((S_hashes[(h & S_HASH_MASK) >> 3] >> (h & 7)) & 1) ||
		    ((tk->flags & hyph) && S_hyphen(dn_tok_norm(t, tk), tk->nlen)))
			b = S_bits(t, ws->first + k);
		ws->bits[k] = b;
	}
	/* right to left, to know what follows each token: S_ago needs an
	 * "ago" after its count, "the" a number or DN_TS_AFTER_THE word, "a"
	 * a DN_WB_AFTER_A word, and a count's first word a number within
	 * DN_COUNT_LEAD_MAX tokens ("at least 40"); past a cut, anything */
	int ago_after = cut, next_num = cut ? n : INT_MAX / 2;
	uint32_t next = cut ? ~0u : 0, any = 0;
	for (int k = n - 1; k >= 0; k--) {
		uint32_t b = ws->bits[k];
		if (!b) {
			next = 0;
			continue;
		}
		if (!ago_after)
			b &= ~(uint32_t)DN_TS_AGO;
		if (b & DN_TS_AGO_WORD)
			ago_after = 1;
		if ((b & DN_TS_THE) && !(next & (DN_TS_NUM | DN_TS_AFTER_THE)))
			b &= ~(uint32_t)DN_TS_THE;
		if ((b & DN_WB_A) && (next & DN_WB_AFTER_A))
			b |= DN_WB_NUM;
		next = b;
		if (b & DN_WB_NUM) {
			b |= DN_WB_COUNT;
			next_num = k;
		} else if ((b & DN_WB_LEAD) && next_num - k <= DN_COUNT_LEAD_MAX) {
			b |= DN_WB_COUNT;
		}
		ws->bits[k] = b;
		any |= b;
	}
	ws->any = any;
	memset(ws->bnd, -1, (size_t)n);
	ws->classified = 1;
}
