/*
 * coder.c — one document through every stage: decode, layout, tokens,
 * dictionary annotation, events per sentence, then the JSON output.
 */
#include <stdio.h>
#include <stdlib.h>

#include "coder_int.h"
#include "emit/emit.h"

dn_coder *dn_coder_new(const dn_dict *dict)
{
	if (!dict)
		return NULL;
	dn_coder *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->dict = dict;
	dn_arena_init(&c->arena);
	dn_toks_init(&c->toks);
	dn_buf_init(&c->out);
	dn_buf_init(&c->dbg);
	c->geo = dn_geo_scan_new();
	if (!c->geo) {
		dn_coder_free(c);
		return NULL;
	}
	return c;
}

void dn_coder_free(dn_coder *c)
{
	if (!c)
		return;
	free(c->clean);
	free(c->ev);
	dn_arena_clear(&c->arena);
	dn_toks_clear(&c->toks);
	dn_buf_clear(&c->out);
	dn_buf_clear(&c->dbg);
	dn_emit_free(c);
	dn_geo_scan_free(c->geo);
	free(c);
}

/* MARK: - Focus country */

void dn_focus_add(dn_coder *c, const char *country, int weight)
{
	if (!country || !country[0])
		return;
	/* pseudo-countries are not places */
	for (int i = 0; i < c->nfocus; i++) {
		if (memcmp(c->focus_code[i], country, 4) == 0) {
			c->focus_count[i] += weight;
			return;
		}
	}
	if (c->nfocus < 64) {
		memcpy(c->focus_code[c->nfocus], country, 4);
		c->focus_count[c->nfocus++] = weight;
	}
}

const char *dn_focus_get(const dn_coder *c)
{
	int best = -1;
	for (int i = 0; i < c->nfocus; i++)
		if (best < 0 || c->focus_count[i] > c->focus_count[best])
			best = i;
	return best >= 0 ? c->focus_code[best] : NULL;
}

/* MARK: - Publication date */

static void S_set_pub(dn_coder *c, const dn_date *d, const char *evidence)
{
	c->pub = *d;
	c->have_pub = 1;
	c->pub_evidence = evidence;
	dn_date_format(d, DN_PREC_DAY, c->pubstr);
	c->pubnum = d->y * 10000 + d->m * 100 + d->d;
}

/* From the input, else the dateline and stamps, else embedded posts, else
 * the latest date of a reference list. */
static void S_pubdate(dn_coder *c, const dn_doc *doc)
{
	c->have_pub = 0;
	c->pubnum = 0;
	c->pub_evidence = NULL;
	c->pubstr[0] = 0;
	dn_date d;
	int prec;
	if (doc->date && dn_date_parse(doc->date, strlen(doc->date), &d, &prec) &&
	    prec == DN_PREC_DAY) {
		S_set_pub(c, &d, "input");
		return;
	}
	dn_when w[256];
	int n = dn_dates_scan(c->clean, doc->len, w, 256);
	if (n <= 0)
		return;
	const dn_layout *l = &c->layout;
	static const struct { int kind; const char *evidence; } order[] = {
		{DN_RG_DATELINE, "dateline"}, {DN_RG_BYLINE, "stamp"},
		{DN_RG_EMBED, "embedded"}, {DN_RG_SOURCES, "references"},
		{DN_RG_RELATED, "references"}};
	for (size_t o = 0; o < DN_ARRAY_LEN(order); o++) {
		int best = -1;
		for (int r = 0; r < l->nregions; r++) {
			if (l->regions[r].kind != order[o].kind)
				continue;
			uint32_t a = l->regions[r].start, b = l->regions[r].end;
			if (order[o].kind == DN_RG_DATELINE) /* "DAMASCUS, May 3 (Reuters) -" */
				b = DN_MIN((uint32_t)doc->len, b + 40);
			int k = dn_dates_latest(w, n, a, b);
			if (k >= 0 && (best < 0 || dn_date_days(&w[k].date) > dn_date_days(&w[best].date)))
				best = k;
		}
		if (best >= 0) {
			S_set_pub(c, &w[best].date, order[o].evidence);
			return;
		}
	}
	/* an "Updated:" / "Published:" stamp anywhere in the first lines */
	for (int k = 0; k < n; k++) {
		if (w[k].precision != DN_PREC_DAY || w[k].start > 400)
			continue;
		uint32_t from = w[k].start > 40 ? w[k].start - 40 : 0;
		for (uint32_t p = from; p + 7 < w[k].start; p++)
			if (strncasecmp(c->clean + p, "updated", 7) == 0 ||
			    strncasecmp(c->clean + p, "published", 9) == 0 ||
			    strncasecmp(c->clean + p, "posted", 6) == 0) {
				S_set_pub(c, &w[k].date, "stamp");
				return;
			}
	}
}

/* MARK: - Coding */

static dn_code S_fail(dn_error *err, dn_code code, const dn_doc *doc, const char *msg)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		err->code = code;
		snprintf(err->file, sizeof err->file, "%.250s", doc && doc->id ? doc->id : "");
		snprintf(err->msg, sizeof err->msg, "%s", msg);
	}
	return code;
}

dn_code dn_coder_code(dn_coder *c, const dn_doc *doc, dn_error *err)
{
	dn_buf_reset(&c->out);
	memset(&c->stats, 0, sizeof c->stats);
	c->nev = 0;
	c->nfocus = 0;
	c->doc = doc;
	dn_arena_reset(&c->arena);
	dn_toks_reset(&c->toks);
	dn_coref_reset(&c->coref);
	if (!doc || !doc->id || !doc->id[0])
		return S_fail(err, DN_EINPUT, doc, "document without an id");
	if (!doc->text && doc->len)
		return S_fail(err, DN_EINPUT, doc, "document without text");
	if (doc->len > DN_MAX_DOC_BYTES)
		return S_fail(err, DN_ELIMIT, doc, "document larger than the 64 MiB limit");
	size_t k = 0;
	while (k < doc->len && (doc->text[k] == ' ' || doc->text[k] == '\n' ||
				doc->text[k] == '\t' || doc->text[k] == '\r'))
		k++;
	if (k == doc->len)
		return S_fail(err, DN_EINPUT, doc, "empty document");
	if (doc->len + 1 > c->cleancap) {
		size_t cap = doc->len + 1 + doc->len / 4;
		char *p = realloc(c->clean, cap);
		if (!p)
			return S_fail(err, DN_ENOMEM, doc, "out of memory");
		c->clean = p;
		c->cleancap = cap;
	}
	dn_text_decode(doc->text, doc->len, c->clean, &c->stats.bad_bytes, &c->stats.nul_bytes);
	c->clean[doc->len] = 0;
	if (dn_layout_build(c->clean, doc->len, &c->arena, &c->layout) < 0)
		return S_fail(err, DN_ENOMEM, doc, "out of memory");
	for (int r = 0; r < c->layout.nregions; r++)
		if (c->layout.regions[r].kind != DN_RG_DATELINE)
			c->stats.boiler_regions++;
	S_pubdate(c, doc);
	/* a dateline names the story's country */
	if (c->layout.dateline >= 0) {
		const dn_region *r = &c->layout.regions[c->layout.dateline];
		int n0 = c->toks.n;
		if (dn_lex(c->clean, r->start, r->end, 16, &c->toks) > 0) {
			dn_dict_annotate(c->dict, &c->toks, n0, c->toks.n);
			for (int i = n0; i < c->toks.n; i++) {
				uint32_t node;
				if (dn_dict_match(c->dict, &c->toks, i, c->toks.n, &node)) {
					const dn_actor *a = dn_dict_pick(c->dict, node, c->pubnum, 1);
					if (a && (a->kind == DN_AK_NAME || a->kind == DN_AK_CAPITAL)) {
						dn_focus_add(c, a->country, 2);
						break;
					}
				}
			}
		}
		dn_toks_reset(&c->toks);
	}
	int ns = c->layout.nsents;
	c->sent_tok = dn_arena_alloc(&c->arena, (size_t)(ns + 1) * sizeof(int));
	if (!c->sent_tok)
		return S_fail(err, DN_ENOMEM, doc, "out of memory");
	c->quote_open = 0;
	c->quote_para = 0;
	c->para_loc_para = -1;
	c->geo_sent = -1; /* sentence indexes start again: nothing is prepared */
	for (int si = 0; si < ns; si++) {
		const dn_sent *s = &c->layout.sents[si];
		int first = c->toks.n;
		if (s->para != c->quote_para) {
			c->quote_open = 0; /* quotations do not run across paragraphs */
			c->quote_para = s->para;
		}
		c->sent_tok[si] = first;
		if (dn_lex(c->clean, s->start, s->end, DN_MAX_SENT_TOKENS, &c->toks) < 0)
			return S_fail(err, DN_ENOMEM, doc, "out of memory");
		dn_dict_annotate(c->dict, &c->toks, first, c->toks.n);
		if (dn_events_sentence(c, si, first, c->toks.n) < 0)
			return S_fail(err, DN_ENOMEM, doc, "out of memory");
		if (!(s->flags & DN_SF_HEADLINE))
			c->stats.sentences++;
	}
	c->sent_tok[ns] = c->toks.n;
	if (dn_emit_events(c) < 0)
		return S_fail(err, DN_ENOMEM, doc, "out of memory");
	return DN_OK;
}

const char *dn_coder_output(const dn_coder *c, size_t *len)
{
	if (len)
		*len = c->out.len;
	return c->out.p ? c->out.p : "";
}

const dn_doc_stats *dn_coder_stats(const dn_coder *c)
{
	return &c->stats;
}

const char *dn_coder_pubdate(const dn_coder *c, const char **evidence)
{
	if (evidence)
		*evidence = c->have_pub ? c->pub_evidence : NULL;
	return c->have_pub ? c->pubstr : NULL;
}

const char *dn_coder_debug(dn_coder *c, int with_tokens, size_t *len)
{
	dn_emit_debug(c, with_tokens);
	if (len)
		*len = c->dbg.len;
	return c->dbg.p ? c->dbg.p : "";
}
