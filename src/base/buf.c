/*
 * buf.c — the growable byte buffer every writer uses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "base.h"

void dn_buf_init(dn_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void dn_buf_clear(dn_buf *b)
{
	size_t max = b->max;
	free(b->p);
	dn_buf_init(b);
	b->max = max;
}

void dn_buf_reset(dn_buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->p)
		b->p[0] = 0;
}

int dn_buf_reserve_slow(dn_buf *b, size_t extra)
{
	size_t max = b->max ? b->max : DN_BUF_MAX;
	if (b->oom)
		return -1;
	if (extra > max || b->len + extra + 1 > max) {
		b->oom = 1;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap + b->cap / 2 : 256;
	if (cap < need)
		cap = need;
	if (cap > max)
		cap = max;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

int dn_buf_add_slow(dn_buf *b, const void *s, size_t n)
{
	if (dn_buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return 0;
}


int dn_buf_printf(dn_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[256];
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof tmp)
		return dn_buf_add(b, tmp, (size_t)n);
	if (dn_buf_reserve(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int dn_read_file(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	*out = NULL;
	*len = 0;
	if (!f)
		return -1;
	dn_buf b;
	dn_buf_init(&b);
	b.max = max + 2;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			fclose(f);
			dn_buf_clear(&b);
			errno = EFBIG;
			return -1;
		}
		if (dn_buf_add(&b, chunk, n) < 0) {
			fclose(f);
			dn_buf_clear(&b);
			errno = ENOMEM;
			return -1;
		}
	}
	int bad = ferror(f);
	int saved = errno;
	fclose(f);
	if (bad) {
		dn_buf_clear(&b);
		errno = saved ? saved : EIO;
		return -1;
	}
	if (!b.p && dn_buf_reserve(&b, 0) == 0)
		b.p[0] = 0;
	if (!b.p) {
		errno = ENOMEM;
		return -1;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}
