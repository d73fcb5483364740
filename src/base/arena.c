/*
 * arena.c — a bump allocator in chained chunks, reset per document.
 */
#include <stdlib.h>

#include "base.h"

struct dn_arena_chunk {
	dn_arena_chunk *next; /* older chunk */
	size_t size;          /* usable bytes in data */
	_Alignas(16) unsigned char data[]; /* the memory handed out */
};

#define S_CHUNK_MIN ((size_t)64 << 10)

void dn_arena_init(dn_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void *dn_arena_alloc(dn_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (n == 0)
		n = 8;
	if (!a->head || a->head->size - a->used < n) {
		size_t size = S_CHUNK_MIN;
		if (a->head && a->head->size * 2 > size)
			size = a->head->size * 2;
		if (size < n)
			size = n;
		if (size > ((size_t)1 << 34))
			return NULL;
		dn_arena_chunk *c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = a->head;
		c->size = size;
		a->head = c;
		a->used = 0;
		a->total += size;
	}
	void *p = a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *dn_arena_strndup(dn_arena *a, const char *s, size_t n)
{
	char *p = dn_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void dn_arena_reset(dn_arena *a)
{
	/* Keep the newest (largest) chunk, free the rest. */
	if (!a->head)
		return;
	dn_arena_chunk *c = a->head->next;
	while (c) {
		dn_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head->next = NULL;
	a->total = a->head->size;
	a->used = 0;
}

void dn_arena_clear(dn_arena *a)
{
	dn_arena_chunk *c = a->head;
	while (c) {
		dn_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	dn_arena_init(a);
}
