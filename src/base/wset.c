/*
 * wset.c — filling the word sets of base.h (lookups are inline there).
 */
#include "base.h"

void dn_wset_add(dn_wset *s, const char *w, uint32_t bits)
{
	size_t n = strlen(w);
	size_t mask = DN_ARRAY_LEN(s->slot) - 1;
	if (s->full)
		return;
	if (n == 0 || n > UINT16_MAX) {
		s->full = 1; /* cannot be told apart by the filter */
		return;
	}
	size_t i = (size_t)dn_hash(w, n) & mask;
	for (;;) {
		uint16_t k = s->slot[i];
		if (!k)
			break;
		k--;
		if (s->n[k] == n && memcmp(s->w[k], w, n) == 0) {
			s->v[k] |= bits;
			return;
		}
		i = (i + 1) & mask;
	}
	if (s->count >= DN_WSET_MAX) {
		s->full = 1;
		return;
	}
	int k = s->count++;
	s->w[k] = w;
	s->n[k] = (uint16_t)n;
	s->v[k] = bits;
	s->slot[i] = (uint16_t)(k + 1);
	s->firstlen[(unsigned char)w[0]] |= 1u << (n < 31 ? n : 31);
}

void dn_wset_add_list(dn_wset *s, const char *const *list, uint32_t bits)
{
	for (; *list; list++)
		dn_wset_add(s, *list, bits);
}
