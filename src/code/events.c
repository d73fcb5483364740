/*
 * events.c — stage 5: who did what to whom in one sentence.
 *
 * Triggers come from the verb and noun patterns; roles from the entity
 * mentions around them: the subject is the first entity of the trigger's
 * clause that is not inside a prepositional phrase, the recipient is the
 * object or the entity after one of the pattern's prepositions. Passive
 * voice swaps the roles ("were killed by X"), reported speech makes the
 * speaker the attribution, and the words of the verb group decide the
 * modality (negated, future, hypothetical, claimed, denied).
 */
#include <stddef.h>
#include <stdlib.h>

#include "coder_int.h"

const char *const dn_modality_names[6] = {"asserted", "negated", "future",
					  "hypothetical", "claimed", "denied"};

#define S_MAX_SAY 8
#define S_GAP 5 /* '*' in a pattern spans at most this many words */

/* MARK: - Token helpers */

static int S_punct(const dn_toks *t, int i, char c)
{
	const dn_tok *k = &t->v[i];
	return (k->flags & DN_TK_PUNCT) && k->nlen >= 1 && dn_tok_norm(t, k)[0] == c;
}

/* A token that ends a clause to its left. */
static int S_boundary(const dn_coder *c, const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	if (S_punct(t, i, ';') || S_punct(t, i, ':'))
		return 1;
	if (k->word == c->dict->w_that && i > 0) {
		/* "said that", "said on Monday that" */
		for (int j = i - 1; j >= 0 && j >= i - 5; j--)
			if (t->v[j].cls & (DN_C_SAY | DN_C_DENY))
				return 1;
	}
	return (k->cls & (DN_C_REL | DN_C_SUB)) != 0;
}

/* MARK: - Triggers */

/* Whether token i is used as a noun: after a determiner, a possessive, a
 * country adjective or number. */
static int S_noun_context(const dn_coder *c, const dn_toks *t, int first, int i)
{
	if (i == first)
		return 0;
	const dn_tok *p = &t->v[i - 1];
	/* strong: after a determiner, possessive, number or preposition */
	if ((p->cls & DN_C_DET) && p->word != c->dict->w_that)
		return 2;
	if (p->flags & (DN_TK_POSS | DN_TK_NUM))
		return 2;
	if (p->word == c->dict->w_its || p->word == c->dict->w_their ||
	    p->word == c->dict->w_his || p->word == c->dict->w_her)
		return 2;
	if ((p->cls & (DN_C_NUM | DN_C_PREP)) && p->word != c->dict->w_to)
		return 2;
	const dn_tok *k = &t->v[i];
	if ((p->cls & DN_C_NHEAD) && !(p->flags & DN_TK_CAP) && k->nlen > 2 &&
	    dn_tok_norm(t, k)[k->nlen - 1] == 's')
		return 2;
	/* "accompanying talks", "a sweeping attack", "renewed push" */
	const char *pw = dn_tok_norm(t, p);
	if ((p->flags & DN_TK_WORD) && !(p->flags & DN_TK_CAP) && p->nlen > 4 &&
	    !(p->cls & (DN_C_SAY | DN_C_DENY | DN_C_AUX | DN_C_HEAD | DN_C_FUTURE)) &&
	    (memcmp(pw + p->nlen - 3, "ing", 3) == 0 || memcmp(pw + p->nlen - 2, "ed", 2) == 0))
		return 1;
	int eb = i - c->sfirst <= DN_MAX_SENT_TOKENS ? c->ent_end[i - c->sfirst] : -1;
	if (eb >= 0 && !(c->ents[eb].flags & DN_EF_PRON))
		return 1;
	/* "two-day visit", "air strikes": a hyphenated or noun modifier */
	if ((p->flags & DN_TK_HYPH) && !(p->cls & DN_C_HEAD))
		return 1;
	return 0;
}

/* "killings", "operations": plural nouns made from verbs, never verbs
 * (-ings, -ions, -ments, -ances, -ences after at least one letter). */
static int S_nominal_form(const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	size_t n = k->nlen;
	if (n < 5)
		return 0;
	const char *e = dn_tok_norm(t, k) + n;
	if (e[-1] != 's')
		return 0;
	if (memcmp(e - 4, "ings", 4) == 0 || memcmp(e - 4, "ions", 4) == 0)
		return 1;
	return n > 5 && (memcmp(e - 5, "ments", 5) == 0 || memcmp(e - 5, "ances", 5) == 0 ||
			 memcmp(e - 5, "ences", 5) == 0);
}

/* An inflected form that is a verb: "met", "shelled", "attacking". */
static int S_verbal_form(const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	return k->lemma != k->word && k->nlen >= 2 && !S_nominal_form(t, i);
}

/* Matches pattern p at token i; returns the end (exclusive) or 0. */
static int S_match_pattern(const dn_pattern *p, const dn_toks *t, int i, int last)
{
	int j = i + 1;
	for (int w = 0; w < p->nwords; w++) {
		if (p->words[w] == 0) { /* gap: find the next word within S_GAP */
			if (w + 1 >= p->nwords)
				return 0;
			uint32_t want = p->words[w + 1];
			int found = 0;
			for (int g = 0; g <= S_GAP && j + g < last; g++) {
				const dn_tok *k = &t->v[j + g];
				if (k->word == want || k->lemma == want) {
					j += g + 1;
					found = 1;
					break;
				}
				if (((k->flags & DN_TK_PUNCT) && !(k->flags & DN_TK_QUOTE)) ||
				    (k->cls & (DN_C_PREP | DN_C_REL | DN_C_SAY)))
					break;
			}
			if (!found)
				return 0;
			w++;
			continue;
		}
		if (j >= last)
			return 0;
		const dn_tok *k = &t->v[j];
		if (k->word != p->words[w] && k->lemma != p->words[w])
			return 0;
		j++;
	}
	return j;
}

typedef struct S_trig {
	int a, b;               /* token span of the whole pattern */
	const dn_pattern *p;
	int noun;
} S_trig;

/* Finds the longest pattern at token i of the given kind (the first
 * listed among equals). */
static int S_find_pattern(const dn_dict *d, const dn_toks *t, int i, int last,
			  int noun, S_trig *out)
{
	const dn_tok *k = &t->v[i];
	uint32_t heads[2] = {k->lemma, k->word};
	/* the signature of the words a pattern's first word (or the word
	 * after its leading gap) can be: those S_match_pattern reaches (and
	 * a bit for the bare heads, which match anywhere) */
	uint64_t seen = 1;
	for (int g = 0; g <= S_GAP && i + 1 + g < last; g++) {
		const dn_tok *x = &t->v[i + 1 + g];
		seen |= dn_pat_bit(x->word) | dn_pat_bit(x->lemma);
		if (((x->flags & DN_TK_PUNCT) && !(x->flags & DN_TK_QUOTE)) ||
		    (x->cls & (DN_C_PREP | DN_C_REL | DN_C_SAY)))
			break;
	}
	for (int h = 0; h < 2; h++) {
		uint32_t head = heads[h];
		if (!head || (h == 1 && head == heads[0]))
			continue; /* the same head again finds nothing again */
		uint32_t first = noun ? d->npat_first[head] : d->pat_first[head];
		uint16_t count = noun ? d->npat_count[head] : d->pat_count[head];
		if (!first)
			continue;
		int best_end = 0;
		const dn_pattern *best = NULL;
		const uint64_t *keys = d->pat_keys;
		for (uint32_t q = first - 1; q < first - 1 + count; q++) {
			if (!(keys[q] & seen))
				continue; /* cannot match here */
			const dn_pattern *p = &d->pats[q];
			int end = S_match_pattern(p, t, i, last);
			if (end > best_end) {
				best_end = end;
				best = &d->pats[q];
			}
		}
		if (best) {
			*out = (S_trig){i, best_end, best, noun};
			return 1;
		}
	}
	return 0;
}

/* MARK: - Roles */

static int S_ent_at(const dn_coder *c, int tok)
{
	int k = tok - c->sfirst;
	return k >= 0 && k < DN_MAX_SENT_TOKENS ? c->ent_of[k] : -1;
}

/* The start of the clause that holds token i. */
/* "…, and the conflict has killed": a coordinated clause, unless the
 * "and" joins the members of a compound ("Russia and the US"). */
static int S_clause_and(const dn_coder *c, const dn_toks *t, int j, int last)
{
	const dn_tok *k = &t->v[j];
	if (k->word != c->dict->w_and && !dn_tok_is(t, j, c->dict->w_but, "but"))
		return 0;
	if (j + 1 >= last || !(t->v[j + 1].cls & DN_C_DET))
		return 0;
	int l = S_ent_at(c, j - 1), r = S_ent_at(c, j + 1);
	if (l >= 0 && r >= 0 && c->ents[l].group >= 0 && c->ents[l].group == c->ents[r].group)
		return 0;
	return 1;
}

/* The start of the clause that holds token i: after the nearest
 * boundary, quotation mark or clause "and" before it (an "and" only when
 * what it coordinates lies before i), but not before first. Read from the
 * sentence's lists (S_index_sentence). */
static int S_clause_start(const dn_coder *c, int first, int i)
{
	int k = i - c->sfirst, j = -1;
	for (int e = c->nstop_at - 1; e >= 0; e--)
		if (c->stop_at[e] < k) {
			j = c->stop_at[e];
			break;
		}
	for (int e = c->nand_at - 1; e >= 0; e--)
		if (c->and_at[e] <= k - 2) {
			j = DN_MAX(j, c->and_at[e]);
			break;
		}
	return j >= 0 && j + c->sfirst > first ? j + c->sfirst + 1 : first;
}

/* The end of the clause that holds token i: the next boundary or full
 * stop after it, or last. */
static int S_clause_end(const dn_coder *c, int i, int last)
{
	for (int e = 0; e < c->nend_at; e++) {
		int j = c->sfirst + c->end_at[e];
		if (j > i)
			return j < last ? j : last;
	}
	return last;
}

/* Tokens of a ", who … ," or ", which … ," insertion are skipped when
 * looking for a subject. */
static int S_in_insertion(const dn_coder *c, int tok)
{
	int k = tok - c->sfirst;
	return k >= 0 && k < DN_MAX_SENT_TOKENS && c->ins[k];
}

/* Maps tokens to entities, finds the clause stops and quotations and
 * marks insertions, once per sentence, so that role finding never
 * rescans the sentence. Carries c->quote_open on to the next sentence. */
static void S_index_sentence(dn_coder *c, const dn_toks *t, int first, int last)
{
	const dn_dict *d = c->dict;
	int n = DN_MIN(last - first, DN_MAX_SENT_TOKENS);
	c->sfirst = first;
	c->sn = n;
	memset(c->ent_of, 0xFF, (size_t)n * sizeof(*c->ent_of)); /* all -1 */
	memset(c->ins, 0, (size_t)n);
	memset(c->ent_end, 0xFF, (size_t)(n + 1) * sizeof(*c->ent_end));
	for (int e = 0; e < c->nents; e++) {
		for (int k = c->ents[e].a - first; k < c->ents[e].b - first && k < n; k++)
			if (k >= 0 && c->ent_of[k] < 0)
				c->ent_of[k] = (int16_t)e;
		int b = c->ents[e].b - first;
		if (b >= 0 && b <= n)
			c->ent_end[b] = (int16_t)e;
	}
	/* one pass lists what the rest reads: the clause stops (boundaries
	 * and quotation marks; clause "and"s apart, as they count only from
	 * two tokens on), the clause ends, the commas, and the tokens the
	 * trigger and reported-speech loops visit. The coder's fields are
	 * held in locals, which its stores cannot change. */
	int16_t commas[DN_MAX_SENT_TOKENS];
	int ncomma = 0, ntrig = 0, nsay = 0, nend = 0, nstop = 0, nand = 0;
	int q = c->quote_open;
	const dn_tok *v = t->v;
	int16_t *trig_at = c->trig_at, *say_at = c->say_at, *end_at = c->end_at,
		*stop_at = c->stop_at, *and_at = c->and_at;
	const uint32_t w_that = d->w_that, w_and = d->w_and, w_but = d->w_but,
		       w_according = d->w_according;
	/* what makes a token more than a plain word to this pass (without
	 * an id for "but", every word is spelled out) */
	const uint32_t special = DN_C_REL | DN_C_SUB | DN_C_HEAD | DN_C_NHEAD | DN_C_SAY |
				 DN_C_CLAIMN;
	for (int k = 0; k < n; k++) {
		int i = first + k;
		const dn_tok *x = &v[i];
		uint32_t w = x->word;
		if (!(x->flags & (DN_TK_PUNCT | DN_TK_QUOTE)) && !(x->cls & special) &&
		    w != w_that && w != w_and && w != w_according && w_but && w != w_but)
			continue;
		char ch = (x->flags & DN_TK_PUNCT) && x->nlen >= 1 ? dn_tok_norm(t, x)[0] : 0;
		/* S_boundary(c, t, i), its cheap tests first */
		int bnd = ch == ';' || ch == ':' || (x->cls & (DN_C_REL | DN_C_SUB)) ||
			  (w == w_that && S_boundary(c, t, i));
		if (bnd || ch == '.')
			end_at[nend++] = (int16_t)k;
		if (ch == ',')
			commas[ncomma++] = (int16_t)k;
		/* quotation marks: what is quoted is rhetoric, not coded */
		int inq = q;
		if ((x->flags & DN_TK_QUOTE) && dn_tok_norm(t, x)[0] == '"') {
			const unsigned char *b = (const unsigned char *)c->clean + x->start;
			if (b[0] == 0xE2 && b[2] == 0x9C)
				q = 1;
			else if (b[0] == 0xE2 && b[2] == 0x9D)
				q = 0;
			else
				q = !q;
			inq = 1;
		}
		if ((x->cls & (DN_C_HEAD | DN_C_NHEAD)) && !inq)
			trig_at[ntrig++] = (int16_t)k;
		if ((x->cls & (DN_C_SAY | DN_C_CLAIMN)) || w == w_according)
			say_at[nsay++] = (int16_t)k;
		if (bnd || (x->flags & DN_TK_QUOTE))
			stop_at[nstop++] = (int16_t)k;
		if ((w == w_and || dn_tok_is(t, i, w_but, "but")) && S_clause_and(c, t, i, last))
			and_at[nand++] = (int16_t)k;
	}
	c->quote_open = q;
	c->ntrig_at = ntrig;
	c->nsay_at = nsay;
	c->nend_at = nend;
	c->nstop_at = nstop;
	c->nand_at = nand;
	/* ", who … ,", ", the … ,", ", fighting … ,": between two commas */
	int open = -1, appos = 0;
	for (int m = 0; m < ncomma; m++) {
		int j = first + commas[m];
		if (open >= 0) {
			/* an apposition (", the Y,") holds no verb of its own */
			int verb = 0;
			for (int k = open + 1; k < j && appos; k++)
				if (t->v[k].cls & (DN_C_HEAD | DN_C_AUX | DN_C_SAY))
					verb = 1;
			for (int k = open + 1; k < j && !verb; k++)
				c->ins[k - first] = 1;
		}
		const dn_tok *x = j + 1 < first + n ? &t->v[j + 1] : NULL;
		appos = x && (x->cls & DN_C_DET) && !(x->cls & DN_C_REL);
		if (x && ((x->cls & (DN_C_REL | DN_C_DET)) ||
			  ((x->flags & DN_TK_WORD) && !(x->flags & DN_TK_CAP) &&
			   dn_tok_norm(t, x)[x->nlen - 1] == 'g')))
			open = j;
		else
			open = -1;
	}
}

static void S_add_group(const dn_coder *c, dn_ent *dst, int *n, int e)
{
	int g = c->ents[e].group;
	for (int k = 0; k < c->nents; k++) {
		if (k != e && (g < 0 || c->ents[k].group != g))
			continue;
		if (*n < DN_EV_ROLE)
			dst[(*n)++] = c->ents[k];
	}
}

/* Whether an entity starts at token i. */
static int S_ent_at_start(const dn_coder *c, int i)
{
	int e = S_ent_at(c, i);
	return e >= 0 && c->ents[e].a == i;
}

/* The subject of a verb whose group starts at g. */
static int S_subject(const dn_coder *c, const dn_toks *t, int first, int g)
{
	int cs = S_clause_start(c, first, g);
	/* "which left ..." : the entity before the relative pronoun */
	if (cs > first && (t->v[cs - 1].word == c->dict->w_which ||
			   t->v[cs - 1].word == c->dict->w_who)) {
		for (int e = c->nents - 1; e >= 0; e--)
			if (c->ents[e].b <= cs - 1 && c->ents[e].b >= cs - 3)
				return e;
	}
	/* a fronted adjunct: "In a surprise visit to Moscow, …", "Facing …, " */
	const dn_tok *f0 = &t->v[cs];
	const char *w0 = dn_tok_norm(t, f0);
	if ((f0->cls & (DN_C_PREP | DN_C_COND)) ||
	    (f0->nlen > 4 && memcmp(w0 + f0->nlen - 3, "ing", 3) == 0) ||
	    (t->v[cs].cls & DN_C_SUB)) {
		for (int j = cs; j < g; j++)
			if (S_punct(t, j, ',')) {
				cs = j + 1;
				break;
			}
	}
	/* "groups they claim threaten", "blamed X for … talks": start after a
	 * reporting verb or another finite verb */
	for (int j = cs; j < g; j++)
		if (((t->v[j].cls & DN_C_SAY) ||
		     ((t->v[j].cls & DN_C_HEAD) && S_verbal_form(t, j) &&
		      !S_noun_context(c, t, first, j) && S_ent_at(c, j) < 0)) &&
		    !S_in_insertion(c, j) && !(t->v[j].flags & DN_TK_CAP))
			cs = j + 1;
	for (int e = 0; e < c->nents; e++) {
		const dn_ent *x = &c->ents[e];
		if (x->a < cs || x->b > g)
			continue;
		if (x->flags & DN_EF_POSS)
			continue;
		/* "after Western governments accused": "after" opened the clause */
		if ((x->flags & DN_EF_INPP) && !(x->a == cs && cs > first &&
						 S_boundary(c, t, cs - 1)))
			continue;
		if (S_in_insertion(c, x->a))
			continue;
		return e;
	}
	/* a possessor before the verb: "Russia's military attacked" */
	for (int e = 0; e < c->nents; e++) {
		const dn_ent *x = &c->ents[e];
		if (x->a >= cs && x->b <= g && !(x->flags & DN_EF_INPP))
			return e;
	}
	return -1;
}

/* The first entity after token `from` in the clause, optionally after one
 * of the given prepositions. */
static int S_object(const dn_coder *c, const dn_toks *t, int from, int end,
		    const uint32_t *preps, int want_prep, int direct)
{
	for (int e = 0; e < c->nents; e++) {
		const dn_ent *x = &c->ents[e];
		if (x->a < from || x->a >= end)
			continue;
		if (want_prep) {
			for (int p = 0; p < DN_PAT_PREPS && preps[p]; p++)
				if (x->prep == (int)preps[p])
					return e;
			continue;
		}
		if (direct) {
			if (x->flags & DN_EF_INPP && x->a != from)
				continue;
			return e;
		}
	}
	(void)t;
	return -1;
}

/* Failing a direct object: "bombs on a camp filled with civilians" gives
 * the first entity that is not a place in a locative phrase. */
static int S_near_object(const dn_coder *c, const dn_toks *t, int from, int end)
{
	for (int e = 0; e < c->nents; e++) {
		const dn_ent *x = &c->ents[e];
		if (x->a < from || x->a >= end)
			continue;
		/* a place in a locative phrase is where, not whom */
		if ((x->flags & DN_EF_PLACE) && (x->flags & DN_EF_INPP) &&
		    (x->prep == (int)c->dict->w_in || x->prep == (int)c->dict->w_at ||
		     x->prep == (int)c->dict->w_near || x->prep == (int)c->dict->w_from))
			continue;
		if (x->flags & DN_EF_UNKNOWN)
			continue;
		return e;
	}
	(void)t;
	return -1;
}

/* MARK: - Reported speech */

typedef struct S_say {
	int at;        /* the say verb (or "according") */
	int speaker;   /* entity index, -1 unknown */
	int ca, cb;    /* the reported clause [ca, cb) */
	int claim;     /* "claimed", "alleged": the speaker is not believed */
	int trailing;  /* "…, officials said": a source tag, not a claim */
} S_say;

static int S_find_says(const dn_coder *c, const dn_toks *t, int first, int last,
		       S_say *out)
{
	int n = 0;
	const dn_dict *d = c->dict;
	/* the others are neither "according" nor a claim noun nor a say verb */
	for (int x = 0; x < c->nsay_at && n < S_MAX_SAY; x++) {
		int i = c->sfirst + c->say_at[x];
		const dn_tok *k = &t->v[i];
		if (k->word == d->w_according && i + 1 < last && t->v[i + 1].word == d->w_to) {
			/* "According to X, ..." or "..., according to X" */
			int e = S_ent_at(c, i + 2);
			if (e < 0)
				e = S_object(c, t, i + 2, DN_MIN(last, i + 6), NULL, 0, 1);
			S_say s = {i, e, first, last, 0, 1};
			if (i > first) { /* trailing: the clause before */
				s.ca = first;
				s.cb = i;
			} else {
				int j = i + 2;
				while (j < last && !S_punct(t, j, ','))
					j++;
				s.ca = j;
			}
			out[n++] = s;
			continue;
		}
		const char *w = dn_tok_norm(t, k);
		/* "Claims are circulating that …", "reports that …" */
		int claim_noun = (k->cls & DN_C_CLAIMN) && (i == first || (t->v[i - 1].cls & DN_C_DET));
		if (claim_noun) {
			int j = i + 1;
			while (j < last && j < i + 5 && t->v[j].word != d->w_that)
				j++;
			if (j < last && t->v[j].word == d->w_that) {
				out[n++] = (S_say){i, -1, j + 1, last, 1, 0};
				continue;
			}
		}
		if (!(k->cls & DN_C_SAY) || (k->flags & DN_TK_CAP && i == first))
			continue;
		S_say s = {i, -1, i + 1, last, 0, 0};
		s.claim = (k->nlen >= 5 && (memcmp(w, "claim", 5) == 0 || memcmp(w, "alleg", 5) == 0));
		/* factive verbs report what the writer takes as fact */
		if (k->nlen >= 6 && (memcmp(w, "confirm", 6) == 0 || memcmp(w, "acknowl", 6) == 0 ||
				     memcmp(w, "admitt", 6) == 0 || memcmp(w, "admit", 5) == 0))
			s.trailing = 1;
		/* speaker: the subject, or inverted "…, said Shoigu" */
		int g = i;
		while (g > first && (t->v[g - 1].cls & (DN_C_AUX | DN_C_MODAL | DN_C_NEG)))
			g--;
		s.speaker = S_subject(c, t, first, g);
		int trailing = g > first && (S_punct(t, g - 1, ',') || (t->v[g - 1].flags & DN_TK_QUOTE));
		/* "…, the Kremlin said." ends the sentence (or the clause) */
		int at_end = i + 1 >= last || (t->v[i + 1].flags & DN_TK_PUNCT) ||
			     ((i + 2 >= last || (t->v[i + 2].flags & DN_TK_PUNCT)) &&
			      (t->v[i + 1].cls & DN_C_WEEKDAY));
		if (at_end && s.speaker >= 0 && c->ents[s.speaker].b == g && c->ents[s.speaker].a > first &&
		    (S_punct(t, c->ents[s.speaker].a - 1, ',') ||
		     (t->v[c->ents[s.speaker].a - 1].flags & DN_TK_QUOTE)))
			trailing = 2; /* "…, the Kremlin said." */
		if (trailing == 1 && i + 1 < last) {
			int e = S_ent_at(c, i + 1);
			if (e >= 0)
				s.speaker = e;
		}
		if (trailing) {
			s.trailing = 1;
			s.ca = first;
			s.cb = trailing == 2 ? c->ents[s.speaker].a : g;
		} else {
			int j = i + 1;
			/* skip "on Thursday", "that" */
			while (j < last && j < i + 6 && t->v[j].word != d->w_that &&
			       !(t->v[j].flags & DN_TK_QUOTE) && !S_punct(t, j, ','))
				j++;
			if (j < last && (t->v[j].word == d->w_that || (t->v[j].flags & DN_TK_QUOTE) ||
					 S_punct(t, j, ',')))
				s.ca = j + 1;
			else
				s.ca = i + 1;
			/* "While Putin claims that X, Y": the claim ends at the comma */
			int cs = S_clause_start(c, first, g);
			if ((t->v[cs > first ? cs - 1 : first].cls & DN_C_SUB) ||
			    (t->v[cs].cls & DN_C_SUB))
				for (int q = s.ca; q < last; q++)
					if (S_punct(t, q, ',')) {
						s.cb = q;
						break;
					}
		}
		out[n++] = s;
	}
	return n;
}

/* MARK: - Modality */

/* PLOVER's material categories (the rest are verbal), by index into
 * dn_event_names: CONCEDE COOPERATE AID RETREAT PROTEST SANCTION MOBILIZE
 * COERCE ASSAULT. */
static int S_material(int ev)
{
	static const unsigned char material[DN_NEVENTS + 1] = {
		0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1};
	return ev >= 0 && ev <= DN_NEVENTS && material[ev];
}

/* The verb group: auxiliaries, modals, negation, "expected to" before g. */
static int S_group_start(const dn_coder *c, const dn_toks *t, int first, int v)
{
	const dn_dict *d = c->dict;
	int g = v;
	while (g > first) {
		const dn_tok *p = &t->v[g - 1];
		const char *w = dn_tok_norm(t, p);
		int adverb = p->nlen > 3 && memcmp(w + p->nlen - 2, "ly", 2) == 0 &&
			     !(p->flags & DN_TK_CAP);
		if ((p->cls & (DN_C_AUX | DN_C_MODAL | DN_C_NEG | DN_C_FUTURE | DN_C_HEDGE)) ||
		    (p->flags & DN_TK_NEG) || adverb || p->word == c->dict->w_to ||
		    dn_tok_is(t, g - 1, d->w_also, "also") || dn_tok_is(t, g - 1, d->w_yet, "yet") ||
		    dn_tok_is(t, g - 1, d->w_still, "still") ||
		    dn_tok_is(t, g - 1, d->w_already, "already") ||
		    dn_tok_is(t, g - 1, d->w_not, "not") || dn_tok_is(t, g - 1, d->w_never, "never"))
			g--;
		else
			break;
	}
	return g;
}

/* A party reporting its own action ("the Kremlin said the pause was in
 * force") asserts it; reporting another's action is a claim. */
static int S_self_report(const dn_coder *c, const S_say *say, const dn_event *ev)
{
	if (say->speaker < 0)
		return 0;
	const dn_ent *sp = &c->ents[say->speaker];
	for (int k = 0; k < sp->ncountry; k++)
		for (int a = 0; a < ev->nactor; a++)
			for (int l = 0; l < ev->actor[a].ncountry; l++)
				if (memcmp(sp->country[k], ev->actor[a].country[l], 4) == 0)
					return 1;
	return 0;
}

static void S_modality(const dn_coder *c, const dn_toks *t, int first, int last,
		       int g, dn_event *ev, int in_say, const S_say *say)
{
	const dn_dict *d = c->dict;
	int neg = 0, fut = 0, hyp = 0, deny = 0, hedge = 0;
	int cs = S_clause_start(c, first, g);
	for (int j = g; j < ev->ta; j++) {
		const dn_tok *k = &t->v[j];
		if ((k->cls & DN_C_NEG) || (k->flags & DN_TK_NEG))
			neg = 1;
		if (dn_tok_is(t, j, d->w_will, "will") || dn_tok_is(t, j, d->w_shall, "shall") ||
		    dn_tok_is(t, j, d->w_ll, "ll"))
			fut = 1;
		if ((k->cls & DN_C_FUTURE) && j + 1 < last && t->v[j + 1].word == c->dict->w_to)
			fut = 1;
		if (dn_tok_is(t, j, d->w_would, "would"))
			fut = in_say ? 1 : fut, hyp = in_say ? hyp : 1;
		if (dn_tok_is(t, j, d->w_may, "may") || dn_tok_is(t, j, d->w_might, "might") ||
		    dn_tok_is(t, j, d->w_could, "could"))
			hyp = 1;
		if (k->cls & DN_C_HEDGE) /* "allegedly", in the verb group */
			hedge = 1;
	}
	/* the clause before the group: "if", denial */
	for (int j = cs > first ? cs - 1 : first; j < g; j++) {
		const dn_tok *k = &t->v[j];
		if (k->cls & DN_C_COND)
			hyp = 1;
	}
	/* "Russia denied bombing", "denied that it bombed" */
	for (int j = DN_MAX(first, g - 6); j < g; j++)
		if (t->v[j].cls & DN_C_DENY)
			deny = 1;
	ev->future = (uint8_t)fut;
	if (deny)
		ev->modality = DN_MOD_DENIED;
	else if (neg)
		ev->modality = DN_MOD_NEGATED;
	else if (fut)
		ev->modality = DN_MOD_FUTURE;
	else if (hyp)
		ev->modality = DN_MOD_HYPOTHETICAL;
	else if (hedge || (in_say && say && (say->claim || (!say->trailing && S_material(ev->event) &&
						      !S_self_report(c, say, ev)))))
		ev->modality = DN_MOD_CLAIMED;
	else
		ev->modality = DN_MOD_ASSERTED;
}

/* "talks will be held": the verb group after a nominal trigger. */
static void S_noun_modality(const dn_coder *c, const dn_toks *t, int from,
			    int last, dn_event *ev)
{
	if (ev->modality != DN_MOD_ASSERTED)
		return;
	for (int j = from; j < last && j < from + 6; j++) {
		const dn_tok *k = &t->v[j];
		if (dn_tok_is(t, j, c->dict->w_will, "will") ||
		    dn_tok_is(t, j, c->dict->w_shall, "shall") ||
		    ((k->cls & DN_C_FUTURE) && j + 1 < last && t->v[j + 1].word == c->dict->w_to)) {
			ev->modality = DN_MOD_FUTURE;
			ev->future = 1;
			return;
		}
		if ((k->cls & DN_C_NEG) || (k->flags & DN_TK_NEG)) {
			ev->modality = DN_MOD_NEGATED;
			return;
		}
		if (!(k->cls & (DN_C_AUX | DN_C_MODAL)) && !(k->flags & DN_TK_PUNCT &&
							   !(k->flags & DN_TK_QUOTE)))
			if (j > from + 1)
				return;
	}
}

/* MARK: - Assembly */

static int S_passive(const dn_coder *c, const dn_toks *t, int g, int v)
{
	int be = 0;
	for (int j = g; j < v; j++) {
		if ((t->v[j].cls & DN_C_BE) || dn_tok_is(t, j, c->dict->w_got, "got") ||
		    dn_tok_is(t, j, c->dict->w_get, "get"))
			be = 1;
		if (t->v[j].word == c->dict->w_to)
			be = 0; /* "was expected to meet" */
	}
	if (!be)
		return 0;
	const dn_tok *k = &t->v[v];
	const char *w = dn_tok_norm(t, k);
	if (k->nlen > 3 && memcmp(w + k->nlen - 3, "ing", 3) == 0)
		return 0;
	return 1;
}

/* A new event of sentence si with trigger tokens [ta, tb), or NULL on OOM.
 * Owned by the coder; counted only once the caller keeps it (c->nev++). */
static dn_event *S_new_event(dn_coder *c, int si, int ta, int tb)
{
	if (c->nev == c->capev) {
		int cap = c->capev ? c->capev * 2 : 64;
		dn_event *v = realloc(c->ev, (size_t)cap * sizeof(*v));
		if (!v)
			return NULL;
		c->ev = v;
		c->capev = cap;
	}
	dn_event *e = &c->ev[c->nev];
	/* all zero but the role arrays, the attribution, the date and the
	 * place (most of its size): they are read only below their counts
	 * and when their flags are set */
	memset(e, 0, offsetof(dn_event, actor));
	e->nactor = e->nrecip = 0;
	e->has_attrib = e->has_when = e->has_loc = 0;
	memset(&e->dead, 0, sizeof(e->dead));
	memset(&e->injured, 0, sizeof(e->injured));
	e->dropped = 0;
	const dn_sent *s = &c->layout.sents[si];
	e->sent = si;
	e->sstart = s->start;
	e->send = s->end;
	e->ta = ta;
	e->tb = tb;
	return e;
}

/* Which reported-speech span holds token i, or NULL. */
static const S_say *S_in_say(const S_say *says, int nsay, int i)
{
	for (int s = nsay - 1; s >= 0; s--)
		if (i >= says[s].ca && i < says[s].cb && i != says[s].at)
			return &says[s];
	return NULL;
}

static int S_roles_verb(dn_coder *c, const dn_toks *t, int first, int last,
			const S_trig *tr, dn_event *ev, int g)
{
	const dn_pattern *p = tr->p;
	int end = S_clause_end(c, tr->b - 1, last);
	int passive = S_passive(c, t, g, tr->a);
	int subj = S_subject(c, t, first, g);
	int obj = -1;
	if (passive) {
		/* "were killed by X", "was hit with six Russian rockets" */
		for (int e = 0; e < c->nents; e++) {
			const dn_ent *x = &c->ents[e];
			if (x->a < tr->b || x->a >= end)
				continue;
			int pr = x->prep;
			if (pr && (pr == (int)c->dict->w_by ||
				   ((pr == (int)c->dict->w_with || pr == (int)c->dict->w_in ||
				     pr == (int)c->dict->w_from) && x->ncountry &&
				    !(x->flags & DN_EF_PLACE))))
				obj = e;
			if (obj >= 0)
				break;
		}
		/* the subject is the phrase right before the verb group */
		if (subj >= 0 && c->ents[subj].b < g - 3) {
			int near = -1;
			for (int e = 0; e < c->nents; e++)
				if (c->ents[e].b <= g && c->ents[e].b >= g - 3)
					near = e;
			if (near >= 0)
				subj = near;
		}
		if (subj >= 0)
			S_add_group(c, ev->recip, &ev->nrecip, subj);
		if (obj >= 0)
			S_add_group(c, ev->actor, &ev->nactor, obj);
		return 1;
	}
	/* the object may sit inside a gapped pattern: "accused Moscow of …" */
	int from = tr->a + 1;
	while (from < tr->b && t->v[from].word && !S_ent_at_start(c, from) &&
	       !(t->v[from].cls & DN_C_DET) && from < tr->a + 4)
		from++;
	if (p->roles & DN_R_PREP)
		obj = S_object(c, t, tr->a + 1, end, p->preps, 1, 0);
	int via_prep = obj >= 0 && c->ents[obj].prep && c->ents[obj].a != from;
	if (obj < 0 && (p->roles & (DN_R_OBJ | DN_R_RECIP)))
		obj = S_object(c, t, from, end, NULL, 0, 1);
	if (obj < 0 && (p->roles & (DN_R_OBJ | DN_R_PREP)) && !(p->roles & DN_R_RECIP))
		obj = S_near_object(c, t, tr->b, DN_MIN(end, tr->b + 8));
	if (obj < 0 && (p->roles & DN_R_RECIP)) {
		uint32_t with[DN_PAT_PREPS] = {c->dict->w_with};
		obj = S_object(c, t, tr->b, end, with, 1, 0);
	}
	if (subj < 0) {
		/* no subject: the object alone makes no event, unless an event
		 * noun is the subject ("The attack killed 40 people") */
		if (obj >= 0 && g > first && (t->v[g - 1].cls & DN_C_NHEAD))
			S_add_group(c, ev->recip, &ev->nrecip, obj);
		return 0;
	}
	S_add_group(c, ev->actor, &ev->nactor, subj);
	if (obj >= 0 && obj != subj) {
		int with = c->ents[obj].prep == (int)c->dict->w_with ||
			   c->ents[obj].prep == (int)c->dict->w_between || !via_prep;
		if ((p->roles & DN_R_RECIP) && with)
			S_add_group(c, ev->actor, &ev->nactor, obj);
		else if (!(p->roles & DN_R_NONE))
			S_add_group(c, ev->recip, &ev->nrecip, obj);
	}
	return 0;
}

static void S_roles_noun(dn_coder *c, const dn_toks *t, int first, int last,
			 const S_trig *tr, dn_event *ev)
{
	const dn_pattern *p = tr->p;
	int actor = -1;
	/* a modifier or possessor just before the noun */
	for (int e = c->nents - 1; e >= 0; e--) {
		const dn_ent *x = &c->ents[e];
		if (x->b > tr->a || x->b < tr->a - 3)
			continue;
		/* "Syria talks", "Iran deal": a bare country name is the topic */
		if ((x->flags & DN_EF_PLACE) && !(x->flags & DN_EF_POSS))
			continue;
		int ok = 1;
		for (int q = x->b + ((x->flags & DN_EF_POSS) ? 1 : 0); q < tr->a; q++)
			if ((t->v[q].cls & (DN_C_PREP | DN_C_HEAD | DN_C_AUX)) || (t->v[q].flags & DN_TK_PUNCT))
				ok = 0;
		if (ok) {
			actor = e;
			break;
		}
	}
	int end = S_clause_end(c, tr->b - 1, last);
	/* "by X" after the noun */
	if (actor < 0) {
		for (int e = 0; e < c->nents; e++)
			if (c->ents[e].a >= tr->b && c->ents[e].a < end &&
			    c->ents[e].prep == (int)c->dict->w_by && c->ents[e].a <= tr->b + 4)
				actor = e;
	}
	/* "a pause in Russian and Syrian air strikes": inside the pattern */
	for (int e = 0; actor < 0 && e < c->nents; e++)
		if (c->ents[e].a > tr->a && c->ents[e].b <= tr->b && c->ents[e].ncountry)
			actor = e;
	/* "a pause in Russian air strikes": the actor of the nested event */
	if (actor < 0 && tr->b < last && t->v[tr->b].word == c->dict->w_in) {
		int e = S_ent_at(c, tr->b + 1);
		if (e < 0)
			e = S_ent_at(c, tr->b + 2);
		if (e >= 0 && c->ents[e].ncountry)
			actor = e;
	}
	if (actor >= 0)
		S_add_group(c, ev->actor, &ev->nactor, actor);
	int obj = -1;
	if (p->roles & DN_R_PREP)
		obj = S_object(c, t, tr->b, DN_MIN(end, tr->b + 10), p->preps, 1, 0);
	if (obj >= 0 && obj != actor) {
		if (p->roles & DN_R_RECIP)
			S_add_group(c, ev->actor, &ev->nactor, obj);
		else
			S_add_group(c, ev->recip, &ev->nrecip, obj);
	}
	(void)first;
}

static int S_same_countries(const dn_ent *a, int na, const dn_ent *b, int nb)
{
	for (int i = 0; i < na; i++)
		for (int k = 0; k < a[i].ncountry; k++) {
			int found = 0;
			for (int j = 0; j < nb && !found; j++)
				for (int l = 0; l < b[j].ncountry; l++)
					if (memcmp(a[i].country[k], b[j].country[l], 4) == 0)
						found = 1;
			if (!found)
				return 0;
		}
	return 1;
}

/* One event per mention: same category twice in a sentence is merged when
 * the participants agree. */
static void S_merge_duplicates(dn_coder *c, int from)
{
	for (int i = from; i < c->nev; i++) {
		dn_event *a = &c->ev[i];
		if (a->dropped)
			continue;
		for (int j = i + 1; j < c->nev; j++) {
			dn_event *b = &c->ev[j];
			if (b->dropped || b->event != a->event)
				continue;
			int same_actor = S_same_countries(b->actor, b->nactor, a->actor, a->nactor) &&
					 S_same_countries(a->actor, a->nactor, b->actor, b->nactor);
			int recip_ok = !a->nrecip || !b->nrecip ||
				       S_same_countries(b->recip, b->nrecip, a->recip, a->nrecip) ||
				       S_same_countries(a->recip, a->nrecip, b->recip, b->nrecip);
			int compatible = recip_ok && (!a->nactor || !b->nactor || same_actor);
			if (!compatible)
				continue;
			/* keep the verb (or the earlier), fill in what it lacks */
			dn_event *keep = (a->noun && !b->noun) ? b : a;
			dn_event *drop = keep == a ? b : a;
			if (!keep->nactor && drop->nactor) {
				memcpy(keep->actor, drop->actor, sizeof keep->actor);
				keep->nactor = drop->nactor;
			}
			if (!keep->nrecip && drop->nrecip) {
				memcpy(keep->recip, drop->recip, sizeof keep->recip);
				keep->nrecip = drop->nrecip;
			}
			if (!keep->dead.set && drop->dead.set)
				keep->dead = drop->dead;
			if (!keep->injured.set && drop->injured.set)
				keep->injured = drop->injured;
			if (!keep->has_loc && drop->has_loc) {
				keep->loc = drop->loc;
				keep->has_loc = 1;
			}
			drop->dropped = 1;
			if (drop == a)
				break;
		}
	}
}

static void S_attach(dn_coder *c, const dn_toks *t, int first, int last, dn_event *ev)
{
	const dn_dict *d = c->dict;
	int trig = ev->ta;
	dn_when w;
	if (dn_when_pick(&c->when, trig, c->have_pub ? &c->pub : NULL, ev->future, &w)) {
		ev->when = w;
		ev->has_when = 1;
	}
	const char *ctx = dn_focus_get(c);
	dn_loc loc;
	uint32_t para = c->layout.sents[ev->sent].para;
	/* the sentence is prepared once for all its events */
	if (c->geo_sent != ev->sent) {
		dn_geo_prepare(c->geo, d->gaz, c->clean, t, first, last);
		c->geo_sent = ev->sent;
	}
	if (dn_geo_pick(c->geo, trig, ctx, &loc)) {
		ev->loc = loc;
		ev->has_loc = 1;
		dn_focus_add(c, loc.place.country, 1);
		c->para_loc = loc;
		c->para_loc_para = (int)para;
	} else if (c->para_loc_para == (int)para) {
		/* the place named earlier in the same paragraph */
		ev->loc = c->para_loc;
		ev->has_loc = 1;
	}
	dn_toll_pick(&c->when, trig, &ev->dead, &ev->injured);
}

/* A nominal event that only refers back to something known: a definite
 * phrase ("the Russian airstrikes", "the halt in air strikes") or one
 * conceded in passing ("despite a pause in air strikes"). New events come
 * as indefinite or bare phrases ("six Russian bombings", "a pause"). */
static int S_background(const dn_coder *c, const dn_toks *t, int first, int head)
{
	const dn_dict *d = c->dict;
	for (int j = head - 1; j >= first && j >= head - 6; j--) {
		const dn_tok *k = &t->v[j];
		if (dn_tok_is(t, j, d->w_despite, "despite"))
			return 1;
		if (k->cls & DN_C_DET)
			return dn_tok_is(t, j, d->w_the, "the") || dn_tok_is(t, j, d->w_this, "this") ||
			       dn_tok_is(t, j, d->w_these, "these") || dn_tok_is(t, j, d->w_those, "those");
		if ((k->cls & (DN_C_PREP | DN_C_AUX | DN_C_SAY | DN_C_REL | DN_C_CONJ)) ||
		    (k->flags & DN_TK_PUNCT))
			return 0;
	}
	return 0;
}

/* Assembles the event of one trigger reading. Returns 1 when an event was
 * kept, 0 when this reading gives none, -1 on OOM. */
static int S_try(dn_coder *c, const dn_toks *t, int first, int last, int si,
		 const S_trig *tr, const S_say *says, int nsay, int *last_trig_end)
{
	const dn_dict *d = c->dict;
	int i = tr->a;
	/* "to attack": an infinitive is a purpose or a plan, not an event,
	 * unless a word of intent governs it ("expected to visit") */
	if (!tr->noun && i > first && t->v[i - 1].word == d->w_to &&
	    !(i - 2 >= first && (t->v[i - 2].cls & (DN_C_FUTURE | DN_C_BE))))
		return 0;
	/* "rebels fighting the regime": a bare participle describes, it does
	 * not report (", killing 12" belongs to the event before it) */
	if (!tr->noun && i > first && t->v[i].nlen > 4 &&
	    memcmp(dn_tok_norm(t, &t->v[i]) + t->v[i].nlen - 3, "ing", 3) == 0 &&
	    S_group_start(c, t, first, i) == i &&
	    (S_ent_at(c, i - 1) >= 0 || S_punct(t, i - 1, ',') ||
	     ((t->v[i - 1].flags & DN_TK_WORD) &&
	      !(t->v[i - 1].cls & (DN_C_AUX | DN_C_MODAL | DN_C_NEG | DN_C_SAY | DN_C_DENY)))))
		return 0;
	/* a nominal event governed by an event just before it is part of it
	 * ("halted air attacks", "accused X of targeting") */
	if (tr->noun && *last_trig_end >= 0 && i - *last_trig_end <= 5) {
		int blocked = 0;
		for (int p = *last_trig_end; p < i; p++)
			if (S_boundary(c, t, p) || S_punct(t, p, ','))
				blocked = 1;
		if (!blocked)
			return 0;
	}
	int tb = tr->noun ? i + 1 : tr->b;
	if (tr->noun && tr->p->nwords && tr->b > i + 1)
		tb = tr->b;
	dn_event *ev = S_new_event(c, si, i, tb);
	if (!ev)
		return -1;
	ev->pat = tr->p;
	ev->event = tr->p->event;
	ev->noun = (uint8_t)tr->noun;
	int g = tr->noun ? i : S_group_start(c, t, first, i);
	int demand = 0;
	for (int j = g; j < i; j++)
		if (dn_tok_is(t, j, d->w_must, "must") || dn_tok_is(t, j, d->w_should, "should") ||
		    dn_tok_is(t, j, d->w_ought, "ought"))
			demand = 1;
	int passive = 0;
	if (tr->noun)
		S_roles_noun(c, t, first, last, tr, ev);
	else
		passive = S_roles_verb(c, t, first, last, tr, ev, g);
	const S_say *say = S_in_say(says, nsay, i);
	/* a verbal act reported by its own actor is the act itself */
	if (say && say->speaker >= 0 && !ev->nactor && !S_material(ev->event) && !tr->noun)
		S_add_group(c, ev->actor, &ev->nactor, say->speaker);
	S_modality(c, t, first, last, g, ev, say != NULL, say);
	if (tr->noun)
		S_noun_modality(c, t, tr->b, last, ev);
	if (say && say->speaker >= 0) {
		ev->attrib = c->ents[say->speaker];
		ev->has_attrib = 1;
	}
	/* what must be done is a demand, not an event */
	if (demand)
		return 0;
	/* nobody took part that we can name: an active verb or a noun needs
	 * its actor, a passive its recipient */
	int keep = passive ? ev->nrecip || ev->nactor : ev->nactor;
	/* "The attack killed 40 people": an event noun as the subject */
	if (!keep && !tr->noun && ev->nrecip && g > first && (t->v[g - 1].cls & DN_C_NHEAD))
		keep = 1;
	/* "the deaths of four troops": a casualty noun with its victims */
	if (!keep && tr->noun && ev->nrecip) {
		dn_count dd, ii;
		if (dn_toll_pick(&c->when, i, &dd, &ii))
			keep = 1;
	}
	if (keep && tr->noun && S_background(c, t, first, i)) {
		dn_count dd, ii;
		keep = dn_toll_pick(&c->when, i, &dd, &ii) != 0;
	}
	if (!keep)
		return 0;
	S_attach(c, t, first, last, ev);
	c->nev++;
	*last_trig_end = tr->b;
	return 1;
}

int dn_events_sentence(dn_coder *c, int si, int first, int last)
{
	const dn_dict *d = c->dict;
	const dn_toks *t = &c->toks;
	const dn_sent *s = &c->layout.sents[si];
	c->nents = dn_chunk(d, t, first, last, c->pubnum, &c->coref, c->ents, DN_MAX_ENTS);
	S_index_sentence(c, t, first, last);
	dn_when_prepare(&c->when, t, first, last); /* scanned on first use */
	for (int e = 0; e < c->nents; e++)
		if ((c->ents[e].flags & DN_EF_INPP) && (c->ents[e].flags & DN_EF_PLACE) &&
		    c->ents[e].ncountry)
			dn_focus_add(c, c->ents[e].country[0], 1);
	if (s->flags & DN_SF_HEADLINE)
		return 0; /* headlines repeat the story in headlinese */
	S_say says[S_MAX_SAY];
	int nsay = S_find_says(c, t, first, last, says);
	int ev0 = c->nev;
	int last_trig_end = -1;
	/* the heads of patterns outside quotations, left to right; a kept
	 * event's pattern is not read again */
	int next = first;
	for (int x = 0; x < c->ntrig_at; x++) {
		int i = first + c->trig_at[x];
		if (i < next)
			continue;
		const dn_tok *k = &t->v[i];
		int nounish = S_noun_context(c, t, first, i);
		/* the readings to try, verb first: "pause" is both */
		S_trig reads[2];
		int nreads = 0;
		if ((k->cls & DN_C_HEAD) && !S_nominal_form(t, i) &&
		    (!nounish || (nounish == 1 && S_verbal_form(t, i) &&
				  (dn_tok_norm(t, k)[k->nlen - 1] != 's' || (k->cls & DN_C_AUX)))) &&
		    !(k->flags & DN_TK_CAP && S_ent_at(c, i) >= 0) &&
		    S_find_pattern(d, t, i, last, 0, &reads[nreads]))
			nreads++;
		int ing = k->nlen > 4 && memcmp(dn_tok_norm(t, k) + k->nlen - 3, "ing", 3) == 0;
		int noun_ok = !ing || nounish == 2 ||
			      (nounish == 0 && k->word && (d->cls_of[k->word] & DN_C_NHEAD));
		/* "banned", "detained": a participle is never the noun */
		if (k->nlen > 3 && k->lemma != k->word &&
		    memcmp(dn_tok_norm(t, k) + k->nlen - 2, "ed", 2) == 0)
			noun_ok = 0;
		if ((k->cls & DN_C_NHEAD) && noun_ok && S_find_pattern(d, t, i, last, 1, &reads[nreads]))
			nreads++;
		for (int r = 0; r < nreads; r++) {
			int rc = S_try(c, t, first, last, si, &reads[r], says, nsay,
				       &last_trig_end);
			if (rc < 0)
				return -1;
			if (rc > 0) {
				next = reads[r].b;
				break;
			}
		}
	}
	/* "X said Y must Z": a demand by the speaker */
	for (int sidx = 0; sidx < nsay; sidx++) {
		const S_say *sy = &says[sidx];
		if (sy->speaker < 0 || sy->ca >= sy->cb || sy->claim)
			continue;
		for (int j = sy->ca; j < sy->cb; j++) {
			if (!(dn_tok_is(t, j, d->w_must, "must") || dn_tok_is(t, j, d->w_should, "should")))
				continue;
			int subj = S_subject(c, t, sy->ca, j);
			if (subj < 0)
				break;
			dn_event *ev = S_new_event(c, si, j, j + 1);
			if (!ev)
				return -1;
			ev->rule = "say-must";
			ev->event = (uint8_t)dn_event_find("REQUEST", 7);
			S_add_group(c, ev->actor, &ev->nactor, sy->speaker);
			S_add_group(c, ev->recip, &ev->nrecip, subj);
			ev->modality = DN_MOD_ASSERTED;
			S_attach(c, t, first, last, ev);
			c->nev++;
			break;
		}
	}
	S_merge_duplicates(c, ev0);
	return 0;
}
