/*
 * chunk.c — entity mentions: actor phrases joined into noun phrases.
 */
#include <stdlib.h>

#include "chunk.h"

void dn_coref_reset(dn_coref *c)
{
	c->npersons = 0;
	c->nrecent = 0;
	c->have_person = 0;
}

void dn_ent_add_country(dn_ent *e, const char *c)
{
	if (!c || !c[0])
		return;
	for (int i = 0; i < e->ncountry; i++)
		if (memcmp(e->country[i], c, 4) == 0)
			return;
	if (e->ncountry < DN_ENT_COUNTRIES)
		memcpy(e->country[e->ncountry++], c, 4);
}

static int S_seen(const dn_coref *c, uint32_t person)
{
	for (int i = 0; i < c->npersons; i++)
		if (c->persons[i] == person)
			return 1;
	return 0;
}

static void S_remember_person(dn_coref *c, uint32_t person)
{
	if (!person || S_seen(c, person))
		return;
	if (c->npersons < (int)DN_ARRAY_LEN(c->persons))
		c->persons[c->npersons++] = person;
}

/* Words that make a phrase supranational: no country is filled in. */
/* "Western", "coalition": the word itself, not its lemma, is listed
 * (lexicon.txt, class foreign). */
static int S_foreign_word(const dn_dict *d, const dn_tok *k)
{
	return k->word && (d->cls_of[k->word] & DN_C_FOREIGN);
}

static int S_is_function(const dn_tok *k)
{
	return (k->cls & (DN_C_DET | DN_C_PREP | DN_C_AUX | DN_C_MODAL | DN_C_NEG |
			  DN_C_PRON | DN_C_CONJ | DN_C_REL | DN_C_SAY | DN_C_HEDGE |
			  DN_C_COND | DN_C_MONTH | DN_C_WEEKDAY)) != 0;
}

static int S_name_word_cap(const dn_toks *t, int i, int first);

/* A capitalised word that can be part of an unknown name. */
static inline int S_name_word(const dn_toks *t, int i, int first)
{
	const dn_tok *k = &t->v[i];
	if (!(k->flags & DN_TK_WORD) || !(k->flags & (DN_TK_CAP | DN_TK_ALLCAP)))
		return 0;
	return S_name_word_cap(t, i, first);
}

/* S_name_word of a capitalised word. */
static int S_name_word_cap(const dn_toks *t, int i, int first)
{
	const dn_tok *k = &t->v[i];
	if (k->flags & (DN_TK_NUM | DN_TK_HASH | DN_TK_HANDLE | DN_TK_POSS))
		return 0;
	if (S_is_function(k) || (k->cls & (DN_C_HEAD | DN_C_NHEAD)))
		return 0;
	if (i == first) {
		/* sentence-initial: only when another capitalised word follows */
		if (i + 1 >= t->n)
			return 0;
		const dn_tok *n = &t->v[i + 1];
		return (n->flags & DN_TK_CAP) && !S_is_function(n) &&
		       !(n->cls & (DN_C_HEAD | DN_C_NHEAD));
	}
	return 1;
}

typedef struct S_np {
	dn_ent e;
	int content;      /* something resolved or named */
	int has_person;
	int last_adj;     /* the previous item was a country adjective */
	uint32_t headw;   /* head word id for coreference */
} S_np;

static void S_apply(S_np *np, const dn_actor *ac, int tok, uint32_t word)
{
	dn_ent *e = &np->e;
	np->content = 1;
	np->last_adj = 0;
	switch (ac->kind) {
	case DN_AK_PERSON:
		np->has_person = 1;
		e->flags |= DN_EF_PERSON;
		e->name = ac->name;
		e->person = ac->person;
		dn_ent_add_country(e, ac->country);
		if (!e->sector || !(e->flags & DN_EF_TITLE))
			e->sector = ac->sector;
		e->head = tok;
		break;
	case DN_AK_ADJ:
		dn_ent_add_country(e, ac->country);
		np->last_adj = 1;
		break;
	case DN_AK_NAME:
	case DN_AK_CAPITAL:
	case DN_AK_SEAT:
	case DN_AK_PEOPLE:
		dn_ent_add_country(e, ac->country);
		if (!e->sector)
			e->sector = ac->sector;
		if (ac->kind == DN_AK_NAME || ac->kind == DN_AK_CAPITAL)
			e->flags |= DN_EF_PLACE;
		if (ac->name && !e->name && ac->kind == DN_AK_SEAT)
			e->name = ac->name;
		e->head = tok;
		np->headw = word;
		break;
	case DN_AK_ORG:
		dn_ent_add_country(e, ac->country);
		if (ac->sector)
			e->sector = ac->sector;
		if (!(e->flags & DN_EF_PERSON))
			e->name = ac->name;
		e->head = tok;
		np->headw = word;
		break;
	case DN_AK_AGENT:
		if (ac->sector)
			e->sector = ac->sector;
		e->flags |= DN_EF_AGENT;
		e->flags &= (uint16_t)~DN_EF_PLACE;
		e->head = tok;
		np->headw = word;
		break;
	case DN_AK_TITLE:
		if (ac->sector && !(e->flags & DN_EF_AGENT))
			e->sector = ac->sector;
		e->flags |= DN_EF_TITLE;
		e->head = tok;
		np->headw = word;
		break;
	case DN_AK_MODIFIER:
		if (!e->sector)
			e->sector = ac->sector;
		break;
	default:
		break;
	}
}

/* Whether S_match can find anything at token k: every actor phrase
 * starts with a DN_C_ACTOR word, and only an unknown hyphenated token is
 * tried in parts. Tested before the call, which most tokens then skip. */
static inline int S_may_match(const dn_tok *k)
{
	return (k->cls & DN_C_ACTOR) || ((k->flags & DN_TK_HYPH) && !k->word);
}

/* The trie's answers at the tokens of one dn_chunk call: the look-ahead
 * and the phrase loop often ask at the same token. */
typedef struct S_memo {
	int first, n;                      /* tokens [first, first + n) */
	int16_t len[DN_MAX_SENT_TOKENS];   /* dn_dict_match, -1 not asked yet */
	uint32_t node[DN_MAX_SENT_TOKENS]; /* its trie node */
} S_memo;

/* dn_dict_match(d, t, i, last, node), asked once per token. */
static inline int S_phrase_at(const dn_dict *d, const dn_toks *t, int i, int last,
			      S_memo *m, uint32_t *node)
{
	int k = i - m->first;
	if (k < 0 || k >= m->n)
		return dn_dict_match(d, t, i, last, node);
	if (m->len[k] < 0)
		m->len[k] = (int16_t)dn_dict_match(d, t, i, last, &m->node[k]);
	*node = m->node[k];
	return m->len[k];
}

/* The actor of a phrase of len tokens that ends at trie node `node`;
 * returns len, or 0 when the phrase names nobody here. */
static int S_pick(const dn_dict *d, uint32_t node, int len, int32_t date,
		  const dn_coref *c, const dn_actor **out)
{
	const dn_actor *ac = dn_dict_pick(d, node, date, 0);
	if (ac && ac->kind == DN_AK_PERSON && !ac->bare && !S_seen(c, ac->person)) {
		/* a surname before its full name: only with a bare variant */
		const dn_actor *b = dn_dict_pick(d, node, date, 1);
		if (!b)
			return 0;
		ac = b;
	}
	*out = ac;
	return ac ? len : 0;
}

/* The first part of an unknown hyphenated token ("Iranian-led",
 * "Russian-backed") as a one-token phrase: 1, or 0 when it is none. */
static int S_match_part(const dn_dict *d, const dn_toks *t, int i, int32_t date,
			const dn_actor **out)
{
	const dn_tok *k = &t->v[i];
	const char *s = dn_tok_norm(t, k);
	const char *dash = memchr(s, '-', k->nlen);
	if (!dash || dash == s)
		return 0;
	uint32_t w = dn_dict_word(d, s, (size_t)(dash - s));
	if (!w || !(d->cls_of[w] & DN_C_ACTOR))
		return 0;
	dn_tok tmp = *k;
	tmp.word = tmp.lemma = w;
	tmp.cls = d->cls_of[w];
	dn_toks one = {&tmp, 1, 1, t->pool};
	uint32_t node;
	if (!dn_dict_match(d, &one, 0, 1, &node))
		return 0;
	const dn_actor *ac = dn_dict_pick(d, node, date, 1);
	if (!ac || (ac->kind != DN_AK_ADJ && ac->kind != DN_AK_NAME &&
		    ac->kind != DN_AK_MODIFIER && ac->kind != DN_AK_ORG))
		return 0;
	*out = ac;
	return 1;
}

/* Matches an actor phrase at i; for an unknown hyphenated token tries its
 * first part alone. Returns the phrase's length (0 none) and its actor. */
static inline int S_match(const dn_dict *d, const dn_toks *t, int i, int last,
			  int32_t date, const dn_coref *c, S_memo *m, const dn_actor **out)
{
	uint32_t node;
	int len = S_phrase_at(d, t, i, last, m, &node);
	if (len)
		return S_pick(d, node, len, date, c, out);
	const dn_tok *k = &t->v[i];
	if (!(k->flags & DN_TK_HYPH) || k->word)
		return 0;
	return S_match_part(d, t, i, date, out);
}

/* For S_actor_ahead: 1 when a sector noun's phrase starts at j, 0 when
 * another actor phrase does, -1 when none does. */
static int S_agent_at(const dn_dict *d, const dn_toks *t, int j, int last,
		      int32_t date, const dn_coref *c, S_memo *m)
{
	const dn_actor *ac;
	if (!S_match(d, t, j, last, date, c, m, &ac))
		return -1;
	return ac->kind == DN_AK_AGENT;
}

/* Whether a sector noun's phrase starts within the next `ahead` tokens,
 * across words that could modify it. */
static inline int S_actor_ahead(const dn_dict *d, const dn_toks *t, int i, int last,
				int ahead, int32_t date, const dn_coref *c, S_memo *m)
{
	for (int j = i; j < last && j < i + ahead; j++) {
		const dn_tok *k = &t->v[j];
		if (S_may_match(k)) {
			int r = S_agent_at(d, t, j, last, date, c, m);
			if (r >= 0)
				return r;
		}
		if (!(k->flags & DN_TK_WORD) || S_is_function(k) ||
		    (k->cls & (DN_C_HEAD)) || (k->flags & DN_TK_CAP))
			return 0;
	}
	return 0;
}

/* Whether a phrase can start at token j (after its determiner, if any):
 * the first step of dn_chunk's phrase loop, with nothing gathered yet.
 * Most tokens cannot, and are passed over without setting up a phrase. */
static int S_may_open(const dn_dict *d, const dn_toks *t, int j, int first, int last,
		      int32_t date, const dn_coref *c, S_memo *m)
{
	const dn_tok *q = &t->v[j];
	if (S_may_match(q) || S_name_word(t, j, first))
		return 1;
	return (q->flags & DN_TK_WORD) && !S_is_function(q) && !(q->flags & DN_TK_CAP) &&
	       !(q->cls & DN_C_HEAD && !(q->flags & DN_TK_NUM)) &&
	       S_actor_ahead(d, t, j + 1, last, 3, date, c, m);
}

static void S_coref_definite(const dn_dict *d, const dn_toks *t, dn_coref *c,
			     S_np *np)
{
	dn_ent *e = &np->e;
	(void)d;
	if (e->ncountry || e->person || !np->headw || !(e->flags & (DN_EF_AGENT | DN_EF_TITLE)))
		return;
	if (!(t->v[e->a].cls & DN_C_DET))
		return;
	/* "the Ministry" after "Russian Defense Ministry" */
	for (int k = c->nrecent - 1; k >= 0 && k >= c->nrecent - 64; k--) {
		int slot = k % 64;
		if (c->recent[slot].head == np->headw) {
			dn_ent_add_country(e, c->recent[slot].country);
			if (!e->name)
				e->name = c->recent[slot].name;
			if (!e->sector)
				e->sector = c->recent[slot].sector;
			e->person = c->recent[slot].person;
			return;
		}
	}
}

static void S_remember(dn_coref *c, const S_np *np)
{
	const dn_ent *e = &np->e;
	if (!np->headw || !e->ncountry)
		return;
	int slot = c->nrecent % 64;
	c->recent[slot].head = np->headw;
	memcpy(c->recent[slot].country, e->country[0], 4);
	c->recent[slot].sector = e->sector;
	c->recent[slot].name = e->name;
	c->recent[slot].person = e->person;
	c->nrecent++;
}

/* Numbers and the words of approximate quantities. */
/* A number or a word of a quantity phrase (lexicon.txt, class quant;
 * the word itself, not its lemma). */
static int S_quantity_word(const dn_dict *d, const dn_toks *t, int i)
{
	const dn_tok *k = &t->v[i];
	if ((k->flags & DN_TK_NUM) || (k->cls & DN_C_NUM))
		return 1;
	return k->word && (d->cls_of[k->word] & DN_C_QUANT);
}

int dn_chunk(const dn_dict *d, const dn_toks *t, int first, int last,
	     int32_t date, dn_coref *coref, dn_ent *out, int max)
{
	int n = 0;
	int i = first;
	S_memo memo;
	memo.first = first;
	memo.n = DN_MAX(0, DN_MIN(last - first, DN_MAX_SENT_TOKENS));
	memset(memo.len, 0xFF, (size_t)memo.n * sizeof(*memo.len)); /* all -1 */
	/* "its", "their", "his", "her" open a phrase like determiners; when
	 * the lexicon lists them as such (a token's class includes its
	 * word's), a token of no determiner class is none of them */
	const uint32_t w_its = d->w_its, w_their = d->w_their, w_his = d->w_his,
		       w_her = d->w_her;
	const int poss_det = (d->cls_of[w_its] & d->cls_of[w_their] & d->cls_of[w_his] &
			      d->cls_of[w_her] & DN_C_DET) != 0;
	while (i < last && n < max) {
		const dn_tok *k = &t->v[i];
		/* a plain word (no pronoun, determiner, actor word or capital)
		 * opens a phrase only as the modifier of a sector noun */
		if (!(k->cls & (DN_C_PRON | DN_C_DET | DN_C_ACTOR)) &&
		    !(k->flags & (DN_TK_HYPH | DN_TK_CAP | DN_TK_ALLCAP)) &&
		    (!(k->flags & DN_TK_WORD) || S_is_function(k) ||
		     ((k->cls & DN_C_HEAD) && !(k->flags & DN_TK_NUM))) &&
		    (poss_det || (k->word != w_its && k->word != w_their && k->word != w_his &&
				  k->word != w_her))) {
			i++;
			continue;
		}
		/* he / she: the last person named */
		if ((k->cls & DN_C_PRON) && coref->have_person &&
		    (dn_tok_is(t, i, d->w_he, "he") || dn_tok_is(t, i, d->w_she, "she"))) {
			dn_ent e = coref->last_person;
			e.a = i;
			e.b = i + 1;
			e.head = i;
			e.group = -1;
			e.flags = (uint16_t)((e.flags & ~(DN_EF_POSS | DN_EF_INPP)) | DN_EF_PRON);
			e.prep = 0;
			out[n++] = e;
			i++;
			continue;
		}
		int j = i;
		if ((k->cls & DN_C_DET) ? k->word != d->w_that
					: !poss_det && (k->word == w_its || k->word == w_their ||
							k->word == w_his || k->word == w_her))
			j++;
		if (j >= last || !S_may_open(d, t, j, first, last, date, coref, &memo)) {
			i++; /* no phrase here */
			continue;
		}
		S_np np;
		memset(&np, 0, sizeof np);
		np.e.a = i;
		np.e.head = i;
		np.e.group = -1;
		while (j < last) {
			const dn_tok *q = &t->v[j];
			const dn_actor *ac;
			int len = S_may_match(q) ? S_match(d, t, j, last, date, coref, &memo, &ac) : 0;
			if (len) {
				S_apply(&np, ac, j + len - 1, t->v[j + len - 1].lemma);
				if (S_foreign_word(d, q))
					np.e.flags |= DN_EF_FOREIGN;
				j += len;
				continue;
			}
			if (S_name_word(t, j, first)) {
				np.content = 1;
				np.last_adj = 0;
				if (!np.e.ncountry && !np.e.sector && !np.has_person)
					np.e.flags |= DN_EF_UNKNOWN;
				if (S_foreign_word(d, q))
					np.e.flags |= DN_EF_FOREIGN;
				j++;
				continue;
			}
			/* "President Bashar al-Assad of Syria" */
			if (np.content && q->word == d->w_of && j + 1 < last &&
			    (np.has_person || (np.e.flags & DN_EF_TITLE))) {
				const dn_actor *c2;
				int l2 = S_may_match(&t->v[j + 1]) ?
					 S_match(d, t, j + 1, last, date, coref, &memo, &c2) : 0;
				if (l2 && c2->kind == DN_AK_NAME && !np.e.ncountry) {
					dn_ent_add_country(&np.e, c2->country);
					j += 1 + l2;
					continue;
				}
			}
			/* "Russian and Syrian government air strikes" */
			if (np.last_adj && (q->word == d->w_and || (q->flags & DN_TK_PUNCT && q->nlen == 1 &&
								      dn_tok_norm(t, q)[0] == ',')) &&
			    j + 1 < last) {
				const dn_actor *c2;
				int l2 = S_may_match(&t->v[j + 1]) ?
					 S_match(d, t, j + 1, last, date, coref, &memo, &c2) : 0;
				if (l2 && c2->kind == DN_AK_ADJ) {
					j++;
					continue;
				}
			}
			/* a modifier, number or unknown word before a sector noun */
			if ((q->flags & DN_TK_WORD) && !S_is_function(q) &&
			    !(q->flags & DN_TK_CAP) &&
			    !(q->cls & DN_C_HEAD && !(q->flags & DN_TK_NUM)) &&
			    S_actor_ahead(d, t, j + 1, last, 3, date, coref, &memo)) {
				if (S_foreign_word(d, q))
					np.e.flags |= DN_EF_FOREIGN;
				j++;
				continue;
			}
			break;
		}
		if (!np.content) {
			i = j > i ? j : i + 1;
			continue;
		}
		np.e.b = j;
		if (j < last && (t->v[j].flags & DN_TK_POSS)) {
			np.e.flags |= DN_EF_POSS;
			j++;
		}
		if (np.e.flags & (DN_EF_AGENT | DN_EF_TITLE | DN_EF_PERSON))
			np.e.flags &= (uint16_t)~DN_EF_UNKNOWN;
		if (np.e.ncountry || np.e.sector || np.has_person)
			np.e.flags &= (uint16_t)~DN_EF_UNKNOWN;
		/* a preposition before it, perhaps across a quantity: "of four
		 * more troops", "of more than 1,000 civilians" */
		for (int p = i - 1; p >= first && p >= i - 5; p--) {
			const dn_tok *q = &t->v[p];
			if ((q->cls & DN_C_PREP) && !S_quantity_word(d, t, p)) {
				np.e.flags |= DN_EF_INPP;
				np.e.prep = (int)q->word;
				break;
			}
			if (!S_quantity_word(d, t, p))
				break;
		}
		/* "Iran's deputy foreign minister": the possessor's country */
		if (n > 0 && (out[n - 1].flags & DN_EF_POSS) && out[n - 1].b + 1 == i &&
		    !np.e.ncountry && (np.e.flags & (DN_EF_AGENT | DN_EF_TITLE)))
			for (int k2 = 0; k2 < out[n - 1].ncountry; k2++)
				dn_ent_add_country(&np.e, out[n - 1].country[k2]);
		S_coref_definite(d, t, coref, &np);
		S_remember(coref, &np);
		if (np.has_person) {
			S_remember_person(coref, np.e.person);
			coref->last_person = np.e;
			coref->have_person = 1;
		}
		out[n++] = np.e;
		i = j;
	}
	/* compounds: "X and Y", "X, Y and Z" */
	for (int e = 0; e + 1 < n; e++) {
		int gap = out[e + 1].a - (out[e].b + ((out[e].flags & DN_EF_POSS) ? 1 : 0));
		if (gap != 1)
			continue;
		const dn_tok *c = &t->v[out[e].b];
		int is_and = c->word == d->w_and;
		int is_comma = (c->flags & DN_TK_PUNCT) && c->nlen == 1 &&
			       dn_tok_norm(t, c)[0] == ',';
		if (!is_and && !is_comma)
			continue;
		if (is_comma) {
			/* a comma joins only when an "and" closes the list later */
			int ok = 0;
			for (int f = e + 1; f + 1 < n; f++) {
				const dn_tok *c2 = &t->v[out[f].b];
				if (out[f + 1].a - out[f].b != 1)
					break;
				if (c2->word == d->w_and) {
					ok = 1;
					break;
				}
			}
			if (!ok)
				continue;
		}
		if (out[e].group < 0)
			out[e].group = e;
		out[e + 1].group = out[e].group;
	}
	return n;
}
