/*
 * base.h — the small pieces every stage uses: an arena for per-document
 * memory, one growable byte buffer type, a string hash and an interning
 * table. Nothing here knows about news or events.
 */
#ifndef DN_BASE_H
#define DN_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* MARK: - Arena
 * Bump allocator for everything derived from one document; reset between
 * documents so the hot path never calls malloc per token. */
typedef struct dn_arena_chunk dn_arena_chunk;
typedef struct dn_arena {
	dn_arena_chunk *head; /* current chunk (most recent first) */
	size_t used;          /* bytes used in head */
	size_t total;         /* bytes allocated in all chunks */
} dn_arena;

void dn_arena_init(dn_arena *a);
/* Returns n bytes aligned to 8, zeroed; NULL on OOM. Owned by the arena. */
void *dn_arena_alloc(dn_arena *a, size_t n);
/* Copies n bytes and a NUL; owned by the arena. */
char *dn_arena_strndup(dn_arena *a, const char *s, size_t n);
/* Forgets every allocation but keeps the largest chunk for reuse. */
void dn_arena_reset(dn_arena *a);
void dn_arena_clear(dn_arena *a);

/* MARK: - Buffer
 * The one growable byte buffer: always NUL-terminated once used, grows by
 * half again, and refuses to grow past its cap (then sets oom). */
typedef struct dn_buf {
	char *p;    /* bytes, NUL-terminated (NULL until the first append) */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* hard cap in bytes (0: DN_BUF_MAX) */
	int oom;    /* set once an append failed; later appends do nothing */
} dn_buf;

#define DN_BUF_MAX ((size_t)1 << 31)

void dn_buf_init(dn_buf *b);
void dn_buf_clear(dn_buf *b);        /* frees the bytes */
void dn_buf_reset(dn_buf *b);        /* len = 0, keeps the bytes */
int dn_buf_reserve(dn_buf *b, size_t extra);
int dn_buf_add(dn_buf *b, const void *s, size_t n);
int dn_buf_adds(dn_buf *b, const char *s);
int dn_buf_addc(dn_buf *b, char c);
int dn_buf_printf(dn_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* MARK: - Hash */
static inline uint64_t dn_hash(const void *p, size_t n)
{
	/* FNV-1a 64 with a final avalanche (good enough for short keys). */
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* MARK: - Interning
 * Maps byte strings to dense ids 1..n (0 means "absent"). Strings are
 * copied once into the table's pool; lookups never allocate. */
typedef struct dn_strtab {
	uint32_t *slots; /* open addressing: id per slot, 0 empty */
	size_t nslots;   /* power of two */
	char **str;      /* str[id] -> NUL-terminated copy */
	uint32_t *len;   /* len[id] */
	uint64_t *hash;  /* hash[id] */
	size_t n;        /* ids in use (ids run 1..n) */
	size_t cap;      /* capacity of str/len/hash */
	dn_arena pool;   /* the string bytes */
} dn_strtab;

int dn_strtab_init(dn_strtab *t);
void dn_strtab_clear(dn_strtab *t);
/* Returns the id of s, adding it; 0 on OOM. */
uint32_t dn_strtab_intern(dn_strtab *t, const char *s, size_t n);
/* Returns the id of s, or 0 when absent. Thread-safe on a frozen table. */
uint32_t dn_strtab_find(const dn_strtab *t, const char *s, size_t n);
static inline const char *dn_strtab_str(const dn_strtab *t, uint32_t id)
{
	return id && id <= t->n ? t->str[id] : "";
}

/* MARK: - Small helpers */
#define DN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DN_MIN(a, b) ((a) < (b) ? (a) : (b))
#define DN_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Reads a whole file; caller frees *out with free(). 0 on success, -1 with
 * errno set otherwise. Refuses files over max bytes (errno EFBIG). */
int dn_read_file(const char *path, size_t max, char **out, size_t *len);

/* Case-insensitive ASCII comparison of a span with a NUL-terminated word. */
int dn_span_ieq(const char *s, size_t n, const char *word);

#endif
