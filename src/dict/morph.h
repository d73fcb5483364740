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

/* Reports pattern heads that WordNet does not know; returns the count. */
int dn_morph_check(const dn_dict *d, void (*report)(void *, const dn_error *),
		   void *ctx);

#endif
