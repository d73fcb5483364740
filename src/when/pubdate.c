/*
 * pubdate.c — absolute dates anywhere in a document, as evidence for its
 * publication date when the input gives none: datelines, "Updated:" and
 * "Published:" stamps, embedded-post lines ("— Name (@handle) December
 * 23, 2015") and "For more information please see:" reference lists,
 * where the latest date is the best guess.
 *
 * The text is tokenized one line at a time into one reused token buffer,
 * so memory is bounded by the longest line, not the document.
 */
#include <limits.h>

#include "when_int.h"

/* Lexes s[a..b) into t (reset first); 0, or -1 on OOM. */
static int S_lex_line(const char *s, uint32_t a, uint32_t b, dn_toks *t)
{
	dn_toks_reset(t);
	return dn_lex(s, a, b, INT_MAX, t) < 0 ? -1 : 0;
}

/* Stores the absolute dates with a year found in t; returns the new count. */
static int S_collect(const dn_toks *t, dn_when *out, int count, int max)
{
	for (int i = 0; i < t->n && count < max;) {
		dn_texpr x;
		int k = dn_texpr_match(t, i, 0, t->n, &x);
		if (!k) {
			i++;
			continue;
		}
		i = x.last;
		dn_when *w = &out[count];
		if (x.kind != DN_TX_ABS || !x.y || !x.m ||
		    !dn_texpr_resolve(&x, NULL, 0, &w->date, &w->precision))
			continue;
		w->start = t->v[x.first].start;
		w->end = t->v[x.last - 1].end;
		count++;
	}
	return count;
}

int dn_dates_scan(const char *s, size_t n, dn_when *out, int max)
{
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	if (max <= 0 || n == 0)
		return 0;
	dn_toks t;
	dn_toks_init(&t);
	int count = 0;
	uint32_t a = 0;
	while (a < n && count < max) {
		uint32_t b = a;
		while (b < n && s[b] != '\n')
			b++;
		if (b > a) {
			if (S_lex_line(s, a, b, &t) < 0) {
				dn_toks_clear(&t);
				return -1;
			}
			count = S_collect(&t, out, count, max);
		}
		a = b + 1;
	}
	dn_toks_clear(&t);
	return count;
}

int dn_dates_latest(const dn_when *w, int n, uint32_t start, uint32_t end)
{
	int best = -1;
	long best_days = 0;
	for (int i = 0; i < n; i++) {
		if (w[i].precision != DN_PREC_DAY || w[i].start < start || w[i].end > end)
			continue;
		long d = dn_date_days(&w[i].date);
		if (best < 0 || d > best_days) {
			best = i;
			best_days = d;
		}
	}
	return best;
}
