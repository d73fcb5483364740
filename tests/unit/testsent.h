/*
 * testsent.h — one lexed sentence and its tokens, for the tests of the
 * finders that work on a sentence (dates, counts).
 */
#ifndef DN_TESTSENT_H
#define DN_TESTSENT_H

#include "testutil.h"
#include "lex/lex.h"

typedef struct sent {
	const char *s;
	dn_toks t;
	int n;
} sent;

static void S_lex(sent *x, const char *s)
{
	x->s = s;
	dn_toks_init(&x->t);
	x->n = dn_lex(s, 0, (uint32_t)strlen(s), 512, &x->t);
	assert_true(x->n > 0);
}

/* The first token whose folded form is w ("w#2": the second one). */
static int S_find(const sent *x, const char *w)
{
	char word[64];
	int nth = 1;
	const char *h = strchr(w, '#');
	size_t n = h ? (size_t)(h - w) : strlen(w);
	snprintf(word, sizeof word, "%.*s", (int)n, w);
	if (h)
		nth = atoi(h + 1);
	for (int i = 0; i < x->n; i++)
		if (strcmp(dn_tok_norm(&x->t, &x->t.v[i]), word) == 0 && --nth == 0)
			return i;
	fail_msg("trigger '%s' not in '%s'", w, x->s);
	return -1;
}

/* Whether bytes [a, b) of the sentence are want. */
static int S_span_is(const sent *x, uint32_t a, uint32_t b, const char *want)
{
	return b - a == strlen(want) && memcmp(x->s + a, want, b - a) == 0;
}

#endif
