/*
 * emit.c — event records and the debug view as JSON Lines.
 *
 * Records are written with yajl's streaming generator straight into the
 * coder's output buffer: no tree, no allocation per value. (A jansson tree
 * per record cost about 130,000 instructions, five times the rest of the
 * pipeline per event; see bench/json_writers.c.)
 *
 * Texts come from the cleaned buffer (valid UTF-8, same offsets as the
 * original) and dictionary strings are checked when loaded, so yajl's own
 * UTF-8 pass is off; the document id, which comes from outside, is cleaned
 * once per document. The output is valid JSON whatever the input bytes were.
 */
#include <math.h>
#include <stdlib.h>
#include <yajl/yajl_gen.h>

#include "code/coder_int.h"
#include "emit.h"

/* MARK: - Values */

#define S_KEY(g, lit) yajl_gen_string((g), (const unsigned char *)(lit), sizeof(lit) - 1)

static void S_strn(yajl_gen g, const char *s, size_t n)
{
	yajl_gen_string(g, (const unsigned char *)s, n);
}

/* A string, or null when s is NULL. */
static void S_str(yajl_gen g, const char *s)
{
	if (s)
		S_strn(g, s, strlen(s));
	else
		yajl_gen_null(g);
}

static void S_text(yajl_gen g, const dn_coder *c, uint32_t a, uint32_t b)
{
	S_strn(g, c->clean + a, b - a);
}

/* Writes v's decimal digits ending at end; returns where they start. */
static char *S_digits(char *end, unsigned long long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

static void S_int(yajl_gen g, long long v)
{
	char buf[24];
	char *end = buf + sizeof buf;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char *p = S_digits(end, u);
	if (v < 0)
		*--p = '-';
	yajl_gen_number(g, p, (size_t)(end - p));
}

/* A coordinate in degrees to five decimals (about a metre), trailing
 * zeros dropped: 48.023, 37.80224, 36.0. null when not known. */
static void S_coord(yajl_gen g, double v)
{
	if (!(v >= -1000.0 && v <= 1000.0)) { /* NaN too */
		yajl_gen_null(g);
		return;
	}
	long long k = llround(fabs(v) * 100000.0);
	int frac = (int)(k % 100000), nf = 5;
	while (nf > 1 && frac % 10 == 0) {
		frac /= 10;
		nf--;
	}
	char buf[32];
	char *end = buf + sizeof buf;
	char *p = end;
	for (int i = 0; i < nf; i++, frac /= 10)
		*--p = (char)('0' + frac % 10);
	*--p = '.';
	p = S_digits(p, (unsigned long long)(k / 100000));
	if (v < 0 && k)
		*--p = '-';
	yajl_gen_number(g, p, (size_t)(end - p));
}

static void S_span(yajl_gen g, uint32_t a, uint32_t b)
{
	yajl_gen_array_open(g);
	S_int(g, a);
	S_int(g, b);
	yajl_gen_array_close(g);
}

/* MARK: - Parts of a record */

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

static void S_entity(yajl_gen g, const dn_coder *c, const dn_ent *e, int ci)
{
	uint32_t a, b;
	S_ent_span(c, e, &a, &b);
	yajl_gen_map_open(g);
	S_KEY(g, "text");
	S_text(g, c, a, b);
	S_KEY(g, "country");
	S_str(g, ci < e->ncountry ? e->country[ci] : NULL);
	S_KEY(g, "sector");
	S_str(g, e->sector ? dn_sector_names[e->sector] : NULL);
	if (e->name) {
		S_KEY(g, "name");
		S_str(g, e->name);
	}
	yajl_gen_map_close(g);
}

/* One entity per country: a compound "Russia and Iran" is two. */
static void S_entities(yajl_gen g, const dn_coder *c, const dn_ent *v, int n)
{
	yajl_gen_array_open(g);
	for (int i = 0; i < n; i++) {
		int nc = v[i].ncountry ? v[i].ncountry : 1;
		for (int k = 0; k < nc; k++)
			S_entity(g, c, &v[i], k);
	}
	yajl_gen_array_close(g);
}

static void S_names(yajl_gen g, const char *const *names)
{
	yajl_gen_array_open(g);
	for (int i = 0; names && i < DN_PAT_NAMES && names[i]; i++)
		S_str(g, names[i]);
	yajl_gen_array_close(g);
}

static void S_count(yajl_gen g, const dn_coder *c, const dn_count *k)
{
	if (!k->set) {
		yajl_gen_null(g);
		return;
	}
	yajl_gen_map_open(g);
	S_KEY(g, "min");
	S_int(g, k->min);
	S_KEY(g, "max");
	if (k->max < 0)
		yajl_gen_null(g);
	else
		S_int(g, k->max);
	S_KEY(g, "text");
	S_text(g, c, k->start, k->end);
	yajl_gen_map_close(g);
}

static void S_location(yajl_gen g, const dn_coder *c, const dn_event *ev)
{
	if (!ev->has_loc) {
		yajl_gen_null(g);
		return;
	}
	const dn_place *p = &ev->loc.place;
	yajl_gen_map_open(g);
	S_KEY(g, "text");
	S_text(g, c, ev->loc.start, ev->loc.end);
	S_KEY(g, "name");
	S_str(g, p->name);
	S_KEY(g, "country");
	S_str(g, p->country[0] ? p->country : NULL);
	S_KEY(g, "province");
	S_str(g, p->province);
	S_KEY(g, "lat");
	S_coord(g, p->lat);
	S_KEY(g, "lon");
	S_coord(g, p->lon);
	S_KEY(g, "resolution");
	S_int(g, p->resolution);
	yajl_gen_map_close(g);
}

static void S_date(yajl_gen g, const dn_coder *c, const dn_event *ev)
{
	S_KEY(g, "date");
	if (ev->has_when && ev->when.precision != DN_PREC_UNKNOWN) {
		char date[16] = "";
		dn_date_format(&ev->when.date, ev->when.precision, date);
		S_str(g, date);
		S_KEY(g, "date_precision");
		S_str(g, ev->when.precision == DN_PREC_DAY ? "day" :
			 ev->when.precision == DN_PREC_MONTH ? "month" : "year");
		S_KEY(g, "date_text");
		S_text(g, c, ev->when.start, ev->when.end);
	} else if (c->have_pub) {
		S_str(g, c->pubstr);
		S_KEY(g, "date_precision");
		S_str(g, "day");
		S_KEY(g, "date_text");
		yajl_gen_null(g);
	} else {
		yajl_gen_null(g);
		S_KEY(g, "date_precision");
		S_str(g, "unknown");
		S_KEY(g, "date_text");
		yajl_gen_null(g);
	}
}

/* "verb:strike", "noun:talks", "rule:say-must" */
static void S_rule(yajl_gen g, const dn_event *ev)
{
	char rule[128];
	const char *kind = ev->pat ? (ev->noun ? "noun:" : "verb:") : "rule:";
	const char *what = ev->pat ? ev->pat->text : ev->rule ? ev->rule : "?";
	size_t n = strlen(what);
	if (n > 100)
		n = 100;
	memcpy(rule, kind, 5);
	memcpy(rule + 5, what, n);
	S_strn(g, rule, 5 + n);
}

/* MARK: - Writer */

/* yajl hands over most of a record one byte at a time ("{", "\"", ":",
 * ","): those are stored inline, short pieces copied by hand; S_end adds
 * the NUL. */
static void S_print(void *ctx, const char *s, size_t n)
{
	dn_buf *b = ((dn_coder *)ctx)->gen_out;
	size_t len = b->len;
	if (n <= 8 && b->cap - len > 8 && !b->oom) {
		char *d = b->p + len;
		b->len = len + n;
		if (n == 1) {
			*d = *s;
			return;
		}
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
		return;
	}
	dn_buf_add(b, s, n);
}

/* The coder's generator, writing into b. NULL on OOM. (The callback is
 * set once: yajl frees its own buffer when it is set.) */
static yajl_gen S_gen(dn_coder *c, dn_buf *b)
{
	if (!c->gen) {
		c->gen = yajl_gen_alloc(NULL);
		if (!c->gen)
			return NULL;
		yajl_gen_config(c->gen, yajl_gen_print_callback, S_print, (void *)c);
	}
	c->gen_out = b;
	yajl_gen_reset(c->gen, NULL);
	return c->gen;
}

/* Closes the record begun at byte start of b: the newline, the generator
 * ready for the next one. On OOM the partial record is taken back. */
static int S_end(yajl_gen g, dn_buf *b, size_t start)
{
	yajl_gen_reset(g, NULL);
	dn_buf_addc(b, '\n');
	if (b->oom) {
		if (b->p && start <= b->len) {
			b->len = start;
			b->p[start] = 0;
		}
		return -1;
	}
	return 0;
}

void dn_emit_free(dn_coder *c)
{
	if (c->gen)
		yajl_gen_free(c->gen);
	c->gen = NULL;
}

/* The document id as valid UTF-8: ids from file names may hold any bytes. */
static const char *S_doc_id(dn_coder *c, size_t *n)
{
	const char *id = c->doc && c->doc->id ? c->doc->id : "";
	*n = strlen(id);
	if (dn_utf8_invalid(id, *n) == *n)
		return id;
	char *s = dn_arena_alloc(&c->arena, *n + 1);
	if (!s)
		return NULL;
	size_t nbad, nnul;
	dn_text_decode(id, *n, s, &nbad, &nnul);
	return s;
}

/* MARK: - Events */

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

static void S_event(yajl_gen g, const dn_coder *c, const dn_event *ev, const char *id,
		    size_t idn, int n)
{
	yajl_gen_map_open(g);
	/* "<doc>#<n>" */
	char eid[1200];
	size_t k = idn > 1100 ? 1100 : idn;
	memcpy(eid, id, k);
	eid[k] = '#';
	char *end = eid + sizeof eid, *p = S_digits(end, (unsigned)n);
	memmove(eid + k + 1, p, (size_t)(end - p));
	S_KEY(g, "id");
	S_strn(g, eid, k + 1 + (size_t)(end - p));
	S_KEY(g, "doc");
	S_strn(g, id, idn);
	S_KEY(g, "sentence");
	S_int(g, ev->sent);
	S_KEY(g, "span");
	S_span(g, ev->sstart, ev->send);
	S_KEY(g, "text");
	S_text(g, c, ev->sstart, ev->send);
	S_KEY(g, "event");
	S_str(g, dn_event_names[ev->event]);
	S_KEY(g, "mode");
	S_names(g, ev->pat ? ev->pat->mode : NULL);
	S_KEY(g, "context");
	S_names(g, ev->pat ? ev->pat->context : NULL);
	S_KEY(g, "cameo");
	S_str(g, ev->pat ? ev->pat->cameo : "10");
	S_KEY(g, "actor");
	S_entities(g, c, ev->actor, ev->nactor);
	S_KEY(g, "recipient");
	S_entities(g, c, ev->recip, ev->nrecip);
	S_date(g, c, ev);
	S_KEY(g, "location");
	S_location(g, c, ev);
	S_KEY(g, "dead");
	S_count(g, c, &ev->dead);
	S_KEY(g, "injured");
	S_count(g, c, &ev->injured);
	S_KEY(g, "modality");
	S_str(g, dn_modality_names[ev->modality]);
	S_KEY(g, "attribution");
	if (ev->has_attrib)
		S_entity(g, c, &ev->attrib, 0);
	else
		yajl_gen_null(g);
	S_KEY(g, "trigger");
	yajl_gen_map_open(g);
	uint32_t ta = c->toks.v[ev->ta].start, tb = c->toks.v[ev->tb - 1].end;
	S_KEY(g, "text");
	S_text(g, c, ta, tb);
	S_KEY(g, "span");
	S_span(g, ta, tb);
	yajl_gen_map_close(g);
	S_KEY(g, "rule");
	S_rule(g, ev);
	yajl_gen_map_close(g);
}

int dn_emit_events(dn_coder *c)
{
	size_t idn;
	const char *id = S_doc_id(c, &idn);
	yajl_gen g = id ? S_gen(c, &c->out) : NULL;
	if (!g)
		return -1;
	int n = 0;
	for (int i = 0; i < c->nev; i++) {
		dn_event *ev = &c->ev[i];
		if (ev->dropped)
			continue;
		S_fill(c, ev);
		size_t start = c->out.len;
		S_event(g, c, ev, id, idn, n++);
		if (S_end(g, &c->out, start) < 0)
			return -1;
		c->stats.events++;
	}
	return 0;
}

/* MARK: - Debug view */

int dn_emit_debug(dn_coder *c, int with_tokens)
{
	dn_buf *b = &c->dbg;
	dn_buf_reset(b);
	size_t idn;
	const char *id = S_doc_id(c, &idn);
	yajl_gen g = id ? S_gen(c, b) : NULL;
	if (!g)
		return -1;
	/* the publication date used, and where it came from */
	yajl_gen_map_open(g);
	S_KEY(g, "doc");
	S_strn(g, id, idn);
	S_KEY(g, "pubdate");
	S_str(g, c->have_pub ? c->pubstr : NULL);
	S_KEY(g, "evidence");
	S_str(g, c->have_pub ? c->pub_evidence : NULL);
	yajl_gen_map_close(g);
	if (S_end(g, b, 0) < 0)
		return -1;
	for (int r = 0; r < c->layout.nregions; r++) {
		const dn_region *rg = &c->layout.regions[r];
		size_t start = b->len;
		yajl_gen_map_open(g);
		S_KEY(g, "doc");
		S_strn(g, id, idn);
		S_KEY(g, "region");
		S_str(g, dn_region_name(rg->kind));
		S_KEY(g, "span");
		S_span(g, rg->start, rg->end);
		S_KEY(g, "text");
		S_text(g, c, rg->start, rg->end);
		yajl_gen_map_close(g);
		if (S_end(g, b, start) < 0)
			return -1;
	}
	for (int i = 0; i < c->layout.nsents; i++) {
		const dn_sent *st = &c->layout.sents[i];
		size_t start = b->len;
		yajl_gen_map_open(g);
		S_KEY(g, "doc");
		S_strn(g, id, idn);
		S_KEY(g, "sentence");
		S_int(g, i);
		S_KEY(g, "span");
		S_span(g, st->start, st->end);
		if (st->flags & DN_SF_HEADLINE) {
			S_KEY(g, "headline");
			yajl_gen_bool(g, 1);
		}
		S_KEY(g, "text");
		S_text(g, c, st->start, st->end);
		if (with_tokens && c->sent_tok) {
			S_KEY(g, "tokens");
			yajl_gen_array_open(g);
			for (int k = c->sent_tok[i]; k < c->sent_tok[i + 1]; k++) {
				const dn_tok *tk = &c->toks.v[k];
				yajl_gen_array_open(g);
				S_int(g, tk->start);
				S_int(g, tk->end);
				S_strn(g, dn_tok_norm(&c->toks, tk), tk->nlen);
				yajl_gen_array_close(g);
			}
			yajl_gen_array_close(g);
		}
		yajl_gen_map_close(g);
		if (S_end(g, b, start) < 0)
			return -1;
	}
	return 0;
}
