/*
 * gazetteer.c — places by name. Countries and first-level subdivisions
 * come from iso-codes, cities from libgeonames (cities.tsv), exonyms and
 * small places from data/places.txt, country names, adjectives and
 * capitals from data/countries.txt when present.
 *
 * Every name is reduced to a key (dn_gaz_key) and interned; a key leads
 * to a chain of links, one per place that bears the name. Places and
 * links live in flat arrays; strings are interned once. After dn_gaz_new
 * nothing changes, so lookups need no lock.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "../text/text.h"
#include "geo.h"

typedef struct S_place {
	const char *name;     /* display name, interned in g->strs */
	const char *province; /* interned in g->strs, or NULL */
	double lat, lon;      /* NAN when unknown */
	float score;          /* rank before context (dn_gaz_query_find) */
	uint32_t pop;         /* 0 when unknown */
	char cc[4];           /* alpha-3, "" when unknown */
	uint8_t res;          /* DN_RES_* */
	uint8_t flags;        /* DN_PLACE_* */
} S_place;

typedef struct S_link {
	uint32_t place; /* index into g->pl */
	uint32_t next;  /* index + 1 of the next link of the same key, 0 ends */
} S_link;

#define S_NCC3 (26 * 26 * 26)

struct dn_gaz {
	S_place *pl;       /* every place */
	size_t npl, cappl; /* count and capacity */
	S_link *lk;        /* name → place links */
	size_t nlk, caplk; /* count and capacity */
	uint32_t *head;    /* head[key id] = first link index + 1, 0 none */
	size_t caphead;    /* capacity of head */
	dn_strtab keys;    /* every key */
	dn_strtab firsts;  /* first words of keys */
	dn_strtab strs;    /* display names and provinces */
	dn_strtab blocked; /* keys places.txt says are never places */
	dn_strtab adj;     /* country adjectives (keys) */
	uint32_t adjfl[256]; /* bit n (31: n >= 31): an adjective key of
				length n starts with this byte */
	dn_strtab prefixes; /* p where some key starts with p + " " */
	dn_strtab inner;   /* words that follow another in some key */
	char (*adjcc)[4];  /* adjcc[adjective id] = alpha-3 */
	dn_arena names;    /* city names (not interned: nearly all differ) */
	size_t capadj;     /* capacity of adjcc */
	char a2to3[26 * 26][4]; /* alpha-2 → alpha-3 */
	uint32_t *country; /* country[alpha-3 slot] = place index + 1 */
};

/* MARK: - Errors */

static void S_fail(dn_error *err, dn_code code, const char *file, long line,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void S_fail(dn_error *err, dn_code code, const char *file, long line,
		   const char *fmt, ...)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->line = line;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/* MARK: - Keys */

/* Appends one code point's key form; returns bytes written or -1. */
static int S_key_cp(int32_t cp, char *out, size_t room)
{
	const char *map = NULL;
	switch (cp) {
	case 0xF8: case 0xD8: map = "o"; break;
	case 0x142: case 0x141: map = "l"; break;
	case 0x111: case 0x110: case 0xF0: case 0xD0: map = "d"; break;
	case 0x127: case 0x126: map = "h"; break;
	case 0x131: map = "i"; break;
	case 0xE6: case 0xC6: map = "ae"; break;
	case 0x153: case 0x152: map = "oe"; break;
	case 0xDF: map = "ss"; break;
	case 0xFE: case 0xDE: map = "th"; break;
	default: break;
	}
	if (map) {
		size_t m = strlen(map);
		if (m >= room)
			return -1;
		memcpy(out, map, m);
		return (int)m;
	}
	utf8proc_int32_t dst[8];
	int bound = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
		cp, dst, 8,
		UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bound);
	if (k < 0 || k > 8) {
		dst[0] = cp;
		k = 1;
	}
	int o = 0;
	for (utf8proc_ssize_t j = 0; j < k; j++) {
		if ((size_t)o + 4 >= room)
			return -1;
		o += (int)utf8proc_encode_char(dst[j], (utf8proc_uint8_t *)out + o);
	}
	return o;
}

/* How a code point counts in a key: 0 drop, 1 keep, 2 separator. */
static int S_key_class(int32_t cp)
{
	switch (cp) {
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return 2;
	default:
		break;
	}
	utf8proc_category_t cat = utf8proc_category(cp);
	if (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP)
		return 2;
	if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
	    cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LO ||
	    cat == UTF8PROC_CATEGORY_ND)
		return 1;
	return 0; /* marks, modifier letters (ʿ ʻ), quotes, symbols */
}

/* ASCII in keys: 0 drop, 2 separator, else the byte to write. */
static const unsigned char S_ASCII_KEY[128] = {
	['\t'] = 2, ['\n'] = 2, [' '] = 2, ['-'] = 2, ['_'] = 2, ['/'] = 2,
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z',
};

/* The key of s[0..n) without dropping a leading "the": its length, or
 * (size_t)-1 when it does not fit in cap bytes. */
static size_t S_key_raw(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	int sep = 0;
	if (cap < 8)
		return (size_t)-1;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		int kind, len = 1;
		int32_t cp = c;
		if (c < 0x80) {
			kind = S_ASCII_KEY[c];
			if (kind > 2) { /* the common case: a letter or digit */
				if (sep) {
					if (o + 2 >= cap)
						return (size_t)-1;
					out[o++] = ' ';
					sep = 0;
				}
				if (o + 2 >= cap)
					return (size_t)-1;
				out[o++] = (char)kind;
				i++;
				continue;
			}
		} else {
			cp = dn_utf8_get(s + i, n - i, &len);
			kind = S_key_class(cp);
		}
		i += (size_t)len;
		if (kind == 2) {
			sep = o > 0;
			continue;
		}
		if (kind == 0)
			continue;
		if (sep) {
			if (o + 2 >= cap)
				return (size_t)-1;
			out[o++] = ' ';
			sep = 0;
		}
		int m = S_key_cp(cp, out + o, cap - o - 1);
		if (m < 0)
			return (size_t)-1;
		o += (size_t)m;
	}
	out[o] = 0;
	return o;
}

/* Drops a leading "the " from the key out[0..o) (dn_gaz_key's last step). */
static size_t S_key_strip(char *out, size_t o)
{
	if (o > 4 && memcmp(out, "the ", 4) == 0) {
		memmove(out, out + 4, o - 4);
		o -= 4;
		out[o] = 0;
	}
	return o;
}

size_t dn_gaz_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = S_key_raw(s, n, out, cap);
	return o == (size_t)-1 ? 0 : S_key_strip(out, o);
}

int dn_gaz_key_part(const char *s, size_t n, char *out, size_t cap, size_t *len)
{
	size_t o = S_key_raw(s, n, out, cap);
	if (o == (size_t)-1)
		return 0;
	*len = o;
	return 1;
}

/* MARK: - Building */

static int S_cc3_slot(const char *cc)
{
	if (!isupper((unsigned char)cc[0]) || !isupper((unsigned char)cc[1]) ||
	    !isupper((unsigned char)cc[2]) || cc[3])
		return -1;
	return ((cc[0] - 'A') * 26 + (cc[1] - 'A')) * 26 + (cc[2] - 'A');
}

static S_place *S_country(const dn_gaz *g, const char *cc)
{
	int slot = S_cc3_slot(cc);
	if (slot < 0 || !g->country[slot])
		return NULL;
	return &g->pl[g->country[slot] - 1];
}

static const char *S_str(dn_gaz *g, const char *s, size_t n)
{
	uint32_t id = dn_strtab_intern(&g->strs, s, n);
	return id ? dn_strtab_str(&g->strs, id) : NULL;
}

static float S_rank(const S_place *p)
{
	double pop = p->pop;
	if (p->res == DN_RES_COUNTRY)
		pop = 1e9;
	else if ((p->res <= DN_RES_DISTRICT || (p->flags & DN_PLACE_CURATED)) &&
		 pop < 1e5)
		pop = 1e5;
	else if (pop < 1e3)
		pop = 1e3;
	/* + res / 100: of equal rank, the finer place wins (city over province) */
	return (float)(log10(pop) + ((p->flags & DN_PLACE_CURATED) ? 1.5 : 0) +
		       p->res / 100.0);
}

/* Adds a place; returns its index, or -1 on OOM. */
static long S_place_add(dn_gaz *g, const S_place *p)
{
	if (g->npl == g->cappl) {
		size_t cap = g->cappl ? g->cappl * 2 : 32768;
		S_place *v = realloc(g->pl, cap * sizeof(*v));
		if (!v)
			return -1;
		g->pl = v;
		g->cappl = cap;
	}
	g->pl[g->npl] = *p;
	g->pl[g->npl].score = S_rank(p);
	return (long)g->npl++;
}

/* Links an already normalised key to place pl. 0 on success, -1 OOM. */
static int S_link_key(dn_gaz *g, const char *key, size_t n, uint32_t pl)
{
	if (n == 0)
		return 0;
	uint32_t id = dn_strtab_intern(&g->keys, key, n);
	if (!id)
		return -1;
	if (id >= g->caphead) {
		size_t cap = g->caphead ? g->caphead * 2 : 65536;
		while (cap <= id)
			cap *= 2;
		uint32_t *h = realloc(g->head, cap * sizeof(*h));
		if (!h)
			return -1;
		memset(h + g->caphead, 0, (cap - g->caphead) * sizeof(*h));
		g->head = h;
		g->caphead = cap;
	}
	for (uint32_t l = g->head[id]; l; l = g->lk[l - 1].next)
		if (g->lk[l - 1].place == pl)
			return 0;
	if (g->nlk == g->caplk) {
		size_t cap = g->caplk ? g->caplk * 2 : 65536;
		S_link *v = realloc(g->lk, cap * sizeof(*v));
		if (!v)
			return -1;
		g->lk = v;
		g->caplk = cap;
	}
	g->lk[g->nlk].place = pl;
	g->lk[g->nlk].next = g->head[id];
	g->head[id] = (uint32_t)++g->nlk;
	/* one-word keys answer dn_gaz_is_first_word from g->keys itself */
	const char *sp = memchr(key, ' ', n);
	if (!sp)
		return 0;
	return dn_strtab_intern(&g->firsts, key, (size_t)(sp - key)) ? 0 : -1;
}

/* Links the name s[0..n) (any form) to place pl. */
static int S_link_name(dn_gaz *g, const char *s, size_t n, uint32_t pl)
{
	char key[DN_GAZ_MAX_KEY];
	size_t k = dn_gaz_key(s, n, key, sizeof key);
	return S_link_key(g, key, k, pl);
}

/* The Arabic article as written in transliterated names. */
static const char *const S_ARTICLES[] = {
	"al ", "el ", "ad ", "adh ", "ar ", "as ", "ash ", "at ", "ath ",
	"az ", "an ", "aj "
};

/* Links a city name, and for Arabic-speaking countries the name without
 * its article and with "al" ("Ar Rastan" → "rastan", "al rastan"). */
static int S_link_city(dn_gaz *g, const char *s, size_t n, uint32_t pl,
		       int arabic)
{
	char key[DN_GAZ_MAX_KEY], alt[DN_GAZ_MAX_KEY];
	size_t k = dn_gaz_key(s, n, key, sizeof key);
	if (S_link_key(g, key, k, pl) < 0)
		return -1;
	if (!arabic)
		return 0;
	for (size_t i = 0; i < DN_ARRAY_LEN(S_ARTICLES); i++) {
		size_t m = strlen(S_ARTICLES[i]);
		if (k <= m + 2 || memcmp(key, S_ARTICLES[i], m) != 0)
			continue;
		if (S_link_key(g, key + m, k - m, pl) < 0)
			return -1;
		if (i > 0 && k - m + 3 < sizeof alt) {
			memcpy(alt, "al ", 3);
			memcpy(alt + 3, key + m, k - m);
			if (S_link_key(g, alt, k - m + 3, pl) < 0)
				return -1;
		}
		break;
	}
	return 0;
}

static int S_is_arabic(const char *cc)
{
	static const char *const arab[] = {
		"SYR", "IRQ", "YEM", "LBY", "PSE", "LBN", "JOR", "SAU", "EGY",
		"SDN", "TUN", "DZA", "MAR", "MRT", "OMN", "ARE", "KWT", "QAT",
		"BHR"
	};
	for (size_t i = 0; i < DN_ARRAY_LEN(arab); i++)
		if (strcmp(cc, arab[i]) == 0)
			return 1;
	return 0;
}

/* MARK: - iso-codes */

static const char *S_jstr(json_t *o, const char *field)
{
	return json_string_value(json_object_get(o, field));
}

/* Whether a data file holds bytes that are not UTF-8 (names go into the
 * JSON output as they are); reports the line when so. */
static int S_bad_utf8(const char *buf, size_t len, const char *path, dn_error *err)
{
	size_t at = dn_utf8_invalid(buf, len);
	if (at == len)
		return 0;
	long line = 1;
	size_t bol = 0; /* where the line starts */
	for (size_t i = 0; i < at; i++)
		if (buf[i] == '\n') {
			line++;
			bol = i + 1;
		}
	S_fail(err, DN_EFORMAT, path, line, "invalid UTF-8 (byte %zu of the line)", at - bol + 1);
	return 1;
}

static json_t *S_load_json(const char *path, const char *member, dn_error *err)
{
	char *buf;
	size_t len;
	if (dn_read_file(path, DN_GAZ_MAX_FILE, &buf, &len) < 0) {
		S_fail(err, DN_EIO, path, 0, "cannot read iso-codes: %s", strerror(errno));
		return NULL;
	}
	/* json_loadb over one buffer: json_load_file reads a byte at a time */
	json_error_t je;
	json_t *root = json_loadb(buf, len, 0, &je);
	free(buf);
	if (!root) {
		S_fail(err, DN_EFORMAT, path, je.line, "bad iso-codes JSON: %s", je.text);
		return NULL;
	}
	if (!json_is_array(json_object_get(root, member))) {
		S_fail(err, DN_EFORMAT, path, 0, "no \"%s\" array", member);
		json_decref(root);
		return NULL;
	}
	return root;
}

/* The a2to3 slot of an alpha-2 code, or -1 when it is not two capitals. */
static int S_cc2_slot(const char *a2)
{
	if (!isupper((unsigned char)a2[0]) || !isupper((unsigned char)a2[1]))
		return -1;
	return (a2[0] - 'A') * 26 + (a2[1] - 'A');
}

static int S_load_iso_countries(dn_gaz *g, dn_error *err)
{
	const char *path = DN_ISO_DIR "/iso_3166-1.json";
	json_t *root = S_load_json(path, "3166-1", err);
	if (!root)
		return -1;
	json_t *arr = json_object_get(root, "3166-1"), *e;
	size_t i;
	int rc = 0;
	json_array_foreach(arr, i, e) {
		const char *a2 = S_jstr(e, "alpha_2"), *a3 = S_jstr(e, "alpha_3");
		const char *name = S_jstr(e, "name"), *common = S_jstr(e, "common_name");
		const char *official = S_jstr(e, "official_name");
		if (!a2 || !a3 || !name || strlen(a2) != 2 || S_cc3_slot(a3) < 0 ||
		    S_cc2_slot(a2) < 0)
			continue;
		memcpy(g->a2to3[S_cc2_slot(a2)], a3, 4);
		const char *disp = common ? common : name;
		S_place p = {.name = S_str(g, disp, strlen(disp)), .lat = NAN,
			     .lon = NAN, .res = DN_RES_COUNTRY};
		memcpy(p.cc, a3, 4);
		long id = p.name ? S_place_add(g, &p) : -1;
		if (id < 0) {
			rc = -1;
			break;
		}
		g->country[S_cc3_slot(a3)] = (uint32_t)id + 1;
		const char *names[] = {name, common, official};
		for (size_t k = 0; k < 3 && rc == 0; k++)
			if (names[k] && !strchr(names[k], ','))
				rc = S_link_name(g, names[k], strlen(names[k]), (uint32_t)id);
		if (rc)
			break;
	}
	json_decref(root);
	/* libgeonames writes Kosovo as XK; PLOVER codes it KOS */
	if (!g->a2to3[S_cc2_slot("XK")][0])
		memcpy(g->a2to3[S_cc2_slot("XK")], "KOS", 4);
	if (rc)
		S_fail(err, DN_ENOMEM, path, 0, "out of memory");
	return rc;
}

static const char *S_cc2to3(const dn_gaz *g, const char *a2)
{
	int slot = S_cc2_slot(a2);
	if (slot < 0)
		return NULL;
	const char *a3 = g->a2to3[slot];
	return a3[0] ? a3 : NULL;
}

static int S_load_iso_subdivisions(dn_gaz *g, dn_error *err)
{
	const char *path = DN_ISO_DIR "/iso_3166-2.json";
	json_t *root = S_load_json(path, "3166-2", err);
	if (!root)
		return -1;
	json_t *arr = json_object_get(root, "3166-2"), *e;
	size_t i;
	int rc = 0;
	json_array_foreach(arr, i, e) {
		const char *code = S_jstr(e, "code"), *name = S_jstr(e, "name");
		if (!code || !name || strlen(code) < 4 || code[2] != '-' ||
		    json_object_get(e, "parent"))
			continue;
		const char *a3 = S_cc2to3(g, code);
		if (!a3)
			continue;
		size_t n = strlen(name);
		const char *br = strstr(name, " [");
		if (br)
			n = (size_t)(br - name); /* "Amānat al ‘Āşimah [city]" */
		S_place p = {.name = S_str(g, name, n), .lat = NAN, .lon = NAN,
			     .res = DN_RES_PROVINCE};
		p.province = p.name;
		memcpy(p.cc, a3, 4);
		long id = p.name ? S_place_add(g, &p) : -1;
		if (id < 0 || S_link_name(g, name, n, (uint32_t)id) < 0) {
			rc = -1;
			break;
		}
	}
	json_decref(root);
	if (rc)
		S_fail(err, DN_ENOMEM, path, 0, "out of memory");
	return rc;
}

/* MARK: - cities.tsv */

/* Trims libgeonames' state names to the name: "Idlib Governorate" →
 * "Idlib", "Canton of Vaud" → "Vaud". */
static void S_clean_province(const char **s, size_t *n)
{
	static const char *const pre[] = {"Canton of ", "Muhafazat ",
					  "Province of ", "Region of "};
	static const char *const suf[] = {
		" Governorate", " Province", " Oblast", " Region", " Prefecture",
		" District", " Kray", " Krai", " State", " County", " Municipality",
		" City"
	};
	for (size_t i = 0; i < DN_ARRAY_LEN(pre); i++) {
		size_t m = strlen(pre[i]);
		if (*n > m && memcmp(*s, pre[i], m) == 0) {
			*s += m;
			*n -= m;
			break;
		}
	}
	for (size_t i = 0; i < DN_ARRAY_LEN(suf); i++) {
		size_t m = strlen(suf[i]);
		if (*n > m && memcmp(*s + *n - m, suf[i], m) == 0) {
			*n -= m;
			break;
		}
	}
}

/* Splits line[0..n) at tabs into up to max fields; returns the count. */
static int S_split(char *line, size_t n, char sep, char **f, size_t *fl, int max)
{
	int k = 0;
	size_t a = 0;
	for (size_t i = 0; i <= n && k < max; i++) {
		if (i == n || line[i] == sep) {
			f[k] = line + a;
			fl[k] = i - a;
			k++;
			a = i + 1;
		}
	}
	return k;
}

/* Reads a plain decimal ("-12.34567", "1602264") without strtod's cost;
 * NAN when it is not one. */
static double S_decimal(const char *s, size_t n)
{
	size_t i = 0;
	int neg = 0, digits = 0;
	double v = 0, scale = 1;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && isdigit((unsigned char)s[i]); i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && isdigit((unsigned char)s[i]); i++, digits++) {
			v = v * 10 + (s[i] - '0');
			scale *= 10;
		}
	if (i != n || digits == 0)
		return NAN;
	return (neg ? -v : v) / scale;
}

static int S_load_cities(dn_gaz *g, const char *gendir, dn_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/cities.tsv", gendir);
	char *buf;
	size_t len;
	if (dn_read_file(path, DN_GAZ_MAX_FILE, &buf, &len) < 0) {
		S_fail(err, DN_EIO, path, 0, "cannot read the city table: %s",
		       strerror(errno));
		return -1;
	}
	if (S_bad_utf8(buf, len, path, err)) {
		free(buf);
		return -1;
	}
	long lineno = 0;
	int rc = 0;
	const char *last = NULL, *prov = NULL, *last_cc = NULL;
	size_t last_n = 0;
	int arabic = 0;
	for (size_t a = 0; a < len && rc == 0;) {
		char *nl = memchr(buf + a, '\n', len - a);
		size_t e = nl ? (size_t)(nl - buf) : len;
		char *line = buf + a;
		size_t n = e - a;
		a = e + 1;
		lineno++;
		if (n == 0 || line[0] == '#')
			continue;
		char *f[6];
		size_t fl[6];
		if (S_split(line, n, '\t', f, fl, 6) != 6 || fl[0] == 0 || fl[2] != 2) {
			S_fail(err, DN_EFORMAT, path, lineno, "expected 6 tab-separated fields");
			rc = -1;
			break;
		}
		const char *a3 = S_cc2to3(g, f[2]);
		if (a3 != last_cc) { /* rows come grouped by country too */
			last_cc = a3;
			arabic = a3 && S_is_arabic(a3);
		}
		if (fl[1] != last_n || memcmp(f[1], last, fl[1]) != 0) {
			/* rows come grouped by province: intern once per run */
			const char *pv = f[1];
			size_t pn = fl[1];
			S_clean_province(&pv, &pn);
			prov = pn ? S_str(g, pv, pn) : NULL;
			last = f[1];
			last_n = fl[1];
		}
		S_place p = {.name = dn_arena_strndup(&g->names, f[0], fl[0]),
			     .province = prov,
			     .lat = S_decimal(f[3], fl[3]), .lon = S_decimal(f[4], fl[4]),
			     .res = DN_RES_CITY};
		double pop = S_decimal(f[5], fl[5]);
		if (isnan(p.lat) || isnan(p.lon) || !(pop >= 0 && pop < 4e9)) {
			S_fail(err, DN_EFORMAT, path, lineno, "bad coordinates or population");
			rc = -1;
			break;
		}
		p.pop = (uint32_t)pop;
		if (a3)
			memcpy(p.cc, a3, 4);
		long id = p.name ? S_place_add(g, &p) : -1;
		if (id < 0 || S_link_city(g, f[0], fl[0], (uint32_t)id, arabic) < 0) {
			S_fail(err, DN_ENOMEM, path, lineno, "out of memory");
			rc = -1;
		}
	}
	free(buf);
	return rc;
}

/* Gives iso-codes subdivisions, which have no coordinates, the mean
 * position of the libgeonames cities whose province has the same key
 * ("Idlib" ← the cities of "Idlib Governorate"). Subdivisions named
 * otherwise ("Ḩalab" for the cities of "Aleppo") keep NAN unless
 * places.txt gives them coordinates. */
static int S_province_centroids(dn_gaz *g, size_t first_city, dn_error *err)
{
	dn_strtab pk;
	if (dn_strtab_init(&pk) < 0) {
		S_fail(err, DN_ENOMEM, "", 0, "out of memory");
		return -1;
	}
	double *sum = NULL; /* lat, lon, count per province key id */
	size_t cap = 0;
	int rc = 0;
	const char *last = NULL;
	uint32_t id = 0;
	char key[DN_GAZ_MAX_KEY + 4];
	for (size_t i = first_city; i < g->npl && rc == 0; i++) {
		const S_place *c = &g->pl[i];
		if (!c->province || !c->cc[0])
			continue;
		if (c->province != last) {
			last = c->province;
			memcpy(key, c->cc, 3);
			key[3] = '|';
			size_t k = dn_gaz_key(c->province, strlen(c->province), key + 4,
					      DN_GAZ_MAX_KEY);
			id = k ? dn_strtab_intern(&pk, key, k + 4) : 0;
			if (k && !id)
				rc = -1;
			if (id && (size_t)id * 3 + 3 > cap) {
				size_t ncap = cap ? cap * 2 : 3 * 4096;
				double *v = realloc(sum, ncap * sizeof(*v));
				if (!v) {
					rc = -1;
					break;
				}
				memset(v + cap, 0, (ncap - cap) * sizeof(*v));
				sum = v;
				cap = ncap;
			}
		}
		if (id) {
			sum[id * 3] += c->lat;
			sum[id * 3 + 1] += c->lon;
			sum[id * 3 + 2] += 1;
		}
	}
	for (size_t i = 0; i < first_city && rc == 0; i++) {
		S_place *p = &g->pl[i];
		if (p->res != DN_RES_PROVINCE || !isnan(p->lat))
			continue;
		memcpy(key, p->cc, 3);
		key[3] = '|';
		size_t k = dn_gaz_key(p->name, strlen(p->name), key + 4, DN_GAZ_MAX_KEY);
		uint32_t pid = k ? dn_strtab_find(&pk, key, k + 4) : 0;
		if (pid && (size_t)pid * 3 + 2 < cap && sum[pid * 3 + 2] > 0) {
			p->lat = sum[pid * 3] / sum[pid * 3 + 2];
			p->lon = sum[pid * 3 + 1] / sum[pid * 3 + 2];
		}
	}
	free(sum);
	dn_strtab_clear(&pk);
	if (rc)
		S_fail(err, DN_ENOMEM, "", 0, "out of memory");
	return rc;
}

/* MARK: - Data files */

typedef struct S_field {
	const char *s; /* start, trimmed */
	size_t n;      /* length */
} S_field;

/* Splits a data line at '|' after dropping a '#' comment and trimming
 * each field; returns the number of fields (0 for a blank line). */
static int S_fields(const char *line, size_t n, S_field *f, int max)
{
	const char *hash = memchr(line, '#', n);
	if (hash)
		n = (size_t)(hash - line);
	int k = 0;
	size_t a = 0;
	int blank = 1;
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)line[i]))
			blank = 0;
	if (blank)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && line[i] != '|')
			continue;
		if (k == max)
			return max + 1;
		size_t s = a, e = i;
		while (s < e && isspace((unsigned char)line[s]))
			s++;
		while (e > s && isspace((unsigned char)line[e - 1]))
			e--;
		f[k].s = line + s;
		f[k].n = e - s;
		if (f[k].n == 1 && f[k].s[0] == '-')
			f[k].n = 0;
		k++;
		a = i + 1;
	}
	return k;
}

/* One line of places.txt. */
typedef struct S_alias {
	S_field alias, name, prov; /* the columns */
	char cc[4];                /* COUNTRY */
	double lat, lon;           /* NAN for "-" */
	int res;                   /* RESOLUTION */
	long line;                 /* line number */
	uint32_t group;            /* index into the groups */
} S_alias;

/* One place of places.txt: the lines sharing NAME, COUNTRY, RESOLUTION. */
typedef struct S_group {
	const S_alias *first; /* first line */
	S_field prov;         /* first PROVINCE given */
	double lat, lon;      /* first coordinates given */
	long inherit;         /* generated city to inherit from, or -1 */
	long place;           /* the place made for it */
} S_group;

static int S_parse_num(S_field f, double lo, double hi, double *out)
{
	if (f.n == 0) {
		*out = NAN;
		return 0;
	}
	char tmp[32];
	if (f.n >= sizeof tmp)
		return -1;
	memcpy(tmp, f.s, f.n);
	tmp[f.n] = 0;
	char *end;
	*out = strtod(tmp, &end);
	return *end || *out < lo || *out > hi ? -1 : 0;
}

/* Makes the country place for KOS (not in ISO 3166) on first use. */
static S_place *S_country_or_kosovo(dn_gaz *g, const char *cc)
{
	S_place *c = S_country(g, cc);
	if (c || strcmp(cc, "KOS") != 0)
		return c;
	S_place p = {.name = S_str(g, "Kosovo", 6), .lat = NAN, .lon = NAN,
		     .res = DN_RES_COUNTRY};
	memcpy(p.cc, "KOS", 4);
	long id = p.name ? S_place_add(g, &p) : -1;
	if (id < 0)
		return NULL;
	g->country[S_cc3_slot("KOS")] = (uint32_t)id + 1;
	return &g->pl[id];
}

/* Parses one places.txt line into *r; returns 1 for an alias, 2 for a
 * "never a place" line, 0 for a blank line, -1 with err on a bad line. */
static int S_parse_alias(dn_gaz *g, const char *path, long lineno,
			 const char *line, size_t n, S_alias *r, dn_error *err)
{
	S_field f[7];
	int k = S_fields(line, n, f, 7);
	if (k == 0)
		return 0;
	if (f[0].n == 0) {
		S_fail(err, DN_EFORMAT, path, lineno, "empty ALIAS");
		return -1;
	}
	r->alias = f[0];
	r->line = lineno;
	if (k == 2 && f[1].n == 0)
		return 2;
	if (k != 7) {
		S_fail(err, DN_EFORMAT, path, lineno,
		       "expected 7 fields (ALIAS | NAME | COUNTRY | PROVINCE | LAT | LON | RESOLUTION), found %d", k);
		return -1;
	}
	r->name = f[1];
	r->prov = f[3];
	if (f[1].n == 0) {
		S_fail(err, DN_EFORMAT, path, lineno, "empty NAME");
		return -1;
	}
	if (f[2].n != 3) {
		S_fail(err, DN_EFORMAT, path, lineno, "COUNTRY must be an alpha-3 code");
		return -1;
	}
	memcpy(r->cc, f[2].s, 3);
	r->cc[3] = 0;
	if (!S_country_or_kosovo(g, r->cc)) {
		S_fail(err, DN_EFORMAT, path, lineno, "unknown country code %s", r->cc);
		return -1;
	}
	if (f[6].n != 1 || f[6].s[0] < '1' || f[6].s[0] > '5') {
		S_fail(err, DN_EFORMAT, path, lineno, "RESOLUTION must be 1 to 5");
		return -1;
	}
	r->res = f[6].s[0] - '0';
	if (S_parse_num(f[4], -90, 90, &r->lat) < 0 ||
	    S_parse_num(f[5], -180, 180, &r->lon) < 0 ||
	    isnan(r->lat) != isnan(r->lon)) {
		S_fail(err, DN_EFORMAT, path, lineno, "bad LAT/LON");
		return -1;
	}
	return 1;
}

/* The most populous generated city called key in cc, or -1. */
static long S_find_city(const dn_gaz *g, const char *key, size_t n, const char *cc)
{
	uint32_t id = dn_strtab_find(&g->keys, key, n);
	long best = -1;
	if (!id)
		return -1;
	for (uint32_t l = g->head[id]; l; l = g->lk[l - 1].next) {
		const S_place *p = &g->pl[g->lk[l - 1].place];
		if (p->res >= DN_RES_CITY && !(p->flags & DN_PLACE_CURATED) &&
		    strcmp(p->cc, cc) == 0 &&
		    (best < 0 || p->pop > g->pl[best].pop))
			best = (long)g->lk[l - 1].place;
	}
	return best;
}

static long S_find_city_field(const dn_gaz *g, S_field f, const char *cc)
{
	char key[DN_GAZ_MAX_KEY];
	size_t k = dn_gaz_key(f.s, f.n, key, sizeof key);
	return k ? S_find_city(g, key, k, cc) : -1;
}

/* Makes the place of a group of places.txt lines. */
static int S_make_group(dn_gaz *g, S_group *gr, const char *path, dn_error *err)
{
	const S_alias *r = gr->first;
	if (r->res == DN_RES_COUNTRY) {
		S_place *c = S_country(g, r->cc);
		if (!(c->flags & DN_PLACE_CURATED)) {
			c->flags |= DN_PLACE_CURATED;
			c->name = S_str(g, r->name.s, r->name.n);
			if (!c->name)
				goto oom;
		}
		if (!isnan(gr->lat) && isnan(c->lat)) {
			c->lat = gr->lat;
			c->lon = gr->lon;
		}
		c->score = S_rank(c);
		gr->place = c - g->pl;
		return 0;
	}
	S_place p = {.name = S_str(g, r->name.s, r->name.n), .lat = gr->lat,
		     .lon = gr->lon, .res = (uint8_t)r->res,
		     .flags = DN_PLACE_CURATED};
	memcpy(p.cc, r->cc, 4);
	if (!p.name)
		goto oom;
	if (gr->inherit >= 0) {
		const S_place *src = &g->pl[gr->inherit];
		if (isnan(p.lat)) {
			p.lat = src->lat;
			p.lon = src->lon;
		}
		p.pop = src->pop;
		p.province = src->province;
	}
	if (gr->prov.n && !(p.province = S_str(g, gr->prov.s, gr->prov.n)))
		goto oom;
	if (!p.province && r->res == DN_RES_PROVINCE)
		p.province = p.name;
	if (isnan(p.lat) && r->res >= DN_RES_CITY) {
		S_fail(err, DN_EFORMAT, path, r->line,
		       "%.*s: no LAT/LON and no city of that name in %s",
		       (int)r->name.n, r->name.s, r->cc);
		return -1;
	}
	gr->place = S_place_add(g, &p);
	if (gr->place < 0)
		goto oom;
	return 0;
oom:
	S_fail(err, DN_ENOMEM, path, r->line, "out of memory");
	return -1;
}

/* Reads places.txt: groups its lines into places (inheriting from a
 * generated city where coordinates are missing) and links every alias. */
static int S_load_places(dn_gaz *g, const char *datadir, dn_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/places.txt", datadir);
	char *buf;
	size_t len;
	if (dn_read_file(path, DN_GAZ_MAX_FILE, &buf, &len) < 0) {
		S_fail(err, DN_EIO, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (S_bad_utf8(buf, len, path, err)) {
		free(buf);
		return -1;
	}
	S_alias *rs = NULL;
	S_group *gs = NULL;
	size_t nr = 0, cap = 0, ng = 0, capg = 0;
	dn_strtab gk;
	int rc = dn_strtab_init(&gk);
	long lineno = 0;
	for (size_t a = 0; a < len && rc == 0;) {
		const char *nl = memchr(buf + a, '\n', len - a);
		size_t e = nl ? (size_t)(nl - buf) : len;
		const char *line = buf + a;
		size_t n = e - a;
		a = e + 1;
		lineno++;
		if (nr == cap) {
			cap = cap ? cap * 2 : 512;
			S_alias *v = realloc(rs, cap * sizeof(*v));
			if (!v) {
				rc = -2;
				break;
			}
			rs = v;
		}
		S_alias *r = &rs[nr];
		int kind = S_parse_alias(g, path, lineno, line, n, r, err);
		if (kind < 0)
			rc = -1;
		else if (kind == 2) {
			char key[DN_GAZ_MAX_KEY];
			size_t k = dn_gaz_key(r->alias.s, r->alias.n, key, sizeof key);
			if (k && !dn_strtab_intern(&g->blocked, key, k))
				rc = -2;
		} else if (kind == 1) {
			/* group key: NAME's key, country, resolution */
			char key[DN_GAZ_MAX_KEY + 8];
			size_t k = dn_gaz_key(r->name.s, r->name.n, key, DN_GAZ_MAX_KEY);
			if (!k) {
				S_fail(err, DN_EFORMAT, path, lineno, "NAME too long");
				rc = -1;
				break;
			}
			k += (size_t)snprintf(key + k, 8, "|%s|%d", r->cc, r->res);
			uint32_t id = dn_strtab_intern(&gk, key, k);
			if (!id) {
				rc = -2;
				break;
			}
			r->group = id - 1;
			if (id > ng) {
				if (id > capg) {
					capg = capg ? capg * 2 : 256;
					S_group *v = realloc(gs, capg * sizeof(*v));
					if (!v) {
						rc = -2;
						break;
					}
					gs = v;
				}
				ng = id;
				gs[id - 1] = (S_group){.first = NULL, .lat = NAN,
						       .lon = NAN, .inherit = -1,
						       .place = -1};
			}
			nr++;
		}
	}
	/* rs may have moved while growing: set first pointers now. */
	for (size_t i = 0; rc == 0 && i < nr; i++) {
		S_alias *r = &rs[i];
		S_group *gr = &gs[r->group];
		if (!gr->first) {
			gr->first = r;
			if (r->res >= DN_RES_CITY)
				gr->inherit = S_find_city_field(g, r->name, r->cc);
		}
		if (!gr->prov.n)
			gr->prov = r->prov;
		if (isnan(gr->lat) && !isnan(r->lat)) {
			gr->lat = r->lat;
			gr->lon = r->lon;
		}
		if (gr->inherit < 0 && r->res >= DN_RES_CITY)
			gr->inherit = S_find_city_field(g, r->alias, r->cc);
	}
	for (size_t i = 0; rc == 0 && i < ng; i++)
		if (S_make_group(g, &gs[i], path, err) < 0)
			rc = -1;
	for (size_t i = 0; rc == 0 && i < nr; i++) {
		const S_group *gr = &gs[rs[i].group];
		if (S_link_name(g, rs[i].alias.s, rs[i].alias.n, (uint32_t)gr->place) < 0 ||
		    S_link_name(g, rs[i].name.s, rs[i].name.n, (uint32_t)gr->place) < 0)
			rc = -2;
	}
	if (rc == -2)
		S_fail(err, DN_ENOMEM, path, lineno, "out of memory");
	dn_strtab_clear(&gk);
	free(rs);
	free(gs);
	free(buf);
	return rc < 0 ? -1 : 0;
}

/* Whether key has a link to a places.txt place. */
static int S_has_curated(const dn_gaz *g, const char *key, size_t n)
{
	uint32_t id = dn_strtab_find(&g->keys, key, n);
	if (!id)
		return 0;
	for (uint32_t l = g->head[id]; l; l = g->lk[l - 1].next)
		if (g->pl[g->lk[l - 1].place].flags & DN_PLACE_CURATED &&
		    g->pl[g->lk[l - 1].place].res != DN_RES_COUNTRY)
			return 1;
	return 0;
}

/* Marks the cities called key in cc as capitals. */
static void S_mark_capital(dn_gaz *g, const char *key, size_t n, const char *cc)
{
	uint32_t id = dn_strtab_find(&g->keys, key, n);
	if (!id)
		return;
	for (uint32_t l = g->head[id]; l; l = g->lk[l - 1].next) {
		S_place *p = &g->pl[g->lk[l - 1].place];
		if (p->res >= DN_RES_CITY && strcmp(p->cc, cc) == 0)
			p->flags |= DN_PLACE_CAPITAL;
	}
}

/* Adds a country adjective. */
static int S_add_adjective(dn_gaz *g, const char *key, size_t n, const char *cc)
{
	uint32_t id = dn_strtab_intern(&g->adj, key, n);
	if (!id)
		return -1;
	if (n)
		g->adjfl[(unsigned char)key[0]] |= 1u << (n < 31 ? n : 31);
	if (id >= g->capadj) {
		size_t cap = g->capadj ? g->capadj * 2 : 1024;
		char(*v)[4] = realloc(g->adjcc, cap * sizeof(*v));
		if (!v)
			return -1;
		g->adjcc = v;
		g->capadj = cap;
	}
	memcpy(g->adjcc[id], cc, 4);
	return 0;
}

/* Reads the country names, adjectives and capitals of countries.txt (the
 * dictionary stage owns that file; lines of other kinds, and countries
 * the gazetteer does not know, are skipped). A missing file is fine. */
static int S_load_country_words(dn_gaz *g, const char *datadir, dn_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/countries.txt", datadir);
	char *buf;
	size_t len;
	if (dn_read_file(path, DN_GAZ_MAX_FILE, &buf, &len) < 0) {
		if (errno == ENOENT)
			return 0;
		S_fail(err, DN_EIO, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (S_bad_utf8(buf, len, path, err)) {
		free(buf);
		return -1;
	}
	int rc = 0;
	for (size_t a = 0; a < len && rc == 0;) {
		const char *nl = memchr(buf + a, '\n', len - a);
		size_t e = nl ? (size_t)(nl - buf) : len;
		S_field f[4];
		int k = S_fields(buf + a, e - a, f, 4);
		a = e + 1;
		if (k != 4 || f[1].n != 3 || !f[0].n)
			continue;
		char cc[4] = {f[1].s[0], f[1].s[1], f[1].s[2], 0};
		S_place *c = S_country(g, cc);
		char key[DN_GAZ_MAX_KEY];
		size_t kn = dn_gaz_key(f[0].s, f[0].n, key, sizeof key);
		if (!c || !kn || memchr(f[0].s, '-', f[0].n))
			continue;
		if (dn_span_ieq(f[3].s, f[3].n, "name") && f[2].n == 0) {
			if (!S_has_curated(g, key, kn))
				rc = S_link_key(g, key, kn, (uint32_t)(c - g->pl));
		} else if (dn_span_ieq(f[3].s, f[3].n, "adj")) {
			rc = S_add_adjective(g, key, kn, cc);
		} else if (dn_span_ieq(f[3].s, f[3].n, "capital")) {
			S_mark_capital(g, key, kn, cc);
		}
	}
	free(buf);
	if (rc)
		S_fail(err, DN_ENOMEM, path, 0, "out of memory");
	return rc;
}

/* MARK: - Life cycle */

dn_gaz *dn_gaz_new(const char *datadir, const char *gendir, dn_error *err)
{
	dn_gaz *g = calloc(1, sizeof(*g));
	if (!g) {
		S_fail(err, DN_ENOMEM, "", 0, "out of memory");
		return NULL;
	}
	dn_arena_init(&g->names);
	if (dn_strtab_init(&g->keys) < 0 || dn_strtab_init(&g->firsts) < 0 ||
	    dn_strtab_init(&g->strs) < 0 || dn_strtab_init(&g->blocked) < 0 ||
	    dn_strtab_init(&g->adj) < 0 || dn_strtab_init(&g->prefixes) < 0 ||
	    dn_strtab_init(&g->inner) < 0 ||
	    !(g->country = calloc(S_NCC3, sizeof(*g->country)))) {
		S_fail(err, DN_ENOMEM, "", 0, "out of memory");
		dn_gaz_free(g);
		return NULL;
	}
	size_t first_city = 0;
	if (S_load_iso_countries(g, err) < 0 ||
	    S_load_iso_subdivisions(g, err) < 0 ||
	    (first_city = g->npl, S_load_cities(g, gendir, err) < 0) ||
	    S_province_centroids(g, first_city, err) < 0 ||
	    S_load_places(g, datadir, err) < 0 ||
	    S_load_country_words(g, datadir, err) < 0) {
		dn_gaz_free(g);
		return NULL;
	}
	/* the word prefixes of every key, for dn_gaz_key_extends, and the
	 * words after them, for dn_gaz_word_inner_h */
	for (uint32_t id = 1; id <= g->keys.n; id++) {
		const char *k = g->keys.str[id];
		uint32_t len = g->keys.len[id];
		for (uint32_t i = 1; i < len; i++) {
			if (k[i] != ' ')
				continue;
			uint32_t e = i + 1;
			while (e < len && k[e] != ' ')
				e++;
			if (!dn_strtab_intern(&g->prefixes, k, i) ||
			    (e > i + 1 && !dn_strtab_intern(&g->inner, k + i + 1, e - i - 1))) {
				S_fail(err, DN_ENOMEM, "", 0, "out of memory");
				dn_gaz_free(g);
				return NULL;
			}
		}
	}
	return g;
}

void dn_gaz_free(dn_gaz *g)
{
	if (!g)
		return;
	free(g->pl);
	free(g->lk);
	free(g->head);
	free(g->adjcc);
	free(g->country);
	dn_strtab_clear(&g->keys);
	dn_strtab_clear(&g->firsts);
	dn_strtab_clear(&g->strs);
	dn_strtab_clear(&g->blocked);
	dn_strtab_clear(&g->adj);
	dn_strtab_clear(&g->prefixes);
	dn_strtab_clear(&g->inner);
	dn_arena_clear(&g->names);
	free(g);
}

size_t dn_gaz_size(const dn_gaz *g)
{
	return g ? g->nlk : 0;
}

size_t dn_gaz_places(const dn_gaz *g)
{
	return g ? g->npl : 0;
}

/* MARK: - Lookups */

static int S_res_ok(const S_place *p, const dn_gaz_query *q)
{
	return !q || !q->minres || (p->res >= q->minres && p->res <= q->maxres);
}

int dn_gaz_query_find(const dn_gaz *g, const char *folded, size_t n,
		      const dn_gaz_query *q, dn_place *out)
{
	char key[DN_GAZ_MAX_KEY];
	size_t k = dn_gaz_key(folded, n, key, sizeof key);
	return dn_gaz_query_key(g, key, k, q, out);
}

int dn_gaz_query_key(const dn_gaz *g, const char *key, size_t k,
		     const dn_gaz_query *q, dn_place *out)
{
	if (!k || dn_strtab_find(&g->blocked, key, k))
		return 0;
	uint32_t id = dn_strtab_find(&g->keys, key, k);
	return id ? dn_gaz_query_id(g, id, q, out) : 0;
}

int dn_gaz_query_id(const dn_gaz *g, uint32_t id, const dn_gaz_query *q,
		    dn_place *out)
{
	if (!id || id >= g->caphead)
		return 0;
	const char *cc = q && q->country && q->country[0] ? q->country : NULL;
	int only_cc = 0;
	if (cc && q->strict)
		for (uint32_t l = g->head[id]; l && !only_cc; l = g->lk[l - 1].next) {
			const S_place *p = &g->pl[g->lk[l - 1].place];
			only_cc = S_res_ok(p, q) && strcmp(p->cc, cc) == 0;
		}
	const S_place *best = NULL;
	float top = 0;
	for (uint32_t l = g->head[id]; l; l = g->lk[l - 1].next) {
		const S_place *p = &g->pl[g->lk[l - 1].place];
		if (!S_res_ok(p, q))
			continue;
		int in_cc = cc && strcmp(p->cc, cc) == 0;
		if (only_cc && !in_cc)
			continue;
		float s = p->score + (in_cc ? 1.5f : 0.0f);
		/* links are newest first: >= keeps the earliest on a tie */
		if (!best || s >= top) {
			best = p;
			top = s;
		}
	}
	if (!best)
		return 0;
	if (out) {
		out->name = best->name;
		memcpy(out->country, best->cc, 4);
		out->province = best->province;
		out->lat = best->lat;
		out->lon = best->lon;
		out->resolution = best->res;
		out->population = best->pop;
		out->flags = best->flags;
	}
	return 1;
}

int dn_gaz_find(const dn_gaz *g, const char *folded, size_t n,
		const char *ctx_country, dn_place *out)
{
	dn_gaz_query q = {.country = ctx_country};
	return dn_gaz_query_find(g, folded, n, &q, out);
}

int dn_gaz_is_first_word(const dn_gaz *g, const char *folded, size_t n)
{
	char key[DN_GAZ_MAX_KEY];
	size_t k = dn_gaz_key(folded, n, key, sizeof key);
	return dn_gaz_first_word_key(g, key, k);
}

int dn_gaz_name_key(const dn_gaz *g, const char *key, size_t k)
{
	return dn_gaz_name_id(g, key, k) != 0;
}

uint32_t dn_gaz_name_id(const dn_gaz *g, const char *key, size_t k)
{
	/* dn_gaz_query_key without a query or a result: a known key, not
	 * blocked, with a place (the rarer test first) */
	uint32_t id = k ? dn_strtab_find(&g->keys, key, k) : 0;
	return id && g->head[id] && !dn_strtab_find(&g->blocked, key, k) ? id : 0;
}

uint32_t dn_gaz_name_ext(const dn_gaz *g, const char *key, size_t k, int *ext)
{
	*ext = 0;
	if (!k)
		return 0;
	uint32_t h = (uint32_t)dn_hash(key, k); /* once for the three tables */
	*ext = dn_strtab_find_h32(&g->prefixes, key, k, h) != 0;
	uint32_t id = dn_strtab_find_h32(&g->keys, key, k, h);
	return id && g->head[id] && !dn_strtab_find_h32(&g->blocked, key, k, h) ? id : 0;
}

int dn_gaz_word_inner_h(const dn_gaz *g, const char *word, size_t n, uint32_t h)
{
	return n && dn_strtab_find_h32(&g->inner, word, n, h) != 0;
}

int dn_gaz_key_extends(const dn_gaz *g, const char *key, size_t k)
{
	return k && dn_strtab_find(&g->prefixes, key, k) != 0;
}

int dn_gaz_first_word_key(const dn_gaz *g, const char *key, size_t k)
{
	if (!k)
		return 0;
	const char *sp = memchr(key, ' ', k);
	size_t fw = sp ? (size_t)(sp - key) : k;
	return dn_strtab_find(&g->firsts, key, fw) != 0 ||
	       dn_strtab_find(&g->keys, key, fw) != 0;
}

int dn_gaz_word_is_first_h(const dn_gaz *g, const char *key, size_t k, uint32_t h)
{
	return k && (dn_strtab_find_h32(&g->firsts, key, k, h) != 0 ||
		     dn_strtab_find_h32(&g->keys, key, k, h) != 0);
}

int dn_gaz_adjective(const dn_gaz *g, const char *folded, size_t n,
		     char country[4])
{
	char key[DN_GAZ_MAX_KEY];
	size_t k = dn_gaz_key(folded, n, key, sizeof key);
	return dn_gaz_adjective_key(g, key, k, country);
}

int dn_gaz_adjective_key(const dn_gaz *g, const char *key, size_t k,
			 char country[4])
{
	if (!k || !((g->adjfl[(unsigned char)key[0]] >> (k < 31 ? k : 31)) & 1))
		return 0;
	return dn_gaz_adjective_key_h(g, key, k, (uint32_t)dn_hash(key, k), country);
}

int dn_gaz_adjective_key_h(const dn_gaz *g, const char *key, size_t k,
			   uint32_t h, char country[4])
{
	if (!k || !((g->adjfl[(unsigned char)key[0]] >> (k < 31 ? k : 31)) & 1))
		return 0;
	uint32_t id = dn_strtab_find_h32(&g->adj, key, k, h);
	if (!id)
		return 0;
	memcpy(country, g->adjcc[id], 4);
	return 1;
}
