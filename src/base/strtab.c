/*
 * strtab.c — string interning: byte strings to dense integer ids.
 */
#include <stdlib.h>

#include "base.h"

int dn_strtab_init(dn_strtab *t)
{
	memset(t, 0, sizeof(*t));
	dn_arena_init(&t->pool);
	t->nslots = 1024;
	t->slots = calloc(t->nslots, sizeof(*t->slots));
	t->cap = 256;
	t->str = malloc(t->cap * sizeof(*t->str));
	t->len = malloc(t->cap * sizeof(*t->len));
	t->hash = malloc(t->cap * sizeof(*t->hash));
	if (!t->slots || !t->str || !t->len || !t->hash) {
		dn_strtab_clear(t);
		return -1;
	}
	return 0;
}

void dn_strtab_clear(dn_strtab *t)
{
	free(t->slots);
	free(t->str);
	free(t->len);
	free(t->hash);
	dn_arena_clear(&t->pool);
	memset(t, 0, sizeof(*t));
}

static uint32_t S_probe(const dn_strtab *t, const char *s, size_t n,
			uint64_t h, size_t *slot)
{
	size_t mask = t->nslots - 1;
	size_t i = h & mask;
	for (;;) {
		uint32_t id = t->slots[i];
		if (!id || (t->hash[id] == h && t->len[id] == n &&
			    memcmp(t->str[id], s, n) == 0)) {
			*slot = i;
			return id;
		}
		i = (i + 1) & mask;
	}
}

static int S_grow(dn_strtab *t)
{
	size_t nslots = t->nslots * 2;
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return -1;
	for (uint32_t id = 1; id <= t->n; id++) {
		size_t i = t->hash[id] & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = id;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

uint32_t dn_strtab_find_h32(const dn_strtab *t, const char *s, size_t n,
			    uint32_t h)
{
	if (!t->slots)
		return 0;
	size_t mask = t->nslots - 1; /* under 2^32 slots: h has the bits */
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t id = t->slots[i];
		if (!id || ((uint32_t)t->hash[id] == h && t->len[id] == n &&
			    memcmp(t->str[id], s, n) == 0))
			return id;
	}
}

uint32_t dn_strtab_find2(const dn_strtab *t, const char *a, size_t na,
			 const char *b, size_t nb, uint64_t h)
{
	if (!t->slots)
		return 0;
	size_t mask = t->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t id = t->slots[i];
		if (!id)
			return 0;
		if (t->hash[id] == h && t->len[id] == na + nb &&
		    memcmp(t->str[id], a, na) == 0 &&
		    memcmp(t->str[id] + na, b, nb) == 0)
			return id;
	}
}

uint32_t dn_strtab_find(const dn_strtab *t, const char *s, size_t n)
{
	size_t slot;
	if (!t->slots)
		return 0;
	return S_probe(t, s, n, dn_hash(s, n), &slot);
}

uint32_t dn_strtab_intern(dn_strtab *t, const char *s, size_t n)
{
	uint64_t h = dn_hash(s, n);
	size_t slot;
	uint32_t id = S_probe(t, s, n, h, &slot);
	if (id)
		return id;
	if (n > UINT32_MAX)
		return 0;
	if ((t->n + 1) * 2 > t->nslots) {
		if (S_grow(t) < 0)
			return 0;
		S_probe(t, s, n, h, &slot);
	}
	if (t->n + 2 > t->cap) {
		size_t cap = t->cap * 2;
		char **str = realloc(t->str, cap * sizeof(*str));
		if (!str)
			return 0;
		t->str = str;
		uint32_t *len = realloc(t->len, cap * sizeof(*len));
		if (!len)
			return 0;
		t->len = len;
		uint64_t *hash = realloc(t->hash, cap * sizeof(*hash));
		if (!hash)
			return 0;
		t->hash = hash;
		t->cap = cap;
	}
	char *copy = dn_arena_strndup(&t->pool, s, n);
	if (!copy)
		return 0;
	id = (uint32_t)++t->n;
	t->str[id] = copy;
	t->len[id] = (uint32_t)n;
	t->hash[id] = h;
	t->slots[slot] = id;
	return id;
}
