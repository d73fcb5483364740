/*
 * decode.c — UTF-8 validation and same-length cleaning.
 *
 * Invalid bytes become '?', NULs become ' ', CR becomes '\n' (or ' ' when
 * a '\n' follows), so later stages see valid UTF-8 while every offset still
 * points at the same byte of the original document.
 */
#include "text.h"

static int S_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	int len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		len = 2;
		min = 0x80;
	} else if (c < 0xF0) {
		len = 3;
		min = 0x800;
	} else if (c < 0xF5) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	unsigned cp = c & (0x7F >> len);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void dn_text_decode(const char *in, size_t n, char *out, size_t *nbad,
		    size_t *nnul)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t bad = 0, nul = 0;
	size_t i = 0;
	while (i < n) {
		/* eight printable ASCII bytes at a time (none under 0x20, none
		 * from 0x80: the exact word tests), copied as they are */
		while (i + 8 <= n) {
			const uint64_t ones = 0x0101010101010101ULL;
			const uint64_t high = 0x8080808080808080ULL;
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & high) | ((w - ones * 0x20) & ~w & high))
				break;
			memcpy(out + i, &w, 8);
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c >= 0x20 && c < 0x80) {
			out[i] = (char)c;
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c == 0) {
				out[i] = ' ';
				nul++;
			} else if (c == '\r') {
				out[i] = (i + 1 < n && s[i + 1] == '\n') ? ' ' : '\n';
			} else if (c == '\n' || c == '\t') {
				out[i] = (char)c;
			} else {
				out[i] = ' '; /* other controls */
			}
			i++;
			continue;
		}
		int len = S_seq_len(s + i, n - i);
		if (len == 0) {
			out[i] = '?';
			bad++;
			i++;
			continue;
		}
		memcpy(out + i, s + i, (size_t)len);
		i += (size_t)len;
	}
	*nbad = bad;
	*nnul = nul;
}

int32_t dn_utf8_get(const char *p, size_t n, int *len)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned c = s[0];
	if (c < 0x80 || n < 2) {
		*len = 1;
		return (int32_t)c;
	}
	int l = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if ((size_t)l > n) {
		*len = 1;
		return '?';
	}
	int32_t cp = (int32_t)(c & (0x7F >> l));
	for (int i = 1; i < l; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	*len = l;
	return cp;
}

size_t dn_utf8_invalid(const char *in, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	for (size_t i = 0; i < n;) {
		int len = S_seq_len(s + i, n - i);
		if (len == 0)
			return i;
		i += (size_t)len;
	}
	return n;
}
