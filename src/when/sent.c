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
 * a token costs one look-up; and where a hyphen can matter. */
static dn_wset S_words;
static uint32_t S_hyphens;      /* bit p: a hyphen at p can matter */
static size_t S_hyph_lo, S_hyph_hi; /* the lowest and highest such p */
static dn_once S_words_once = DN_ONCE_INIT;

/* Bits of the set that hold only for a DN_TK_WORD token. */
#define S_WORD_ONLY (DN_WB_NUM | DN_WB_A | ~((1u << DN_WB_ANCHOR_SHIFT) - 1))

static void S_words_build(void)
{
	dn_texpr_words_add(&S_words, &S_hyphens);
	dn_toll_words_add(&S_words, &S_hyphens);
	for (size_t p = 0; p < 32; p++)
		if ((S_hyphens >> p) & 1) {
			if (!S_hyph_lo)
				S_hyph_lo = p;
			S_hyph_hi = p;
		}
}

uint32_t dn_when_word_bits(const dn_toks *t, int i)
{
	uint32_t b = dn_texpr_starts(t, i) | dn_toll_word_bits(t, i);
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
	uint32_t v = 0;
	int r = dn_wset_get_h(&S_words, s, n, k->hash, &v);
	if (r < 0)
		return dn_texpr_starts(t, i) | dn_toll_word_bits(t, i);
	for (size_t p = S_hyph_lo; p <= S_hyph_hi && p < n; p++)
		if (s[p] == '-' && ((S_hyphens >> p) & 1))
			return dn_texpr_starts(t, i) | dn_toll_word_bits(t, i);
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
	/* right to left, to know what follows each token: S_ago needs an
	 * "ago" after its count, "the" a number or DN_TS_AFTER_THE word, "a"
	 * a DN_WB_AFTER_A word, and a count's first word a number within
	 * DN_COUNT_LEAD_MAX tokens ("at least 40"); past a cut, anything */
	int ago_after = cut, next_num = cut ? ws->first + n : INT_MAX / 2;
	uint32_t next = cut ? ~0u : 0;
	for (int k = n - 1; k >= 0; k--) {
		int i = ws->first + k;
		uint32_t b = S_bits(ws->t, i);
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
			next_num = i;
		} else if ((b & DN_WB_LEAD) && next_num - i <= DN_COUNT_LEAD_MAX) {
			b |= DN_WB_COUNT;
		}
		ws->bits[k] = b;
	}
	memset(ws->bnd, -1, (size_t)n);
	ws->classified = 1;
}
