/*
 * emit.c — event records and the debug view as JSON Lines.
 *
 * Texts come from the cleaned buffer (valid UTF-8, same offsets as the
 * original), so the output is valid JSON whatever the input bytes were.
 * Records are written straight into the output buffer, byte for byte as
 * jansson wrote them (see "JSON writer"); the debug view, which is not
 * on the hot path, still builds jansson values.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "code/coder_int.h"
#include "emit.h"

static json_t *S_text(const dn_coder *c, uint32_t a, uint32_t b)
{
	return json_stringn_nocheck(c->clean + a, b - a);
}

static json_t *S_span(uint32_t a, uint32_t b)
{
	json_t *s = json_array();
	json_array_append_new(s, json_integer(a));
	json_array_append_new(s, json_integer(b));
	return s;
}

/* The entity's text without a leading determiner or possessive pronoun. */
static void S_ent_span(const dn_coder *c, const dn_ent *e, uint32_t *a, uint32_t *b)
{
	const dn_toks *t = &c->toks;
	int i = e->a;
	if (i + 1 < e->b && ((t->v[i].cls & DN_C_DET) || t->v[i].word == c->dict->w_its ||
			     t->v[i].word == c->dict->w_their || t->v[i].word == c->dict->w_his ||
			     t->v[i].word == c->dict->w_her))
		i++;
	*a = t->v[i].start;
	*b = t->v[e->b - 1].end;
}

/* Entities with a sector but no country take the event's place or the
 * story's focus country ("civilians" in a story about Aleppo). */
static void S_fill(const dn_coder *c, dn_event *ev)
{
	const char *fill = ev->has_loc && ev->loc.place.country[0] ? ev->loc.place.country
								     : dn_focus_get(c);
	if (!fill)
		return;
	dn_ent *roles[2] = {ev->actor, ev->recip};
	int counts[2] = {ev->nactor, ev->nrecip};
	for (int r = 0; r < 2; r++)
		for (int i = 0; i < counts[r]; i++) {
			dn_ent *e = &roles[r][i];
			if (!e->ncountry && e->sector && !(e->flags & DN_EF_FOREIGN))
				dn_ent_add_country(e, fill);
		}
}

/* MARK: - JSON writer
 * The event records are written straight into the output buffer. The
 * bytes are those jansson's json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER)
 * gave for the same values (it wrote them before, and still writes the
 * debug view below), at a fraction of the cost: no tree, no allocation
 * per value. What jansson does with odd input is kept too:
 *   - strings it was given checked (json_string) must be valid UTF-8,
 *     else the member is left out (the value was NULL);
 *   - texts of the document (json_stringn_nocheck) are checked when
 *     written: invalid UTF-8 fails the record (-1, as json_dumps failed);
 *   - '"', '\\' and control characters are escaped (\b \f \n \r \t, else
 *     \u00XX in upper-case hex), nothing else;
 *   - reals are "%.17g" with ".0" added when it reads as an integer, and
 *     no '+' or leading zeros in the exponent; NaN and infinities are left
 *     out (json_real refused them);
 *   - "mode" and "context" are parsed and written again (json_loads), so
 *     only a list already in that compact form is copied as it is. */

/* The length of the UTF-8 sequence at s[0..n) as jansson's utf8_iterate
 * accepts it (no overlongs, surrogates or code points past U+10FFFF), or
 * 0 when it is invalid. *cp gets the code point. */
static size_t S_utf8_seq(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned char u = s[0];
	size_t len;
	int32_t v;
	if (u < 0x80) {
		*cp = u;
		return 1;
	}
	if (u >= 0xC2 && u <= 0xDF) {
		len = 2;
		v = u & 0x1F;
	} else if (u >= 0xE0 && u <= 0xEF) {
		len = 3;
		v = u & 0x0F;
	} else if (u >= 0xF0 && u <= 0xF4) {
		len = 4;
		v = u & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
		v = (v << 6) + (s[i] & 0x3F);
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
	    (len == 3 && v < 0x800) || (len == 4 && v < 0x10000))
		return 0;
	*cp = v;
	return len;
}

/* Whether s[0..n) is valid UTF-8 (jansson's utf8_check_string). */
static int S_utf8_ok(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		size_t k = S_utf8_seq(u + i, n - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* Whether an ASCII byte goes out as it is inside a JSON string (bytes
 * from 0x80 are checked as UTF-8 and then copied). */
static inline int S_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Appends the JSON string of s[0..n) (quotes included). -1 on invalid
 * UTF-8; an out-of-memory buffer is left to the caller (b->oom). */
static int S_jstr(dn_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	if (dn_buf_reserve(b, n + 2) < 0)
		return 0;
	b->p[b->len++] = '"';
	size_t run = 0; /* start of the bytes not yet copied */
	for (size_t i = 0; i < n;) {
		/* eight plain bytes at a time, by the exact "has a byte less
		 * than" and "has a zero byte" word tests: any byte from 0x80,
		 * under 0x20, or equal to '"' or '\\' sends them to the loop */
		while (i + 8 <= n) {
			const uint64_t ones = 0x0101010101010101ULL;
			const uint64_t high = 0x8080808080808080ULL;
			uint64_t w;
			memcpy(&w, u + i, 8);
			uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
			uint64_t bad = (w & high) | ((w - ones * 0x20) & ~w & high) |
				       ((q - ones) & ~q & high) | ((bs - ones) & ~bs & high);
			if (bad)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = u[i];
		if (S_plain(c)) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			int32_t cp;
			size_t k = S_utf8_seq(u + i, n - i, &cp);
			if (!k)
				return -1;
			i += k;
			continue;
		}
		dn_buf_add(b, s + run, i - run);
		char esc[6] = {'\\', 0, 0, 0, 0, 0};
		size_t el = 2;
		switch (c) {
		case '\\': esc[1] = '\\'; break;
		case '"': esc[1] = '"'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			el = 6;
		}
		dn_buf_add(b, esc, el);
		run = ++i;
	}
	dn_buf_add(b, s + run, n - run);
	dn_buf_addc(b, '"');
	return 0;
}

/* A string jansson was given checked: invalid UTF-8 (or NULL) made the
 * value NULL and the member vanish. Appends `,"key":"value"` (key
 * given with its comma, quotes and colon), or nothing. */
static inline void S_member_str(dn_buf *b, const char *key, const char *v)
{
	if (!v)
		return;
	size_t mark = b->len;
	dn_buf_adds(b, key);
	if (S_jstr(b, v, strlen(v)) < 0 && !b->oom) {
		b->len = mark; /* invalid UTF-8: no member at all */
		b->p[mark] = 0;
	}
}

/* Appends a string member whose value may be null. */
static void S_member_str_or_null(dn_buf *b, const char *key, const char *v)
{
	if (!v) {
		dn_buf_adds(b, key);
		dn_buf_add(b, "null", 4);
		return;
	}
	S_member_str(b, key, v);
}

static void S_jint(dn_buf *b, long long v)
{
	char tmp[24];
	char *e = tmp + sizeof tmp, *q = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	dn_buf_add(b, q, (size_t)(e - q));
}

__extension__ typedef unsigned __int128 S_u128; /* GCC and Clang */

/* snprintf(buf, .., "%.17g", v) for 1e-4 <= |v| < 1e15, the range of
 * coordinates, without stdio: v = m * 2^e exactly, so v * 10^k = m * 5^k
 * * 2^(e + k) is an exact 128-bit fraction; its 17 digits are rounded to
 * nearest, ties to even, as glibc does. Returns the length, or 0 outside
 * that range (the caller then asks snprintf). */
static int S_g17(double v, char *buf)
{
	static const uint64_t pow5[] = {
		1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL,
		390625ULL, 1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL,
		1220703125ULL, 6103515625ULL, 30517578125ULL, 152587890625ULL,
		762939453125ULL, 3814697265625ULL, 19073486328125ULL,
		95367431640625ULL, 476837158203125ULL, 2384185791015625ULL,
		11920928955078125ULL};
	const uint64_t lo = 10000000000000000ULL, hi = 100000000000000000ULL;
	double a = fabs(v);
	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	int ex;
	double fr = frexp(a, &ex);
	uint64_t m = (uint64_t)ldexp(fr, 53); /* exact: 53 bits */
	int e = ex - 53;                      /* a = m * 2^e */
	int x = (int)floor(log10(a));         /* the decimal exponent, +-1 */
	S_u128 q = 0, rem = 0, half = 0;
	for (int tries = 0;; tries++) {
		int k = 16 - x; /* a * 10^k in [10^16, 10^17) when x is right */
		if (tries > 2 || k < 0 || k >= (int)DN_ARRAY_LEN(pow5))
			return 0;
		S_u128 p = (S_u128)m * pow5[k];
		int sh = e + k;
		if (sh >= 0) {
			if (sh > 20)
				return 0;
			q = p << sh;
			rem = half = 0;
		} else {
			if (-sh > 100)
				return 0;
			q = p >> -sh;
			rem = p & ((((S_u128)1) << -sh) - 1);
			half = ((S_u128)1) << (-sh - 1);
		}
		if (q < lo)
			x--;
		else if (q >= hi)
			x++;
		else
			break;
	}
	if (rem > half || (half && rem == half && (q & 1)))
		q++;
	if (q == hi) {
		q = lo;
		x++;
	}
	if (x < -4 || x >= 17)
		return 0; /* %g would use an exponent */
	char dig[17];
	uint64_t d = (uint64_t)q;
	for (int i = 16; i >= 0; i--) {
		dig[i] = (char)('0' + d % 10);
		d /= 10;
	}
	int o = 0;
	if (v < 0)
		buf[o++] = '-';
	int nfrac; /* digits after the point, before trailing zeros go */
	if (x >= 0) {
		memcpy(buf + o, dig, (size_t)x + 1);
		o += x + 1;
		nfrac = 16 - x;
	} else {
		buf[o++] = '0';
		nfrac = 16 - x;
	}
	/* the fraction: -x-1 zeros then the digits (x < 0), or the digits
	 * after the integer part */
	char frac[24];
	int f = 0;
	if (x < 0) {
		for (int i = 0; i < -x - 1; i++)
			frac[f++] = '0';
		memcpy(frac + f, dig, 17);
		f += 17;
	} else {
		memcpy(frac, dig + x + 1, (size_t)nfrac);
		f = nfrac;
	}
	while (f > 0 && frac[f - 1] == '0')
		f--;
	if (f) {
		buf[o++] = '.';
		memcpy(buf + o, frac, (size_t)f);
		o += f;
	}
	buf[o] = 0;
	return o;
}

/* jansson's jsonp_dtostr with precision 17. 0, or -1 when jansson would
 * have failed. */
static int S_jreal(dn_buf *b, double v)
{
	char buf[100];
	int ret = S_g17(v, buf);
	if (!ret)
		ret = snprintf(buf, sizeof buf, "%.17g", v);
	if (ret < 0 || (size_t)ret >= sizeof buf)
		return -1;
	size_t len = (size_t)ret;
	if (!strchr(buf, '.') && !strchr(buf, 'e')) {
		if (len + 3 >= sizeof buf)
			return -1;
		buf[len++] = '.';
		buf[len++] = '0';
		buf[len] = 0;
	}
	char *start = strchr(buf, 'e');
	if (start) {
		start++;
		char *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - buf));
			len -= (size_t)(end - start);
		}
	}
	dn_buf_add(b, buf, len);
	return 0;
}

/* Appends `,"key":` and the real, or nothing for NaN and infinities
 * (json_real refused them); a failed conversion fails the record. */
static int S_member_real(dn_buf *b, const char *key, double v)
{
	if (isnan(v) || isinf(v))
		return 0;
	dn_buf_adds(b, key);
	return S_jreal(b, v);
}

static void S_jspan(dn_buf *b, uint32_t a, uint32_t e)
{
	dn_buf_addc(b, '[');
	S_jint(b, a);
	dn_buf_addc(b, ',');
	S_jint(b, e);
	dn_buf_addc(b, ']');
}

/* Whether s is a list in the compact form json_dumps writes: ["a","b"]
 * with valid UTF-8 and no escapes. Then json_loads + json_dumps give s. */
static int S_compact_list(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || s[0] != '[' || s[n - 1] != ']' || !S_utf8_ok(s, n))
		return 0;
	size_t i = 1;
	if (i == n - 1)
		return 1; /* [] */
	for (;;) {
		if (s[i++] != '"')
			return 0;
		while (i < n && s[i] != '"') {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x20 || c == '\\')
				return 0;
			i++;
		}
		if (i >= n - 1)
			return 0;
		i++; /* the closing quote */
		if (i == n - 1)
			return 1;
		if (s[i++] != ',')
			return 0;
	}
}

/* "mode"/"context": the pattern's list as json_loads + json_dumps give it.
 * NULL or an unparsable list leaves the member out. -1 on failure. */
static int S_member_list(dn_buf *b, const char *key, const char *list)
{
	if (!list)
		return 0;
	if (S_compact_list(list)) {
		dn_buf_adds(b, key);
		dn_buf_adds(b, list);
		return 0;
	}
	json_t *v = json_loads(list, 0, NULL);
	if (!v)
		return 0;
	char *d = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(v);
	if (!d)
		return -1;
	dn_buf_adds(b, key);
	dn_buf_adds(b, d);
	free(d);
	return 0;
}

/* `"key":` + a text of the document (checked only now, as jansson did). */
static int S_member_text(dn_buf *b, const dn_coder *c, const char *key,
			 uint32_t a, uint32_t e)
{
	dn_buf_adds(b, key);
	return S_jstr(b, c->clean + a, e - a);
}

/* An entity object. */
static int S_jentity(dn_buf *b, const dn_coder *c, const dn_ent *e, int ci)
{
	uint32_t a, z;
	S_ent_span(c, e, &a, &z);
	if (S_member_text(b, c, "{\"text\":", a, z) < 0)
		return -1;
	if (ci < e->ncountry)
		S_member_str(b, ",\"country\":", e->country[ci]);
	else
		dn_buf_adds(b, ",\"country\":null");
	if (e->sector)
		S_member_str(b, ",\"sector\":", dn_sector_names[e->sector]);
	else
		dn_buf_adds(b, ",\"sector\":null");
	if (e->name)
		S_member_str(b, ",\"name\":", e->name);
	dn_buf_addc(b, '}');
	return 0;
}

static int S_jentities(dn_buf *b, const dn_coder *c, const dn_ent *v, int n)
{
	int any = 0;
	dn_buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		int nc = v[i].ncountry ? v[i].ncountry : 1;
		for (int k = 0; k < nc; k++) {
			if (any++)
				dn_buf_addc(b, ',');
			if (S_jentity(b, c, &v[i], k) < 0)
				return -1;
		}
	}
	dn_buf_addc(b, ']');
	return 0;
}

static int S_jcount(dn_buf *b, const dn_coder *c, const char *key, const dn_count *k)
{
	dn_buf_adds(b, key);
	if (!k->set) {
		dn_buf_add(b, "null", 4);
		return 0;
	}
	dn_buf_add(b, "{\"min\":", 7);
	S_jint(b, k->min);
	dn_buf_add(b, ",\"max\":", 7);
	if (k->max < 0)
		dn_buf_add(b, "null", 4);
	else
		S_jint(b, k->max);
	if (S_member_text(b, c, ",\"text\":", k->start, k->end) < 0)
		return -1;
	dn_buf_addc(b, '}');
	return 0;
}

static int S_jlocation(dn_buf *b, const dn_coder *c, const dn_event *ev)
{
	dn_buf_adds(b, ",\"location\":");
	if (!ev->has_loc) {
		dn_buf_add(b, "null", 4);
		return 0;
	}
	const dn_place *p = &ev->loc.place;
	if (S_member_text(b, c, "{\"text\":", ev->loc.start, ev->loc.end) < 0)
		return -1;
	S_member_str_or_null(b, ",\"name\":", p->name);
	S_member_str_or_null(b, ",\"country\":", p->country[0] ? p->country : NULL);
	S_member_str_or_null(b, ",\"province\":", p->province);
	if (p->lat == p->lat) {
		if (S_member_real(b, ",\"lat\":", p->lat) < 0)
			return -1;
	} else {
		dn_buf_adds(b, ",\"lat\":null");
	}
	if (p->lon == p->lon) {
		if (S_member_real(b, ",\"lon\":", p->lon) < 0)
			return -1;
	} else {
		dn_buf_adds(b, ",\"lon\":null");
	}
	dn_buf_adds(b, ",\"resolution\":");
	S_jint(b, p->resolution);
	dn_buf_addc(b, '}');
	return 0;
}

/* One record (without its newline); -1 when jansson's dump would fail. */
static int S_jevent(dn_buf *b, dn_coder *c, const dn_event *ev, int n)
{
	const char *id = c->doc->id;
	/* snprintf(eid, 1200, "%.1100s#%d", id, n) */
	char eid[1200];
	size_t il = strnlen(id, 1100);
	memcpy(eid, id, il);
	eid[il++] = '#';
	char num[16];
	char *ne = num + sizeof num, *nq = ne;
	unsigned u = (unsigned)n;
	do {
		*--nq = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	memcpy(eid + il, nq, (size_t)(ne - nq));
	il += (size_t)(ne - nq);
	eid[il] = 0;
	/* "id" and "doc" are left out when not valid UTF-8 */
	int any = 0;
	dn_buf_addc(b, '{');
	if (S_utf8_ok(eid, il)) {
		dn_buf_add(b, "\"id\":", 5);
		S_jstr(b, eid, il);
		any = 1;
	}
	size_t dl = strlen(id);
	if (S_utf8_ok(id, dl)) {
		dn_buf_adds(b, any ? ",\"doc\":" : "\"doc\":");
		S_jstr(b, id, dl);
		any = 1;
	}
	if (any)
		dn_buf_addc(b, ',');
	dn_buf_adds(b, "\"sentence\":");
	S_jint(b, ev->sent);
	dn_buf_adds(b, ",\"span\":");
	S_jspan(b, ev->sstart, ev->send);
	if (S_member_text(b, c, ",\"text\":", ev->sstart, ev->send) < 0)
		return -1;
	S_member_str(b, ",\"event\":", dn_event_names[ev->event]);
	if (S_member_list(b, ",\"mode\":", ev->pat ? ev->pat->modes : "[]") < 0 ||
	    S_member_list(b, ",\"context\":", ev->pat ? ev->pat->contexts : "[]") < 0)
		return -1;
	S_member_str(b, ",\"cameo\":", ev->pat ? ev->pat->cameo : "10");
	dn_buf_adds(b, ",\"actor\":");
	if (S_jentities(b, c, ev->actor, ev->nactor) < 0)
		return -1;
	dn_buf_adds(b, ",\"recipient\":");
	if (S_jentities(b, c, ev->recip, ev->nrecip) < 0)
		return -1;
	if (ev->has_when && ev->when.precision != DN_PREC_UNKNOWN) {
		char date[16] = "";
		dn_date_format(&ev->when.date, ev->when.precision, date);
		S_member_str(b, ",\"date\":", date);
		S_member_str(b, ",\"date_precision\":",
			     ev->when.precision == DN_PREC_DAY ? "day" :
			     ev->when.precision == DN_PREC_MONTH ? "month" : "year");
		if (S_member_text(b, c, ",\"date_text\":", ev->when.start, ev->when.end) < 0)
			return -1;
	} else if (c->have_pub) {
		S_member_str(b, ",\"date\":", c->pubstr);
		dn_buf_adds(b, ",\"date_precision\":\"day\",\"date_text\":null");
	} else {
		dn_buf_adds(b, ",\"date\":null,\"date_precision\":\"unknown\","
			       "\"date_text\":null");
	}
	if (S_jlocation(b, c, ev) < 0 ||
	    S_jcount(b, c, ",\"dead\":", &ev->dead) < 0 ||
	    S_jcount(b, c, ",\"injured\":", &ev->injured) < 0)
		return -1;
	S_member_str(b, ",\"modality\":", dn_modality_names[ev->modality]);
	dn_buf_adds(b, ",\"attribution\":");
	if (ev->has_attrib) {
		if (S_jentity(b, c, &ev->attrib, 0) < 0)
			return -1;
	} else {
		dn_buf_add(b, "null", 4);
	}
	uint32_t ta = c->toks.v[ev->ta].start, tb = c->toks.v[ev->tb - 1].end;
	if (S_member_text(b, c, ",\"trigger\":{\"text\":", ta, tb) < 0)
		return -1;
	dn_buf_adds(b, ",\"span\":");
	S_jspan(b, ta, tb);
	dn_buf_addc(b, '}');
	/* snprintf(rule, 128, "%s:%.100s", "noun"/"verb", text) or
	 * snprintf(rule, 128, "rule:%s", name), without stdio */
	char rule[128];
	const char *rt = ev->pat ? (ev->pat->text ? ev->pat->text : "(null)") :
			 ev->rule ? ev->rule : "?";
	size_t rl = strnlen(rt, ev->pat ? 100 : sizeof rule - 1 - 5);
	memcpy(rule, ev->pat ? (ev->noun ? "noun:" : "verb:") : "rule:", 5);
	memcpy(rule + 5, rt, rl);
	rule[5 + rl] = 0;
	S_member_str(b, ",\"rule\":", rule);
	dn_buf_addc(b, '}');
	return 0;
}

int dn_emit_events(dn_coder *c)
{
	int n = 0;
	for (int i = 0; i < c->nev; i++) {
		dn_event *ev = &c->ev[i];
		if (ev->dropped)
			continue;
		S_fill(c, ev);
		size_t mark = c->out.len;
		if (S_jevent(&c->out, c, ev, n++) < 0 || c->out.oom ||
		    dn_buf_addc(&c->out, '\n') < 0) {
			/* as when json_dumps failed: the record is not written */
			if (!c->out.oom && c->out.p) {
				c->out.len = mark;
				c->out.p[mark] = 0;
			}
			return -1;
		}
		c->stats.events++;
	}
	return 0;
}

int dn_emit_debug(dn_coder *c, int with_tokens)
{
	dn_buf_reset(&c->dbg);
	const char *id = c->doc ? c->doc->id : "";
	for (int r = 0; r < c->layout.nregions; r++) {
		const dn_region *g = &c->layout.regions[r];
		json_t *o = json_object();
		json_object_set_new(o, "doc", json_string(id));
		json_object_set_new(o, "region", json_string(dn_region_name(g->kind)));
		json_object_set_new(o, "span", S_span(g->start, g->end));
		json_object_set_new(o, "text", S_text(c, g->start, g->end));
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!s)
			return -1;
		dn_buf_adds(&c->dbg, s);
		dn_buf_addc(&c->dbg, '\n');
		free(s);
	}
	for (int i = 0; i < c->layout.nsents; i++) {
		const dn_sent *st = &c->layout.sents[i];
		json_t *o = json_object();
		json_object_set_new(o, "doc", json_string(id));
		json_object_set_new(o, "sentence", json_integer(i));
		json_object_set_new(o, "span", S_span(st->start, st->end));
		if (st->flags & DN_SF_HEADLINE)
			json_object_set_new(o, "headline", json_true());
		json_object_set_new(o, "text", S_text(c, st->start, st->end));
		if (with_tokens && c->sent_tok) {
			json_t *arr = json_array();
			for (int k = c->sent_tok[i]; k < c->sent_tok[i + 1]; k++) {
				const dn_tok *tk = &c->toks.v[k];
				json_t *to = json_array();
				json_array_append_new(to, json_integer(tk->start));
				json_array_append_new(to, json_integer(tk->end));
				json_array_append_new(to, json_stringn_nocheck(dn_tok_norm(&c->toks, tk), tk->nlen));
				json_array_append_new(arr, to);
			}
			json_object_set_new(o, "tokens", arr);
		}
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!s)
			return -1;
		dn_buf_adds(&c->dbg, s);
		dn_buf_addc(&c->dbg, '\n');
		free(s);
	}
	return c->dbg.oom ? -1 : 0;
}
