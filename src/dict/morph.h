/*
 * morph.h — lemmas through WordNet's morphology.
 *
 * At load, WordNet's exception lists (Debian wordnet-base:
 * /usr/share/wordnet/{verb,noun,adj}.exc) map irregular forms to the
 * lemmas the dictionaries use ("met" → "meet"). At run time an unknown
 * form goes through WordNet's detachment rules ("-ies" → "-y", "-ed" →
 * "", "-ing" → "-e" …), and the first candidate the dictionaries know is
 * its lemma. `dunlin dict check` asks libwordnet itself (morphstr) whether
 * every pattern head is a WordNet lemma.
 */
#ifndef DN_MORPH_H
#define DN_MORPH_H

#include "dict.h"

/* Reads the exception lists into d (forms whose lemma d knows). */
int dn_morph_load(dn_dict *d, dn_error *err);

/* The lemma id of a folded form s[0..n), or `self` when none is known. */
uint32_t dn_morph_lemma(const dn_dict *d, const char *s, size_t n,
			uint32_t self);

/* Indexes the forms outside the vocabulary whose lemma the rules find
 * (d->forms, d->form_lemma), so that dn_morph_unknown is one lookup. Run
 * once the vocabulary and lemma_of are complete; 0, or -1 on OOM. */
int dn_morph_index(dn_dict *d);

/* dn_morph_lemma(d, s, n, 0) for a folded form that is not in the
 * vocabulary, whose dn_hash has h as its low 32 bits. */
static inline uint32_t dn_morph_unknown(const dn_dict *d, const char *s,
					size_t n, uint32_t h)
{
	uint32_t id = dn_strtab_find_h32(&d->forms, s, n, h);
	return id ? d->form_lemma[id] : 0;
}

/* Reports pattern heads that WordNet does not know; returns the count. */
int dn_morph_check(const dn_dict *d, void (*report)(void *, const dn_error *),
		   void *ctx);

#endif
