/*
 * morph.c — WordNet exception lists and detachment rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wn.h>

#include "morph.h"

#define S_WN_DIR "/usr/share/wordnet"

/* WordNet's detachment rules (morph.c in WordNet 3.0: sufx/addr tables),
 * verbs, nouns and adjectives together. */
#define S_RULE(suffix, add) {suffix, add, sizeof(suffix) - 1, sizeof(add) - 1}
static const struct {
	const char *suffix, *add; /* "ies" → "y" */
	size_t sl, al;            /* their lengths */
} S_rules[] = {
	S_RULE("ies", "y"), S_RULE("es", "e"), S_RULE("es", ""),
	S_RULE("s", ""), S_RULE("ed", "e"), S_RULE("ed", ""),
	S_RULE("ing", "e"), S_RULE("ing", ""), S_RULE("ses", "s"),
	S_RULE("xes", "x"), S_RULE("zes", "z"), S_RULE("ches", "ch"),
	S_RULE("shes", "sh"), S_RULE("men", "man")};
_Static_assert(DN_ARRAY_LEN(S_rules) == 14, "the masks of dn_morph_lemma");
/* The adjective rules (-er, -est) are left out: they would read agent nouns
 * as verbs ("fighters" → "fight", "protesters" → "protest"). */

/* The lemma id of word w found for a candidate: its own lemma, if any. */
static inline uint32_t S_lemma_of(const dn_dict *d, uint32_t w)
{
	return d->lemma_of[w] ? d->lemma_of[w] : w;
}

/* Whether s[0..n) ends with the sl bytes of suffix (n >= sl). */
static inline int S_ends(const char *s, size_t n, const char *suffix, size_t sl)
{
	for (size_t k = 0; k < sl; k++)
		if (s[n - sl + k] != suffix[k])
			return 0;
	return 1;
}

uint32_t dn_morph_lemma(const dn_dict *d, const char *s, size_t n,
			uint32_t self)
{
	if (n < 3 || n + 4 > 64) /* 64: the longest form a rule rewrites */
		return self;
	/* every suffix ends in one of these: most words need no rule */
	char z = s[n - 1];
	if (z != 's' && z != 'd' && z != 'g' && z != 'n')
		return self;
	/* Each candidate is a prefix of s (the stem, 2 to 5 bytes shorter)
	 * plus a short ending: hash the stems once, as prefixes, and look the
	 * candidates up without building them. pre[k] is the dn_hash state
	 * of s[0..n-k). */
	uint64_t pre[6];
	size_t lo = n > 5 ? n - 5 : 0, i = 0;
	uint64_t h = DN_HASH_INIT;
	for (; i < lo; i++)
		h = dn_hash_step(h, (unsigned char)s[i]);
	for (; i < n; i++) {
		pre[n - i] = h;
		h = dn_hash_step(h, (unsigned char)s[i]);
	}
	/* the rules whose suffix ends in z, as bits of S_rules, in order */
	unsigned todo = z == 's' ? 0x1F0F : z == 'd' ? 0x30 : z == 'g' ? 0xC0 : 0x2000;
	for (; todo; todo &= todo - 1) {
		size_t r = (size_t)__builtin_ctz(todo);
		size_t sl = S_rules[r].sl;
		if (n <= sl + 1 ||
		    !S_ends(s, n - 1, S_rules[r].suffix, sl - 1))
			continue;
		size_t stem = n - sl;
		size_t al = S_rules[r].al;
		const char *add = S_rules[r].add;
		h = pre[sl];
		for (size_t k = 0; k < al; k++)
			h = dn_hash_step(h, (unsigned char)add[k]);
		uint32_t w = dn_strtab_find2(&d->vocab, s, stem, add, al,
					     dn_hash_final(h));
		if (w && w != self)
			return S_lemma_of(d, w);
		/* doubled final consonant: "shelled" is regular, "targetted" */
		if (al == 0 && stem >= 3 && s[stem - 1] == s[stem - 2] &&
		    (S_rules[r].suffix[0] == 'e' || S_rules[r].suffix[0] == 'i')) {
			w = dn_strtab_find2(&d->vocab, s, stem - 1, "", 0,
					    dn_hash_final(pre[sl + 1]));
			if (w && w != self)
				return S_lemma_of(d, w);
		}
	}
	return self;
}

static int S_load_exc(dn_dict *d, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", S_WN_DIR, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char form[128], base[128];
		if (sscanf(line, "%127s %127s", form, base) != 2)
			continue;
		uint32_t b = dn_strtab_find(&d->vocab, base, strlen(base));
		if (!b)
			continue; /* only lemmas the dictionaries use */
		uint32_t w = dn_strtab_intern(&d->vocab, form, strlen(form));
		if (!w)
			break;
		if (d->vocab.n + 1 >= d->vcap) {
			size_t cap = d->vcap * 2;
			uint32_t *l = realloc(d->lemma_of, cap * sizeof(*l));
			uint32_t *c = l ? realloc(d->cls_of, cap * sizeof(*c)) : NULL;
			if (!l || !c) {
				if (l)
					d->lemma_of = l;
				fclose(f);
				return -1;
			}
			memset(l + d->vcap, 0, (cap - d->vcap) * sizeof(*l));
			memset(c + d->vcap, 0, (cap - d->vcap) * sizeof(*c));
			d->lemma_of = l;
			d->cls_of = c;
			d->vcap = cap;
		}
		if (w != b && !d->lemma_of[w])
			d->lemma_of[w] = b;
	}
	fclose(f);
	return 0;
}

int dn_morph_load(dn_dict *d, dn_error *err)
{
	static const char *files[] = {"verb.exc", "noun.exc", "adj.exc"};
	for (size_t i = 0; i < DN_ARRAY_LEN(files); i++) {
		if (S_load_exc(d, files[i]) < 0) {
			if (err) {
				err->code = DN_EIO;
				snprintf(err->file, sizeof err->file, "%s/%s", S_WN_DIR, files[i]);
				snprintf(err->msg, sizeof err->msg,
					 "cannot read WordNet exceptions (install wordnet-base)");
			}
			return -1;
		}
	}
	/* regular inflections the dictionaries list themselves */
	for (uint32_t w = 1; w <= d->vocab.n; w++) {
		if (d->lemma_of[w])
			continue;
		uint32_t l = dn_morph_lemma(d, d->vocab.str[w], d->vocab.len[w], w);
		if (l != w && (d->cls_of[l] & (DN_C_HEAD | DN_C_NHEAD)))
			d->lemma_of[w] = l;
	}
	return 0;
}

int dn_morph_check(const dn_dict *d, void (*report)(void *, const dn_error *),
		   void *ctx)
{
	if (wninit() != 0) {
		dn_error e = {.code = DN_EIO};
		snprintf(e.msg, sizeof e.msg, "cannot open the WordNet database");
		if (report)
			report(ctx, &e);
		return 1;
	}
	int problems = 0;
	for (size_t i = 0; i < d->npats; i++) {
		const dn_pattern *p = &d->pats[i];
		const char *head = d->vocab.str[p->head];
		char word[128];
		snprintf(word, sizeof word, "%s", head);
		int pos = p->noun ? NOUN : VERB;
		/* in_wn: is the word in WordNet; morphstr: is it an inflection */
		if (in_wn(word, pos))
			continue;
		char *base = morphstr(word, pos);
		dn_error e = {.code = DN_EFORMAT};
		snprintf(e.file, sizeof e.file, "%s", p->noun ? "nouns.txt" : "verbs.txt");
		if (base)
			snprintf(e.msg, sizeof e.msg,
				 "pattern '%s': head '%s' is an inflected form; WordNet's lemma is '%s'",
				 p->text, head, base);
		else
			snprintf(e.msg, sizeof e.msg,
				 "pattern '%s': head '%s' is not a WordNet %s (warning)",
				 p->text, head, p->noun ? "noun" : "verb");
		if (base) {
			problems++;
			if (report)
				report(ctx, &e);
		}
	}
	return problems;
}
