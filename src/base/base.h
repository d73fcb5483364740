/*
 * base.h — the small pieces every stage uses: an arena for per-document
 * memory, one growable byte buffer type, a string hash and an interning
 * table. Nothing here knows about news or events.
 */
#ifndef DN_BASE_H
#define DN_BASE_H

#include <pthread.h>
#include <stdatomic.h>
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
int dn_buf_reserve_slow(dn_buf *b, size_t extra); /* dn_buf_reserve's growing path */
int dn_buf_add_slow(dn_buf *b, const void *s, size_t n); /* dn_buf_add's growing path */

/* Makes room for extra more bytes (and the NUL); 0, or -1 (and oom set)
 * past the cap or on OOM. Inline for the common case of room to spare. */
static inline int dn_buf_reserve(dn_buf *b, size_t extra)
{
	if (!b->oom && extra < b->cap - b->len) /* len + extra + 1 <= cap */
		return 0;
	return dn_buf_reserve_slow(b, extra);
}

/* Appends n bytes; 0, or -1 (and oom set) when the buffer cannot grow.
 * Inline for the common case of room to spare. */
static inline int dn_buf_add(dn_buf *b, const void *s, size_t n)
{
	if (!b->oom && n < b->cap - b->len) { /* len + n + 1 <= cap */
		if (n)
			memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = 0;
		return 0;
	}
	return dn_buf_add_slow(b, s, n);
}

static inline int dn_buf_adds(dn_buf *b, const char *s)
{
	return dn_buf_add(b, s, strlen(s));
}

static inline int dn_buf_addc(dn_buf *b, char c)
{
	return dn_buf_add(b, &c, 1);
}
int dn_buf_printf(dn_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* MARK: - Hash
 * FNV-1a 64 with a final avalanche (good enough for short keys); the
 * steps are there for loops that hash bytes as they write them. */
#define DN_HASH_INIT 0xcbf29ce484222325ULL

static inline uint64_t dn_hash_step(uint64_t h, unsigned char c)
{
	return (h ^ c) * 0x100000001b3ULL;
}

static inline uint64_t dn_hash_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static inline uint64_t dn_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = DN_HASH_INIT;
	for (size_t i = 0; i < n; i++)
		h = dn_hash_step(h, s[i]);
	return dn_hash_final(h);
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
/* dn_strtab_find for a string whose dn_hash has h as its low 32 bits. */
uint32_t dn_strtab_find_h32(const dn_strtab *t, const char *s, size_t n,
			    uint32_t h);
/* dn_strtab_find for the concatenation of a[0..na) and b[0..nb), whose
 * dn_hash is h: a lookup of a built word without building it. */
uint32_t dn_strtab_find2(const dn_strtab *t, const char *a, size_t na,
			 const char *b, size_t nb, uint64_t h);
static inline const char *dn_strtab_str(const dn_strtab *t, uint32_t id)
{
	return id && id <= t->n ? t->str[id] : "";
}

/* MARK: - Once
 * Tables built on first use: dn_once_run(&o, build) runs build exactly
 * once (pthread_once) and, after that, costs one load. */
typedef struct dn_once {
	pthread_once_t once; /* for pthread_once */
	atomic_int done;     /* set (release) once build has returned */
} dn_once;
#define DN_ONCE_INIT { PTHREAD_ONCE_INIT, 0 }

static inline void dn_once_run(dn_once *o, void (*build)(void))
{
	if (!atomic_load_explicit(&o->done, memory_order_acquire)) {
		pthread_once(&o->once, build);
		atomic_store_explicit(&o->done, 1, memory_order_release);
	}
}

/* MARK: - Word sets
 * A fixed set of short words (the grammar lists of a stage) for lookups
 * in hot loops. A filter of (first byte, length) settles most words in a
 * few instructions; the others go to a small hash table. No allocation:
 * a set is a static object, filled once (from the stage's dn_once_run)
 * and read-only after, so lookups are thread-safe. */
#define DN_WSET_MAX 384 /* words per set */
typedef struct dn_wset {
	uint32_t firstlen[256];         /* bit n (31: n >= 31): a word of
					   length n starts with this byte */
	uint16_t slot[2 * DN_WSET_MAX]; /* word index + 1, 0 empty (a power of two) */
	const char *w[DN_WSET_MAX];     /* the words (not copied: static strings) */
	uint16_t n[DN_WSET_MAX];        /* their lengths */
	uint32_t v[DN_WSET_MAX];        /* their values */
	int count;                      /* words in the set */
	int full;                       /* an add did not fit: lookups say "maybe" */
} dn_wset;

/* Adds word w (a static string, not copied) with value bits, or ORs bits
 * into the value of w when it is there already. A set that overflows
 * marks itself full and is then useless as a filter (see dn_wset_get). */
void dn_wset_add(dn_wset *s, const char *w, uint32_t bits);
/* Adds every word of a NULL-terminated list with value bits. */
void dn_wset_add_list(dn_wset *s, const char *const *list, uint32_t bits);

/* Looks up w[0..n), whose dn_hash is h (only its low bits are used):
 * stores its value in *v and returns 1, or returns 0 when w is not in the
 * set. A full set returns -1 ("cannot tell"). */
static inline int dn_wset_get_h(const dn_wset *s, const char *w, size_t n,
				uint64_t h, uint32_t *v)
{
	if (s->full)
		return -1;
	if (!n || !((s->firstlen[(unsigned char)w[0]] >> (n < 31 ? n : 31)) & 1))
		return 0;
	size_t mask = (sizeof(s->slot) / sizeof(s->slot[0])) - 1;
	size_t i = (size_t)h & mask;
	for (;;) {
		uint16_t k = s->slot[i];
		if (!k)
			return 0;
		k--;
		if (s->n[k] == n && memcmp(s->w[k], w, n) == 0) {
			*v = s->v[k];
			return 1;
		}
		i = (i + 1) & mask;
	}
}

/* dn_wset_get_h for a word not hashed yet. Only hashes what the filter
 * lets through. */
static inline int dn_wset_get(const dn_wset *s, const char *w, size_t n,
			      uint32_t *v)
{
	if (s->full)
		return -1;
	if (!n || !((s->firstlen[(unsigned char)w[0]] >> (n < 31 ? n : 31)) & 1))
		return 0;
	return dn_wset_get_h(s, w, n, dn_hash(w, n), v);
}

/* MARK: - Small helpers */
#define DN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DN_MIN(a, b) ((a) < (b) ? (a) : (b))
#define DN_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Reads a whole file; caller frees *out with free(). 0 on success, -1 with
 * errno set otherwise. Refuses files over max bytes (errno EFBIG). */
int dn_read_file(const char *path, size_t max, char **out, size_t *len);

/* Case-insensitive ASCII comparison of a span with a NUL-terminated word:
 * 1 when word is n bytes long and equal to s[0..n) but for ASCII case.
 * Inline, so that a literal word costs no strlen (hot in the coder). */
static inline int dn_span_ieq(const char *s, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];
		if (a == b) {
			if (!b)
				return 0; /* a NUL inside s: word is shorter */
			continue;
		}
		if ((a ^ b) != 0x20)
			return 0; /* not even a case pair (the common exit) */
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b + 32);
		if (a != b)
			return 0;
	}
	return word[n] == 0;
}

#endif
