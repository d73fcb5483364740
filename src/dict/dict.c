/*
 * dict.c — loading the dictionaries of data/ into one dn_dict.
 *
 * Every entry is tokenized with the same tokenizer as the news text
 * (dn_lex) and its words are interned, so matching at run time compares
 * integer ids. Actor phrases go into a trie keyed by (node, word id);
 * event patterns are indexed by the lemma of their head word.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "dict.h"
#include "geo/geo.h"
#include "morph.h"
#include "text/text.h"

const char *const dn_event_names[DN_NEVENTS + 1] = {
	"", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
	"RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
	"SANCTION", "MOBILIZE", "COERCE", "ASSAULT"};

const char *const dn_sector_names[DN_NSECTORS + 1] = {
	"", "GOV", "MIL", "REB", "COP", "JUD", "LEG", "PTY", "SPY", "UAF",
	"UNK", "CVL", "REF", "MED", "JRN", "OPP", "BUS", "REL", "EDU", "LAB",
	"AGR", "CRM", "ELI", "PRE", "PRM", "SOC"};

int dn_event_find(const char *s, size_t n)
{
	for (int i = 1; i <= DN_NEVENTS; i++)
		if (strlen(dn_event_names[i]) == n && memcmp(dn_event_names[i], s, n) == 0)
			return i;
	return 0;
}

int dn_sector_find(const char *s, size_t n)
{
	for (int i = 1; i <= DN_NSECTORS; i++)
		if (strlen(dn_sector_names[i]) == n && memcmp(dn_sector_names[i], s, n) == 0)
			return i;
	return 0;
}

/* MARK: - Loader state */

#define S_MAX_FIELDS 8
#define S_MAX_LINE 4096

typedef struct S_load {
	dn_dict *d;
	dn_toks toks;       /* scratch tokens for entries */
	const char *file;   /* current file (base name) */
	long line;          /* current line */
	dn_error *err;      /* first error (strict mode) */
	void (*report)(void *, const dn_error *); /* check mode: every error */
	void *ctx;
	int problems;
	uint32_t next_person;
	uint64_t *pairs;    /* (node << 32 | actor index) during loading */
	size_t npairs, cappairs;
} S_load;

static int S_problem(S_load *L, dn_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int S_problem(S_load *L, dn_code code, const char *fmt, ...)
{
	dn_error e;
	memset(&e, 0, sizeof e);
	e.code = code;
	snprintf(e.file, sizeof e.file, "%s", L->file ? L->file : "");
	e.line = L->line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	L->problems++;
	if (L->report)
		L->report(L->ctx, &e);
	if (L->err && L->problems == 1)
		*L->err = e;
	return L->report ? 0 : -1; /* strict mode stops at the first */
}

/* MARK: - Vocabulary */

static int S_vgrow(dn_dict *d)
{
	if (d->vocab.n + 1 < d->vcap)
		return 0;
	size_t cap = d->vcap ? d->vcap * 2 : 4096;
	while (cap <= d->vocab.n + 1)
		cap *= 2;
	uint32_t *l = realloc(d->lemma_of, cap * sizeof(*l));
	if (!l)
		return -1;
	d->lemma_of = l;
	uint32_t *c = realloc(d->cls_of, cap * sizeof(*c));
	if (!c)
		return -1;
	d->cls_of = c;
	memset(d->lemma_of + d->vcap, 0, (cap - d->vcap) * sizeof(*l));
	memset(d->cls_of + d->vcap, 0, (cap - d->vcap) * sizeof(*c));
	d->vcap = cap;
	return 0;
}

static uint32_t S_intern(dn_dict *d, const char *s, size_t n)
{
	uint32_t id = dn_strtab_intern(&d->vocab, s, n);
	if (!id || S_vgrow(d) < 0)
		return 0;
	return id;
}

uint32_t dn_dict_word(const dn_dict *d, const char *s, size_t n)
{
	return dn_strtab_find(&d->vocab, s, n);
}

/* Tokenizes an entry's text; returns the token count or -1. */
static int S_tokens(S_load *L, const char *s, size_t n)
{
	dn_toks_reset(&L->toks);
	return dn_lex(s, 0, (uint32_t)n, 32, &L->toks);
}

/* MARK: - Trie */

/* Where an edge key (node << 32 | word) starts probing: a multiply and a
 * shift mix both halves, which is all a table of dense ids needs. */
static inline size_t S_edge_slot(uint64_t key, size_t mask)
{
	key *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(key ^ key >> 29) & mask;
}

static int S_edge_grow(dn_dict *d)
{
	size_t cap = d->capedges ? d->capedges * 2 : 16384;
	uint64_t *k = calloc(cap, sizeof(*k));
	uint32_t *v = calloc(cap, sizeof(*v));
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < d->capedges; i++) {
		if (!d->ekeys[i])
			continue;
		size_t j = S_edge_slot(d->ekeys[i], cap - 1);
		while (k[j])
			j = (j + 1) & (cap - 1);
		k[j] = d->ekeys[i];
		v[j] = d->evals[i];
	}
	free(d->ekeys);
	free(d->evals);
	d->ekeys = k;
	d->evals = v;
	d->capedges = cap;
	return 0;
}

static inline uint32_t S_edge(const dn_dict *d, uint32_t node, uint32_t word)
{
	if (!word || !d->capedges)
		return 0;
	uint64_t key = (uint64_t)node << 32 | word;
	size_t mask = d->capedges - 1;
	size_t j = S_edge_slot(key, mask);
	for (;;) {
		uint64_t k = d->ekeys[j];
		if (k == key)
			return d->evals[j];
		if (!k)
			return 0;
		j = (j + 1) & mask;
	}
}

static uint32_t S_child(dn_dict *d, uint32_t node, uint32_t word)
{
	uint32_t c = S_edge(d, node, word);
	if (c)
		return c;
	if ((d->nedges + 1) * 2 > d->capedges && S_edge_grow(d) < 0)
		return 0;
	if (d->nnodes == d->capnodes) {
		size_t cap = d->capnodes ? d->capnodes * 2 : 8192;
		dn_trie_node *v = realloc(d->nodes, cap * sizeof(*v));
		if (!v)
			return 0;
		d->nodes = v;
		d->capnodes = cap;
	}
	c = (uint32_t)d->nnodes++;
	d->nodes[c] = (dn_trie_node){0};
	uint64_t key = (uint64_t)node << 32 | word;
	size_t mask = d->capedges - 1;
	size_t j = S_edge_slot(key, mask);
	while (d->ekeys[j])
		j = (j + 1) & mask;
	d->ekeys[j] = key;
	d->evals[j] = c;
	d->nedges++;
	return c;
}

/* Adds an actor entry under the phrase s[0..n). */
static int S_add_actor(S_load *L, const char *s, size_t n, const dn_actor *a)
{
	dn_dict *d = L->d;
	int nt = S_tokens(L, s, n);
	if (nt <= 0)
		return S_problem(L, DN_EFORMAT, "empty phrase");
	uint32_t node = 0;
	for (int i = 0; i < nt; i++) {
		const dn_tok *k = &L->toks.v[i];
		uint32_t w = S_intern(d, dn_tok_norm(&L->toks, k), k->nlen);
		if (!w)
			return S_problem(L, DN_ENOMEM, "out of memory");
		if (i == 0)
			d->cls_of[w] |= DN_C_ACTOR;
		node = S_child(d, node, w);
		if (!node)
			return S_problem(L, DN_ENOMEM, "out of memory");
	}
	if (d->nactors == d->capactors) {
		size_t cap = d->capactors ? d->capactors * 2 : 4096;
		dn_actor *v = realloc(d->actors, cap * sizeof(*v));
		if (!v)
			return S_problem(L, DN_ENOMEM, "out of memory");
		d->actors = v;
		d->capactors = cap;
	}
	if (L->npairs == L->cappairs) {
		size_t cap = L->cappairs ? L->cappairs * 2 : 4096;
		uint64_t *v = realloc(L->pairs, cap * sizeof(*v));
		if (!v)
			return S_problem(L, DN_ENOMEM, "out of memory");
		L->pairs = v;
		L->cappairs = cap;
	}
	dn_actor *e = &d->actors[d->nactors];
	*e = *a;
	/* proper names must match capitalised text ("US" is not "us") */
	int upper = 0, lower = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			upper++;
		else if (s[i] >= 'a' && s[i] <= 'z')
			lower++;
	}
	/* "US" must be in capitals; "Turkey" capitalised; "al-Qaeda" as is */
	if (a->kind != DN_AK_AGENT && a->kind != DN_AK_TITLE &&
	    a->kind != DN_AK_MODIFIER && upper) {
		if (lower == 0 && upper <= 4)
			e->caps = 2;
		else if (s[0] >= 'A' && s[0] <= 'Z')
			e->caps = 1;
	}
	L->pairs[L->npairs++] = (uint64_t)node << 32 | (uint32_t)d->nactors;
	d->nactors++;
	return 0;
}

static int S_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Groups the (node, actor) pairs into each node's payload range. */
static int S_finish_trie(S_load *L)
{
	dn_dict *d = L->d;
	qsort(L->pairs, L->npairs, sizeof(*L->pairs), S_cmp_u64);
	d->payload = malloc((L->npairs + 1) * sizeof(*d->payload));
	if (!d->payload)
		return -1;
	for (size_t i = 0; i < L->npairs; i++) {
		uint32_t node = (uint32_t)(L->pairs[i] >> 32);
		d->payload[i] = (uint32_t)L->pairs[i];
		if (d->nodes[node].count == 0)
			d->nodes[node].first = (uint32_t)i;
		if (d->nodes[node].count < UINT16_MAX)
			d->nodes[node].count++;
	}
	/* what matching asks of every node it passes, worked out once */
	for (size_t i = 0; i < d->nnodes; i++) {
		dn_trie_node *n = &d->nodes[i];
		if (!n->count)
			continue;
		n->caps = d->actors[d->payload[n->first]].caps;
		for (uint32_t k = 0; k < n->count && !n->plain; k++)
			if (d->actors[d->payload[n->first + k]].kind != DN_AK_PERSON)
				n->plain = d->payload[n->first + k] + 1;
	}
	return 0;
}

/* MARK: - Fields */

/* Splits a line at '|' (after cutting a '#' comment) into trimmed fields.
 * Returns the field count, 0 for a blank or comment line. */
static int S_fields(char *line, char **f, int max)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = 0;
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '\n' || *p == '\r')
		return 0;
	int n = 0;
	for (;;) {
		char *bar = strchr(p, '|');
		if (bar)
			*bar = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		char *e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
			*--e = 0;
		if (n < max)
			f[n] = p;
		n++;
		if (!bar)
			break;
		p = bar + 1;
	}
	return n;
}

static int S_none(const char *s)
{
	return !*s || strcmp(s, "-") == 0;
}

static int S_country_ok(const char *s)
{
	if (strlen(s) != 3)
		return 0;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static const char *S_strdup(dn_dict *d, const char *s)
{
	return dn_arena_strndup(&d->pool, s, strlen(s));
}

/* "YYYY", "YYYY-MM", "YYYY-MM-DD" → yyyymmdd; end selects the last day. */
static int S_date(const char *s, int end, int32_t *out)
{
	int y = 0, m = 0, dd = 0;
	int n = sscanf(s, "%4d-%2d-%2d", &y, &m, &dd);
	if (n < 1 || y < 1000 || y > 9999 || (n >= 2 && (m < 1 || m > 12)) ||
	    (n == 3 && (dd < 1 || dd > 31)))
		return -1;
	size_t len = strlen(s);
	if (len != 4 && len != 7 && len != 10)
		return -1;
	if (n < 2)
		m = end ? 12 : 1;
	if (n < 3)
		dd = end ? 31 : 1;
	*out = y * 10000 + m * 100 + dd;
	return 0;
}

/* MARK: - Readers per kind */

static int S_row_lexicon(S_load *L, char **f, int n)
{
	static const struct { const char *name; uint32_t bit; } classes[] = {
		{"det", DN_C_DET}, {"prep", DN_C_PREP}, {"aux", DN_C_AUX},
		{"modal", DN_C_MODAL}, {"neg", DN_C_NEG}, {"pron", DN_C_PRON},
		{"conj", DN_C_CONJ}, {"rel", DN_C_REL}, {"say", DN_C_SAY},
		{"hedge", DN_C_HEDGE}, {"deny", DN_C_DENY}, {"future", DN_C_FUTURE},
		{"cond", DN_C_COND}, {"month", DN_C_MONTH}, {"weekday", DN_C_WEEKDAY},
		{"num", DN_C_NUM}, {"foreign", DN_C_FOREIGN}, {"quant", DN_C_QUANT}};
	if (n != 2)
		return S_problem(L, DN_EFORMAT, "expected 2 fields (WORD | CLASS), found %d", n);
	uint32_t bit = 0;
	for (size_t i = 0; i < DN_ARRAY_LEN(classes); i++)
		if (strcmp(f[1], classes[i].name) == 0)
			bit = classes[i].bit;
	if (!bit)
		return S_problem(L, DN_EFORMAT, "unknown class '%s'", f[1]);
	char fold[256];
	size_t len = dn_fold(f[0], strlen(f[0]), fold, sizeof fold);
	uint32_t w = S_intern(L->d, fold, len);
	if (!w)
		return S_problem(L, DN_ENOMEM, "out of memory");
	L->d->cls_of[w] |= bit;
	return 0;
}

static int S_row_countries(S_load *L, char **f, int n)
{
	static const struct { const char *name; uint8_t kind; } kinds[] = {
		{"name", DN_AK_NAME}, {"adj", DN_AK_ADJ}, {"people", DN_AK_PEOPLE},
		{"capital", DN_AK_CAPITAL}, {"seat", DN_AK_SEAT}};
	if (n != 4)
		return S_problem(L, DN_EFORMAT, "expected 4 fields (TEXT | COUNTRY | SECTOR | KIND), found %d", n);
	dn_actor a = {0};
	for (size_t i = 0; i < DN_ARRAY_LEN(kinds); i++)
		if (strcmp(f[3], kinds[i].name) == 0)
			a.kind = kinds[i].kind;
	if (!a.kind)
		return S_problem(L, DN_EFORMAT, "unknown kind '%s'", f[3]);
	if (!S_country_ok(f[1]))
		return S_problem(L, DN_EFORMAT, "country '%s' is not a 3-letter code", f[1]);
	memcpy(a.country, f[1], 4);
	if (!S_none(f[2]) && !(a.sector = (uint8_t)dn_sector_find(f[2], strlen(f[2]))))
		return S_problem(L, DN_EFORMAT, "unknown sector '%s'", f[2]);
	return S_add_actor(L, f[0], strlen(f[0]), &a);
}

static int S_row_actors(S_load *L, char **f, int n)
{
	if (n != 4)
		return S_problem(L, DN_EFORMAT, "expected 4 fields (TEXT | COUNTRY | SECTOR | NAME), found %d", n);
	dn_actor a = {0};
	a.kind = DN_AK_ORG;
	if (!S_none(f[1])) {
		if (!S_country_ok(f[1]))
			return S_problem(L, DN_EFORMAT, "country '%s' is not a 3-letter code", f[1]);
		memcpy(a.country, f[1], 4);
	}
	if (!S_none(f[2]) && !(a.sector = (uint8_t)dn_sector_find(f[2], strlen(f[2]))))
		return S_problem(L, DN_EFORMAT, "unknown sector '%s'", f[2]);
	a.name = S_strdup(L->d, S_none(f[3]) ? f[0] : f[3]);
	return S_add_actor(L, f[0], strlen(f[0]), &a);
}

static int S_row_agents(S_load *L, char **f, int n)
{
	if (n != 3)
		return S_problem(L, DN_EFORMAT, "expected 3 fields (TEXT | SECTOR | KIND), found %d", n);
	dn_actor a = {0};
	if (strcmp(f[2], "agent") == 0)
		a.kind = DN_AK_AGENT;
	else if (strcmp(f[2], "title") == 0)
		a.kind = DN_AK_TITLE;
	else if (strcmp(f[2], "modifier") == 0)
		a.kind = DN_AK_MODIFIER;
	else
		return S_problem(L, DN_EFORMAT, "unknown kind '%s'", f[2]);
	if (!S_none(f[1]) && !(a.sector = (uint8_t)dn_sector_find(f[1], strlen(f[1]))))
		return S_problem(L, DN_EFORMAT, "unknown sector '%s'", f[1]);
	return S_add_actor(L, f[0], strlen(f[0]), &a);
}

static int S_row_people(S_load *L, char **f, int n)
{
	if (n != 7)
		return S_problem(L, DN_EFORMAT, "expected 7 fields (NAME | VARIANTS | COUNTRY | SECTOR | ROLE | FROM | TO), found %d", n);
	dn_actor a = {0};
	a.kind = DN_AK_PERSON;
	if (!S_country_ok(f[2]))
		return S_problem(L, DN_EFORMAT, "country '%s' is not a 3-letter code", f[2]);
	memcpy(a.country, f[2], 4);
	if (!S_none(f[3]) && !(a.sector = (uint8_t)dn_sector_find(f[3], strlen(f[3]))))
		return S_problem(L, DN_EFORMAT, "unknown sector '%s'", f[3]);
	if (S_date(f[5], 0, &a.from) < 0)
		return S_problem(L, DN_EFORMAT, "FROM '%s' is not YYYY[-MM[-DD]]", f[5]);
	if (S_none(f[6]))
		a.to = 99991231;
	else if (S_date(f[6], 1, &a.to) < 0)
		return S_problem(L, DN_EFORMAT, "TO '%s' is not YYYY[-MM[-DD]] or -", f[6]);
	if (a.to < a.from)
		return S_problem(L, DN_EFORMAT, "term ends before it starts");
	a.name = S_strdup(L->d, f[0]);
	a.role = S_none(f[4]) ? NULL : S_strdup(L->d, f[4]);
	/* one id per distinct name */
	char fold[256];
	size_t len = dn_fold(f[0], strlen(f[0]), fold, sizeof fold);
	a.person = S_intern(L->d, fold, len);
	a.bare = 1;
	if (S_add_actor(L, f[0], strlen(f[0]), &a) < 0)
		return -1;
	L->d->npeople++;
	/* variants; a single-word variant is a surname that resolves alone */
	char *v = f[1];
	while (!S_none(v)) {
		char *semi = strchr(v, ';');
		if (semi)
			*semi = 0;
		while (*v == ' ')
			v++;
		char *e = v + strlen(v);
		while (e > v && e[-1] == ' ')
			*--e = 0;
		if (*v && S_add_actor(L, v, strlen(v), &a) < 0)
			return -1;
		if (!semi)
			break;
		v = semi + 1;
	}
	/* the bare surname (last word) resolves only after the full name */
	const char *last = strrchr(f[0], ' ');
	if (last && last[1]) {
		dn_actor b = a;
		b.bare = 0;
		if (S_add_actor(L, last + 1, strlen(last + 1), &b) < 0)
			return -1;
	}
	return 0;
}

static int S_grow_pats(dn_dict *d)
{
	if (d->npats < d->cappats)
		return 0;
	size_t cap = d->cappats ? d->cappats * 2 : 2048;
	dn_pattern *v = realloc(d->pats, cap * sizeof(*v));
	if (!v)
		return -1;
	d->pats = v;
	d->cappats = cap;
	return 0;
}

/* "aerial,firearms" → ["aerial","firearms"] in the pool. */
static const char *S_json_list(dn_dict *d, const char *s)
{
	if (S_none(s))
		return "[]";
	char buf[512];
	size_t o = 0;
	buf[o++] = '[';
	const char *p = s;
	int first = 1;
	while (*p && o + 8 < sizeof buf) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		if (!first)
			buf[o++] = ',';
		first = 0;
		buf[o++] = '"';
		while (*p && *p != ',' && o + 4 < sizeof buf) {
			if (*p != ' ' && *p != '"' && *p != '\\')
				buf[o++] = *p;
			p++;
		}
		buf[o++] = '"';
	}
	buf[o++] = ']';
	buf[o] = 0;
	return dn_arena_strndup(&d->pool, buf, o);
}

/* "aerial,firearms" → {"aerial", "firearms", NULL…} in the pool. */
static int S_name_list(dn_dict *d, const char *s, const char **out)
{
	int n = 0;
	if (S_none(s))
		return 0;
	const char *p = s;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *z = e;
		while (z > p && z[-1] == ' ')
			z--;
		if (z > p) {
			if (n == DN_PAT_NAMES)
				return -1;
			out[n++] = dn_arena_strndup(&d->pool, p, (size_t)(z - p));
		}
		p = e;
	}
	return 0;
}

static int S_row_pattern(S_load *L, char **f, int n, int noun)
{
	dn_dict *d = L->d;
	if (n != 6)
		return S_problem(L, DN_EFORMAT, "expected 6 fields (PATTERN | EVENT | MODES | CONTEXTS | CAMEO | ROLES), found %d", n);
	if (S_grow_pats(d) < 0)
		return S_problem(L, DN_ENOMEM, "out of memory");
	dn_pattern p;
	memset(&p, 0, sizeof p);
	p.noun = (uint8_t)noun;
	p.event = (uint8_t)dn_event_find(f[1], strlen(f[1]));
	if (!p.event)
		return S_problem(L, DN_EFORMAT, "'%s' is not a PLOVER category", f[1]);
	size_t cl = strlen(f[4]);
	if (cl < 2 || cl > 4 || strspn(f[4], "0123456789") != cl)
		return S_problem(L, DN_EFORMAT, "CAMEO code '%s' is not 2-4 digits", f[4]);
	memcpy(p.cameo, f[4], cl + 1);
	p.modes = S_json_list(d, f[2]);
	p.contexts = S_json_list(d, f[3]);
	if (S_name_list(d, f[2], p.mode) < 0 || S_name_list(d, f[3], p.context) < 0)
		return S_problem(L, DN_ELIMIT, "more than %d modes or contexts", DN_PAT_NAMES);
	/* roles */
	char roles[256];
	snprintf(roles, sizeof roles, "%s", f[5]);
	for (char *tok = strtok(roles, ","); tok; tok = strtok(NULL, ",")) {
		while (*tok == ' ')
			tok++;
		if (strcmp(tok, "obj") == 0)
			p.roles |= DN_R_OBJ;
		else if (strcmp(tok, "recip") == 0)
			p.roles |= DN_R_RECIP;
		else if (strcmp(tok, "none") == 0 || strcmp(tok, "-") == 0)
			p.roles |= DN_R_NONE;
		else if (strncmp(tok, "prep:", 5) == 0 || (p.roles & DN_R_PREP && !strchr(tok, ':'))) {
			const char *w = strncmp(tok, "prep:", 5) == 0 ? tok + 5 : tok;
			p.roles |= DN_R_PREP;
			int k = 0;
			while (k < DN_PAT_PREPS && p.preps[k])
				k++;
			if (k < DN_PAT_PREPS && *w)
				p.preps[k] = S_intern(d, w, strlen(w));
		} else
			return S_problem(L, DN_EFORMAT, "unknown role '%s'", tok);
	}
	int nt = S_tokens(L, f[0], strlen(f[0]));
	if (nt <= 0)
		return S_problem(L, DN_EFORMAT, "empty pattern");
	if (nt > DN_PAT_WORDS + 1)
		return S_problem(L, DN_ELIMIT, "pattern longer than %d words", DN_PAT_WORDS + 1);
	for (int i = 0; i < nt; i++) {
		const dn_tok *k = &L->toks.v[i];
		const char *w = dn_tok_norm(&L->toks, k);
		uint32_t id = 0;
		if (!(k->nlen == 1 && w[0] == '*')) {
			id = S_intern(d, w, k->nlen);
			if (!id)
				return S_problem(L, DN_ENOMEM, "out of memory");
		} else if (i == 0) {
			return S_problem(L, DN_EFORMAT, "a pattern cannot start with '*'");
		}
		if (i == 0)
			p.head = id;
		else
			p.words[p.nwords++] = id;
	}
	d->cls_of[p.head] |= noun ? DN_C_NHEAD : DN_C_HEAD;
	p.text = S_strdup(d, f[0]);
	d->pats[d->npats++] = p;
	return 0;
}

static int S_row_verbs(S_load *L, char **f, int n) { return S_row_pattern(L, f, n, 0); }
static int S_row_nouns(S_load *L, char **f, int n) { return S_row_pattern(L, f, n, 1); }

/* MARK: - Files */

typedef int (*S_row_fn)(S_load *, char **, int);

static int S_load_file(S_load *L, const char *dir, const char *name, S_row_fn fn)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "r");
	L->file = name;
	L->line = 0;
	if (!fp)
		return S_problem(L, DN_EIO, "cannot open %s: %s", path, strerror(errno));
	char line[S_MAX_LINE];
	int rc = 0;
	while (fgets(line, sizeof line, fp)) {
		L->line++;
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			rc = S_problem(L, DN_ELIMIT, "line longer than %d bytes", S_MAX_LINE - 2);
			int c;
			while ((c = fgetc(fp)) != EOF && c != '\n')
				;
			if (rc < 0)
				break;
			continue;
		}
		size_t bad = dn_utf8_invalid(line, len);
		if (bad != len) {
			/* names go into the JSON output as they are */
			rc = S_problem(L, DN_EFORMAT, "invalid UTF-8 (byte %zu of the line)", bad + 1);
			if (rc < 0)
				break;
			continue;
		}
		char *f[S_MAX_FIELDS];
		int n = S_fields(line, f, S_MAX_FIELDS);
		if (n == 0)
			continue;
		if (n > S_MAX_FIELDS) {
			rc = S_problem(L, DN_EFORMAT, "too many fields (%d)", n);
		} else {
			rc = fn(L, f, n);
		}
		if (rc < 0)
			break;
	}
	fclose(fp);
	return rc;
}

/* Countries and official names from Debian's iso-codes. */
static int S_load_iso(S_load *L)
{
	const char *path = "/usr/share/iso-codes/json/iso_3166-1.json";
	L->file = path;
	L->line = 0;
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		return S_problem(L, DN_EIO, "cannot read %s: %s (install iso-codes)", path, je.text);
	json_t *list = json_object_get(root, "3166-1");
	size_t i;
	json_t *c;
	int rc = 0;
	json_array_foreach(list, i, c) {
		const char *a3 = json_string_value(json_object_get(c, "alpha_3"));
		if (!a3 || strlen(a3) != 3)
			continue;
		static const char *keys[] = {"name", "common_name", "official_name"};
		for (size_t k = 0; k < DN_ARRAY_LEN(keys) && rc == 0; k++) {
			const char *nm = json_string_value(json_object_get(c, keys[k]));
			if (!nm || strchr(nm, ',') || strchr(nm, '('))
				continue;
			dn_actor a = {0};
			a.kind = DN_AK_NAME;
			memcpy(a.country, a3, 4);
			a.name = S_strdup(L->d, nm);
			rc = S_add_actor(L, nm, strlen(nm), &a);
		}
	}
	json_decref(root);
	return rc;
}

/* Verb/noun pattern index by head lemma. */
static int S_cmp_pat(const void *a, const void *b)
{
	const dn_pattern *x = a, *y = b;
	if (x->noun != y->noun)
		return x->noun - y->noun;
	if (x->head != y->head)
		return x->head < y->head ? -1 : 1;
	/* longer patterns first, so the most specific wins */
	if (x->nwords != y->nwords)
		return y->nwords - x->nwords;
	return strcmp(x->text, y->text);
}

static int S_index_patterns(dn_dict *d)
{
	qsort(d->pats, d->npats, sizeof(*d->pats), S_cmp_pat);
	size_t n = d->vcap;
	d->pat_first = calloc(n, sizeof(*d->pat_first));
	d->npat_first = calloc(n, sizeof(*d->npat_first));
	d->pat_count = calloc(n, sizeof(*d->pat_count));
	d->npat_count = calloc(n, sizeof(*d->npat_count));
	d->pat_keys = calloc(d->npats ? d->npats : 1, sizeof(*d->pat_keys));
	if (!d->pat_first || !d->npat_first || !d->pat_count || !d->npat_count || !d->pat_keys)
		return -1;
	for (size_t i = 0; i < d->npats; i++) {
		const dn_pattern *p = &d->pats[i];
		d->pat_keys[i] = !p->nwords ? UINT64_MAX
					    : dn_pat_bit(p->words[0] ? p->words[0] : p->words[1]);
		uint32_t h = d->pats[i].head;
		uint32_t *first = d->pats[i].noun ? d->npat_first : d->pat_first;
		uint16_t *count = d->pats[i].noun ? d->npat_count : d->pat_count;
		if (!first[h])
			first[h] = (uint32_t)i + 1;
		if (count[h] < UINT16_MAX)
			count[h]++;
	}
	return 0;
}

/* What a token of each word gets (see dn_dict_annotate); the vocabulary,
 * lemma_of and cls_of must be complete. */
static int S_word_info(dn_dict *d)
{
	d->winfo = calloc(d->vocab.n + 1, sizeof(*d->winfo));
	if (!d->winfo)
		return -1;
	for (uint32_t w = 1; w <= d->vocab.n; w++) {
		dn_wordinfo *wi = &d->winfo[w];
		uint32_t other = d->lemma_of[w] ? d->lemma_of[w] : w;
		uint32_t lemma = d->lemma_of[w] ? d->lemma_of[w] :
			dn_morph_lemma(d, d->vocab.str[w], d->vocab.len[w], w);
		wi->lemma = lemma;
		wi->cls = d->cls_of[w] | d->cls_of[lemma];
		wi->lemma_other = other;
		wi->cls_other = d->cls_of[w] | d->cls_of[other];
	}
	return 0;
}

static const char *S_word_ids[] = {
	"by", "of", "to", "with", "in", "on", "against", "and", "that", "'s",
	"said", "according", "its", "their", "his", "her", "as", "for", "at",
	"near", "from", "between", "which", "who"};

static int S_common_words(dn_dict *d)
{
	uint32_t *dst[] = {&d->w_by, &d->w_of, &d->w_to, &d->w_with, &d->w_in,
			   &d->w_on, &d->w_against, &d->w_and, &d->w_that, &d->w_s,
			   &d->w_said, &d->w_according, &d->w_its, &d->w_their,
			   &d->w_his, &d->w_her, &d->w_as, &d->w_for, &d->w_at,
			   &d->w_near, &d->w_from, &d->w_between, &d->w_which,
			   &d->w_who};
	for (size_t i = 0; i < DN_ARRAY_LEN(S_word_ids); i++) {
		*dst[i] = S_intern(d, S_word_ids[i], strlen(S_word_ids[i]));
		if (!*dst[i])
			return -1;
	}
	/* grammar the coder tests per token, as class bits */
	static const struct { const char *w; uint32_t bit; } gram[] = {
		{"while", DN_C_SUB}, {"although", DN_C_SUB}, {"though", DN_C_SUB},
		{"because", DN_C_SUB}, {"after", DN_C_SUB}, {"before", DN_C_SUB},
		{"when", DN_C_SUB}, {"whereas", DN_C_SUB}, {"if", DN_C_SUB},
		{"unless", DN_C_SUB}, {"despite", DN_C_SUB}, {"amid", DN_C_SUB},
		{"until", DN_C_SUB}, {"once", DN_C_SUB}, {"claims", DN_C_CLAIMN},
		{"allegations", DN_C_CLAIMN}, {"reports", DN_C_CLAIMN},
		{"rumours", DN_C_CLAIMN}, {"rumors", DN_C_CLAIMN}};
	for (size_t i = 0; i < DN_ARRAY_LEN(gram); i++) {
		uint32_t w = S_intern(d, gram[i].w, strlen(gram[i].w));
		if (!w)
			return -1;
		d->cls_of[w] |= gram[i].bit;
	}
	static const char *be[] = {"be", "is", "are", "was", "were", "been", "being", "am"};
	for (size_t i = 0; i < DN_ARRAY_LEN(be); i++) {
		uint32_t w = S_intern(d, be[i], strlen(be[i]));
		if (!w)
			return -1;
		d->cls_of[w] |= DN_C_BE | DN_C_AUX;
	}
	return 0;
}

/* The ids of the words the coder tests by spelling (dict.h). */
static void S_lookup_words(dn_dict *d)
{
	static const char *words[] = {
		"but", "must", "should", "ought", "will", "shall", "ll", "would",
		"may", "might", "could", "got", "get", "also", "yet", "still",
		"already", "not", "never", "despite", "the", "this", "these",
		"those", "he", "she"};
	uint32_t *dst[] = {&d->w_but, &d->w_must, &d->w_should, &d->w_ought,
			   &d->w_will, &d->w_shall, &d->w_ll, &d->w_would,
			   &d->w_may, &d->w_might, &d->w_could, &d->w_got,
			   &d->w_get, &d->w_also, &d->w_yet, &d->w_still,
			   &d->w_already, &d->w_not, &d->w_never, &d->w_despite,
			   &d->w_the, &d->w_this, &d->w_these, &d->w_those,
			   &d->w_he, &d->w_she};
	_Static_assert(DN_ARRAY_LEN(words) == DN_ARRAY_LEN(dst), "one id per word");
	for (size_t i = 0; i < DN_ARRAY_LEN(words); i++)
		*dst[i] = dn_dict_word(d, words[i], strlen(words[i]));
}

static int S_load_all(S_load *L, const char *dir)
{
	dn_dict *d = L->d;
	if (S_common_words(d) < 0)
		return S_problem(L, DN_ENOMEM, "out of memory");
	char mpath[4096];
	snprintf(mpath, sizeof mpath, "%s/manifest.txt", dir);
	FILE *m = fopen(mpath, "r");
	L->file = "manifest.txt";
	if (!m)
		return S_problem(L, DN_EIO, "cannot open %s: %s", mpath, strerror(errno));
	static const struct { const char *kind; S_row_fn fn; } kinds[] = {
		{"lexicon", S_row_lexicon}, {"countries", S_row_countries},
		{"actors", S_row_actors}, {"agents", S_row_agents},
		{"people", S_row_people}, {"verbs", S_row_verbs},
		{"nouns", S_row_nouns}};
	char line[1024];
	long mline = 0;
	int rc = 0;
	while (fgets(line, sizeof line, m) && (rc == 0 || L->report)) {
		mline++;
		char *f[4];
		int n = S_fields(line, f, 4);
		if (n == 0)
			continue;
		L->file = "manifest.txt";
		L->line = mline;
		if (n != 2) {
			rc = S_problem(L, DN_EFORMAT, "expected FILE | KIND");
			continue;
		}
		if (strcmp(f[1], "places") == 0)
			continue; /* read by the gazetteer */
		S_row_fn fn = NULL;
		for (size_t i = 0; i < DN_ARRAY_LEN(kinds); i++)
			if (strcmp(f[1], kinds[i].kind) == 0)
				fn = kinds[i].fn;
		if (!fn) {
			rc = S_problem(L, DN_EFORMAT, "unknown kind '%s'", f[1]);
			continue;
		}
		char name[512];
		snprintf(name, sizeof name, "%s", f[0]);
		rc = S_load_file(L, dir, name, fn);
	}
	fclose(m);
	if (rc < 0 && !L->report)
		return -1;
	if (S_load_iso(L) < 0)
		return -1;
	if (dn_morph_load(d, L->report ? NULL : L->err) < 0)
		return S_problem(L, DN_EIO, "cannot read WordNet's exception lists");
	if (S_finish_trie(L) < 0 || S_index_patterns(d) < 0 || S_word_info(d) < 0)
		return S_problem(L, DN_ENOMEM, "out of memory");
	return 0;
}

static void S_init(S_load *L, dn_dict *d)
{
	memset(L, 0, sizeof(*L));
	L->d = d;
	dn_toks_init(&L->toks);
	dn_strtab_init(&d->vocab);
	dn_arena_init(&d->pool);
	S_vgrow(d);
	d->nnodes = 1;
	d->capnodes = 8192;
	d->nodes = calloc(d->capnodes, sizeof(*d->nodes));
}

static void S_done(S_load *L)
{
	dn_toks_clear(&L->toks);
	free(L->pairs);
}

dn_dict *dn_dict_new(const char *datadir, dn_error *err)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dn_dict *d = calloc(1, sizeof(*d));
	dn_error scratch;
	if (!err)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	if (!d) {
		err->code = DN_ENOMEM;
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return NULL;
	}
	S_load L;
	S_init(&L, d);
	L.err = err;
	if (!d->nodes || S_load_all(&L, datadir) < 0) {
		if (!err->code) {
			err->code = DN_ENOMEM;
			snprintf(err->msg, sizeof err->msg, "out of memory");
		}
		S_done(&L);
		dn_dict_free(d);
		return NULL;
	}
	S_done(&L);
	S_lookup_words(d);
	d->gaz = dn_gaz_new(datadir, DN_GEN_DIR, err);
	if (!d->gaz) {
		dn_dict_free(d);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	d->load_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	return d;
}

double dn_dict_load_ms(const dn_dict *d)
{
	return d ? d->load_ms : 0;
}

void dn_dict_free(dn_dict *d)
{
	if (!d)
		return;
	dn_gaz_free(d->gaz);
	dn_strtab_clear(&d->vocab);
	free(d->lemma_of);
	free(d->cls_of);
	free(d->winfo);
	free(d->nodes);
	free(d->ekeys);
	free(d->evals);
	free(d->payload);
	free(d->actors);
	free(d->pats);
	free(d->pat_first);
	free(d->npat_first);
	free(d->pat_count);
	free(d->npat_count);
	free(d->pat_keys);
	dn_arena_clear(&d->pool);
	free(d);
}

int dn_dict_check(const char *datadir, void (*report)(void *, const dn_error *),
		  void *ctx)
{
	dn_dict *d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	S_load L;
	S_init(&L, d);
	L.report = report;
	L.ctx = ctx;
	S_load_all(&L, datadir);
	int problems = L.problems;
	problems += dn_morph_check(d, report, ctx);
	S_done(&L);
	dn_dict_free(d);
	return problems;
}

/* MARK: - Matching */

/* memcmp(a, b, n) == 0 without the call: the strings are words, a few
 * bytes long, and equal whenever their hashes are. */
static inline int S_same(const char *a, const char *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (a[k] != b[k])
			return 0;
	return 1;
}

/* dn_strtab_find_h32(&d->vocab, s, n, h), inline: it runs once per token. */
static inline uint32_t S_vocab_find(const dn_dict *d, const char *s, size_t n,
				    uint32_t h)
{
	const dn_strtab *v = &d->vocab;
	size_t mask = v->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t id = v->slots[i];
		if (!id || ((uint32_t)v->hash[id] == h && v->len[id] == n &&
			    S_same(v->str[id], s, n)))
			return id;
	}
}

void dn_dict_annotate(const dn_dict *d, const dn_toks *t, int first, int last)
{
	for (int i = first; i < last; i++) {
		dn_tok *k = &t->v[i];
		const char *s = dn_tok_norm(t, k);
		uint32_t w = S_vocab_find(d, s, k->nlen, k->hash);
		/* a word (not a number) goes through the morphology */
		int word = (k->flags & (DN_TK_WORD | DN_TK_NUM)) == DN_TK_WORD;
		k->word = w;
		if (w) {
			const dn_wordinfo *wi = &d->winfo[w];
			k->lemma = word ? wi->lemma : wi->lemma_other;
			k->cls = word ? wi->cls : wi->cls_other;
		} else {
			uint32_t lemma = word ? dn_morph_lemma(d, s, k->nlen, 0) : 0;
			k->lemma = lemma;
			k->cls = lemma ? d->cls_of[lemma] : 0;
		}
	}
}

static int S_case_ok(const dn_tok *k, int caps)
{
	if (caps == 2)
		return (k->flags & (DN_TK_ALLCAP | DN_TK_ACRO)) != 0;
	if (caps == 1)
		return (k->flags & (DN_TK_CAP | DN_TK_NUM)) != 0 || !(k->flags & DN_TK_WORD);
	return 1;
}

int dn_dict_match(const dn_dict *d, const dn_toks *t, int i, int last,
		  uint32_t *node_out)
{
	uint32_t node = 0, best = 0;
	int best_len = 0;
	*node_out = 0;
	/* every first word of a phrase carries DN_C_ACTOR (word or lemma) */
	if (i >= last || !(t->v[i].cls & DN_C_ACTOR))
		return 0;
	for (int j = i; j < last; j++) {
		const dn_tok *k = &t->v[j];
		uint32_t c = S_edge(d, node, k->word);
		if (!c && k->lemma != k->word)
			c = S_edge(d, node, k->lemma);
		if (!c)
			break;
		node = c;
		const dn_trie_node *n = &d->nodes[node];
		if (n->count) {
			/* the case rule of the node's first entry decides; it
			 * binds the phrase's first word only */
			int ok = !(t->v[i].flags & DN_TK_WORD) || S_case_ok(&t->v[i], n->caps);
			if (n->caps == 1 && !(t->v[i].flags & (DN_TK_CAP | DN_TK_ALLCAP)))
				ok = 0;
			if (n->caps == 2 && !S_case_ok(&t->v[i], 2))
				ok = 0;
			if (ok) {
				best = node;
				best_len = j - i + 1;
			}
		}
	}
	*node_out = best;
	return best_len;
}

const dn_actor *dn_dict_pick(const dn_dict *d, uint32_t node, int32_t date,
			     int require_bare)
{
	const dn_trie_node *n = &d->nodes[node];
	/* an entry that is not a person wins over every person */
	if (n->plain)
		return &d->actors[n->plain - 1];
	/* all persons: the one whose term is nearest the date */
	const dn_actor *best = NULL;
	int32_t best_gap = INT32_MAX;
	for (uint32_t i = 0; i < n->count; i++) {
		const dn_actor *a = &d->actors[d->payload[n->first + i]];
		if (require_bare && !a->bare)
			continue;
		int32_t gap = 0;
		if (date && date < a->from)
			gap = a->from - date;
		else if (date && date > a->to)
			gap = date - a->to;
		if (!best || gap < best_gap) {
			best = a;
			best_gap = gap;
		}
	}
	return best;
}
